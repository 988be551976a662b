"""Static checks of the attack and legit corpus (no server): size, ids, categories, parsing,
and that legit scripts respect the data-model rules and only call allowed built-ins."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from pglast.parser import ParseError, parse_plpgsql_json, parse_sql, parse_sql_json

_TESTS = Path(__file__).resolve().parents[1]
if str(_TESTS) not in sys.path:
    sys.path.insert(0, str(_TESTS))

from corpus import Attack, Legit  # noqa: E402
from corpus.attacks import ATTACKS  # noqa: E402
from corpus.legit import LEGIT  # noqa: E402

from dbagent_plpy import builtins  # noqa: E402

ATTACK_CATEGORIES = {
    "other_tenant", "auth", "information_schema", "pg_catalog", "public_schema", "files", "settings",
    "roles", "ownership", "transaction", "temp", "ddl_outside", "notify", "languages",
    "security_definer", "views", "rls", "dynamic_sql", "locks", "sleep", "catalog_functions",
    "regclass", "rules", "copy", "prepared", "maintenance", "create_as", "like_inherits",
    "security_label", "comment_outside", "default_privileges", "trigger_outside", "multi_statement",
    "plpgsql_decl",
}
LEGIT_CATEGORIES = {
    "schema", "types", "constraints", "indexes", "identity_generated", "defaults", "policies", "grants",
    "views", "functions_sql", "functions_plpgsql", "triggers", "do_blocks", "cte", "window", "jsonb",
    "arrays", "ranges", "fts", "upsert", "merge", "dml", "explain", "comments", "alter", "maintenance",
    "set_local", "mentions", "quoting", "builtins", "sequences", "queries",
}
SYSTEM_FIELDS = {"id", "created_at", "updated_at", "created_by", "updated_by"}
SECRET_COLUMN = re.compile(
    r"passw|passwd|secret|api_?key|token|private_key|card_number|credit_card|\bcvv\b|\bcvc\b|"
    r"^ssn$|social_security|pin_code|otp_|^salt$|credential"
)
CREDENTIAL_TABLES = {"users", "sessions", "accounts"}
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


# ---------------------------------------------------------------------- helpers
def _walk(node, visit):
    if isinstance(node, dict):
        for k, v in node.items():
            visit(k, v)
            _walk(v, visit)
    elif isinstance(node, list):
        for v in node:
            _walk(v, visit)


def _tree(sql: str) -> list:
    return json.loads(parse_sql_json(sql))["stmts"]


def _strings(items) -> list[str]:
    return [i["String"]["sval"] for i in items or [] if "String" in i]


def _defelems(options) -> dict:
    out = {}
    for o in options or []:
        d = o.get("DefElem")
        if d:
            out[d["defname"]] = d.get("arg")
    return out


def _body_text(arg) -> str | None:
    if arg is None:
        return None
    if "List" in arg:
        items = _strings(arg["List"]["items"])
        return items[0] if items else None
    if "String" in arg:
        return arg["String"]["sval"]
    return None


def _dollar_wrap(body: str) -> str:
    tag = "$body_x$"
    while tag in body:
        tag = tag[:-1] + "x$"
    return tag + body + tag


def _stmt_text(raw: dict, sql: str) -> str:
    data = sql.encode()
    start = raw.get("stmt_location", 0)
    length = raw.get("stmt_len") or len(data) - start
    return data[start:start + length].decode()


def _plpgsql_function_text(raw: dict, sql: str) -> str | None:
    """A CREATE FUNCTION text libpg_query's PL/pgSQL parser accepts, for a plpgsql function or DO."""
    stmt = raw["stmt"]
    if "CreateFunctionStmt" in stmt:
        opts = _defelems(stmt["CreateFunctionStmt"].get("options"))
        lang = opts.get("language")
        if not lang or lang.get("String", {}).get("sval") != "plpgsql":
            return None
        return _stmt_text(raw, sql)
    if "DoStmt" in stmt:
        opts = _defelems(stmt["DoStmt"].get("args"))
        lang = opts.get("language")
        if lang and lang.get("String", {}).get("sval") != "plpgsql":
            return None
        body = _body_text(opts.get("as"))
        return f"create function do_block() returns void language plpgsql as {_dollar_wrap(body)}"
    return None


_ASSIGN = re.compile(r"^\s*[\w\"\.\[\]\s]+?\s*(:=|=)\s*", re.S)


def _plpgsql_sql(fn_text: str) -> list[str]:
    """The SQL texts inside a PL/pgSQL body (statements, expressions, constant EXECUTE strings)."""
    out: list[str] = []
    tree = json.loads(parse_plpgsql_json(fn_text))

    def visit(key, value):
        if key == "PLpgSQL_expr":
            q, mode = value["query"], value.get("parseMode", 0)
            if mode == 0:
                out.append(q)
            elif mode == 2:
                out.append("select " + q)
            else:  # an assignment "target := expr"
                out.append("select " + _ASSIGN.sub("", q, count=1))
        if key == "PLpgSQL_stmt_dynexecute":
            q = value["query"]["PLpgSQL_expr"]["query"]
            stmts = parse_sql("select " + q)
            target = stmts[0].stmt.targetList[0].val
            sval = getattr(getattr(target, "val", None), "sval", None)
            if sval is not None:
                out.append(sval)  # a constant EXECUTE string is SQL like any other

    _walk(tree, visit)
    return out


