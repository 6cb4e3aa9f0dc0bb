"""Actor verbs: who makes claims (a ministry, an agency, an official), with affiliation.

Deleting an actor keeps its claims and clears their reference; restoring puts it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from db.base import Base
from db.models import Actor, ActorKind, Claim
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.errors import ValidationError
from desktop.core.ops import entity
from desktop.core.ops.common import Snapshot, parse_enum, parse_text

ACTOR_FIELDS = ("name", "kind", "affiliation")


def _clean_actor(session: Session | None, fields: Mapping[str, Any],
                 existing: Base | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "name":
            out[key] = parse_text(value, key, required=True)
        elif key == "kind":
            out[key] = parse_enum(ActorKind, value, key)
        else:
            out[key] = parse_text(value, key)
    if existing is None and "name" not in out:
        raise ValidationError("must not be empty", "name")
    return out


ACTOR = entity.EntitySpec("actor", Actor, ACTOR_FIELDS, _clean_actor,
                          referrers=((Claim, "actor_id"),))


def create_actor(case: CaseFile, *, name: str, kind: ActorKind | str = ActorKind.OTHER,
                 affiliation: str = "") -> tuple[int, Changes]:
    """Add an actor (kind: government|ministry|agency|official|military|media|ngo|other)."""
    return entity.create(case, ACTOR, {"name": name, "kind": kind, "affiliation": affiliation})


def update_actor(case: CaseFile, *, actor_id: int, **fields: Any) -> Changes:
    """Edit an actor's name, kind or affiliation."""
    return entity.update(case, ACTOR, actor_id, fields)


def delete_actor(case: CaseFile, *, actor_id: int) -> tuple[Snapshot, Changes]:
    """Delete an actor; its claims stay, without an actor."""
    return entity.delete(case, ACTOR, actor_id)


def restore_actor(case: CaseFile, *, snapshot: Snapshot) -> Changes:
    """Undo ``delete_actor``."""
    return entity.restore(case, ACTOR, snapshot)
