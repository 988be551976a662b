"""Database text never reaches a terminal as control characters.

An agent writes names, values, comments and SQL that the CLI later prints for an admin: a
quoted alias holding ESC sequences went into the audit and `dbagent audit` printed it raw, so
an agent could erase or disguise audit lines on the admin's screen. Every place the CLI prints
database text (audit, results, schema, comments, errors; people's output and JSON) shows
control characters as visible escapes instead.
"""

from __future__ import annotations

import json

from test_cli_foundation import run

from dbtest import execute_sql

ESC = "\x1b[2K\x1b[1A\x1b]0;pwned\x07"  # erase the line, move up, set the window title
C1 = "\x9b31m"  # an 8-bit CSI
BIDI = "\u202egnp.exe"  # right-to-left override
RAW = ("\x1b", "\x9b", "\u202e", "\x07")


def _clean(out: str) -> None:
    for ch in RAW:
        assert ch not in out, (ch, out)


def test_audit_results_schema_and_errors_show_no_control_characters(db):
    acme = db.create_base("acme")
    agent = db.agent(acme)
    alias = f"x{ESC}{C1}{BIDI}"
    execute_sql(agent, acme, f'create table notes (body text); comment on table notes is \'{ESC}note{BIDI}\'')
    execute_sql(agent, acme, f"insert into notes (body) values (E'{ESC}{C1}{BIDI}')")
    execute_sql(agent, acme, f'select 1 as "{alias}"')
    env = {"DBAGENT_DSN": db.admin_dsn}

    audit = run("audit", "acme", env=env)
    assert audit.returncode == 0, audit.stderr
    _clean(audit.stdout + audit.stderr)
    assert "\\x1b" in audit.stdout  # shown, not hidden
    audit_json = run("audit", "acme", "--json", env=env)
    _clean(audit_json.stdout)
    assert any(alias in (r.get("sql_normalized") or "") for r in json.loads(audit_json.stdout))  # the value itself

    for args in (["sql", "acme", "select body, body as \"b\x1b[0m\" from notes"], ["schema", "acme"],
                 ["schema", "acme", "--ddl"], ["sql", "acme", "select body from notes", "--json"]):
        out = run(*args, env=env)
        assert out.returncode == 0, (args, out.stderr)
        _clean(out.stdout + out.stderr)

    err = run("sql", "acme", f'select * from "{ESC}{BIDI}"', env=env)
    assert err.returncode == 2 and "does not exist" in err.stderr
    _clean(err.stderr)
    err_json = run("sql", "acme", f'select * from "{ESC}{BIDI}"', "--json", env=env)
    _clean(err_json.stderr)
    assert ESC in json.loads(err_json.stderr)["error"]["message"]


def test_rich_markup_in_database_text_is_shown_as_written(db):
    acme = db.create_base("acme")
    execute_sql(db.agent(acme), acme, "create table t (v text); insert into t (v) values ('[red]x[/red] [link=http://evil]y[/link]')")
    out = run("sql", "acme", "select v from t", env={"DBAGENT_DSN": db.admin_dsn})
    assert "[red]x[/red]" in out.stdout and "[link=http://evil]" in out.stdout
