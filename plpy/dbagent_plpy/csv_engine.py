"""The CSV engine's limits and the context of one tool call.

Every DuckDB connection dbagent opens comes from :class:`Engine.connect`, which sets

* ``memory_limit``: a share of the call's memory budget (``csv_memory_limit_mb``, default 512 MB
  for the whole call, DuckDB included; DuckDB gets 60 %, the rest is for Python and PostgreSQL);
* ``threads``: ``csv_threads`` (default 2);
* ``temp_directory``: a folder of the call's work directory under dbagent's storage (never
  PGDATA), removed with it; ``max_temp_directory_size``: ``csv_max_temp_mb`` (default 4096).

so DuckDB spills to disk instead of growing, and stops with a clear error when even the disk
budget is not enough. An admin changes the limits with ``agent.admin_set_settings``.

The engine keeps the connections it opened, so whoever holds it (the statement clock) can stop
the work: :meth:`Engine.interrupt` interrupts every running DuckDB query and makes the next
:meth:`Engine.check` in a Python loop raise. DuckDB's own InterruptException passes through
untouched (no handler here catches it).
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from typing import Any, Final

from .csv_sniff import CsvError

__all__ = ["Limits", "Engine", "Cancelled", "limits_from_settings", "duckdb_error", "DEFAULTS"]

DEFAULTS: Final = {"csv_memory_limit_mb": 512, "csv_threads": 2, "csv_max_temp_mb": 4096}
_DUCKDB_SHARE: Final = 0.6


class Cancelled(Exception):
    """The call was stopped (Engine.interrupt) while Python was working."""


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 512
    threads: int = 2
    max_temp_mb: int = 4096

    @property
    def duckdb_memory_mb(self) -> int:
        return max(64, int(self.memory_mb * _DUCKDB_SHARE))

    @property
    def exact_distinct_bytes(self) -> int:
        """Files up to this size get exact distinct counts (DuckDB's hash sets fit the budget)."""
        return max(8 << 20, (self.duckdb_memory_mb << 20) // 4)


def _setting_int(settings: dict[str, Any], key: str, lo: int, hi: int) -> int:
    raw = settings.get(key, DEFAULTS[key])
    try:
        value = int(raw)
        if isinstance(raw, bool) or str(value) != str(raw).strip():
            raise ValueError
    except (TypeError, ValueError):
        raise CsvError(
            f"setting {key} must be an integer, not {raw!r}",
            hint=f"An admin can fix it: agent.admin_set_settings('{{\"{key}\": {DEFAULTS[key]}}}').",
            sqlstate="22023",
        ) from None
    if not lo <= value <= hi:
        raise CsvError(
            f"setting {key} must be between {lo} and {hi}, not {value}",
            hint=f"An admin can fix it: agent.admin_set_settings('{{\"{key}\": {DEFAULTS[key]}}}').",
            sqlstate="22023",
        )
    return value


def limits_from_settings(settings: dict[str, Any]) -> Limits:
    """The limits an admin set in agent.setting (validated), or the defaults."""
    return Limits(
        memory_mb=_setting_int(settings, "csv_memory_limit_mb", 128, 1 << 20),
        threads=_setting_int(settings, "csv_threads", 1, 256),
        max_temp_mb=_setting_int(settings, "csv_max_temp_mb", 0, 1 << 24),
    )


class Engine:
    """One tool call's CSV work: its limits, its work directory, its DuckDB connections."""

    def __init__(self, limits: Limits | None = None, work_dir: str | None = None) -> None:
        self.limits = limits or Limits()
        self.work_dir = work_dir
        self._cons: list[Any] = []
        self._lock = threading.Lock()
        self.cancelled = False
        self._tmp: str | None = None

    def connect(self) -> Any:
        """A fresh in-memory DuckDB connection with the call's limits."""
        import duckdb

        self.check()
        lim = self.limits
        config: dict[str, Any] = {
            "threads": lim.threads,
            "memory_limit": f"{lim.duckdb_memory_mb}MB",
            "preserve_insertion_order": False,
            "enable_external_access": True,
            "max_temp_directory_size": f"{lim.max_temp_mb}MB",
        }
        if self.work_dir is not None:
            if self._tmp is None:
                self._tmp = os.path.join(self.work_dir, f"duckdb_tmp_{os.getpid()}_{id(self):x}")
                os.makedirs(self._tmp, mode=0o700, exist_ok=True)
            config["temp_directory"] = self._tmp
        con = duckdb.connect(":memory:", config=config)
        con.execute("set enable_progress_bar = false")  # it would write to the server's stdout
        with self._lock:
            self._cons.append(con)
        return con

    def close(self, con: Any) -> None:
        with self._lock:
            if con in self._cons:
                self._cons.remove(con)
        con.close()

    def interrupt(self) -> None:
        """Stop the call's DuckDB queries now and its Python loops at their next check."""
        self.cancelled = True
        with self._lock:
            cons = list(self._cons)
        for con in cons:
            con.interrupt()

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled("the CSV work was stopped")

    def close_all(self) -> None:
        """Close every connection and remove DuckDB's spill folder."""
        import shutil

        with self._lock:
            cons, self._cons = self._cons, []
        for con in cons:
            con.close()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def duckdb_error(e: Exception, *, what: str) -> Exception:
    """Turn a DuckDB error about the file or the limits into a CsvError (without echoing the
    offending line). Anything else (an interrupt above all) is returned unchanged, to be raised."""
    import duckdb

    if isinstance(e, duckdb.InterruptException):
        return e
    text = str(e)
    if isinstance(e, duckdb.OutOfMemoryException) or "Out of Memory" in text:
        return CsvError(
            "the CSV engine needs more memory than this server allows",
            detail="DuckDB stopped: " + text.split("\n", 1)[0][:300],
            hint="Ask an admin to raise csv_memory_limit_mb (agent.admin_set_settings), or split the file.",
            sqlstate="53200",
        )
    if "max_temp_directory_size" in text or ("temp" in text.lower() and "size" in text.lower()
                                             and isinstance(e, duckdb.IOException)):
        return CsvError(
            "the CSV engine needs more temporary disk space than this server allows",
            detail=text.split("\n", 1)[0][:300],
            hint="Ask an admin to raise csv_max_temp_mb (agent.admin_set_settings), or split the file.",
            sqlstate="53100",
        )
    if not isinstance(e, (duckdb.InvalidInputException, duckdb.ConversionException)):
        return e
    first = text.split("\n", 1)[0]
    m = re.search(r"CSV Error on Line: (\d+)", text)
    detail = f"line {m.group(1)}: the reader stopped here." if m else None
    reason = ""
    for key, say in (
        ("Expected Number of Columns", "a row has a different number of fields than the header"),
        ("Invalid unicode", "the file is not valid UTF-8"),
        ("Value with unterminated quote", "a quoted field is never closed"),
        ("unterminated quote", "a quoted field is never closed"),
        ("Maximum line size", "a record is longer than the reader accepts"),
        ("maximum line size", "a record is longer than the reader accepts"),
        ("quoted value", "a quoted field is followed by more characters"),
        ("UNQUOTED", "a quoted field is followed by more characters"),
    ):
        if key in text:
            reason = say
            break
    if not reason:
        reason = first.replace("Invalid Input Error: ", "")[:200]
        if "Original Line" in reason:
            reason = "the csv reader failed"
    return CsvError(
        f"{what}: {reason}",
        detail=detail,
        hint="Check the dialect (delimiter, quote, escape, header), or skip bad rows.",
        sqlstate="22P04",
    )
