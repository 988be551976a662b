"""Attack scripts: every one must be refused by the parse wall with SQLSTATE 42501.

See ``tests/corpus/__init__.py`` for the conventions (base ``acme``, other tenant ``globex``
with ``globex.canary``, schema ``auth``, roles ``anon``/``authenticated``). Scripts may
create their own objects first; those setup statements are themselves allowed, so the
denial is always for the escape that follows.

Obfuscation is spread through the categories: quoting and case (``"INFORMATION_SCHEMA"`` is a
different, non-existent schema, so the exact quoted form ``"information_schema"`` is used),
unicode escapes (``U&"\\0069nformation_schema"``), comments between tokens, tagged dollar
quotes, nested calls, FROM-clause and attribute-notation calls, and payloads hidden in
function bodies, DO blocks, policies, defaults, CHECKs, generated columns, index
expressions, domains, views and trigger functions.
"""

from __future__ import annotations

from . import Attack

ATTACKS: list[Attack] = []


def _a(category: str, name: str, sql: str) -> None:
    ATTACKS.append(Attack(f"attack.{category}.{name}", category, sql.strip() + "\n"))


# Own objects some attacks create first (allowed on their own).
NOTES = "create table notes (body text);\n"
NOTE_VIEW = "create view note_view with (security_invoker = true) as select body from notes;\n"
PLAIN_FN = "create function answer() returns int language sql as $$ select 42 $$;\n"

# --------------------------------------------------------------------------------------
# other_tenant: reading or writing another base's schema
# --------------------------------------------------------------------------------------
C = "other_tenant"
_a(C, "select_1", "select * from globex.canary")
_a(C, "quoted_schema", 'select note from "globex".canary')
_a(C, "quoted_both", 'select note from "globex"."canary"')
_a(C, "upper_case", "SELECT NOTE FROM GLOBEX.CANARY")
_a(C, "unicode_escape", 'select note from U&"\\0067lobex".canary')
_a(C, "comments_between_tokens", "select note from /* a */ globex /* b */ . /* c */ canary")
_a(C, "line_comments", "select note from globex -- x\n.\n-- y\ncanary")
_a(C, "cte", "with x as (select note from globex.canary) select * from x")
_a(C, "scalar_subquery", "select (select note from globex.canary limit 1) as n")
_a(C, "deep_subquery", """
select * from (select * from (select * from (select * from (
  select note from globex.canary) a) b) c) d
""")
_a(C, "lateral", """
select t.x from generate_series(1, 3) g(i),
  lateral (select note as x from globex.canary where g.i > 0) t
""")
_a(C, "exists_probe", "select exists (select 1 from globex.canary where note like 'GLOBEX%')")
_a(C, "where_in", NOTES + "select * from notes where body in (select note from globex.canary)")
_a(C, "insert_select", NOTES + "insert into notes (body) select note from globex.canary")
_a(C, "insert_into", "insert into globex.canary (note) values ('pwned')")
_a(C, "update", "update globex.canary set note = 'pwned'")
_a(C, "delete", "delete from globex.canary")
_a(C, "truncate", "truncate globex.canary")
_a(C, "drop_table", "drop table globex.canary")
_a(C, "alter_table", "alter table globex.canary add column extra int")
_a(C, "create_index", "create index canary_note_idx on globex.canary (note)")
_a(C, "lock", "lock table globex.canary in access exclusive mode")
_a(C, "join", NOTES + "select n.body, c.note from notes n join globex.canary c on true")
_a(C, "union", NOTES + "select body from notes union all select note from globex.canary")
_a(C, "merge", NOTES + """
merge into globex.canary c using notes n on c.note = n.body
when not matched then insert (note) values (n.body)
""")
_a(C, "select_for_update", "select note from globex.canary for update")
_a(C, "explain", "explain select * from globex.canary")
_a(C, "explain_analyze", "explain analyze delete from globex.canary")
_a(C, "view_body", "create view leak with (security_invoker = true) as select note from globex.canary")
_a(C, "sql_function_body", """
create function leak() returns setof text language sql stable
as $$ select note from globex.canary $$
""")
_a(C, "plpgsql_tagged_dollar", """
create function leak() returns text language plpgsql as $fn$
begin
  return (select note from globex.canary limit 1);
end
$fn$
""")
_a(C, "do_block", "do $$ begin perform note from globex.canary; end $$")
_a(C, "do_block_insert", NOTES + """
do $body$
begin
  insert into notes (body) select note from globex.canary;
end
$body$
""")
_a(C, "policy_using", NOTES + """
alter table notes enable row level security;
create policy notes_leak on notes for select to authenticated
  using (exists (select 1 from globex.canary))
""")
_a(C, "default_calls_other_schema", "create table notes (body text default globex.make_note())")
_a(C, "trigger_function_writes", NOTES + """
create function notes_copy() returns trigger language plpgsql as $$
begin
  insert into globex.canary (note) values (new.body);
  return new;
end $$;
create trigger notes_copy after insert on notes for each row execute function notes_copy()
""")
_a(C, "grant_on_other", "grant select on globex.canary to authenticated")
_a(C, "function_call", "select globex.some_function()")
_a(C, "sql_standard_body", """
create function leak() returns text language sql
begin atomic
  select note from globex.canary limit 1;
end
""")
_a(C, "returning_subquery", NOTES + """
insert into notes (body) values ('x') returning (select note from globex.canary limit 1)
""")
_a(C, "table_stmt", "table globex.canary")
_a(C, "row_type_cast", "select null::globex.canary")

