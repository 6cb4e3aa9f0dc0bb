"""Read side for photo tags and selections: each photo's tags, the tags a case uses, and
the links a selection of photos already has to a claim."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Link, PhotoTag


def tags_by_photo(session: Session, photo_ids: Iterable[int] | None = None
                  ) -> dict[int, tuple[str, ...]]:
    """photo id -> its tags, sorted without case (photos without tags are left out).
    ``photo_ids`` None: every photo."""
    query = select(PhotoTag.photo_id, PhotoTag.tag)
    if photo_ids is not None:
        query = query.where(PhotoTag.photo_id.in_(list(photo_ids)))
    out: dict[int, list[str]] = {}
    for photo_id, tag in session.execute(query):
        out.setdefault(int(photo_id), []).append(tag)
    return {pid: tuple(sorted(tags, key=str.casefold)) for pid, tags in out.items()}


def case_tags(session: Session) -> list[tuple[str, int]]:
    """Every tag used in the case (one spelling per tag, compared without case) with the
    number of photos carrying it, sorted without case."""
    rows = session.execute(select(PhotoTag.tag_key, func.min(PhotoTag.tag),
                                  func.count(PhotoTag.id)).group_by(PhotoTag.tag_key))
    return sorted(((tag, int(n)) for _key, tag, n in rows), key=lambda r: r[0].casefold())


def photos_linked_to_claim(session: Session, photo_ids: Iterable[int],
                           claim_id: int) -> set[int]:
    """Which of ``photo_ids`` already have a link to the claim ``claim_id``."""
    rows = session.scalars(select(Link.from_photo_id).where(
        Link.from_photo_id.in_(list(photo_ids)), Link.to_claim_id == claim_id))
    return {int(pid) for pid in rows if pid is not None}
