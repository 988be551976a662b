"""The parse wall: every statement of an execute_sql call, checked by the PostgreSQL parser.

The script is split into statements by libpg_query (pglast), and each statement's tree is
walked node by node, at every depth: relations, functions, types, casts, operators,
attribute-notation calls, CTEs, sub-queries, and the code that runs later (function and
procedure bodies, DO blocks, trigger functions, policies, defaults, CHECKs, generated
columns, index expressions). Default-deny: a statement kind runs only when it is on the
allow-list below, a built-in function only when ``builtins`` allows it, and any reference
outside the base's own schema is refused, except ``auth.uid()/role()/jwt()``.

A refusal is a :class:`Denied` with SQLSTATE 42501, a message naming what was refused, a
rule id (shown as ``DETAIL: rule: <id>``) and a hint saying what to do instead.

This module is pure: no ``plpy``, no database. What it needs to know about the server (the
names of pg_catalog's functions) comes in a :class:`Catalog`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pglast import ast, parse_sql, parser
from pglast.parser import ParseError

from dbagent_plpy import builtins
from dbagent_plpy.errors import ToolError

HINT_SCHEMA_TOOL = "Use agent.get_schema() to see your tables, columns, constraints and policies."
HINT_AUTH = (
    "Use auth.uid() (or auth.jwt()) instead of auth's tables; keep user data in a table of your "
    "own, e.g. profiles (id uuid primary key default auth.uid())."
)
HINT_ONE_CALL = "Each execute_sql call is one transaction: its statements commit together or not at all."


class GuardError(ToolError):
    """A statement the wall rejects: denied (42501), unparseable (42601) or too large (54xxx)."""


class Denied(GuardError):
    def __init__(self, rule: str, message: str, hint: str | None = None, **kw: Any) -> None:
        super().__init__("42501", message, rule=rule, hint=hint, **kw)


@dataclass(frozen=True)
class Catalog:
    """What the wall knows of the server's pg_catalog functions.

    ``functions``: every function name. ``attribute_callable``: the names that have an
    overload callable with one argument: PostgreSQL reads ``x.f`` as ``f(x)`` when x has no
    column f (``('/etc/passwd'::text).pg_read_file`` runs), so a column reference must not
    reach those unless they are allowed.
    """

    functions: frozenset[str]
    attribute_callable: frozenset[str]

    @classmethod
    def from_snapshot(cls) -> Catalog:
        """PostgreSQL 15's names, for use outside the server."""
        from dbagent_plpy import pg15_functions

        sigs = pg15_functions.PG15_SIGNATURES
        one_arg = frozenset(name for name, overloads in sigs.items() if any(len(o.argtypes) == 1 for o in overloads))
        return cls(functions=frozenset(sigs), attribute_callable=one_arg)

    QUERY = """
        select array_agg(distinct p.proname::text) as functions,
               array_agg(distinct p.proname::text) filter (
                   where p.pronargs >= 1 and p.pronargs - p.pronargdefaults <= 1 or p.provariadic <> 0
               ) as attribute_callable
        from pg_catalog.pg_proc p
        where p.pronamespace = 'pg_catalog'::pg_catalog.regnamespace
    """


@dataclass(frozen=True)
class Limits:
    statement_timeout_ms: int = 30_000
    lock_timeout_ms: int = 5_000


@dataclass
class Statement:
    """One checked statement, ready for the executor."""

    index: int
    sql: str
    node: ast.Node
    kind: str
    tag: str
    returns_rows: bool
    notices: list[str] = field(default_factory=list)
    rewritten: bool = False
    # SET LOCAL statement_timeout / lock_timeout, handled by dbagent itself: (name, ms)
    set_local: tuple[str, int] | None = None


# Statement kinds an agent may run; each may have extra checks in Checker.
ALLOWED_STATEMENTS = frozenset({
    "SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt",
    "CreateStmt", "AlterTableStmt", "CreateSeqStmt", "AlterSeqStmt", "ViewStmt", "IndexStmt",
    "CreateFunctionStmt", "AlterFunctionStmt", "DoStmt", "CreateTrigStmt",
    "CreatePolicyStmt", "AlterPolicyStmt", "GrantStmt", "AlterDefaultPrivilegesStmt",
    "CommentStmt", "DropStmt", "RenameStmt", "CompositeTypeStmt", "CreateEnumStmt",
    "CreateRangeStmt", "AlterEnumStmt", "CreateDomainStmt", "AlterDomainStmt", "TruncateStmt",
    "LockStmt", "ExplainStmt", "CallStmt", "VacuumStmt", "CreateStatsStmt", "VariableSetStmt",
    "ConstraintsSetStmt", "ReturnStmt", "AlterStatsStmt",
})

# Refused kinds with a specific rule and hint (everything else: rule statement_not_allowed).
DENIED_STATEMENTS: dict[str, tuple[str, str]] = {
    "TransactionStmt": ("transaction_control", HINT_ONE_CALL),
    "VariableShowStmt": ("settings", "Settings are not readable; agent.get_project() and agent.get_schema() describe your base."),
    "CopyStmt": ("copy", "Load CSV data with agent.import_csv(); read rows with SELECT."),
    "CreateSchemaStmt": ("schema_ddl", "Your base is one schema: create tables in it (unqualified names)."),
    "CreateExtensionStmt": ("extension", "Extensions are installed by the administrator of the server."),
    "AlterExtensionStmt": ("extension", "Extensions are installed by the administrator of the server."),
    "AlterExtensionContentsStmt": ("extension", "Extensions are installed by the administrator of the server."),
    "CreatedbStmt": ("database_ddl", "Your base is one schema of a shared database."),
    "DropdbStmt": ("database_ddl", "Your base is one schema of a shared database."),
    "AlterDatabaseStmt": ("database_ddl", "Your base is one schema of a shared database."),
    "AlterDatabaseSetStmt": ("database_ddl", "Your base is one schema of a shared database."),
    "AlterDatabaseRefreshCollStmt": ("database_ddl", "Your base is one schema of a shared database."),
    "CreateRoleStmt": ("role_ddl", "Application users belong to the platform's auth system; policies use auth.uid()."),
    "AlterRoleStmt": ("role_ddl", "Application users belong to the platform's auth system; policies use auth.uid()."),
    "AlterRoleSetStmt": ("role_ddl", "Application users belong to the platform's auth system; policies use auth.uid()."),
    "DropRoleStmt": ("role_ddl", "Application users belong to the platform's auth system; policies use auth.uid()."),
    "GrantRoleStmt": ("role_ddl", "Grant privileges on your objects to anon or authenticated instead."),
    "ReassignOwnedStmt": ("ownership", "Objects of your base are owned by its owner role; ownership does not change."),
    "DropOwnedStmt": ("ownership", "Drop your objects by name."),
    "AlterOwnerStmt": ("ownership", "Objects of your base are owned by its owner role; ownership does not change."),
    "AlterObjectSchemaStmt": ("schema_access", "Objects stay in your base's schema."),
    "AlterSystemStmt": ("server_admin", "Server settings belong to the administrator."),
    "LoadStmt": ("server_admin", "Loading server libraries is not possible from a base."),
    "CreatePLangStmt": ("untrusted_language", "Write functions in sql or plpgsql."),
    "CreateCastStmt": ("database_ddl", "Casts are database-wide: use an explicit function of your own instead."),
    "CreateEventTrigStmt": ("server_admin", "Use an ordinary trigger on your own table."),
    "AlterEventTrigStmt": ("server_admin", "Use an ordinary trigger on your own table."),
    "CreateFdwStmt": ("server_admin", "Foreign data is not reachable from a base."),
    "CreateForeignServerStmt": ("server_admin", "Foreign data is not reachable from a base."),
    "CreateUserMappingStmt": ("server_admin", "Foreign data is not reachable from a base."),
    "CreateForeignTableStmt": ("server_admin", "Foreign data is not reachable from a base."),
    "ImportForeignSchemaStmt": ("server_admin", "Foreign data is not reachable from a base."),
    "CreatePublicationStmt": ("server_admin", "Replication belongs to the administrator."),
    "CreateSubscriptionStmt": ("server_admin", "Replication belongs to the administrator."),
    "CreateTableSpaceStmt": ("server_admin", "Tablespaces belong to the administrator."),
    "CheckPointStmt": ("server_admin", "Checkpoints belong to the administrator."),
    "DiscardStmt": ("settings", "Session state is not yours to change: each call starts clean."),
    "ClusterStmt": ("maintenance", "Not needed: indexes keep your queries fast."),
    "ReindexStmt": ("maintenance", "Not needed: PostgreSQL maintains indexes."),
    "SecLabelStmt": ("server_admin", "Security labels belong to the administrator."),
    "ListenStmt": ("notify", "Notification channels are database-wide; not available to a base."),
    "UnlistenStmt": ("notify", "Notification channels are database-wide; not available to a base."),
    "NotifyStmt": ("notify", "Notification channels are database-wide; not available to a base."),
    "PrepareStmt": ("session_state", "Send the statement itself; each call is parsed and checked."),
    "ExecuteStmt": ("session_state", "Send the statement itself; each call is parsed and checked."),
    "DeallocateStmt": ("session_state", "Send the statement itself; each call is parsed and checked."),
    "DeclareCursorStmt": ("session_state", "Use SELECT with LIMIT/OFFSET; results are capped by max_rows."),
    "FetchStmt": ("session_state", "Use SELECT with LIMIT/OFFSET; results are capped by max_rows."),
    "ClosePortalStmt": ("session_state", "Use SELECT with LIMIT/OFFSET; results are capped by max_rows."),
    "RuleStmt": ("rule", "Rules rewrite queries invisibly: use a trigger instead."),
    "CreateTableAsStmt": (
        "create_table_as",
        "Create the table first (create table t (...)), then fill it: insert into t (...) select ...",
    ),
    "RefreshMatViewStmt": ("materialized_view", "Materialized views bypass row level security: use a view with security_invoker = true."),
    "DefineStmt": ("database_ddl", "Aggregates, operators, base types and collations are not available; use functions."),
    "CreateTransformStmt": ("database_ddl", "Not available to a base."),
    "CreateAmStmt": ("server_admin", "Not available to a base."),
    "CreateOpClassStmt": ("database_ddl", "Not available to a base."),
    "CreateOpFamilyStmt": ("database_ddl", "Not available to a base."),
    "AlterOpFamilyStmt": ("database_ddl", "Not available to a base."),
    "AlterOperatorStmt": ("database_ddl", "Not available to a base."),
    "AlterTSConfigurationStmt": ("database_ddl", "Not available to a base."),
    "AlterTSDictionaryStmt": ("database_ddl", "Not available to a base."),
    "CreateConversionStmt": ("database_ddl", "Not available to a base."),
    "AlterCollationStmt": ("database_ddl", "Not available to a base."),
    "AlterTableSpaceOptionsStmt": ("server_admin", "Tablespaces belong to the administrator."),
    "AlterTableMoveAllStmt": ("server_admin", "Tablespaces belong to the administrator."),
    "DropTableSpaceStmt": ("server_admin", "Tablespaces belong to the administrator."),
    "DropSubscriptionStmt": ("server_admin", "Replication belongs to the administrator."),
    "AlterSubscriptionStmt": ("server_admin", "Replication belongs to the administrator."),
    "AlterPublicationStmt": ("server_admin", "Replication belongs to the administrator."),
    "DropUserMappingStmt": ("server_admin", "Foreign data is not reachable from a base."),
    "AlterUserMappingStmt": ("server_admin", "Foreign data is not reachable from a base."),
    "AlterFdwStmt": ("server_admin", "Foreign data is not reachable from a base."),
    "AlterForeignServerStmt": ("server_admin", "Foreign data is not reachable from a base."),
    "PLAssignStmt": ("statement_not_allowed", "Not a statement on its own."),
}

