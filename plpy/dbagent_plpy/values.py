"""Turning the rows PL/Python hands back into JSON values, exactly.

numeric stays exact (a JSON number with the same digits), json/jsonb become JSON, bytea
becomes its hex text, NaN and infinities become strings; every other type keeps
PostgreSQL's own text form.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any

JSON_TYPES = {114, 3802}  # json, jsonb
JSON_ARRAY_TYPES = {199, 3807}


class Raw(str):
    """A JSON fragment written as is (exact numerics)."""


def convert(value: Any, type_oid: int | None = None) -> Any:
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        if type_oid in JSON_TYPES:
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        if value.is_finite():
            return Raw(str(value))
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, list):
        elem = 3802 if type_oid in JSON_ARRAY_TYPES else None
        return [convert(v, elem) for v in value]
    if isinstance(value, dict):
        return {k: convert(v) for k, v in value.items()}
    return str(value)


_RAW = re.compile(r'"\\u0000raw:([-+0-9.eE]+)\\u0000"')


def _default(value: Any) -> Any:
    raise TypeError(f"not JSON: {type(value).__name__}")


def _mark(value: Any) -> Any:
    """Raw fragments become marked strings, which one regular expression unquotes afterwards."""
    if isinstance(value, Raw):
        return "\u0000raw:" + str(value) + "\u0000"
    if isinstance(value, dict):
        return {k: _mark(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mark(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """json.dumps that writes Raw fragments (exact numerics) unquoted."""
    return _RAW.sub(r"\1", json.dumps(_mark(value), ensure_ascii=False, default=_default))
