"""The CLI as a user runs it: a real process, real server, exit codes, stdout vs stderr."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if k != "DBAGENT_DSN"}
    e.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "dbagent", *args], capture_output=True, text=True, env=e, input=input, timeout=300
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_up_is_idempotent_and_prints_the_uri_last():
    home = Path(tempfile.mkdtemp(prefix="dbagent-cli-", dir="/tmp"))
    os.chmod(home, 0o755)
    port = free_port()
    try:
        first = run("--home", str(home), "up", "--port", str(port))
        assert first.returncode == 0, first.stderr
        uri = first.stdout.strip().splitlines()[-1]
        assert uri.startswith("postgresql://postgres@/dbagent?host=") and f"port={port}" in uri
        second = run("up", "--home", str(home))  # the issue's form: --home after the command
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip().splitlines()[-1] == uri
        status = run("--home", str(home), "status", "--json")
        st = json.loads(status.stdout)
        assert st["embedded"]["running"] is True and st["embedded"]["port"] == port
        assert st["database"]["dbagent"]["version"]
        # the server listens on loopback only, and the socket directory is private
        assert oct((home / "run").stat().st_mode & 0o777) == "0o700"
        conf = (home / "data" / "postgresql.conf").read_text()
        assert "listen_addresses = '127.0.0.1'" in conf
        # every other command falls back to the embedded server
        made = run("--home", str(home), "base", "create", "acme", "--json")
        assert made.returncode == 0, made.stderr
        assert set(json.loads(made.stdout)) == {"base_id", "name", "schema", "agent_dsn"}
        down = run("down", "--home", str(home))
        assert down.returncode == 0, down.stderr
        st = json.loads(run("status", "--home", str(home), "--json").stdout)
        assert st["embedded"]["running"] is False
    finally:
        run("--home", str(home), "down")
        shutil.rmtree(home, ignore_errors=True)


def test_base_create_json_and_agent_project(db):
    made = run("--dsn", db.admin_dsn, "base", "create", "acme", "--json")
    assert made.returncode == 0, made.stderr
    out = json.loads(made.stdout)
    assert list(out) == ["base_id", "name", "schema", "agent_dsn"]
    assert out["name"] == "acme" and out["schema"] == "acme"
    proj = run("project", "--json", env={"DBAGENT_DSN": out["agent_dsn"]})
    assert proj.returncode == 0, proj.stderr
    p = json.loads(proj.stdout)
    assert [b["name"] for b in p["bases"]] == ["acme"]
    human = run("project", env={"DBAGENT_DSN": out["agent_dsn"]})
    assert "acme" in human.stdout and human.returncode == 0
    listed = json.loads(run("--dsn", db.admin_dsn, "base", "list", "--json").stdout)
    assert [b["name"] for b in listed] == ["acme"]


def test_dsn_after_the_command_as_the_issue_and_readme_write_it(db):
    """`dbagent install --dsn URI`, `dbagent base list --dsn URI`: --dsn is taken before or after the
    command, and after it wins over $DBAGENT_DSN and over one given before."""
    r = run("install", "--dsn", db.admin_dsn)
    assert r.returncode == 0, r.stderr
    assert "installed" in r.stdout + r.stderr
    made = run("base", "create", "acme", "--dsn", db.admin_dsn, "--json")
    assert made.returncode == 0, made.stderr
    listed = run("base", "list", "--json", "--dsn", db.admin_dsn,
                 env={"DBAGENT_DSN": "postgresql://nobody:x@127.0.0.1:1/x"})
    assert [b["name"] for b in json.loads(listed.stdout)] == ["acme"]
    agent = json.loads(made.stdout)["agent_dsn"]
    proj = run("--dsn", "postgresql://nobody:x@127.0.0.1:1/x", "project", "--dsn", agent, "--json")
    assert [b["name"] for b in json.loads(proj.stdout)["bases"]] == ["acme"]
    # every command has it
    for args in (["doctor"], ["sql"], ["schema"], ["csv", "import"], ["base", "drop"], ["advise"], ["audit"]):
        h = run(*args, "--help")
        assert h.returncode == 0 and "--dsn" in h.stdout, args


def test_errors_are_rendered_not_tracebacks(db):
    bad = run("--dsn", db.admin_dsn, "base", "create", "Bad-Name")
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "error:" in bad.stderr and "hint:" in bad.stderr and "[22023]" in bad.stderr
    as_json = run("--dsn", db.admin_dsn, "base", "create", "Bad-Name", "--json")
    assert json.loads(as_json.stderr)["error"]["sqlstate"] == "22023"
    nodb = run("--dsn", "postgresql://nobody:secretpw@127.0.0.1:1/x", "project")
    assert nodb.returncode == 2 and "Traceback" not in nodb.stderr
    assert "secretpw" not in nodb.stderr


def test_drop_needs_yes(db):
    db.create_base("acme")
    r = run("--dsn", db.admin_dsn, "base", "drop", "acme")
    assert r.returncode == 2 and "--yes" in r.stderr
    r = run("--dsn", db.admin_dsn, "base", "drop", "acme", "--yes")
    assert r.returncode == 0


def test_agent_create_prints_role_and_dsn(db):
    r = run("--dsn", db.admin_dsn, "agent", "create", "planner", "--max-bases", "1", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert list(out) == ["role", "agent_dsn"]
    made = subprocess.run(
        ["psql", out["agent_dsn"], "-Atc", "select agent.create_base('shop')->>'schema'"],
        capture_output=True, text=True,
    )
    assert made.stdout.strip() == "shop", made.stderr


@pytest.mark.parametrize("args", [[], ["base"], ["base", "create"], ["agent"], ["up"], ["project"]])
def test_help_everywhere(args):
    r = run(*args, "--help")
    assert r.returncode == 0
    assert "Usage:" in r.stdout
