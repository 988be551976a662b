create or replace function agent.admin_token_list(agent text default null, include_inactive boolean default false)
returns jsonb
language plpgsql
stable
security definer  -- why: reads agent.api_token, which no login role may read directly
set search_path = ''
as $$
declare
    _out jsonb;
begin
    perform agent._require_admin('list tokens');
    select coalesce(pg_catalog.jsonb_agg(x.j order by x.created_at, x.token_id), '[]') into _out
    from (
        select t.created_at, t.token_id, pg_catalog.jsonb_build_object(
            'token_id', t.token_id, 'role', t.role_name, 'label', t.label,
            'created_at', t.created_at, 'created_by', t.created_by, 'expires_at', t.expires_at,
            'revoked_at', t.revoked_at, 'revoked_by', t.revoked_by,
            'status', case when t.revoked_at is not null then 'revoked'
                           when t.expires_at is not null and t.expires_at <= pg_catalog.now() then 'expired'
                           when not exists (select from pg_catalog.pg_roles r
                                            where r.oid = t.role_oid and r.rolname = t.role_name)
                                then 'role_dropped'
                           when not agent._token_role_ok(t.role_oid) then 'role_not_agent'
                           else 'active' end) as j
        from agent.api_token t
        where (admin_token_list.agent is null or t.role_name = admin_token_list.agent
               or t.role_name = (select b.agent_role from agent.base b
                                 where b.name = admin_token_list.agent and b.dropped_at is null))
    ) x
    where admin_token_list.include_inactive or x.j ->> 'status' = 'active';
    return _out;
end;
$$;

comment on function agent.admin_token_list(text, boolean) is
$md$List bearer tokens (never the tokens themselves): token_id, role, label, times and status.

Admin only. AGENT narrows to one agent role (or a base's agent role); inactive tokens (revoked,
expired, role dropped) only with include_inactive.$md$;

alter function agent.admin_token_list(text, boolean) owner to dbagent_owner;
revoke all on function agent.admin_token_list(text, boolean) from public;
grant execute on function agent.admin_token_list(text, boolean) to dbagent_admin;
