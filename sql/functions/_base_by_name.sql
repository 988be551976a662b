create or replace function agent._base_by_name(base text)
returns agent.base
language plpgsql
stable
set search_path = ''
as $$
declare
    _b agent.base;
begin
    if base ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
        select * into _b from agent.base b where b.base_id = base::uuid and b.dropped_at is null;
    else
        select * into _b from agent.base b where b.name = base and b.dropped_at is null;
    end if;
    if not found then
        raise exception 'there is no base "%"', base
            using errcode = 'undefined_object',
                  hint = 'List the bases with agent.admin_list_bases() (dbagent base list).';
    end if;
    return _b;
end;
$$;

comment on function agent._base_by_name(text) is
$md$Return the live base with this name (or id), or raise undefined_object.

Private helper of the admin functions.$md$;

alter function agent._base_by_name(text) owner to dbagent_owner;
revoke all on function agent._base_by_name(text) from public;
