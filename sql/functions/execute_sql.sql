create or replace function agent.execute_sql(base_id uuid, sql text, options jsonb default '{}')
returns jsonb
language plpgsql
volatile
security definer  -- why: reads the registry and calls the base's executor, which only dbagent may
set search_path = ''
as $$
begin
    perform agent._session_wall();
    return agent._result(agent._execute_sql(base_id, sql, options));
end;
$$;

comment on function agent.execute_sql(uuid, text, jsonb) is
$md$Run SQL (DDL and DML, one or many statements) in one base, in one transaction: all statements or none.

Every statement is checked by the PostgreSQL parser first, then runs as the base's owner
role: tables, views, functions, triggers, policies and grants on your own objects (to anon
and authenticated), SELECT/INSERT/UPDATE/DELETE/MERGE, EXPLAIN, COMMENT. Refused, with a hint:
anything outside the base's schema (other bases, auth tables, information_schema, pg_catalog),
settings, roles, transaction control, COPY, temporary objects, SECURITY DEFINER functions,
views without security_invoker, dynamic SQL. Returns, per statement: tag, rows_affected,
columns and rows (at most max_rows, with truncated), the SQL executed. options:
{"dry_run": true} runs and rolls back; {"as_user": "<uuid>"} runs as that signed-in end user
(role authenticated, auth.uid() = the uuid) to test row level security; "max_rows" and
"timeout_ms" lower the base's limits. A failure raises the PostgreSQL error (sqlstate,
message, detail naming the statement, hint); a refusal raises 42501 with "rule: <id>".

Nothing a call destroys is lost: dropped tables and columns, truncated tables and rows deleted
or changed in bulk (or without WHERE) stay recoverable for the base's retention period
(agent.recoverable, agent.restore); the result lists them under "recoverable". A call that
would destroy data, or lock or rewrite a big table, does not run at first: the answer is
{"confirmation_required": true, "impact": {tables_dropped, columns_dropped, rows_deleted,
rows_changed, tables_truncated, warnings...}, "confirm": "<token>"}, nothing changed. Show the
impact to whoever asked; to run it, send the same SQL again with {"confirm": "<token>"} (the
token fits only that SQL, base and schema state, for 15 minutes). {"dry_run": true} reports the
impact without asking.$md$;

alter function agent.execute_sql(uuid, text, jsonb) owner to dbagent_owner;
revoke all on function agent.execute_sql(uuid, text, jsonb) from public;
grant execute on function agent.execute_sql(uuid, text, jsonb) to dbagent_agent, dbagent_admin;
