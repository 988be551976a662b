create or replace function agent.admin_load_rows(base text, table_name text, rows text[])
returns jsonb
language plpgsql
volatile
security definer  -- why: stages a dump's rows in the new base's recycle schema
set search_path = ''
as $$
declare
    _b agent.base;
begin
    perform agent._require_admin('load bases');
    _b := agent._base_by_name(base);
    return agent._result(agent._branch('load_rows', pg_catalog.jsonb_build_object(
               'base_id', _b.base_id, 'table', table_name, 'rows', pg_catalog.to_jsonb(rows))));
end;
$$;

comment on function agent.admin_load_rows(text, text, text[]) is
$md$Stage a batch of a dump's rows (each its row type's text) for one table of a base being loaded.

Admin only. The rows go into the table at agent.admin_load_finish.$md$;

alter function agent.admin_load_rows(text, text, text[]) owner to dbagent_owner;
revoke all on function agent.admin_load_rows(text, text, text[]) from public;
grant execute on function agent.admin_load_rows(text, text, text[]) to dbagent_admin;
