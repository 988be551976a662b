create or replace function agent._may_use_base(base_id uuid)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
    return exists (select from agent.base b where b.base_id = _may_use_base.base_id and b.dropped_at is null)
       and (exists (select from agent.base_access a
                    where a.base_id = _may_use_base.base_id and a.role_name = session_user::text collate pg_catalog."default")
            or agent._is_admin());
end;
$$;

comment on function agent._may_use_base(uuid) is
$md$Whether the session's login role may use the base: granted to it, or an admin.

Private helper of the agent.* functions.$md$;

alter function agent._may_use_base(uuid) owner to dbagent_owner;
revoke all on function agent._may_use_base(uuid) from public;
