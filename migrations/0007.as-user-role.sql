-- depends: 0006.base-migrations
-- execute_sql's as_user option runs statements as an end user: through an executor owned
-- by dbagent_as_user, a NOLOGIN member of authenticated (so the policies and grants for
-- authenticated apply) that nobody logs in as or belongs to.
do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'dbagent_as_user') then
        create role dbagent_as_user nologin inherit;
    end if;
    alter role dbagent_as_user nologin inherit nosuperuser nocreaterole nocreatedb nobypassrls;
end
$$;
grant authenticated to dbagent_as_user;
grant usage on schema agent_exec to dbagent_as_user;
-- dbagent_owner hands the executor over to dbagent_as_user.
grant dbagent_as_user to dbagent_owner;
