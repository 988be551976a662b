"""Per-agent rate limits and per-address limits on failed authentications (in memory).

Token buckets: RATE tokens a second up to BURST; a call takes one or is refused with 429 and
the seconds until one is back (Retry-After). The tables are bounded: the least recently used
keys are forgotten past MAX_KEYS, so a flood of addresses cannot grow them without end. Limits
hold per worker process.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass

MAX_KEYS = 100_000


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(self, rate: float, burst: float, *, clock=time.monotonic) -> None:
        self.rate = float(rate)
        self.burst = float(max(burst, 1))
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, key: str) -> float:
        """Take one token for KEY: 0.0 when allowed, else the seconds until one is back."""
        now = self.clock()
        b = self._buckets.get(key)
        if b is None:
            b = _Bucket(self.burst, now)
            self._buckets[key] = b
            if len(self._buckets) > MAX_KEYS:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            b.tokens = min(self.burst, b.tokens + (now - b.at) * self.rate)
            b.at = now
        if b.tokens >= 1.0:
            b.tokens -= 1.0
            return 0.0
        return (1.0 - b.tokens) / self.rate if self.rate > 0 else math.inf

    def blocked(self, key: str) -> float:
        """Seconds until KEY may act again, without taking a token (0.0: it may)."""
        b = self._buckets.get(key)
        if b is None:
            return 0.0
        tokens = min(self.burst, b.tokens + (self.clock() - b.at) * self.rate)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate


class FailureLimiter:
    """Failed authentications per client address: N a minute, then 429 without a lookup."""

    def __init__(self, per_minute: int, *, clock=time.monotonic) -> None:
        self.bucket = RateLimiter(per_minute / 60.0, per_minute, clock=clock)

    def blocked(self, address: str) -> float:
        return self.bucket.blocked(address)

    def failed(self, address: str) -> None:
        self.bucket.take(address)