# --------------------------------------------------------------------------------------
# auth: the auth schema's relations (only auth.uid()/role()/jwt() may be used)
# --------------------------------------------------------------------------------------
C = "auth"
_a(C, "select_users", "select * from auth.users")
_a(C, "select_password", "select email, encrypted_password from auth.users")
_a(C, "quoted", 'select email from "auth"."users"')
_a(C, "upper_case", "SELECT EMAIL FROM AUTH.USERS")
_a(C, "unicode_escape", 'select email from U&"\\0061uth".users')
_a(C, "fk_to_auth_users", "create table profiles (user_id uuid references auth.users (id), bio text)")
_a(C, "fk_alter_table", """
create table profiles (user_id uuid, bio text);
alter table profiles add constraint profiles_user_fk foreign key (user_id) references auth.users (id)
""")
_a(C, "view", "create view emails with (security_invoker = true) as select email from auth.users")
_a(C, "function_body", """
create function user_email(p_id uuid) returns text language sql stable
as $$ select email from auth.users where id = p_id $$
""")
_a(C, "update_users", "update auth.users set email = 'attacker@example.com'")
_a(C, "delete_users", "delete from auth.users")
_a(C, "insert_users", "insert into auth.users (id, email) values (gen_random_uuid(), 'x@example.com')")
_a(C, "policy_subquery", NOTES + """
create policy notes_by_email on notes for select to authenticated
  using ((select auth.uid()) in (select id from auth.users where email like '%@example.com'))
""")
_a(C, "replace_uid", """
create or replace function auth.uid() returns uuid language sql stable
as $$ select '00000000-0000-0000-0000-000000000000'::uuid $$
""")
_a(C, "drop_uid", "drop function auth.uid()")
_a(C, "create_in_auth", "create table auth.shadow (x int)")
_a(C, "jwt_plus_users", "select auth.jwt() ->> 'email', (select count(*) from auth.users)")
_a(C, "grant_users", "grant select on auth.users to anon")
_a(C, "cte_users", "with u as (select id, email from auth.users) select count(*) from u")
_a(C, "plpgsql_loop_users", """
create function list_users() returns setof text language plpgsql as $$
declare r record;
begin
  for r in select email from auth.users loop
    return next r.email;
  end loop;
end $$
""")

# --------------------------------------------------------------------------------------
# information_schema
# --------------------------------------------------------------------------------------
C = "information_schema"
_a(C, "tables", "select * from information_schema.tables")
_a(C, "quoted", 'select table_name from "information_schema".tables')
_a(C, "upper_case", "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES")
_a(C, "unicode_escape", 'select column_name from U&"\\0069nformation_schema".columns')
_a(C, "comments", "select column_name from information_schema /* hidden */ . /* */ columns")
_a(C, "cte", "with c as (select column_name from information_schema.columns) select count(*) from c")
_a(C, "other_tenant_routines", "select routine_name from information_schema.routines where routine_schema = 'globex'")
_a(C, "view_body", """
create view grants_view with (security_invoker = true) as
  select * from information_schema.role_table_grants
""")
_a(C, "function_body", """
create function schemas() returns setof text language sql
as $$ select schema_name::text from information_schema.schemata $$
""")
_a(C, "do_block", "do $$ begin perform 1 from information_schema.tables; end $$")
_a(C, "type_cast", "select 'x'::information_schema.sql_identifier")
_a(C, "function_call", "select information_schema._pg_expandarray(array[1, 2])")
_a(C, "lateral", """
select t.table_name from generate_series(1, 1) g,
  lateral (select table_name from information_schema.tables limit 5) t
""")

# --------------------------------------------------------------------------------------
# pg_catalog: catalog relations and system views
# --------------------------------------------------------------------------------------
C = "pg_catalog"
_a(C, "pg_class", "select relname from pg_class")
_a(C, "pg_authid_qualified", "select rolname, rolpassword from pg_catalog.pg_authid")
_a(C, "pg_roles", "select rolname, rolsuper from pg_roles")
_a(C, "pg_stat_activity", "select usename, query from pg_stat_activity")
_a(C, "pg_settings", "select name, setting from pg_settings")
_a(C, "pg_shadow", "select usename, passwd from pg_shadow")
_a(C, "quoted", 'select nspname from "pg_catalog"."pg_namespace"')
_a(C, "upper_case", "SELECT PROSRC FROM PG_CATALOG.PG_PROC")
_a(C, "pg_tables_other", "select tablename from pg_tables where schemaname = 'globex'")
_a(C, "pg_views", "select definition from pg_views")
_a(C, "pg_stats", "select most_common_vals from pg_stats where schemaname = 'globex'")
_a(C, "pg_largeobject", "select data from pg_largeobject")
_a(C, "pg_file_settings", "select * from pg_file_settings")
_a(C, "pg_description", "select description from pg_catalog.pg_description")
_a(C, "update_catalog", "update pg_catalog.pg_class set relrowsecurity = false where relname = 'notes'")
_a(C, "view_body", "create view rels with (security_invoker = true) as select relname from pg_class")
_a(C, "function_body", """
create function rel_count() returns bigint language sql
as $$ select count(*) from pg_catalog.pg_class $$
""")
_a(C, "lateral", "select * from generate_series(1, 1) g, lateral (select relname from pg_class limit 1) c")
_a(C, "rowtype_cast", "select null::pg_catalog.pg_authid")
_a(C, "unicode_escape", 'select rolname from U&"pg_\\0061uthid"')
_a(C, "explain", "explain select * from pg_catalog.pg_authid")
_a(C, "exists_in_check", """
create table notes (body text check (not exists (select 1 from pg_class)))
""")

# --------------------------------------------------------------------------------------
# public_schema
# --------------------------------------------------------------------------------------
C = "public_schema"
_a(C, "create_table", "create table public.notes (body text)")
_a(C, "quoted_create", 'create table "public".notes (body text)')
_a(C, "create_function", "create function public.answer() returns int language sql as $$ select 42 $$")
_a(C, "create_view", "create view public.v with (security_invoker = true) as select 1 as x")
_a(C, "create_type", "create type public.mood as enum ('sad', 'happy')")
_a(C, "set_schema", NOTES + "alter table notes set schema public")
_a(C, "select", "select * from public.some_table")
_a(C, "function_call", "select public.some_function(1)")

