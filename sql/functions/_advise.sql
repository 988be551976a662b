-- Every advisor (agent._advisor_NNNN functions, one per file in sql/advisors) over one
-- schema; TENANT says whether the schema is a base (the data-model advisors apply).
create or replace function agent._advise(ns oid, tenant boolean)
returns setof agent.lint
language plpgsql
stable
set search_path = ''
as $$
declare
    _fn text;
begin
    for _fn in
        select p.proname from pg_catalog.pg_proc p
        where p.pronamespace = 'agent'::pg_catalog.regnamespace and p.proname ~ '^_advisor_[0-9]{4}$'
        order by p.proname
    loop
        return query execute pg_catalog.format('select * from agent.%I($1, $2)', _fn) using ns, tenant;
    end loop;
end;
$$;

comment on function agent._advise(oid, boolean) is
$md$Run every advisor over one schema (a base, or dbagent's own).

Private helper of agent.advise.$md$;

alter function agent._advise(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advise(oid, boolean) from public;
