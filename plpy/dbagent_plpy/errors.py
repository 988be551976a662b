"""The one error type of dbagent's server-side Python.

A tool call that ends in an error is reported to the caller as PostgreSQL error fields:
SQLSTATE, message, detail, hint (and for a failed statement PostgreSQL's own schema, table,
column, constraint fields, in ``extra``). The PL/Python tools return it as ``{"error": ...}``
and ``agent._result()`` raises it: PL/Python would prefix a message it raises itself with its
exception class.
"""

from __future__ import annotations

from typing import Any


class ToolError(Exception):
    def __init__(
        self,
        sqlstate: str,
        message: str,
        *,
        detail: str | None = None,
        hint: str | None = None,
        rule: str | None = None,
        statement: int | None = None,
        statement_sql: str | None = None,
        outcome: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        self.message = message
        self.detail = detail
        self.hint = hint
        self.rule = rule
        self.statement = statement
        self.statement_sql = statement_sql
        self.outcome = outcome or ("denied" if sqlstate == "42501" else "error")
        self.extra = extra or {}

    def fields(self) -> dict[str, Any]:
        """The error as the {"error": ...} a tool returns."""
        return {"sqlstate": self.sqlstate, "message": self.message, "detail": self.detail, "hint": self.hint,
                **self.extra}
