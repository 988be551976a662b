"""Bearer tokens of `dbagent serve`: the SQL functions and `dbagent token`."""

from __future__ import annotations

import hashlib
import secrets
import json
import os
import subprocess
import sys

import psycopg
import pytest

from dbtest import TestDb


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def verify(db: TestDb, token: str) -> tuple | None:
    return db.admin.execute("select * from agent._token_verify(%s)", [digest(token)]).fetchone()


def test_create_verify_revoke(db):
    acme = db.create_base("acme")
    t = db.one("select agent.admin_token_create('acme', null, 'ci')")  # a base's name: its agent role
    assert t["role"] == acme.agent_role and t["label"] == "ci" and t["expires_at"] is None
    assert t["token"].startswith("dbat_") and len(t["token"]) == 69
    # only the hash is stored
    stored = db.admin.execute("select * from agent.api_token").fetchall()
    assert len(stored) == 1 and t["token"] not in repr(stored)
    assert db.one("select sha256 from agent.api_token") == digest(t["token"])
    row = verify(db, t["token"])
    assert row is not None and str(row[0]) == t["token_id"] and row[1] == acme.agent_role
    assert verify(db, t["token"] + "x") is None
    # the audit names the token, never the token itself
    audit = db.admin.execute("select tool, details::text from agent.audit where tool like 'token_%'").fetchall()
    assert [a[0] for a in audit] == ["token_create"] and t["token"] not in audit[0][1]
    listed = db.one("select agent.admin_token_list()")
    assert [x["token_id"] for x in listed] == [t["token_id"]] and listed[0]["status"] == "active"
    assert "token" not in listed[0]
    assert db.one("select agent.admin_token_revoke(%s)", [t["token_id"]]) == 1
    assert verify(db, t["token"]) is None  # at once
    assert db.one("select agent.admin_token_list()") == []
    [gone] = db.one("select agent.admin_token_list(include_inactive => true)")
    assert gone["status"] == "revoked" and gone["revoked_by"] == db.pg.superuser


def test_expiry(db):
    db.create_base("acme")
    t = db.one("select agent.admin_token_create('acme', now() + interval '1 hour')")
    assert verify(db, t["token"]) is not None
    db.admin.execute("update agent.api_token set expires_at = clock_timestamp() - interval '1 second'")
    assert verify(db, t["token"]) is None
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        db.admin.execute("select agent.admin_token_create('acme', now() - interval '1 minute')")


def unique(prefix: str) -> str:
    """Roles are cluster-wide: every test database shares them."""
    return f"{prefix}_{secrets.token_hex(4)}"


def test_dropped_or_recreated_role_kills_the_token(db):
    planner = unique("planner")
    db.one("select agent.admin_create_agent(%s, 2)", [planner])
    t = db.one("select agent.admin_token_create(%s)", [planner])
    assert verify(db, t["token"])[1] == planner
    db.one("select agent.admin_drop_agent(%s)", [planner])
    assert verify(db, t["token"]) is None
    db.one("select agent.admin_create_agent(%s, 2)", [planner])  # the same name, another role
    try:
        assert verify(db, t["token"]) is None
        [old] = db.one("select agent.admin_token_list(%s, true)", [planner])
        assert old["status"] == "role_dropped"
    finally:
        db.one("select agent.admin_drop_agent(%s)", [planner])
    # a dropped base's agent role too
    acme = db.create_base("acme")
    t2 = db.one("select agent.admin_token_create(%s)", [acme.agent_role])
    db.one("select agent.admin_drop_base('acme')")
    assert verify(db, t2["token"]) is None


def test_only_plain_agent_roles(db):
    someone, boss, planner = unique("someone"), unique("boss"), unique("planner")
    db.admin.execute(f"create role {someone} login")
    db.admin.execute(f"create role {boss} login in role dbagent_admin")
    db.one("select agent.admin_create_agent(%s, 2)", [planner])
    try:
        for who in (db.pg.superuser, someone, boss, "dbagent_agent", "dbagent_owner"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege) as e:
                db.admin.execute("select agent.admin_token_create(%s)", [who])
            assert "rule: token_role" in e.value.diag.message_detail
        with pytest.raises(psycopg.errors.UndefinedObject):
            db.admin.execute("select agent.admin_token_create('nobody')")
        # an agent given more rights later: its token stops working
        t = db.one("select agent.admin_token_create(%s)", [planner])
        db.admin.execute(f"grant dbagent_admin to {planner}")
        assert verify(db, t["token"]) is None
        db.admin.execute(f"revoke dbagent_admin from {planner}")
        assert verify(db, t["token"]) is not None
        db.admin.execute(f"alter role {planner} nologin")
        assert verify(db, t["token"]) is None
    finally:
        db.one("select agent.admin_drop_agent(%s)", [planner])
        db.admin.execute(f"drop role {someone}, {boss}")


def test_agents_cannot_touch_tokens(db):
    acme = db.create_base("acme")
    t = db.one("select agent.admin_token_create('acme')")
    with db.agent(acme) as conn:
        for q, args in (
            ("select agent.admin_token_create(%s)", [acme.agent_role]),
            ("select agent.admin_token_list()", None),
            ("select agent.admin_token_revoke(%s)", [t["token_id"]]),
            ("select * from agent._token_verify(%s)", [digest(t["token"])]),
            ("select * from agent.api_token", None),
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(q, args)


def test_revoke_by_agent_and_argument_errors(db):
    db.create_base("acme")
    a = db.one("select agent.admin_token_create('acme')")
    b = db.one("select agent.admin_token_create('acme')")
    assert db.one("select agent.admin_token_revoke(agent => 'acme')") == 2
    assert verify(db, a["token"]) is None and verify(db, b["token"]) is None
    assert db.one("select agent.admin_token_revoke(agent => 'acme')") == 0
    for q in ("select agent.admin_token_revoke()",
              "select agent.admin_token_revoke(gen_random_uuid(), 'acme')"):
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            db.admin.execute(q)


def dbagent(db: TestDb, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "250"}
    return subprocess.run([sys.executable, "-m", "dbagent", "--dsn", db.admin_dsn, *args],
                          capture_output=True, text=True, timeout=120, env=env)


def test_token_commands(db):
    acme = db.create_base("acme")
    r = dbagent(db, "token", "create", "acme", "--expires", "2h", "--label", "bot", "--json")
    assert r.returncode == 0, r.stderr
    made = json.loads(r.stdout)
    assert made["role"] == acme.agent_role and made["token"].startswith("dbat_") and made["expires_at"]
    assert verify(db, made["token"]) is not None
    r = dbagent(db, "token", "list", "--json")
    assert r.returncode == 0 and [x["token_id"] for x in json.loads(r.stdout)] == [made["token_id"]]
    assert made["token"] not in r.stdout
    r = dbagent(db, "token", "list")
    assert r.returncode == 0 and made["token_id"] in r.stdout and made["token"] not in r.stdout
    r = dbagent(db, "token", "revoke", made["token_id"])
    assert r.returncode == 0, r.stderr
    assert verify(db, made["token"]) is None
    r = dbagent(db, "token", "revoke", made["token_id"])
    assert r.returncode == 1  # nothing left to revoke
    r = dbagent(db, "token", "create", "nobody", "--json")
    assert r.returncode == 2 and json.loads(r.stderr)["error"]["sqlstate"] == "42704"
    r = dbagent(db, "token", "create", "acme", "--expires", "soon")
    assert r.returncode == 2 and "--expires" in r.stderr
