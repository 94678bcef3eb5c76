-- Province scale (issue 13): a pension's paid-through month moves every month, and rewriting the wide pension
-- row for it (about 5 KB with its jsonb award explanation) cost 5.4 MB of WAL per 1,000 pensions a payroll.
-- The month now lives in a narrow row of its own, one per pension, created with the pension (trigger below).
-- It is also the row a payroll chunk locks and the row its payment lines reference, so a month's payroll never
-- writes (nor locks) the wide pension row. Null: nothing paid yet (the first payroll pays from the start month).
create table pension_paid_through (
  county_code char(6) not null,
  pension_id bigint not null,
  paid_through char(7) check (paid_through ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  primary key (county_code, pension_id),
  foreign key (county_code, pension_id) references pension (county_code, id)
) with (fillfactor = 50); -- room on each page for next month's version (a HOT update, no index entry)

insert into pension_paid_through (county_code, pension_id, paid_through)
select county_code, id, paid_through from pension;

-- Every pension gets its narrow row in the statement that inserts it (one insert per statement, not per row).
create function pension_paid_through_rows() returns trigger language plpgsql as $$
begin
  insert into pension_paid_through (county_code, pension_id) select county_code, id from inserted;
  return null;
end
$$;
create trigger pension_paid_through_rows after insert on pension
  referencing new table as inserted
  for each statement execute function pension_paid_through_rows();

-- Payment lines reference the narrow row (same key): the foreign-key check of a new line locks it, not the wide row.
alter table pension_payment drop constraint pension_payment_county_code_pension_id_fkey;
alter table pension_payment add constraint pension_payment_county_code_pension_id_fkey
  foreign key (county_code, pension_id) references pension_paid_through (county_code, pension_id);

alter table pension drop column paid_through;
