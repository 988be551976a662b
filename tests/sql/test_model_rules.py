"""The data-model rules of execute_sql: system fields, snake_case, RLS and policies, secrets, FK indexes."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from dbtest import as_owner, execute_sql

SYSTEM = ["id", "created_at", "updated_at", "created_by", "updated_by"]


@pytest.fixture
def acme(db):
    return db.create_base("acme")


@pytest.fixture
def agent(db, acme):
    return db.agent(acme)


def run(agent, acme, sql, **options):
    return execute_sql(agent, acme, sql, options)


def denied(agent, acme, sql, rule):
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as exc:
        run(agent, acme, sql)
    assert exc.value.diag.message_detail.startswith(f"rule: {rule}"), exc.value.diag.message_detail
    assert exc.value.diag.message_hint
    return exc.value


def schema(agent, acme, **options):
    import json

    return agent.execute("select agent.get_schema(%s, %s::jsonb)", [acme.base_id, json.dumps(options)]).fetchone()[0]


def table(agent, acme, name):
    return next(t for t in schema(agent, acme)["tables"] if t["name"] == name)


def test_todos_gets_system_fields_rls_and_owner_policies(agent, acme):
    r = run(agent, acme, "create table todos (title text)")
    assert r["statements"][0]["rewritten"] is True
    assert "id uuid NOT NULL DEFAULT gen_random_uuid()" in r["statements"][0]["sql"]
    t = table(agent, acme, "todos")
    cols = {c["name"]: c for c in t["columns"]}
    assert [c["name"] for c in t["columns"]] == ["id", "title", "created_at", "updated_at", "created_by", "updated_by"]
    assert all(cols[f].get("system") for f in SYSTEM) and not cols["title"].get("system")
    assert cols["id"]["type"] == "uuid" and cols["id"]["default"] == "gen_random_uuid()"
    assert cols["created_at"]["type"] == "timestamp with time zone" and cols["created_at"]["nullable"] is False
    assert cols["created_by"]["default"] == "auth.uid()" and cols["created_by"]["nullable"] is True
    assert t["primary_key"]["columns"] == ["id"]
    assert t["rls"] == {"enabled": True, "forced": True}
    owner_policies = sorted(p["name"] for p in t["policies"] if p["name"].startswith("dbagent_owner_"))
    assert owner_policies == ["dbagent_owner_delete", "dbagent_owner_insert", "dbagent_owner_select", "dbagent_owner_update"]
    assert all(p["roles"] == ["authenticated"] for p in t["policies"] if p["name"].startswith("dbagent_owner_"))
    assert "(select auth.uid())" in r["rules_applied"][3]["sql"]


def test_end_users_see_and_change_only_their_rows(agent, acme):
    run(agent, acme, "create table todos (title text)")
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    run(agent, acme, "insert into todos (title) values ('a1'), ('a2')", as_user=a)
    run(agent, acme, "insert into todos (title) values ('b1')", as_user=b)
    seen_a = run(agent, acme, "select title, created_by::text from todos order by title", as_user=a)["statements"][0]["rows"]
    assert seen_a == [["a1", a], ["a2", a]]
    upd = run(agent, acme, "update todos set title = 'hacked' where title = 'b1'", as_user=a)
    assert upd["statements"][0]["rows_affected"] == 0
    dele = run(agent, acme, "delete from todos where title = 'b1'", as_user=a)
    assert dele["statements"][0]["rows_affected"] == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # RLS: cannot insert as someone else
        run(agent, acme, f"insert into todos (title, created_by) values ('forged', '{b}')", as_user=a)
    # the agent itself sees every row
    assert run(agent, acme, "select count(*) from todos")["statements"][0]["rows"] == [[3]]
    # anon gets nothing
    assert run(agent, acme, "select title from todos where title = 'b1'", as_user=b)["statements"][0]["rows"] == [["b1"]]


def test_updated_at_follows_updates_and_created_fields_do_not_move(agent, acme):
    run(agent, acme, "create table notes (body text)")
    uid = str(uuid.uuid4())
    run(agent, acme, "insert into notes (body) values ('x')", as_user=uid)
    before = run(agent, acme, "select id, created_at, updated_at, created_by from notes")["statements"][0]["rows"][0]
    run(agent, acme, "select 1")
    # (with a WHERE: an UPDATE without one would first ask for confirmation, issue 15)
    r = run(agent, acme, f"update notes set body = 'y', created_at = now() - interval '1 year', "
                         f"created_by = '{uuid.uuid4()}', id = gen_random_uuid() where body = 'x' "
                         "returning id, created_at, updated_at, created_by, updated_by")
    after = r["statements"][0]["rows"][0]
    assert after[0] == before[0] and after[1] == before[1] and after[3] == before[3] == uid
    assert after[2] > before[2]
    assert after[4] is None  # the agent wrote it: no end user


def test_redundant_system_fields_are_removed_with_a_notice(agent, acme):
    r = run(agent, acme, "create table items (id serial primary key, name text, created_at date default current_date, "
                         "updated_by text)")
    notes = " ".join(r["statements"][0]["notices"])
    assert "removed your definition of id, created_at, updated_by" in notes
    cols = {c["name"]: c for c in table(agent, acme, "items")["columns"]}
    assert cols["id"]["type"] == "uuid" and cols["created_at"]["type"] == "timestamp with time zone"
    assert cols["updated_by"]["type"] == "uuid"


def test_composite_primary_key_stays_primary_and_id_is_unique(agent, acme):
    run(agent, acme, "create table a (x int); create table b (x int)")
    r = run(agent, acme, "create table ab (a_id uuid references a(id), b_id uuid references b(id), "
                         "primary key (a_id, b_id))")
    assert "id is unique; your primary key stays primary" in " ".join(r["statements"][0]["notices"])
    t = table(agent, acme, "ab")
    assert t["primary_key"]["columns"] == ["a_id", "b_id"]
    assert {"name": "dbagent_ab_id_key", "columns": ["id"]} in t["unique"]
    assert next(c for c in t["columns"] if c["name"] == "id")["nullable"] is False


@pytest.mark.parametrize("sql, rule", [
    ("create table Todos (title text)", None),  # unquoted: folded to todos, fine
    ('create table "Todos" (title text)', "snake_case"),
    ('create table todos ("dueDate" date)', "snake_case"),
    ('create table todos (title text, constraint "TitleCheck" check (title <> \'\'))', "snake_case"),
    ('create view "OpenTodos" with (security_invoker) as select 1 as x', "snake_case"),
    ('create function "doIt"() returns int language sql as \'select 1\'', "snake_case"),
    ('create type "Status" as enum (\'a\')', "snake_case"),
    ("create table dbagent_stuff (x int)", "reserved_name"),
])
def test_snake_case_names(agent, acme, sql, rule):
    if rule is None:
        run(agent, acme, sql)
        return
    e = denied(agent, acme, sql, rule)
    if rule == "snake_case":
        assert "_" in e.diag.message_hint or e.diag.message_hint.split(": ")[-1].islower()


def test_snake_case_hint_gives_the_form(agent, acme):
    e = denied(agent, acme, 'create table "OrderItems" ("unitPrice" numeric)', "snake_case")
    assert e.diag.message_hint.endswith("order_items")


@pytest.mark.parametrize("column", ["password", "password_hash", "api_key", "access_token", "refresh_token",
                                    "private_key", "card_number", "credit_card", "cvv", "ssn", "webhook_secret"])
def test_secret_columns_are_refused(agent, acme, column):
    e = denied(agent, acme, f"create table things (name text, {column} text)", "no_secrets")
    assert column in e.diag.message_primary
    run(agent, acme, "create table things (name text)")
    denied(agent, acme, f"alter table things add column {column} text", "no_secrets")
    denied(agent, acme, f"alter table things rename column name to {column}", "no_secrets")


@pytest.mark.parametrize("column", ["token_count", "max_tokens", "secret_santa_group", "password_changed_at",
                                    "passport_number", "session_id", "card_last4"])
def test_honest_names_are_allowed(agent, acme, column):
    run(agent, acme, f"create table things ({column} text)")


@pytest.mark.parametrize("value", [
    "4111 1111 1111 1111",
    "sk_live_51HqLyjWDarjtT1zdp7dcXYZabcdefghij",
    "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
])
def test_secret_values_are_refused_and_not_echoed(db, agent, acme, value):
    run(agent, acme, "create table notes (body text)")
    literal = value.replace("'", "''")
    for sql in [f"insert into notes (body) values ('{literal}')",
                f"update notes set body = '{literal}'",
                f"with x as (insert into notes (body) values ('{literal}') returning id) select count(*) from x"]:
        e = denied(agent, acme, sql, "no_secrets")
        text = str(e) + (e.diag.message_detail or "") + (e.diag.message_hint or "")
        assert value not in text and value[:12] not in text
    assert db.one("select count(*) from agent.audit where sql_normalized like %s", ["%" + value[:10] + "%"]) == 0
    # reading by such a value is not storing it
    run(agent, acme, f"select count(*) from notes where body = '{literal}'")


def test_ordinary_values_pass(agent, acme):
    run(agent, acme, "create table notes (body text, n text)")
    run(agent, acme, "insert into notes (body, n) values ('call 555-0100', '1234 5678 9012 3456')")


def test_auth_users_foreign_key_is_refused_with_profiles_hint(agent, acme):
    e = denied(agent, acme, "create table profiles (user_id uuid references auth.users(id))", "auth_relation")
    assert "auth.uid()" in e.diag.message_hint and "profiles" in e.diag.message_hint
    run(agent, acme, "create table profiles (display_name text, user_id uuid not null default auth.uid() unique)")


def test_user_tables_with_credentials_are_refused(agent, acme):
    denied(agent, acme, "create table users (email text, password_hash text)", "no_secrets")
    denied(agent, acme, "create table sessions (user_id uuid, session_token text)", "no_secrets")
    run(agent, acme, "create table team_members (email text, role text)")


@pytest.mark.parametrize("sql", [
    "alter table t drop column created_at",
    "alter table t rename column updated_at to changed_at",
    "alter table t alter column id type text",
    "alter table t alter column created_by set default null",
    "alter table t alter column created_at drop not null",
    "alter table t add column updated_by uuid",
    "alter table t rename column x to id",
])
def test_system_fields_cannot_be_dropped_renamed_or_retyped(agent, acme, sql):
    run(agent, acme, "create table t (x int)")
    denied(agent, acme, sql, "system_fields")


@pytest.mark.parametrize("sql, rule", [
    ("create table p (at date) partition by range (at)", "partitioning"),
    ("create table c (x int) inherits (t)", "inheritance"),
    ("create table l (like t)", "like_table"),
    ("create table s as select * from t", "create_table_as"),
    ("select * into s from t", "create_table_as"),
    ("create materialized view mv as select * from t", "materialized_view"),
])
def test_other_table_forms_are_refused_with_a_hint(agent, acme, sql, rule):
    run(agent, acme, "create table t (x int)")
    denied(agent, acme, sql, rule)


def test_dbagent_objects_are_protected(agent, acme):
    run(agent, acme, "create table t (x int)")
    for sql in ["drop trigger dbagent_system_fields on t",
                "alter table t disable trigger dbagent_system_fields",
                "drop policy dbagent_agent_all on t",
                "alter policy dbagent_agent_all on t using (false)",
                "alter table t drop constraint dbagent_t_id_key"]:
        denied(agent, acme, sql, "reserved_name")
    # the default owner policies may be replaced by the agent's own
    run(agent, acme, "drop policy dbagent_owner_select on t; "
                     "create policy t_read on t for select to authenticated using (true)")
    names = sorted(p["name"] for p in table(agent, acme, "t")["policies"])
    assert "t_read" in names and "dbagent_owner_select" not in names


def test_no_way_to_end_with_no_policy(agent, acme):
    run(agent, acme, "create table t (x int)")
    run(agent, acme, "drop policy dbagent_owner_select on t; drop policy dbagent_owner_insert on t; "
                     "drop policy dbagent_owner_update on t; drop policy dbagent_owner_delete on t")
    names = sorted(p["name"] for p in table(agent, acme, "t")["policies"])
    assert [n for n in names if n != "dbagent_agent_all"] == [
        "dbagent_owner_delete", "dbagent_owner_insert", "dbagent_owner_select", "dbagent_owner_update"]


def test_own_policies_in_the_same_call_replace_the_defaults(agent, acme):
    r = run(agent, acme, "create table posts (body text, published boolean default false); "
                         "create policy posts_read on posts for select to anon, authenticated using (published)")
    names = sorted(p["name"] for p in table(agent, acme, "posts")["policies"])
    assert names == ["dbagent_agent_all", "posts_read"]
    assert not any("dbagent_owner" in x["sql"] for x in r["rules_applied"])


def test_foreign_keys_get_an_index(agent, acme):
    r = run(agent, acme, "create table projects (name text); "
                         "create table tasks (title text, project_id uuid references projects(id))")
    idx = [x["sql"] for x in r["rules_applied"] if x["sql"].startswith("create index")]
    assert len(idx) == 1 and "(project_id)" in idx[0]
    # an FK that leads an index already gets none
    r = run(agent, acme, "create table tags (name text unique); "
                         "create table task_tags (tag text references tags(name), note text); "
                         "create index task_tags_tag on task_tags (tag, note)")
    assert not [x for x in r.get("rules_applied", []) if x["sql"].startswith("create index")]
    assert run(agent, acme, "select 1")  # no DDL: no rules run


def test_tables_made_elsewhere_are_left_to_the_advisors(db, agent, acme):
    """A table made outside dbagent keeps its row level security as it is (forcing it would hide its
    rows from the app's users); advise reports it."""
    as_owner(db, acme, "create table legacy (x int)")
    r = run(agent, acme, "create index legacy_x on legacy (x)")
    # only what keeps its data recoverable (issue 15): a grant to dbagent_keeper and the keep triggers
    assert all("dbagent_keep" in x["sql"] for x in r.get("rules_applied", []) if "legacy" in x["sql"])
    assert table(agent, acme, "legacy")["rls"] == {"enabled": False, "forced": False}
    names = {f["name"] for f in agent.execute("select agent.advise(%s)", [acme.base_id]).fetchone()[0]["findings"]}
    assert {"rls_disabled", "missing_system_fields"} <= names
