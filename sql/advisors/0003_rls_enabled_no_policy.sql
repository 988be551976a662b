-- Advisor 0003 rls_enabled_no_policy (INFO, SECURITY): Row level security enabled, no policy.
-- A table with row level security and no policy for its users shows them nothing: usually a forgotten policy.
create or replace function agent._advisor_0003(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'rls_enabled_no_policy', 'Row level security enabled, no policy', 'INFO', array['SECURITY'],
       format('Table %s has row level security enabled but no policy for its users.', c.relname),
       format('Write policies for authenticated (and anon if needed), e.g. create policy %s_select on %I for select to authenticated using (created_by = (select auth.uid())).', c.relname, c.relname),
       jsonb_build_object('type', 'table', 'name', c.relname), 'rls_enabled_no_policy:' || c.relname
from pg_catalog.pg_class c
where c.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_class')) and c.relnamespace = ns and c.relkind in ('r', 'p') and c.relrowsecurity
  and not exists (select from pg_catalog.pg_policy p where p.polrelid = c.oid and p.polname <> 'dbagent_agent_all')
$$;

comment on function agent._advisor_0003(oid, boolean) is
$md$rls_enabled_no_policy: Row level security enabled, no policy (INFO).

A table with row level security and no policy for its users shows them nothing: usually a forgotten policy.$md$;

alter function agent._advisor_0003(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0003(oid, boolean) from public;
