-- depends: 0004.audit
-- Per-base limits of execute_sql, set by the admin (agent.admin_set_limits). The agent may
-- lower the timeouts for one call, never raise them.
alter table agent.base
    add column statement_timeout_ms integer not null default 30000 check (statement_timeout_ms > 0),
    add column lock_timeout_ms integer not null default 5000 check (lock_timeout_ms > 0),
    add column idle_in_transaction_timeout_ms integer not null default 60000 check (idle_in_transaction_timeout_ms > 0),
    add column max_sql_bytes integer not null default 1048576 check (max_sql_bytes > 0),
    add column max_statements integer not null default 500 check (max_statements > 0),
    add column max_rows integer not null default 500 check (max_rows > 0);