# --------------------------------------------------------------------------------------
# files: server files, programs, large objects
# --------------------------------------------------------------------------------------
C = "files"
_a(C, "copy_program_1", NOTES + "copy notes from program 'id'")
_a(C, "copy_program_2", "copy (select 1) to program 'cat > /tmp/pwned'")
_a(C, "copy_to_file", NOTES + "copy notes to '/tmp/pwned.csv'")
_a(C, "copy_from_file", NOTES + "copy notes from '/etc/passwd'")
_a(C, "pg_read_file", "select pg_read_file('/etc/passwd')")
_a(C, "pg_read_file_qualified", "select pg_catalog.pg_read_file('/etc/passwd')")
_a(C, "pg_read_file_quoted", 'select "pg_read_file"(\'/etc/passwd\')')
_a(C, "pg_read_file_from_clause", "select * from pg_read_file('/etc/passwd') as f(x)")
_a(C, "pg_read_file_attribute_notation", "select ('/etc/passwd'::text).pg_read_file")
_a(C, "attribute_notation_column", """
create table paths (path text);
select (p.path).pg_read_file from paths p
""")
_a(C, "attribute_notation_in_default", """
create table paths (path text, body text default ('/etc/hostname'::text).pg_read_file)
""")
_a(C, "attribute_notation_in_index", """
create table paths (path text);
create index paths_leak_idx on paths (((path).pg_read_file))
""")
_a(C, "attribute_notation_in_plpgsql", """
create function peek(p text) returns text language plpgsql as $$
begin
  return (p).pg_read_file;
end $$
""")
_a(C, "pg_read_file_nested", "select upper(lower(concat('x', pg_read_file('/etc/passwd'))))")
_a(C, "pg_read_file_unicode_literal", "select pg_read_file(U&'\\002fetc\\002fpasswd')")
_a(C, "pg_read_binary_file", "select encode(pg_read_binary_file('/etc/passwd'), 'escape')")
_a(C, "pg_ls_dir", "select pg_ls_dir('.')")
_a(C, "pg_ls_dir_from", "select * from pg_ls_dir('/')")
_a(C, "pg_stat_file", "select * from pg_stat_file('postgresql.conf')")
_a(C, "pg_ls_logdir", "select * from pg_ls_logdir()")
_a(C, "pg_ls_waldir", "select * from pg_ls_waldir()")
_a(C, "pg_current_logfile", "select pg_current_logfile()")
_a(C, "pg_relation_filepath", NOTES + "select pg_relation_filepath('notes')")
_a(C, "lo_import", "select lo_import('/etc/passwd')")
_a(C, "lo_export", "select lo_export(16384, '/tmp/pwned')")
_a(C, "lo_open", "select lo_open(16384, 262144)")
_a(C, "lo_get", "select lo_get(16384)")
_a(C, "in_default", "create table notes (body text default pg_read_file('/etc/passwd'))")
_a(C, "in_check", "create table notes (body text check (body <> pg_read_file('/etc/passwd')))")
_a(C, "in_generated_column", """
create table notes (path text, body text generated always as (pg_read_file(path)) stored)
""")
_a(C, "in_index_expression", NOTES + "create index notes_leak_idx on notes ((pg_read_file(body)))")
_a(C, "in_sql_function", """
create function passwd() returns text language sql as $$ select pg_read_file('/etc/passwd') $$
""")
_a(C, "in_plpgsql_tagged", """
create function passwd() returns text language plpgsql as $body$
begin
  return pg_read_file('/etc/passwd');
end
$body$
""")
_a(C, "in_do_block", "do $$ begin raise notice '%', pg_read_file('/etc/passwd'); end $$")
_a(C, "in_policy", NOTES + """
create policy notes_files on notes for select to authenticated
  using (pg_read_file('/etc/passwd') is not null)
""")
_a(C, "in_view", "create view passwd with (security_invoker = true) as select pg_read_file('/etc/passwd') as x")
_a(C, "in_domain_check", "create domain path_text as text check (pg_read_file(value) is not null)")
_a(C, "in_trigger_function", NOTES + """
create function notes_stamp() returns trigger language plpgsql as $$
begin
  new.body := pg_read_file('/etc/hostname');
  return new;
end $$;
create trigger notes_stamp before insert on notes for each row execute function notes_stamp()
""")
_a(C, "in_cte", "with f as (select pg_read_file('/etc/passwd') as x) select * from f")
_a(C, "in_lateral", "select f.x from generate_series(1, 1) g, lateral pg_read_file('/etc/passwd') f(x)")

# --------------------------------------------------------------------------------------
# settings: SET/RESET, set_config, current_setting, function SET clauses (claim spoofing)
# --------------------------------------------------------------------------------------
C = "settings"
_a(C, "set_claims", """set request.jwt.claims = '{"sub": "00000000-0000-0000-0000-000000000001"}'""")
_a(C, "set_local_claims", """
set local "request.jwt.claims" to '{"sub": "00000000-0000-0000-0000-000000000001", "role": "service_role"}'
""")
_a(C, "set_config_claims", """
select set_config('request.jwt.claims', '{"sub": "00000000-0000-0000-0000-000000000001"}', true)
""")
_a(C, "set_config_qualified", "select pg_catalog.set_config('search_path', 'globex', false)")
_a(C, "set_search_path", "set search_path = globex, acme")
_a(C, "set_local_search_path", "set local search_path to public")
_a(C, "set_statement_timeout_session", "set statement_timeout = '1s'")
_a(C, "set_local_statement_timeout_zero", "set local statement_timeout = 0")
_a(C, "set_local_statement_timeout_raise", "set local statement_timeout = '1h'")
_a(C, "set_time_zone", "set time zone 'UTC'")
_a(C, "set_session_characteristics", "set session characteristics as transaction read write")
_a(C, "reset_all", "reset all")
_a(C, "reset_one", "reset statement_timeout")
_a(C, "discard_all", "discard all")
_a(C, "current_setting", "select current_setting('data_directory')")
_a(C, "current_setting_claims", "select current_setting('request.jwt.claims', true)")
_a(C, "show_all", "show all")
_a(C, "show_one", "show data_directory")
_a(C, "function_set_public", """
create function answer() returns int language sql set search_path = public as $$ select 42 $$
""")
_a(C, "function_set_path_list", """
create function answer() returns int language sql set search_path = acme, public as $$ select 42 $$
""")
_a(C, "function_set_claims", """
create function as_admin() returns uuid language sql
  set request.jwt.claims = '{"sub": "00000000-0000-0000-0000-000000000001"}'
as $$ select auth.uid() $$
""")
_a(C, "function_set_from_current", """
create function answer() returns int language sql set search_path from current as $$ select 42 $$
""")
_a(C, "alter_function_set", PLAIN_FN + "alter function answer() set search_path = globex")
_a(C, "alter_function_set_timeout", PLAIN_FN + "alter function answer() set statement_timeout = 0")
_a(C, "set_config_in_check", """
create table notes (body text check (set_config('request.jwt.claims', '{}', false) is not null))
""")
_a(C, "set_config_in_default", """
create table notes (body text default set_config('request.jwt.claims', '{"sub": "x"}', false))
""")
_a(C, "set_config_in_do", """
do $$ begin perform set_config('request.jwt.claims', '{"sub": "x"}', true); end $$
""")
_a(C, "set_in_plpgsql_body", """
create function spoof() returns void language plpgsql as $$
begin
  set local request.jwt.claims = '{"sub": "x"}';
end $$
""")
_a(C, "current_setting_attribute_notation", "select ('data_directory'::text).current_setting")
_a(C, "set_config_nested", "select upper(set_config('role', 'postgres', true))")

