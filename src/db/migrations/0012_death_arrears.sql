-- A death settles what was due but not paid (DOMAIN.md §5: the pension is payable up to and including the month
-- of death): months up to the death that no payment covers — e.g. a withdrawn line of arrears spanning the
-- death — are paid to the heirs with the settlement, the account pension of those months drawn from the account.
alter table death_settlement add column arrears_months integer not null default 0 check (arrears_months >= 0);
alter table death_settlement add column arrears_to_heirs bigint not null default 0 check (arrears_to_heirs >= 0);
