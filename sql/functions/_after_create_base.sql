-- Finishes a new base inside agent._create_base(): its executors, and the session limits
-- of its agent login role.
create or replace function agent._after_create_base(base agent.base)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    perform agent._create_executors(base);
    execute pg_catalog.format('alter role %I set idle_in_transaction_session_timeout = %L',
                              base.agent_role, base.idle_in_transaction_timeout_ms || 'ms');
end;
$$;

comment on function agent._after_create_base(agent.base) is
$md$Finish a new base's set-up (executors, session limits) inside agent._create_base().

Private.$md$;

alter function agent._after_create_base(agent.base) owner to dbagent_owner;
revoke all on function agent._after_create_base(agent.base) from public;
