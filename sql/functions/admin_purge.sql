create or replace function agent.admin_purge(base text default null, options jsonb default '{}')
returns jsonb
language plpgsql
volatile
security definer  -- why: drops kept tables and rows in the bases' recycle schemas
set search_path = ''
as $$
declare
    _b agent.base;
    _out jsonb := '[]';
    _keys text[];
begin
    perform agent._require_admin('purge recoverable items');
    _keys := array(select pg_catalog.jsonb_object_keys(coalesce(options, '{}')));
    if not _keys <@ array['all', 'item'] then
        raise exception 'options of admin_purge are all and item'
            using errcode = 'invalid_parameter_value',
                  hint = 'Pass {} (expired items only), {"all": true} (everything kept for the base) or {"item": "<id>"}.';
    end if;
    if base is null and (options ? 'all' or options ? 'item') then
        raise exception 'purging more than the expired items needs a base'
            using errcode = 'invalid_parameter_value', hint = 'Name the base.';
    end if;
    for _b in select b.* from agent.base b
              where b.dropped_at is null and (admin_purge.base is null or b.name = admin_purge.base or b.base_id::text = admin_purge.base)
              order by b.name
    loop
        _out := _out || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('base', _b.name)
                 || agent._result(agent._recovery('purge', _b.base_id, options ->> 'item', options)));
    end loop;
    if base is not null and pg_catalog.jsonb_array_length(_out) = 0 then
        perform agent._base_by_name(base);  -- raises: there is no such base
    end if;
    perform agent._audit('purge', case when base is not null then (_out -> 0 ->> 'base_id')::uuid end, 'ok',
                         pg_catalog.jsonb_build_object('base', base, 'options', options, 'purged', _out));
    return _out;
end;
$$;

comment on function agent.admin_purge(text, jsonb) is
$md$Purge what dbagent keeps for recovery: the expired items and automatic snapshots of every base (or BASE); with {"all": true} every item of BASE now; with {"item": "<id>"} one item.

Admin only. Purged items are gone for good. Returns per base the number of items and snapshots purged.$md$;

alter function agent.admin_purge(text, jsonb) owner to dbagent_owner;
revoke all on function agent.admin_purge(text, jsonb) from public;
grant execute on function agent.admin_purge(text, jsonb) to dbagent_admin;
