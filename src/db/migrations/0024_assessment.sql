-- The yearly assessment of townships and rewards to villages (年度考核与奖励, DOMAIN.md §9, issue 12 part 3): one
-- computed assessment per county and year, scored by the county's dated rule `performanceAssessment` from the
-- figures at the rule's cut-off day. Computed (and recomputed) while a draft; approved by the county director,
-- after which it is frozen: the scores, the rule and its source as they were approved.
create table assessment (
  county_code char(6) not null,
  year integer not null check (year between 2000 and 2100),
  status text not null default 'draft' check (status in ('draft', 'approved')),
  -- The day everything was measured at (the rule's cut-off in the year).
  cut_off date not null,
  -- The rule applied: its value, the day it holds from and its source (the citation as shown).
  rule jsonb not null,
  -- Ranked rows with each score's working (rules/assessment.ts: TownshipScore[], VillageScore[]).
  townships jsonb not null,
  villages jsonb not null,
  -- Sums kept beside the rows: rewards to villages (fen) and townships / villages counted.
  village_rewards bigint not null check (village_rewards >= 0),
  computed_by bigint not null references staff_user (id),
  computed_at timestamptz not null default now(),
  approved_by bigint references staff_user (id),
  approved_at timestamptz,
  primary key (county_code, year),
  check ((status = 'approved') = (approved_by is not null and approved_at is not null))
);

-- An approved assessment is frozen: no statement may change or remove it.
create function assessment_frozen() returns trigger language plpgsql as $$
begin
  if old.status = 'approved' then
    raise exception 'assessment % of % is approved and frozen', old.year, old.county_code using errcode = '42501';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end;
$$;
create trigger assessment_frozen before update or delete on assessment for each row execute function assessment_frozen();
