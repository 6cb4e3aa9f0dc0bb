"""Read what the rules need about every photo from one session, as ``PhotoFacts``."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Annotation,
    Claim,
    Link,
    Location,
    LocationKind,
    Photo,
    PhotoFingerprint,
    Video,
    VideoFrame,
)
from desktop.core.checks.facts import LinkedClaim, LinkedPlace, PhotoFacts


def gather_facts(session: Session) -> list[PhotoFacts]:
    """One ``PhotoFacts`` per photo, in id order (matches left empty)."""
    prints = {fp.photo_id: fp for fp in session.scalars(select(PhotoFingerprint))}
    claims = {c.id: c for c in session.scalars(select(Claim))}
    locations = {loc.id: loc for loc in session.scalars(select(Location))}
    annotation_photo = dict(session.execute(select(Annotation.id, Annotation.photo_id)).all())
    precision = {loc.photo_id: loc.precision_m for loc in locations.values()
                 if loc.kind == LocationKind.CAMERA and loc.photo_id is not None}
    frame_of = dict(session.execute(
        select(VideoFrame.photo_id, Video.label).join(Video, Video.id == VideoFrame.video_id)
    ).all())
    photo_claims: dict[int, set[int]] = defaultdict(set)
    photo_places: dict[int, set[int]] = defaultdict(set)
    claim_places: dict[int, set[int]] = defaultdict(set)
    for link in session.scalars(select(Link)):
        photo_id = link.from_photo_id
        if photo_id is None and link.from_annotation_id is not None:
            photo_id = annotation_photo.get(link.from_annotation_id)
        if photo_id is not None and link.to_claim_id is not None:
            photo_claims[photo_id].add(link.to_claim_id)
        elif photo_id is not None and link.to_location_id is not None:
            photo_places[photo_id].add(link.to_location_id)
        elif link.from_claim_id is not None and link.to_location_id is not None:
            claim_places[link.from_claim_id].add(link.to_location_id)
    out = []
    for photo in session.scalars(select(Photo).order_by(Photo.id)):
        fp = prints.get(photo.id)
        linked = sorted(photo_claims.get(photo.id, ()))
        places = [_place(locations[i], "") for i in sorted(photo_places.get(photo.id, ()))]
        for claim_id in linked:
            places += [_place(locations[i], claims[claim_id].label)
                       for i in sorted(claim_places.get(claim_id, ()))]
        gps = (photo.gps_lat, photo.gps_lon) \
            if photo.gps_lat is not None and photo.gps_lon is not None else None
        out.append(PhotoFacts(
            id=photo.id, label=photo.label, taken_at=photo.taken_at,
            tags=dict((photo.exif or {}).get("tags") or {}), flags=tuple(photo.flags or ()),
            gps=gps, gps_precision_m=precision.get(photo.id),
            phash=fp.phash if fp else "", thumb_distance=fp.thumb_distance if fp else None,
            mean_luma=fp.mean_luma if fp else None,
            credentials=fp.credentials if fp else None,
            fingerprint_problem=fp.problem if fp else "not fingerprinted",
            claims=tuple(LinkedClaim(claims[i].label, claims[i].about_when or "",
                                     claims[i].statement) for i in linked),
            places=tuple(_dedupe(places)),
            frame_of=frame_of.get(photo.id, ""),
        ))
    return out


def _place(loc: Location, via: str) -> LinkedPlace | None:
    if loc.kind == LocationKind.CAMERA:
        return None  # the photo's own camera position is not a claim about it
    return LinkedPlace(loc.label, loc.name or "", loc.lat, loc.lon, loc.precision_m, via)


def _dedupe(places: list[LinkedPlace | None]) -> list[LinkedPlace]:
    seen: set[tuple[str, str]] = set()
    out = []
    for place in places:
        if place is not None and (place.label, place.via) not in seen:
            seen.add((place.label, place.via))
            out.append(place)
    return out
