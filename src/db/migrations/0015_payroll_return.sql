-- The finance officer may send a generated payroll back to the benefit reviewer with a reason (退回); the
-- reviewer submits it again once the lines are put right (a death or suspension recorded withdraws them).
alter table payroll drop constraint payroll_status_check;
alter table payroll add constraint payroll_status_check
  check (status in ('generating', 'generated', 'returned', 'approved', 'settled'));
alter table payroll
  add column returned_reason text,
  add column returned_by bigint references staff_user (id),
  add column returned_at timestamptz;
