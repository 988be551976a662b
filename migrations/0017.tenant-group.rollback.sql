do $$
declare
    _r record;
begin
    for _r in select b.owner_role from agent.base b
              where b.dropped_at is null and exists (select from pg_catalog.pg_roles r where r.rolname = b.owner_role)
    loop
        execute pg_catalog.format('grant usage on schema auth, agent_exec, agent_stage to %I', _r.owner_role);
        if pg_catalog.to_regprocedure('agent_exec._run(text, integer, text)') is not null then
            execute pg_catalog.format('grant execute on function agent_exec._run(text, integer, text) to %I', _r.owner_role);
        end if;
        if pg_catalog.to_regprocedure('agent_exec.system_fields()') is not null then
            execute pg_catalog.format('grant execute on function agent_exec.system_fields() to %I', _r.owner_role);
        end if;
        execute pg_catalog.format('revoke dbagent_tenant from %I', _r.owner_role);
        execute pg_catalog.format('alter role %I noinherit', _r.owner_role);
    end loop;
    if exists (select from pg_catalog.pg_roles where rolname = 'dbagent_tenant') then
        drop owned by dbagent_tenant;  -- its grants in this database
    end if;
end
$$;
