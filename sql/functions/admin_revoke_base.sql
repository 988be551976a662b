create or replace function agent.admin_revoke_base(base text, role_name text)
returns boolean
language plpgsql
volatile
security definer  -- why: writes the registry of grants
set search_path = ''
as $$
declare
    _b agent.base;
begin
    perform agent._require_admin('revoke bases');
    _b := agent._base_by_name(base);
    if admin_revoke_base.role_name = _b.agent_role then
        raise exception 'role "%" is the base''s own agent role', role_name
            using errcode = 'invalid_parameter_value',
                  hint = 'Drop the base instead, or revoke it from other roles only.';
    end if;
    delete from agent.base_access a where a.base_id = _b.base_id and a.role_name = admin_revoke_base.role_name;
    perform agent._audit('revoke_base', _b.base_id, 'ok', pg_catalog.jsonb_build_object('role', role_name));
    return found;
end;
$$;

comment on function agent.admin_revoke_base(text, text) is
$md$Stop an agent role from using a base (by name or id).

Admin only. Returns false when the role did not have it.$md$;

alter function agent.admin_revoke_base(text, text) owner to dbagent_owner;
revoke all on function agent.admin_revoke_base(text, text) from public;
grant execute on function agent.admin_revoke_base(text, text) to dbagent_admin;
