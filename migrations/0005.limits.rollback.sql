alter table agent.base
    drop column statement_timeout_ms, drop column lock_timeout_ms,
    drop column idle_in_transaction_timeout_ms, drop column max_sql_bytes,
    drop column max_statements, drop column max_rows;
