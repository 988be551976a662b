-- The base a tool call acts on, after checking that the caller may use it. Unknown and
-- not-granted bases get the same answer: the error is no oracle for other tenants' ids.
create or replace function agent._base(base_id uuid)
returns agent.base
language plpgsql
stable
set search_path = ''
as $$
declare
    _b agent.base;
begin
    if _base.base_id is null then
        raise exception 'base_id must not be null'
            using errcode = 'invalid_parameter_value',
                  hint = 'Call agent.get_project() to list the bases you may use.';
    end if;
    select * into _b from agent.base b where b.base_id = _base.base_id and b.dropped_at is null;
    if not found
       or not (exists (select from agent.base_access a where a.base_id = _base.base_id and a.role_name = session_user::text collate pg_catalog."default")
               or agent._is_admin()) then
        raise exception 'base % is not available to role %', _base.base_id, session_user
            using errcode = 'insufficient_privilege',
                  detail = 'rule: base_access',
                  hint = 'Call agent.get_project() to list the bases you may use.';
    end if;
    return _b;
end;
$$;

comment on function agent._base(uuid) is
$md$Return the live base with this id if the session's login role may use it; else raise 42501.

Private helper of the agent.* functions.$md$;

alter function agent._base(uuid) owner to dbagent_owner;
revoke all on function agent._base(uuid) from public;
