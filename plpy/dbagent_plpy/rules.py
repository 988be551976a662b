"""The data-model rules execute_sql applies: the seed's design principles as guarantees.

Per statement, after the parse wall has allowed it:

* **System fields.** CREATE TABLE is rewritten: ``id uuid`` (primary key, default
  ``gen_random_uuid()``) first, ``created_at``, ``updated_at`` (timestamptz, not null, default
  now()), ``created_by``, ``updated_by`` (uuid, default auth.uid()) last. A definition of any of
  the five by the caller is removed, with a notice. When the table declares its own primary key,
  ``id`` is ``unique not null`` and the caller's key stays primary. Dropping, renaming,
  retyping or redefining a system field is refused; so are partitioned, inherited, typed and
  LIKE tables (each with a hint).
* **snake_case** for every name the agent creates; a refusal's hint gives the snake_case form.
* **Reserved names.** ``dbagent_`` is dbagent's prefix (its policies, triggers, indexes,
  constraints): the agent may not create, alter, rename or drop such objects, except that it
  may drop the default ``dbagent_owner_*`` policies to replace them with its own.
* **No secrets.** Columns whose names denote secrets, and literal values that clearly are
  secrets in INSERT/UPDATE/MERGE, are refused; the error never shows the value.

The rules that depend on the catalog (row level security enabled and forced, policies, the
``updated_at`` trigger, grants, indexes for foreign keys) are applied after the statements ran,
by ``agent._model_fixes()``.
"""

from __future__ import annotations

import re
from typing import Any

from pglast import ast, parse_sql
from pglast.stream import RawStream

from dbagent_plpy import secrets
from dbagent_plpy.guard import Denied, Statement, node_slots, nodes

SYSTEM_FIELDS = ("id", "created_at", "updated_at", "created_by", "updated_by")
RESERVED_PREFIX = "dbagent_"
NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*$")

HINT_SECRET = (
    "Do not store credentials or card data in tables: sign-in belongs to the platform's auth "
    "system (auth.uid() identifies the user), API keys and tokens to a secrets vault, payments to "
    "the payment provider (keep its customer or payment id instead)."
)


def snake_case(name: str) -> str:
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").lower()
    if not s:
        return "name"
    if s[0].isdigit():
        s = "n_" + s
    return s[:63]


def _enum(v: Any) -> str:
    return getattr(v, "name", None) or str(v)


