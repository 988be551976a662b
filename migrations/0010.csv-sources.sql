-- depends: 0009.advisors
-- CSV sources a base may analyse and import: files uploaded over the database connection,
-- fetched from a URL by the server, or found in the admin's import directory. The bytes live
-- in dbagent's storage directory on the server (agent.setting 'storage_dir'), one folder per
-- base; agents refer to them by source_id and never see paths.
create table agent.source (
    source_id    uuid primary key default gen_random_uuid(),
    base_id      uuid not null references agent.base (base_id),
    kind         text not null check (kind in ('upload', 'url', 'import')),
    name         text not null,
    path         text not null,
    bytes        bigint not null default 0,
    expected_bytes bigint,
    sha256       text,
    status       text not null check (status in ('receiving', 'ready')),
    created_by   text not null,
    created_at   timestamptz not null default now(),
    completed_at timestamptz
);
create index source_base on agent.source (base_id, created_at);
alter table agent.source owner to dbagent_owner;
alter table agent.source enable row level security;
alter table agent.source force row level security;
create policy dbagent_owner_all on agent.source to dbagent_owner using (true) with check (true);

-- The loader: file_fdw reads a staged file as a foreign table (PostgreSQL's COPY parser,
-- one pass), created by dbagent_loader, which alone may name server files. The rows are
-- then inserted by the base's own executor, so no tenant code (defaults, triggers, checks)
-- ever runs with the loader's rights.
do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'dbagent_loader') then
        create role dbagent_loader nologin;
    end if;
    alter role dbagent_loader nologin inherit nosuperuser nocreaterole nocreatedb nobypassrls;
end
$$;
grant pg_read_server_files to dbagent_loader;
create schema if not exists agent_stage authorization dbagent_loader;
revoke all on schema agent_stage from public;
create extension if not exists file_fdw with schema agent_stage;
do $$
begin
    if not exists (select from pg_catalog.pg_foreign_server where srvname = 'dbagent_files') then
        create server dbagent_files foreign data wrapper file_fdw;
    end if;
end
$$;
grant usage on foreign server dbagent_files to dbagent_loader;
