-- Records a failing tool call's audit row so that it survives the call's rollback: over a
-- loopback connection (dblink, opened once per session as this function's owner, the
-- superuser who installed dbagent, through the server's Unix socket). Where dblink or the
-- loopback login is unavailable, the row goes to the server log instead.
--
-- Owned by the installing superuser, not dbagent_owner: only a superuser may open a dblink
-- connection without a password. It runs one fixed INSERT of a jsonb record into
-- agent.audit; only dbagent_owner may call it.
create or replace function agent._audit_autonomous(entry jsonb)
returns boolean
language plpgsql
volatile
security definer  -- why: a superuser may open the passwordless loopback connection; nobody else
set search_path = ''
as $$
declare
    _conn constant text := 'dbagent_audit';
    _host text := pg_catalog.split_part(pg_catalog.current_setting('unix_socket_directories'), ',', 1);
    _entry jsonb := entry || pg_catalog.jsonb_build_object('role_name', session_user);
begin
    if pg_catalog.to_regnamespace('agent_dblink') is null then
        raise log 'dbagent audit (dblink unavailable): %', _entry::text;
        return false;
    end if;
    if not coalesce(_conn = any(agent_dblink.dblink_get_connections()), false) then
        perform agent_dblink.dblink_connect(_conn, pg_catalog.format(
            'dbname=%s user=%s host=%s port=%s application_name=dbagent_audit',
            agent._conninfo_quote(pg_catalog.current_database()),
            agent._conninfo_quote(current_user::text),
            agent._conninfo_quote(case when pg_catalog.btrim(_host) = '' then 'localhost' else pg_catalog.btrim(_host) end),
            pg_catalog.current_setting('port')));
    end if;
    perform agent_dblink.dblink_exec(_conn, pg_catalog.format(
        'insert into agent.audit (role_name, base_id, tool, statement_kinds, sql_normalized, outcome, '
        'sqlstate, rule, message, duration_ms, details) '
        'select r.role_name, r.base_id, r.tool, coalesce(r.statement_kinds, ''{}''), r.sql_normalized, r.outcome, '
        'r.sqlstate, r.rule, r.message, r.duration_ms, coalesce(r.details, ''{}'') '
        'from pg_catalog.jsonb_populate_record(null::agent.audit, %L::jsonb) r', _entry::text));
    return true;
exception when others then
    begin
        perform agent_dblink.dblink_disconnect(_conn);
    exception when others then
        null;
    end;
    raise log 'dbagent audit (not stored: %): %', sqlerrm, _entry::text;
    return false;
end;
$$;

comment on function agent._audit_autonomous(jsonb) is
$md$Record a failing call's audit row outside the call's transaction (loopback dblink), else in the server log.

Private helper of the tools. Owned by the installing superuser.$md$;

revoke all on function agent._audit_autonomous(jsonb) from public;
grant execute on function agent._audit_autonomous(jsonb) to dbagent_owner;