class ModelRules:
    def __init__(self, schema: str) -> None:
        self.schema = schema

    # ------------------------------------------------------------------ entry
    def apply(self, statements: list[Statement], recheck: Any = None) -> list[Statement]:
        """Check and rewrite top-level statements; RECHECK(sql) re-parses rewritten SQL."""
        for st in statements:
            try:
                self.statement(st)
                if st.rewritten and recheck is not None:
                    st.node = recheck(st.sql)
            except Denied as e:
                e.statement = st.index
                e.statement_sql = st.sql
                raise
        return statements

    def statement(self, st: Statement) -> None:
        node = st.node
        check = getattr(self, "on_" + type(node).__name__, None)
        if check is not None:
            check(st, node)
        self.check_literals(node)

    # ------------------------------------------------------------------ names
    def name(self, name: str | None, what: str) -> None:
        if not name:
            return
        if not NAME_RE.match(name) or len(name.encode("utf-8")) > 63:
            raise Denied(
                "snake_case",
                f'{what} name "{name}" is not snake_case',
                f"Use lower-case snake_case names: {snake_case(name)}",
            )
        if name.startswith(RESERVED_PREFIX):
            raise Denied("reserved_name", f'{what} name "{name}" uses the reserved prefix {RESERVED_PREFIX}',
                         f"Pick a name without the {RESERVED_PREFIX} prefix, e.g. {name[len(RESERVED_PREFIX):] or 'my_name'}.")

    def column(self, name: str | None, what: str = "column") -> None:
        self.name(name, what)
        kind = secrets.sensitive_name(name or "")
        if kind:
            raise Denied("no_secrets", f'column "{name}" would hold secrets ({kind.replace("_", " ")})', HINT_SECRET)

    def reserved_object(self, name: str | None, action: str) -> None:
        if name and name.startswith(RESERVED_PREFIX):
            raise Denied("reserved_name", f'"{name}" belongs to dbagent and cannot be {action}',
                         "dbagent maintains its own policies, triggers, indexes and constraints; create your own alongside.")

    # ------------------------------------------------------------------ CREATE TABLE
    def on_CreateStmt(self, st: Statement, node: ast.CreateStmt) -> None:
        table = node.relation.relname
        self.name(table, "table")
        if node.partspec is not None:
            raise Denied("partitioning", "partitioned tables are not supported",
                         "Create an ordinary table and index the column you would partition by; every table "
                         "gets the system id as its primary key.")
        if node.partbound is not None:
            raise Denied("partitioning", "partitions are not supported", "Create an ordinary table.")
        if node.inhRelations:
            raise Denied("inheritance", "table inheritance is not supported",
                         "Create the table with its own columns; use a foreign key to relate it.")
        if node.ofTypename is not None:
            raise Denied("typed_table", "typed tables (OF type) are not supported", "List the columns.")
        kept: list[Any] = []
        own_pk = False
        removed: list[str] = []
        for elt in node.tableElts or ():
            if isinstance(elt, ast.TableLikeClause):
                raise Denied("like_table", "CREATE TABLE ... (LIKE ...) is not supported",
                             "List the columns; dbagent adds the system fields itself.")
            if isinstance(elt, ast.ColumnDef):
                if elt.colname in SYSTEM_FIELDS:
                    removed.append(elt.colname)
                    continue
                self.column(elt.colname)
                for c in elt.constraints or ():
                    self.name(c.conname, "constraint")
                    if _enum(c.contype) == "CONSTR_PRIMARY":
                        own_pk = True
                kept.append(elt)
            elif isinstance(elt, ast.Constraint):
                self.name(elt.conname, "constraint")
                keys = [k.sval if isinstance(k, ast.String) else str(k) for k in elt.keys or ()]
                if _enum(elt.contype) == "CONSTR_PRIMARY":
                    if keys == ["id"]:
                        removed.append("primary key (id)")
                        continue
                    own_pk = True
                kept.append(elt)
            else:
                kept.append(elt)
        template = parse_sql(system_fields_sql(table, own_pk))[0].stmt.tableElts
        node.tableElts = (template[0], *kept, *template[1:])
        st.sql = RawStream()(node)
        st.rewritten = True
        st.notices.append(
            f"dbagent added the system fields id, created_at, updated_at, created_by, updated_by to {table}"
            + (" (id is unique; your primary key stays primary)" if own_pk else "")
        )
        if removed:
            st.notices.append(
                f"removed your definition of {', '.join(removed)}: dbagent defines the system fields itself"
            )

    # ------------------------------------------------------------------ ALTER TABLE
    def on_AlterTableStmt(self, st: Statement, node: ast.AlterTableStmt) -> None:
        table = node.relation.relname
        for cmd in node.cmds or ():
            sub = _enum(cmd.subtype)
            if sub == "AT_AddColumn":
                col = cmd.def_
                if isinstance(col, ast.ColumnDef):
                    if col.colname in SYSTEM_FIELDS:
                        raise Denied("system_fields", f'"{col.colname}" is a system field of {table}',
                                     "Every table already has id, created_at, updated_at, created_by and updated_by.")
                    self.column(col.colname)
                    for c in col.constraints or ():
                        self.name(c.conname, "constraint")
            elif sub in ("AT_DropColumn", "AT_AlterColumnType", "AT_ColumnDefault", "AT_DropNotNull",
                         "AT_SetNotNull", "AT_DropIdentity", "AT_AddIdentity", "AT_SetExpression",
                         "AT_DropExpression", "AT_SetIdentity", "AT_CookedColumnDefault"):
                if cmd.name in SYSTEM_FIELDS:
                    raise Denied("system_fields", f'system field "{cmd.name}" of {table} cannot be changed',
                                 "dbagent maintains id, created_at, updated_at, created_by and updated_by; add a column of your own instead.")
            elif sub == "AT_AddConstraint" and isinstance(cmd.def_, ast.Constraint):
                self.name(cmd.def_.conname, "constraint")
            elif sub in ("AT_DropConstraint", "AT_DisableTrig", "AT_EnableTrig", "AT_EnableAlwaysTrig",
                         "AT_EnableReplicaTrig", "AT_ValidateConstraint"):
                self.reserved_object(cmd.name, "changed")

    def on_RenameStmt(self, st: Statement, node: ast.RenameStmt) -> None:
        kind = _enum(node.renameType)
        if kind == "OBJECT_COLUMN":
            if node.subname in SYSTEM_FIELDS:
                raise Denied("system_fields", f'system field "{node.subname}" cannot be renamed',
                             "Add a column of your own instead.")
            if node.newname in SYSTEM_FIELDS:
                raise Denied("system_fields", f'"{node.newname}" is a system field name',
                             "Pick another column name; every table already has it.")
            self.column(node.newname)
            return
        old = node.subname or (node.relation.relname if node.relation is not None else None)
        if old is None and node.object is not None:
            obj = node.object
            names = [s.sval for s in obj if isinstance(s, ast.String)] if isinstance(obj, tuple) else []
            if isinstance(obj, ast.ObjectWithArgs):
                names = [s.sval for s in obj.objname or () if isinstance(s, ast.String)]
            old = names[-1] if names else None
        self.reserved_object(old, "renamed")
        self.name(node.newname, kind.removeprefix("OBJECT_").lower().replace("_", " "))

    def on_DropStmt(self, st: Statement, node: ast.DropStmt) -> None:
        kind = _enum(node.removeType)
        for obj in node.objects or ():
            if isinstance(obj, ast.ObjectWithArgs):
                names = [s.sval for s in obj.objname or () if isinstance(s, ast.String)]
            elif isinstance(obj, ast.TypeName):
                names = [s.sval for s in obj.names or () if isinstance(s, ast.String)]
            elif isinstance(obj, ast.String):
                names = [obj.sval]
            else:
                names = [s.sval for s in obj if isinstance(s, ast.String)]
            last = names[-1] if names else ""
            if kind == "OBJECT_POLICY" and last.startswith("dbagent_owner_"):
                continue  # the default owner-only policies may be replaced
            self.reserved_object(last, "dropped")

    # ------------------------------------------------------------------ other creates
    def on_IndexStmt(self, st: Statement, node: ast.IndexStmt) -> None:
        self.name(node.idxname, "index")

    def on_ViewStmt(self, st: Statement, node: ast.ViewStmt) -> None:
        self.name(node.view.relname, "view")
        for a in node.aliases or ():
            self.column(a.sval if isinstance(a, ast.String) else str(a))
        query = node.query
        if isinstance(query, ast.SelectStmt):
            for t in query.targetList or ():
                if isinstance(t, ast.ResTarget) and t.name:
                    self.column(t.name)

    def on_CreateFunctionStmt(self, st: Statement, node: ast.CreateFunctionStmt) -> None:
        names = [s.sval for s in node.funcname if isinstance(s, ast.String)]
        self.name(names[-1], "procedure" if node.is_procedure else "function")
        for p in node.parameters or ():
            if isinstance(p, ast.FunctionParameter) and p.name:
                self.name(p.name, "parameter")

    def on_CreateTrigStmt(self, st: Statement, node: ast.CreateTrigStmt) -> None:
        self.name(node.trigname, "trigger")

    def on_CreatePolicyStmt(self, st: Statement, node: ast.CreatePolicyStmt) -> None:
        self.name(node.policy_name, "policy")

    def on_AlterPolicyStmt(self, st: Statement, node: ast.AlterPolicyStmt) -> None:
        self.reserved_object(node.policy_name, "changed")

    def on_CreateEnumStmt(self, st: Statement, node: ast.CreateEnumStmt) -> None:
        self.name(node.typeName[-1].sval, "type")

    def on_CompositeTypeStmt(self, st: Statement, node: ast.CompositeTypeStmt) -> None:
        self.name(node.typevar.relname, "type")
        for c in node.coldeflist or ():
            if isinstance(c, ast.ColumnDef):
                self.column(c.colname, "attribute")

    def on_CreateDomainStmt(self, st: Statement, node: ast.CreateDomainStmt) -> None:
        self.name(node.domainname[-1].sval, "domain")

    def on_CreateRangeStmt(self, st: Statement, node: ast.CreateRangeStmt) -> None:
        self.name(node.typeName[-1].sval, "type")

    def on_CreateSeqStmt(self, st: Statement, node: ast.CreateSeqStmt) -> None:
        self.name(node.sequence.relname, "sequence")

    def on_CreateStatsStmt(self, st: Statement, node: ast.CreateStatsStmt) -> None:
        if node.defnames:
            self.name(node.defnames[-1].sval, "statistics object")

    def on_CommentStmt(self, st: Statement, node: ast.CommentStmt) -> None:
        return None

    # ------------------------------------------------------------------ secret values
    def check_literals(self, node: ast.Node) -> None:
        """Refuse literal secrets written by INSERT/UPDATE/MERGE anywhere in the statement."""
        for dml in _dml_nodes(node):
            for const in _string_consts(_written_values(dml)):
                kind = secrets.sensitive_value(const)
                if kind:
                    raise Denied(
                        "no_secrets",
                        f"a value looks like a secret ({kind.replace('_', ' ')}); it was not stored",
                        HINT_SECRET + " The value is not shown here or in the audit.",
                    )


