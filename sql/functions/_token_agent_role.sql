-- The agent role a token may act as: the role named AGENT, else the agent role of the live base
-- named AGENT. Only a plain agent login is accepted: a member of dbagent_agent that can log in,
-- with no superuser, CREATEROLE, REPLICATION or BYPASSRLS attribute and no membership in
-- dbagent_admin (a token must never carry more than the agent's own login does).
create or replace function agent._token_agent_role(agent text, out role_oid oid, out role_name text)
language plpgsql
stable
set search_path = ''
as $$
begin
    select r.oid, r.rolname::text into role_oid, role_name
    from pg_catalog.pg_roles r where r.rolname = _token_agent_role.agent;
    if role_oid is null then
        select r.oid, r.rolname::text into role_oid, role_name
        from agent.base b join pg_catalog.pg_roles r on r.rolname = b.agent_role
        where b.name = _token_agent_role.agent and b.dropped_at is null;
    end if;
    if role_oid is null then
        raise exception 'there is no agent role or base "%"', agent
            using errcode = 'undefined_object',
                  hint = 'Name a project agent (dbagent agent create) or a base (its agent role); '
                         'dbagent base list shows them.';
    end if;
    if not agent._token_role_ok(role_oid) then
        raise exception 'role "%" is not an agent role', role_name
            using errcode = 'insufficient_privilege',
                  detail = 'rule: token_role',
                  hint = 'Tokens act as agent roles only (bases'' agent roles and project agents), '
                         'never as admins or superusers.';
    end if;
end;
$$;

comment on function agent._token_agent_role(text) is
$md$The agent role a token for AGENT acts as (a role name, or a base name for its agent role); refuses other roles.

Private helper of the admin_token_* functions.$md$;

alter function agent._token_agent_role(text) owner to dbagent_owner;
revoke all on function agent._token_agent_role(text) from public;
