-- Advisor 0001 rls_disabled (ERROR, SECURITY): Row level security disabled.
-- Tables without row level security are readable and writable by every role that has privileges on them, row policies or not.
create or replace function agent._advisor_0001(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'rls_disabled', 'Row level security disabled', 'ERROR', array['SECURITY'],
       format('Table %s has row level security disabled.', c.relname),
       format('alter table %I enable row level security; alter table %I force row level security; then write policies (execute_sql does all of this for tables it creates).', c.relname, c.relname),
       jsonb_build_object('type', 'table', 'name', c.relname), 'rls_disabled:' || c.relname
from pg_catalog.pg_class c
where c.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_class')) and c.relnamespace = ns and c.relkind in ('r', 'p') and not c.relrowsecurity
$$;

comment on function agent._advisor_0001(oid, boolean) is
$md$rls_disabled: Row level security disabled (ERROR).

Tables without row level security are readable and writable by every role that has privileges on them, row policies or not.$md$;

alter function agent._advisor_0001(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0001(oid, boolean) from public;