def system_fields_sql(table: str, own_pk: bool) -> str:
    key = "unique" if own_pk else "primary key"
    cname = (RESERVED_PREFIX + table)[:56] + "_id_key"
    return (
        f"create table t (id uuid not null default gen_random_uuid() constraint {_q(cname)} {key}, "
        "created_at timestamptz not null default now(), "
        "updated_at timestamptz not null default now(), "
        "created_by uuid default auth.uid(), "
        "updated_by uuid default auth.uid())"
    )


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _dml_nodes(node: Any):
    return (n for n in nodes(node) if isinstance(n, (ast.InsertStmt, ast.UpdateStmt, ast.MergeStmt)))


def _written_values(dml: ast.Node) -> list[Any]:
    if isinstance(dml, ast.InsertStmt):
        return [dml.selectStmt]
    if isinstance(dml, ast.UpdateStmt):
        return [t.val for t in dml.targetList or () if isinstance(t, ast.ResTarget)]
    if isinstance(dml, ast.MergeStmt):
        return [dml.mergeWhenClauses]
    return []


def _string_consts(values: list[Any]):
    stack = list(values)
    while stack:
        n = stack.pop()
        if isinstance(n, (tuple, list)):
            stack.extend(n)
            continue
        if not isinstance(n, ast.Node):
            continue
        if isinstance(n, ast.A_Const) and isinstance(n.val, ast.String):
            yield n.val.sval
            continue
        if isinstance(n, (ast.SelectStmt,)) and n.whereClause is not None:
            # values a SELECT reads by are not written
            for attr in node_slots(type(n)):
                if attr not in ("whereClause", "havingClause"):
                    v = getattr(n, attr)
                    if isinstance(v, (ast.Node, tuple, list)):
                        stack.append(v)
            continue
        for attr in node_slots(type(n)):
            v = getattr(n, attr)
            if isinstance(v, (ast.Node, tuple, list)):
                stack.append(v)
