-- Lists fast at a million residents (issue 13 part 3).
-- Name search by trigrams: `name like '%…%'` with 3 or more characters is answered by these GIN indexes
-- (pg_trgm ships with PostgreSQL's contrib and with PGlite, loaded in src/db/connection.ts).
create extension if not exists pg_trgm;
create index resident_name_trgm on resident using gin (name gin_trgm_ops);
create index enrolment_application_name_trgm on enrolment_application using gin (name gin_trgm_ops);
-- The residents list and export order by village, household, person: a page is read off this index.
create index resident_order on resident (village_code, household_id, id);
