"""How results look: rich tables for people, JSON for machines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import click
from rich.console import Console
from rich.table import Table

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)


_DECIMAL = re.compile(r'"\\u0000dec:([-+0-9.eE]+)\\u0000"')


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"\u0000dec:{value}\u0000" if value.is_finite() else str(value)
    return str(value)


def dumps(value: Any, indent: int | None = 2, **kw: Any) -> str:
    """JSON with exact numerics: a Decimal is written with its own digits."""
    return _DECIMAL.sub(r"\1", json.dumps(value, indent=indent, default=_default, ensure_ascii=False, **kw))


def emit_json(value: Any) -> None:
    click.echo(dumps(value))


def cell(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, caption: str | None = None) -> None:
    t = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*(cell(v) for v in r))
    console.print(t)


def records(title: str | None, items: list[dict[str, Any]], columns: Sequence[str], *, empty: str = "(none)") -> None:
    if not items:
        console.print(f"[bold]{title}[/bold]: {empty}" if title else empty)
        return
    table(title, columns, ([item.get(c) for c in columns] for item in items))


def say(message: str) -> None:
    """Progress and remarks go to stderr, so stdout stays the result."""
    err_console.print(message)
