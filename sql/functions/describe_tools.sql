create or replace function agent.describe_tools(names text[] default null)
returns jsonb
language plpgsql
volatile  -- the session wall's housekeeping may write
security definer  -- why: reads pg_proc and the functions' comments, which agent logins may not read (the catalog half of the session wall)
set search_path = ''
as $$
begin
    perform agent._session_wall();
    return coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'name', p.proname,
                   'arguments', pg_catalog.pg_get_function_arguments(p.oid),
                   'argument_names', coalesce(pg_catalog.to_jsonb(p.proargnames), '[]'),
                   'argument_types', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.format_type(t, null) order by i), '[]')
                                      from pg_catalog.unnest(p.proargtypes::oid[]) with ordinality u(t, i)),
                   'defaults', p.pronargdefaults,
                   'comment', coalesce(pg_catalog.obj_description(p.oid, 'pg_proc'), ''))
                   order by p.pronargs desc, p.oid desc)
        from pg_catalog.pg_proc p
        where p.pronamespace = 'agent'::pg_catalog.regnamespace
          and p.prokind = 'f'
          and p.proname !~ '^_'
          and (names is null or p.proname = any(names))
          and pg_catalog.has_function_privilege(session_user, p.oid, 'execute')), '[]');
end;
$$;

comment on function agent.describe_tools(text[]) is
$md$The agent.* functions you may call (or those of NAMES): name, arguments, argument names and types, number of defaults, and their documentation.

Read-only. The LLM driver and the MCP server build their tool descriptions from it.$md$;

alter function agent.describe_tools(text[]) owner to dbagent_owner;
revoke all on function agent.describe_tools(text[]) from public;
grant execute on function agent.describe_tools(text[]) to dbagent_agent, dbagent_admin;
