-- Applies agent._agent_role_settings to every agent login role whose limits are not the ones its
-- base (or, for project agents, the settings) asks for: after an upgrade that changed them, or a
-- setting that changed. Roles already right are not touched, so with thousands of bases an
-- install does not rewrite every role.
create or replace function agent._refresh_agent_roles()
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
    _r record;
    _n integer := 0;
    _temp text := coalesce((select s.value #>> '{}' from agent.setting s where s.key = 'agent_temp_file_limit'), '1GB');
    _limit integer := coalesce((select (s.value #>> '{}')::integer from agent.setting s
                                where s.key = 'agent_connection_limit'), 10);
begin
    for _r in
        with want as (
            select b.agent_role as role, b.max_connections as conn, b.idle_in_transaction_timeout_ms as idle
            from agent.base b where b.dropped_at is null
            union all
            select p.role_name, _limit, 60000 from agent.project_agent p
        )
        select w.role, w.conn, w.idle
        from want w
        join pg_catalog.pg_roles r on r.rolname = w.role
        left join pg_catalog.pg_db_role_setting s on s.setrole = r.oid and s.setdatabase = 0
        where r.rolconnlimit <> w.conn
           or s.setconfig is null
           or not (s.setconfig @> array['idle_in_transaction_session_timeout=' || w.idle || 'ms',
                                        'client_connection_check_interval=2s', 'temp_file_limit=' || _temp])
    loop
        perform agent._agent_role_settings(_r.role, _r.conn, _r.idle);
        _n := _n + 1;
    end loop;
    -- What agent roles came to own before the session wall refused it (large objects, default
    -- privileges): nothing an agent may own, and a dependency that could keep other roles from
    -- being dropped. (Superusers only: agent._drop_owned is theirs.)
    if (select r.rolsuper from pg_catalog.pg_roles r where r.rolname = current_user) then
        for _r in
            select distinct r.rolname
            from pg_catalog.pg_shdepend d
            join pg_catalog.pg_roles r on r.oid = d.refobjid
            where d.dbid = (select db.oid from pg_catalog.pg_database db where db.datname = pg_catalog.current_database())
              and d.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass and d.deptype = 'o'
              and not r.rolsuper and pg_catalog.pg_has_role(r.oid, 'dbagent_agent', 'MEMBER')
        loop
            execute pg_catalog.format('drop owned by %I cascade', _r.rolname);
        end loop;
    end if;
    return _n;
end;
$$;

comment on function agent._refresh_agent_roles() is
$md$Bring every agent login role's session limits up to date (only the roles that differ); drop what agent roles own in this database. Returns how many roles changed.

Private: run by `dbagent install`.$md$;

alter function agent._refresh_agent_roles() owner to dbagent_owner;
revoke all on function agent._refresh_agent_roles() from public;
