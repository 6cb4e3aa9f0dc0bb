"""The catalog a case matches against: the shipped catalog plus the case's own entries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CatalogEntry
from desktop.core.catalog import default_catalog
from desktop.core.markings import Catalog, CatalogItem


def catalog_item_of(row: CatalogEntry) -> CatalogItem:
    """A stored case entry as a catalog item (``user=True``)."""
    return CatalogItem(
        code=row.code, system=row.system, category=row.category or "",
        origin=row.origin or "", description=row.description or "",
        citation=row.citation or "", aliases=tuple(row.aliases or ()), user=True,
    )


def case_entries(session: Session) -> tuple[CatalogItem, ...]:
    """The catalog entries stored in this case, by code."""
    rows = session.scalars(select(CatalogEntry).order_by(CatalogEntry.code)).all()
    return tuple(catalog_item_of(r) for r in rows)


def case_catalog(session: Session) -> Catalog:
    """The shipped catalog plus this case's entries (a case entry wins on the same code)."""
    return default_catalog().with_entries(case_entries(session))