def _all_sql(sql: str) -> list[str]:
    """The script and, recursively, every SQL text inside its function bodies and DO blocks."""
    texts, todo = [], [sql]
    while todo:
        text = todo.pop()
        texts.append(text)
        for raw in _tree(text):
            stmt = raw["stmt"]
            fn = _plpgsql_function_text(raw, text)
            if fn is not None:
                todo.extend(_plpgsql_sql(fn))
                continue
            if "CreateFunctionStmt" in stmt:
                opts = _defelems(stmt["CreateFunctionStmt"].get("options"))
                lang = opts.get("language")
                if lang and lang["String"]["sval"] == "sql":
                    body = _body_text(opts.get("as"))
                    if body:
                        todo.append(body)
    return texts


def _created_functions(texts: list[str]) -> set[str]:
    names: set[str] = set()
    for text in texts:
        for raw in _tree(text):
            stmt = raw["stmt"]
            if "CreateFunctionStmt" in stmt:
                names.add(_strings(stmt["CreateFunctionStmt"]["funcname"])[-1])
            if "CreateRangeStmt" in stmt:  # a range type brings its constructor functions
                names.add(_strings(stmt["CreateRangeStmt"]["typeName"])[-1])
            if "RenameStmt" in stmt and stmt["RenameStmt"].get("renameType") == "OBJECT_FUNCTION":
                names.add(stmt["RenameStmt"]["newname"])
    return names


# ---------------------------------------------------------------------- size, ids, categories
def test_sizes():
    assert len(ATTACKS) >= 200
    assert len(LEGIT) >= 200


def test_entry_types():
    assert all(isinstance(a, Attack) for a in ATTACKS)
    assert all(isinstance(entry, Legit) for entry in LEGIT)


def test_ids_unique_and_well_formed():
    ids = [e.id for e in ATTACKS] + [e.id for e in LEGIT]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, dupes
    for e in ATTACKS:
        assert re.fullmatch(rf"attack\.{e.category}\.[a-z0-9_]+", e.id), e.id
    for e in LEGIT:
        assert re.fullmatch(rf"legit\.{e.category}\.[a-z0-9_]+", e.id), e.id


def test_no_duplicate_scripts():
    sqls = [" ".join(e.sql.split()) for e in ATTACKS + LEGIT]
    dupes = [s for s, n in Counter(sqls).items() if n > 1]
    assert not dupes, dupes


def test_attack_categories():
    counts = Counter(a.category for a in ATTACKS)
    assert set(counts) == ATTACK_CATEGORIES
    small = {c: n for c, n in counts.items() if n < 5}
    assert not small, small


def test_legit_categories():
    counts = Counter(entry.category for entry in LEGIT)
    assert set(counts) == LEGIT_CATEGORIES
    small = {c: n for c, n in counts.items() if n < 5}
    assert not small, small


def test_attacks_use_obfuscation():
    text = "\n".join(a.sql for a in ATTACKS)
    for needle in ['U&"', '"information_schema"', "/*", "$fn$", "$body$", "lateral", "::regclass",
                   "nextval('globex.", ").pg_read_file", "FROM GLOBEX", "INFORMATION_SCHEMA.TABLES"]:
        assert needle in text, needle


# ---------------------------------------------------------------------- parsing
@pytest.mark.parametrize("entry", ATTACKS + LEGIT, ids=lambda e: e.id)
def test_every_script_parses(entry):
    stmts = parse_sql(entry.sql)
    assert stmts


@pytest.mark.parametrize("entry", LEGIT, ids=lambda e: e.id)
def test_legit_bodies_parse(entry):
    """Every PL/pgSQL body and DO block of a legit script parses (the wall denies what doesn't)."""
    for text in _all_sql(entry.sql):
        for raw in _tree(text):
            fn = _plpgsql_function_text(raw, text)
            if fn is not None:
                parse_plpgsql_json(fn)


def test_attack_bodies_parse_or_fail_closed():
    """Attack bodies may be unparseable (the wall then denies them); count the parseable ones."""
    parsed = failed = 0
    for a in ATTACKS:
        for raw in _tree(a.sql):
            fn = _plpgsql_function_text(raw, a.sql)
            if fn is None:
                continue
            try:
                parse_plpgsql_json(fn)
                parsed += 1
            except ParseError:
                failed += 1
    assert parsed >= 20


