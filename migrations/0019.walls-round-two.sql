-- depends: 0018.python-bytecode
-- The walls, round two.
--   max_result_bytes  execute_sql keeps at most this many bytes of rows per call (a cap on
--                     size, beside max_rows on count); the rest is reported as truncated.
--   csv_timeout_ms    the clock of analyse_csv and import_csv (a whole file's work, the target
--                     table's triggers included); null: the base's statement_timeout_ms, the
--                     clock of execute_sql, get_schema and advise.
--   user_role         the base's end-user role: execute_sql's as_user runs as it. A member of
--                     no role that holds rights in other bases (not of authenticated): dbagent
--                     gives it what the base grants to authenticated, and adds it to the base's
--                     policies for authenticated, so the privilege wall holds for end users too.
alter table agent.base
    add column max_result_bytes integer not null default 4194304 check (max_result_bytes > 0),
    add column csv_timeout_ms integer check (csv_timeout_ms > 0),
    add column user_role text;

-- The group of the bases' end-user roles: what every one of them needs outside its base
-- (auth.uid() and friends, its executor's helper) is granted once, to the group.
do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'dbagent_enduser') then
        create role dbagent_enduser;
    end if;
    alter role dbagent_enduser nologin noinherit nosuperuser nocreaterole nocreatedb nobypassrls noreplication;
end
$$;
grant usage on schema auth, agent_exec to dbagent_enduser;

-- Tool calls run under settings dbagent pins (agent._pin_settings()); temp_file_limit is a
-- superuser setting, which dbagent's owner may now set for them, and nobody else.
grant set on parameter temp_file_limit to dbagent_owner;

-- dbagent_as_user, which every base's as_user executor belonged to (a member of authenticated,
-- and so of every base's grants to it), owns none of this database's executors after this
-- install; it keeps its membership, which other dbagent databases of the cluster, until they
-- are upgraded too, still need (roles are cluster-wide).