# Schema changes run only as top-level statements, where the data-model rules apply.
NESTED_DENIED = frozenset({
    "CreateStmt", "AlterTableStmt", "CreateSeqStmt", "AlterSeqStmt", "ViewStmt", "IndexStmt",
    "CreateFunctionStmt", "AlterFunctionStmt", "CreateTrigStmt", "CreatePolicyStmt", "AlterPolicyStmt",
    "GrantStmt", "AlterDefaultPrivilegesStmt", "CommentStmt", "DropStmt", "RenameStmt", "CompositeTypeStmt",
    "CreateEnumStmt", "CreateRangeStmt", "AlterEnumStmt", "CreateDomainStmt", "AlterDomainStmt",
    "CreateStatsStmt", "AlterStatsStmt", "DoStmt",
})

TAGS = {
    "SelectStmt": "SELECT", "InsertStmt": "INSERT", "UpdateStmt": "UPDATE", "DeleteStmt": "DELETE",
    "MergeStmt": "MERGE", "CreateStmt": "CREATE TABLE", "CreateSeqStmt": "CREATE SEQUENCE",
    "AlterSeqStmt": "ALTER SEQUENCE", "ViewStmt": "CREATE VIEW", "IndexStmt": "CREATE INDEX",
    "CreateFunctionStmt": "CREATE FUNCTION", "AlterFunctionStmt": "ALTER FUNCTION", "DoStmt": "DO",
    "CreateTrigStmt": "CREATE TRIGGER", "CreatePolicyStmt": "CREATE POLICY", "AlterPolicyStmt": "ALTER POLICY",
    "GrantStmt": "GRANT", "AlterDefaultPrivilegesStmt": "ALTER DEFAULT PRIVILEGES", "CommentStmt": "COMMENT",
    "RenameStmt": "ALTER", "CompositeTypeStmt": "CREATE TYPE", "CreateEnumStmt": "CREATE TYPE",
    "CreateRangeStmt": "CREATE TYPE", "AlterEnumStmt": "ALTER TYPE", "CreateDomainStmt": "CREATE DOMAIN",
    "AlterDomainStmt": "ALTER DOMAIN", "TruncateStmt": "TRUNCATE TABLE", "LockStmt": "LOCK TABLE",
    "ExplainStmt": "EXPLAIN", "CallStmt": "CALL", "VacuumStmt": "ANALYZE", "CreateStatsStmt": "CREATE STATISTICS",
    "AlterStatsStmt": "ALTER STATISTICS", "VariableSetStmt": "SET", "ConstraintsSetStmt": "SET CONSTRAINTS",
    "AlterTableStmt": "ALTER TABLE", "DropStmt": "DROP",
}

# Object kinds whose names are [schema.]table.<name> (a name defined on a table).
_ON_TABLE_OBJECTS = {"OBJECT_COLUMN", "OBJECT_POLICY", "OBJECT_TRIGGER", "OBJECT_TABCONSTRAINT", "OBJECT_RULE"}
_SCHEMA_LEVEL_OBJECTS = {
    "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_INDEX", "OBJECT_SEQUENCE", "OBJECT_TYPE", "OBJECT_DOMAIN",
    "OBJECT_STATISTIC_EXT", "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE",
    "OBJECT_DOMCONSTRAINT",
}
_DENIED_OBJECTS = {
    "OBJECT_SCHEMA": ("schema_ddl", "Your base's schema itself cannot be changed or dropped."),
    "OBJECT_EXTENSION": ("extension", "Extensions are installed by the administrator of the server."),
    "OBJECT_DATABASE": ("database_ddl", "Your base is one schema of a shared database."),
    "OBJECT_ROLE": ("role_ddl", "Roles belong to the administrator."),
    "OBJECT_TABLESPACE": ("server_admin", "Tablespaces belong to the administrator."),
    "OBJECT_MATVIEW": ("materialized_view", "Materialized views bypass row level security: use a view with security_invoker = true."),
    "OBJECT_FOREIGN_TABLE": ("server_admin", "Foreign data is not reachable from a base."),
    "OBJECT_LARGEOBJECT": ("large_object", "Store binary data in a bytea column."),
    "OBJECT_LANGUAGE": ("untrusted_language", "Write functions in sql or plpgsql."),
    "OBJECT_EVENT_TRIGGER": ("server_admin", "Use an ordinary trigger on your own table."),
    "OBJECT_CAST": ("database_ddl", "Casts are database-wide."),
    "OBJECT_AGGREGATE": ("database_ddl", "Aggregates are not available to a base."),
    "OBJECT_OPERATOR": ("database_ddl", "Operators are not available to a base."),
    "OBJECT_COLLATION": ("database_ddl", "Collations are not available to a base."),
    "OBJECT_CONVERSION": ("database_ddl", "Not available to a base."),
    "OBJECT_PUBLICATION": ("server_admin", "Replication belongs to the administrator."),
    "OBJECT_SUBSCRIPTION": ("server_admin", "Replication belongs to the administrator."),
    "OBJECT_FDW": ("server_admin", "Foreign data is not reachable from a base."),
    "OBJECT_FOREIGN_SERVER": ("server_admin", "Foreign data is not reachable from a base."),
    "OBJECT_ACCESS_METHOD": ("server_admin", "Not available to a base."),
    "OBJECT_PARAMETER_ACL": ("settings", "Settings belong to the administrator."),
    "OBJECT_TSCONFIGURATION": ("database_ddl", "Not available to a base."),
    "OBJECT_TSDICTIONARY": ("database_ddl", "Not available to a base."),
    "OBJECT_TSPARSER": ("database_ddl", "Not available to a base."),
    "OBJECT_TSTEMPLATE": ("database_ddl", "Not available to a base."),
    "OBJECT_TRANSFORM": ("database_ddl", "Not available to a base."),
    "OBJECT_OPCLASS": ("database_ddl", "Not available to a base."),
    "OBJECT_OPFAMILY": ("database_ddl", "Not available to a base."),
    "OBJECT_USER_MAPPING": ("server_admin", "Not available to a base."),
}

