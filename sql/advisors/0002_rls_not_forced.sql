-- Advisor 0002 rls_not_forced (WARN, SECURITY): Row level security not forced.
-- Without FORCE, row level security does not bind the table's owner, so views and functions owned by it see every row.
create or replace function agent._advisor_0002(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'rls_not_forced', 'Row level security not forced', 'WARN', array['SECURITY'],
       format('Table %s has row level security enabled but not forced: its owner bypasses the policies.', c.relname),
       format('alter table %I force row level security', c.relname),
       jsonb_build_object('type', 'table', 'name', c.relname), 'rls_not_forced:' || c.relname
from pg_catalog.pg_class c
where c.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_class')) and c.relnamespace = ns and c.relkind in ('r', 'p') and c.relrowsecurity and not c.relforcerowsecurity
$$;

comment on function agent._advisor_0002(oid, boolean) is
$md$rls_not_forced: Row level security not forced (WARN).

Without FORCE, row level security does not bind the table's owner, so views and functions owned by it see every row.$md$;

alter function agent._advisor_0002(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0002(oid, boolean) from public;
