-- Two resident pensions in two counties (重复领取, DOMAIN.md §5): the check looks a person up by ID number across
-- the counties of the database (a province), so resident needs an index on the number alone.
create index resident_id_number on resident (id_number);
