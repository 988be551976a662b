"""A statement timeout that the session cannot lift.

PostgreSQL arms ``statement_timeout`` when a top-level statement starts, with the session's
value, which any login role may SET. A setting changed inside a function does not re-arm
it. So execute_sql keeps its own clock: a POSIX timer (``timer_create``) that sends this
backend SIGINT when the base's limit is reached. SIGINT is PostgreSQL's query-cancel signal:
the running statement stops with SQLSTATE 57014 at its next interrupt check, and dbagent
reports it as the base's statement timeout.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import time
from types import TracebackType

_CLOCK_MONOTONIC = 1
_SIGEV_SIGNAL = 0


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


class CancelTimer:
    """``with CancelTimer(ms) as t:`` cancels the backend's statement after MS milliseconds."""

    def __init__(self, ms: int, lib: ctypes.CDLL | None = None) -> None:
        self.ms = ms
        self.started = 0.0
        self.deadline = 0.0
        self._lib = lib or load_libc()
        self._timer = ctypes.c_void_p()
        self._armed = False

    def __enter__(self) -> CancelTimer:
        ev = _Sigevent()
        ev.sigev_signo = signal.SIGINT
        ev.sigev_notify = _SIGEV_SIGNAL
        if self._lib.timer_create(_CLOCK_MONOTONIC, ctypes.byref(ev), ctypes.byref(self._timer)) != 0:
            raise OSError(ctypes.get_errno(), "timer_create failed")
        self._armed = True
        self.started = time.monotonic()
        self.rearm(self.ms)
        return self

    def rearm(self, ms: int) -> None:
        """Fire MS milliseconds from now (never later than the current deadline)."""
        now = time.monotonic()
        deadline = now + ms / 1000.0
        if self.deadline and deadline > self.deadline:
            deadline = self.deadline
        self.deadline = deadline
        remaining = max(deadline - now, 0.001)
        spec = _Itimerspec()
        spec.it_value.tv_sec = int(remaining)
        spec.it_value.tv_nsec = int((remaining - int(remaining)) * 1e9)
        self._lib.timer_settime(self._timer, 0, ctypes.byref(spec), None)

    @property
    def expired(self) -> bool:
        return bool(self.deadline) and time.monotonic() >= self.deadline - 0.0005

    @property
    def elapsed_ms(self) -> float:
        return (time.monotonic() - self.started) * 1000.0

    def disarm(self) -> None:
        if self._armed:
            self._lib.timer_delete(self._timer)
            self._armed = False

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.disarm()
