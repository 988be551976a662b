"""A test-only stand-in for the server's ``plpy`` module, as strict as the real one.

Inside PostgreSQL, PL/Python provides ``plpy``. Outside it, tests put ``plpy/stubs`` on
``sys.path`` so that ``import plpy`` finds this module. Everything that needs a database
raises: code under test must take its database access through a provider object that the
tests replace with a fake, or be tested against the real server.
"""

from __future__ import annotations

from typing import Any, NoReturn


class Error(Exception):
    """Mirrors plpy.Error: carries the fields of a PostgreSQL error report."""

    def __init__(
        self,
        msg: str = "",
        *,
        detail: str | None = None,
        hint: str | None = None,
        sqlstate: str | None = None,
        schema_name: str | None = None,
        table_name: str | None = None,
        column_name: str | None = None,
        datatype_name: str | None = None,
        constraint_name: str | None = None,
    ) -> None:
        super().__init__(msg)
        self.detail = detail
        self.hint = hint
        self.sqlstate = sqlstate
        self.schema_name = schema_name
        self.table_name = table_name
        self.column_name = column_name
        self.datatype_name = datatype_name
        self.constraint_name = constraint_name


class Fatal(Error):
    pass


class SPIError(Error):
    pass


def error(msg: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise Error(msg % args if args else msg, **kwargs)


def fatal(msg: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise Fatal(msg % args if args else msg, **kwargs)


notices: list[tuple[str, str, dict[str, Any]]] = []


def _record(level: str, msg: str, *args: Any, **kwargs: Any) -> None:
    notices.append((level, msg % args if args else msg, kwargs))


def debug(msg: str, *args: Any, **kwargs: Any) -> None:
    _record("debug", msg, *args, **kwargs)


def log(msg: str, *args: Any, **kwargs: Any) -> None:
    _record("log", msg, *args, **kwargs)


def info(msg: str, *args: Any, **kwargs: Any) -> None:
    _record("info", msg, *args, **kwargs)


def notice(msg: str, *args: Any, **kwargs: Any) -> None:
    _record("notice", msg, *args, **kwargs)


def warning(msg: str, *args: Any, **kwargs: Any) -> None:
    _record("warning", msg, *args, **kwargs)


def _no_database(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise NotImplementedError("the plpy stub has no database: use a provider fake, or the live-DB tests")


execute = prepare = cursor = commit = rollback = subtransaction = _no_database


def quote_ident(name: str) -> str:
    if name is None:
        raise TypeError("argument 1 must be str, not None")
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    if value is None:
        raise TypeError("argument 1 must be str, not None")
    if "\\" in value:
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'"
    return "'" + value.replace("'", "''") + "'"


def quote_nullable(value: str | None) -> str:
    return "NULL" if value is None else quote_literal(value)
