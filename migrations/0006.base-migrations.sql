-- depends: 0005.limits
-- Every schema change of a base, as executed (after dbagent's rewrites), in order: the
-- base's replayable migration history.
create table agent.base_migration (
    migration_id bigint generated always as identity primary key,
    base_id      uuid not null references agent.base (base_id),
    at           timestamptz not null default clock_timestamp(),
    role_name    text not null,
    statements   text[] not null
);
create index base_migration_base on agent.base_migration (base_id, migration_id);
alter table agent.base_migration owner to dbagent_owner;
