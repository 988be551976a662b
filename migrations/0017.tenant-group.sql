-- depends: 0016.owner-membership-borrowed
-- What every tenant owner role may use outside its own schema (USAGE on auth, agent_exec and
-- agent_stage; EXECUTE on agent_exec._run and agent_exec.system_fields) is granted once, to the
-- group dbagent_tenant, instead of to each tenant owner: those ACLs held one entry per base, so
-- with thousands of bases every creation rewrote them whole and every privilege check of an
-- execute_sql statement walked them. Tenant owners become INHERIT members of the group, and of
-- nothing else. (The functions' grants are re-applied from sql/executor after the migrations.)
do $$
declare
    _r record;
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'dbagent_tenant') then
        create role dbagent_tenant;
    end if;
    alter role dbagent_tenant nologin noinherit nosuperuser nocreaterole nocreatedb nobypassrls noreplication;
    execute 'grant usage on schema auth, agent_exec, agent_stage to dbagent_tenant';
    if pg_catalog.to_regprocedure('agent_exec._run(text, integer, text)') is not null then
        execute 'grant execute on function agent_exec._run(text, integer, text) to dbagent_tenant';
    end if;
    if pg_catalog.to_regprocedure('agent_exec.system_fields()') is not null then
        execute 'grant execute on function agent_exec.system_fields() to dbagent_tenant';
    end if;
    for _r in select b.owner_role from agent.base b
              where b.dropped_at is null and exists (select from pg_catalog.pg_roles r where r.rolname = b.owner_role)
    loop
        execute pg_catalog.format('alter role %I inherit', _r.owner_role);
        execute pg_catalog.format('grant dbagent_tenant to %I', _r.owner_role);
        execute pg_catalog.format('revoke usage on schema auth, agent_exec, agent_stage from %I', _r.owner_role);
        if pg_catalog.to_regprocedure('agent_exec._run(text, integer, text)') is not null then
            execute pg_catalog.format('revoke execute on function agent_exec._run(text, integer, text) from %I', _r.owner_role);
        end if;
        if pg_catalog.to_regprocedure('agent_exec.system_fields()') is not null then
            execute pg_catalog.format('revoke execute on function agent_exec.system_fields() from %I', _r.owner_role);
        end if;
    end loop;
end
$$;
