-- depends: 0008.autonomous-audit
-- The row every advisor returns (splinter's shape).
create type agent.lint as (
    name        text,
    title       text,
    level       text,
    categories  text[],
    detail      text,
    remediation text,
    metadata    jsonb,
    cache_key   text
);
alter type agent.lint owner to dbagent_owner;

-- dbagent's own tables pass its own advisors: row level security enabled and forced, with
-- one policy for the role that owns and uses them (superusers bypass it, as always).
do $$
declare
    _t record;
begin
    for _t in select c.relname from pg_catalog.pg_class c
              where c.relnamespace = 'agent'::regnamespace and c.relkind = 'r' loop
        execute format('alter table agent.%I enable row level security', _t.relname);
        execute format('alter table agent.%I force row level security', _t.relname);
        execute format('create policy dbagent_owner_all on agent.%I to dbagent_owner using (true) with check (true)',
                       _t.relname);
    end loop;
end
$$;
