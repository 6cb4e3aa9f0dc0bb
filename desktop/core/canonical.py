"""RFC 8785 canonical JSON, fast for the values Fragment hashes.

Every audit event and every record digest is hashed over RFC 8785 (JSON Canonicalization
Scheme). The ``rfc8785`` package is the reference and is what the stand-alone
``verify_chain.py`` uses; it is written in pure Python and walks every value generically,
which made hashing the dominant cost of a large ``fragment load``. Our values are plain
JSON (dicts with text keys, lists, text, integers within 2^53, booleans, null and a few
real numbers), so this module writes them directly: text and integers through the standard
library's encoder, whose output for them is exactly RFC 8785's (no escaping beyond control
characters, quote and backslash; lowercase ``\\u00xx``), and real numbers through
``rfc8785`` itself, since ECMAScript number formatting is the subtle part. A property test
compares this with ``rfc8785.dumps`` on generated values.
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785

_encode_text = json.JSONEncoder(ensure_ascii=False).encode


def json_text(value: str) -> str:
    """RFC 8785 form of one text value (the standard library's encoder writes it exactly)."""
    return _encode_text(value)


def canonical(value: Any) -> bytes:
    """RFC 8785 canonical JSON of ``value`` as UTF-8 bytes."""
    if type(value) is str:  # most field values
        return _encode_text(value).encode("utf-8")
    if _plain(value):
        return _encode_sorted(value).encode("utf-8")
    return _text(value).encode("utf-8")


# For values without real numbers whose keys are all ASCII, the standard library's C
# encoder with sorted keys writes RFC 8785 exactly: code-point order equals UTF-16 order
# for ASCII keys, and text and exact integers are written as RFC 8785 writes them. Most of
# what is hashed (row states, field values, event bodies) is such a value.
_encode_sorted = json.JSONEncoder(ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":")).encode
_LIMIT = 2**53


_SIMPLE = frozenset({str, type(None), bool})
_SCALAR = frozenset({str, type(None), bool, int})
_NESTED = frozenset({str, type(None), bool, int, dict, list, tuple})


def _plain(value: Any) -> bool:
    kind = type(value)
    if kind in _SIMPLE:
        return True
    if kind is int:
        return -_LIMIT < value < _LIMIT
    if kind is dict:
        # key and value types are gathered by C-level map/set; only nested values and
        # integers are walked in Python
        if value and (set(map(type, value)) != {str} or not "".join(value).isascii()):
            return False
        return _plain_all(value.values())
    if kind is list or kind is tuple:
        return _plain_all(value)
    return False


def _plain_all(values: Any) -> bool:
    types = set(map(type, values))
    if types <= _SIMPLE:
        return True
    if types <= _SCALAR:  # a row's state: text, integers, nulls; one pass over the integers
        ints = [v for v in values if type(v) is int]
        return min(ints) > -_LIMIT and max(ints) < _LIMIT
    if not types <= _NESTED:
        return False
    return all(_plain(v) for v in values if type(v) not in _SIMPLE)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return _encode_text(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if -(2**53) < value < 2**53:
            return str(value)
        return rfc8785.dumps(value).decode()  # raises: out of RFC 8785's exact range
    if isinstance(value, float):
        return rfc8785.dumps(value).decode()
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: kv[0].encode("utf-16-be"))
        return "{" + ",".join(f"{_encode_text(k)}:{_text(v)}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_text(v) for v in value) + "]"
    return rfc8785.dumps(value).decode()  # anything else: the reference decides (or raises)
