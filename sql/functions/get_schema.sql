create or replace function agent.get_schema(base_id uuid, options jsonb default '{}')
returns jsonb
language plpgsql
volatile  -- it writes its audit row
security definer  -- why: checks the caller's access in the registry, which agent roles may not read
set search_path = ''
as $$
declare
    _wall constant boolean := agent._session_wall();  -- before the handler's subtransaction
    _t0 timestamptz := pg_catalog.clock_timestamp();
    _b agent.base;
    _compact boolean;
    _tables text[];
    _ns oid;
    _key text;
    _out jsonb;
    _attempt integer := 0;
    _state text;
    _msg text;
    _expired boolean;
begin
    _b := agent._base(get_schema.base_id);
    perform agent._clock_start(_b.statement_timeout_ms);  -- dbagent's clock: a session's SET cannot lift it
    for _key in select pg_catalog.jsonb_object_keys(coalesce(options, '{}')) loop
        if _key not in ('compact', 'tables') then
            raise exception 'unknown option "%"', _key
                using errcode = 'invalid_parameter_value',
                      hint = 'Options are compact (true: names and types only) and tables (a list of table names).';
        end if;
    end loop;
    _compact := coalesce((options ->> 'compact')::boolean, false);
    _tables := case when options ? 'tables'
                    then array(select pg_catalog.jsonb_array_elements_text(options -> 'tables')) end;
    select n.oid into _ns from pg_catalog.pg_namespace n where n.nspname = _b.schema_name;
    -- Another session's DDL on this base (a table dropped between the list of tables and the
    -- functions that describe one) fails the read: read again, from a fresh catalog snapshot.
    loop
        _attempt := _attempt + 1;
        begin
            -- Agent-facing answers stay small: a large base is described compactly unless asked otherwise.
            if not options ? 'compact' and _tables is null
               and (select count(*) from pg_catalog.pg_class c
                    where c.oid = any(agent._schema_objects(_ns, 'pg_catalog.pg_class'))
                      and c.relnamespace = _ns and c.relkind in ('r', 'p')) > 200 then
                _out := agent._describe_schema(_ns, true, null)
                    || pg_catalog.jsonb_build_object(
                           'note', 'compact because the base has more than 200 tables: pass {"tables": [...]} for '
                                   'details, or {"compact": false} for everything');
            else
                _out := agent._describe_schema(_ns, _compact, _tables);
            end if;
            exit;
        exception when internal_error or undefined_table or undefined_object or undefined_function then
            if _attempt >= 3 then
                raise exception 'the schema of base "%" changed while it was being read', _b.name
                    using errcode = 'serialization_failure',
                          hint = 'Other calls are changing this base''s schema; call get_schema again.';
            end if;
        end;
    end loop;
    _out := _out || pg_catalog.jsonb_build_object('base_id', _b.base_id, 'name', _b.name, 'schema', _b.schema_name);
    perform agent._clock_stop();
    perform agent._audit_call('get_schema', _b.base_id, _t0, pg_catalog.jsonb_build_object('options', options));
    return _out;
exception when others or query_canceled then
    _expired := agent._clock_stop();
    get stacked diagnostics _state = returned_sqlstate, _msg = message_text;
    perform agent._audit_call('get_schema', get_schema.base_id, _t0,
                              pg_catalog.jsonb_build_object('options', options), _state, _msg);
    if _state = '57014' and _expired then
        raise exception 'canceling statement due to the base''s statement timeout (% ms)', _b.statement_timeout_ms
            using errcode = 'query_canceled',
                  hint = 'The limit is the base''s, set by its admin; describe fewer tables at a time ({"tables": [...]} or {"compact": true}).';
    end if;
    raise;
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
