"""Calling a tool: arguments checked against the catalogue, one ``select agent.<fn>(...)``.

``prepare`` turns a tool name and its arguments (a dict, or JSON text as models send them) into
one statement with every value a bound parameter; ``call_tool`` (a psycopg connection) and
``acall_tool`` (an async one, for ``dbagent serve``) run it. The result is ``{"result": ...}``
(plus ``server_notices`` when the server sent any) or ``{"error": {sqlstate, message, detail,
hint, rule}}``. Nothing here decides what is allowed: the database does. Argument mistakes are
errors with SQLSTATE 22023, as the functions themselves report them; values (``options``
included) pass through untouched, so a new option of a function needs no change here.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from dbagent.db import error_report, scrub
from dbagent.tools.catalogue import _TYPES, Tool


class CallError(Exception):
    """A call refused before it reaches the database (unknown tool, bad arguments)."""

    def __init__(self, message: str, hint: str | None = None, *, sqlstate: str = "22023",
                 detail: str | None = None) -> None:
        super().__init__(message)
        self.report = {"sqlstate": sqlstate, "message": message, "detail": detail, "hint": hint, "rule": None}


@dataclass(frozen=True)
class Prepared:
    """One checked call: the statement, its bound values, and what the caller asked for."""

    tool: Tool
    query: str
    params: list[Any]
    args: dict[str, Any]
    verbose: bool


_RULE = re.compile(r"^rule: ([a-z_][a-z0-9_]*)\s*$", re.MULTILINE)


def rule_of(detail: str | None) -> str | None:
    """The rule id a refusal names in its DETAIL (``rule: <id>``), else None."""
    m = _RULE.search(detail or "")
    return m.group(1) if m else None


def report_of(e: psycopg.Error) -> dict[str, Any]:
    """{sqlstate, message, detail, hint, rule} of a database error (passwords scrubbed)."""
    report = error_report(e)
    if isinstance(e, psycopg.OperationalError) and not e.sqlstate:
        report["message"] = "lost the connection to the database: " + scrub(str(e)).strip()
    report["rule"] = rule_of(report.get("detail"))
    return report


def parse_args(args: Any) -> dict[str, Any]:
    """The arguments as a dict: models send JSON text, clients a dict or nothing."""
    if isinstance(args, (str, bytes)):
        try:
            text = args.decode() if isinstance(args, bytes) else args
            args = json.loads(text) if text.strip() else {}
        except (ValueError, UnicodeDecodeError):
            raise CallError(
                "the arguments are not valid JSON", hint="Send the arguments as one JSON object."
            ) from None
    if args is None:
        return {}
    if not isinstance(args, dict):
        raise CallError("the arguments must be a JSON object")
    return args


def prepare(tools: dict[str, Tool], name: str, args: Any) -> Prepared:
    """Check NAME and ARGS against the catalogue; raise CallError for a mistake."""
    tool = tools.get(name)
    if tool is None:
        raise CallError(f"there is no tool {name!r}", hint=f"Tools: {', '.join(tools)}.")
    args = parse_args(args)
    verbose = bool(args.get("verbose", False))
    args = {k: v for k, v in args.items() if k != "verbose"}
    known = {p.name: p for p in tool.params}
    unknown = sorted(set(args) - set(known))
    if unknown:
        raise CallError(
            f"{name} has no argument {', '.join(unknown)}",
            hint=f"Its arguments: {', '.join(known) or 'none'}.",
        )
    missing = [p.name for p in tool.params if not p.has_default and args.get(p.name) is None]
    if missing:
        raise CallError(f"{name} needs the argument {', '.join(missing)}")
    given: list[tuple[str, str]] = []
    values: list[Any] = []
    for p in tool.params:
        if p.name not in args or args[p.name] is None:
            continue
        value = args[p.name]
        if p.sql_type in ("jsonb", "json"):
            if isinstance(value, str):  # some models send objects as JSON text
                try:
                    value = json.loads(value)
                except ValueError:
                    raise CallError(f"{p.name} must be a JSON object") from None
            value = json.dumps(value)
        elif (p.sql_type == "text[]") != isinstance(value, list) or isinstance(value, dict):
            raise CallError(f"{p.name} must be a {_TYPES[p.sql_type]['type']}")
        given.append((p.name, p.sql_type))
        values.append(value)
    return Prepared(tool, _statement(tool.function, tuple(given)), values, args, verbose)


@functools.lru_cache(maxsize=256)
def _statement(function: str, given: tuple[tuple[str, str], ...]) -> str:
    """``select agent.<function>(name => %s::type, ...)`` for the arguments given (the names and
    types come from the catalogue and are checked against _TYPES; every value is a parameter)."""
    parts = [sql.SQL("{} => {}::{}").format(sql.Identifier(name), sql.Placeholder(), sql.SQL(sql_type))
             for name, sql_type in given]
    query = sql.SQL("select agent.{}({})").format(sql.Identifier(function), sql.SQL(", ").join(parts))
    return query.as_string(None)  # composed once, kept as text: the values stay parameters


def _outcome(row: tuple[Any, ...] | None, notices: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"result": None if row is None else row[0]}
    if notices:
        out["server_notices"] = notices
    return out


def run(conn: psycopg.Connection, p: Prepared) -> dict[str, Any]:
    """Run a prepared call on a (sync) connection in autocommit mode: one transaction."""
    notices: list[str] = []

    def on_notice(d: psycopg.errors.Diagnostic) -> None:
        notices.append(d.message_primary or "")

    conn.add_notice_handler(on_notice)
    try:
        row = conn.execute(p.query, p.params).fetchone()
    except psycopg.Error as e:
        return {"error": report_of(e)}
    finally:
        conn.remove_notice_handler(on_notice)
    return _outcome(row, notices)


async def arun(conn: psycopg.AsyncConnection, p: Prepared) -> dict[str, Any]:
    """run() over an async connection."""
    notices: list[str] = []

    def on_notice(d: psycopg.errors.Diagnostic) -> None:
        notices.append(d.message_primary or "")

    conn.add_notice_handler(on_notice)
    try:
        cur = await conn.execute(p.query, p.params)
        row = await cur.fetchone()
    except psycopg.Error as e:
        return {"error": report_of(e)}
    finally:
        conn.remove_notice_handler(on_notice)
    return _outcome(row, notices)


def call_tool(conn: psycopg.Connection, tools: dict[str, Tool], name: str, args: Any) -> dict[str, Any]:
    """Run tool NAME with ARGS: ``{"result": ...}`` or ``{"error": {...}}``."""
    try:
        p = prepare(tools, name, args)
    except CallError as e:
        return {"error": e.report}
    return run(conn, p)


async def acall_tool(
    conn: psycopg.AsyncConnection, tools: dict[str, Tool], name: str, args: Any
) -> dict[str, Any]:
    """call_tool over an async connection."""
    try:
        p = prepare(tools, name, args)
    except CallError as e:
        return {"error": e.report}
    return await arun(conn, p)


# ----------------------------------------------------------------------------------------
# a base given by name (clients that serve every base of an agent)


def is_base_id(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def base_from_project(project: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The base named NAME (or with that base_id) among get_project's bases."""
    return next((b for b in project.get("bases", []) if name in (b.get("name"), b.get("base_id"))), None)


def unknown_base(name: str, project: dict[str, Any]) -> CallError:
    names = ", ".join(b["name"] for b in project.get("bases", [])) or "none"
    return CallError(
        f"there is no base {name!r} for role {project.get('role')}",
        hint=f"Bases you may use: {names}. get_project lists them.",
        sqlstate="42704",
    )
