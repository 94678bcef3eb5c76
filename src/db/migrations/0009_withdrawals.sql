-- Pensions pay only what the rules allow (issue 7):
-- * A payroll line the bank does not have yet is withdrawn (撤回), not paid, when the person may no longer be
--   paid for its months (death, suspension, the employee pension); its account debits are reversed.
-- * Each account debit of a payroll names its line, so a withdrawal reverses exactly what the line drew and
--   `verify ledger` can prove every line equals its debits.
-- * Ending an enrolment because the person draws the employee/institution pension (重复领取) stops the
--   pension and is settled like a death: the basic pension paid for the overlapping months is recovered,
--   the account refunded less the government subsidies. The settlement table holds both kinds.
alter table pension_payment drop constraint pension_payment_status_check;
alter table pension_payment add constraint pension_payment_status_check check (status in ('pending', 'paid', 'failed', 'withdrawn'));
alter table pension_payment add column withdrawn_reason text;
alter table pension_payment add column withdrawn_on date;
alter table pension_payment add constraint pension_payment_withdrawn check ((status = 'withdrawn') = (withdrawn_reason is not null));
-- 捆绑缴费: basic pension withheld in the line's months because a bound child did not pay (never paid back).
alter table pension_payment add column withheld_basic bigint not null default 0 check (withheld_basic >= 0);
alter table pension_payment add column withheld_reason text;

alter table account_entry add column payment_id bigint;
-- Linking the existing debits to their lines changes no amount: the append-only guard is lifted for this one statement.
alter table account_entry disable trigger account_entry_no_update;
update account_entry a set payment_id = l.id
from pension_payment l
where a.kind = 'pension' and a.amount < 0 and a.county_code = l.county_code and a.resident_id = l.resident_id
  and l.kind = 'regular' and a.posted_on = (l.month || '-01')::date;
alter table account_entry enable trigger account_entry_no_update;
create index account_entry_payment on account_entry (county_code, payment_id) where payment_id is not null;

alter table pension drop constraint pension_stop_reason_check;
alter table pension add constraint pension_stop_reason_check check (stop_reason in ('death', 'dual_benefit', 'other'));

alter table death_settlement add column kind text not null default 'death' check (kind in ('death', 'dual_benefit'));
-- dual_benefit: the month the other pension began (the resident pension stops from it).
alter table death_settlement add column other_benefit_from char(7);
-- Premiums posted after the death, reversed: the individual part is refunded to the heirs.
alter table death_settlement add column refunded_premiums bigint not null default 0 check (refunded_premiums >= 0);
-- The payment lines whose months after the death (or in the overlap) are recovered: [{ paymentId, months, basic, account }].
alter table death_settlement add column overpaid_lines jsonb not null default '[]';

-- Why a pension is suspended: not certified in time (resumed with the suspended months paid back) or
-- imprisonment (服刑: resumed without paying the months inside, the dated parameter imprisonmentBackPay).
alter table pension add column suspension_reason text check (suspension_reason in ('certification', 'imprisonment'));
update pension set suspension_reason = 'certification' where status = 'suspended';
alter table pension add constraint pension_suspension_reason check ((status = 'suspended') = (suspension_reason is not null));
