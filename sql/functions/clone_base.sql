create or replace function agent.clone_base(base_id uuid, name text)
returns jsonb
language plpgsql
volatile
security definer  -- why: creates a schema and roles and copies every row of a base, which agent roles may never do themselves
set search_path = ''
as $$
declare
    _wall constant boolean := agent._session_wall();  -- the session wall: before anything else
    _quota integer;
    _used integer;
    _r jsonb;
begin
    if not agent._is_admin() then
        select p.max_bases into _quota from agent.project_agent p where p.role_name = session_user::text collate pg_catalog."default";
        if not found then
            raise exception 'role % may not create bases', session_user
                using errcode = 'insufficient_privilege',
                      detail = 'rule: create_base',
                      hint = 'Only project-level agents branch bases; ask an admin (dbagent base clone).';
        end if;
        perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('dbagent.quota:' || session_user));
        select count(*) into _used from agent.base b
        where b.created_by = session_user::text collate pg_catalog."default" and b.dropped_at is null;
        if _used >= _quota then
            raise exception 'role % has reached its quota of % bases', session_user, _quota
                using errcode = 'program_limit_exceeded',
                      hint = 'Drop a base you no longer need, or ask an admin to raise max_bases.';
        end if;
    end if;
    _r := agent._result(agent._branch('clone', pg_catalog.jsonb_build_object(
              'base_id', base_id, 'name', name, 'grant_to', session_user::text)));
    return _r - 'agent_role' - 'agent_password';
end;
$$;

comment on function agent.clone_base(uuid, text) is
$md$Branch a base: a new base NAME with the same tables, rows, views, functions, triggers, policies and grants, in its own schema with its own roles, made in one transaction; you get access to it.

For project-level agents, within their quota of bases (like agent.create_base), and admins. Try
a migration on the copy before running it on the original. The source's tables are locked
against writes while they are copied. Returns base_id, name, schema, cloned_from and rows per
table.$md$;

alter function agent.clone_base(uuid, text) owner to dbagent_owner;
revoke all on function agent.clone_base(uuid, text) from public;
grant execute on function agent.clone_base(uuid, text) to dbagent_agent, dbagent_admin;
