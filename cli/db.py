"""Connections, DSN resolution and the rendering of database errors for the CLI and clients."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from decimal import Decimal

import click
import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import set_json_loads

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
APPLICATION_NAME = "dbagent"


class CliError(Exception):
    """A failure the CLI reports as {message, detail, hint} and exit code 2."""

    def __init__(self, message: str, *, hint: str | None = None, detail: str | None = None,
                 sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.detail = detail
        self.sqlstate = sqlstate

    def report(self) -> dict[str, Any]:
        return {"sqlstate": self.sqlstate, "message": str(self), "detail": self.detail, "hint": self.hint}


_URI_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*(@)")
_KW_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def scrub(text: str) -> str:
    """Hide passwords in any DSN or conninfo inside TEXT."""
    return _KW_PASSWORD.sub(r"\1***", _URI_PASSWORD.sub(r"\1***\2", text))


def resolve_dsn(dsn: str | None, home: str | None = None) -> str:
    """--dsn, else DBAGENT_DSN, else the embedded server (if it runs)."""
    if dsn:
        return dsn
    env = os.environ.get("DBAGENT_DSN")
    if env:
        return env
    from dbagent import server

    info = server.load_info(Path(home) if home else server.default_home())
    if info is None or not server.is_running(info):
        raise CliError(
            "no database to talk to",
            hint="Pass --dsn URI, set DBAGENT_DSN, or start the embedded server with `dbagent up`.",
        )
    return info.uri()


def _exact_json_loads(data: str | bytes) -> Any:
    """jsonb from the tools keeps numerics exact: numbers with a fraction become Decimal."""
    return json.loads(data, parse_float=Decimal)


def connect(dsn: str, **kw: Any) -> psycopg.Connection:
    try:
        conn = psycopg.connect(dsn, autocommit=True, application_name=APPLICATION_NAME, **kw)
        set_json_loads(_exact_json_loads, conn)
        return conn
    except psycopg.OperationalError as e:
        raise CliError(
            "cannot connect to the database: " + scrub(str(e)).strip().splitlines()[0],
            hint="Check the DSN (--dsn / DBAGENT_DSN) and that the server runs (`dbagent status`).",
        ) from e


def call(conn: psycopg.Connection, query: str, params: Any = None) -> Any:
    """Run QUERY and return the first column of its first row (the jsonb of an agent.* call)."""
    row = conn.execute(query, params).fetchone()  # type: ignore[arg-type]
    return None if row is None else row[0]


def agent_dsn(admin_dsn: str, role: str, password: str) -> str:
    """A URI that logs in as ROLE on the admin DSN's server and database, over TCP.

    A Unix-socket admin DSN becomes 127.0.0.1: servers authenticate password logins of
    other roles over TCP (Debian's socket default is peer authentication).
    """
    params = conninfo_to_dict(admin_dsn)
    host = str(params.get("host") or "127.0.0.1")
    if host.startswith("/") or "," in host:
        host = "127.0.0.1"
    port = params.get("port") or "5432"
    dbname = params.get("dbname") or "postgres"
    uri = f"postgresql://{quote(role, safe='')}:{quote(password, safe='')}@{host}:{port}/{quote(str(dbname), safe='')}"
    if params.get("sslmode"):
        uri += f"?sslmode={params['sslmode']}"
    return uri


def error_report(e: psycopg.Error) -> dict[str, Any]:
    d = e.diag
    return {
        "sqlstate": e.sqlstate,
        "message": d.message_primary or scrub(str(e)).strip(),
        "detail": d.message_detail,
        "hint": d.message_hint,
    }


def render_error(report: dict[str, Any]) -> str:
    """An error for people; its text may come from an agent's SQL: no terminal control characters."""
    from dbagent.output import neutralise

    lines = [f"error: {neutralise(scrub(str(report.get('message') or '')))}"]
    if report.get("sqlstate"):
        lines[0] += f"  [{neutralise(str(report['sqlstate']))}]"
    if report.get("detail"):
        lines.append(f"detail: {neutralise(scrub(str(report['detail'])))}")
    if report.get("hint"):
        lines.append(f"hint: {neutralise(scrub(str(report['hint'])))}")
    return "\n".join(lines)


@contextmanager
def db_errors(as_json: bool) -> Iterator[None]:
    """Turn database and CLI errors into {sqlstate, message, detail, hint} on stderr, exit 2."""
    try:
        yield
    except psycopg.OperationalError as e:
        report = error_report(e)
        if not e.sqlstate:
            report["message"] = "lost the connection to the database: " + scrub(str(e)).strip()
            report["hint"] = "The server may have restarted or killed the session; run the command again."
        _emit_error(report, as_json)
    except psycopg.Error as e:
        _emit_error(error_report(e), as_json)
    except CliError as e:
        _emit_error(e.report(), as_json)


def _emit_error(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        from dbagent.output import dumps

        click.echo(dumps({"error": report}, indent=None), err=True)
    else:
        click.echo(render_error(report), err=True)
    sys.exit(EXIT_ERROR)
