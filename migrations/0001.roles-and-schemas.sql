-- dbagent's cluster-wide roles and its own schemas.
--
-- Roles are shared by every database of a cluster; each statement is idempotent so a
-- second database (or a re-install) finds them in place and only re-asserts attributes.
--   dbagent_owner  NOLOGIN, CREATEROLE: owns schema agent and every agent.* function (the
--                  SECURITY DEFINER identity). It is made a member of each tenant owner
--                  role, which PostgreSQL requires to hand objects to that role and to drop
--                  them. Agent SQL never runs as dbagent_owner: it runs through the base's
--                  executor as the tenant owner alone (the privilege wall).
--   dbagent_admin  NOLOGIN group: may EXECUTE the admin functions.
--   dbagent_agent  NOLOGIN group: may EXECUTE the agent tools; every agent login role is a
--                  member and has no other membership.
--   anon, authenticated  the end-user roles of the PostgREST/Supabase convention.
do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'dbagent_owner') then
        create role dbagent_owner;
    end if;
    alter role dbagent_owner nologin inherit createrole nosuperuser nocreatedb nobypassrls;
    if not exists (select from pg_catalog.pg_roles where rolname = 'dbagent_admin') then
        create role dbagent_admin nologin;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'dbagent_agent') then
        create role dbagent_agent nologin;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
        create role anon nologin noinherit;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
        create role authenticated nologin noinherit;
    end if;
    -- The database-level grants are applied by agent._database_acl() on every install
    -- (a database cloned from a template does not inherit them).
end
$$;

-- yoyo's bookkeeping already lives in schema agent (created before yoyo connects).
alter schema agent owner to dbagent_owner;
revoke all on schema agent from public;
grant usage on schema agent to dbagent_agent, dbagent_admin;

-- Per-base executors live here: reachable by dbagent_owner only.
create schema if not exists agent_exec authorization dbagent_owner;
revoke all on schema agent_exec from public;

alter default privileges in schema agent revoke execute on functions from public;
alter default privileges in schema agent_exec revoke execute on functions from public;
alter default privileges for role dbagent_owner revoke execute on functions from public;

-- agent.version() reports the applied migrations.
grant select on agent._yoyo_migration to dbagent_owner;
