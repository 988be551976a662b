-- The statement-level BEFORE TRUNCATE trigger dbagent puts on every table it manages
-- (dbagent_keep_truncate). During a tool call the table's rows are copied to the base's recycle
-- schema before TRUNCATE empties it (a copy: TRUNCATE keeps the table, its oid and what
-- depends on it, so nothing can be moved aside instead). Owned by dbagent_keeper, which bypasses
-- row level security, so the copy holds every row whatever the tenant's policies say.
create or replace function agent_exec.keep_truncate()
returns trigger
language plpgsql
volatile
security definer  -- why: reads every row of the table and writes the base's recycle schema
set search_path = ''
as $$
declare
    _call text := pg_catalog.current_setting('dbagent.call', true);
    _call_id uuid;
    _b record;
    _n bigint;
    _bytes bigint;
    _item uuid;
begin
    if _call is null or _call !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(:[0-9]{1,9})?$' then
        return null;
    end if;
    _call_id := pg_catalog.split_part(_call, ':', 1)::uuid;
    select b.base_id, b.retention_days into _b
    from agent.base b where b.schema_name = tg_table_schema and b.dropped_at is null;
    if not found then
        return null;
    end if;
    insert into agent.recoverable (base_id, kind, operation, table_name, table_oid, call_id, statement, expires_at, details)
    values (_b.base_id, 'rows', 'truncate', tg_table_name, tg_relid, _call_id,
            nullif(pg_catalog.split_part(_call, ':', 2), '')::integer,
            pg_catalog.now() + pg_catalog.make_interval(days => _b.retention_days),
            pg_catalog.jsonb_build_object('columns', (select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)) order by a.attnum) from pg_catalog.pg_attribute a where a.attrelid = tg_relid and a.attnum > 0 and not a.attisdropped)))
    returning item_id into _item;
    if pg_catalog.current_setting('dbagent.measure', true) = _call_id::text then
        -- a call that will be rolled back and answered with its impact: count, copy nothing
        execute pg_catalog.format('select count(*), 0 from %I.%I', tg_table_schema, tg_table_name) into _n, _bytes;
    else
        execute pg_catalog.format(
            'with i as (insert into %I.kept_rows (item_id, data) select $1, t::text from %I.%I t '
            'returning pg_catalog.octet_length(data) as s) select count(*), coalesce(sum(i.s), 0) from i',
            'dbagent_r_' || pg_catalog.replace(_b.base_id::text, '-', ''), tg_table_schema, tg_table_name)
            using _item into _n, _bytes;
    end if;
    if _n = 0 then
        delete from agent.recoverable r where r.item_id = _item;
    else
        update agent.recoverable r set row_count = _n, bytes = _bytes where r.item_id = _item;
        perform pg_catalog.set_config('dbagent.kept', _call_id::text, true);
    end if;
    return null;
end;
$$;

comment on function agent_exec.keep_truncate() is
$md$Trigger: copy a table's rows to the base's recycle schema before a tool call's TRUNCATE empties it.

Used by the dbagent_keep_truncate trigger of every table dbagent manages.$md$;

alter function agent_exec.keep_truncate() owner to dbagent_keeper;
revoke all on function agent_exec.keep_truncate() from public;
grant execute on function agent_exec.keep_truncate() to dbagent_tenant;
