create or replace function agent._require_admin(action text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
    if not agent._is_admin() then
        raise exception 'role % may not %', session_user, action
            using errcode = 'insufficient_privilege',
                  detail = 'rule: admin_only',
                  hint = 'This is an admin function: connect as a member of dbagent_admin.';
    end if;
end;
$$;

comment on function agent._require_admin(text) is
$md$Raise insufficient_privilege unless the session's login role is a dbagent admin.

Private helper of the admin functions.$md$;

alter function agent._require_admin(text) owner to dbagent_owner;
revoke all on function agent._require_admin(text) from public;
