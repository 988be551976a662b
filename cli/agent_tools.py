"""The agent tools as the clients offer them: a catalogue read from the database, and calls.

The LLM driver and the MCP server offer the same tools. Their names, JSON schemas and
descriptions come from the ``agent.*`` functions themselves: argument names, types and
defaults from ``pg_proc``, descriptions from ``COMMENT ON FUNCTION``. A function missing from
the database (a tool not installed yet) is simply not in the catalogue.

``call_tool`` runs one tool and returns ``{"result": ...}`` or ``{"error": {sqlstate, message,
detail, hint}}``; it decides nothing about security: the database does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from dbagent.db import error_report, scrub

# tool name -> agent.* function (the seed's names; get_database_schema is agent.get_schema)
TOOL_FUNCTIONS: dict[str, str] = {
    "get_project": "get_project",
    "create_base": "create_base",
    "get_database_schema": "get_schema",
    "execute_sql": "execute_sql",
    "analyse_csv": "analyse_csv",
    "import_csv": "import_csv",
    "advise": "advise",
}


@dataclass(frozen=True)
class Effects:
    """What a tool may do, said honestly (MCP annotations; the driver's bookkeeping)."""

    read_only: bool
    destructive: bool
    idempotent: bool
    title: str


EFFECTS: dict[str, Effects] = {
    "get_project": Effects(True, False, True, "List the bases you may use"),
    "create_base": Effects(False, False, False, "Create a base"),
    "get_database_schema": Effects(True, False, True, "Describe a base's schema"),
    "execute_sql": Effects(False, True, False, "Run SQL in a base (one transaction)"),
    "analyse_csv": Effects(True, False, True, "Profile a CSV file and suggest a table"),
    "import_csv": Effects(False, False, False, "Load a CSV file into a table (all rows or none)"),
    "advise": Effects(True, False, True, "Check a base for security and performance problems"),
}

# SQL type -> JSON Schema (anything else is refused from the catalogue: we only pass what we know)
_TYPES: dict[str, dict[str, Any]] = {
    "uuid": {"type": "string", "format": "uuid"},
    "text": {"type": "string"},
    "character varying": {"type": "string"},
    "jsonb": {"type": "object"},
    "json": {"type": "object"},
    "boolean": {"type": "boolean"},
    "integer": {"type": "integer"},
    "bigint": {"type": "integer"},
    "smallint": {"type": "integer"},
    "numeric": {"type": "number"},
    "text[]": {"type": "array", "items": {"type": "string"}},
}

# Short words for parameters (the functions' comments document the rest).
_PARAM_WORDS: dict[str, str] = {
    "base_id": "The base to act on: a base_id from get_project.",
    "sql": "The SQL: one or more statements, run as one transaction.",
    "options": "Options; the keys are documented in the tool description.",
    "name": "A lower-case snake_case name.",
    "source": "The CSV source, as the tool description says.",
    "table_name": "The table to load into.",
    "mapping": "How CSV columns map to table columns, as the tool description says.",
}

# Types of option keys a comment names without an example value.
_OPTION_TYPES: dict[str, dict[str, Any]] = {
    "max_rows": {"type": "integer", "minimum": 1},
    "timeout_ms": {"type": "integer", "minimum": 1},
    "dry_run": {"type": "boolean"},
    "compact": {"type": "boolean"},
    "as_user": {"type": "string", "format": "uuid"},
    "tables": {"type": "array", "items": {"type": "string"}},
    "delimiter": {"type": "string"},
    "quote": {"type": "string"},
    "escape": {"type": "string"},
    "encoding": {"type": "string"},
    "header": {"type": "boolean"},
    "skip_rows": {"type": "integer", "minimum": 0},
    "table_name": {"type": "string"},
    "null_string": {"type": "string"},
    "max_bad_rows": {"type": "integer", "minimum": 0},
    "formats": {"type": "object", "additionalProperties": {"type": "string"}},
    "on_error": {"type": "string", "enum": ["abort", "skip"]},
    "datestyle": {"type": "string", "enum": ["DMY", "MDY"]},
}

VERBOSE_PARAM: dict[str, Any] = {
    "type": "boolean",
    "description": "Return the full result instead of the compact one (default false).",
}


@dataclass(frozen=True)
class Param:
    name: str
    sql_type: str
    has_default: bool


@dataclass(frozen=True)
class Tool:
    name: str
    function: str
    signature: str
    params: tuple[Param, ...]
    comment: str
    effects: Effects
    option_keys: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return self.comment.strip().splitlines()[0] if self.comment.strip() else self.name

    @property
    def description(self) -> str:
        return self.comment.strip() or self.name

    @property
    def compactable(self) -> bool:
        return self.name in _COMPACTORS

    def input_schema(self, *, omit: tuple[str, ...] = (), verbose: bool = False) -> dict[str, Any]:
        """JSON Schema of the arguments (OMIT: parameters the caller fills in itself)."""
        props: dict[str, Any] = {}
        required: list[str] = []
        for p in self.params:
            if p.name in omit:
                continue
            schema = dict(_TYPES[p.sql_type])
            if p.name == "options" and schema["type"] == "object" and self.option_keys:
                schema["properties"] = self.option_keys
            schema["description"] = _PARAM_WORDS.get(p.name, f"SQL type {p.sql_type}.")
            props[p.name] = schema
            if not p.has_default:
                required.append(p.name)
        if verbose and self.compactable:
            props["verbose"] = dict(VERBOSE_PARAM)
        out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        if required:
            out["required"] = required
        return out


_CATALOGUE = """
select p.proname::text, p.oid, pg_catalog.pg_get_function_arguments(p.oid), p.proargnames,
       array(select pg_catalog.format_type(t, null) from pg_catalog.unnest(p.proargtypes::oid[]) t),
       p.pronargdefaults, coalesce(pg_catalog.obj_description(p.oid, 'pg_proc'), '')
  from pg_catalog.pg_proc p
 where p.pronamespace = 'agent'::regnamespace
   and p.proname = any(%s)
   and p.prokind = 'f'
   and pg_catalog.has_function_privilege(p.oid, 'execute')
 order by p.pronargs desc, p.oid desc
"""


def _catalogue(conn: psycopg.Connection, names: list[str]) -> list[tuple[Any, ...]]:
    """(name, signature, argnames, argtypes, ndefaults, comment) of the agent.* functions NAMES.

    agent.describe_tools() where the server has it (agent logins may not read pg_proc there);
    pg_proc directly on older servers."""
    try:
        rows = conn.execute("select agent.describe_tools(%s)", [names]).fetchone()[0]
    except psycopg.errors.UndefinedFunction:
        return [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in conn.execute(_CATALOGUE, [names]).fetchall()]
    return [(r["name"], r["arguments"], r["argument_names"], r["argument_types"], r["defaults"], r["comment"])
            for r in rows or []]


def load_tools(conn: psycopg.Connection) -> dict[str, Tool]:
    """The tools this role may call, in the seed's order, built from the database."""
    by_function: dict[str, Tool] = {}
    names = {fn: tool for tool, fn in TOOL_FUNCTIONS.items()}
    for proname, signature, argnames, argtypes, ndefaults, comment in _catalogue(conn, list(names)):
        if proname in by_function:  # an older, deprecated signature: offer the newest one
            continue
        argnames = list(argnames or [])
        if len(argnames) != len(argtypes) or any(not n for n in argnames):
            continue  # tools take named arguments; anything else is not a tool
        if any(t not in _TYPES for t in argtypes):
            continue
        n = len(argtypes)
        params = tuple(Param(argnames[i], argtypes[i], i >= n - ndefaults) for i in range(n))
        tool = names[proname]
        by_function[proname] = Tool(
            name=tool,
            function=proname,
            signature=f"agent.{proname}({signature})",
            params=params,
            comment=comment,
            effects=EFFECTS[tool],
            option_keys=documented_options(comment) if any(p.name == "options" for p in params) else {},
        )
    return {t: by_function[fn] for t, fn in TOOL_FUNCTIONS.items() if fn in by_function}


_KEY = re.compile(r'\{\s*"([a-z_][a-z0-9_]*)"\s*:|"([a-z_][a-z0-9_]*)"|([a-z_][a-z0-9_]*)')


def documented_options(comment: str) -> dict[str, dict[str, Any]]:
    """Option keys a function's comment documents after the word "options:".

    The comment lists them up to the end of that sentence, separated by commas, semicolons or
    "and", each as a JSON example (``{"dry_run": true}``: typed from the value), a quoted
    name (``"max_rows"``) or a bare snake_case name (``skip_rows to override ...``); what
    follows a key becomes its description. Types of keys without an example come from a
    short list of known keys, else stay open.
    """
    at = comment.find("options:")
    if at < 0:
        return {}
    keys: dict[str, dict[str, Any]] = {}
    for item in _items(comment[at + len("options:") :]):
        m = _KEY.match(item)
        if m is None:
            continue
        name = m.group(1) or m.group(2) or m.group(3)
        rest = item[m.end() :].strip()
        if m.group(3) and "_" not in name and rest and not rest.startswith("("):
            continue  # a bare word that is not a key ("rolls back", "the dialect overrides of ...")
        schema: dict[str, Any] = dict(_OPTION_TYPES.get(name, {}))
        if m.group(1):
            snippet = item[: _closing(item)]
            try:
                example = json.loads(snippet)
                schema = schema or _json_type(example[name])
                rest = item[len(snippet) :].strip()
            except (ValueError, KeyError):
                pass
        words = rest.strip()
        if words.startswith("(") and _closing(words.replace("(", "[").replace(")", "]")) == len(words):
            words = words[1:-1].strip()
        if words:
            schema["description"] = words
        keys.setdefault(name, schema)
    return keys


_AND_KEY = re.compile(r'\s+and\s+(?=["{])')


def _items(text: str) -> list[str]:
    """Split at , ; and "and" outside brackets and quotes, up to the end of the sentence."""
    items, buf, depth, quoted, i = [], "", 0, False, 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "([{":
            depth += 1
        elif not quoted and ch in ")]}":
            depth -= 1
        elif not quoted and depth == 0:
            if ch == "." and (i + 1 == len(text) or text[i + 1].isspace()):
                break
            joined = _AND_KEY.match(text, i)  # '"a" and "b"': "and" before another key splits
            if ch in ",;" or joined:
                items.append(buf)
                buf = ""
                i = joined.end() if joined else i + 1
                continue
        buf += ch
        i += 1
    items.append(buf)
    return [" ".join(x.split()).removeprefix("and ") for x in items if x.strip()]


def _closing(item: str) -> int:
    depth, quoted = 0, False
    for i, ch in enumerate(item):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "{[":
            depth += 1
        elif not quoted and ch in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(item)


def _json_type(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, list):
        return {"type": "array", "items": _json_type(value[0]) if value else {}}
    if isinstance(value, dict):
        return {"type": "object"}
    return {"type": "string"}


# ----------------------------------------------------------------------------------------
# calls


def _bad_argument(message: str, hint: str | None = None) -> dict[str, Any]:
    return {"error": {"sqlstate": "22023", "message": message, "detail": None, "hint": hint}}


def call_tool(conn: psycopg.Connection, tools: dict[str, Tool], name: str, args: Any) -> dict[str, Any]:
    """Run tool NAME with ARGS (a dict, or its JSON text).

    Returns ``{"result": <the function's jsonb>}`` (plus ``server_notices`` when the server
    sent any) or ``{"error": {"sqlstate", "message", "detail", "hint"}}``. Argument mistakes
    are errors with SQLSTATE 22023, as the functions themselves report them.
    """
    tool = tools.get(name)
    if tool is None:
        return _bad_argument(f"there is no tool {name!r}", hint=f"Tools: {', '.join(tools)}.")
    if isinstance(args, str):
        try:
            args = json.loads(args) if args.strip() else {}
        except ValueError:
            return _bad_argument(
                "the arguments are not valid JSON", hint="Send the arguments as one JSON object."
            )
    if args is None:
        args = {}
    if not isinstance(args, dict):
        return _bad_argument("the arguments must be a JSON object")
    args = {k: v for k, v in args.items() if k != "verbose"}
    known = {p.name: p for p in tool.params}
    unknown = sorted(set(args) - set(known))
    if unknown:
        return _bad_argument(
            f"{name} has no argument {', '.join(unknown)}",
            hint=f"Its arguments: {', '.join(known) or 'none'}.",
        )
    missing = [p.name for p in tool.params if not p.has_default and args.get(p.name) is None]
    if missing:
        return _bad_argument(f"{name} needs the argument {', '.join(missing)}")
    parts: list[sql.Composable] = []
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
                    return _bad_argument(f"{p.name} must be a JSON object")
            value = json.dumps(value)
        elif (p.sql_type == "text[]") != isinstance(value, list) or isinstance(value, dict):
            return _bad_argument(f"{p.name} must be a {_TYPES[p.sql_type]['type']}")
        # the type names come from the catalogue and are checked against _TYPES
        parts.append(
            sql.SQL("{} => {}::{}").format(sql.Identifier(p.name), sql.Placeholder(), sql.SQL(p.sql_type))
        )
        values.append(value)
    query = sql.SQL("select agent.{}({})").format(sql.Identifier(tool.function), sql.SQL(", ").join(parts))
    notices: list[str] = []

    def on_notice(d: psycopg.errors.Diagnostic) -> None:
        notices.append(d.message_primary or "")

    conn.add_notice_handler(on_notice)
    try:
        row = conn.execute(query, values).fetchone()
    except psycopg.Error as e:
        report = error_report(e)
        if isinstance(e, psycopg.OperationalError) and not e.sqlstate:
            report["message"] = "lost the connection to the database: " + scrub(str(e)).strip()
        return {"error": report}
    finally:
        conn.remove_notice_handler(on_notice)
    out: dict[str, Any] = {"result": None if row is None else row[0]}
    if notices:
        out["server_notices"] = notices
    return out


# ----------------------------------------------------------------------------------------
# compact results: agent-facing output stays small unless verbose is asked for


def compact(tool: str, result: Any) -> Any:
    """The result without what an agent rarely needs (verbose gives everything).

    Only the structure is trimmed: values read from the base (rows, samples) are never changed.
    """
    fn = _COMPACTORS.get(tool)
    return fn(result) if fn and isinstance(result, dict) else result


def with_notices(payload: Any, notices: list[str] | None) -> Any:
    """The server's notices beside a result (inside it when it is an object)."""
    if not notices:
        return payload
    if isinstance(payload, dict):
        return {**payload, "server_notices": notices}
    return {"result": payload, "server_notices": notices}


def _drop_empty(value: Any, *, deep: bool = True) -> Any:
    """Leave out keys whose value is null, [] or {} (deep: in nested objects and lists too)."""
    if isinstance(value, dict):
        return {k: _drop_empty(v) if deep else v for k, v in value.items() if v not in (None, [], {})}
    if isinstance(value, list) and deep:
        return [_drop_empty(v) for v in value]
    return value


def _compact_schema(s: dict[str, Any]) -> dict[str, Any]:
    out = dict(s)
    tables = []
    for t in s.get("tables", []) or []:
        t = dict(t)
        cols = t.get("columns") or []
        system = [c["name"] for c in cols if c.get("system")]
        t["columns"] = [c for c in cols if not c.get("system")]
        if system:
            t["system_fields"] = system
        t["indexes"] = [i["definition"] for i in t.get("indexes") or [] if not i.get("primary")]
        t["triggers"] = [
            tr for tr in t.get("triggers") or [] if not str(tr.get("name", "")).startswith("dbagent_")
        ]
        t["policies"] = [p for p in t.get("policies") or [] if p.get("name") != "dbagent_agent_all"]
        if set((t.get("primary_key") or {}).get("columns", [])) == {"id"}:
            t.pop("primary_key")
        tables.append(t)
    out["tables"] = tables
    return _drop_empty(out)  # the catalogue's description: no values from the base's rows


def _compact_execute(r: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in r.items() if k not in ("statements", "rules_applied")}
    out["statements"] = [
        _drop_empty({k: v for k, v in st.items() if k != "sql"}, deep=False)
        for st in r.get("statements", []) or []
    ]
    reasons: dict[str, int] = {}
    for rule in r.get("rules_applied", []) or []:
        reasons[rule.get("reason", "")] = reasons.get(rule.get("reason", ""), 0) + 1
    out["rules_applied"] = [f"{reason} ({n}×)" if n > 1 else reason for reason, n in reasons.items()]
    return _drop_empty(out, deep=False)


def _compact_advise(r: dict[str, Any]) -> dict[str, Any]:
    keep = ("name", "level", "title", "detail", "remediation")
    return {**r, "findings": [{k: f.get(k) for k in keep} for f in r.get("findings", []) or []]}


_COMPACTORS = {
    "get_database_schema": _compact_schema,
    "execute_sql": _compact_execute,
    "advise": _compact_advise,
}
