-- depends: 0018.python-bytecode
-- dbagent_keeper: the identity that keeps what a tool call destroys (issue 15). NOLOGIN, and
-- BYPASSRLS so that a copy of a table (TRUNCATE, a snapshot, a clone) holds every row whatever
-- the tenant's policies say. It owns only SECURITY DEFINER functions in agent_exec that read
-- rows (a table, a trigger's transition table) and write them to the base's recycle schema;
-- none of them runs tenant code: rows go back into tenant tables as the tenant's owner role.
-- Only a superuser may create a BYPASSRLS role: this migration runs in `dbagent install`.
-- INHERIT: the keeper is a member of no role but dbagent_catalog (the session wall's catalog
-- rights, granted by `dbagent install`); its keep triggers read pg_trigger and pg_attribute.
do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'dbagent_keeper') then
        create role dbagent_keeper;
    end if;
    alter role dbagent_keeper nologin inherit bypassrls nosuperuser nocreaterole nocreatedb noreplication;
end
$$;
-- the keeper's trigger functions read the registry of bases and write the registry of
-- recoverable items (granted in 0061)
grant usage on schema agent to dbagent_keeper;
grant select on agent.base to dbagent_keeper;
-- read_rows checks that the session's login may use the base it copies from
grant select on agent.base_access to dbagent_keeper;
