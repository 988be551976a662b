-- Advisor 0011 function_search_path_mutable (WARN, SECURITY): Function with a mutable search path.
-- A function without a pinned search_path resolves names through the caller's search path, which the caller may point at objects of its own.
create or replace function agent._advisor_0011(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'function_search_path_mutable', 'Function with a mutable search path', 'WARN', array['SECURITY'],
       format('Function %s() does not pin its search_path.', p.proname),
       format('alter function %s set search_path = ''''', p.oid::pg_catalog.regprocedure),
       jsonb_build_object('type', 'function', 'name', p.proname), 'function_search_path_mutable:' || p.oid::pg_catalog.regprocedure::text
from pg_catalog.pg_proc p
join pg_catalog.pg_language l on l.oid = p.prolang
where p.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_proc')) and p.pronamespace = ns and l.lanname in ('sql', 'plpgsql', 'plpython3u')
  and not exists (select from pg_catalog.unnest(p.proconfig) s where s like 'search_path=%')
$$;

comment on function agent._advisor_0011(oid, boolean) is
$md$function_search_path_mutable: Function with a mutable search path (WARN).

A function without a pinned search_path resolves names through the caller's search path, which the caller may point at objects of its own.$md$;

alter function agent._advisor_0011(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0011(oid, boolean) from public;
