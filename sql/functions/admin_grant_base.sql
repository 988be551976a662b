create or replace function agent.admin_grant_base(base text, role_name text)
returns boolean
language plpgsql
volatile
security definer  -- why: writes the registry of grants
set search_path = ''
as $$
declare
    _b agent.base;
begin
    perform agent._require_admin('grant bases');
    _b := agent._base_by_name(base);
    if not exists (select from pg_catalog.pg_roles r
                   where r.rolname = admin_grant_base.role_name
                     and pg_catalog.pg_has_role(r.oid, 'dbagent_agent', 'MEMBER')
                     and not r.rolsuper) then
        raise exception 'role "%" is not a dbagent agent', role_name
            using errcode = 'invalid_parameter_value',
                  hint = 'Grant bases to agent roles only (dbagent agent create NAME).';
    end if;
    insert into agent.base_access (base_id, role_name, granted_by)
    values (_b.base_id, admin_grant_base.role_name, session_user)
    on conflict do nothing;
    perform agent._audit('grant_base', _b.base_id, 'ok', pg_catalog.jsonb_build_object('role', role_name));
    return found;
end;
$$;

comment on function agent.admin_grant_base(text, text) is
$md$Let an agent role use a base (by name or id).

Admin only. Returns false when the role already had it.$md$;

alter function agent.admin_grant_base(text, text) owner to dbagent_owner;
revoke all on function agent.admin_grant_base(text, text) from public;
grant execute on function agent.admin_grant_base(text, text) to dbagent_admin;
