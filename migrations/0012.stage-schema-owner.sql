-- depends: 0011.auth-inlinable
-- agent_stage belongs to dbagent_owner, which grants USAGE on it to each base's owner role
-- (so dropping a base revokes it too); dbagent_loader creates the staged foreign tables in it.
alter schema agent_stage owner to dbagent_owner;
grant usage, create on schema agent_stage to dbagent_loader;
do $$
declare
    _r record;
begin
    -- USAGE granted by dbagent_loader before this change: granted again by dbagent_owner
    for _r in select a.grantee::regrole::text as role
              from pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
              where n.nspname = 'agent_stage' and a.grantor = 'dbagent_loader'::regrole
                and a.grantee <> 'dbagent_loader'::regrole loop
        execute format('grant usage on schema agent_stage to %I', _r.role);
        execute format('set local role dbagent_loader; revoke usage on schema agent_stage from %I; reset role', _r.role);
    end loop;
end
$$;
