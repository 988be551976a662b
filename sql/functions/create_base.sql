create or replace function agent.create_base(name text)
returns jsonb
language plpgsql
volatile
security definer  -- why: creates a schema and roles, which agent roles may never do themselves
set search_path = ''
set lock_timeout = '5s'
as $$
declare
    _wall constant boolean := agent._session_wall();  -- before the handler's subtransaction
    _quota integer;
    _used integer;
    _r record;
begin
    if not agent._is_admin() then
        -- This agent's creates one at a time, so two concurrent calls cannot both pass the quota: the
        -- lock is its agent.project_agent row, which no agent can read or lock.
        select p.max_bases into _quota from agent.project_agent p
        where p.role_name = session_user::text collate pg_catalog."default"
        for no key update of p;
        if not found then
            raise exception 'role % may not create bases', session_user
                using errcode = 'insufficient_privilege',
                      detail = 'rule: create_base',
                      hint = 'Only project-level agents create bases; use the bases agent.get_project() lists, or ask an admin.';
        end if;
        select count(*) into _used from agent.base b
        where b.created_by = session_user::text collate pg_catalog."default" and b.dropped_at is null;
        if _used >= _quota then
            raise exception 'role % has reached its quota of % bases', session_user, _quota
                using errcode = 'program_limit_exceeded',
                      hint = 'Use one of your bases (agent.get_project()), or ask an admin to raise max_bases.';
        end if;
    end if;
    select * into _r from agent._create_base(name, session_user);
    return pg_catalog.jsonb_build_object(
        'base_id', (_r.base).base_id,
        'name', (_r.base).name,
        'schema', (_r.base).schema_name);
exception when lock_not_available then
    perform agent._lock_busy('create the base');
end;
$$;

comment on function agent.create_base(text) is
$md$Create a new base (one schema) for your project, and get access to it.

For project-level agents, within their quota of bases. Names are lower-case snake_case
(1-40 characters). Returns base_id, name and schema. Call it when agent.get_project() lists
no base for the work at hand.$md$;

alter function agent.create_base(text) owner to dbagent_owner;
revoke all on function agent.create_base(text) from public;
grant execute on function agent.create_base(text) to dbagent_agent, dbagent_admin;
