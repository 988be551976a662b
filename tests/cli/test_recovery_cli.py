"""`dbagent base recoverable|restore|snapshot|snapshots|clone|migrations|apply|purge` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from dbtest import execute_sql


def cli(db, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DBAGENT_DSN"}
    return subprocess.run([sys.executable, "-m", "dbagent", "--dsn", db.admin_dsn, *args], capture_output=True,
                          text=True, env=env, timeout=300)


def ok(p: subprocess.CompletedProcess) -> dict:
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout) if p.stdout.strip().startswith(("{", "[")) else {}


def test_the_recovery_commands(db, tmp_path):
    acme = db.create_base("acme")
    agent = db.agent(acme)
    execute_sql(agent, acme, "create table notes (body text); create view note_bodies with (security_invoker = true) "
                             "as select body from notes")
    execute_sql(agent, acme, "insert into notes (body) select 'n' || g from generate_series(1, 20) g")
    # the agent is asked first; the CLI shows the same answer
    asked = cli(db, "sql", "acme", "drop table notes cascade", "--json")
    assert asked.returncode == 1  # findings: nothing ran
    first = json.loads(asked.stdout)
    assert first["confirmation_required"] and first["statements"] == []
    human = cli(db, "sql", "acme", "drop table notes cascade")
    assert human.returncode == 1 and "drops table notes (20 rows" in human.stdout and "also drops view note_bodies" in human.stdout
    done = execute_sql(agent, acme, "drop table notes cascade", {"confirm": first["confirm"]})
    items = ok(cli(db, "base", "recoverable", "acme", "--json"))["items"]
    assert [(i["kind"], i["table"], i["rows"]) for i in items] == [("table", "notes", 20)]
    human = cli(db, "base", "recoverable", "acme")
    assert human.returncode == 0 and "notes" in human.stdout and items[0]["item"][:8] in human.stdout
    r = ok(cli(db, "base", "restore", "acme", done["recoverable"][0]["item"], "--json"))
    assert r["restored"][0]["tables"] == [{"table": "notes", "was": "notes", "rows": 20}]
    assert execute_sql(agent, acme, "select count(*) from note_bodies")["statements"][0]["rows"] == [[20]]
    bad = cli(db, "base", "restore", "acme", "no_such_snapshot")
    assert bad.returncode == 2 and "no snapshot" in bad.stderr

    # snapshot, change, restore the snapshot
    assert ok(cli(db, "base", "snapshot", "acme", "first", "--json"))["rows"] == 20
    execute_sql(agent, acme, "create table extra (x int)")
    assert cli(db, "base", "restore", "acme", "first").returncode == 0
    names = [s["name"] for s in ok(cli(db, "base", "snapshots", "acme", "--json"))["snapshots"]]
    assert "first" in names and any(n.startswith("before_restore_") for n in names)
    tables = {t["name"] for t in db.one("select agent.get_schema(%s)", [acme.base_id])["tables"]}
    assert tables == {"notes"}

    # history out, replayed into a new base through execute_sql
    out = tmp_path / "mig"
    assert cli(db, "base", "migrations", "acme", "--out", str(out)).returncode == 0
    files = sorted(p.name for p in out.glob("*.sql"))
    assert files and files[0] == "0001.sql"
    assert (out / "0001.sql").read_text().startswith("-- dbagent migration 1 of base acme (schema acme)")
    assert cli(db, "base", "create", "copy").returncode == 0
    applied = ok(cli(db, "base", "apply", "copy", str(out), "--json"))
    assert applied["applied"] == files
    copy = db.one("select agent.get_schema(base_id) from agent.base where name = 'copy' and dropped_at is null")
    assert [t["name"] for t in copy["tables"]] == ["notes"] and [v["name"] for v in copy["views"]] == ["note_bodies"]

    # a clone, made by the admin: its agent's URI is printed once
    c = ok(cli(db, "base", "clone", "acme", "acme_try", "--json"))
    assert c["cloned_from"] == "acme" and c["agent_dsn"].startswith("postgresql://") and c["tables"] == {"notes": 20}

    # purge: expired items only by default; --all for one base
    yes = cli(db, "sql", "acme", "delete from notes", "--yes")
    assert yes.returncode == 0 and "recoverable" in yes.stdout
    assert ok(cli(db, "base", "purge", "--json")) == [
        {"base": n, "base_id": b, "items": 0, "snapshots": 0}
        for n, b in db.admin.execute("select name, base_id::text from agent.base where dropped_at is null "
                                     "order by name").fetchall()]
    assert ok(cli(db, "base", "purge", "acme", "--all", "--json"))[0]["items"] == 1
