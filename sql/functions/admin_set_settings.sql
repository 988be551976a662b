create or replace function agent.admin_set_settings(settings jsonb)
returns jsonb
language plpgsql
volatile
security definer  -- why: writes agent.setting, which no login role may write directly
set search_path = ''
as $$
declare
    _key text;
begin
    perform agent._require_admin('change settings');
    for _key in select pg_catalog.jsonb_object_keys(settings) loop
        if _key not in ('import_dir', 'url_allowlist', 'max_source_bytes', 'url_timeout_s', 'url_max_redirects',
                        'csv_memory_limit_mb', 'csv_threads', 'csv_max_temp_mb') then
            raise exception 'unknown or read-only setting "%"', _key
                using errcode = 'invalid_parameter_value',
                      hint = 'Settings: import_dir, url_allowlist, max_source_bytes, url_timeout_s, url_max_redirects, '
                             'csv_memory_limit_mb, csv_threads, csv_max_temp_mb.';
        end if;
        if settings -> _key = 'null'::jsonb then
            delete from agent.setting s where s.key = _key;
        else
            insert into agent.setting (key, value) values (_key, settings -> _key)
            on conflict (key) do update set value = excluded.value;
        end if;
    end loop;
    perform agent._audit('set_settings', null, 'ok', settings);
    return (select pg_catalog.jsonb_object_agg(s.key, s.value order by s.key) from agent.setting s
            where s.key in ('import_dir', 'url_allowlist', 'max_source_bytes', 'url_timeout_s', 'url_max_redirects',
                            'csv_memory_limit_mb', 'csv_threads', 'csv_max_temp_mb', 'storage_dir'));
end;
$$;

comment on function agent.admin_set_settings(jsonb) is
$md$Set server-wide CSV settings: import_dir, url_allowlist (hosts or CIDR networks the server may fetch from despite the SSRF rules), max_source_bytes, url_timeout_s, url_max_redirects; the CSV engine's limits per call: csv_memory_limit_mb (default 512, DuckDB included), csv_threads (default 2), csv_max_temp_mb (DuckDB's spill space, default 4096). A null value removes a setting (back to its default).

Admin only. Returns the settings after the change.$md$;

alter function agent.admin_set_settings(jsonb) owner to dbagent_owner;
revoke all on function agent.admin_set_settings(jsonb) from public;
grant execute on function agent.admin_set_settings(jsonb) to dbagent_admin;
