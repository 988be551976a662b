-- The database-level grants dbagent relies on. Applied by `dbagent install` (as a
-- superuser) every time, because they live in the shared catalog: a database created from
-- a template does not inherit them.
create or replace function agent._database_acl()
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    -- create_base creates schemas as dbagent_owner.
    execute pg_catalog.format('grant create on database %I to dbagent_owner', pg_catalog.current_database());
    -- No role gets TEMP by default in a dbagent database: temporary objects shadow relation
    -- names (pg_temp is searched first) and escape the tenant's schema.
    execute pg_catalog.format('revoke temporary on database %I from public', pg_catalog.current_database());
    -- The session wall's housekeeping (agent._housekeeping) sees every agent session's state and
    -- ends the ones that hold a transaction open past their limits; agent login roles get a
    -- temp_file_limit that their sessions cannot raise (agent._agent_role_settings).
    grant pg_read_all_stats, pg_signal_backend to dbagent_owner;
    grant set on parameter temp_file_limit to dbagent_owner;
end;
$$;

comment on function agent._database_acl() is
$md$Apply the database- and cluster-level grants dbagent relies on (CREATE for dbagent_owner, no TEMP for PUBLIC, what the housekeeping needs).

Private. Run by `dbagent install` as a superuser, also after cloning a database.$md$;

alter function agent._database_acl() owner to dbagent_owner;
revoke all on function agent._database_acl() from public;
