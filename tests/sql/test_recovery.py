"""Recoverable destruction and confirm-before-destroy (issue 15): execute_sql, agent.recoverable,
agent.restore, agent.admin_purge, and the walls around the recycle schema."""

from __future__ import annotations

import json

import psycopg
import pytest

from dbtest import as_owner, execute_sql


def run(conn, base, sql, **options):
    return execute_sql(conn, base, sql, options)


def confirmed(conn, base, sql, **options):
    """The confirm round trip: the call is answered with its impact first, then run with the token."""
    first = run(conn, base, sql, **options)
    assert first.get("confirmation_required") is True, first
    assert first["statements"] == [] and first["confirm"].startswith("c1.")
    done = run(conn, base, sql, confirm=first["confirm"], **options)
    assert done["ok"] is True and not done.get("confirmation_required")
    return first, done


def items(conn, base):
    return conn.execute("select agent.recoverable(%s)", [base.base_id]).fetchone()[0]["items"]


def restore(conn, base, item, **options):
    return conn.execute("select agent.restore(%s, %s, %s::jsonb)", [base.base_id, item, json.dumps(options)]).fetchone()[0]


def rows(conn, base, table):
    """Every row of TABLE as a dict (column order aside), sorted by id."""
    r = run(conn, base, f"select coalesce(json_agg(t order by t.id), '[]')::text from {table} t")
    return json.loads(r["statements"][0]["rows"][0][0])


def table_schema(conn, base, table):
    s = conn.execute("select agent.get_schema(%s, %s::jsonb)", [base.base_id, json.dumps({"tables": [table]})]).fetchone()[0]
    t = s["tables"][0]
    t.pop("row_estimate", None)
    return t


SHOP = """
create type status as enum ('open', 'done');
create table projects (name text not null unique, budget numeric(12, 2) check (budget >= 0));
create table todos (
  project_id uuid references projects (id) on delete cascade,
  title text not null,
  state status not null default 'open',
  n integer
);
create index todos_title on todos (lower(title));
create policy todos_mine on todos for select to authenticated using (created_by = (select auth.uid()));
create function todos_fill() returns trigger language plpgsql as $$ begin new.n := coalesce(new.n, 0); return new; end $$;
create trigger todos_fill before insert on todos for each row execute function todos_fill();
comment on table todos is 'Things to do';
"""
SEED = """
insert into projects (name, budget) values ('alpha', 1.50), ('beta', 2);
insert into todos (project_id, title, n) select p.id, p.name || ' ' || g, g from projects p, generate_series(1, 15) g;
"""


@pytest.fixture
def shop(db):
    acme = db.create_base("acme")
    conn = db.agent(acme)
    run(conn, acme, SHOP)
    run(conn, acme, SEED)
    return db, acme, conn


def call_audit(db, base, call_id):
    return db.one("select row_to_json(a)::jsonb from agent.audit a where a.base_id = %s and a.details ->> 'call_id' = %s",
                  [base.base_id, call_id])


# --------------------------------------------------------------------------------- each kind
DESTRUCTIVE = {
    "drop_table": ("drop table todos", "table", "drop"),
    "drop_table_cascade": ("drop table projects cascade", "table", "drop"),
    "drop_column": ("alter table todos drop column n", "column", "drop"),
    "retype_column": ("alter table projects alter column budget type integer", "column", "alter type"),
    "truncate": ("truncate todos", "rows", "truncate"),
    "delete_all": ("delete from todos", "rows", "delete"),
    "delete_most": ("delete from todos where n > 2", "rows", "delete"),
    "update_all": ("update todos set title = 'x', n = null", "rows", "update"),
    "merge_delete": ("merge into todos t using projects p on t.project_id = p.id when matched then delete", "rows", "delete"),
    "delete_in_a_do_block": ("do $$ begin delete from todos where n > 0; end $$", "rows", "delete"),
    "truncate_in_a_function": ("create function wipe() returns void language sql as $$ truncate todos $$; select wipe()",
                               "rows", "truncate"),
}


def state(conn, base):
    """Rows and described structure of every table of the base (a column's position aside)."""
    out = {}
    for t in _tables(conn, base):
        schema = table_schema(conn, base, t)
        schema["columns"] = sorted(schema["columns"], key=lambda c: c["name"])
        out[t] = (rows(conn, base, t), schema)
    return out


