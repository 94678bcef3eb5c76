-- Wrong passwords are counted per user name AND client address (issue 9): five wrong passwords from one address
-- lock that address out of that account, not the account for everyone. Each further failure after a lock ends
-- locks again for twice as long (progressive delay). The counter is updated in one statement, which also refuses
-- the attempt while the pair is locked, so parallel attempts cannot check more passwords than the limit.
-- Unknown user names are counted the same way, so a lock does not tell whether an account exists.
create table login_throttle (
  username text not null,
  client text not null,
  failures integer not null check (failures > 0),
  locked_until timestamptz,
  last_failure_at timestamptz not null,
  primary key (username, client)
);
create index login_throttle_last_failure on login_throttle (last_failure_at);

-- The per-account counter this replaces.
alter table staff_user drop column failed_logins;
alter table staff_user drop column locked_until;
