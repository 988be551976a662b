-- Whether the session's login role administers dbagent: a superuser or a member of
-- dbagent_admin. session_user, not current_user: inside a SECURITY DEFINER function
-- current_user is the definer, and a login role cannot change its session_user.
-- (plpgsql, not sql: its plan is cached per session; this runs on every tool call.)
create or replace function agent._is_admin()
returns boolean
language plpgsql
stable
set search_path = ''
as $$
begin
    return coalesce((select r.rolsuper from pg_catalog.pg_roles r where r.rolname = session_user), false)
        or pg_catalog.pg_has_role(session_user, 'dbagent_admin', 'MEMBER');
end;
$$;

comment on function agent._is_admin() is
$md$Whether the session's login role is a dbagent admin (superuser or member of dbagent_admin).

Private helper of the agent.* functions.$md$;

alter function agent._is_admin() owner to dbagent_owner;
revoke all on function agent._is_admin() from public;