# --------------------------------------------------------------------------------------
# roles: role changes, role management, grants beyond anon/authenticated
# --------------------------------------------------------------------------------------
C = "roles"
_a(C, "set_role", "set role postgres")
_a(C, "set_role_quoted", 'set role "authenticated"')
_a(C, "set_local_role", "set local role anon")
_a(C, "reset_role", "reset role")
_a(C, "set_session_authorization", "set session authorization postgres")
_a(C, "set_config_role", "select set_config('role', 'postgres', true)")
_a(C, "create_role", "create role evil login superuser password 'x'")
_a(C, "create_user", "create user evil")
_a(C, "alter_role", "alter role authenticated bypassrls")
_a(C, "alter_role_set", "alter role current_user set statement_timeout = 0")
_a(C, "drop_role", "drop role anon")
_a(C, "grant_membership", "grant postgres to current_user")
_a(C, "grant_end_user_role", "grant authenticated to anon")
_a(C, "grant_to_public", NOTES + "grant select on notes to public")
_a(C, "grant_to_other_role", NOTES + "grant select on notes to postgres")
_a(C, "grant_with_grant_option", NOTES + "grant select on notes to authenticated with grant option")
_a(C, "grant_schema_create", "grant create on schema acme to authenticated")
_a(C, "grant_schema_public", "grant usage on schema acme to public")
_a(C, "grant_execute_public", PLAIN_FN + "grant execute on function answer() to public")
_a(C, "grant_all_in_other_schema", "grant select on all tables in schema globex to authenticated")
_a(C, "in_plpgsql_body", """
create function escalate() returns void language plpgsql as $$
begin
  set role postgres;
end $$
""")

# --------------------------------------------------------------------------------------
# ownership changes
# --------------------------------------------------------------------------------------
C = "ownership"
_a(C, "table_owner", NOTES + "alter table notes owner to postgres")
_a(C, "table_owner_end_user", NOTES + "alter table notes owner to authenticated")
_a(C, "function_owner", PLAIN_FN + "alter function answer() owner to postgres")
_a(C, "schema_owner", "alter schema acme owner to anon")
_a(C, "view_owner", NOTES + NOTE_VIEW + "alter view note_view owner to postgres")
_a(C, "type_owner", "create type mood as enum ('sad', 'happy');\nalter type mood owner to postgres")
_a(C, "sequence_owner", "create sequence ticket_seq;\nalter sequence ticket_seq owner to postgres")
_a(C, "owner_to_session_user", NOTES + "alter table notes owner to session_user")

# --------------------------------------------------------------------------------------
# transaction control
# --------------------------------------------------------------------------------------
C = "transaction"
_a(C, "commit", "commit")
_a(C, "rollback", "rollback")
_a(C, "begin", "begin")
_a(C, "start_transaction", "start transaction isolation level serializable")
_a(C, "end", "end")
_a(C, "abort", "abort")
_a(C, "savepoint", "savepoint s1")
_a(C, "release_savepoint", "release savepoint s1")
_a(C, "rollback_to_savepoint", "rollback to savepoint s1")
_a(C, "prepare_transaction", "prepare transaction 'escape'")
_a(C, "commit_prepared", "commit prepared 'escape'")
_a(C, "set_transaction", "set transaction isolation level read committed")
_a(C, "commit_in_do", "do $$ begin commit; end $$")
_a(C, "commit_in_procedure", """
create procedure flush() language plpgsql as $$
begin
  commit;
end $$
""")

# --------------------------------------------------------------------------------------
# temp objects
# --------------------------------------------------------------------------------------
C = "temp"
_a(C, "temp_table", "create temp table scratch (x int)")
_a(C, "temporary_table", "create temporary table scratch (x int)")
_a(C, "local_temp_table", "create local temporary table scratch (x int)")
_a(C, "temp_view", "create temporary view scratch_view as select 1 as x")
_a(C, "temp_sequence", "create temp sequence scratch_seq")
_a(C, "pg_temp_table", "create table pg_temp.scratch (x int)")
_a(C, "pg_temp_function", "create function pg_temp.shadow() returns int language sql as $$ select 1 $$")
_a(C, "pg_temp_select", "select * from pg_temp.scratch")
_a(C, "temp_in_do", "do $$ begin create temp table scratch (x int); end $$")

# --------------------------------------------------------------------------------------
# ddl_outside: DDL on things outside the base
# --------------------------------------------------------------------------------------
C = "ddl_outside"
_a(C, "create_schema", "create schema evil")
_a(C, "create_schema_quoted", 'create schema "Acme"')
_a(C, "create_schema_authorization", "create schema if not exists shadow authorization current_user")
_a(C, "create_extension", "create extension dblink")
_a(C, "create_extension_schema", "create extension if not exists pgcrypto schema acme")
_a(C, "drop_extension", "drop extension plpgsql")
_a(C, "create_database", "create database evil")
_a(C, "drop_database", "drop database postgres")
_a(C, "alter_database", "alter database postgres set search_path = globex")
_a(C, "alter_system", "alter system set log_statement = 'none'")
_a(C, "alter_system_reset", "alter system reset all")
_a(C, "load", "load '/tmp/evil.so'")
_a(C, "create_language", "create language plpython3u")
_a(C, "create_trusted_language", "create trusted language evil handler plpgsql_call_handler")
_a(C, "create_cast", """
create function to_int(text) returns int language sql as $$ select 1 $$;
create cast (text as int) with function to_int(text) as implicit
""")
_a(C, "create_event_trigger", """
create function on_ddl() returns event_trigger language plpgsql as $$ begin end $$;
create event trigger on_ddl on ddl_command_start execute function on_ddl()
""")
_a(C, "create_fdw", "create foreign data wrapper evil_fdw")
_a(C, "create_server", "create server evil_server foreign data wrapper postgres_fdw options (host 'example.com')")
_a(C, "create_user_mapping", "create user mapping for current_user server evil_server")
_a(C, "import_foreign_schema", "import foreign schema public from server evil_server into acme")
_a(C, "create_publication", "create publication evil_pub for all tables")
_a(C, "create_subscription", """
create subscription evil_sub connection 'host=example.com dbname=x' publication p
""")
_a(C, "create_tablespace", "create tablespace evil location '/tmp'")
_a(C, "drop_schema_cascade", "drop schema acme cascade")
_a(C, "drop_other_schema", "drop schema globex cascade")
_a(C, "alter_schema_rename", "alter schema acme rename to acme_old")
_a(C, "drop_owned", "drop owned by current_user")
_a(C, "reassign_owned", "reassign owned by current_user to postgres")
_a(C, "create_access_method", "create access method evil type table handler heap_tableam_handler")
_a(C, "create_conversion", "create default conversion evil for 'LATIN1' to 'UTF8' from iso8859_1_to_utf8")
_a(C, "checkpoint", "checkpoint")
_a(C, "in_do_block", "do $$ begin create schema evil; end $$")
_a(C, "in_function_body", """
create function make_schema() returns void language plpgsql as $$
begin
  drop schema globex cascade;
end $$
""")

