-- Advisor 0004 auth_rls_initplan (WARN, PERFORMANCE): Policy re-evaluates auth functions for each row.
-- auth.uid(), auth.role(), auth.jwt() and current_setting() called directly in a policy run once per row; wrapped in (select ...) they run once per query.
create or replace function agent._advisor_0004(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'auth_rls_initplan', 'Policy re-evaluates auth functions for each row', 'WARN', array['PERFORMANCE'],
       format('Policy %s on %s calls an auth function for every row.', p.polname, c.relname),
       'Wrap the call in a sub-select: (select auth.uid()) instead of auth.uid().',
       jsonb_build_object('type', 'policy', 'table', c.relname, 'name', p.polname),
       'auth_rls_initplan:' || c.relname || '.' || p.polname
from pg_catalog.pg_policy p
join pg_catalog.pg_class c on c.oid = p.polrelid
where c.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_class')) and c.relnamespace = ns
  and exists (
      select from (values (pg_catalog.pg_get_expr(p.polqual, p.polrelid)),
                          (pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid))) e(x)
      where pg_catalog.regexp_replace(e.x,
                '\(\s*select\s+(auth\.(uid|role|jwt|email)|current_setting)\s*\([^()]*\)(\s+as\s+\w+)?\s*\)',
                '', 'gi') ~* '(auth\.(uid|role|jwt|email)|current_setting)\s*\(')
$$;

comment on function agent._advisor_0004(oid, boolean) is
$md$auth_rls_initplan: Policy re-evaluates auth functions for each row (WARN).

auth.uid(), auth.role(), auth.jwt() and current_setting() called directly in a policy run once per row; wrapped in (select ...) they run once per query.$md$;

alter function agent._advisor_0004(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0004(oid, boolean) from public;
