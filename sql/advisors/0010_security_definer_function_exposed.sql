-- Advisor 0010 security_definer_function_exposed (WARN, SECURITY): Security definer function callable by end users.
-- A SECURITY DEFINER function that PUBLIC, anon or authenticated may execute runs its body with its owner's rights for anyone who calls it.
create or replace function agent._advisor_0010(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'security_definer_function_exposed', 'Security definer function callable by end users', 'WARN', array['SECURITY'],
       format('Function %s() is SECURITY DEFINER and executable by %s.', p.proname, g.grantees),
       format('alter function %s security invoker (or revoke execute from public, anon and authenticated)', p.oid::pg_catalog.regprocedure),
       jsonb_build_object('type', 'function', 'name', p.proname), 'security_definer_function_exposed:' || p.oid::pg_catalog.regprocedure::text
from pg_catalog.pg_proc p
cross join lateral (
    select string_agg(case when a.grantee = 0 then 'public' else a.grantee::pg_catalog.regrole::text end, ', ') as grantees
    from pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
    where a.privilege_type = 'EXECUTE'
      and (a.grantee = 0 or a.grantee::pg_catalog.regrole::text in ('anon', 'authenticated'))) g
where p.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_proc')) and p.pronamespace = ns and p.prosecdef and g.grantees is not null
$$;

comment on function agent._advisor_0010(oid, boolean) is
$md$security_definer_function_exposed: Security definer function callable by end users (WARN).

A SECURITY DEFINER function that PUBLIC, anon or authenticated may execute runs its body with its owner's rights for anyone who calls it.$md$;

alter function agent._advisor_0010(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0010(oid, boolean) from public;