# --------------------------------------------------------------------------------------
# notify: LISTEN/NOTIFY and pg_notify (database-wide channels)
# --------------------------------------------------------------------------------------
C = "notify"
_a(C, "listen", "listen globex_events")
_a(C, "notify", "notify globex_events")
_a(C, "notify_payload", "notify globex_events, 'hello'")
_a(C, "unlisten", "unlisten *")
_a(C, "pg_notify", "select pg_notify('globex_events', 'x')")
_a(C, "pg_notify_in_do", "do $$ begin perform pg_notify('globex_events', 'x'); end $$")
_a(C, "notify_in_trigger", NOTES + """
create function notes_ping() returns trigger language plpgsql as $$
begin
  notify note_events;
  return new;
end $$;
create trigger notes_ping after insert on notes for each row execute function notes_ping()
""")
_a(C, "pg_notify_in_trigger", NOTES + """
create function notes_ping() returns trigger language plpgsql as $$
begin
  perform pg_catalog.pg_notify('note_events', new.body);
  return new;
end $$;
create trigger notes_ping after insert on notes for each row execute function notes_ping()
""")

# --------------------------------------------------------------------------------------
# languages: untrusted or internal languages
# --------------------------------------------------------------------------------------
C = "languages"
_a(C, "plpython3u", """
create function shell(cmd text) returns text language plpython3u as $$
import subprocess
return subprocess.check_output(cmd, shell=True).decode()
$$
""")
_a(C, "plpython3u_upper", """
create function shell() returns text LANGUAGE PLPYTHON3U as $$ return open('/etc/passwd').read() $$
""")
_a(C, "plpython3u_quoted", """
create function shell() returns text language "plpython3u" as $$ return 1 $$
""")
_a(C, "language_c", "create function evil() returns int language c as '/tmp/evil.so', 'evil'")
_a(C, "language_internal", "create function my_textin(cstring) returns text language internal as 'textin'")
_a(C, "plperlu", "create function evil() returns int language plperlu as $$ return 1; $$")
_a(C, "do_plpython3u", "do language plpython3u $$ import os; os.system('id') $$")
_a(C, "procedure_c", "create procedure evil() language c as '/tmp/evil.so', 'evil'")

# --------------------------------------------------------------------------------------
# security_definer: SECURITY DEFINER and LEAKPROOF functions
# --------------------------------------------------------------------------------------
C = "security_definer"
_a(C, "create_definer", """
create function answer() returns int language sql security definer as $$ select 42 $$
""")
_a(C, "create_definer_pinned_path", """
create function answer() returns int language sql security definer set search_path = ''
as $$ select 42 $$
""")
_a(C, "alter_definer", PLAIN_FN + "alter function answer() security definer")
_a(C, "external_security_definer", """
create function answer() returns int language sql external security definer as $$ select 42 $$
""")
_a(C, "procedure_definer", """
create procedure bump() language plpgsql security definer as $$ begin end $$
""")
_a(C, "leakproof", """
create function same(a int, b int) returns boolean language sql immutable leakproof
as $$ select a = b $$
""")
_a(C, "alter_leakproof", PLAIN_FN + "alter function answer() leakproof")

# --------------------------------------------------------------------------------------
# views: without security_invoker, or materialized
# --------------------------------------------------------------------------------------
C = "views"
_a(C, "no_invoker", NOTES + "create view note_view as select body from notes")
_a(C, "invoker_false", NOTES + "create view note_view with (security_invoker = false) as select body from notes")
_a(C, "invoker_off_string", NOTES + "create view note_view with (security_invoker = 'off') as select body from notes")
_a(C, "barrier_only", NOTES + "create view note_view with (security_barrier = true) as select body from notes")
_a(C, "alter_invoker_false", NOTES + NOTE_VIEW + "alter view note_view set (security_invoker = false)")
_a(C, "alter_reset_invoker", NOTES + NOTE_VIEW + "alter view note_view reset (security_invoker)")
_a(C, "replace_without_invoker", NOTES + NOTE_VIEW + "create or replace view note_view as select body from notes")
_a(C, "recursive_view", "create recursive view counter (n) as select 1 union all select n + 1 from counter where n < 5")
_a(C, "materialized_view", NOTES + "create materialized view note_totals as select count(*) as n from notes")
_a(C, "materialized_view_no_data", NOTES + "create materialized view note_totals as select body from notes with no data")
_a(C, "alter_table_on_view", NOTES + NOTE_VIEW + "alter table note_view set (security_invoker = false)")

# --------------------------------------------------------------------------------------
# rls: turning row level security off
# --------------------------------------------------------------------------------------
C = "rls"
_a(C, "disable", NOTES + "alter table notes disable row level security")
_a(C, "no_force", NOTES + "alter table notes no force row level security")
_a(C, "disable_combined", NOTES + "alter table notes add column extra int, disable row level security")
_a(C, "no_force_only", NOTES + "alter table only notes no force row level security")
_a(C, "disable_if_exists", NOTES + "alter table if exists notes disable row level security")
_a(C, "disable_in_do", NOTES + "do $$ begin alter table notes disable row level security; end $$")
_a(C, "disable_in_function", NOTES + """
create function open_up() returns void language plpgsql as $$
begin
  alter table notes no force row level security;
end $$
""")
_a(C, "disable_via_constant_execute", NOTES + """
do $$ begin execute 'alter table notes disable row level security'; end $$
""")

