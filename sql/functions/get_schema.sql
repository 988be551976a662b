create or replace function agent.get_schema(base_id uuid, options jsonb default '{}')
returns jsonb
language plpgsql
stable
security definer  -- why: checks the caller's access in the registry, which agent roles may not read
set search_path = ''
as $$
declare
    _b agent.base := agent._base(get_schema.base_id);
    _compact boolean := coalesce((options ->> 'compact')::boolean, false);
    _tables text[] := case when options ? 'tables'
                           then array(select pg_catalog.jsonb_array_elements_text(options -> 'tables'))
                      end;
    _ns oid;
    _key text;
begin
    for _key in select pg_catalog.jsonb_object_keys(coalesce(options, '{}')) loop
        if _key not in ('compact', 'tables') then
            raise exception 'unknown option "%"', _key
                using errcode = 'invalid_parameter_value',
                      hint = 'Options are compact (true: names and types only) and tables (a list of table names).';
        end if;
    end loop;
    select n.oid into _ns from pg_catalog.pg_namespace n where n.nspname = _b.schema_name;
    -- Agent-facing answers stay small: a large base is described compactly unless asked otherwise.
    if not options ? 'compact' and _tables is null
       and (select count(*) from pg_catalog.pg_class c where c.oid = any(agent._schema_objects(_ns, 'pg_catalog.pg_class'))
                and c.relnamespace = _ns and c.relkind in ('r', 'p')) > 200 then
        return agent._describe_schema(_ns, true, null)
            || pg_catalog.jsonb_build_object('base_id', _b.base_id, 'name', _b.name, 'schema', _b.schema_name,
                   'note', 'compact because the base has more than 200 tables: pass {"tables": [...]} for details, '
                           'or {"compact": false} for everything');
    end if;
    return agent._describe_schema(_ns, _compact, _tables)
        || pg_catalog.jsonb_build_object('base_id', _b.base_id, 'name', _b.name, 'schema', _b.schema_name);
end;
$$;

comment on function agent.get_schema(uuid, jsonb) is
$md$Describe a base in one call: tables (columns with types, nullability, defaults and system flags; keys, foreign keys, checks, indexes, row level security, policies, triggers, row estimates), views, functions, enums, sequences.

Read-only; built on pg_catalog. Call it before changing the schema. options: {"compact": true}
gives names and types only (for large bases); {"tables": ["a", "b"]} limits the tables
described; a base of more than 200 tables is described compactly unless "compact": false is
given. The five system fields (id, created_at, updated_at, created_by, updated_by) are
marked "system": true: dbagent maintains them, never define them yourself.$md$;

alter function agent.get_schema(uuid, jsonb) owner to dbagent_owner;
revoke all on function agent.get_schema(uuid, jsonb) from public;
grant execute on function agent.get_schema(uuid, jsonb) to dbagent_agent, dbagent_admin;
