"""The catalogue of agent tools: names, JSON schemas and descriptions read from the database.

Every client offers the same tools (the LLM driver, the MCP server over stdio, ``dbagent serve``
over MCP and JSON HTTP). Their names, JSON schemas and descriptions come from the ``agent.*``
functions themselves: argument names, types and defaults from ``pg_proc``, descriptions from
``COMMENT ON FUNCTION``, option keys from the comment's "options:" sentence. A function missing
from the database (a tool not installed yet) is simply not in the catalogue, and a new option a
function documents appears in every client without a change here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import psycopg

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
        from dbagent.tools.results import COMPACTABLE

        return self.name in COMPACTABLE

    @property
    def takes_base(self) -> bool:
        return any(p.name == "base_id" for p in self.params)

    def input_schema(
        self, *, omit: tuple[str, ...] = (), verbose: bool = False, base_by_name: bool = False
    ) -> dict[str, Any]:
        """JSON Schema of the arguments (OMIT: parameters the caller fills in itself; BASE_BY_NAME:
        base_id also takes a base's name, which the client resolves with get_project)."""
        props: dict[str, Any] = {}
        required: list[str] = []
        for p in self.params:
            if p.name in omit:
                continue
            schema = dict(_TYPES[p.sql_type])
            if p.name == "options" and schema["type"] == "object" and self.option_keys:
                schema["properties"] = self.option_keys
            schema["description"] = _PARAM_WORDS.get(p.name, f"SQL type {p.sql_type}.")
            if p.name == "base_id" and base_by_name:
                schema = {"type": "string", "description": BASE_BY_NAME_WORDS}
            props[p.name] = schema
            if not p.has_default:
                required.append(p.name)
        if verbose and self.compactable:
            props["verbose"] = dict(VERBOSE_PARAM)
        out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        if required:
            out["required"] = required
        return out


BASE_BY_NAME_WORDS = "The base to act on: a base_id from get_project, or the base's name."

CATALOGUE_SQL = """
select p.proname::text, pg_catalog.pg_get_function_arguments(p.oid), p.proargnames,
       array(select pg_catalog.format_type(t, null) from pg_catalog.unnest(p.proargtypes::oid[]) t),
       p.pronargdefaults, coalesce(pg_catalog.obj_description(p.oid, 'pg_proc'), '')
  from pg_catalog.pg_proc p
 where p.pronamespace = 'agent'::regnamespace
   and p.proname = any(%s)
   and p.prokind = 'f'
   and pg_catalog.has_function_privilege(p.oid, 'execute')
 order by p.pronargs desc, p.oid desc
"""
# Where the database has it, agent.describe_tools() answers the same (agent logins that may not
# read pg_proc themselves); CATALOGUE_SQL serves databases without it.
DESCRIBE_SQL = "select agent.describe_tools(%s)"


def _described(items: list[dict[str, Any]] | None) -> list[tuple[Any, ...]]:
    return [(r["name"], r["arguments"], r["argument_names"], r["argument_types"], r["defaults"], r["comment"])
            for r in items or []]


def load_tools(conn: psycopg.Connection) -> dict[str, Tool]:
    """The tools this role may call, in the seed's order, built from the database."""
    names = list(TOOL_FUNCTIONS.values())
    try:
        row = conn.execute(DESCRIBE_SQL, [names]).fetchone()
    except psycopg.errors.UndefinedFunction:
        return tools_from_rows(conn.execute(CATALOGUE_SQL, [names]).fetchall())
    return tools_from_rows(_described(row[0] if row else None))


async def aload_tools(conn: psycopg.AsyncConnection) -> dict[str, Tool]:
    """load_tools over an async connection (dbagent serve)."""
    names = list(TOOL_FUNCTIONS.values())
    try:
        row = await (await conn.execute(DESCRIBE_SQL, [names])).fetchone()
    except psycopg.errors.UndefinedFunction:
        cur = await conn.execute(CATALOGUE_SQL, [names])
        return tools_from_rows(await cur.fetchall())
    return tools_from_rows(_described(row[0] if row else None))


def tools_from_rows(rows: Iterable[tuple[Any, ...]]) -> dict[str, Tool]:
    """The catalogue from rows of (name, arguments, argument names, argument types, number of
    defaults, comment), newest signature first."""
    by_function: dict[str, Tool] = {}
    names = {fn: tool for tool, fn in TOOL_FUNCTIONS.items()}
    for proname, signature, argnames, argtypes, ndefaults, comment in rows:
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
