-- depends: 0062.base-recovery-settings
-- Snapshots of a base: its schema as DDL (the image, which rebuilds it in any schema) and its
-- rows (in dbagent_r_<base hex>.snapshot_rows). Named snapshots stay until dropped; the
-- automatic one taken before a snapshot is restored expires with the base's retention.
create table agent.snapshot (
    snapshot_id uuid primary key default gen_random_uuid(),
    base_id     uuid not null references agent.base (base_id),
    name        text not null,
    image       jsonb not null,
    table_count integer not null default 0,
    row_count   bigint not null default 0,
    bytes       bigint not null default 0,
    created_at  timestamptz not null default clock_timestamp(),
    created_by  text not null default session_user,
    expires_at  timestamptz,
    dropped_at  timestamptz
);
create unique index snapshot_name_live on agent.snapshot (base_id, name) where dropped_at is null;
alter table agent.snapshot owner to dbagent_owner;
grant select on agent.snapshot to dbagent_keeper;
create index snapshot_base on agent.snapshot (base_id, created_at);
alter table agent.snapshot enable row level security;
alter table agent.snapshot force row level security;
create policy dbagent_owner_all on agent.snapshot to dbagent_owner using (true) with check (true);
