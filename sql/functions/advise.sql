create or replace function agent.advise(base_id uuid)
returns jsonb
language plpgsql
volatile  -- it writes its audit row
security definer  -- why: checks access in the registry and runs advisors that read the catalog and secrets rules
set search_path = ''
as $$
declare
    _wall constant boolean := agent._session_wall();  -- before the handler's subtransaction
    _t0 timestamptz := pg_catalog.clock_timestamp();
    _b agent.base;
    _findings jsonb;
    _attempt integer := 0;
    _state text;
    _msg text;
    _expired boolean;
begin
    _b := agent._base(advise.base_id);
    perform agent._clock_start(_b.statement_timeout_ms);  -- dbagent's clock: a session's SET cannot lift it
    loop  -- read again when another session's DDL on the base got in the way (see get_schema)
        _attempt := _attempt + 1;
        begin
            select coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(l)
                       order by case l.level when 'ERROR' then 0 when 'WARN' then 1 else 2 end, l.name, l.cache_key), '[]')
            into _findings
            from agent._advise(_b.schema_name::pg_catalog.regnamespace, true) l;
            exit;
        exception when internal_error or undefined_table or undefined_object or undefined_function then
            if _attempt >= 3 then
                raise exception 'the schema of base "%" changed while it was being checked', _b.name
                    using errcode = 'serialization_failure',
                          hint = 'Other calls are changing this base''s schema; call advise again.';
            end if;
        end;
    end loop;
    perform agent._clock_stop();
    perform agent._audit_call('advise', _b.base_id, _t0,
                              pg_catalog.jsonb_build_object('findings', pg_catalog.jsonb_array_length(_findings)));
    return pg_catalog.jsonb_build_object(
        'base_id', _b.base_id,
        'schema', _b.schema_name,
        'counts', (select pg_catalog.jsonb_build_object(
                       'ERROR', count(*) filter (where f ->> 'level' = 'ERROR'),
                       'WARN', count(*) filter (where f ->> 'level' = 'WARN'),
                       'INFO', count(*) filter (where f ->> 'level' = 'INFO'))
                   from pg_catalog.jsonb_array_elements(_findings) f),
        'findings', _findings);
exception when others or query_canceled then
    _expired := agent._clock_stop();
    get stacked diagnostics _state = returned_sqlstate, _msg = message_text;
    perform agent._audit_call('advise', advise.base_id, _t0, '{}', _state, _msg);
    if _state = '57014' and _expired then
        raise exception 'canceling statement due to the base''s statement timeout (% ms)', _b.statement_timeout_ms
            using errcode = 'query_canceled',
                  hint = 'The limit is the base''s, set by its admin; call advise again when the base is less busy.';
    end if;
    raise;
end;
$$;

comment on function agent.advise(uuid) is
$md$Check a base for security and performance problems: row level security off or not forced, tables without policies, policies that call auth.uid() per row, several permissive policies, unindexed foreign keys, duplicate indexes, missing primary keys, views that bypass RLS, exposed security definer functions, mutable search paths, secret-like columns, tables without system fields.

Read-only. Each finding: name, title, level (ERROR, WARN, INFO), detail and a remediation.
Run it after changing the schema.$md$;

alter function agent.advise(uuid) owner to dbagent_owner;
revoke all on function agent.advise(uuid) from public;
grant execute on function agent.advise(uuid) to dbagent_agent, dbagent_admin;
