"""The evidence matrix (what supports and contradicts each claim) and spatial queries.

``evidence_matrix(session)`` gives, for every claim, the annotations and photos linked to it
grouped by stance, and its relations with other claims, seen from each side: a link "C3
contradicts C2" is in C2's ``contradicting_claims`` (C3 contradicts this claim) and in C3's
``contradicted_claims`` (this claim contradicts C2). ``photos_near`` finds photos whose
camera position, or a location they were found at, lies within a radius. All results are
frozen DTOs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import Link, Location, Photo
from desktop.core.geo import distance_m
from desktop.core.queries.investigation import (
    AnnotationInfo,
    ClaimInfo,
    annotations_by_id,
    list_claims,
)

_IN_CHUNK = 900  # ids per ``IN (...)``: well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class EvidenceItem:
    """One annotation or photo linked to a claim, with the analyst's rationale."""

    link_id: int
    stance: str
    note: str
    photo_id: int
    photo_label: str
    photo_file_name: str
    annotation: AnnotationInfo | None
    link_version: int = 0
    """The link's edit counter when read (removing it from a stale view is refused)."""

    @property
    def caption(self) -> str:
        """"A5 · IMG_1.jpg #3 9М723" for an annotation, "P2 IMG_1.jpg" for a whole photo."""
        if self.annotation:
            return self.annotation.caption
        return f"{self.photo_label} {self.photo_file_name}"


@dataclass(frozen=True)
class RelatedClaim:
    """Another claim linked to this one; ``outgoing`` when this claim is the link's start.

    Read it as "<other> <stance> this claim" when incoming, "this claim <stance> <other>"
    when outgoing.
    """

    link_id: int
    claim_id: int
    claim_label: str
    statement: str
    actor_name: str | None
    note: str
    outgoing: bool
    stance: str = "contradicts"
    link_version: int = 0
    """The link's edit counter when read (see ``EvidenceItem.link_version``)."""


def relation_text(relation: RelatedClaim) -> str:
    """The relation worded from this claim's side, in English (for the CLI):
    "C3 (Russian Ministry of Defence) contradicts this claim" or "contradicts C2 (ANAMA)"."""
    other = relation.claim_label or f"claim {relation.claim_id}"
    if relation.actor_name:
        other = f"{other} ({relation.actor_name})"
    if relation.outgoing:
        return f"{relation.stance} {other}"
    return f"{other} {relation.stance} this claim"


@dataclass(frozen=True)
class ClaimEvidence:
    """One row of the evidence matrix."""

    claim: ClaimInfo
    supporting: tuple[EvidenceItem, ...]
    contradicting: tuple[EvidenceItem, ...]
    context: tuple[EvidenceItem, ...]
    contradicting_claims: tuple[RelatedClaim, ...]
    """Claims that contradict this one (the other claim is the link's start)."""
    supporting_claims: tuple[RelatedClaim, ...]
    """Claims that support this one."""
    contradicted_claims: tuple[RelatedClaim, ...] = ()
    """Claims this one contradicts (this claim is the link's start)."""
    supported_claims: tuple[RelatedClaim, ...] = ()
    """Claims this one supports."""

    @property
    def related_claims(self) -> tuple[RelatedClaim, ...]:
        """Every relation with another claim, incoming first, in link order per group."""
        return (*self.contradicting_claims, *self.supporting_claims,
                *self.contradicted_claims, *self.supported_claims)


