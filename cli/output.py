"""How results look: rich tables for people, JSON for machines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, default=str, ensure_ascii=False))


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