# EXPLAIN options a base may use (SETTINGS would show the server's non-default settings).
EXPLAIN_OPTIONS = frozenset({"analyze", "verbose", "costs", "buffers", "wal", "timing", "summary", "format"})

# PL/pgSQL condition names (and SQLSTATEs) that would catch the statement clock's cancel: 57014
# itself and its class 57000 (WHEN OTHERS does not catch a cancel).
CANCEL_CONDITIONS = frozenset({"query_canceled", "57014", "operator_intervention", "57000"})

_GRANT_PRIVILEGES = {"select", "insert", "update", "delete", "usage", "execute", "references"}
_TRUE = {"true", "on", "1", "yes", "t"}
_PLPGSQL_DYNAMIC = {
    ("PLpgSQL_stmt_dynexecute", "query"),
    ("PLpgSQL_stmt_dynfors", "query"),
    ("PLpgSQL_stmt_open", "dynquery"),
    ("PLpgSQL_stmt_return_query", "dynquery"),
}


def _enum_name(value: Any) -> str:
    return getattr(value, "name", None) or str(value)


def _strings(items: Any) -> list[str]:
    """The names of a List/tuple of String nodes (a qualified name)."""
    out: list[str] = []
    for it in items or ():
        if isinstance(it, ast.String):
            out.append(it.sval)
        elif isinstance(it, str):
            out.append(it)
        else:
            return []
    return out


def node_slots(cls: type) -> tuple[str, ...]:
    cached = _SLOTS.get(cls)
    if cached is None:
        names = []
        for name, info in getattr(cls, "__slots__", {}).items():
            c_type = getattr(info, "c_type", "")
            if "*" in c_type or c_type in ("Node", "List"):
                names.append(name)
        cached = tuple(names)
        _SLOTS[cls] = cached
    return cached


_SLOTS: dict[type, tuple[str, ...]] = {}


def nodes(root: Any) -> Iterator[ast.Node]:
    """Every syntax-tree node under ROOT (a node, or a list of them), at every depth, ROOT's first."""
    stack = [root]
    while stack:
        n = stack.pop()
        if isinstance(n, (tuple, list)):
            stack.extend(n)
            continue
        if not isinstance(n, ast.Node):
            continue
        yield n
        for attr in node_slots(type(n)):
            v = getattr(n, attr)
            if isinstance(v, (ast.Node, tuple, list)):
                stack.append(v)


def split_statements(sql: str) -> list[tuple[str, ast.RawStmt]]:
    """Split SQL into (text, RawStmt) pairs with the PostgreSQL parser; each tree is the tree of
    exactly that text.

    What runs must be what was checked, whatever the script holds (multi-byte text, comments,
    quoting): a script of one statement runs as it was given; in a script of several, each
    statement's text is cut at the parser's own boundaries (libpg_query's JSON counts UTF-8
    bytes, so the bytes are cut) and parsed again on its own, and that tree is the one the wall
    checks.
    """
    if ";" not in sql:  # statements are separated by semicolons: this is one (or none)
        return [(sql, rs) for rs in parse_sql(sql)]
    located = json.loads(parser.parse_sql_json(sql)).get("stmts", [])
    if len(located) <= 1:
        return [(sql, rs) for rs in parse_sql(sql)]
    raw = sql.encode("utf-8")
    out: list[tuple[str, ast.RawStmt]] = []
    for s in located:
        start = s.get("stmt_location", 0)
        end = start + s["stmt_len"] if s.get("stmt_len") else len(raw)
        try:
            text = raw[start:end].decode("utf-8").strip()
        except UnicodeDecodeError:
            text = ""
        again = parse_sql(text) if text else []
        if len(again) != 1:
            raise GuardError("XX000", "internal error: a statement of the script did not split cleanly",
                             hint="Send the statements in separate calls, and report this to dbagent's developers.")
        out.append((text, again[0]))
    return out


def at_most_one_statement(sql: str) -> bool:
    """Whether SQL holds no second statement (trailing semicolons and comments allowed).

    The executors' own check, independent of how the script was split: a semicolon followed by
    anything but comments and semicolons means a second statement, unless the parser says the
    semicolons belong to one statement (a BEGIN ATOMIC body).
    """
    if ";" not in sql:  # statements are separated by semicolons
        return True
    try:
        tokens = parser.scan(sql)
    except ParseError:
        return False
    seen = False
    semicolon = False
    for t in tokens:
        if t.name in _TRIVIA:
            continue
        if t.name == "ASCII_59":
            semicolon = seen
            continue
        if semicolon:
            try:
                return len(parse_sql(sql)) <= 1
            except ParseError:
                return False
        seen = True
    return True


_TRIVIA = frozenset({"SQL_COMMENT", "C_COMMENT"})

# The column wrap_returning adds: how many rows the statement returned in all.
TOTAL_COLUMN = "dbagent_rows_total_7c1e"


def wrap_returning(sql: str) -> str:
    """INSERT/UPDATE/DELETE/MERGE ... RETURNING as a WITH query, so that it runs to completion while
    at most max_rows + 1 rows are fetched, and its last column counts every row it returned.

    SQL is one complete statement (the executor checked it): it sits verbatim between the
    parentheses, on lines of its own, so a trailing comment cannot reach the wrapper.
    """
    return (
        f"with dbagent_q as (\n{sql}\n), dbagent_n as (select count(*) as {TOTAL_COLUMN} from dbagent_q) "
        f"select dbagent_q.*, dbagent_n.{TOTAL_COLUMN} from dbagent_q, dbagent_n"
    )


