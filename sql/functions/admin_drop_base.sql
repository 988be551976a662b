create or replace function agent.admin_drop_base(base text)
returns boolean
language plpgsql
volatile
security definer  -- why: drops a schema and roles owned by dbagent
set search_path = ''
set lock_timeout = '5s'
as $$
declare
    _b agent.base;
begin
    perform agent._require_admin('drop bases');
    -- One drop (or change of limits) of a base at a time: the lock is the base's registry row,
    -- which no agent can read or lock.
    select * into _b from agent.base b
    where (b.name = admin_drop_base.base or b.base_id::text = admin_drop_base.base) and b.dropped_at is null
    for no key update of b;
    if not found then
        raise notice 'there is no base "%", skipping', base;
        return false;
    end if;
    -- The base's agent login goes: its sessions end first (one could hold its tables' locks).
    perform pg_catalog.pg_terminate_backend(a.pid)
    from pg_catalog.pg_stat_activity a
    where a.usename = _b.agent_role collate pg_catalog."C" and a.pid <> pg_catalog.pg_backend_pid();
    perform agent._before_drop_base(_b);
    -- acting as the tenant owner to drop what it owns; the membership goes with the role
    perform agent._borrow_role(_b.owner_role);
    execute pg_catalog.format('drop schema if exists %I cascade', _b.schema_name);
    -- What the roles still own or were granted, here (the executors, staged files) and in any other
    -- database, whoever granted it: nothing another role did can keep them from being dropped.
    perform agent._drop_owned(_b.owner_role);
    perform agent._drop_owned(_b.agent_role);
    execute pg_catalog.format('drop role if exists %I', _b.agent_role);
    execute pg_catalog.format('drop role if exists %I', _b.owner_role);
    if _b.user_role is not null and exists (select from pg_catalog.pg_roles r where r.rolname = _b.user_role) then
        perform agent._borrow_role(_b.user_role);
        execute pg_catalog.format('drop owned by %I cascade', _b.user_role);
        execute pg_catalog.format('drop role %I', _b.user_role);
    end if;
    update agent.base b set dropped_at = pg_catalog.now(), dropped_by = session_user
    where b.base_id = _b.base_id;
    perform agent._audit('drop_base', _b.base_id, 'ok', pg_catalog.jsonb_build_object('name', _b.name));
    return true;
exception when lock_not_available then
    perform agent._lock_busy('drop the base');
end;
$$;

comment on function agent.admin_drop_base(text) is
$md$Drop a base (by name or id): its schema with all data, and its roles.

Admin only. The base's record and its audit history are kept. Its agent's open sessions are
ended. Returns false with a notice when there is no such base.$md$;

alter function agent.admin_drop_base(text) owner to dbagent_owner;
revoke all on function agent.admin_drop_base(text) from public;
grant execute on function agent.admin_drop_base(text) to dbagent_admin;
