-- depends: 0001.roles-and-schemas
-- The registry of bases, who may use them, and project-level agents with quotas.

create table agent.base (
    base_id     uuid primary key default gen_random_uuid(),
    name        text not null,
    schema_name text not null,
    owner_role  text not null,
    agent_role  text not null,
    created_at  timestamptz not null default now(),
    created_by  text not null,
    dropped_at  timestamptz,
    dropped_by  text
);
-- A name (and its schema) belongs to one live base; a dropped base keeps its record.
create unique index base_name_live on agent.base (name) where dropped_at is null;
create unique index base_schema_live on agent.base (schema_name) where dropped_at is null;

create table agent.base_access (
    base_id    uuid not null references agent.base (base_id),
    role_name  text not null,
    granted_at timestamptz not null default now(),
    granted_by text not null,
    primary key (base_id, role_name)
);
create index base_access_role on agent.base_access (role_name);

create table agent.project_agent (
    role_name  text primary key,
    max_bases  integer not null default 10 check (max_bases >= 0),
    created_at timestamptz not null default now(),
    created_by text not null
);

create table agent.setting (
    key   text primary key,
    value jsonb not null
);

-- dbagent's server-side Python, stored in the database by `dbagent install` so that a
-- remote server needs only the third-party packages. agent._py_boot() imports from here.
create table agent._python_module (
    name       text primary key,
    is_package boolean not null,
    source     text not null
);

alter table agent.base owner to dbagent_owner;
alter table agent.base_access owner to dbagent_owner;
alter table agent.project_agent owner to dbagent_owner;
alter table agent.setting owner to dbagent_owner;
alter table agent._python_module owner to dbagent_owner;
