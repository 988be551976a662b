-- The exact number of rows of a base's table (or of a table it keeps in its recycle schema), every
-- row whatever the policies say: the impact execute_sql reports for a DROP TABLE, and whether a
-- DROP ... CASCADE would take data. Called by dbagent's own code only.
create or replace function agent_exec.count_rows(rel oid)
returns bigint
language plpgsql
stable
security definer  -- why: counts every row of the table, row level security aside
set search_path = ''
as $$
declare
    _schema text;
    _name text;
    _n bigint;
begin
    select n.nspname, c.relname into _schema, _name
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    join agent.base b on (b.schema_name = n.nspname or n.nspname = 'dbagent_r_' || pg_catalog.replace(b.base_id::text, '-', ''))
                         and b.dropped_at is null
    where c.oid = rel and c.relkind in ('r', 'p');
    if not found then
        raise exception 'relation % is not a table of a base', rel using errcode = 'invalid_parameter_value';
    end if;
    execute pg_catalog.format('select count(*) from %I.%I', _schema, _name) into _n;
    return _n;
end;
$$;

comment on function agent_exec.count_rows(oid) is
$md$Count every row of a base's table (the impact of a DROP TABLE).

Private to execute_sql.$md$;

alter function agent_exec.count_rows(oid) owner to dbagent_keeper;
revoke all on function agent_exec.count_rows(oid) from public;
grant execute on function agent_exec.count_rows(oid) to dbagent_owner;
