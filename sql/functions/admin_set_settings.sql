create or replace function agent.admin_set_settings(settings jsonb)
returns jsonb
language plpgsql
volatile
security definer  -- why: writes agent.setting, which no login role may write directly
set search_path = ''
as $$
declare
    _key text;
    _name text;
    _value text;
begin
    perform agent._require_admin('change settings');
    for _key in select pg_catalog.jsonb_object_keys(settings) loop
        if _key not in ('import_dir', 'url_allowlist', 'max_source_bytes', 'url_timeout_s', 'url_max_redirects',
                        'timeout_grace_ms', 'tool_settings', 'source_retention_days', 'agent_connection_limit',
                        'agent_temp_file_limit', 'csv_memory_limit_mb', 'csv_threads', 'csv_max_temp_mb') then
            raise exception 'unknown or read-only setting "%"', _key
                using errcode = 'invalid_parameter_value',
                      hint = 'Settings: import_dir, url_allowlist, max_source_bytes, url_timeout_s, url_max_redirects, '
                             'timeout_grace_ms, tool_settings, source_retention_days, agent_connection_limit, agent_temp_file_limit, '
                             'csv_memory_limit_mb, csv_threads, csv_max_temp_mb.';
        end if;
        if _key = 'timeout_grace_ms' and settings -> _key <> 'null'::jsonb
           and (pg_catalog.jsonb_typeof(settings -> _key) <> 'number' or (settings ->> _key)::numeric not between 100 and 60000) then
            raise exception 'timeout_grace_ms must be a number of milliseconds between 100 and 60000'
                using errcode = 'invalid_parameter_value',
                      hint = 'It is how long a tool call may outlive its limit before its backend is ended.';
        end if;
        if _key = 'tool_settings' and settings -> _key <> 'null'::jsonb then
            if pg_catalog.jsonb_typeof(settings -> _key) <> 'object' then
                raise exception 'tool_settings must be an object of setting names and values'
                    using errcode = 'invalid_parameter_value', hint = 'E.g. {"tool_settings": {"work_mem": "32MB"}}.';
            end if;
            for _name, _value in select e.key, e.value #>> '{}' from pg_catalog.jsonb_each(settings -> _key) e loop
                if not agent._tool_settings() ? _name then
                    raise exception 'tool setting "%" is not one dbagent pins', _name
                        using errcode = 'invalid_parameter_value',
                              hint = 'Tool settings: ' || (select pg_catalog.string_agg(k, ', ' order by k)
                                                           from pg_catalog.jsonb_object_keys(agent._tool_settings()) k) || '.';
                end if;
                begin  -- PostgreSQL itself says whether the value is valid
                    perform pg_catalog.set_config(_name, _value, true);
                exception when others then
                    raise exception 'invalid value for tool setting "%": %', _name, sqlerrm
                        using errcode = 'invalid_parameter_value';
                end;
            end loop;
            settings := pg_catalog.jsonb_set(settings, array[_key],
                coalesce((select s.value from agent.setting s where s.key = _key), '{}') operator(pg_catalog.||) (settings -> _key));
        end if;
        if settings -> _key = 'null'::jsonb then
            delete from agent.setting s where s.key = _key;
        else
            insert into agent.setting (key, value) values (_key, settings -> _key)
            on conflict (key) do update set value = excluded.value;
        end if;
    end loop;
    if settings ? 'tool_settings' then
        perform agent._pin_settings();
    end if;
    if settings ?| array['agent_connection_limit', 'agent_temp_file_limit'] then
        perform agent._refresh_agent_roles();  -- the agent login roles' limits follow
    end if;
    perform agent._audit('set_settings', null, 'ok', settings);
    return (select pg_catalog.jsonb_object_agg(s.key, s.value order by s.key) from agent.setting s
            where s.key in ('import_dir', 'url_allowlist', 'max_source_bytes', 'url_timeout_s', 'url_max_redirects',
                            'storage_dir', 'timeout_grace_ms', 'source_retention_days', 'agent_connection_limit',
                            'agent_temp_file_limit', 'public_catalog', 'csv_memory_limit_mb', 'csv_threads',
                            'csv_max_temp_mb'))
           operator(pg_catalog.||) pg_catalog.jsonb_build_object('tool_settings', agent._tool_settings());
end;
$$;

comment on function agent.admin_set_settings(jsonb) is
$md$Set server-wide settings: import_dir, url_allowlist (hosts or CIDR networks the server may fetch from despite the SSRF rules), max_source_bytes, url_timeout_s, url_max_redirects, source_retention_days (stored sources are deleted after it; default 7) (CSV sources); agent_connection_limit (project agents' connection limit; default 10), agent_temp_file_limit (every agent login's temp_file_limit; default 1GB); the CSV engine's limits per call: csv_memory_limit_mb (default 512, DuckDB included), csv_threads (default 2), csv_max_temp_mb (DuckDB's spill space, default 4096); timeout_grace_ms (how long a tool call may outlive its limit before its backend is ended); tool_settings (the PostgreSQL settings every tool call runs under, e.g. {"work_mem": "32MB", "temp_file_limit": "2GB"}). A null value removes a setting (back to its default).

Admin only. Returns the settings after the change.$md$;

alter function agent.admin_set_settings(jsonb) owner to dbagent_owner;
revoke all on function agent.admin_set_settings(jsonb) from public;
grant execute on function agent.admin_set_settings(jsonb) to dbagent_admin;
