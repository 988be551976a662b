-- Copies a table's rows (the row type's text form) into the base's recycle schema for a
-- snapshot, every row whatever the policies say. Called by dbagent's own code only.
create or replace function agent_exec.snapshot_rows(snapshot uuid, table_name text, out copied bigint, out bytes bigint)
language plpgsql
volatile
security definer  -- why: reads every row of the table into the recycle schema, row level security aside
set search_path = ''
as $$
declare
    _b record;
begin
    select b.base_id, b.schema_name into _b from agent.snapshot s
    join agent.base b on b.base_id = s.base_id and b.dropped_at is null
    where s.snapshot_id = snapshot_rows.snapshot and s.dropped_at is null;
    if not found then
        raise exception 'no snapshot %', snapshot using errcode = 'invalid_parameter_value';
    end if;
    execute pg_catalog.format(
        'with i as (insert into %I.snapshot_rows (snapshot_id, table_name, data) select $1, $2, t::text from %I.%I t '
        'returning pg_catalog.octet_length(data) as s) select count(*), coalesce(sum(i.s), 0) from i',
        'dbagent_r_' || pg_catalog.replace(_b.base_id::text, '-', ''), _b.schema_name, table_name)
        using snapshot, table_name into copied, bytes;
end;
$$;

comment on function agent_exec.snapshot_rows(uuid, text) is
$md$Copy a table's rows into its base's recycle schema for a snapshot.

Private to the snapshot functions.$md$;

alter function agent_exec.snapshot_rows(uuid, text) owner to dbagent_keeper;
revoke all on function agent_exec.snapshot_rows(uuid, text) from public;
grant execute on function agent_exec.snapshot_rows(uuid, text) to dbagent_owner;
