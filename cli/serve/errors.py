"""HTTP statuses for errors: the server's own, and a tool's SQLSTATE by class.

The body of every error is ``{"error": {sqlstate, message, detail, hint, rule}}``; the status
says what kind of failure it is (docs/errors.md has the table):

====  =============================================================================
401   no token, a malformed, unknown, expired or revoked token, a dropped agent's
403   42501: a refusal (the parse wall, a data-model rule, a base not granted, ...)
404   an unknown tool or path; a base name the agent does not have
408   the request body did not arrive within the body timeout
409   23xxx constraint violations, 40xxx serialization failures and deadlocks, 55xxx
      (lock not available), 25xxx: the call may succeed when retried or changed
413   a request body over the limit
422   22xxx bad values (22023 bad arguments), 42xxx other than 42501 (syntax, unknown
      table or column, ...), 0Axxx, 2Fxxx, 39xxx, 44xxx, 54xxx (a dbagent limit:
      SQL size, statements, rows), P0001 and other errors of the call's content
429   the agent's rate or concurrency limit; too many failed tokens from one address
503   53xxx, 57P0x, 08xxx: the database or the server is overloaded, shutting down
      or unreachable; no connection in time
504   57014: the statement or the request ran out of time
500   anything else (XX000 ...)
====  =============================================================================
"""

from __future__ import annotations

from typing import Any

_BY_CLASS = {
    "22": 422, "42": 422, "0A": 422, "2F": 422, "39": 422, "44": 422, "54": 422, "P0": 422,
    "21": 422, "2B": 409, "23": 409, "40": 409, "55": 409, "25": 409,
    "53": 503, "08": 503, "57": 503, "28": 401,
}


def status_for(sqlstate: str | None) -> int:
    if not sqlstate:
        return 503  # no SQLSTATE: the connection was lost
    if sqlstate == "42501":
        return 403
    if sqlstate == "57014":
        return 504
    return _BY_CLASS.get(sqlstate[:2], 500)


def report(sqlstate: str, message: str, hint: str | None = None, detail: str | None = None,
           rule: str | None = None) -> dict[str, Any]:
    return {"sqlstate": sqlstate, "message": message, "detail": detail, "hint": hint, "rule": rule}


# The server's own refusals (no tool ran). SQLSTATEs from PostgreSQL's classes where one fits.
def unauthorized(message: str) -> dict[str, Any]:
    return report("28000", message, hint="Send Authorization: Bearer <token>, a token from "
                  "`dbagent token create` that is not revoked or expired.")


def too_many(message: str, hint: str) -> dict[str, Any]:
    return report("53400", message, hint=hint)