def _tables(conn, base):
    return [t["name"] for t in conn.execute("select agent.get_schema(%s, '{\"compact\": true}')",
                                            [base.base_id]).fetchone()[0]["tables"]]


@pytest.mark.parametrize("sql, kind, operation", DESTRUCTIVE.values(), ids=DESTRUCTIVE.keys())
def test_destroy_list_restore_gives_back_rows_and_structure(shop, sql, kind, operation):
    db, acme, conn = shop
    before = state(conn, acme)
    first, done = confirmed(conn, acme, sql)
    assert first["impact"] and first["measured"] is True  # measured while the call ran, then rolled back
    assert state(conn, acme) != before
    mine = [i for i in items(conn, acme) if i["item"] in {e["item"] for e in done["recoverable"]}]
    assert mine and (kind, operation) in {(i["kind"], i["operation"]) for i in mine}
    assert all(i["call_sql"] and i["by"] == acme.agent_role and i["call"] == mine[0]["call"] for i in mine)
    r = restore(conn, acme, mine[0]["call"])  # every item of the destroying call
    assert r["ok"] is True and len(r["restored"]) == len(mine)
    assert state(conn, acme) == before  # rows exactly (system fields included), policies, RLS, FKs, triggers
    # the audit shows both calls: the destruction and the restore
    destroyed = call_audit(db, acme, mine[0]["call"])
    assert destroyed["tool"] == "execute_sql" and destroyed["outcome"] == "ok"
    assert destroyed["details"]["confirmed"] is True and mine[0]["item"] in destroyed["details"]["recoverable"]
    restored = db.one("select row_to_json(a)::jsonb from agent.audit a where a.base_id = %s and a.tool = 'restore' "
                      "order by a.audit_id desc limit 1", [acme.base_id])
    assert restored["outcome"] == "ok" and restored["details"]["item"] == mine[0]["call"]
    assert not {i["item"] for i in items(conn, acme)} & {m["item"] for m in mine}


def test_small_changes_run_at_once_and_keep_nothing(shop):
    db, acme, conn = shop
    r = run(conn, acme, "delete from todos where n = 1; update todos set title = 'y' where n = 2")
    assert r["ok"] and not r.get("confirmation_required") and "recoverable" not in r
    assert [s["rows_affected"] for s in r["statements"]] == [2, 2]
    # deleting a row others reference ON DELETE CASCADE is kept only if the cascade took rows
    r = run(conn, acme, "insert into projects (name) values ('gamma'); delete from projects where name = 'gamma'")
    assert not r.get("confirmation_required") and "recoverable" not in r
    assert items(conn, acme) == []


def test_tables_made_in_the_same_call_need_no_confirmation(db):
    acme = db.create_base("acme")
    conn = db.agent(acme)
    r = run(conn, acme, "create table scratch (x int); insert into scratch (x) values (1), (2); "
                        "delete from scratch; drop table scratch")
    assert r["ok"] and not r.get("confirmation_required")
    assert items(conn, acme) == []


