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
    perform agent._agent_role_settings(base.agent_role, base.max_connections, base.idle_in_transaction_timeout_ms);
end;
$$;

comment on function agent._after_create_base(agent.base) is
$md$Finish a new base's set-up (executors, session limits) inside agent._create_base().

Private.$md$;

alter function agent._after_create_base(agent.base) owner to dbagent_owner;
revoke all on function agent._after_create_base(agent.base) from public;