def evidence_matrix(session: Session, claim_ids: list[int] | None = None, *,
                    with_evidence: bool = True) -> list[ClaimEvidence]:
    """Evidence for and against each claim (all claims, or those in ``claim_ids``).

    With ``with_evidence`` False only the relations between claims are read (the
    annotations and photos linked to a claim are left out: a claim of a big case can have
    thousands)."""
    every = list_claims(session)
    by_id = {c.id: c for c in every}
    claims = [c for c in every if claim_ids is None or c.id in claim_ids]
    wanted = {c.id for c in claims}
    # plain rows, not ORM objects: a big case links thousands of annotations to its claims
    query = (select(Link.id, Link.stance, Link.note, Link.version, Link.from_claim_id,
                    Link.to_claim_id, Link.from_annotation_id, Link.from_photo_id)
             .where(or_(Link.to_claim_id.in_(wanted), Link.from_claim_id.in_(wanted)))
             .order_by(Link.id))
    if not with_evidence:
        query = query.where(Link.from_claim_id.is_not(None), Link.to_claim_id.is_not(None))
    links = session.execute(query).all()
    annotations = annotations_by_id(
        session, [lk.from_annotation_id for lk in links if lk.from_annotation_id is not None])
    photo_ids = sorted({a.photo_id for a in annotations.values()}
                       | {lk.from_photo_id for lk in links if lk.from_photo_id is not None})
    photo_names: dict[int, tuple[str, str]] = {}
    for start in range(0, len(photo_ids), _IN_CHUNK):  # the photos cited, not every photo
        for pid, label, name in session.execute(
                select(Photo.id, Photo.label, Photo.file_name)
                .where(Photo.id.in_(photo_ids[start:start + _IN_CHUNK]))):
            photo_names[pid] = (label, name)
    items: dict[int, dict[str, list[EvidenceItem]]] = {
        cid: {"supports": [], "contradicts": [], "context": []} for cid in wanted}
    # (claim id, outgoing) -> stance -> relations
    related: dict[tuple[int, bool], dict[str, list[RelatedClaim]]] = {
        (cid, out): {"supports": [], "contradicts": []} for cid in wanted
        for out in (False, True)}
    for link in links:
        if link.stance is None:
            continue  # claim -> location links carry a relation, not evidence
        stance = link.stance.value
        if link.from_claim_id is not None and link.to_claim_id is not None:
            for this, other, outgoing in ((link.from_claim_id, link.to_claim_id, True),
                                          (link.to_claim_id, link.from_claim_id, False)):
                if this in wanted and stance in related[(this, outgoing)]:
                    o = by_id[other]
                    related[(this, outgoing)][stance].append(RelatedClaim(
                        link_id=link.id, claim_id=o.id, claim_label=o.label,
                        statement=o.statement, actor_name=o.actor_name, note=link.note,
                        outgoing=outgoing, stance=stance, link_version=link.version))
            continue
        if link.to_claim_id not in wanted:
            continue
        annotation = annotations.get(link.from_annotation_id or -1)
        photo_id = annotation.photo_id if annotation else int(link.from_photo_id or 0)
        items[link.to_claim_id][stance].append(EvidenceItem(
            link_id=link.id, stance=stance, note=link.note, photo_id=photo_id,
            photo_label=photo_names.get(photo_id, ("", ""))[0],
            photo_file_name=photo_names.get(photo_id, ("", ""))[1], annotation=annotation,
            link_version=link.version))
    return [
        ClaimEvidence(
            claim=c,
            supporting=tuple(items[c.id]["supports"]),
            contradicting=tuple(items[c.id]["contradicts"]),
            context=tuple(items[c.id]["context"]),
            contradicting_claims=tuple(related[(c.id, False)]["contradicts"]),
            supporting_claims=tuple(related[(c.id, False)]["supports"]),
            contradicted_claims=tuple(related[(c.id, True)]["contradicts"]),
            supported_claims=tuple(related[(c.id, True)]["supports"]),
        )
        for c in claims
    ]


@dataclass(frozen=True)
class PhotoNear:
    """A photo within the radius: by its camera GPS (``via="gps"``) or because it was found
    at a location within the radius (``via="found_at"``, with ``location_id``)."""

    photo_id: int
    file_name: str
    distance_m: float
    via: str
    location_id: int | None = None
    photo_label: str = ""


NEAR_RADIUS_M = 250.0
"""The radius the window lists a photo's or a point's neighbours within."""


def photos_near(session: Session, lat: float, lon: float, radius_m: float, *,
                exclude_photo_id: int | None = None) -> list[PhotoNear]:
    """Photos near a point, nearest first; each photo once, by its nearest position.
    ``exclude_photo_id``: leave that photo out (the one whose neighbours are asked for)."""
    # A bounding box in degrees prefilters in SQL (wrapping at ±180°); the geodesic
    # distance decides.
    dlat = radius_m / 111_000 + 1e-6
    cos_lat = math.cos(math.radians(min(89.9, abs(lat) + dlat)))
    dlon = min(180.0, radius_m / (111_000 * cos_lat) + 1e-6)
    best: dict[int, PhotoNear] = {}

    def lon_window(column: Any) -> Any:
        low, high = lon - dlon, lon + dlon
        if dlon >= 180:
            return column.is_not(None)
        if low < -180:
            return or_(column >= low + 360, column <= high)
        if high > 180:
            return or_(column >= low, column <= high - 360)
        return column.between(low, high)

    def offer(item: PhotoNear) -> None:
        if item.photo_id == exclude_photo_id:
            return
        if item.distance_m <= radius_m and (
                item.photo_id not in best or item.distance_m < best[item.photo_id].distance_m):
            best[item.photo_id] = item

    for pid, plabel, name, plat, plon in session.execute(
        select(Photo.id, Photo.label, Photo.file_name, Photo.gps_lat, Photo.gps_lon).where(
            Photo.gps_lat.between(lat - dlat, lat + dlat), lon_window(Photo.gps_lon))):
        if plat is None or plon is None:  # never: BETWEEN is false for NULL
            continue
        offer(PhotoNear(pid, name, distance_m(lat, lon, plat, plon), "gps",
                        photo_label=plabel))
    rows = session.execute(
        select(Photo.id, Photo.label, Photo.file_name, Location.id, Location.lat,
               Location.lon)
        .join(Link, Link.from_photo_id == Photo.id)
        .join(Location, Location.id == Link.to_location_id)
        .where(Location.lat.between(lat - dlat, lat + dlat), lon_window(Location.lon)))
    for pid, plabel, name, loc_id, llat, llon in rows:
        offer(PhotoNear(pid, name, distance_m(lat, lon, llat, llon), "found_at", loc_id,
                        photo_label=plabel))
    return sorted(best.values(), key=lambda p: (p.distance_m, p.photo_id))