# --------------------------------------------------------------------------------------
# dynamic_sql: EXECUTE of a non-constant string (constant strings are checked like SQL)
# --------------------------------------------------------------------------------------
C = "dynamic_sql"
_a(C, "execute_concat", """
create function run(q text) returns void language plpgsql as $$
begin
  execute 'select ' || q;
end $$
""")
_a(C, "execute_format", """
create function peek() returns bigint language plpgsql as $$
declare n bigint;
begin
  execute format('select count(*) from %I.%I', 'globex', 'canary') into n;
  return n;
end $$
""")
_a(C, "execute_variable", """
do $$
declare q text := 'select 1';
begin
  execute q;
end $$
""")
_a(C, "for_in_execute", """
create function rows_of(t text) returns setof text language plpgsql as $$
declare r record;
begin
  for r in execute 'select * from ' || t loop
    return next r::text;
  end loop;
end $$
""")
_a(C, "open_for_execute", """
create function cur(t text) returns refcursor language plpgsql as $$
declare c refcursor;
begin
  open c for execute 'select * from ' || quote_ident(t);
  return c;
end $$
""")
_a(C, "return_query_execute", """
create function rows_of(t text) returns setof text language plpgsql as $$
begin
  return query execute 'select note from ' || t;
end $$
""")
_a(C, "execute_upper", "do $$ begin execute upper('select 1'); end $$")
_a(C, "execute_constant_forbidden", """
do $$ begin execute $q$select note from globex.canary$q$; end $$
""")
_a(C, "execute_constant_drop", "do $$ begin execute 'drop schema acme cascade'; end $$")
_a(C, "execute_concat_in_trigger", NOTES + """
create function notes_dyn() returns trigger language plpgsql as $$
begin
  execute 'insert into ' || tg_argv[0] || ' values ($1)' using new.body;
  return new;
end $$;
create trigger notes_dyn after insert on notes for each row execute function notes_dyn('globex.canary')
""")

# --------------------------------------------------------------------------------------
# locks: advisory locks (database-wide, no ACL)
# --------------------------------------------------------------------------------------
C = "locks"
_a(C, "advisory_lock", "select pg_advisory_lock(1)")
_a(C, "advisory_xact_lock", "select pg_advisory_xact_lock(42)")
_a(C, "try_advisory_lock", "select pg_try_advisory_lock(1, 2)")
_a(C, "try_advisory_xact_lock_qualified", "select pg_catalog.pg_try_advisory_xact_lock(42)")
_a(C, "advisory_lock_shared", "select pg_advisory_lock_shared(7)")
_a(C, "advisory_unlock_all", "select pg_advisory_unlock_all()")
_a(C, "attribute_notation", "select (7::bigint).pg_try_advisory_xact_lock")
_a(C, "advisory_in_policy", NOTES + """
create policy notes_lock on notes for select to authenticated using (pg_try_advisory_lock(99))
""")
_a(C, "advisory_in_plpgsql", """
create function take() returns void language plpgsql as $$
begin
  perform pg_advisory_lock(hashtext('globex'));
end $$
""")

# --------------------------------------------------------------------------------------
# sleep: holding connections
# --------------------------------------------------------------------------------------
C = "sleep"
_a(C, "pg_sleep", "select pg_sleep(10)")
_a(C, "pg_sleep_for", "select pg_sleep_for('1 hour')")
_a(C, "pg_sleep_until", "select pg_sleep_until(now() + interval '1 hour')")
_a(C, "from_clause", "select * from pg_sleep(5)")
_a(C, "nested", "select coalesce(pg_sleep(5)::text, 'x')")
_a(C, "in_check", "create table notes (body text check (pg_sleep(1) is null or true))")
_a(C, "in_sql_function", "create function nap() returns void language sql as $$ select pg_sleep(60) $$")
_a(C, "attribute_notation", "select (10::float8).pg_sleep")

# --------------------------------------------------------------------------------------
# catalog_functions: metadata, privileges, statistics, administration
# --------------------------------------------------------------------------------------
C = "catalog_functions"
_a(C, "pg_get_viewdef", "select pg_get_viewdef('globex.some_view')")
_a(C, "pg_get_functiondef", "select pg_get_functiondef(1)")
_a(C, "pg_get_triggerdef", "select pg_get_triggerdef(1)")
_a(C, "pg_get_indexdef", "select pg_get_indexdef(1)")
_a(C, "has_table_privilege", "select has_table_privilege('globex.canary', 'select')")
_a(C, "has_schema_privilege", "select has_schema_privilege('globex', 'usage')")
_a(C, "pg_has_role", "select pg_has_role('postgres', 'member')")
_a(C, "pg_stat_get_activity", "select * from pg_stat_get_activity(null)")
_a(C, "pg_terminate_backend", "select pg_terminate_backend(1)")
_a(C, "pg_cancel_backend", "select pg_cancel_backend(1)")
_a(C, "pg_reload_conf", "select pg_reload_conf()")
_a(C, "pg_rotate_logfile", "select pg_rotate_logfile()")
_a(C, "query_to_xml", "select query_to_xml('select * from globex.canary', true, true, '')")
_a(C, "table_to_xml", "select table_to_xml('globex.canary', true, true, '')")
_a(C, "schema_to_xml", "select schema_to_xml('globex', true, true, '')")
_a(C, "database_to_xml", "select database_to_xml(true, true, '')")
_a(C, "cursor_to_xml", "select cursor_to_xml('c', 10, true, true, '')")
_a(C, "ts_stat", "select * from ts_stat('select to_tsvector(note) from globex.canary')")
_a(C, "ts_rewrite_sql", "select ts_rewrite('a'::tsquery, 'select note::tsquery, note::tsquery from globex.canary')")
_a(C, "to_regclass", "select to_regclass('globex.canary')")
_a(C, "to_regclass_attribute_notation", "select ('globex.canary'::text).to_regclass")
_a(C, "pg_filenode_relation", "select pg_filenode_relation(0, 16384)")
_a(C, "obj_description", "select obj_description(16384, 'pg_class')")
_a(C, "col_description", "select col_description(16384, 1)")
_a(C, "format_type", "select format_type(25, null)")
_a(C, "version", "select version()")
_a(C, "inet_server_addr", "select inet_server_addr()")
_a(C, "pg_switch_wal", "select pg_switch_wal()")
_a(C, "pg_create_restore_point", "select pg_create_restore_point('x')")
_a(C, "pg_logical_emit_message", "select pg_logical_emit_message(true, 'x', 'y')")
_a(C, "pg_import_system_collations", "select pg_import_system_collations('acme')")
_a(C, "txid_current", "select txid_current()")
_a(C, "pg_backend_pid", "select pg_backend_pid()")
_a(C, "current_query", "select current_query()")
_a(C, "pg_relation_size", "select pg_relation_size('globex.canary')")
_a(C, "row_security_active", "select row_security_active('globex.canary')")
_a(C, "pg_get_serial_sequence", "select pg_get_serial_sequence('globex.canary', 'note')")
_a(C, "dblink", "select * from dblink('dbname=postgres', 'select rolname from pg_authid') as t(r text)")
_a(C, "dblink_exec", "select dblink_exec('dbname=postgres', 'drop schema globex cascade')")
_a(C, "in_default", "create table notes (body text default version())")
_a(C, "in_policy", NOTES + """
create policy notes_priv on notes for select to authenticated
  using (has_table_privilege('globex.canary', 'select'))
""")

