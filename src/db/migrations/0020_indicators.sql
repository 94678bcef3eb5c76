-- Management indicators (管理指标), DOMAIN.md §9 and issue 12 parts 1 and 2: the should-enrol population of the
-- hukou statistics per village and year (户籍统计), the targets the county sets per township and village and year
-- (参保任务), and the Friday snapshots of the indicators (每周五进度) that the weekly report compares.

-- Two facts of the registry the should-enrol count computed from it needs (aged 16 and over, not a full-time
-- student, not in the urban employee scheme): left empty where not known.
alter table resident add column student_until date;
alter table resident add column employee_scheme_from date;

-- The hukou statistics of a village for a year, as imported from the public security bureau's figures. A
-- re-import of the same year replaces the year's rows (audited with the file's checksum).
create table hukou_statistic (
  county_code char(6) not null,
  year integer not null check (year between 2000 and 2100),
  village_code char(12) not null references region (code),
  -- 户籍人口: everyone registered in the village.
  population integer not null check (population >= 0),
  -- 应参保人数: aged 16 and over, not a student, not in the employee scheme.
  should_enrol integer not null check (should_enrol >= 0 and should_enrol <= population),
  file_name text not null,
  imported_by bigint not null references staff_user (id),
  imported_at timestamptz not null default now(),
  primary key (county_code, year, village_code),
  check (substr(village_code, 1, 6) = county_code)
);

-- The yearly target (任务) of a township or a village: set by the county for its townships, contracted down
-- to the villages; people enrolled (参保人数) and, where set, money collected (征缴金额, fen).
create table indicator_target (
  county_code char(6) not null,
  year integer not null check (year between 2000 and 2100),
  region_code char(12) not null references region (code),
  level text not null check (level in ('township', 'village')),
  enrolled integer not null check (enrolled >= 0),
  collected bigint check (collected >= 0),
  set_by bigint not null references staff_user (id),
  set_at timestamptz not null default now(),
  primary key (county_code, year, region_code),
  check (substr(region_code, 1, 6) = county_code)
);

-- The indicators of every region of a county as they stood on a Friday (kept by the scheduled job or the CLI).
-- Taking the same Friday again replaces it.
create table indicator_snapshot (
  county_code char(6) not null,
  taken_on date not null,
  region_code char(12) not null references region (code),
  level text not null check (level in ('county', 'township', 'village')),
  should_enrol_hukou integer,
  should_enrol_registry integer not null,
  enrolled integer not null,
  payers integer not null,
  paid_this_year integer not null,
  renewals integer not null,
  renewal_base integer not null,
  pensioners integer not null,
  enrolled_60_plus integer not null,
  collected bigint not null,
  target_enrolled integer,
  target_collected bigint,
  taken_at timestamptz not null default now(),
  primary key (county_code, taken_on, region_code),
  check (substr(region_code, 1, 6) = county_code)
);
create index indicator_snapshot_region on indicator_snapshot (county_code, region_code, taken_on);

-- The indicators read one or two years of a county's premiums (this year's and last year's).
create index contribution_county_year on contribution (county_code, year);
