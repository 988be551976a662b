-- Makes one of dbagent's own login or tenant roles droppable whatever other roles did to it:
-- DROP OWNED BY in this database and in every other database of the cluster where the role
-- still has a dependency (pg_shdepend lists them): its own objects there (large objects, default
-- privileges) and every privilege granted to it (a default privilege or large object ACL another
-- agent granted it, before the session wall refused that, or in a database the wall does not
-- cover). Other databases are reached over the loopback connection the audit uses.
--
-- Owned by the installing superuser, not dbagent_owner: revoking a grant that another role made
-- on its own object takes that role's rights or a superuser's, and only a superuser may open the
-- passwordless loopback connection. It acts only on roles dbagent created (a base's roles, a
-- project agent), never on a superuser; only dbagent_owner may call it.
create or replace function agent._drop_owned(role text)
returns jsonb
language plpgsql
volatile
security definer  -- why: revokes grants other roles made to ROLE and reaches other databases; a superuser can, nobody else
set search_path = ''
as $$
declare
    _host text := pg_catalog.split_part(pg_catalog.current_setting('unix_socket_directories'), ',', 1);
    _db text;
    _done text[] := array[pg_catalog.current_database()];
begin
    if not (exists (select from agent.base b where b.owner_role = _drop_owned.role or b.agent_role = _drop_owned.role)
            or exists (select from agent.project_agent p where p.role_name = _drop_owned.role))
       or exists (select from pg_catalog.pg_roles r where r.rolname = _drop_owned.role and r.rolsuper) then
        raise exception 'role "%" is not one of dbagent''s base or agent roles', role
            using errcode = 'insufficient_privilege';
    end if;
    if not exists (select from pg_catalog.pg_roles r where r.rolname = _drop_owned.role) then
        return pg_catalog.jsonb_build_object('databases', '[]'::jsonb);
    end if;
    execute pg_catalog.format('drop owned by %I cascade', role);
    for _db in
        select distinct d.datname
        from pg_catalog.pg_shdepend s
        join pg_catalog.pg_database d on d.oid = s.dbid
        where s.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass
          and s.refobjid = (select r.oid from pg_catalog.pg_roles r where r.rolname = _drop_owned.role)
          and d.datname <> pg_catalog.current_database()
        order by 1
    loop
        if pg_catalog.to_regnamespace('agent_dblink') is null then
            raise exception 'role "%" still has objects or privileges in database "%"', role, _db
                using errcode = 'dependent_objects_still_exist',
                      hint = pg_catalog.format('dblink is not installed, so dbagent cannot reach that database: as a superuser, '
                                               'connect to it and run DROP OWNED BY %I; then drop again.', role);
        end if;
        begin
            perform agent_dblink.dblink_exec(pg_catalog.format(
                'dbname=%s user=%s host=%s port=%s application_name=dbagent_drop',
                agent._conninfo_quote(_db), agent._conninfo_quote(current_user::text),
                agent._conninfo_quote(case when pg_catalog.btrim(_host) = '' then 'localhost' else pg_catalog.btrim(_host) end),
                pg_catalog.current_setting('port')),
                pg_catalog.format('drop owned by %I cascade', role));
        exception when others then
            raise exception 'role "%" still has objects or privileges in database "%"', role, _db
                using errcode = 'dependent_objects_still_exist',
                      detail = sqlerrm,
                      hint = pg_catalog.format('As a superuser, connect to database %s and run DROP OWNED BY %I; '
                                               'then drop again.', _db, role);
        end;
        _done := _done || _db;
    end loop;
    return pg_catalog.jsonb_build_object('databases', pg_catalog.to_jsonb(_done));
end;
$$;

comment on function agent._drop_owned(text) is
$md$DROP OWNED BY one of dbagent's roles here and in every other database where it still has objects or privileges, so the role can be dropped.

Private helper of the drops. Owned by the installing superuser; only dbagent_owner may call it.$md$;

revoke all on function agent._drop_owned(text) from public;
grant execute on function agent._drop_owned(text) to dbagent_owner;
