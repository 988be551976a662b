create or replace function agent.admin_load_finish(base text)
returns jsonb
language plpgsql
volatile
security definer  -- why: builds the loaded base as its owner role from the staged dump
set search_path = ''
as $$
declare
    _b agent.base;
begin
    perform agent._require_admin('load bases');
    _b := agent._base_by_name(base);
    return agent._result(agent._branch('load_finish', pg_catalog.jsonb_build_object('base_id', _b.base_id)));
end;
$$;

comment on function agent.admin_load_finish(text) is
$md$Finish loading a dump into base BASE: build its schema from the image (through the parse wall, as the base's owner role), insert the staged rows, apply dbagent's rules.

Admin only. One transaction. Returns the rows loaded per table.$md$;

alter function agent.admin_load_finish(text) owner to dbagent_owner;
revoke all on function agent.admin_load_finish(text) from public;
grant execute on function agent.admin_load_finish(text) to dbagent_admin;
