"""`dbagent doctor` against the harness's real server: all ok on a fresh install, and each
broken fact reported as a failing check with its fix (and, where dbagent install is the fix,
gone after it)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
from pathlib import Path

import click
import psycopg
import pytest
from click.testing import CliRunner
from dbagent.doctor import register
from dbagent.install import install


def doctor(*args: str) -> tuple[int, dict]:
    group = click.Group("dbagent")
    register(group)
    result = CliRunner().invoke(group, ["doctor", *args, "--json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def by_name(report: dict) -> dict[str, dict]:
    return {c["check"]: c for c in report["checks"]}


def failing(report: dict) -> dict[str, dict]:
    return {c["check"]: c for c in report["checks"] if c["status"] != "ok"}


def test_a_fresh_install_is_all_ok(db):
    code, report = doctor("--dsn", db.admin_dsn)
    assert failing(report) == {}
    assert code == 0 and report["status"] == "ok"
    names = set(by_name(report))
    assert {"connection", "PostgreSQL version", "PL/Python", "server package pglast", "server package duckdb",
            "dbagent version", "dblink", "audit loopback", "file_fdw", "storage directory", "TEMP revoked",
            "agent roles", "dbagent_owner role", "search_path pinned", "no PUBLIC EXECUTE", "executors"} <= names


def test_the_table_names_every_check(db):
    group = click.Group("dbagent")
    register(group)
    result = CliRunner().invoke(group, ["doctor", "--dsn", db.admin_dsn], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for name in ("PostgreSQL version", "server package duckdb", "TEMP revoked", "executors"):
        assert name in result.stdout
    assert "│ fail" not in result.stdout and "│ warn" not in result.stdout


def test_hygiene_rows_match_the_sql(db):
    rows = db.admin.execute("select check_name, ok, detail, fix from agent._hygiene()").fetchall()
    assert len(rows) >= 10 and all(ok and fix is None for _, ok, _, fix in rows)
    # private: no agent or admin role may run it
    acme = db.create_base("acme")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        db.agent(acme).execute("select agent._hygiene()")


def test_temp_granted_to_public_fails_with_its_fix(db):
    db.admin.execute(f'grant temporary on database "{db.dbname}" to public')
    code, report = doctor("--dsn", db.admin_dsn)
    assert code == 2 and report["status"] == "fail"
    bad = failing(report)
    assert set(bad) == {"TEMP revoked"}
    assert "PUBLIC has TEMPORARY" in bad["TEMP revoked"]["detail"]
    assert f"revoke temporary on database {db.dbname} from public" in bad["TEMP revoked"]["fix"]
    db.admin.execute(bad["TEMP revoked"]["fix"].split(" (")[0])
    assert doctor("--dsn", db.admin_dsn)[0] == 0


def test_an_agent_role_with_another_membership_fails(db):
    acme = db.create_base("acme")
    db.admin.execute(f'grant pg_read_server_files to "{acme.agent_role}"')
    try:
        code, report = doctor("--dsn", db.admin_dsn)
        bad = failing(report)
        assert code == 2 and set(bad) == {"agent roles"}
        assert bad["agent roles"]["detail"] == f"{acme.agent_role} is a member of pg_read_server_files"
        assert "revoke" in bad["agent roles"]["fix"]
    finally:
        db.admin.execute(f'revoke pg_read_server_files from "{acme.agent_role}"')


def test_tenant_owner_memberships_are_checked(db):
    """A tenant owner has no members (dbagent_owner only borrows one inside a transaction) and is
    a member of dbagent_tenant alone."""
    acme = db.create_base("acme")
    owner = db.one("select owner_role from agent.base where base_id = %s", [acme.base_id])
    db.admin.execute(f'grant "{owner}" to dbagent_owner')
    db.admin.execute(f'revoke dbagent_tenant from "{owner}"')
    try:
        code, report = doctor("--dsn", db.admin_dsn)
        bad = failing(report)
        assert code == 2 and set(bad) == {"tenant owner roles"}
        assert f"dbagent_owner is a member of tenant owner role {owner}" in bad["tenant owner roles"]["detail"]
        assert f"{owner} is not a member of dbagent_tenant" in bad["tenant owner roles"]["detail"]
        assert "grant dbagent_tenant to <owner role>" in bad["tenant owner roles"]["fix"]
    finally:
        db.admin.execute(f'revoke "{owner}" from dbagent_owner')
        db.admin.execute(f'grant dbagent_tenant to "{owner}"')
    code, report = doctor("--dsn", db.admin_dsn)
    assert failing(report) == {} and code == 0


def test_function_hygiene_failures_and_install_repairs_them(db):
    acme = db.create_base("acme")
    hexid = acme.base_id.replace("-", "")
    db.admin.execute("grant execute on function agent._base(uuid) to public")
    db.admin.execute("alter function agent.get_project() reset search_path")
    db.admin.execute(f"drop function agent_exec.run_{hexid}(text, integer, text, integer, text)")
    code, report = doctor("--dsn", db.admin_dsn)
    bad = failing(report)
    assert code == 2
    assert set(bad) == {"no PUBLIC EXECUTE", "search_path pinned", "executors"}
    assert bad["no PUBLIC EXECUTE"]["detail"] == "agent._base(uuid)"
    assert bad["search_path pinned"]["detail"] == "agent.get_project()"
    assert f"agent_exec.run_{hexid} is missing" in bad["executors"]["detail"]
    assert "dbagent install" in bad["no PUBLIC EXECUTE"]["fix"]
    assert "dbagent install" in bad["search_path pinned"]["fix"]
    assert "dbagent install" in bad["executors"]["fix"]
    install(db.admin_dsn)  # what the fixes say: it re-creates the missing executor too
    code, report = doctor("--dsn", db.admin_dsn)
    assert failing(report) == {} and code == 0


def test_an_extra_grant_names_the_function_and_its_grantees(db):
    db.admin.execute("grant execute on function agent.admin_list_bases(boolean) to dbagent_agent")
    code, report = doctor("--dsn", db.admin_dsn)
    bad = failing(report)
    assert code == 2 and set(bad) == {"function grants"}
    assert bad["function grants"]["detail"] == (
        "agent.admin_list_bases(boolean) may be executed by dbagent_admin, dbagent_agent")
    assert bad["function grants"]["fix"].startswith("revoke execute on function")


def test_wrong_server_package_version_fails_with_the_pip_command(db):
    fake = Path(tempfile.mkdtemp(prefix="dbagent-doctor-", dir="/tmp"))
    try:
        (fake / "pglast").mkdir()
        (fake / "pglast" / "__init__.py").write_text("__version__ = '1.0'\n")
        (fake / "pglast-1.0.dist-info").mkdir()
        (fake / "pglast-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: pglast\nVersion: 1.0\n")
        for p in [fake, *fake.rglob("*")]:
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
        paths = db.one("select value from agent.setting where key = 'server_python_path'")
        db.admin.execute("update agent.setting set value = %s where key = 'server_python_path'",
                         [json.dumps([str(fake), *paths])])
        code, report = doctor("--dsn", db.admin_dsn)
        bad = failing(report)
        assert code == 2 and "server package pglast" in bad
        assert "pglast 1.0" in bad["server package pglast"]["detail"]
        assert "needs 8.8" in bad["server package pglast"]["detail"]
        assert "pip install --target" in bad["server package pglast"]["fix"]
        assert "pglast==8.8 duckdb==2.0.1" in bad["server package pglast"]["fix"]
        assert by_name(report)["server package duckdb"]["status"] == "ok"
    finally:
        shutil.rmtree(fake, ignore_errors=True)


def test_missing_dblink_is_a_warning(db):
    db.admin.execute("drop extension dblink")
    code, report = doctor("--dsn", db.admin_dsn)
    bad = failing(report)
    assert code == 1 and report["status"] == "warn"
    assert set(bad) == {"dblink"}
    assert "create extension dblink with schema agent_dblink" in bad["dblink"]["fix"]


def test_a_database_without_dbagent(db, pg):
    db.admin.execute("create database doctor_empty")
    try:
        code, report = doctor("--dsn", pg.uri("doctor_empty"))
        bad = failing(report)
        assert code == 2
        assert bad["dbagent installed"]["status"] == "fail"
        assert "dbagent install" in bad["dbagent installed"]["fix"]
        assert "not created" in bad["PL/Python"]["detail"]
    finally:
        db.admin.execute("drop database doctor_empty with (force)")


def test_an_agent_role_gets_a_warning_not_a_crash(db):
    acme = db.create_base("acme")
    code, report = doctor("--dsn", acme.agent_dsn)
    checks = by_name(report)
    assert checks["superuser"]["status"] == "warn"
    assert checks["dbagent version"]["status"] == "ok"
    assert "TEMP revoked" not in checks  # hygiene needs a superuser
    assert code == 1


def test_no_connection_exits_2():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, report = doctor("--dsn", f"postgresql://nobody@127.0.0.1:{port}/x?connect_timeout=2")
    assert code == 2
    assert report["checks"][0]["check"] == "connection" and report["checks"][0]["status"] == "fail"
    assert report["checks"][0]["fix"]


def test_a_missing_storage_directory_fails_and_an_unreadable_import_directory_warns(db):
    db.admin.execute("update agent.setting set value = '\"/nonexistent/dbagent_storage\"' where key = 'storage_dir'")
    db.admin.execute("insert into agent.setting (key, value) values ('import_dir', '\"/nonexistent/imports\"') "
                     "on conflict (key) do update set value = excluded.value")
    code, report = doctor("--dsn", db.admin_dsn)
    bad = failing(report)
    assert code == 2 and set(bad) == {"storage directory", "import directory"}
    assert bad["storage directory"]["status"] == "fail"
    assert "/nonexistent/dbagent_storage does not exist" in bad["storage directory"]["detail"]
    assert "--storage-dir" in bad["storage directory"]["fix"]
    assert bad["import directory"]["status"] == "warn"
