do $$
declare
    _r text;
begin
    for _r in select b.owner_role from agent.base b
              where b.dropped_at is null and exists (select from pg_catalog.pg_roles r where r.rolname = b.owner_role)
    loop
        execute pg_catalog.format('grant %I to dbagent_owner', _r);
    end loop;
end
$$;
