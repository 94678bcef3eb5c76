-- Cheaper ledger writes (issue 13, the yearly interest at scale): every person entry paid, besides its row and
-- two indexes, an index nothing reads and three foreign-key checks run one row at a time (one query each: about
-- two thirds of an entry's cost, bench/RESULTS.md "Yearly interest against bare SQL"). Only the ledger module
-- writes account_entry, and always with a journal it has just written in the same statement; what the keys
-- checked, `verify ledger` now checks over the whole table in one pass (entry-references), and the database
-- still refuses an account for a person who does not exist: the key moves to the balance table, which every
-- posting keeps and whose key columns never change (an upsert of an existing balance checks nothing).
drop index account_entry_journal;
alter table account_entry drop constraint account_entry_journal;
alter table account_entry drop constraint account_entry_county_code_contribution_id_fkey;
alter table account_entry drop constraint account_entry_county_code_resident_id_fkey;
alter table account_balance add constraint account_balance_resident foreign key (county_code, resident_id) references resident (county_code, id);
-- A journal is written once and never removed, like its entries (nothing left pointing at a missing journal).
create trigger ledger_journal_no_delete before update or delete on ledger_journal
  for each row execute function account_entry_append_only();
create trigger ledger_journal_no_truncate before truncate on ledger_journal
  for each statement execute function account_entry_append_only();
-- The interest job's resume marks: the job id is written by the job itself (a key check per account for nothing).
alter table interest_posting drop constraint interest_posting_job_id_fkey;
-- A person's entries by day: the interest job reads each chunk's entries since the period began, and the account
-- statement lists them by day, from the index alone (before, every entry of the person's history was fetched
-- from the table and all but the year's thrown away).
drop index account_entry_resident;
create index account_entry_resident on account_entry (county_code, resident_id, posted_on, id);
