-- The monthly cycle (月度经办), DOMAIN.md §7 and the 寿光 seed: each month every village hands its month to the
-- township (by the 3rd), each township to the county (by the 5th); the county, finance bureau and bank steps
-- are read from the payroll and the ledger, not stored here. A submission records the day it was made
-- (China date, judged against the deadline), the instant that closes the unit's month (items recorded
-- later belong to the next month) and the counts it handed on. The level above may reopen a submitted
-- month with a reason; the unit then submits again (the first day submitted stays for on time / late).
create table cycle_submission (
  county_code char(6) not null,
  month char(7) not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  unit_code char(12) not null references region (code),
  level text not null check (level in ('village', 'township')),
  status text not null check (status in ('submitted', 'reopened')),
  first_submitted_on date not null,
  submitted_on date not null,
  -- The instant that closes the month: items recorded up to it are this month's.
  closed_at timestamptz,
  submitted_by bigint not null references staff_user (id),
  applications integer not null default 0 check (applications >= 0),
  changes integer not null default 0 check (changes >= 0),
  deaths integer not null default 0 check (deaths >= 0),
  certifications integer not null default 0 check (certifications >= 0),
  -- A township's submission: how many of its villages had submitted, of how many.
  villages_submitted integer,
  villages_total integer,
  reopened_by bigint references staff_user (id),
  reopened_on date,
  reopen_reason text,
  primary key (county_code, month, unit_code),
  check (substr(unit_code, 1, 6) = county_code),
  check ((status = 'submitted') = (closed_at is not null)),
  check ((status = 'reopened') = (reopen_reason is not null))
);
create index cycle_submission_unit on cycle_submission (county_code, unit_code, month);
