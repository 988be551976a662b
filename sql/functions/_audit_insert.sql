create or replace function agent._audit_insert(entry jsonb)
returns void
language sql
volatile
set search_path = ''
as $$
    insert into agent.audit (role_name, base_id, tool, statement_kinds, sql_normalized, outcome,
                             sqlstate, rule, message, duration_ms, details)
    select session_user, r.base_id, r.tool, coalesce(r.statement_kinds, '{}'), r.sql_normalized, r.outcome,
           r.sqlstate, r.rule, r.message, r.duration_ms, coalesce(r.details, '{}')
    from pg_catalog.jsonb_populate_record(null::agent.audit, entry) r
$$;

comment on function agent._audit_insert(jsonb) is
$md$Record one tool call in agent.audit, in the caller's transaction.

Private helper of the PL/Python tools.$md$;

alter function agent._audit_insert(jsonb) owner to dbagent_owner;
revoke all on function agent._audit_insert(jsonb) from public;