class Checker:
    """Walks statements of one base. Raises Denied on the first refusal."""

    def __init__(self, schema: str, catalog: Catalog, limits: Limits | None = None,
                 own_function: Callable[[str], bool] | None = None) -> None:
        self.schema = schema
        self.catalog = catalog
        self.limits = limits or Limits()
        self.depth = 0
        # Whether the base's schema has a function of this name (asked only for names that are
        # not allowed built-ins); without one, only functions the script creates resolve.
        self.own_function = own_function or (lambda name: False)
        self.script_functions: set[str] = set()

    # ------------------------------------------------------------------ entry points
    def check_script(self, sql: str) -> list[Statement]:
        try:
            parts = split_statements(sql)
        except ParseError as e:
            message = str(e).split(", at index")[0]
            if "memory exhausted" in message or "stack depth" in message:
                raise GuardError("54001", "statement is too deeply nested",
                                 hint="Simplify the expression (fewer nested parentheses or sub-queries).") from None
            raise GuardError("42601", message, detail=_parse_location(sql, e),
                             hint="Fix the syntax; statements are parsed by PostgreSQL's own parser.") from None
        except RecursionError:
            raise GuardError("54001", "statement is too deeply nested",
                             hint="Simplify the expression (fewer nested parentheses or sub-queries).") from None
        self.script_functions = _created_functions(rs.stmt for _, rs in parts)
        out = []
        for i, (text, rs) in enumerate(parts, start=1):
            node = rs.stmt
            kind = type(node).__name__
            try:
                self.statement(node, top=True)
            except GuardError as e:
                e.statement = i
                e.statement_sql = text
                raise
            except RecursionError:
                raise GuardError("54001", "statement is too deeply nested", statement=i,
                                 hint="Simplify the expression (fewer nested parentheses or sub-queries).") from None
            st = Statement(
                index=i, sql=text, node=node, kind=kind, tag=self.tag(node), returns_rows=_returns_rows(node)
            )
            if isinstance(node, ast.VariableSetStmt):
                st.set_local = (node.name, _setting_ms(node))
            out.append(st)
        return out

    @staticmethod
    def tag(node: ast.Node) -> str:
        kind = type(node).__name__
        if isinstance(node, ast.DropStmt):
            return "DROP " + _enum_name(node.removeType).removeprefix("OBJECT_").replace("_", " ")
        if isinstance(node, ast.AlterTableStmt):
            return "ALTER " + _enum_name(node.objtype).removeprefix("OBJECT_").replace("_", " ")
        if isinstance(node, ast.RenameStmt):
            return "ALTER " + _enum_name(node.renameType).removeprefix("OBJECT_").replace("_", " ")
        if isinstance(node, ast.CreateFunctionStmt) and node.is_procedure:
            return "CREATE PROCEDURE"
        return TAGS.get(kind, kind)

    # ------------------------------------------------------------------ statements
    def statement(self, node: ast.Node, top: bool = False) -> None:
        kind = type(node).__name__
        if kind == "CreateTableAsStmt" and _enum_name(node.objtype) == "OBJECT_MATVIEW":
            rule, hint = _DENIED_OBJECTS["OBJECT_MATVIEW"]
            raise Denied(rule, "materialized views are not allowed", hint)
        if kind not in ALLOWED_STATEMENTS:
            rule, hint = DENIED_STATEMENTS.get(
                kind, ("statement_not_allowed", "Use DDL and DML on your base's own objects.")
            )
            raise Denied(rule, f"statement {self.tag(node)} is not allowed", hint)
        if self.depth > 0 and kind in NESTED_DENIED:
            raise Denied(
                "ddl_in_body",
                f"{self.tag(node)} inside a function body or DO block is not allowed",
                "Send schema changes as statements of their own to execute_sql, where dbagent applies its "
                "rules (system fields, row level security, names); keep functions and DO blocks for data.",
            )
        check = getattr(self, "stmt_" + kind, None)
        if check is not None:
            check(node)
        if kind == "AlterDefaultPrivilegesStmt":
            return  # its action was checked as a GRANT above
        self.children(node)

    def stmt_SelectStmt(self, node: ast.SelectStmt) -> None:
        if node.intoClause is not None:
            raise Denied("create_table_as", "SELECT INTO is not allowed", DENIED_STATEMENTS["CreateTableAsStmt"][1])

    def stmt_CreateStmt(self, node: ast.CreateStmt) -> None:
        self.check_persistence(node.relation)
        if node.tablespacename:
            raise Denied("server_admin", "tablespaces are not available", "Leave out TABLESPACE.")
        if node.accessMethod and node.accessMethod != "heap":
            raise Denied("server_admin", f'table access method "{node.accessMethod}" is not available', "Leave out USING.")

    def stmt_ViewStmt(self, node: ast.ViewStmt) -> None:
        self.check_persistence(node.view)
        invoker = False
        for opt in node.options or ():
            if isinstance(opt, ast.DefElem) and opt.defname == "security_invoker":
                invoker = opt.arg is None or _defelem_str(opt.arg).lower() in _TRUE
        if not invoker:
            name = node.view.relname
            raise Denied(
                "view_security_invoker",
                f'view "{name}" must be created with security_invoker = true',
                f"Views run with their owner's rights otherwise, which bypasses row level security: "
                f"create view {name} with (security_invoker = true) as ...",
            )

    def stmt_AlterTableStmt(self, node: ast.AlterTableStmt) -> None:
        objtype = _enum_name(node.objtype)
        if objtype in _DENIED_OBJECTS:
            rule, hint = _DENIED_OBJECTS[objtype]
            raise Denied(rule, f"ALTER {objtype.removeprefix('OBJECT_').replace('_', ' ')} is not allowed", hint)
        for cmd in node.cmds or ():
            sub = _enum_name(cmd.subtype)
            if sub in ("AT_DisableRowSecurity", "AT_NoForceRowSecurity"):
                raise Denied(
                    "rls_disable",
                    f'row level security cannot be turned off on "{node.relation.relname}"',
                    "Every table keeps row level security enabled and forced: write policies for "
                    "authenticated (using (select auth.uid()) ...) to decide who sees what.",
                )
            if sub == "AT_ChangeOwner":
                raise Denied("ownership", "ownership changes are not allowed",
                             DENIED_STATEMENTS["AlterOwnerStmt"][1])
            if sub in ("AT_SetTableSpace", "AT_SetAccessMethod"):
                raise Denied("server_admin", "tablespaces and access methods are not available", "Leave them out.")
            if sub in ("AT_DisableTrigAll", "AT_EnableTrigAll", "AT_DisableTrigUser", "AT_EnableTrigUser"):
                raise Denied("trigger_control", "enabling or disabling all triggers at once is not allowed",
                             "Drop or disable your own trigger by name.")
            if sub in ("AT_GenericOptions",):
                raise Denied("server_admin", "foreign table options are not available", "Leave them out.")
            if sub in ("AT_SetRelOptions", "AT_ResetRelOptions", "AT_ReplaceRelOptions") and cmd.def_:
                for opt in cmd.def_:
                    if isinstance(opt, ast.DefElem) and opt.defname == "security_invoker":
                        value = "false" if sub == "AT_ResetRelOptions" else (
                            "true" if opt.arg is None else _defelem_str(opt.arg).lower())
                        if value not in _TRUE:
                            raise Denied(
                                "view_security_invoker",
                                f'view "{node.relation.relname}" must keep security_invoker = true',
                                "Views run with their owner's rights otherwise, which bypasses row level security.",
                            )

    def stmt_IndexStmt(self, node: ast.IndexStmt) -> None:
        if node.concurrent:
            raise Denied("concurrently", "CREATE INDEX CONCURRENTLY cannot run inside a transaction",
                         "Leave out CONCURRENTLY: execute_sql runs every call in one transaction.")
        if node.tableSpace:
            raise Denied("server_admin", "tablespaces are not available", "Leave out TABLESPACE.")
        for param in node.indexParams or ():
            if isinstance(param, ast.IndexElem) and param.opclass:
                self.check_qualified(_strings(param.opclass), "operator class")

    def stmt_CreateSeqStmt(self, node: ast.CreateSeqStmt) -> None:
        self.check_persistence(node.sequence)
        self.check_seq_options(node.options)

    def stmt_AlterSeqStmt(self, node: ast.AlterSeqStmt) -> None:
        self.check_seq_options(node.options)

    def check_seq_options(self, options: Any) -> None:
        for opt in options or ():
            if isinstance(opt, ast.DefElem) and opt.defname == "owned_by":
                names = _strings(opt.arg)
                if len(names) >= 3:
                    self.check_schema(names[-3], what="table")

    def stmt_CreateFunctionStmt(self, node: ast.CreateFunctionStmt) -> None:
        names = _strings(node.funcname)
        self.check_qualified(names, "function")
        language = None
        body: list[str] = []
        for opt in node.options or ():
            if not isinstance(opt, ast.DefElem):
                continue
            if opt.defname == "language":
                language = _defelem_str(opt.arg).lower()
            elif opt.defname == "as":
                body = _strings(opt.arg) if isinstance(opt.arg, (tuple, list)) else [_defelem_str(opt.arg)]
            elif opt.defname == "security" and _defelem_bool(opt.arg):
                raise Denied(
                    "security_definer",
                    f'function "{names[-1]}" cannot be SECURITY DEFINER',
                    "Leave it SECURITY INVOKER (the default): a definer function would run your code with "
                    "your base owner's rights for whoever calls it.",
                )
            elif opt.defname == "leakproof" and _defelem_bool(opt.arg):
                raise Denied("leakproof", f'function "{names[-1]}" cannot be LEAKPROOF',
                             "Leave out LEAKPROOF: it lets row level security push the function below policies.")
            elif opt.defname == "set":
                self.check_function_set(opt.arg)
            elif opt.defname in ("support", "transform"):
                raise Denied("server_admin", f"{opt.defname.upper()} clauses are not available", "Leave them out.")
        if node.sql_body is not None:
            language = language or "sql"
        if language not in builtins.ALLOWED_LANGUAGES:
            raise Denied(
                "untrusted_language",
                f'language "{language}" is not allowed' if language else "a function needs LANGUAGE sql or plpgsql",
                "Write functions in sql or plpgsql.",
            )
        if node.sql_body is None:
            if len(body) != 1:
                raise Denied("untrusted_language", "only a function body in sql or plpgsql is allowed",
                             "Give the body as one string: as $$ ... $$.")
            if language == "sql":
                self.check_sql_body(body[0])
            else:
                self.check_plpgsql(self.function_head(node), body[0])

    def stmt_AlterFunctionStmt(self, node: ast.AlterFunctionStmt) -> None:
        for opt in node.actions or ():
            if not isinstance(opt, ast.DefElem):
                continue
            if opt.defname == "security" and _defelem_bool(opt.arg):
                raise Denied("security_definer", "functions cannot be SECURITY DEFINER",
                             "Leave them SECURITY INVOKER (the default).")
            if opt.defname == "leakproof" and _defelem_bool(opt.arg):
                raise Denied("leakproof", "functions cannot be LEAKPROOF", "Leave out LEAKPROOF.")
            if opt.defname == "set":
                self.check_function_set(opt.arg)
            if opt.defname == "support":
                raise Denied("server_admin", "SUPPORT clauses are not available", "Leave them out.")

    def check_function_set(self, arg: Any) -> None:
        if not isinstance(arg, ast.VariableSetStmt):
            raise Denied("function_set", "this SET clause is not allowed", "Only SET search_path = '' is allowed.")
        name = (arg.name or "").lower()
        kind = _enum_name(arg.kind)
        values = [_const_str(a) for a in arg.args or ()]
        ok = name == "search_path" and kind == "VAR_SET_VALUE" and values and all(v is not None for v in values)
        if ok:
            names = [v.strip().strip('"') for v in values]  # type: ignore[union-attr]
            ok = names in ([""], [self.schema], [self.schema, "pg_temp"])
        if not ok:
            raise Denied(
                "function_set",
                f'function SET clause for "{name}" is not allowed',
                f"A function may only pin its search path: SET search_path = '' (qualify names) or "
                f"SET search_path = {self.schema}. Other settings, and request.jwt.claims above all, "
                f"are not yours to set.",
            )

    @staticmethod
    def function_head(node: ast.CreateFunctionStmt) -> str:
        """The CREATE FUNCTION statement without its body, language and SET clauses."""
        import copy

        from pglast.stream import RawStream

        clone = copy.copy(node)
        clone.options = tuple(
            o for o in (node.options or ())
            if not (isinstance(o, ast.DefElem) and o.defname in ("as", "set", "language"))
        )
        return RawStream()(clone)

    def stmt_DoStmt(self, node: ast.DoStmt) -> None:
        language, body = "plpgsql", None
        for opt in node.args or ():
            if opt.defname == "language":
                language = _defelem_str(opt.arg).lower()
            elif opt.defname == "as":
                body = _defelem_str(opt.arg)
        if language != "plpgsql":
            raise Denied("untrusted_language", f'DO blocks in language "{language}" are not allowed',
                         "Write DO blocks in plpgsql.")
        self.check_plpgsql("CREATE FUNCTION dbagent_do() RETURNS void", body or "")

    def stmt_CreateTrigStmt(self, node: ast.CreateTrigStmt) -> None:
        names = _strings(node.funcname)
        if len(names) >= 2 and names[-2] == "pg_catalog" or (len(names) == 1 and names[0] in self.catalog.functions):
            if names[-1] not in builtins.ALLOWED_TRIGGER_FUNCTIONS:
                raise Denied("function_not_allowed", f"trigger function {names[-1]}() is not allowed",
                             "Write the trigger function in plpgsql in your own schema.")
            return
        self.check_qualified(names, "function")
        if len(names) == 1 or names[0] == self.schema:
            self.check_own_function(names[-1])

    def stmt_CreatePolicyStmt(self, node: Any) -> None:
        self.check_policy_roles(node.roles)

    def stmt_AlterPolicyStmt(self, node: Any) -> None:
        self.check_policy_roles(node.roles)

    def check_policy_roles(self, roles: Any) -> None:
        for r in roles or ():
            kind = _enum_name(r.roletype)
            if kind == "ROLESPEC_PUBLIC":
                continue
            if kind == "ROLESPEC_CSTRING" and r.rolename in builtins.GRANTEE_ROLES:
                continue
            raise Denied(
                "policy_role",
                f'policies may apply to anon, authenticated or public, not to "{r.rolename or kind}"',
                "Write policies for authenticated (signed-in users) or anon, using (select auth.uid()).",
            )

    def stmt_GrantStmt(self, node: Any, *, default_privileges: bool = False) -> None:
        objtype = _enum_name(node.objtype)
        targtype = _enum_name(node.targtype)
        if node.grant_option and node.is_grant:
            raise Denied("grant_scope", "WITH GRANT OPTION is not allowed", "Grant privileges without GRANT OPTION.")
        if objtype not in ("OBJECT_TABLE", "OBJECT_SEQUENCE", "OBJECT_FUNCTION", "OBJECT_PROCEDURE",
                           "OBJECT_ROUTINE", "OBJECT_TYPE", "OBJECT_DOMAIN", "OBJECT_SCHEMA"):
            rule, hint = _DENIED_OBJECTS.get(objtype, ("grant_scope", "Grant privileges on your own tables, sequences, functions and types."))
            raise Denied(rule, f"GRANT on {objtype.removeprefix('OBJECT_').lower()} is not allowed", hint)
        for g in node.grantees or ():
            kind = _enum_name(g.roletype)
            ok = (kind == "ROLESPEC_CSTRING" and g.rolename in builtins.GRANTEE_ROLES) or (
                kind == "ROLESPEC_PUBLIC" and not node.is_grant)
            if not ok:
                raise Denied(
                    "grant_scope",
                    f'privileges may be granted to anon and authenticated only, not to "{g.rolename or kind.removeprefix("ROLESPEC_").lower()}"',
                    "Grant to authenticated (signed-in users) or anon, and let policies decide which rows.",
                )
        if node.is_grant:
            privs = [p.priv_name for p in node.privileges or ()] if node.privileges else ["all"]
            for p in privs:
                if p not in _GRANT_PRIVILEGES:
                    raise Denied(
                        "grant_scope",
                        f"GRANT {p.upper()} is not allowed",
                        "Grant the privileges you mean, e.g. select, insert, update, delete (TRUNCATE and "
                        "TRIGGER bypass row level security; ALL includes them).",
                    )
        if targtype == "ACL_TARGET_ALL_IN_SCHEMA" or objtype == "OBJECT_SCHEMA":
            for s in node.objects or ():
                name = s.sval if isinstance(s, ast.String) else str(s)
                self.check_schema(name, what="schema", allow_none=False)
        elif objtype in ("OBJECT_TYPE", "OBJECT_DOMAIN"):
            for obj in node.objects or ():
                names = _strings(obj) if isinstance(obj, (tuple, list)) else _strings(getattr(obj, "names", ()))
                self.check_qualified(names, "type")

    def stmt_AlterDefaultPrivilegesStmt(self, node: ast.AlterDefaultPrivilegesStmt) -> None:
        schemas: list[str] = []
        for opt in node.options or ():
            if opt.defname == "roles":
                raise Denied("grant_scope", "ALTER DEFAULT PRIVILEGES FOR ROLE is not allowed",
                             f"Use ALTER DEFAULT PRIVILEGES IN SCHEMA {self.schema} ...")
            if opt.defname == "schemas":
                schemas = _strings(opt.arg)
        if not schemas:
            raise Denied("grant_scope", "ALTER DEFAULT PRIVILEGES needs IN SCHEMA",
                         f"Use ALTER DEFAULT PRIVILEGES IN SCHEMA {self.schema} ...")
        for s in schemas:
            self.check_schema(s, what="schema", allow_none=False)
        self.stmt_GrantStmt(node.action, default_privileges=True)

    def stmt_CommentStmt(self, node: ast.CommentStmt) -> None:
        self.check_object(_enum_name(node.objtype), node.object)

    def stmt_DropStmt(self, node: ast.DropStmt) -> None:
        objtype = _enum_name(node.removeType)
        if node.concurrent:
            raise Denied("concurrently", "DROP INDEX CONCURRENTLY cannot run inside a transaction",
                         "Leave out CONCURRENTLY.")
        for obj in node.objects or ():
            self.check_object(objtype, obj)

    def stmt_RenameStmt(self, node: ast.RenameStmt) -> None:
        objtype = _enum_name(node.renameType)
        if node.relation is None:
            self.check_object(objtype, node.object)
        elif objtype in _DENIED_OBJECTS:
            rule, hint = _DENIED_OBJECTS[objtype]
            raise Denied(rule, f"renaming a {objtype.removeprefix('OBJECT_').lower()} is not allowed", hint)

    def stmt_CompositeTypeStmt(self, node: ast.CompositeTypeStmt) -> None:
        self.check_persistence(node.typevar)

    def stmt_CreateEnumStmt(self, node: ast.CreateEnumStmt) -> None:
        self.check_qualified(_strings(node.typeName), "type")

    def stmt_CreateRangeStmt(self, node: ast.CreateRangeStmt) -> None:
        self.check_qualified(_strings(node.typeName), "type")
        for opt in node.params or ():
            if isinstance(opt, ast.DefElem) and opt.defname in ("subtype_diff", "canonical"):
                self.check_function_name(_strings(opt.arg) or [_defelem_str(opt.arg)])

    def stmt_AlterEnumStmt(self, node: ast.AlterEnumStmt) -> None:
        self.check_qualified(_strings(node.typeName), "type")

    def stmt_CreateDomainStmt(self, node: ast.CreateDomainStmt) -> None:
        self.check_qualified(_strings(node.domainname), "domain")

    def stmt_AlterDomainStmt(self, node: ast.AlterDomainStmt) -> None:
        self.check_qualified(_strings(node.typeName), "domain")

    def stmt_AlterStatsStmt(self, node: Any) -> None:
        self.check_qualified(_strings(node.defnames), "statistics object")

    def stmt_VacuumStmt(self, node: ast.VacuumStmt) -> None:
        if node.is_vacuumcmd:
            raise Denied("maintenance", "VACUUM cannot run inside a transaction",
                         "Not needed: autovacuum maintains your tables. ANALYZE is allowed.")
        if not node.rels:
            raise Denied("maintenance", "ANALYZE needs a table name", "Name your table: analyze my_table.")

    def stmt_CreateStatsStmt(self, node: ast.CreateStatsStmt) -> None:
        if node.defnames:
            self.check_qualified(_strings(node.defnames), "statistics object")

    def stmt_VariableSetStmt(self, node: ast.VariableSetStmt) -> None:
        name = (node.name or "").lower()
        kind = _enum_name(node.kind)
        if name in ("role", "session_authorization") or kind == "VAR_SET_MULTI" and "session" in name:
            raise Denied("role_change", "changing the role is not allowed",
                         "Your statements run as your base's owner; test policies with the as_user option.")
        if kind == "VAR_SET_MULTI" and name.startswith("transaction"):
            raise Denied("transaction_control", "SET TRANSACTION is not allowed", HINT_ONE_CALL)
        allowed = name in builtins.SET_ALLOWED and node.is_local and kind == "VAR_SET_VALUE"
        if allowed:
            ms = _setting_ms(node)
            limit = self.limits.statement_timeout_ms if name == "statement_timeout" else self.limits.lock_timeout_ms
            if ms <= 0 or ms > limit:
                raise Denied(
                    "settings",
                    f"{name} may only be lowered, to at most {limit} ms",
                    f"SET LOCAL {name} = '<n>ms' with 0 < n <= {limit}; the base's limit is set by its admin.",
                )
            return
        if name.startswith("request.jwt") or name == "request.jwt.claims":
            raise Denied("settings", f'setting "{name}" is not allowed',
                         "Claims come from the signed-in user; test policies with the as_user option of execute_sql.")
        raise Denied(
            "settings",
            f'{"RESET" if kind.startswith("VAR_RESET") else "SET"} {name or "ALL"} is not allowed',
            "Settings are not yours to change; only SET LOCAL statement_timeout / lock_timeout may lower the base's limits.",
        )

    def stmt_ExplainStmt(self, node: ast.ExplainStmt) -> None:
        inner = type(node.query).__name__
        if inner not in ("SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"):
            raise Denied("statement_not_allowed", "EXPLAIN works on SELECT, INSERT, UPDATE, DELETE and MERGE here",
                         "Explain the query itself.")
        for opt in node.options or ():
            name = (getattr(opt, "defname", "") or "").lower()
            if name not in EXPLAIN_OPTIONS:
                raise Denied(
                    "settings" if name == "settings" else "statement_not_allowed",
                    f"EXPLAIN option {name.upper()} is not allowed",
                    "Use EXPLAIN with ANALYZE, VERBOSE, COSTS, BUFFERS, WAL, TIMING, SUMMARY or FORMAT; "
                    "server settings are not shown to a base.",
                )

    def stmt_ReturnStmt(self, node: Any) -> None:
        return None

    # ------------------------------------------------------------------ function bodies
    def check_sql_body(self, body: str) -> None:
        try:
            parts = parse_sql(body)
        except ParseError as e:
            raise Denied("unparseable_body", "the SQL function body does not parse",
                         "Fix the body's syntax; dbagent checks every body before it runs.",
                         detail=str(e)) from None
        for rs in parts:
            self.nested(rs.stmt)

    def nested(self, node: ast.Node) -> None:
        self.depth += 1
        if self.depth > 50:
            raise GuardError("54001", "function bodies are nested too deeply", hint="Flatten the nesting.")
        try:
            self.statement(node)
        finally:
            self.depth -= 1

    def check_plpgsql(self, head: str, body: str) -> None:
        def text(b: str) -> str:
            tag = "$dbagent_body$"
            while tag in b:
                tag = tag[:-1] + "x$"
            return f"{head} LANGUAGE plpgsql AS {tag}{b}{tag}"

        try:
            tree = json.loads(parser.parse_plpgsql_json(text(body)))
        except ParseError as first:
            # libpg_query cannot resolve "DECLARE v schema.type" outside pg_catalog/public;
            # the base's own qualification means the same as none (its search_path).
            try:
                tree = json.loads(parser.parse_plpgsql_json(text(_unqualify(body, self.schema))))
            except ParseError:
                raise Denied(
                    "unparseable_body",
                    "the PL/pgSQL body could not be checked",
                    "Fix its syntax. A body dbagent cannot parse is refused (fail closed); declare "
                    "variables with unqualified type names of your own schema or built-in types.",
                    detail=str(first),
                ) from None
        self.check_declare_sections(body)
        self.plpgsql_walk(tree, None, None)

    def check_declare_sections(self, body: str) -> None:
        """Qualified names in DECLARE sections (libpg_query drops non-built-in types there)."""
        try:
            tokens = list(parser.scan(body))
        except ParseError:
            return
        words = [body[t.start:t.end + 1] for t in tokens]
        names = [t.name for t in tokens]
        in_declare = False
        i, n = 0, len(words)
        while i < n:
            low = words[i].lower()
            if low == "declare":
                in_declare = True
            elif low == "begin":
                in_declare = False
            elif in_declare and names[i] == "IDENT" and i + 1 < n and words[i + 1] == ".":
                parts = [words[i]]
                j = i + 1
                while j + 1 < n and words[j] == ".":
                    parts.append(words[j + 1])
                    j += 2
                suffix = words[j + 1].lower() if j + 1 < n and words[j] == "%" else ""
                # t.col%type is a column of a table; s.t.col%type, s.t%rowtype, s.type name a schema
                schema_part = None
                if suffix == "type":
                    schema_part = parts[0] if len(parts) >= 3 else None
                else:
                    schema_part = parts[0]
                if schema_part is not None:
                    first = schema_part[1:-1].replace('""', '"') if schema_part.startswith('"') else schema_part.lower()
                    if first not in (self.schema, "pg_catalog"):
                        raise Denied(
                            "schema_access",
                            f'declared type or reference "{".".join(parts)}" is outside your base',
                            "Declare variables with your own types (unqualified) or built-in types.",
                        )
                i = j
                continue
            i += 1

    def plpgsql_walk(self, value: Any, parent: str | None, key: str | None) -> None:
        if isinstance(value, list):
            for v in value:
                self.plpgsql_walk(v, parent, key)
            return
        if not isinstance(value, dict):
            return
        for k, v in value.items():
            if k == "PLpgSQL_expr":
                self.plpgsql_expr(v, dynamic=(parent, key) in _PLPGSQL_DYNAMIC)
            elif k == "PLpgSQL_type":
                self.plpgsql_type(v.get("typname", ""))
            elif k == "PLpgSQL_condition":
                self.plpgsql_condition(v)
            elif k in ("PLpgSQL_stmt_commit", "PLpgSQL_stmt_rollback"):
                raise Denied("transaction_control", "COMMIT and ROLLBACK are not allowed in procedures", HINT_ONE_CALL)
            elif k.startswith("PLpgSQL_"):
                if isinstance(v, dict):
                    for kk, vv in v.items():
                        self.plpgsql_walk(vv, k, kk)
                else:
                    self.plpgsql_walk(v, k, None)
            else:
                self.plpgsql_walk(v, parent, k)

    @staticmethod
    def plpgsql_condition(cond: dict[str, Any]) -> None:
        """Exception handlers may not catch a cancel: the statement clock must stop the code."""
        name = str(cond.get("condname") or "").lower()
        if name in CANCEL_CONDITIONS:
            raise Denied(
                "catch_cancel",
                f'an exception handler may not catch "{name}" (the statement timeout and cancel requests)',
                "Leave query_canceled (57014) and operator_intervention (57000) to dbagent's clock: handle the "
                "errors you expect by name (e.g. when unique_violation), or use when others, which lets a "
                "cancel through.",
            )

    def plpgsql_expr(self, expr: dict[str, Any], *, dynamic: bool) -> None:
        query = expr.get("query", "")
        mode = int(expr.get("parseMode", 0))
        if dynamic:
            const = self.constant_string(query)
            if const is None:
                raise Denied(
                    "dynamic_sql",
                    "dynamic SQL (EXECUTE of a computed string) is not allowed",
                    "Write the statement directly in the function body (use parameters for values), or "
                    "EXECUTE a constant string; dbagent must see every statement before it runs.",
                )
            self.check_sql_body(const)
            return
        if mode == 0:
            self.check_sql_body(query)
        elif mode == 2:
            self.check_expression(query)
        elif mode in (3, 4, 5):
            target, value = _split_assignment(query)
            self.check_expression(target)
            self.check_expression(value)
        elif mode == 1:
            self.plpgsql_type(query)
        else:
            raise Denied("unparseable_body", "a PL/pgSQL construct could not be checked", "Simplify the function body.")

    def constant_string(self, expr_text: str) -> str | None:
        try:
            stmts = parse_sql("SELECT " + expr_text)
        except ParseError:
            return None
        if len(stmts) != 1:
            return None
        sel = stmts[0].stmt
        if not isinstance(sel, ast.SelectStmt) or sel.fromClause or len(sel.targetList or ()) != 1:
            return None
        val = sel.targetList[0].val
        if isinstance(val, ast.A_Const) and isinstance(val.val, ast.String):
            return val.val.sval
        return None

    def check_expression(self, text: str) -> None:
        try:
            stmts = parse_sql("SELECT " + text)
        except ParseError as e:
            raise Denied("unparseable_body", "a PL/pgSQL expression could not be checked",
                         "Fix the expression's syntax.", detail=str(e)) from None
        if len(stmts) != 1:
            raise Denied("unparseable_body", "a PL/pgSQL expression holds more than one statement",
                         "Fix the expression.")
        self.nested(stmts[0].stmt)

    def plpgsql_type(self, typname: str) -> None:
        base = typname.strip()
        low = base.lower()
        for suffix in ("%rowtype", "%type"):
            if low.endswith(suffix):
                base = base[: -len(suffix)]
        parts = builtins._split_qualified_name(base.replace("[]", "")) or []
        if not parts:
            return
        if low.endswith("%type") and len(parts) >= 3 or (not low.endswith("%type") and len(parts) >= 2):
            self.check_schema(parts[-3] if low.endswith("%type") else parts[-2], what="type")
        reason = builtins.type_deny_reason(parts[-1]) if len(parts) == 1 or parts[-2] == "pg_catalog" else None
        if reason and not low.endswith(("%rowtype", "%type")):
            raise Denied("type_not_allowed", f'type "{parts[-1]}" is not allowed ({reason})',
                         "Use ordinary types: text, numeric, uuid, timestamptz, jsonb, your own enums.")
        if low.endswith(("%rowtype", "%type")) and parts[-1 if low.endswith("%rowtype") else -2].startswith("pg_"):
            raise Denied("catalog_access", "system catalogs are not available to a base", HINT_SCHEMA_TOOL)

    # ------------------------------------------------------------------ the walk
    def children(self, node: ast.Node) -> None:
        for attr in node_slots(type(node)):
            self.walk(getattr(node, attr))

    def walk(self, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, (tuple, list)):
            for v in value:
                self.walk(v)
            return
        if not isinstance(value, ast.Node):
            return
        kind = type(value).__name__
        if kind.endswith("Stmt") and kind not in ("RawStmt",):
            self.nested(value)
            return
        handler = getattr(self, "node_" + kind, None)
        if handler is not None and handler(value) is False:
            return
        self.children(value)

    def node_RangeVar(self, node: ast.RangeVar) -> None:
        self.check_persistence(node)
        if node.catalogname:
            raise Denied("schema_access", "references to other databases are not allowed",
                         "Refer to your tables by name.")
        self.check_relation(node.schemaname, node.relname)

    def node_DefElem(self, node: ast.DefElem) -> bool | None:
        # A function's SET clause is checked by check_function_set, not as a statement.
        if node.defname == "set" and isinstance(node.arg, ast.VariableSetStmt):
            return False
        return None

    def node_XmlExpr(self, node: Any) -> None:
        raise Denied("function_not_allowed", "XML functions are not offered", "Use jsonb and its functions.")

    node_XmlSerialize = node_XmlExpr
    node_RangeTableFunc = node_XmlExpr

    def node_SortBy(self, node: ast.SortBy) -> None:
        names = _strings(node.useOp)
        if len(names) >= 2:
            self.check_schema(names[-2], what="operator", extra=("pg_catalog",))

    def node_IntoClause(self, node: Any) -> None:
        raise Denied("create_table_as", "SELECT INTO and CREATE TABLE AS are not allowed",
                     DENIED_STATEMENTS["CreateTableAsStmt"][1])

    def node_FuncCall(self, node: ast.FuncCall) -> None:
        names = _strings(node.funcname)
        self.check_function_name(names, node)

    def node_TypeName(self, node: ast.TypeName) -> None:
        names = _strings(node.names)
        if node.pct_type:
            if len(names) >= 3:
                self.check_schema(names[-3], what="table")
            if len(names) >= 2 and names[-2].startswith("pg_"):
                raise Denied("catalog_access", "system catalogs are not available to a base", HINT_SCHEMA_TOOL)
            return
        self.check_type(names)

    def node_TypeCast(self, node: ast.TypeCast) -> bool | None:
        names = _strings(node.typeName.names) if node.typeName else []
        if names and names[-1] == "regclass" and (len(names) == 1 or names[0] == "pg_catalog"):
            literal = _const_str(node.arg)
            if literal is not None:
                self.check_relation_literal(literal)
                return False
        return None

    def node_ColumnRef(self, node: ast.ColumnRef) -> None:
        names = [f.sval for f in node.fields or () if isinstance(f, ast.String)]
        if len(names) >= 4:
            raise Denied("schema_access", "references to other databases are not allowed", "Refer to your tables by name.")
        if len(names) == 3:
            self.check_schema(names[0], what="table")
        if len(names) >= 2:
            self.check_attribute_call(names[-1])

    def node_A_Indirection(self, node: ast.A_Indirection) -> None:
        for ind in node.indirection or ():
            if isinstance(ind, ast.String):
                self.check_attribute_call(ind.sval)

    def node_A_Expr(self, node: ast.A_Expr) -> None:
        names = _strings(node.name)
        if len(names) >= 2:
            self.check_schema(names[-2], what="operator", extra=("pg_catalog",))

    def node_CollateClause(self, node: ast.CollateClause) -> None:
        names = _strings(node.collname)
        if len(names) >= 2:
            self.check_schema(names[-2], what="collation", extra=("pg_catalog",))

    def node_RangeTableSample(self, node: ast.RangeTableSample) -> None:
        names = _strings(node.method)
        if names[-1:] not in (["bernoulli"], ["system"]) or len(names) > 1 and names[0] != "pg_catalog":
            raise Denied("function_not_allowed", f"TABLESAMPLE method {'.'.join(names)} is not allowed",
                         "Use TABLESAMPLE bernoulli or system.")

    def node_ObjectWithArgs(self, node: ast.ObjectWithArgs) -> None:
        self.check_qualified(_strings(node.objname), "function")

    def node_Constraint(self, node: ast.Constraint) -> None:
        pk = node.pktable
        if pk is not None and (pk.schemaname == "auth"):
            raise Denied("auth_relation", f'foreign keys to auth.{pk.relname} are not allowed', HINT_AUTH)

    # ------------------------------------------------------------------ name checks
    def check_persistence(self, rel: Any) -> None:
        if rel is not None and getattr(rel, "relpersistence", "p") == "t":
            raise Denied("temp_object", "temporary objects are not allowed",
                         "Create an ordinary table in your base (and drop it when done).")
        if rel is not None and getattr(rel, "schemaname", None) == "pg_temp":
            raise Denied("temp_object", "temporary objects are not allowed",
                         "Create an ordinary table in your base (and drop it when done).")

    def check_schema(self, schema: str | None, *, what: str, allow_none: bool = True,
                     extra: Iterable[str] = ()) -> None:
        if schema is None:
            if allow_none:
                return
        elif schema == self.schema or schema in extra:
            return
        if schema == "auth":
            raise Denied("auth_relation", f"access denied to auth {what}s", HINT_AUTH)
        if schema in ("information_schema", "pg_catalog") or (schema or "").startswith("pg_toast"):
            raise Denied("catalog_access", f'access denied to schema "{schema}"', HINT_SCHEMA_TOOL)
        if schema in ("pg_temp",) or (schema or "").startswith("pg_temp_"):
            raise Denied("temp_object", "temporary objects are not allowed", "Use an ordinary table of your base.")
        raise Denied(
            "schema_access",
            f'access denied to schema "{schema}"',
            f'Only schema "{self.schema}" is yours: refer to its objects unqualified or as {self.schema}.name.',
        )

    def check_relation(self, schema: str | None, name: str) -> None:
        if schema is None:
            if name.startswith("pg_"):
                raise Denied("catalog_access", f'access denied to system catalog "{name}"', HINT_SCHEMA_TOOL)
            return
        self.check_schema(schema, what="table")

    def check_qualified(self, names: list[str], what: str) -> None:
        if len(names) > 2:
            raise Denied("schema_access", "references to other databases are not allowed", "Use unqualified names.")
        if len(names) == 2:
            self.check_schema(names[0], what=what)

    def check_type(self, names: list[str]) -> None:
        if not names:
            return
        if len(names) > 2:
            raise Denied("schema_access", "references to other databases are not allowed", "Use unqualified names.")
        schema = names[0] if len(names) == 2 else None
        name = names[-1]
        if schema not in (None, "pg_catalog"):
            self.check_schema(schema, what="type")
            return
        reason = builtins.type_deny_reason(name)
        if reason:
            raise Denied("type_not_allowed", f'type "{name}" is not allowed ({reason})',
                         "Use ordinary types: text, numeric, uuid, timestamptz, jsonb, your own enums.")

    def check_attribute_call(self, field: str) -> None:
        """``x.f`` can call f(x): refuse field names that are non-allowed pg_catalog functions."""
        if field in self.catalog.attribute_callable and not builtins.is_allowed_function(field):
            raise Denied(
                "function_not_allowed",
                f"function {field}() is not allowed ({builtins.deny_reason(field)})",
                "Attribute notation x.f calls f(x); pick another column name or function.",
            )

    def check_function_name(self, names: list[str], call: ast.FuncCall | None = None) -> None:
        if len(names) > 2:
            raise Denied("schema_access", "references to other databases are not allowed", "Use unqualified names.")
        schema = names[0] if len(names) == 2 else None
        name = names[-1] if names else ""
        if schema == self.schema:
            self.check_own_function(name)
            return
        if schema == "auth":
            if name in builtins.AUTH_FUNCTIONS:
                return
            raise Denied("auth_relation", f"function auth.{name}() is not allowed", HINT_AUTH)
        if schema in (None, "pg_catalog"):
            if builtins.is_allowed_function(name):
                if call is not None:
                    self.check_special_arguments(name, call)
                return
            if schema is None and name not in self.catalog.functions and not _known_dangerous(name):
                self.check_own_function(name)
                return
            raise Denied(
                "function_not_allowed",
                f"function {name}() is not allowed ({builtins.deny_reason(name)})",
                "Use ordinary built-in functions (math, text, date/time, json, arrays, aggregates, "
                "window functions) and functions of your own schema.",
            )
        self.check_schema(schema, what="function")

    def check_own_function(self, name: str) -> None:
        """Default-deny: a name that is no allowed built-in must be a function of the base (one
        the script creates counts), never something else the server happens to have."""
        if name in self.script_functions or self.own_function(name):
            return
        raise Denied(
            "unknown_function",
            f'function {name}() is neither an allowed built-in nor a function of your base',
            "Create it in your schema first (create function ...; the same call counts), or use an "
            "allowed built-in function; agent.get_schema() lists your functions.",
        )

    def check_special_arguments(self, name: str, call: ast.FuncCall) -> None:
        args = list(call.args or ())
        if name in builtins.SEQUENCE_FUNCTIONS and args:
            first = args[0]
            literal = _const_str(first)
            if literal is None and isinstance(first, ast.TypeCast):
                literal = _const_str(first.arg)
            if literal is None:
                raise Denied(
                    "sequence_reference",
                    f"{name}() needs a literal sequence name",
                    f"Write {name}('my_sequence') with the name of a sequence of your base.",
                )
            self.check_relation_literal(literal)
        positions = builtins.REGCONFIG_ARG_FUNCTIONS.get(name)
        if positions and len(args) in positions:
            literal = _const_str(args[0])
            if literal is not None and not builtins.regconfig_literal_allowed(literal, self.schema):
                raise Denied("schema_access", f'text search configuration "{literal}" is outside your base',
                             "Use a built-in configuration such as 'english' or 'simple'.")

    def check_relation_literal(self, literal: str) -> None:
        parts = builtins._split_qualified_name(literal)
        if not parts or len(parts) > 2:
            raise Denied("sequence_reference", f'"{literal}" is not a name of your base',
                         "Name a sequence or table of your base.")
        self.check_relation(parts[0] if len(parts) == 2 else None, parts[-1])

    def check_object(self, objtype: str, obj: Any) -> None:
        if objtype in _DENIED_OBJECTS:
            rule, hint = _DENIED_OBJECTS[objtype]
            if objtype == "OBJECT_SCHEMA":
                raise Denied(rule, "schemas cannot be changed or dropped", hint)
            raise Denied(rule, f"{objtype.removeprefix('OBJECT_').replace('_', ' ').lower()} objects are not allowed", hint)
        if isinstance(obj, ast.ObjectWithArgs):
            self.check_qualified(_strings(obj.objname), "function")
            self.children(obj)
            return
        if isinstance(obj, ast.TypeName):
            self.check_type(_strings(obj.names))
            return
        names = [obj.sval] if isinstance(obj, ast.String) else _strings(obj)
        if not names:
            return
        if objtype in _ON_TABLE_OBJECTS:
            if len(names) >= 4:
                raise Denied("schema_access", "references to other databases are not allowed", "Use unqualified names.")
            if len(names) == 3:
                self.check_schema(names[0], what="table")
            if len(names) >= 2 and names[-2].startswith("pg_") and len(names) == 2:
                raise Denied("catalog_access", "system catalogs are not available to a base", HINT_SCHEMA_TOOL)
        else:
            if len(names) > 2:
                raise Denied("schema_access", "references to other databases are not allowed", "Use unqualified names.")
            if len(names) == 2:
                self.check_schema(names[0], what="object")
            elif names[0].startswith("pg_") and objtype in ("OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_INDEX", "OBJECT_SEQUENCE"):
                raise Denied("catalog_access", "system catalogs are not available to a base", HINT_SCHEMA_TOOL)


