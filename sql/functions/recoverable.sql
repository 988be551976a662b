create or replace function agent.recoverable(base_id uuid)
returns jsonb
language plpgsql
volatile  -- it purges expired items and writes its audit row
security definer  -- why: reads the registry of recoverable items, which agent roles may not read
set search_path = ''
as $$
begin
    perform agent._session_wall();  -- the session wall: before anything else
    return agent._result(agent._recovery('list', base_id, null, null));
end;
$$;

comment on function agent.recoverable(uuid) is
$md$List what tool calls destroyed in a base and dbagent keeps: dropped tables, dropped or retyped columns, truncated tables, rows deleted or changed in bulk.

Each item: item (its id), kind (table, column, rows), operation (drop, alter type, truncate,
delete, update), table, rows, bytes, at, by (the role), call and call_sql (the execute_sql call
that did it), expires_at. Items are kept for the base's retention period (retention_days, 7 by
default) and are invisible to the base's own SQL and its end users. Bring one back with
agent.restore(base_id, item).$md$;

alter function agent.recoverable(uuid) owner to dbagent_owner;
revoke all on function agent.recoverable(uuid) from public;
grant execute on function agent.recoverable(uuid) to dbagent_agent, dbagent_admin;
