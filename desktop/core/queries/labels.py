"""Find objects by their stored labels (P7, C3, L2, S1, A12), as users type them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Annotation, Claim, Location, Photo, Source
from desktop.core.errors import UserError
from desktop.core.labels import KIND_PREFIX, parse_label

MODELS: dict[str, Any] = {
    "photo": Photo, "claim": Claim, "location": Location, "source": Source,
    "annotation": Annotation,
}


def normalize_label(text: str) -> str:
    """``" c3 "`` -> ``"C3"``, ``"C03"`` -> ``"C3"`` (no check of the prefix)."""
    parsed = parse_label(text)
    return f"{parsed[0]}{parsed[1]}" if parsed else text.strip().upper()


def ids_for_labels(session: Session, kind: str, labels: Iterable[str]) -> dict[str, int]:
    """Map each label (any case) of a ``kind`` object to its id, in the order given.

    A label of another kind or one that no object of the case carries raises a
    ``UserError`` naming it (``the case has no claim labelled C9``).
    """
    model = MODELS[kind]
    wanted = [normalize_label(text) for text in labels]
    for text in wanted:
        parsed = parse_label(text)
        if parsed is None or parsed[0] != KIND_PREFIX[kind]:
            raise UserError(f"{text!r} is not a {kind} label (they look like "
                            f"{KIND_PREFIX[kind]}3)")
    found: dict[str, int] = dict(session.execute(
        select(model.label, model.id).where(model.label.in_(wanted))).all())
    missing = [text for text in wanted if text not in found]
    if missing:
        raise UserError(f"the case has no {kind} labelled {', '.join(missing)}")
    return {text: int(found[text]) for text in wanted}
