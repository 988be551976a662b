create or replace function agent.import_csv(base_id uuid, source text, table_name text, mapping jsonb default '{}', options jsonb default '{}')
returns jsonb
language plpgsql
volatile
security definer  -- why: stages the file through dbagent's loader and writes through the base's executor
set search_path = ''
as $$
begin
    perform agent._session_wall();
    return agent._result(agent._import_csv(base_id, source, table_name, mapping, options));
end;
$$;

comment on function agent.import_csv(uuid, text, text, jsonb, jsonb) is
$md$Load a CSV file into an existing table of a base: every value exactly as in the file, all rows or none, or a clear refusal naming the file line.

mapping: {"CSV column": "table_column"}; by default columns match by snake_case name; unmapped
CSV columns are reported; the system fields are never written. Before loading: required
columns must be mapped, values that look like secrets are refused, and foreign-key values must
match existing rows. A bad row aborts the load and the error lists the first bad rows (file
line, record number, column, reason); lines that cannot be read (wrong number of fields) are
refused the same way; a quote inside an unquoted field is refused in any mode; an uncertain
encoding must be confirmed with the encoding option. For a file analyse_csv saw unchanged, its
dialect, skipped lines and date formats are reused. options: as_user (created_by/updated_by of
the rows), on_error ("abort" or "skip": load the good rows, report the bad), null_string,
empty_as_null (true or a list of columns), formats ({"column": "DD/MM/YYYY"}), datestyle
("DMY"/"MDY"), max_bad_rows, encoding (confirms an uncertain guess), delimiter, quote, escape,
header, header_rows, comment, skip_rows (as for analyse_csv). Returns rows_loaded,
rows_skipped, bad_rows, unreadable_rows, blank_lines_skipped, comment_lines_skipped, mapping,
formats_used.$md$;

alter function agent.import_csv(uuid, text, text, jsonb, jsonb) owner to dbagent_owner;
revoke all on function agent.import_csv(uuid, text, text, jsonb, jsonb) from public;
grant execute on function agent.import_csv(uuid, text, text, jsonb, jsonb) to dbagent_agent, dbagent_admin;