# ---------------------------------------------------------------------- helpers
def _created_functions(nodes: Iterable[ast.Node]) -> set[str]:
    """Names of the functions and procedures a script creates (or renames to)."""
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.CreateFunctionStmt):
            names = _strings(node.funcname)
            if names:
                out.add(names[-1])
        elif isinstance(node, ast.CreateRangeStmt):
            # a range type comes with constructor functions of its name and of its multirange's
            names = _strings(node.typeName)
            if names:
                out.add(names[-1])
                multi = next((_defelem_str(o.arg) for o in node.params or ()
                              if isinstance(o, ast.DefElem) and o.defname == "multirange_type_name"), None)
                if multi:
                    out.add(multi.split(".")[-1])
                elif "range" in names[-1]:
                    out.add(names[-1].replace("range", "multirange", 1))
                else:
                    out.add(names[-1] + "_multirange")
        elif isinstance(node, ast.RenameStmt) and _enum_name(node.renameType) in (
                "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE") and node.newname:
            out.add(node.newname)
    return out


def _known_dangerous(name: str) -> bool:
    """Names refused even where pg_catalog lacks them (extension functions such as dblink)."""
    return name in builtins.DENIED_FUNCTIONS or name in builtins.DENIED_LATER_FUNCTIONS or name.startswith("dblink")


