"""Citations read for views and the dossier: what each source is cited for, and where."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Annotation, Citation, Claim, Link, Location, Photo


@dataclass(frozen=True)
class CitationInfo:
    """A location or link found in a source: what cites it (``L3``, ``A12 → C3``), what
    was read, where (page for PDFs, line, character span) and a short quotation."""

    cites: str
    found_text: str
    origin: str  # "text" (the captured text) or "file" (the attached file's text)
    page: int | None
    line: int
    start_char: int
    end_char: int
    quote: str
    region: tuple[int, ...] | None = None
    """For text read from an image: (x, y, width, height) in its pixels."""

    @property
    def place(self) -> str:
        """``p. 2, l. 14`` (``l. 14`` without pages; the image region for OCR text)."""
        if self.region is not None:
            x, y, w, h = self.region
            return f"l. {self.line}, image region {w}×{h} px at ({x}, {y})"
        return (f"p. {self.page}, l. {self.line}" if self.page is not None
                else f"l. {self.line}")


def _link_label(session: Session, link: Link) -> str:
    ends = []
    for model, column in ((Annotation, link.from_annotation_id), (Photo, link.from_photo_id),
                          (Claim, link.from_claim_id), (Claim, link.to_claim_id),
                          (Location, link.to_location_id)):
        if column is not None:
            row = session.get(model, column)
            ends.append(getattr(row, "label", "") if row is not None else "?")
    return " → ".join(ends)


def citations_by_source(session: Session, source_ids: Iterable[int]
                        ) -> dict[int, tuple[CitationInfo, ...]]:
    """The attached citations of each source, in the order of the source's text (a
    citation whose location or link was deleted is left out)."""
    ids = list(source_ids)
    out: dict[int, list[CitationInfo]] = {}
    if not ids:
        return {}
    rows = session.scalars(select(Citation).where(Citation.source_id.in_(ids))
                           .order_by(Citation.origin, Citation.start_char, Citation.id))
    for c in rows:
        if c.location_id is not None:
            location = session.get(Location, c.location_id)
            cites = location.label if location is not None else ""
        elif c.link_id is not None:
            link = session.get(Link, c.link_id)
            cites = _link_label(session, link) if link is not None else ""
        else:
            continue
        out.setdefault(int(c.source_id or 0), []).append(CitationInfo(
            cites=cites, found_text=" ".join(c.found_text.split()), origin=c.origin,
            page=c.page, line=c.line, start_char=c.start_char, end_char=c.end_char,
            quote=c.quote, region=tuple(c.region) if c.region else None))
    return {k: tuple(v) for k, v in out.items()}
