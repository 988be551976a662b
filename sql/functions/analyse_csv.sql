create or replace function agent.analyse_csv(base_id uuid, source text, options jsonb default '{}')
returns jsonb
language plpgsql
volatile
security definer  -- why: reads the registry and sources, which agent roles may not read
set search_path = ''
as $$
begin
    perform agent._session_wall();
    return agent._result(agent._analyse_csv(base_id, source, options));
end;
$$;

comment on function agent.analyse_csv(uuid, text, jsonb) is
$md$Profile a CSV file before importing it: dialect (encoding, delimiter, quote, header, preamble), row count, and per column the exact PostgreSQL type, nulls, empty strings, distinct count, min/max, samples; candidate keys, foreign-key candidates checked against your tables, secrets found, and a suggested CREATE TABLE.

Read-only (it may download a URL into dbagent's storage). source: upload:<id> (from
agent.upload_begin/upload_chunk/upload_finish; the CLI uploads local files itself), an https
URL, or import:<path> in the server's import directory. options: delimiter, quote, escape,
header, encoding, skip_rows to override the detection; table_name for the suggestion.
Seconds on a 1 GB file. Then create the table with execute_sql and load it with import_csv.$md$;

alter function agent.analyse_csv(uuid, text, jsonb) owner to dbagent_owner;
revoke all on function agent.analyse_csv(uuid, text, jsonb) from public;
grant execute on function agent.analyse_csv(uuid, text, jsonb) to dbagent_agent, dbagent_admin;