def _defelem_str(arg: Any) -> str:
    if arg is None:
        return ""
    if isinstance(arg, ast.String):
        return arg.sval
    if isinstance(arg, ast.Boolean):
        return "true" if arg.boolval else "false"
    if isinstance(arg, ast.Integer):
        return str(arg.ival)
    if isinstance(arg, ast.Float):
        return str(arg.fval)
    if isinstance(arg, ast.TypeName):
        return ".".join(_strings(arg.names))
    if isinstance(arg, (tuple, list)):
        return ".".join(_strings(arg))
    return str(arg)


def _defelem_bool(arg: Any) -> bool:
    return arg is None or _defelem_str(arg).lower() in _TRUE


def _const_str(node: Any) -> str | None:
    if isinstance(node, ast.A_Const) and isinstance(node.val, ast.String):
        return node.val.sval
    return None


def _setting_ms(node: ast.VariableSetStmt) -> int:
    """The value of SET LOCAL statement_timeout/lock_timeout in milliseconds (-1 if unreadable)."""
    args = list(node.args or ())
    if len(args) != 1:
        return -1
    a = args[0]
    if isinstance(a, ast.A_Const):
        v = a.val
        if isinstance(v, ast.Integer):
            return v.ival
        if isinstance(v, ast.Float):
            try:
                return int(float(v.fval))
            except ValueError:
                return -1
        if isinstance(v, ast.String):
            return _parse_duration_ms(v.sval)
    return -1


