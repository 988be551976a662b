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
$md$Profile a CSV file before importing it: dialect (encoding and how sure, delimiter, quote, header rows, preamble and comment lines skipped), row count, and per column the exact PostgreSQL type (checked against every value), nulls, empty strings, distinct count, min/max, samples; bad lines (file line and record number), blank lines, candidate keys, foreign-key candidates checked against your tables, secrets found, and a suggested CREATE TABLE that loads this file.

Read-only (it may download a URL into dbagent's storage). source: upload:<id> (from
agent.upload_begin/upload_chunk/upload_finish; the CLI uploads local files itself), an https
URL, or import:<path> in the server's import directory. options: encoding, delimiter, quote
(null: quotes are data), escape, header, header_rows, comment (null: none), skip_rows (lines
before the table), table_name (for the suggestion), exact_distinct (true: exact distinct counts
and keys for a big file, slower). The dialect options override the detection. Reads the whole
file once (seconds for 1 GB).
Then create the table with execute_sql and load it with import_csv: for the unchanged file it
reuses this analysis (dialect, lines skipped, date formats).$md$;

alter function agent.analyse_csv(uuid, text, jsonb) owner to dbagent_owner;
revoke all on function agent.analyse_csv(uuid, text, jsonb) from public;
grant execute on function agent.analyse_csv(uuid, text, jsonb) to dbagent_agent, dbagent_admin;
