"""Catalog entries the user adds to a case, and catalog export/import.

Case entries live in the ``catalog_entry`` table and extend (or, for the same normalised
code, replace) the shipped catalog; ``queries.catalog.case_catalog(session)`` gives the
combined ``Catalog``. Every verb runs one write transaction, writes one audit event per entry
(``catalog_entry.create`` / ``.update`` / ``.delete``) and returns ``Changes``; bad input
raises ``ValidationError`` and changes nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CatalogEntry
from desktop.core.atomic import atomic_file
from desktop.core.casefile import CaseFile
from desktop.core.catalog import (
    catalog_document,
    make_catalog_item,
    read_catalog_file,
)
from desktop.core.changes import Changes, Ref
from desktop.core.errors import UserError, ValidationError, cannot_write
from desktop.core.markings import CatalogItem, normalize_marking
from desktop.core.queries.catalog import case_entries, catalog_item_of

_COLUMNS = ("code", "system", "category", "origin", "description", "citation")


def _audit_fields(item: CatalogItem) -> dict[str, Any]:
    return item.to_dict()


def _rows_by_key(session: Session) -> dict[str, CatalogEntry]:
    out: dict[str, CatalogEntry] = {}
    for row in session.scalars(select(CatalogEntry)):
        for key in catalog_item_of(row).keys:
            out.setdefault(key, row)
    return out


def _find(session: Session, code: str) -> CatalogEntry:
    key = normalize_marking(code) if isinstance(code, str) else ""
    row = _rows_by_key(session).get(key) if key else None
    if row is None or normalize_marking(row.code) != key:
        raise UserError(f"this case has no catalog entry {code!r}")
    return row


def _check_free(item: CatalogItem, taken: dict[str, CatalogEntry], path: str,
                own: CatalogEntry | None = None) -> None:
    for key in item.keys:
        row = taken.get(key)
        if row is not None and row is not own:
            raise ValidationError(f"{key} is already used by the case entry {row.code}", path)


def _insert(case: CaseFile, session: Session, item: CatalogItem) -> Ref:
    row = CatalogEntry(**{c: getattr(item, c) for c in _COLUMNS}, aliases=list(item.aliases))
    session.add(row)
    session.flush()
    case.audit(session, "catalog_entry.create", "catalog_entry", row.id,
               {"after": _audit_fields(item)})
    return Ref("catalog_entry", row.id)


def add_catalog_entry(
    case: CaseFile,
    *,
    code: str,
    system: str,
    category: str = "",
    origin: str = "",
    description: str = "",
    citation: str = "",
    aliases: Iterable[str] = (),
) -> Changes:
    """Add one entry to the case's catalog (it may override a shipped entry's code)."""
    item = make_catalog_item(
        {"code": code, "system": system, "category": category, "origin": origin,
         "description": description, "citation": citation, "aliases": list(aliases)},
        user=True,
    )
    with case.write_session() as session:
        _check_free(item, _rows_by_key(session), "code")
        ref = _insert(case, session, item)
    return Changes.of(created=[ref])


def delete_catalog_entry(case: CaseFile, *, code: str) -> Changes:
    """Remove the case entry with this code (shipped entries cannot be deleted)."""
    with case.write_session() as session:
        row = _find(session, code)
        before = _audit_fields(catalog_item_of(row))
        row_id = row.id
        session.delete(row)
        case.audit(session, "catalog_entry.delete", "catalog_entry", row_id, {"before": before})
    return Changes.of(deleted=[Ref("catalog_entry", row_id)])


def export_catalog(case: CaseFile, path: str | os.PathLike[str]) -> int:
    """Write the case's own entries as a catalog file; returns how many were written."""
    with case.read_session() as session:
        items = case_entries(session)
    with atomic_file(path, error=cannot_write) as tmp:
        tmp.write_text(json.dumps(catalog_document(items), ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
    return len(items)


def import_catalog(case: CaseFile, path: str | os.PathLike[str]) -> Changes:
    """Merge a catalog file into the case: the whole file is validated first, then applied
    in one transaction. New codes are added; a code the case already has is updated when the
    file differs, and left alone when identical."""
    items = read_catalog_file(path, user=True)
    created: list[Ref] = []
    updated: list[Ref] = []
    with case.write_session() as session:
        taken = _rows_by_key(session)
        plan: list[tuple[int, CatalogItem, CatalogEntry | None]] = []
        for i, item in enumerate(items):
            own = taken.get(normalize_marking(item.code))
            if own is not None and normalize_marking(own.code) != normalize_marking(item.code):
                own = None  # the code is an alias of another entry: a conflict, below
            _check_free(item, taken, f"entries[{i}]", own)
            plan.append((i, item, own))
        for _, item, own in plan:
            if own is None:
                created.append(_insert(case, session, item))
                continue
            before = catalog_item_of(own)
            if before == item:
                continue
            for c in _COLUMNS:
                setattr(own, c, getattr(item, c))
            own.aliases = list(item.aliases)
            case.audit(session, "catalog_entry.update", "catalog_entry", own.id,
                       {"before": _audit_fields(before), "after": _audit_fields(item)})
            updated.append(Ref("catalog_entry", own.id))
    return Changes.of(created=created, updated=updated)


# -- undoable forms ---------------------------------------------------------------------------

@dataclass
class AddCatalogEntryCommand:
    """Add a case catalog entry; undo removes it."""

    fields: dict[str, Any]
    text: str = field(default="Add catalog entry")

    def redo(self, case: CaseFile) -> Changes:
        return add_catalog_entry(case, **self.fields)

    def undo(self, case: CaseFile) -> Changes:
        return delete_catalog_entry(case, code=self.fields["code"])


@dataclass
class DeleteCatalogEntryCommand:
    """Delete a case catalog entry; undo adds it back with the same fields."""

    code: str
    text: str = field(default="Delete catalog entry")
    _saved: dict[str, Any] | None = field(default=None, init=False, repr=False)

    def redo(self, case: CaseFile) -> Changes:
        with case.read_session() as session:
            self._saved = catalog_item_of(_find(session, self.code)).to_dict()
        return delete_catalog_entry(case, code=self.code)

    def undo(self, case: CaseFile) -> Changes:
        if self._saved is None:
            raise UserError("nothing to undo: the entry was never deleted")
        return add_catalog_entry(case, **self._saved)
