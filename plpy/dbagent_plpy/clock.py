"""The statement clock: a limit that nothing inside a tool call can outlive.

PostgreSQL arms ``statement_timeout`` when a top-level statement starts, with the session's
value, which any login role may SET; a setting changed inside a function does not re-arm it.
So dbagent keeps its own clock, a POSIX timer (``timer_create``) of the backend process:

* at the deadline it sends the backend SIGINT, PostgreSQL's cancel: the running statement stops
  with SQLSTATE 57014 at its next interrupt check, and dbagent reports the base's limit;
* it keeps sending SIGINT every ``repeat_ms`` while the call goes on, so code that caught one
  cancel gets the next (the parse wall refuses handlers that name query_canceled; this is the
  second wall, for code it did not see);
* at the deadline plus ``grace_ms`` it sends SIGTERM: the backend ends (FATAL 57P01), its
  transaction is rolled back, and nothing of the call stays;
* DuckDB connections registered with :meth:`Clock.watch` are interrupted at the deadline (DuckDB
  does not look at PostgreSQL's signals); Python loops call :meth:`Clock.check`.

The timers belong to the call: leaving the ``with`` block deletes them, whatever happened.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import threading
import time
from types import TracebackType
from typing import Any

from dbagent_plpy.errors import ToolError

_CLOCK_MONOTONIC = 1
_SIGEV_SIGNAL = 0

# A call may run this long past its limit before the backend is ended (setting timeout_grace_ms).
DEFAULT_GRACE_MS = 2_000
# While a call outlives its limit, SIGINT is sent again this often.
REPEAT_MS = 100


class _Sigevent(ctypes.Structure):
    # struct sigevent on Linux (x86_64 and aarch64): 64 bytes
    _fields_ = [
        ("sigev_value", ctypes.c_void_p),
        ("sigev_signo", ctypes.c_int),
        ("sigev_notify", ctypes.c_int),
        ("_pad", ctypes.c_int * 12),
    ]


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class _Itimerspec(ctypes.Structure):
    _fields_ = [("it_interval", _Timespec), ("it_value", _Timespec)]


def load_libc() -> ctypes.CDLL:
    lib = ctypes.CDLL(None, use_errno=True)
    if not hasattr(lib, "timer_create"):
        name = ctypes.util.find_library("rt")
        if name:
            lib = ctypes.CDLL(name, use_errno=True)
    return lib


def libc(GD: dict[str, Any]) -> ctypes.CDLL:
    """The C library (and the backend's own symbols), loaded once per session."""
    lib = GD.get("dbagent_libc")
    if lib is None:
        lib = GD["dbagent_libc"] = load_libc()
    return lib


def _timespec(seconds: float) -> _Timespec:
    ts = _Timespec()
    ts.tv_sec = int(seconds)
    ts.tv_nsec = int((seconds - int(seconds)) * 1e9)
    return ts


class _PosixTimer:
    def __init__(self, lib: ctypes.CDLL, signo: int) -> None:
        self._lib = lib
        self._id = ctypes.c_void_p()
        ev = _Sigevent()
        ev.sigev_signo = signo
        ev.sigev_notify = _SIGEV_SIGNAL
        if lib.timer_create(_CLOCK_MONOTONIC, ctypes.byref(ev), ctypes.byref(self._id)) != 0:
            raise OSError(ctypes.get_errno(), "timer_create failed")
        self.live = True

    def set(self, first_s: float, repeat_s: float = 0.0) -> None:
        spec = _Itimerspec()
        spec.it_value = _timespec(max(first_s, 0.001))
        spec.it_interval = _timespec(repeat_s)
        if self._lib.timer_settime(self._id, 0, ctypes.byref(spec), None) != 0:
            raise OSError(ctypes.get_errno(), "timer_settime failed")

    def delete(self) -> None:
        if self.live:
            self.live = False
            self._lib.timer_delete(self._id)


class Clock:
    """``with Clock(ms) as clock:`` bounds everything in the block to MS (plus the grace)."""

    def __init__(self, ms: int, lib: ctypes.CDLL | None = None, *, grace_ms: int = DEFAULT_GRACE_MS,
                 repeat_ms: int = REPEAT_MS, what: str = "the base's statement timeout") -> None:
        self.ms = ms
        self.grace_ms = grace_ms
        self.repeat_ms = repeat_ms
        self.what = what
        self.started = 0.0
        self.deadline = 0.0
        self._lib = lib or load_libc()
        self._cancel: _PosixTimer | None = None
        self._end: _PosixTimer | None = None
        self._watched: list[Any] = []
        self._thread: threading.Timer | None = None

    def __enter__(self) -> Clock:
        self._cancel = _PosixTimer(self._lib, signal.SIGINT)
        if self.grace_ms:  # 0: cancel only (dbagent's own queries, which catch no cancel)
            try:
                self._end = _PosixTimer(self._lib, signal.SIGTERM)
            except BaseException:
                self._cancel.delete()
                raise
        self.started = time.monotonic()
        self.rearm(self.ms)
        return self

    def rearm(self, ms: int) -> None:
        """Make the deadline MS milliseconds from now (never later than the current one)."""
        now = time.monotonic()
        deadline = now + ms / 1000.0
        if self.deadline and deadline > self.deadline:
            deadline = self.deadline
        self.deadline = deadline
        remaining = max(deadline - now, 0.001)
        assert self._cancel is not None
        self._cancel.set(remaining, self.repeat_ms / 1000.0)
        if self._end is not None:
            self._end.set(remaining + self.grace_ms / 1000.0)
        if self._watched:
            self._start_watch()

    @property
    def expired(self) -> bool:
        return bool(self.deadline) and time.monotonic() >= self.deadline - 0.0005

    @property
    def elapsed_ms(self) -> float:
        return (time.monotonic() - self.started) * 1000.0

    @property
    def remaining_ms(self) -> float:
        return max((self.deadline - time.monotonic()) * 1000.0, 0.0)

    def watch(self, con: Any) -> None:
        """Interrupt CON (anything with ``interrupt()``, e.g. a DuckDB connection) at the deadline."""
        self._watched.append(con)
        self._start_watch()

    def unwatch(self, con: Any) -> None:
        if con in self._watched:
            self._watched.remove(con)

    def _start_watch(self) -> None:
        if self._thread is not None:
            self._thread.cancel()
        self._thread = threading.Timer(self.remaining_ms / 1000.0, self._interrupt_watched)
        self._thread.daemon = True
        self._thread.start()

    def _interrupt_watched(self) -> None:
        for con in list(self._watched):
            try:
                con.interrupt()
            except Exception:  # noqa: BLE001 - a closed connection has nothing left to stop
                pass

    def check(self) -> None:
        """For Python loops: raise the timeout error once the deadline has passed."""
        if self.expired:
            raise self.timeout_error()

    def timeout_error(self, detail: str | None = None, statement: int | None = None) -> ToolError:
        return ToolError(
            "57014",
            f"canceling statement due to {self.what} ({self.ms} ms)",
            detail=detail,
            hint="Make the work cheaper (an index, a LIMIT, fewer rows) or split it; the limit is the base's, "
                 "set by its admin.",
            statement=statement,
        )

    def stop(self) -> None:
        fired = self.expired
        for t in (self._cancel, self._end):
            if t is not None:
                t.delete()
        if self._thread is not None:
            self._thread.cancel()
            self._thread = None
        self._watched.clear()
        if fired:
            _clear_pending_cancel(self._lib)

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def _clear_pending_cancel(lib: ctypes.CDLL) -> None:
    """A SIGINT of ours that arrived after the statement it was meant for ended must not cancel
    dbagent's own next step (the audit row): forget it. PostgreSQL's flag, in its own process."""
    try:
        ctypes.c_int.in_dll(lib, "QueryCancelPending").value = 0
    except (ValueError, AttributeError):
        pass


def grace_ms(GD: dict[str, Any]) -> int:
    """The setting timeout_grace_ms (how long a call may outlive its limit), or the default."""
    import plpy

    plan = GD.get("dbagent_grace_plan")
    if plan is None:
        plan = GD["dbagent_grace_plan"] = plpy.prepare(
            "select (s.value #>> '{}')::int as ms from agent.setting s where s.key = 'timeout_grace_ms'")
    rows = plpy.execute(plan)
    return (rows[0]["ms"] if len(rows) else None) or DEFAULT_GRACE_MS


# ---------------------------------------------------------------------- PL/pgSQL tools
def start_session_clock(GD: dict[str, Any], ms: int) -> None:
    """The clock of a PL/pgSQL tool call (agent._clock_start): one cancel at the deadline.

    Those tools run only dbagent's catalog queries, which catch no cancel, so the clock neither
    repeats nor ends the backend; a clock left by an earlier call is stopped first.
    """
    stop_session_clock(GD)
    c = Clock(ms, libc(GD), repeat_ms=0, grace_ms=0)
    c.__enter__()
    GD["dbagent_clock"] = c


def stop_session_clock(GD: dict[str, Any]) -> bool:
    """Stop it; whether its deadline had passed."""
    c = GD.pop("dbagent_clock", None)
    if c is None:
        return False
    expired = c.expired
    c.stop()
    return expired
