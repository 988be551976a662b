create or replace function agent.admin_token_create(
    agent text,
    expires_at timestamptz default null,
    label text default null
)
returns jsonb
language plpgsql
volatile
security definer  -- why: writes agent.api_token, which no login role may write directly
set search_path = ''
as $$
declare
    _role oid;
    _name text;
    _token text;
    _id uuid;
begin
    perform agent._require_admin('create tokens');
    select r.role_oid, r.role_name into _role, _name from agent._token_agent_role(admin_token_create.agent) r;
    if admin_token_create.expires_at is not null and admin_token_create.expires_at <= pg_catalog.now() then
        raise exception 'expires_at is not in the future'
            using errcode = 'invalid_parameter_value',
                  hint = 'Give a later time, or none for a token that lasts until it is revoked.';
    end if;
    -- 244 random bits (two v4 UUIDs from the server's strong RNG), hex; "dbat_" marks it as a
    -- dbagent token for secret scanners and for the server's cheap format check.
    _token := 'dbat_' || agent._new_password();
    insert into agent.api_token (sha256, role_name, role_oid, label, created_by, expires_at)
    values (pg_catalog.sha256(pg_catalog.convert_to(_token, 'UTF8')), _name, _role,
            admin_token_create.label, session_user, admin_token_create.expires_at)
    returning token_id into _id;
    perform agent._audit('token_create', null, 'ok',
                         pg_catalog.jsonb_build_object('role', _name, 'token_id', _id,
                                                       'expires_at', admin_token_create.expires_at));
    return pg_catalog.jsonb_build_object('token_id', _id, 'token', _token, 'role', _name,
                                         'label', admin_token_create.label,
                                         'expires_at', admin_token_create.expires_at);
end;
$$;

comment on function agent.admin_token_create(text, timestamptz, text) is
$md$Create a bearer token for `dbagent serve` that acts as agent role AGENT (or as the agent role of base AGENT).

Admin only. Returns token_id, token (shown once: only its SHA-256 is stored), role, label and
expires_at (null: until revoked). Requests with the token act as exactly that role: its bases,
quota and audit identity. Tokens of admins and superusers are refused.$md$;

alter function agent.admin_token_create(text, timestamptz, text) owner to dbagent_owner;
revoke all on function agent.admin_token_create(text, timestamptz, text) from public;
grant execute on function agent.admin_token_create(text, timestamptz, text) to dbagent_admin;
