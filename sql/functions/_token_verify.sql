-- The agent a bearer token acts as, checked on every request of `dbagent serve` (no cache: a
-- revoked or expired token fails on its next request). The server sends the token's SHA-256,
-- never the token. A token is dead when revoked, expired, or when its role was dropped (the
-- OID no longer exists, or a new role took the name), renamed, or given rights beyond an
-- agent's. Called by the server's superuser connection; no grants.
create or replace function agent._token_verify(token_sha256 bytea)
returns table (token_id uuid, role_name text, expires_at timestamptz, role_oid oid)
language plpgsql
stable
set search_path = ''
as $$
begin
    -- plpgsql, not sql: its plan is cached per session (a SQL function's is made on every call)
    return query
    select t.token_id, t.role_name, t.expires_at, t.role_oid
    from agent.api_token t
    join pg_catalog.pg_roles r on r.oid = t.role_oid and r.rolname = t.role_name
    where t.sha256 = _token_verify.token_sha256
      and t.revoked_at is null
      and (t.expires_at is null or t.expires_at > pg_catalog.clock_timestamp())
      and agent._token_role_ok(t.role_oid);
end;
$$;

comment on function agent._token_verify(bytea) is
$md$The token id, agent role (name and OID) and expiry of a live bearer token, given its SHA-256; no row for a dead one.

Private: called by dbagent serve on every request, as the server's superuser.$md$;

alter function agent._token_verify(bytea) owner to dbagent_owner;
revoke all on function agent._token_verify(bytea) from public;
