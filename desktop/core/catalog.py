"""Catalog files: the shipped ``resources/catalog/catalog.json`` and user export/import files.

Both use one format (schema: ``resources/catalog/catalog.schema.json``)::

    {"format": "fragment-catalog", "version": 1,
     "entries": [{"code": "9M723", "system": "Iskander-M (9K720)", "category": "...",
                  "origin": "...", "description": "...", "citation": "...",
                  "aliases": ["..."]}]}

``parse_catalog_document`` validates a whole document before returning anything, and names
the first problem by its path (``entries[3].system: ...``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from desktop.core.errors import ValidationError
from desktop.core.markings import Catalog, CatalogItem, normalize_marking
from desktop.core.resources import resource_path

CATALOG_FORMAT = "fragment-catalog"
CATALOG_VERSION = 1
MAX_CODE_CHARS = 64
MAX_TEXT_CHARS = 10_000
_TEXT_FIELDS = ("category", "origin", "description", "citation")
_ALL_FIELDS = {"code", "system", "aliases", *_TEXT_FIELDS}


def _text(value: Any, path: str, *, required: bool = False, limit: int = MAX_TEXT_CHARS) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ValidationError("must be text", path)
    if required and not value.strip():
        raise ValidationError("must not be empty", path)
    if len(value) > limit:
        raise ValidationError(f"is longer than {limit} characters", path)
    return value.strip()


def _code(value: Any, path: str) -> str:
    code = _text(value, path, required=True, limit=MAX_CODE_CHARS)
    key = normalize_marking(code)
    if not key:
        raise ValidationError("has no letters or digits", path)
    if "?" in key:
        raise ValidationError("must not contain ? (it stands for an unreadable character)", path)
    return code


def make_catalog_item(fields: Mapping[str, Any], *, path: str = "", user: bool = False
                      ) -> CatalogItem:
    """Validate one entry's fields (code and system required) into a ``CatalogItem``."""
    prefix = f"{path}." if path else ""
    if not isinstance(fields, Mapping):
        raise ValidationError("must be an object", path or "entry")
    unknown = sorted(set(fields) - _ALL_FIELDS)
    if unknown:
        raise ValidationError("is not a catalog field", f"{prefix}{unknown[0]}")
    aliases_raw = fields.get("aliases") or []
    if isinstance(aliases_raw, str) or not isinstance(aliases_raw, list | tuple):
        raise ValidationError("must be a list of text", f"{prefix}aliases")
    aliases = tuple(_code(a, f"{prefix}aliases[{i}]") for i, a in enumerate(aliases_raw))
    return CatalogItem(
        code=_code(fields.get("code"), f"{prefix}code"),
        system=_text(fields.get("system"), f"{prefix}system", required=True),
        aliases=aliases,
        user=user,
        **{name: _text(fields.get(name), f"{prefix}{name}") for name in _TEXT_FIELDS},
    )


def parse_catalog_document(doc: Any, *, user: bool = False) -> tuple[CatalogItem, ...]:
    """Every entry of a catalog document, or a ``ValidationError`` for the first problem."""
    if not isinstance(doc, Mapping):
        raise ValidationError("a catalog file must hold a JSON object")
    if doc.get("format") != CATALOG_FORMAT:
        raise ValidationError(f'must be "{CATALOG_FORMAT}"', "format")
    if doc.get("version") != CATALOG_VERSION:
        raise ValidationError(f"must be {CATALOG_VERSION} (this version of Fragment reads "
                              f"catalog version {CATALOG_VERSION})", "version")
    entries = doc.get("entries")
    if not isinstance(entries, list):
        raise ValidationError("must be a list", "entries")
    items: list[CatalogItem] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(entries):
        item = make_catalog_item(raw, path=f"entries[{i}]", user=user)
        for key in item.keys:
            if key in seen:
                raise ValidationError(f"{key} is already used by {seen[key]}", f"entries[{i}]")
            seen[key] = item.code
        items.append(item)
    return tuple(items)


def read_catalog_file(path: str | os.PathLike[str], *,
                      user: bool = True) -> tuple[CatalogItem, ...]:
    """Read and validate a catalog JSON file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"cannot read {p}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{p} is not UTF-8 text") from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{p.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    return parse_catalog_document(doc, user=user)


def catalog_document(items: tuple[CatalogItem, ...] | list[CatalogItem]) -> dict[str, Any]:
    """A catalog document holding ``items`` (for export)."""
    return {
        "format": CATALOG_FORMAT,
        "version": CATALOG_VERSION,
        "entries": [item.to_dict() for item in items],
    }


@cache
def default_catalog() -> Catalog:
    """The catalog shipped with Fragment (read once, then cached)."""
    return Catalog(read_catalog_file(resource_path("catalog", "catalog.json"), user=False))