# ---------------------------------------------------------------------- legit follows the data-model rules
def _create_and_add_columns(tree: list):
    """(table, ColumnDef) for CREATE TABLE columns and ALTER TABLE ... ADD COLUMN."""
    for raw in tree:
        stmt = raw["stmt"]
        if "CreateStmt" in stmt:
            c = stmt["CreateStmt"]
            for e in c.get("tableElts") or []:
                if "ColumnDef" in e:
                    yield c["relation"]["relname"], e["ColumnDef"]
        if "AlterTableStmt" in stmt:
            a = stmt["AlterTableStmt"]
            for cmd in a.get("cmds") or []:
                at = cmd["AlterTableCmd"]
                if at.get("subtype") == "AT_AddColumn":
                    yield a["relation"]["relname"], at["def"]["ColumnDef"]


@pytest.mark.parametrize("entry", LEGIT, ids=lambda e: e.id)
def test_legit_respects_data_model(entry):
    tree = _tree(entry.sql)
    for table, col in _create_and_add_columns(tree):
        name = col["colname"]
        assert name not in SYSTEM_FIELDS, f"{table}.{name} is a system field"
        assert not SECRET_COLUMN.search(name), f"{table}.{name} looks like a secret"
        for con in col.get("constraints") or []:
            pk = con["Constraint"].get("pktable")
            if pk:
                assert pk.get("schemaname") != "auth", "no foreign key to auth.users"
    for raw in tree:
        stmt = raw["stmt"]
        if "CreateStmt" in stmt:
            c = stmt["CreateStmt"]
            assert c["relation"]["relname"] not in CREDENTIAL_TABLES
            assert c["relation"].get("relpersistence", "p") == "p", "no temp/unlogged tables"
            for e in c.get("tableElts") or []:
                con = e.get("Constraint")
                if con and con["contype"] == "CONSTR_PRIMARY":
                    assert len(con["keys"]) >= 2, "only composite primary keys are declared"
                if con and con.get("pktable"):
                    assert con["pktable"].get("schemaname") != "auth"
                for cc in (e.get("ColumnDef") or {}).get("constraints") or []:
                    assert cc["Constraint"]["contype"] != "CONSTR_PRIMARY", "no single-column primary key"
        if "AlterTableStmt" in stmt:
            for cmd in stmt["AlterTableStmt"].get("cmds") or []:
                d = cmd["AlterTableCmd"].get("def") or {}
                if "Constraint" in d and d["Constraint"].get("pktable"):
                    assert d["Constraint"]["pktable"].get("schemaname") != "auth"


@pytest.mark.parametrize("entry", LEGIT, ids=lambda e: e.id)
def test_legit_names_are_snake_case(entry):
    names = []

    def visit(key, value):
        if key in ("idxname", "conname", "policy_name", "trigname", "newname", "colname") and isinstance(value, str):
            names.append(value)

    for raw in _tree(entry.sql):
        stmt = raw["stmt"]
        _walk(stmt, visit)
        for kind, field in (("CreateStmt", "relation"), ("ViewStmt", "view"), ("CreateSeqStmt", "sequence"),
                            ("CompositeTypeStmt", "typevar")):
            if kind in stmt:
                names.append(stmt[kind][field]["relname"])
        for kind, field in (("CreateFunctionStmt", "funcname"), ("CreateEnumStmt", "typeName"),
                            ("CreateRangeStmt", "typeName"), ("CreateDomainStmt", "domainname")):
            if kind in stmt:
                names.append(_strings(stmt[kind][field])[-1])
    bad = [n for n in names if not SNAKE.match(n)]
    assert not bad, bad


@pytest.mark.parametrize("entry", LEGIT, ids=lambda e: e.id)
def test_legit_only_calls_allowed_or_own_functions(entry):
    texts = _all_sql(entry.sql)
    own = _created_functions(texts)
    bad = []

    def visit(key, value):
        if key == "FuncCall":
            names = _strings(value["funcname"])
            schema, name = (names[0] if len(names) == 2 else None), names[-1]
            if schema == "auth":
                ok = name in builtins.AUTH_FUNCTIONS
            elif schema == "acme":
                ok = name in own
            elif schema in (None, "pg_catalog"):
                ok = builtins.is_allowed_function(name) or (schema is None and name in own)
            else:
                ok = False
            if not ok:
                bad.append(".".join(names))
        if isinstance(value, dict) and "names" in value and "typemod" in value:  # a TypeName
            names = _strings(value.get("names"))
            if names and (len(names) == 1 or names[0] == "pg_catalog"):
                if builtins.type_deny_reason(names[-1]):
                    bad.append("type " + ".".join(names))
            elif names and names[0] not in ("acme",):
                bad.append("type " + ".".join(names))

    for text in texts:
        _walk(_tree(text), visit)
    assert not bad, bad


@pytest.mark.parametrize("entry", LEGIT, ids=lambda e: e.id)
def test_legit_references_stay_in_acme(entry):
    """Qualified relation references in legit scripts name acme only (auth only via functions)."""
    bad = []

    def visit(key, value):
        if key == "RangeVar":
            schema = value.get("schemaname")
            if schema not in (None, "acme"):
                bad.append(f"{schema}.{value['relname']}")

    for text in _all_sql(entry.sql):
        _walk(_tree(text), visit)
    assert not bad, bad
