-- Stages a CSV file of dbagent's storage as a foreign table (file_fdw: PostgreSQL's COPY
-- parser) with text columns c1 .. cN, readable by one base's owner role, for import_csv.
-- Owned by dbagent_loader, the only role that may name server files; only dbagent_owner may
-- call it, and import_csv checks that PATH lies in dbagent's storage directory.
create or replace function agent_exec.stage_file(name text, column_count integer, path text, options jsonb, reader text)
returns void
language plpgsql
volatile
security definer  -- why: file_fdw needs the rights of pg_read_server_files, which only dbagent_loader has
set search_path = ''
as $$
declare
    _cols text;
    _opts text := pg_catalog.format('filename %L, format %L', path, 'csv');
    _key text;
begin
    if name !~ '^f_[0-9a-f]{32}$' then
        raise exception 'invalid stage name' using errcode = 'invalid_parameter_value';
    end if;
    select pg_catalog.string_agg(pg_catalog.format('c%s text', i), ', ' order by i) into _cols
    from pg_catalog.generate_series(1, column_count) i;
    foreach _key in array array['delimiter', 'quote', 'escape', 'encoding', 'null'] loop
        if options ? _key then
            _opts := _opts || pg_catalog.format(', %s %L', _key, options ->> _key);
        end if;
    end loop;
    _opts := _opts || pg_catalog.format(', header %L', coalesce((options ->> 'header')::boolean, false)::text);
    execute pg_catalog.format('create foreign table agent_stage.%I (%s) server dbagent_files options (%s)',
                              name, _cols, _opts);
    execute pg_catalog.format('grant select on agent_stage.%I to %I', name, reader);
end;
$$;

comment on function agent_exec.stage_file(text, integer, text, jsonb, text) is
$md$Stage a CSV file as the foreign table agent_stage.NAME (text columns c1..cN) for one base's owner role.

Private to import_csv.$md$;

alter function agent_exec.stage_file(text, integer, text, jsonb, text) owner to dbagent_loader;
revoke all on function agent_exec.stage_file(text, integer, text, jsonb, text) from public;
grant execute on function agent_exec.stage_file(text, integer, text, jsonb, text) to dbagent_owner;
