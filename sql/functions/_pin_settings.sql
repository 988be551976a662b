-- The settings every tool call runs under, whatever the calling session SET or ALTER ROLE ...
-- SET for itself: memory, temp files, parallelism, and the settings that change how values
-- are read and printed. They are SET clauses of the tools (every agent.* function an agent may
-- execute), so they hold for the call and are given back when it returns, at the cost of a
-- setting change, not a query. Defaults fit a shared server of 2 cores and 4 GB; an admin
-- changes them with agent.admin_set_settings('{"tool_settings": {"work_mem": "32MB"}}').
-- temp_file_limit is a superuser setting: dbagent's owner may set it (GRANT SET ON PARAMETER),
-- the agents and the bases' owner roles may not, so no tenant code raises it.
create or replace function agent._pin_settings()
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
    _f record;
    _s record;
    _n integer := 0;
begin
    for _f in
        select p.oid::pg_catalog.regprocedure::text as sig
        from pg_catalog.pg_proc p
        where p.pronamespace = 'agent'::pg_catalog.regnamespace and p.proname !~ '^(_|admin_)'
          and pg_catalog.has_function_privilege('dbagent_agent', p.oid, 'EXECUTE')
        order by 1
    loop
        for _s in select e.key, e.value #>> '{}' as value from pg_catalog.jsonb_each(agent._tool_settings()) e loop
            execute pg_catalog.format('alter function %s set %I = %L', _f.sig, _s.key, _s.value);
        end loop;
        _n := _n + 1;
    end loop;
    return _n;
end;
$$;

comment on function agent._pin_settings() is
$md$Give every tool (each agent.* function an agent may execute) the settings of agent._tool_settings() as SET clauses.

Private: run by `dbagent install` after the functions are (re)created, and by admin_set_settings. Returns the number of tools.$md$;

alter function agent._pin_settings() owner to dbagent_owner;
revoke all on function agent._pin_settings() from public;
