"""Whether a statement's text is one tool call and nothing else (the session wall's full check).

Used by :mod:`dbagent_plpy.session` for statements its quick pattern does not recognise (SQL
typed into psql with literal arguments, comments, odd spacing), and by the housekeeping, which
ends agent sessions that run anything else for too long inside a transaction. The PostgreSQL
parser (pglast) decides: the text must be exactly one ``SELECT`` with one target, a call of an
``agent.*`` function (optionally cast, or navigated with jsonb's ``->``/``->>``/``#>``/``#>>``
and a constant key), whose arguments are constants, parameters or casts of them to plain types
(optionally named); nothing else in the statement.
"""

from __future__ import annotations

from typing import Any

SAFE_TYPES = frozenset({
    "uuid", "text", "jsonb", "json", "bigint", "int8", "integer", "int4", "int", "smallint", "int2",
    "boolean", "bool", "bytea", "varchar", "name", "numeric", "float8", "float4",
})
_SELECT_EMPTY = ("distinctClause", "intoClause", "fromClause", "whereClause", "groupClause", "havingClause",
                 "windowClause", "valuesLists", "sortClause", "limitOffset", "limitCount", "lockingClause",
                 "withClause", "larg", "rarg")


def _type_ok(tn: Any) -> bool:
    names = [getattr(n, "sval", None) for n in (tn.names or ())]
    if names and names[0] == "pg_catalog":
        names = names[1:]
    return len(names) == 1 and names[0] in SAFE_TYPES and not tn.setof


JSON_OPERATORS = frozenset({"->", "->>", "#>", "#>>"})


def _json_op(node: Any) -> bool:
    """`<expr> -> 'key'` (and ->>, #>, #>>) with a constant key: jsonb navigation, nothing else."""
    from pglast import ast
    from pglast.enums import A_Expr_Kind

    names = [getattr(n, "sval", None) for n in (node.name or ())]
    if names[:1] == ["pg_catalog"]:
        names = names[1:]
    return (node.kind == A_Expr_Kind.AEXPR_OP and len(names) == 1 and names[0] in JSON_OPERATORS
            and node.lexpr is not None and isinstance(node.rexpr, (ast.A_Const, ast.ParamRef)))


def _arg_ok(node: Any) -> bool:
    from pglast import ast

    if isinstance(node, ast.NamedArgExpr):
        node = node.arg
    if isinstance(node, ast.TypeCast):
        if not _type_ok(node.typeName):
            return False
        node = node.arg
    if isinstance(node, ast.A_ArrayExpr):  # array['a', 'b']: constants only
        return all(isinstance(e, (ast.A_Const, ast.ParamRef)) for e in (node.elements or ()))
    return isinstance(node, (ast.A_Const, ast.ParamRef))


def verdict(text: str) -> str | None:
    """None when TEXT is one call of an agent.* function with constant arguments, else why not."""
    from pglast import ast, parse_sql
    from pglast.parser import ParseError

    try:
        stmts = parse_sql(text)
    except ParseError:
        return "The statement could not be parsed as one tool call."
    if len(stmts) != 1:
        return f"The query string holds {len(stmts)} statements."
    st = stmts[0].stmt
    if not isinstance(st, ast.SelectStmt):
        return f"The statement is a {type(st).__name__}, not a SELECT of the tool."
    if any(getattr(st, f, None) for f in _SELECT_EMPTY):
        return "The SELECT has clauses besides the tool call (FROM, WHERE, WITH, ORDER BY ...)."
    targets = st.targetList or ()
    if len(targets) != 1:
        return f"The SELECT has {len(targets)} expressions; a tool call stands alone."
    val = targets[0].val
    while True:  # a cast of the result, or jsonb navigation in it (-> 'key'), around the call
        if isinstance(val, ast.TypeCast):
            if not _type_ok(val.typeName):
                return "The tool's result is cast to a type other than a plain one."
            val = val.arg
        elif isinstance(val, ast.A_Expr) and _json_op(val):
            val = val.lexpr
        else:
            break
    if not isinstance(val, ast.FuncCall):
        return "The SELECT's expression is not a call of an agent.* function."
    names = [getattr(n, "sval", None) for n in val.funcname]
    if len(names) != 2 or names[0] != "agent":
        return "The SELECT's expression is not a call of an agent.* function."
    if val.agg_star or val.agg_distinct or val.over or val.agg_filter or val.agg_order or val.func_variadic:
        return "The tool call carries aggregate or window syntax."
    if not all(_arg_ok(a) for a in (val.args or ())):
        return "The tool's arguments must be constants or parameters, not expressions or sub-queries."
    return None
