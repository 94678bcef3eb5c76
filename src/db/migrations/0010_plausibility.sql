-- Plausibility (issue 7 part 6): a birth before 1900 or an age over 120 on the day of the application is
-- accepted only when the person submitting confirms it after checking the ID document; the application and
-- the resident record it creates or updates carry the flag, so later steps and audits see it was confirmed.
alter table enrolment_application add column age_confirmed boolean not null default false;
alter table resident add column age_confirmed boolean not null default false;
