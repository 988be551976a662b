"""Unit tests of plpy/ run outside the server: the strict ``plpy`` stub stands in for the real module."""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
for _p in (_ROOT / "plpy" / "stubs", _ROOT / "plpy"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))
