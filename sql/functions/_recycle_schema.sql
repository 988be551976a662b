-- A base's recycle schema, dbagent_r_<base id hex>, created on first use: where dbagent keeps
-- what tool calls destroy (dropped tables, moved in whole; kept rows and column values, in
-- kept_rows: each row as its row type's text, exact for every type and about the table's own size)
-- and its snapshots' rows (snapshot_rows). Owned by dbagent_owner; the base's owner
-- role has no USAGE on it (dbagent lends it for one restore's transaction), so nothing in it is
-- reachable by the tenant's SQL or its end users; dbagent_keeper may use it to write the rows
-- it keeps. The base's owner may read kept_rows and snapshot_rows when dbagent lends it USAGE.
-- Everything in it counts as the base's storage; dropping the base drops it.
create or replace function agent._recycle_schema(base agent.base)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
    _name text := 'dbagent_r_' || pg_catalog.replace(base.base_id::text, '-', '');
begin
    if pg_catalog.to_regnamespace(pg_catalog.quote_ident(_name)) is not null then
        return _name;
    end if;
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('dbagent.recycle:' || _name));
    if pg_catalog.to_regnamespace(pg_catalog.quote_ident(_name)) is not null then
        return _name;
    end if;
    execute pg_catalog.format('create schema %I authorization dbagent_owner', _name);
    execute pg_catalog.format('revoke all on schema %I from public', _name);
    execute pg_catalog.format('grant usage on schema %I to dbagent_keeper', _name);
    execute pg_catalog.format('create table %I.kept_rows (seq bigint generated always as identity, item_id uuid not null, data text not null)', _name);
    execute pg_catalog.format('create index on %I.kept_rows (item_id)', _name);
    execute pg_catalog.format('create table %I.snapshot_rows (snapshot_id uuid not null, table_name text not null, '
                              'data text not null)', _name);
    execute pg_catalog.format('create index on %I.snapshot_rows (snapshot_id, table_name)', _name);
    execute pg_catalog.format('grant select, insert, delete on %I.kept_rows, %I.snapshot_rows to dbagent_keeper', _name, _name);
    execute pg_catalog.format('grant select on %I.kept_rows, %I.snapshot_rows to %I', _name, _name, base.owner_role);
    return _name;
end;
$$;

comment on function agent._recycle_schema(agent.base) is
$md$Create (on first use) and name a base's recycle schema dbagent_r_<base id hex>.

Private helper of the recovery and snapshot tools.$md$;

alter function agent._recycle_schema(agent.base) owner to dbagent_owner;
revoke all on function agent._recycle_schema(agent.base) from public;
