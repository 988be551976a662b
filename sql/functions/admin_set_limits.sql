create or replace function agent.admin_set_limits(base text, limits jsonb)
returns jsonb
language plpgsql
volatile
security definer  -- why: writes the registry and the agent role's session settings
set search_path = ''
as $$
declare
    _b agent.base;
    _key text;
begin
    perform agent._require_admin('set limits');
    _b := agent._base_by_name(base);
    for _key in select pg_catalog.jsonb_object_keys(limits) loop
        if _key not in ('statement_timeout_ms', 'lock_timeout_ms', 'idle_in_transaction_timeout_ms',
                        'max_sql_bytes', 'max_statements', 'max_rows', 'max_storage_bytes', 'max_connections') then
            raise exception 'unknown limit "%"', _key
                using errcode = 'invalid_parameter_value',
                      hint = 'Limits: statement_timeout_ms, lock_timeout_ms, idle_in_transaction_timeout_ms, max_sql_bytes, max_statements, max_rows, max_storage_bytes, max_connections.';
        end if;
    end loop;
    update agent.base b set
        statement_timeout_ms = coalesce((limits ->> 'statement_timeout_ms')::integer, b.statement_timeout_ms),
        lock_timeout_ms = coalesce((limits ->> 'lock_timeout_ms')::integer, b.lock_timeout_ms),
        idle_in_transaction_timeout_ms = coalesce((limits ->> 'idle_in_transaction_timeout_ms')::integer,
                                                  b.idle_in_transaction_timeout_ms),
        max_sql_bytes = coalesce((limits ->> 'max_sql_bytes')::integer, b.max_sql_bytes),
        max_statements = coalesce((limits ->> 'max_statements')::integer, b.max_statements),
        max_rows = coalesce((limits ->> 'max_rows')::integer, b.max_rows),
        max_storage_bytes = coalesce((limits ->> 'max_storage_bytes')::bigint, b.max_storage_bytes),
        max_connections = coalesce((limits ->> 'max_connections')::integer, b.max_connections)
    where b.base_id = _b.base_id
    returning * into _b;
    perform agent._agent_role_settings(_b.agent_role, _b.max_connections, _b.idle_in_transaction_timeout_ms);
    perform agent._create_executors(_b);  -- the lock timeout is part of the executors
    perform agent._audit('set_limits', _b.base_id, 'ok', limits);
    return pg_catalog.jsonb_build_object(
        'statement_timeout_ms', _b.statement_timeout_ms, 'lock_timeout_ms', _b.lock_timeout_ms,
        'idle_in_transaction_timeout_ms', _b.idle_in_transaction_timeout_ms,
        'max_sql_bytes', _b.max_sql_bytes, 'max_statements', _b.max_statements, 'max_rows', _b.max_rows,
        'max_storage_bytes', _b.max_storage_bytes, 'max_connections', _b.max_connections);
end;
$$;

comment on function agent.admin_set_limits(text, jsonb) is
$md$Set a base's limits: statement and lock timeouts, idle-in-transaction timeout, SQL size, statements and rows per call, storage quota (bytes), connections of its agent login.

Admin only. Returns the base's limits after the change. Agents may lower them per call, never raise them.$md$;

alter function agent.admin_set_limits(text, jsonb) owner to dbagent_owner;
revoke all on function agent.admin_set_limits(text, jsonb) from public;
grant execute on function agent.admin_set_limits(text, jsonb) to dbagent_admin;
