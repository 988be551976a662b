-- depends: 0003.auth
-- One row per tool call and per admin action. SQL is stored normalized, with literals
-- replaced by placeholders: values never reach the audit.
create table agent.audit (
    audit_id        bigint generated always as identity primary key,
    at              timestamptz not null default clock_timestamp(),
    role_name       text not null,
    base_id         uuid,
    tool            text not null,
    statement_kinds text[] not null default '{}',
    sql_normalized  text,
    outcome         text not null check (outcome in ('ok', 'denied', 'error')),
    sqlstate        text,
    rule            text,
    message         text,
    duration_ms     double precision,
    details         jsonb not null default '{}'
);
create index audit_base_at on agent.audit (base_id, at);
alter table agent.audit owner to dbagent_owner;
