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
                        'max_sql_bytes', 'max_statements', 'max_rows', 'max_result_bytes', 'csv_timeout_ms',
                        'max_storage_bytes', 'max_connections',
                        -- issue 15: recoverability and confirmation
                        'retention_days', 'confirm_destructive', 'keep_rows_fraction', 'keep_rows_min',
                        'big_table_rows') then
            raise exception 'unknown limit "%"', _key
                using errcode = 'invalid_parameter_value',
                      hint = 'Limits: statement_timeout_ms, lock_timeout_ms, idle_in_transaction_timeout_ms, max_sql_bytes, max_statements, max_rows, '
                             'max_result_bytes, csv_timeout_ms, max_storage_bytes, max_connections, retention_days, confirm_destructive, '
                             'keep_rows_fraction, keep_rows_min, big_table_rows.';
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
        max_result_bytes = coalesce((limits ->> 'max_result_bytes')::integer, b.max_result_bytes),
        csv_timeout_ms = case when limits ? 'csv_timeout_ms' then (limits ->> 'csv_timeout_ms')::integer  -- null: the statement timeout
                              else b.csv_timeout_ms end,
        retention_days = coalesce((limits ->> 'retention_days')::integer, b.retention_days),
        confirm_destructive = coalesce((limits ->> 'confirm_destructive')::boolean, b.confirm_destructive),
        keep_rows_fraction = coalesce((limits ->> 'keep_rows_fraction')::double precision, b.keep_rows_fraction),
        keep_rows_min = coalesce((limits ->> 'keep_rows_min')::integer, b.keep_rows_min),
        big_table_rows = coalesce((limits ->> 'big_table_rows')::bigint, b.big_table_rows),
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
        'max_result_bytes', _b.max_result_bytes, 'csv_timeout_ms', _b.csv_timeout_ms,
        'max_storage_bytes', _b.max_storage_bytes, 'max_connections', _b.max_connections,
        'retention_days', _b.retention_days, 'confirm_destructive', _b.confirm_destructive,
        'keep_rows_fraction', _b.keep_rows_fraction, 'keep_rows_min', _b.keep_rows_min,
        'big_table_rows', _b.big_table_rows);
end;
$$;

comment on function agent.admin_set_limits(text, jsonb) is
$md$Set a base's limits: statement and lock timeouts, idle-in-transaction timeout, SQL size, statements, rows and result bytes per call, the CSV tools' timeout (csv_timeout_ms; null: the statement timeout), storage quota (bytes), connections of its agent login; and what dbagent keeps recoverable and asks to confirm.

retention_days (7): how long destroyed data stays recoverable; confirm_destructive (true):
execute_sql asks to confirm calls that destroy data or lock big tables; keep_rows_fraction
(0.1) and keep_rows_min (10): a DELETE/UPDATE keeps its old rows from this share of a table
(and this many rows) on; big_table_rows (1000000): lock and rewrite warnings from this size.
Admin only. Returns the base's limits after the change. Agents may lower them per call, never raise them.$md$;

alter function agent.admin_set_limits(text, jsonb) owner to dbagent_owner;
revoke all on function agent.admin_set_limits(text, jsonb) from public;
grant execute on function agent.admin_set_limits(text, jsonb) to dbagent_admin;