def _parse_duration_ms(text: str) -> int:
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*", text.lower())
    if not m:
        return -1
    value = float(m.group(1))
    factor = {"us": 0.001, "ms": 1, None: 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}[m.group(2)]
    return int(value * factor)


def _returns_rows(node: ast.Node) -> bool:
    if isinstance(node, ast.SelectStmt):
        return node.intoClause is None
    if isinstance(node, (ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt, ast.MergeStmt)):
        rc = getattr(node, "returningClause", None)
        if rc is not None:
            return bool(getattr(rc, "exprs", None))
        return bool(getattr(node, "returningList", None))
    return isinstance(node, ast.ExplainStmt)


def _split_assignment(query: str) -> tuple[str, str]:
    """Split a PL/pgSQL assignment "target := value" at its top-level assignment operator."""
    depth = 0
    for t in parser.scan(query):
        text = query[t.start:t.end + 1]
        if text in ("(", "["):
            depth += 1
        elif text in (")", "]"):
            depth -= 1
        elif depth == 0 and t.name in ("COLON_EQUALS", "ASCII_61"):
            return query[:t.start], query[t.end + 1:]
    raise Denied("unparseable_body", "a PL/pgSQL assignment could not be checked", "Write it as target := value.")


def _unqualify(text: str, schema: str) -> str:
    """Remove "schema." qualifications of the base's own schema, token by token."""
    try:
        tokens = list(parser.scan(text))
    except ParseError:
        return text
    cut: list[tuple[int, int]] = []
    for i, t in enumerate(tokens[:-1]):
        if t.name != "IDENT":
            continue
        word = text[t.start:t.end + 1]
        name = word[1:-1].replace('""', '"') if word.startswith('"') else word.lower()
        nxt = tokens[i + 1]
        if name == schema and text[nxt.start:nxt.end + 1] == ".":
            cut.append((t.start, nxt.end + 1))
    out: list[str] = []
    last = 0
    for start, end in cut:
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out)


def _parse_location(sql: str, e: ParseError) -> str | None:
    loc = e.args[1] if len(e.args) > 1 and isinstance(e.args[1], int) else None
    if loc is None or not 0 <= loc <= len(sql):
        return None
    line = sql.count("\n", 0, loc) + 1
    return f"at line {line}, near: {sql[loc:loc + 40]!r}"


def iter_kinds(statements: Iterable[Statement]) -> Iterator[str]:
    for s in statements:
        yield s.tag
