-- Hook for the parts of a base that later features add (executors, limits): called once
-- by agent._create_base() inside the same transaction.
create or replace function agent._after_create_base(base agent.base)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    null;
end;
$$;

comment on function agent._after_create_base(agent.base) is
$md$Finish a new base's set-up (executors, limits) inside agent._create_base().

Private.$md$;

alter function agent._after_create_base(agent.base) owner to dbagent_owner;
revoke all on function agent._after_create_base(agent.base) from public;
