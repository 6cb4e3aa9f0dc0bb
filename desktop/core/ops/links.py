"""Link verbs: typed edges between evidence, claims and locations.

Allowed links (anything else is refused with a sentence saying so):

=====================  ==========================================  =====================
from                   to                                          typed by
=====================  ==========================================  =====================
annotation or photo    claim                                       stance: supports |
                                                                   contradicts | context
claim                  another claim                               stance: supports |
                                                                   contradicts
photo                  location                                    relation: found_at
claim                  location                                    relation: about
=====================  ==========================================  =====================

Ends are given as ``Ref(kind, id)``; the ``Changes`` of creating, deleting or restoring a
link report both ends as updated (their evidence changed). A second link between the same
two objects is refused (for claim <-> claim in either direction): edit the existing link's
stance instead. Only ``stance`` and ``note`` can be edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from db.base import Base
from db.models import Annotation, Citation, Claim, Link, Location, Photo, Relation, Stance
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes, Ref
from desktop.core.errors import ValidationError
from desktop.core.link_ends import FROM_COLUMNS, TO_COLUMNS, link_ends
from desktop.core.ops import citations, entity
from desktop.core.ops.common import Snapshot, parse_enum, parse_text

MODELS: dict[str, type[Base]] = {"annotation": Annotation, "photo": Photo, "claim": Claim,
                                 "location": Location}
# (from kind, to kind) -> (typed by, allowed values)
RULES: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("annotation", "claim"): ("stance", ("supports", "contradicts", "context")),
    ("photo", "claim"): ("stance", ("supports", "contradicts", "context")),
    ("claim", "claim"): ("stance", ("supports", "contradicts")),
    ("photo", "location"): ("relation", ("found_at",)),
    ("claim", "location"): ("relation", ("about",)),
}
LINK_FIELDS = ("stance", "note")
_CREATE_FIELDS = (*FROM_COLUMNS.values(), *TO_COLUMNS.values(), "stance", "relation", "note")


def _clean_link(session: Session | None, fields: Mapping[str, Any],
                existing: Base | None) -> dict[str, Any]:
    if isinstance(existing, Link):
        start, end = link_ends(existing)
    else:
        start, end = link_ends({c: fields.get(c) for c in _CREATE_FIELDS})
    typed_by, allowed = RULES[(start.kind, end.kind)]
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "note":
            out[key] = parse_text(value, key)
        elif key in ("stance", "relation"):
            if key != typed_by:
                if value is not None:
                    raise ValidationError(
                        f"a {start.kind} -> {end.kind} link has a {typed_by}, not a {key}", key)
                out[key] = None
                continue
            if value is None:
                raise ValidationError(f"a {start.kind} -> {end.kind} link needs a {typed_by} "
                                      f"({' or '.join(allowed)})", typed_by)
            enum_cls = Stance if key == "stance" else Relation
            member = parse_enum(enum_cls, value, key)
            if member.value not in allowed:
                raise ValidationError(
                    f"a {start.kind} -> {end.kind} link cannot have {key} {member.value}; "
                    f"use {' or '.join(allowed)}", key)
            out[key] = member
        else:
            out[key] = value
    if existing is None and out.get(typed_by) is None:
        raise ValidationError(f"a {start.kind} -> {end.kind} link needs a {typed_by} "
                              f"({' or '.join(allowed)})", typed_by)
    return out


LINK = entity.EntitySpec("link", Link, LINK_FIELDS, _clean_link, creatable=_CREATE_FIELDS,
                         referrers=((Citation, "link_id"),))


def check_link_ends(session: Session, start: Ref, end: Ref) -> None:
    """Refuse unknown pairs, missing objects, self-links and duplicates."""
    if (start.kind, end.kind) not in RULES:
        pairs = ", ".join(f"{a} -> {b}" for a, b in RULES)
        raise ValidationError(f"cannot link a {start.kind} to a {end.kind}; allowed: {pairs}",
                              "to")
    for where, ref in (("from", start), ("to", end)):
        if isinstance(ref.id, bool) or not isinstance(ref.id, int):
            raise ValidationError(f"expected an id, got {ref.id!r}", where)
        if session.get(MODELS[ref.kind], ref.id) is None:
            raise ValidationError(f"there is no {ref.kind} with id {ref.id}", where)
    if start == end:
        raise ValidationError("a claim cannot be linked to itself", "to")
    from_col, to_col = FROM_COLUMNS[start.kind], TO_COLUMNS[end.kind]
    same = and_(getattr(Link, from_col) == start.id, getattr(Link, to_col) == end.id)
    if start.kind == end.kind == "claim":
        same = or_(same, and_(Link.from_claim_id == end.id, Link.to_claim_id == start.id))
    if session.scalar(select(Link.id).where(same)) is not None:
        raise ValidationError(
            f"this {start.kind} is already linked to that {end.kind}; edit that link instead",
            "to")


def create_link(
    case: CaseFile,
    *,
    from_ref: Ref,
    to_ref: Ref,
    stance: Stance | str | None = None,
    relation: Relation | str | None = None,
    note: str = "",
    citation: Mapping[str, Any] | None = None,
) -> tuple[int, Changes]:
    """Link two objects (see the module table); ``note`` is the analyst's rationale;
    ``citation`` (``citations.citation_of``) where in a source the link was found.

    For a location link the relation may be omitted (found_at for a photo, about for a
    claim).
    """
    start, end = Ref(*from_ref), Ref(*to_ref)
    if (start.kind, end.kind) in RULES and relation is None:
        typed_by, allowed = RULES[(start.kind, end.kind)]
        if typed_by == "relation":
            relation = allowed[0]
    fields: dict[str, Any] = {c: None for c in (*FROM_COLUMNS.values(), *TO_COLUMNS.values())}
    if start.kind in FROM_COLUMNS:
        fields[FROM_COLUMNS[start.kind]] = start.id
    if end.kind in TO_COLUMNS:
        fields[TO_COLUMNS[end.kind]] = end.id
    fields.update(stance=stance, relation=relation, note=note)
    spec = entity.EntitySpec(
        LINK.kind, LINK.model, LINK.editable, _checked_clean(start, end),
        creatable=_CREATE_FIELDS,
    )
    if citation is None:
        link_id, changes = entity.create(case, spec, fields)
        return link_id, changes | Changes.of(updated=[start, end])
    with case.write_session() as session:
        link_id, changes = entity.create(case, spec, fields)
        citation_id = citations.cite(case, session, citation, link=session.get(Link, link_id))
    return link_id, changes | Changes.of(updated=[start, end],
                                         created=[Ref("citation", citation_id)])


def _checked_clean(start: Ref, end: Ref) -> entity.Cleaner:
    def clean(session: Session | None, fields: Mapping[str, Any],
              existing: Base | None) -> dict[str, Any]:
        assert session is not None
        check_link_ends(session, start, end)
        return _clean_link(session, fields, existing)
    return clean


def update_link(case: CaseFile, *, link_id: int, **fields: Any) -> Changes:
    """Edit a link's ``stance`` and/or ``note``."""
    return entity.update(case, LINK, link_id, fields)


def delete_link(case: CaseFile, *, link_id: int) -> tuple[Snapshot, Changes]:
    """Delete one link (both ends are reported as updated)."""
    snapshot, changes = entity.delete(case, LINK, link_id)
    return snapshot, changes | Changes.of(updated=list(link_ends(snapshot.row)))


def restore_link(case: CaseFile, *, snapshot: Snapshot) -> Changes:
    """Undo ``delete_link`` (refused if either end no longer exists)."""
    with case.read_session() as session:
        start, end = link_ends(snapshot.row)
        for where, ref in (("from", start), ("to", end)):
            if session.get(MODELS[ref.kind], ref.id) is None:
                raise ValidationError(f"the {ref.kind} no longer exists", where)
    return entity.restore(case, LINK, snapshot) | Changes.of(updated=[start, end])
