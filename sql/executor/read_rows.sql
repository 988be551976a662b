-- A table's rows as text (the row type's own text form, exact for every type), every row
-- whatever the policies say: what a clone or a dump copies. Only while dbagent copies from that
-- schema (dbagent.copy_source, set by dbagent around the copy) and only for a session whose
-- login may use that base: the function gives no session more than it may read already.
-- dbagent_owner holds EXECUTE with GRANT OPTION and lends it to a clone's owner role for the
-- copy's transaction.
create or replace function agent_exec.read_rows(schema_name text, table_name text)
returns setof text
language plpgsql
stable
security definer  -- why: reads every row of a base's table, row level security aside
set search_path = ''
as $$
begin
    if coalesce(pg_catalog.current_setting('dbagent.copy_source', true), '') <> schema_name
       or not exists (
           select from agent.base b
           where b.schema_name = read_rows.schema_name and b.dropped_at is null
             and (exists (select from agent.base_access a where a.base_id = b.base_id
                          and a.role_name = session_user::text collate pg_catalog."default")
                  or coalesce((select r.rolsuper from pg_catalog.pg_roles r where r.rolname = session_user), false)
                  or pg_catalog.pg_has_role(session_user, 'dbagent_admin', 'MEMBER'))) then
        raise exception 'rows of %.% are not available to this session', schema_name, table_name
            using errcode = 'insufficient_privilege', detail = 'rule: base_access';
    end if;
    return query execute pg_catalog.format('select t::text from %I.%I t', schema_name, table_name);
end;
$$;

comment on function agent_exec.read_rows(text, text) is
$md$Every row of a base's table as the row type's text, for a clone or dump dbagent is making.

Private: dbagent_owner lends EXECUTE for one copy.$md$;

alter function agent_exec.read_rows(text, text) owner to dbagent_keeper;
revoke all on function agent_exec.read_rows(text, text) from public;
grant execute on function agent_exec.read_rows(text, text) to dbagent_owner with grant option;
