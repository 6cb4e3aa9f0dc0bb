"""Claim verbs: statements by an actor in a source, with dates and a status.

``about_when`` is EDTF (see ``desktop.core.ops.edtf``): ``2021-03-15``, ``2020-23``
(autumn 2020), ``2020-09-27/2020-11-10``. Statements are stored exactly as given (markup,
right-to-left and any script included). Deleting a claim deletes the links to and from it;
restoring it puts them back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from db.base import Base
from db.models import Actor, Claim, ClaimStatus, Source
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.errors import ValidationError
from desktop.core.ops import entity
from desktop.core.ops.common import Snapshot, parse_date, parse_enum, parse_text
from desktop.core.ops.edtf import validate_edtf

CLAIM_FIELDS = ("statement", "actor_id", "source_id", "claimed_on", "about_when", "status",
                "note")


def _reference(session: Session | None, model: type[Base], value: Any, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"expected an id, got {value!r}", key)
    if session is not None and session.get(model, value) is None:
        raise ValidationError(f"there is no {model.__tablename__} with id {value}", key)
    return value


def _clean_claim(session: Session | None, fields: Mapping[str, Any],
                 existing: Base | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "statement":
            out[key] = parse_text(value, key, required=True)
        elif key == "actor_id":
            out[key] = _reference(session, Actor, value, key)
        elif key == "source_id":
            out[key] = _reference(session, Source, value, key)
        elif key == "claimed_on":
            out[key] = parse_date(value, key)
        elif key == "about_when":
            out[key] = validate_edtf(value, key)
        elif key == "status":
            out[key] = parse_enum(ClaimStatus, value, key)
        else:
            out[key] = parse_text(value, key)
    if existing is None and "statement" not in out:
        raise ValidationError("must not be empty", "statement")
    return out


CLAIM = entity.EntitySpec("claim", Claim, CLAIM_FIELDS, _clean_claim,
                          link_columns=("from_claim_id", "to_claim_id"))


def create_claim(
    case: CaseFile,
    *,
    statement: str,
    actor_id: int | None = None,
    source_id: int | None = None,
    claimed_on: Any = None,
    about_when: str = "",
    status: ClaimStatus | str = ClaimStatus.UNVERIFIED,
    note: str = "",
) -> tuple[int, Changes]:
    """Add a claim. ``claimed_on`` is an ISO date (or ``date``); ``about_when`` EDTF;
    ``status`` unverified|corroborated|disputed|refuted."""
    return entity.create(case, CLAIM, {
        "statement": statement, "actor_id": actor_id, "source_id": source_id,
        "claimed_on": claimed_on, "about_when": about_when, "status": status, "note": note,
    })


def update_claim(case: CaseFile, *, claim_id: int, **fields: Any) -> Changes:
    """Edit any of the claim's fields (names as in ``create_claim``)."""
    return entity.update(case, CLAIM, claim_id, fields)


def delete_claim(case: CaseFile, *, claim_id: int) -> tuple[Snapshot, Changes]:
    """Delete a claim and every link to or from it."""
    return entity.delete(case, CLAIM, claim_id)


def restore_claim(case: CaseFile, *, snapshot: Snapshot) -> Changes:
    """Undo ``delete_claim`` (with its links)."""
    return entity.restore(case, CLAIM, snapshot)
