-- Province scale (issue 13): an award stored its whole bilingual explanation with every parameter citation written
-- out (label, value and documents in zh-CN and en), about 6 KB of jsonb per pension, nearly all of it the same
-- dozen citations again (1.6 GB at a million residents). A citation is now kept once, addressed by the md5 of its
-- JSON text, and a stored explanation's step names its citations by that hash. The rows are never changed or
-- removed (content-addressed), so an explanation reads back exactly as it was written, whatever the parameter
-- library says later. A reference table: the same citation serves every county (replicated under Citus).
create table explanation_citation (
  hash char(32) primary key check (hash ~ '^[0-9a-f]{32}$'),
  citation jsonb not null
);

create function explanation_citation_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'explanation_citation rows are never changed or removed';
end
$$;
create trigger explanation_citation_immutable before update or delete on explanation_citation
  for each row execute function explanation_citation_immutable();
