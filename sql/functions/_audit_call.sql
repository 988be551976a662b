-- The audit row of a read-only tool call (get_schema, advise): in the call's transaction when it
-- succeeded, else (or in a read-only transaction, which cannot insert) over the loopback
-- connection of agent._audit_autonomous, so a failing call keeps its row through the rollback.
create or replace function agent._audit_call(tool text, base_id uuid, started timestamptz,
                                             details jsonb default '{}',
                                             sqlstate text default null, message text default null)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
    _ms double precision := pg_catalog.date_part('epoch', pg_catalog.clock_timestamp() - started) * 1000;
begin
    if sqlstate is null and pg_catalog.current_setting('transaction_read_only') = 'off' then
        insert into agent.audit (role_name, base_id, tool, outcome, duration_ms, details)
        values (session_user, _audit_call.base_id, _audit_call.tool, 'ok', _ms, coalesce(details, '{}'));
        -- kept if the caller's transaction rolls back after the call returned its answer
        perform agent._audit_journal(pg_catalog.jsonb_build_object(
            'base_id', _audit_call.base_id, 'tool', _audit_call.tool, 'outcome', 'ok', 'duration_ms', _ms,
            'details', coalesce(details, '{}')));
    else
        perform agent._audit_autonomous(pg_catalog.jsonb_build_object(
            'base_id', _audit_call.base_id, 'tool', _audit_call.tool,
            'outcome', case when sqlstate is null then 'ok' when sqlstate = '42501' then 'denied' else 'error' end,
            'sqlstate', sqlstate, 'message', message, 'duration_ms', _ms, 'details', coalesce(details, '{}')));
    end if;
end;
$$;

comment on function agent._audit_call(text, uuid, timestamptz, jsonb, text, text) is
$md$Record a read-only tool call (ok, or failed with SQLSTATE and MESSAGE) in agent.audit, with its duration since STARTED.

Private helper of get_schema and advise.$md$;

alter function agent._audit_call(text, uuid, timestamptz, jsonb, text, text) owner to dbagent_owner;
revoke all on function agent._audit_call(text, uuid, timestamptz, jsonb, text, text) from public;
