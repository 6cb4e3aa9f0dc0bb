"""Read side of redactions: which annotations the exports withhold, as frozen DTOs.

The decision itself is geometry (``desktop.core.redaction``); this module feeds it a
photo's annotations and sums up what is withheld so the Export dialog and the CLI can say
so, with the stable labels the investigator sees (P2, A5).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Link, Photo
from desktop.core.redaction import ShapeOnPhoto, outline, withheld

WITHHELD_TEXT = "withheld: covered by a redaction"
"""The neutral words the machine-readable exports print where a withheld reading was."""


@dataclass(frozen=True)
class WithheldAnnotation:
    """One annotation whose reading, notes, catalog match and crop the exports leave out."""

    photo_label: str
    label: str
    number: int
    kind: str
    reading: bool
    """A transcription was withheld."""
    notes: int
    """Notes withheld: the annotation's own, and those on its links to claims."""

    @property
    def is_redaction(self) -> bool:
        return self.kind == "redaction"


@dataclass(frozen=True)
class WithheldSummary:
    """Everything withheld under redactions, in photo and annotation order."""

    annotations: tuple[WithheldAnnotation, ...] = ()

    @property
    def readings(self) -> int:
        return sum(1 for a in self.annotations if a.reading)

    @property
    def notes(self) -> int:
        return sum(a.notes for a in self.annotations)

    def by_photo(self) -> list[tuple[str, tuple[str, ...]]]:
        """``[("P2", ("A5", "A6")), ...]`` in order."""
        grouped: dict[str, list[str]] = {}
        for item in self.annotations:
            grouped.setdefault(item.photo_label, []).append(item.label)
        return [(photo, tuple(labels)) for photo, labels in grouped.items()]

    def where(self) -> str:
        """``"P2 A5, A6; P3 A9"``: the labels, grouped by photo."""
        return "; ".join(f"{photo} {', '.join(labels)}" for photo, labels in self.by_photo())

    def describe(self) -> str:
        """One English sentence for the command line (the dialog builds its own with tr)."""
        if not self.annotations:
            return ""
        parts = [_count(self.readings, "reading"), _count(self.notes, "note")]
        what = " and ".join(p for p in parts if p) or "Crops"
        return f"{what} withheld under redactions ({self.where()})"


def _count(n: int, word: str) -> str:
    if n == 0:
        return ""
    return f"1 {word}" if n == 1 else f"{n} {word}s"


def withheld_ids(photo: Photo) -> frozenset[int]:
    """Ids of the annotations of ``photo`` (ORM, annotations loaded) the exports withhold."""
    shapes = [ShapeOnPhoto(a.id, a.kind.value, outline(a.shape_type.value, a.geometry))
              for a in photo.annotations]
    return withheld(shapes, long_side=max(photo.width, photo.height))


def summarise(photos: Iterable[Photo], withheld_by_photo: dict[int, frozenset[int]],
              links: Iterable[Link]) -> WithheldSummary:
    """What is withheld from these photos, given the withheld ids and the case's links.

    A redaction is listed only when it has a reading or notes to withhold; an annotation
    it covers is always listed (its crop is withheld even when it has no text).
    """
    link_notes: dict[int, int] = {}
    for link in links:
        if link.from_annotation_id is not None and link.to_claim_id is not None and link.note:
            link_notes[link.from_annotation_id] = link_notes.get(link.from_annotation_id, 0) + 1
    items = []
    for photo in photos:
        ids = withheld_by_photo.get(photo.id, frozenset())
        for ann in photo.annotations:
            if ann.id not in ids:
                continue
            reading = bool(ann.transcription.strip())
            notes = (1 if ann.notes.strip() else 0) + link_notes.get(ann.id, 0)
            if ann.kind.value == "redaction" and not reading and not notes:
                continue
            items.append(WithheldAnnotation(photo.label, ann.label, ann.number,
                                            ann.kind.value, reading, notes))
    return WithheldSummary(tuple(items))


def withheld_summary(session: Session) -> WithheldSummary:
    """What the exports of the whole case withhold under redactions."""
    photos = list(session.scalars(
        select(Photo).options(selectinload(Photo.annotations))
        .order_by(Photo.imported_at, Photo.id)))
    ids = {photo.id: withheld_ids(photo) for photo in photos}
    wanted = [i for group in ids.values() for i in group]
    links = list(session.scalars(select(Link).where(Link.from_annotation_id.in_(wanted))))
    return summarise(photos, ids, links)

