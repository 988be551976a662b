-- depends: 0060.keeper-role
-- What tool calls destroyed and dbagent keeps for the base's retention period: dropped tables
-- (moved whole into the base's recycle schema dbagent_r_<base hex>), dropped or retyped
-- columns (their values by row id), truncated tables and rows removed by DELETE or changed by
-- UPDATE / MERGE above the base's threshold (the rows, as jsonb, in dbagent_r_<hex>.kept_rows).
-- One row per item; the data itself lives in the recycle schema.
create table agent.recoverable (
    item_id     uuid primary key default gen_random_uuid(),
    base_id     uuid not null references agent.base (base_id),
    kind        text not null check (kind in ('table', 'column', 'rows')),
    operation   text not null,
    table_name  text,
    table_oid   oid,
    call_id     uuid,
    statement   integer,
    row_count   bigint not null default 0,
    bytes       bigint not null default 0,
    details     jsonb not null default '{}',
    created_at  timestamptz not null default clock_timestamp(),
    created_by  text not null default session_user,
    expires_at  timestamptz not null,
    restored_at timestamptz,
    restored_by text,
    purged_at   timestamptz
);
create index recoverable_base on agent.recoverable (base_id, created_at);
create index recoverable_call on agent.recoverable (call_id);
alter table agent.recoverable owner to dbagent_owner;
grant select, insert, update, delete on agent.recoverable to dbagent_keeper;
-- like dbagent's other tables: row level security forced, one policy for its owner (the keeper
-- bypasses row level security)
alter table agent.recoverable enable row level security;
alter table agent.recoverable force row level security;
create policy dbagent_owner_all on agent.recoverable to dbagent_owner using (true) with check (true);
