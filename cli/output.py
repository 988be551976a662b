"""How results look: rich tables for people, JSON for machines.

Database text (rows, names, comments, SQL in the audit, error messages) is written by agents,
so none of it reaches a terminal as control characters: the consoles below show every C0/C1
control character (ESC above all: cursor moves, erased lines, window titles, links) and every
bidirectional override as a visible escape (a backslash, x1b or u202e); rich's own styling is
unaffected. Renderers also escape rich markup in database text (:func:`text`), and JSON output
escapes the same characters (backslash-u escapes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.segment import Segment
from rich.table import Table

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional marks and overrides
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(value: str) -> str:
    """VALUE with every terminal control character shown as a visible escape."""
    return _UNSAFE.sub(_visible, value)


def text(value: Any) -> str:
    """Database text for a rich markup string: control characters shown, markup escaped."""
    return escape(neutralise(str(value)))


class SafeConsole(Console):
    """A rich Console that never writes a control character it did not make itself."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            seg if seg.control else Segment(neutralise(seg.text), seg.style) for seg in buffer)


console = SafeConsole(highlight=False, soft_wrap=False)
err_console = SafeConsole(stderr=True, highlight=False)


_DECIMAL = re.compile(r'"\\u0000dec:([-+0-9.eE]+)\\u0000"')


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"\u0000dec:{value}\u0000" if value.is_finite() else str(value)
    return str(value)


def dumps(value: Any, indent: int | None = 2, **kw: Any) -> str:
    """JSON with exact numerics (a Decimal is written with its own digits) and no raw terminal
    control characters (json escapes C0; C1 and bidirectional overrides are escaped here too)."""
    out = _DECIMAL.sub(r"\1", json.dumps(value, indent=indent, default=_default, ensure_ascii=False, **kw))
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


def emit_json(value: Any) -> None:
    click.echo(dumps(value))


def cell(value: Any) -> str:
    """A value for a rich table cell (cells are markup): control characters shown, markup escaped."""
    if value is None:
        return "∅"
    if isinstance(value, (dict, list)):
        return text(json.dumps(value, default=str, ensure_ascii=False))
    return text(value)


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, caption: str | None = None) -> None:
    t = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*(cell(v) for v in r))
    console.print(t)


def records(title: str | None, items: list[dict[str, Any]], columns: Sequence[str], *, empty: str = "(none)") -> None:
    if not items:
        console.print(f"[bold]{text(title)}[/bold]: {empty}" if title else empty)
        return
    table(title, columns, ([item.get(c) for c in columns] for item in items))


def say(message: str) -> None:
    """Progress and remarks go to stderr, so stdout stays the result."""
    err_console.print(message)
