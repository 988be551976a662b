create or replace function agent._audit(
    tool text,
    base_id uuid,
    outcome text,
    details jsonb default '{}',
    sqlstate text default null,
    message text default null
)
returns void
language sql
volatile
set search_path = ''
as $$
    insert into agent.audit (role_name, base_id, tool, outcome, sqlstate, message, details)
    values (session_user, _audit.base_id, _audit.tool, _audit.outcome, _audit.sqlstate,
            _audit.message, coalesce(_audit.details, '{}'));
    -- kept if the caller's transaction rolls back after the call (see agent._audit_journal)
    select agent._audit_journal(pg_catalog.jsonb_build_object(
        'base_id', _audit.base_id, 'tool', _audit.tool, 'outcome', _audit.outcome, 'sqlstate', _audit.sqlstate,
        'message', _audit.message, 'details', coalesce(_audit.details, '{}')));
$$;

comment on function agent._audit(text, uuid, text, jsonb, text, text) is
$md$Record one admin action or tool call in agent.audit (no values, no SQL literals).

Private helper.$md$;

alter function agent._audit(text, uuid, text, jsonb, text, text) owner to dbagent_owner;
revoke all on function agent._audit(text, uuid, text, jsonb, text, text) from public;