# --------------------------------------------------------------------------------------
# regclass: reg* literals and sequence functions naming other schemas' objects
# --------------------------------------------------------------------------------------
C = "regclass"
_a(C, "regclass_literal", "select 'globex.canary'::regclass")
_a(C, "regclass_to_oid", "select 'globex.canary'::regclass::oid")
_a(C, "cast_syntax", "select cast('auth.users' as regclass)")
_a(C, "qualified_type", "select 'pg_authid'::pg_catalog.regclass")
_a(C, "regclass_function", "select regclass('globex.canary')")
_a(C, "array_type", "select '{globex.canary}'::_regclass")
_a(C, "array_brackets", "select array['globex.canary']::regclass[]")
_a(C, "regnamespace", "select 'globex'::regnamespace")
_a(C, "regrole", "select 'postgres'::regrole")
_a(C, "regprocedure", "select 'auth.uid()'::regprocedure")
_a(C, "regtype_from_oid", "select 25::regtype")
_a(C, "regconfig_other_schema", "select 'globex.cfg'::regconfig")
_a(C, "nextval_other", "select nextval('globex.some_seq')")
_a(C, "currval_other", "select currval('globex.some_seq')")
_a(C, "setval_other", "select setval('globex.some_seq', 1)")
_a(C, "nextval_non_literal", "select nextval('globex.' || 'some_seq')")
_a(C, "nextval_in_default", "create table notes (n bigint default nextval('globex.some_seq'))")
_a(C, "regclass_in_function", """
create function oid_of(t text) returns oid language sql as $$ select t::regclass::oid $$
""")
_a(C, "regclass_column", "create table refs (target regclass)")

# --------------------------------------------------------------------------------------
# rules: CREATE RULE (use a trigger instead)
# --------------------------------------------------------------------------------------
C = "rules"
_a(C, "do_instead_nothing", NOTES + "create rule notes_ignore as on insert to notes do instead nothing")
_a(C, "do_also_other_tenant", NOTES + """
create rule notes_copy as on insert to notes do also insert into globex.canary (note) values (new.body)
""")
_a(C, "or_replace", NOTES + "create or replace rule notes_ignore as on delete to notes do instead nothing")
_a(C, "on_select_return", NOTES + """
create table shadow (body text);
create rule "_RETURN" as on select to shadow do instead select body from notes
""")
_a(C, "update_rule", NOTES + """
create rule notes_upd as on update to notes do instead update notes set body = new.body where false
""")

# --------------------------------------------------------------------------------------
# copy: COPY in any form (use agent.import_csv)
# --------------------------------------------------------------------------------------
C = "copy"
_a(C, "to_stdout", NOTES + "copy notes to stdout")
_a(C, "from_stdin", NOTES + "copy notes (body) from stdin")
_a(C, "query_to_stdout", NOTES + "copy (select body from notes) to stdout with (format csv)")
_a(C, "other_tenant_to_stdout", "copy globex.canary to stdout")
_a(C, "csv_header", NOTES + "copy notes from stdin with (format csv, header true)")
_a(C, "in_do_block", NOTES + "do $$ begin copy notes to '/tmp/notes.csv'; end $$")

# --------------------------------------------------------------------------------------
# prepared: PREPARE/EXECUTE/DEALLOCATE, cursors, FETCH
# --------------------------------------------------------------------------------------
C = "prepared"
_a(C, "prepare", "prepare q as select 1")
_a(C, "prepare_execute", "prepare q (int) as select $1;\nexecute q (1)")
_a(C, "execute", "execute q")
_a(C, "deallocate", "deallocate all")
_a(C, "declare_cursor", "declare c cursor for select 1")
_a(C, "declare_with_hold", "declare c cursor with hold for select 1")
_a(C, "fetch", "fetch next from c")
_a(C, "move", "move forward 5 in c")
_a(C, "close", "close c")

# --------------------------------------------------------------------------------------
# maintenance: commands that cannot run in a transaction or touch other objects
# --------------------------------------------------------------------------------------
C = "maintenance"
_a(C, "vacuum", "vacuum")
_a(C, "vacuum_table", NOTES + "vacuum notes")
_a(C, "vacuum_full", NOTES + "vacuum full notes")
_a(C, "vacuum_analyze", NOTES + "vacuum (analyze, verbose) notes")
_a(C, "create_index_concurrently", NOTES + "create index concurrently notes_body_idx on notes (body)")
_a(C, "drop_index_concurrently", NOTES + """
create index notes_body_idx on notes (body);
drop index concurrently notes_body_idx
""")
_a(C, "reindex_concurrently", NOTES + "reindex table concurrently notes")
_a(C, "reindex_database", "reindex database postgres")
_a(C, "reindex_system", "reindex system postgres")
_a(C, "cluster_all", "cluster")
_a(C, "analyze_other", "analyze globex.canary")

# --------------------------------------------------------------------------------------
# create_as: CREATE TABLE AS / SELECT INTO (create the table first)
# --------------------------------------------------------------------------------------
C = "create_as"
_a(C, "create_table_as", "create table numbers as select generate_series(1, 10) as n")
_a(C, "create_table_as_own", NOTES + "create table notes_copy as select * from notes")
_a(C, "create_table_as_table", NOTES + "create table notes_copy as table notes")
_a(C, "create_table_as_values", "create table pairs (a, b) as values (1, 2)")
_a(C, "select_into", NOTES + "select * into notes_copy from notes")
_a(C, "select_into_temp", "select 1 as x into temp scratch")
_a(C, "create_unlogged_as", "create unlogged table numbers as select 1 as n")
_a(C, "create_table_as_other", "create table stolen as select note from globex.canary")

