-- Whether role ROLE_OID is a plain agent login that a token may act as (see
-- agent._token_agent_role). Checked when a token is made and again on every request.
create or replace function agent._token_role_ok(role_oid oid)
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
    -- plpgsql, not sql: its plan is cached per session (a SQL function's is made on every call)
    return coalesce((
        select r.rolcanlogin and not r.rolsuper and not r.rolcreaterole and not r.rolreplication
               and not r.rolbypassrls and not r.rolcreatedb
               and pg_catalog.pg_has_role(r.oid, 'dbagent_agent', 'MEMBER')
               and not pg_catalog.pg_has_role(r.oid, 'dbagent_admin', 'MEMBER')
               and not pg_catalog.pg_has_role(r.oid, 'dbagent_owner', 'MEMBER')
        from pg_catalog.pg_roles r where r.oid = _token_role_ok.role_oid), false);
end;
$$;

comment on function agent._token_role_ok(oid) is
$md$Whether a role is a plain agent login a token may act as: a member of dbagent_agent with no admin rights.

Private helper of the token functions.$md$;

alter function agent._token_role_ok(oid) owner to dbagent_owner;
revoke all on function agent._token_role_ok(oid) from public;
