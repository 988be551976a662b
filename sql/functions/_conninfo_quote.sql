create or replace function agent._conninfo_quote(value text)
returns text
language sql
immutable
set search_path = ''
as $$
    select '''' || pg_catalog.replace(pg_catalog.replace(value, '\', '\\'), '''', '\''') || ''''
$$;

comment on function agent._conninfo_quote(text) is
$md$Quote a value for a libpq connection string ('...' with \ and ' escaped).

Private helper.$md$;

alter function agent._conninfo_quote(text) owner to dbagent_owner;
revoke all on function agent._conninfo_quote(text) from public;
