-- Base and agent names become schema and role names: lower-case snake_case, short enough
-- for the 63-byte identifier limit with dbagent's prefixes, never a keyword that would need
-- quoting, never a schema PostgreSQL or a platform reserves.
create or replace function agent._validate_name(kind text, name text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
    if name is null then
        raise exception '% name must not be null', kind
            using errcode = 'invalid_parameter_value';
    end if;
    if name !~ '^[a-z][a-z0-9_]*$' or length(name) > 40 then
        raise exception '% name "%" is not valid', kind, name
            using errcode = 'invalid_parameter_value',
                  detail = format('%s names become PostgreSQL schema and role names.', initcap(kind)),
                  hint = 'Use 1-40 lower-case letters, digits or underscores, starting with a letter, e.g. '
                         || coalesce(nullif(trim(both '_' from regexp_replace(
                                lower(regexp_replace(name, '([a-z0-9])([A-Z])', '\1_\2', 'g')),
                                '[^a-z0-9]+', '_', 'g')), ''), 'my_base') || '.';
    end if;
    if name ~ '^(pg_|dbagent)' or name in (
        'agent', 'agent_exec', 'auth', 'public', 'information_schema', 'extensions', 'storage',
        'graphql', 'graphql_public', 'realtime', 'vault', 'pgsodium', 'pgsodium_masks', 'net',
        'cron', 'supabase_functions', 'supabase_migrations', 'anon', 'authenticated',
        'service_role', 'postgres', 'pgbouncer', 'topology', 'tiger')
    then
        raise exception '% name "%" is reserved', kind, name
            using errcode = 'invalid_parameter_value',
                  detail = 'Names starting with pg_ or dbagent, and the schemas of PostgreSQL and common platforms, are reserved.',
                  hint = 'Pick another name, e.g. ' || name || '_app.';
    end if;
    if exists (select from pg_catalog.pg_get_keywords() k where k.word = name and k.catcode <> 'U') then
        raise exception '% name "%" is an SQL keyword', kind, name
            using errcode = 'invalid_parameter_value',
                  detail = 'Reserved SQL keywords would have to be quoted everywhere.',
                  hint = 'Pick another name, e.g. ' || name || '_app.';
    end if;
end;
$$;

comment on function agent._validate_name(text, text) is
$md$Raise invalid_parameter_value unless NAME is a valid base or agent name.

Private helper: lower-case snake_case, 1-40 characters, not reserved, not an SQL keyword.$md$;

alter function agent._validate_name(text, text) owner to dbagent_owner;
revoke all on function agent._validate_name(text, text) from public;
