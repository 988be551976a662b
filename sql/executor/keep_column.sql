-- Keeps a column's values (with the row's key) in the base's recycle schema before execute_sql
-- drops or retypes it: one jsonb object per row with a value, {<key columns>..., <column>: value}.
-- Called by dbagent's own code only (EXECUTE for dbagent_owner), for an item it registered.
-- Returns the number of values kept and their size.
create or replace function agent_exec.keep_column(item uuid, schema_name text, table_name text, column_name text,
                                                  key_columns text[], measure boolean, out kept bigint, out bytes bigint)
language plpgsql
volatile
security definer  -- why: reads every row of the table (row level security aside) into the recycle schema
set search_path = ''
as $$
declare
    _base uuid;
begin
    select r.base_id into _base from agent.recoverable r
    join agent.base b on b.base_id = r.base_id and b.schema_name = keep_column.schema_name and b.dropped_at is null
    where r.item_id = keep_column.item and r.kind = 'column';
    if not found then
        raise exception 'no column item % for schema %', item, schema_name using errcode = 'invalid_parameter_value';
    end if;
    if measure then  -- a call that will be rolled back and answered with its impact: count only
        execute pg_catalog.format('select count(*), 0 from %I.%I t where t.%I is not null', schema_name, table_name,
                                  column_name) into kept, bytes;
        return;
    end if;
    execute pg_catalog.format(
        'with i as (insert into %I.kept_rows (item_id, data) '
        'select $1, pg_catalog.jsonb_build_object(%s)::text from %I.%I t where t.%I is not null '
        'returning pg_catalog.octet_length(data) as s) select count(*), coalesce(sum(i.s), 0) from i',
        'dbagent_r_' || pg_catalog.replace(_base::text, '-', ''),
        (select pg_catalog.string_agg(pg_catalog.format('%L, t.%I', c, c), ', ')
         from pg_catalog.unnest(key_columns || column_name) c),
        schema_name, table_name, column_name)
        using item into kept, bytes;
end;
$$;

comment on function agent_exec.keep_column(uuid, text, text, text, text[], boolean) is
$md$Copy a column's non-null values, keyed by the row's key, to the base's recycle schema.

Private to execute_sql's recoverable DROP COLUMN and ALTER COLUMN TYPE.$md$;

alter function agent_exec.keep_column(uuid, text, text, text, text[], boolean) owner to dbagent_keeper;
revoke all on function agent_exec.keep_column(uuid, text, text, text, text[], boolean) from public;
grant execute on function agent_exec.keep_column(uuid, text, text, text, text[], boolean) to dbagent_owner;
