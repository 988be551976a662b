-- A clone's fast path: copies every row of a table of one base into the same table of the base
-- being cloned from it, in one INSERT ... SELECT, as dbagent_keeper (every row, whatever the
-- source's policies say). Only while dbagent copies between those two schemas (dbagent.copy_source
-- and dbagent.copy_target, set around the copy), for a session whose login may use the source,
-- and only into a table where an INSERT runs no tenant code: no triggers, no row level security,
-- no rules, no domain-typed and no generated columns (else dbagent copies the rows as the target's
-- owner role instead). Columns of the source schema's own types (enums, composites, ranges) go
-- through their text form into the target's types (PostgreSQL's own input functions).
create or replace function agent_exec.copy_rows(source_schema text, target_schema text, table_name text,
                                                columns text[], casts text[])
returns bigint
language plpgsql
volatile
security definer  -- why: reads every row of a base's table and writes the clone's new table, row level security aside
set search_path = ''
as $$
declare
    _rel oid;
    _select text;
    _item text;
    _type oid;
    _i integer;
    _n bigint;
begin
    if coalesce(pg_catalog.current_setting('dbagent.copy_source', true), '') <> source_schema
       or coalesce(pg_catalog.current_setting('dbagent.copy_target', true), '') <> target_schema
       or pg_catalog.cardinality(columns) <> pg_catalog.cardinality(casts)
       or not exists (
           select from agent.base b
           where b.schema_name = copy_rows.source_schema and b.dropped_at is null
             and (exists (select from agent.base_access a where a.base_id = b.base_id
                          and a.role_name = session_user::text collate pg_catalog."default")
                  or coalesce((select r.rolsuper from pg_catalog.pg_roles r where r.rolname = session_user), false)
                  or pg_catalog.pg_has_role(session_user, 'dbagent_admin', 'MEMBER')))
       or not exists (select from agent.base b where b.schema_name = copy_rows.target_schema and b.dropped_at is null) then
        raise exception 'rows of %.% are not available to this session', source_schema, table_name
            using errcode = 'insufficient_privilege', detail = 'rule: base_access';
    end if;
    _rel := pg_catalog.to_regclass(pg_catalog.quote_ident(target_schema) || '.' || pg_catalog.quote_ident(table_name));
    if _rel is null
       or exists (select from pg_catalog.pg_class c where c.oid = _rel and (c.relrowsecurity or c.relhasrules or c.relkind <> 'r'))
       or exists (select from pg_catalog.pg_trigger g where g.tgrelid = _rel)
       or exists (select from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid
                  where a.attrelid = _rel and a.attnum > 0 and not a.attisdropped
                    and (a.attgenerated <> '' or t.typtype = 'd'
                         or exists (select from pg_catalog.pg_type e where e.oid = t.typelem and e.typtype = 'd'))) then
        raise exception 'rows of %.% cannot be copied by dbagent_keeper', target_schema, table_name
            using errcode = 'object_not_in_prerequisite_state';
    end if;
    for _i in 1 .. pg_catalog.cardinality(columns) loop
        if casts[_i] is null then
            _item := pg_catalog.format('t.%I', columns[_i]);
        else
            _type := (select t.oid from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
                      where t.oid = pg_catalog.to_regtype(casts[_i]) and n.nspname in (target_schema, 'pg_catalog'));
            if _type is null then
                raise exception 'type % is not in schema %', casts[_i], target_schema using errcode = 'invalid_parameter_value';
            end if;
            _item := pg_catalog.format('t.%I::text::%s', columns[_i], pg_catalog.format_type(_type, null));
        end if;
        _select := coalesce(_select || ', ', '') || _item;
    end loop;
    execute pg_catalog.format('insert into %I.%I (%s) overriding system value select %s from %I.%I t',
                              target_schema, table_name,
                              (select pg_catalog.string_agg(pg_catalog.quote_ident(c), ', ') from pg_catalog.unnest(columns) c),
                              _select, source_schema, table_name);
    get diagnostics _n = row_count;
    return _n;
end;
$$;

comment on function agent_exec.copy_rows(text, text, text, text[], text[]) is
$md$Copy every row of a base's table into the same table of its clone, in one statement.

Private to agent.clone_base.$md$;

alter function agent_exec.copy_rows(text, text, text, text[], text[]) owner to dbagent_keeper;
revoke all on function agent_exec.copy_rows(text, text, text, text[], text[]) from public;
grant execute on function agent_exec.copy_rows(text, text, text, text[], text[]) to dbagent_owner;