def test_dropped_table_is_a_move_and_invisible_to_the_tenant(shop):
    db, acme, conn = shop
    confirmed(conn, acme, "drop table todos")
    recycle = "dbagent_r_" + acme.base_id.replace("-", "")
    kept = db.one("select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                  "where n.nspname = %s and c.relkind = 'r' and c.relname like 'dbagent_rc_%%'", [recycle])
    assert kept == 1
    # the parse wall: another schema
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as e:
        run(conn, acme, f"select * from {recycle}.kept_rows")
    assert "schema_access" in e.value.diag.message_detail
    # the privilege wall: the tenant owner itself has no USAGE on the recycle schema
    for sql in (f"select * from {recycle}.kept_rows", f"select * from {recycle}.snapshot_rows"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            as_owner(db, acme, sql)
    conn2 = db.connect()
    conn2.execute("set role authenticated")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn2.execute(f"select * from {recycle}.kept_rows")


def test_restore_under_a_new_name_when_the_old_one_is_taken(shop):
    db, acme, conn = shop
    before = rows(conn, acme, "todos")
    _, done = confirmed(conn, acme, "drop table todos")
    run(conn, acme, "create table todos (note text)")
    r = restore(conn, acme, done["recoverable"][0]["item"])
    t = r["restored"][0]["tables"][0]
    assert t == {"table": "todos_restored", "was": "todos", "rows": 30}
    assert any("came back as todos_restored" in w for w in r["restored"][0]["warnings"])
    assert rows(conn, acme, "todos_restored") == before
    # and a name chosen by the caller
    _, done = confirmed(conn, acme, "drop table todos_restored")
    r = restore(conn, acme, done["recoverable"][0]["item"], name="todos_2024")
    assert r["restored"][0]["tables"][0]["table"] == "todos_2024"


def test_cascade_keeps_the_dependent_view_and_foreign_keys(shop):
    db, acme, conn = shop
    run(conn, acme, "create view open_todos with (security_invoker = true) as select t.title, p.name from todos t "
                    "join projects p on p.id = t.project_id where t.state = 'open'")
    want = run(conn, acme, "select count(*) from open_todos")["statements"][0]["rows"]
    with pytest.raises(psycopg.errors.DependentObjectsStillExist):  # PostgreSQL's own answer without CASCADE
        run(conn, acme, "drop table projects")
    first, done = confirmed(conn, acme, "drop table projects cascade")
    assert {(d["kind"], d["name"]) for d in first["impact"]["also_dropped"]} == {
        ("view", "open_todos"), ("constraint", "todos.todos_project_id_fkey")}
    assert not table_schema(conn, acme, "todos").get("foreign_keys")
    restore(conn, acme, done["recoverable"][0]["item"])
    assert run(conn, acme, "select count(*) from open_todos")["statements"][0]["rows"] == want
    assert table_schema(conn, acme, "todos")["foreign_keys"][0]["name"] == "todos_project_id_fkey"


def test_a_cascade_that_would_take_data_is_refused(shop):
    db, acme, conn = shop
    with pytest.raises(psycopg.Error) as e:
        run(conn, acme, "drop type status cascade")
    assert e.value.sqlstate == "0A000" and "todos.state" in e.value.diag.message_primary
    assert rows(conn, acme, "todos")[0]["state"] == "open"


def test_cascaded_deletes_come_back_together(shop):
    db, acme, conn = shop
    before = {t: rows(conn, acme, t) for t in ("projects", "todos")}
    first, done = confirmed(conn, acme, "delete from projects where name = 'alpha'")
    assert {(x["table"], x["rows"]) for x in first["impact"]["rows_deleted"]} == {("projects", 1), ("todos", 15)}
    r = restore(conn, acme, items(conn, acme)[0]["call"])
    assert len(r["restored"]) == 2
    assert {t: rows(conn, acme, t) for t in ("projects", "todos")} == before


def test_restore_conflicts_fail_whole_or_skip(shop):
    db, acme, conn = shop
    kept_id = rows(conn, acme, "todos")[0]["id"]
    _, done = confirmed(conn, acme, "delete from todos")
    item = done["recoverable"][0]["item"]
    # a row with a kept id exists again: the restore fails and changes nothing, or skips that row
    run(conn, acme, f"insert into todos (id, title) values ('{kept_id}', 'again')")
    with pytest.raises(psycopg.errors.UniqueViolation):
        restore(conn, acme, item)
    assert len(rows(conn, acme, "todos")) == 1
    r = restore(conn, acme, item, on_conflict="skip")
    assert r["restored"][0]["rows"] == 29 and r["restored"][0]["skipped"] == 1


def test_rows_come_back_into_a_table_that_changed_since(shop):
    db, acme, conn = shop
    before = rows(conn, acme, "todos")
    _, done = confirmed(conn, acme, "delete from todos")
    run(conn, acme, "alter table todos add column extra text default 'new'")
    r = restore(conn, acme, done["recoverable"][0]["item"])
    assert r["restored"][0]["rows"] == 30
    back = rows(conn, acme, "todos")
    assert [{k: v for k, v in x.items() if k != "extra"} for x in back] == before
    assert {x["extra"] for x in back} == {"new"}  # the column the rows never had gets its default


def test_restore_of_an_update_keeps_what_it_overwrites(shop):
    db, acme, conn = shop
    before = rows(conn, acme, "todos")
    _, done = confirmed(conn, acme, "update todos set title = 'x'")
    run(conn, acme, "update todos set n = -1 where n = 1")
    after_edit = rows(conn, acme, "todos")
    r = restore(conn, acme, done["recoverable"][0]["item"])
    assert r["recoverable"] and r["recoverable"][0]["rows"] == 30  # the overwritten state is an item itself
    back = rows(conn, acme, "todos")
    assert back == before  # every column of every row as it was, updated_at included
    assert back != after_edit


def test_forged_settings_do_not_turn_keeping_off(shop):
    db, acme, conn = shop
    conn.execute("select set_config('dbagent.call', '', false), set_config('dbagent.keep_all', '', false)")
    first, done = confirmed(conn, acme, "delete from todos")
    assert first["impact"]["rows_deleted"][0]["rows"] == 30
    assert items(conn, acme)[0]["rows"] == 30


def test_the_keepers_functions_are_not_callable(shop):
    db, acme, conn = shop
    for sql in ("select agent_exec.read_rows('acme', 'todos')", "select agent_exec.count_rows(1)",
                "select * from agent_exec.keep_column(gen_random_uuid(), 'acme', 'todos', 'title', '{id}')"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(sql)
    # read_rows refuses whoever calls it unless dbagent is copying from that very schema
    c = db.connect()
    c.execute("set role dbagent_owner")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("select agent_exec.read_rows('acme', 'todos')")


def test_end_users_changes_are_not_kept(shop):
    """Outside tool calls (an application's end users) the keep triggers do nothing."""
    db, acme, conn = shop
    c = db.connect()
    c.execute("set role dbagent_t_" + acme.base_id.replace("-", ""))
    c.execute("delete from acme.todos")
    assert items(conn, acme) == []


# --------------------------------------------------------------------------------- confirmation
def test_tokens_fit_one_sql_one_base_one_schema(shop):
    db, acme, conn = shop
    token = run(conn, acme, "delete from todos")["confirm"]
    for other_sql in ("delete from todos ", "delete from todos where true", "DELETE FROM todos"):
        with pytest.raises(psycopg.errors.InvalidParameterValue) as e:
            run(conn, acme, other_sql, confirm=token)
        assert "does not confirm this call" in e.value.diag.message_primary
    # another base (even with the same schema and SQL)
    globex = db.create_base("globex")
    g = db.agent(globex)
    run(g, globex, SHOP)
    run(g, globex, SEED)
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        run(g, globex, "delete from todos", confirm=token)
    # as another end user
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        run(conn, acme, "delete from todos", confirm=token, as_user="00000000-0000-0000-0000-000000000001")
    # a changed schema
    run(conn, acme, "alter table todos add column extra text")
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        run(conn, acme, "delete from todos", confirm=token)
    assert len(rows(conn, acme, "todos")) == 30
    # a forged or malformed token
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        run(conn, acme, "delete from todos", confirm="c1.9999999999." + "0" * 40)
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        run(conn, acme, "delete from todos", confirm=1)


def test_dry_run_reports_the_impact_without_asking(shop):
    db, acme, conn = shop
    r = run(conn, acme, "drop table todos; delete from projects", dry_run=True)
    assert r["dry_run"] is True and not r.get("confirmation_required")
    assert r["impact"]["tables_dropped"][0]["table"] == "todos" and r["impact"]["tables_dropped"][0]["rows"] == 30
    assert r["impact"]["rows_deleted"][0]["table"] == "projects"
    assert len(rows(conn, acme, "todos")) == 30 and items(conn, acme) == []


def test_confirmation_can_be_turned_off_and_the_data_stays_recoverable(shop):
    db, acme, conn = shop
    assert db.one("select agent.admin_set_limits('acme', '{\"confirm_destructive\": false}')")["confirm_destructive"] is False
    r = run(conn, acme, "truncate todos")
    assert r["ok"] and r["recoverable"][0]["what"] == "tables_truncated"
    restore(conn, acme, r["recoverable"][0]["item"])
    assert len(rows(conn, acme, "todos")) == 30


def test_big_table_changes_are_warned_and_a_foreign_key_made_safe(db):
    acme = db.create_base("acme")
    conn = db.agent(acme)
    run(conn, acme, "create table parents (name text); create table kids (name text, parent_id uuid)")
    run(conn, acme, "insert into kids (name) select 'k' || g from generate_series(1, 300) g")
    db.admin.execute("analyze acme.kids")
    db.one("select agent.admin_set_limits('acme', '{\"big_table_rows\": 100}')")
    first = run(conn, acme, "create index kids_name on kids (name); alter table kids alter column name type varchar(20)")
    assert first["confirmation_required"] and first["measured"] is False  # not run at all
    w = {x["statement"]: x for x in first["impact"]["warnings"]}
    assert w[1]["lock"] == "SHARE" and "CONCURRENTLY" in w[1]["safe_form"]
    assert w[2]["lock"] == "ACCESS EXCLUSIVE" and w[2]["rows"] == 300
    r = run(conn, acme, "alter table kids add constraint kids_parent foreign key (parent_id) references parents (id)")
    assert not r.get("confirmation_required")
    assert r["statements"][0]["sql"].endswith("NOT VALID") and r["statements"][0]["rewritten"]
    assert r["follow_up"] == ["alter table kids validate constraint kids_parent"]
    assert run(conn, acme, r["follow_up"][0])["ok"]


# --------------------------------------------------------------------------------- retention
def test_expired_items_are_purged_and_admins_purge_the_rest(shop):
    db, acme, conn = shop
    _, dropped = confirmed(conn, acme, "drop table todos")
    _, deleted = confirmed(conn, acme, "delete from projects")
    recycle = "dbagent_r_" + acme.base_id.replace("-", "")
    db.admin.execute("update agent.recoverable set expires_at = now() - interval '1 second' where item_id = %s",
                     [dropped["recoverable"][0]["item"]])
    left = items(conn, acme)  # listing purges what expired
    assert [i["operation"] for i in left] == ["delete"]
    assert db.one("select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                  "where n.nspname = %s and c.relname like 'dbagent_rc_%%'", [recycle]) == 0
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        restore(conn, acme, dropped["recoverable"][0]["item"])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select agent.admin_purge('acme', '{\"all\": true}')")
    r = db.one("select agent.admin_purge('acme', '{\"all\": true}')")
    assert r == [{"base": "acme", "base_id": acme.base_id, "items": 1, "snapshots": 0}]
    assert items(conn, acme) == []
    assert db.one(f"select count(*) from {recycle}.kept_rows") == 0


def test_dropping_the_base_drops_what_it_kept(shop):
    db, acme, conn = shop
    confirmed(conn, acme, "drop table todos")
    recycle = "dbagent_r_" + acme.base_id.replace("-", "")
    conn.close()
    assert db.one("select agent.admin_drop_base('acme')") is True
    assert db.one("select to_regnamespace(%s)", [recycle]) is None
    assert db.one("select count(*) from agent.recoverable where base_id = %s and purged_at is null", [acme.base_id]) == 0


def test_another_bases_items_are_out_of_reach(shop):
    db, acme, conn = shop
    _, done = confirmed(conn, acme, "delete from todos")
    item = done["recoverable"][0]["item"]
    globex = db.create_base("globex")
    g = db.agent(globex)
    with pytest.raises(psycopg.errors.InvalidParameterValue):  # not an item of globex
        g.execute("select agent.restore(%s, %s, '{}')", [globex.base_id, item])
    for sql in ("select agent.restore(%s, %s, '{}')", "select agent.recoverable(%s)"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # not globex's agent's base
            g.execute(sql, [acme.base_id, item][: sql.count("%s")])
    assert len(items(conn, acme)) == 1


def test_a_base_made_before_recoverability_gets_its_keep_triggers(shop):
    db, acme, conn = shop
    owner = db.one("select owner_role from agent.base where base_id = %s", [acme.base_id])
    for t in ("dbagent_keep_delete", "dbagent_keep_update", "dbagent_keep_truncate"):
        as_owner(db, acme, f"drop trigger {t} on todos")
    as_owner(db, acme, "revoke select on todos from dbagent_keeper")
    fresh = db.agent(acme)  # a new session: its first call puts them back
    first = run(fresh, acme, "delete from todos")
    assert first["confirmation_required"] and first["impact"]["rows_deleted"][0]["rows"] == 30
    assert db.one("select count(*) from pg_trigger where tgrelid = 'acme.todos'::regclass "
                  "and tgname like 'dbagent_keep_%%'") == 3 and owner
