create or replace function agent.admin_token_revoke(token_id uuid default null, agent text default null)
returns integer
language plpgsql
volatile
security definer  -- why: writes agent.api_token, which no login role may write directly
set search_path = ''
as $$
declare
    _n integer;
    _r record;
begin
    perform agent._require_admin('revoke tokens');
    if (admin_token_revoke.token_id is null) = (admin_token_revoke.agent is null) then
        raise exception 'give either token_id or agent'
            using errcode = 'invalid_parameter_value',
                  hint = 'token_id revokes one token; agent revokes every token of that agent role (or base).';
    end if;
    _n := 0;
    for _r in
        update agent.api_token t set revoked_at = pg_catalog.now(), revoked_by = session_user
        where t.revoked_at is null
          and (t.token_id = admin_token_revoke.token_id
               or t.role_name = admin_token_revoke.agent
               or t.role_name = (select b.agent_role from agent.base b
                                 where b.name = admin_token_revoke.agent and b.dropped_at is null))
        returning t.token_id, t.role_name
    loop
        _n := _n + 1;
        perform agent._audit('token_revoke', null, 'ok',
                             pg_catalog.jsonb_build_object('role', _r.role_name, 'token_id', _r.token_id));
    end loop;
    if _n = 0 then
        raise notice 'no active token matched, nothing revoked';
    end if;
    return _n;
end;
$$;

comment on function agent.admin_token_revoke(uuid, text) is
$md$Revoke a bearer token (TOKEN_ID) or every token of an agent (AGENT: a role, or a base's agent role).

Admin only. Returns how many tokens were revoked; a revoked token fails on its next request.$md$;

alter function agent.admin_token_revoke(uuid, text) owner to dbagent_owner;
revoke all on function agent.admin_token_revoke(uuid, text) from public;
grant execute on function agent.admin_token_revoke(uuid, text) to dbagent_admin;