# --------------------------------------------------------------------------------------
# like_inherits: copying or inheriting other schemas' tables
# --------------------------------------------------------------------------------------
C = "like_inherits"
_a(C, "like_other_tenant", "create table clone (like globex.canary)")
_a(C, "like_auth_users", "create table clone (like auth.users including all)")
_a(C, "like_catalog", "create table clone (like pg_catalog.pg_authid)")
_a(C, "like_information_schema", "create table clone (like information_schema.tables)")
_a(C, "inherits_other_tenant", "create table child (extra int) inherits (globex.canary)")
_a(C, "alter_inherit", NOTES + "alter table notes inherit globex.canary")
_a(C, "partition_of_other", "create table part partition of globex.canary for values in ('x')")

# --------------------------------------------------------------------------------------
# security_label
# --------------------------------------------------------------------------------------
C = "security_label"
_a(C, "on_table", NOTES + "security label on table notes is 'system_u:object_r:sepgsql_table_t:s0'")
_a(C, "for_provider", NOTES + "security label for selinux on table notes is 'unconfined'")
_a(C, "on_column", NOTES + "security label on column notes.body is 'x'")
_a(C, "on_role", "security label on role anon is 'x'")
_a(C, "on_schema", "security label on schema acme is 'x'")
_a(C, "on_function", PLAIN_FN + "security label on function answer() is 'x'")

# --------------------------------------------------------------------------------------
# comment_outside: COMMENT ON objects outside the base
# --------------------------------------------------------------------------------------
C = "comment_outside"
_a(C, "other_table", "comment on table globex.canary is 'pwned'")
_a(C, "other_schema", "comment on schema globex is 'pwned'")
_a(C, "role", "comment on role anon is 'pwned'")
_a(C, "database", "comment on database postgres is 'pwned'")
_a(C, "auth_function", "comment on function auth.uid() is 'pwned'")
_a(C, "auth_column", "comment on column auth.users.email is 'pwned'")
_a(C, "extension", "comment on extension plpgsql is 'pwned'")
_a(C, "public_schema", "comment on schema public is 'pwned'")

# --------------------------------------------------------------------------------------
# default_privileges: ALTER DEFAULT PRIVILEGES granting beyond anon/authenticated
# --------------------------------------------------------------------------------------
C = "default_privileges"
_a(C, "to_public", "alter default privileges grant select on tables to public")
_a(C, "to_other_role", "alter default privileges in schema acme grant all on tables to postgres")
_a(C, "other_schema", "alter default privileges in schema globex grant select on tables to authenticated")
_a(C, "for_other_role", "alter default privileges for role postgres grant select on tables to anon")
_a(C, "with_grant_option", "alter default privileges grant all on tables to authenticated with grant option")
_a(C, "functions_to_public", "alter default privileges grant execute on functions to public")

# --------------------------------------------------------------------------------------
# trigger_outside: triggers executing functions outside the base, or on others' tables
# --------------------------------------------------------------------------------------
C = "trigger_outside"
_a(C, "other_tenant_function", NOTES + """
create trigger notes_t before insert on notes for each row execute function globex.audit()
""")
_a(C, "auth_function", NOTES + """
create trigger notes_t before insert on notes for each row execute procedure auth.on_signup()
""")
_a(C, "public_function", NOTES + """
create trigger notes_t after update on notes for each row execute function public.log_change()
""")
_a(C, "internal_trigger_function", NOTES + """
create trigger notes_t after insert on notes for each row execute function pg_catalog."RI_FKey_check_ins"()
""")
_a(C, "unqualified_internal", NOTES + """
create trigger notes_t after insert on notes for each row execute function unique_key_recheck()
""")
_a(C, "on_other_tenant_table", """
create function stamp() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger canary_t before insert on globex.canary for each row execute function stamp()
""")
_a(C, "constraint_trigger_other", """
create function stamp() returns trigger language plpgsql as $$ begin return new; end $$;
create constraint trigger canary_ct after insert on globex.canary
  deferrable initially deferred for each row execute function stamp()
""")

# --------------------------------------------------------------------------------------
# multi_statement: hiding an escape after harmless statements
# --------------------------------------------------------------------------------------
C = "multi_statement"
_a(C, "commit_then_drop", "select 1; commit; drop table notes")
_a(C, "drop_schema_after_select", "select 1; drop schema acme cascade")
_a(C, "create_then_leak", "create table ok_table (x int); select * from globex.canary")
_a(C, "empty_statements", "select 1;;; select * from pg_authid")
_a(C, "insert_then_set_role", NOTES + "insert into notes (body) values ('x'); set role postgres")
_a(C, "begin_inside", "select 1; begin; select 2")
_a(C, "semicolon_in_comment", NOTES + "select 1 /* ; */; copy notes to program 'id'")
_a(C, "semicolon_in_string", "select 'a;b'; reset all")
_a(C, "semicolon_in_dollar_quote", "select $$; drop$$; listen evil")
_a(C, "no_space", "select 1;select pg_read_file('/etc/passwd')")

# --------------------------------------------------------------------------------------
# plpgsql_decl: PL/pgSQL declarations of other schemas' types
# --------------------------------------------------------------------------------------
C = "plpgsql_decl"
_a(C, "rowtype_other_tenant", """
create function peek() returns text language plpgsql as $$
declare v globex.canary%rowtype;
begin
  select * into v from globex.canary limit 1;
  return v.note;
end $$
""")
_a(C, "rowtype_auth_users", """
create function peek() returns text language plpgsql as $$
declare v auth.users%rowtype;
begin
  return v.email;
end $$
""")
_a(C, "column_type_other_tenant", """
create function peek() returns text language plpgsql as $$
declare v globex.canary.note%type;
begin
  return v;
end $$
""")
_a(C, "rowtype_catalog", """
create function peek() returns text language plpgsql as $$
declare v pg_catalog.pg_authid%rowtype;
begin
  return v.rolname;
end $$
""")
_a(C, "rowtype_information_schema", """
create function peek() returns text language plpgsql as $$
declare v information_schema.tables%rowtype;
begin
  return v.table_name;
end $$
""")
_a(C, "quoted_rowtype", """
do $$
declare v "globex"."canary"%rowtype;
begin
  select * into v from "globex"."canary";
end $$
""")
_a(C, "regclass_variable", """
do $$
declare t regclass := 'globex.canary';
begin
  raise notice '%', t;
end $$
""")
