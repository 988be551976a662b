-- depends: 0018.python-bytecode
-- The session wall (issue 12): what an agent's own database connection may do without a tool.
--
--   dbagent_catalog  NOLOGIN group holding what PUBLIC had and agents must not have: reading the
--                    catalogs' per-object metadata, creating large objects, advisory locks.
--                    `dbagent install` revokes those from PUBLIC and grants them here, and makes
--                    dbagent_owner, dbagent_admin, dbagent_loader and every other role that is not
--                    an agent or a tenant role a member (agent._catalog_wall()).
--   agent.base       per base: a storage quota (its tables, indexes, TOAST and stored sources) and
--                    the connection limit of its agent login role.
--   agent.source     'expired': a source past the retention period; its file is gone.
--   agent.maintenance  when the opportunistic housekeeping last ran (a row per task, locked with
--                    SKIP LOCKED so one session does each run).
--   agent.audit_journal  how far each audit journal file has been reconciled into agent.audit.
do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'dbagent_catalog') then
        create role dbagent_catalog;
    end if;
    alter role dbagent_catalog nologin noinherit nosuperuser nocreaterole nocreatedb nobypassrls noreplication;
end
$$;

alter table agent.base
    add column max_storage_bytes bigint not null default 10737418240 check (max_storage_bytes > 0),
    add column max_connections integer not null default 10 check (max_connections between 1 and 10000);
-- the housekeeping finds a session's base by its login role, and _borrow_role locks the base
-- row of the tenant owner role it lends
create index base_agent_role on agent.base (agent_role) where dropped_at is null;
create index base_owner_role on agent.base (owner_role) where dropped_at is null;

alter table agent.source drop constraint source_status_check;
alter table agent.source add constraint source_status_check check (status in ('receiving', 'ready', 'expired'));

create table agent.maintenance (
    task     text primary key,
    last_run timestamptz not null default '-infinity'
);
insert into agent.maintenance (task) values ('sessions'), ('journal');
alter table agent.maintenance owner to dbagent_owner;

create table agent.audit_journal (
    file     text primary key,
    "offset" bigint not null default 0
);
alter table agent.audit_journal owner to dbagent_owner;

do $$
declare
    _t text;
begin
    foreach _t in array array['maintenance', 'audit_journal'] loop
        execute format('alter table agent.%I enable row level security', _t);
        execute format('alter table agent.%I force row level security', _t);
        execute format('create policy dbagent_owner_all on agent.%I to dbagent_owner using (true) with check (true)', _t);
    end loop;
end
$$;
