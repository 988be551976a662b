-- The statement-level AFTER DELETE / AFTER UPDATE triggers dbagent puts on every table it
-- manages (dbagent_keep_delete, dbagent_keep_update; transition table dbagent_old; MERGE fires
-- them too). During a tool call (execute_sql sets dbagent.call), a statement's old rows are
-- kept in the base's recycle schema, as one recoverable item per call, table and operation,
-- when the statement
--   * empties the table (DELETE), or
--   * touches at least keep_rows_fraction of the table's rows and at least keep_rows_min rows, or
--   * is a top-level DELETE/UPDATE without WHERE (execute_sql lists its table in dbagent.keep_all), or
--   * follows from rows of a table this one references that the call kept already (cascades), or
--   * deletes from a table that other tables reference ON DELETE CASCADE / SET NULL / SET DEFAULT:
--     kept provisionally; execute_sql drops the item at the end of the call unless rows of a
--     referencing table were kept with it (recovery.py).
-- The table's size is counted only up to what the fraction needs (LIMIT n / fraction), so the
-- cost follows the statement's own size. Outside tool calls (an application's end users) the
-- triggers return at once. Owned by dbagent_keeper (BYPASSRLS): reading the transition table
-- and counting rows runs no tenant code.
create or replace function agent_exec.keep_rows()
returns trigger
language plpgsql
volatile
security definer  -- why: writes the base's recycle schema and registry, which the tenant cannot reach
set search_path = ''
as $$
declare
    _call text := pg_catalog.current_setting('dbagent.call', true);
    _call_id uuid;
    _statement integer;
    _b record;
    _n bigint;
    _rest bigint;
    _bytes bigint;
    _keep boolean;
    _item uuid;
    _op text := pg_catalog.lower(tg_op);
    _provisional boolean := false;
begin
    if _call is null or _call !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(:[0-9]{1,9})?$' then
        return null;
    end if;
    _call_id := pg_catalog.split_part(_call, ':', 1)::uuid;
    _statement := nullif(pg_catalog.split_part(_call, ':', 2), '')::integer;
    select count(*) into _n from dbagent_old;
    if _n = 0 then
        return null;
    end if;
    select b.base_id, b.keep_rows_fraction, b.keep_rows_min, b.retention_days into _b
    from agent.base b where b.schema_name = tg_table_schema and b.dropped_at is null;
    if not found then
        return null;
    end if;
    _keep := tg_relid::text = any(pg_catalog.string_to_array(
                 coalesce(pg_catalog.current_setting('dbagent.keep_all', true), ''), ','));
    -- cascades: rows of a table this one references were kept by this call already
    if not _keep and pg_catalog.current_setting('dbagent.kept', true) = _call_id::text then
        _keep := exists (select from agent.recoverable r
                         where r.call_id = _call_id and r.base_id = _b.base_id
                           and r.table_oid in (select k.confrelid from pg_catalog.pg_constraint k
                                               where k.conrelid = tg_relid and k.contype = 'f'));
    end if;
    if not _keep and _n >= _b.keep_rows_min then
        -- the table's size, counted only as far as the fraction needs
        execute pg_catalog.format('select count(*) from (select from %I.%I limit %s) s', tg_table_schema, tg_table_name,
                                  greatest(pg_catalog.ceil(_n / _b.keep_rows_fraction)::bigint, _n) + 1)
            into _rest;
        _keep := _n >= _b.keep_rows_fraction * (_rest + case when tg_op = 'DELETE' then _n else 0 end);
    end if;
    if not _keep and tg_op = 'DELETE' then
        -- the table emptied
        execute pg_catalog.format('select not exists (select from %I.%I)', tg_table_schema, tg_table_name) into _keep;
    end if;
    if not _keep and tg_op = 'DELETE' and exists (
            select from pg_catalog.pg_trigger g
            where g.tgrelid = tg_relid and g.tgisinternal
              and g.tgfoid in ('pg_catalog."RI_FKey_cascade_del"'::pg_catalog.regproc,
                               'pg_catalog."RI_FKey_setnull_del"'::pg_catalog.regproc,
                               'pg_catalog."RI_FKey_setdefault_del"'::pg_catalog.regproc)) then
        -- A delete that may cascade: its rows are kept until execute_sql sees whether rows of a
        -- referencing table went with them (then the cascade is kept whole), else it drops them.
        _keep := true;
        _provisional := true;
    end if;
    if not _keep then
        return null;
    end if;
    select r.item_id into _item from agent.recoverable r
    where r.call_id = _call_id and r.table_oid = tg_relid and r.operation = _op and r.kind = 'rows'
      and r.restored_at is null and r.purged_at is null;
    if not found then
        insert into agent.recoverable (base_id, kind, operation, table_name, table_oid, call_id, statement, expires_at,
                                       details)
        values (_b.base_id, 'rows', _op, tg_table_name, tg_relid, _call_id, _statement,
                pg_catalog.now() + pg_catalog.make_interval(days => _b.retention_days),
                pg_catalog.jsonb_build_object('columns', (select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)) order by a.attnum) from pg_catalog.pg_attribute a where a.attrelid = tg_relid and a.attnum > 0 and not a.attisdropped))
                || case when _provisional then '{"provisional": true}'::jsonb else '{}'::jsonb end)
        returning item_id into _item;
    elsif not _provisional then
        update agent.recoverable r set details = r.details - 'provisional' where r.item_id = _item;
    end if;
    if pg_catalog.current_setting('dbagent.measure', true) = _call_id::text then
        -- a call that will be rolled back and answered with its impact: count, copy nothing
        _bytes := 0;
    else
        execute pg_catalog.format(
            'with i as (insert into %I.kept_rows (item_id, data) select $1, o::text from dbagent_old o '
            'returning pg_catalog.octet_length(data) as s) select coalesce(sum(i.s), 0) from i',
            'dbagent_r_' || pg_catalog.replace(_b.base_id::text, '-', ''))
            using _item into _bytes;
    end if;
    update agent.recoverable r set row_count = r.row_count + _n, bytes = r.bytes + _bytes where r.item_id = _item;
    perform pg_catalog.set_config('dbagent.kept', _call_id::text, true);
    return null;
end;
$$;

comment on function agent_exec.keep_rows() is
$md$Trigger: keep the old rows of a DELETE, UPDATE or MERGE a tool call ran, when it is above the base's threshold.

Used by the dbagent_keep_delete and dbagent_keep_update triggers of every table dbagent manages.$md$;

alter function agent_exec.keep_rows() owner to dbagent_keeper;
revoke all on function agent_exec.keep_rows() from public;
-- tenant owners create the dbagent_keep_* triggers on their tables
grant execute on function agent_exec.keep_rows() to dbagent_tenant;
