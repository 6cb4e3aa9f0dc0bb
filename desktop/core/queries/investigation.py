"""Read side of the investigation: sources, actors, claims, locations, annotations, links.

Every function takes an open session (``case.read_session()``) and returns frozen DTOs of
plain values, so results may cross threads and outlive the session. Enum values are given
as their interchange strings. The evidence matrix and spatial queries are in
``desktop.core.queries.evidence``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.models import Actor, Annotation, Claim, Link, Location, Photo, Source
from desktop.core.changes import Ref
from desktop.core.link_ends import FROM_COLUMNS, link_ends
from desktop.core.markings import Catalog, CatalogMatch, normalize_marking
from desktop.core.measurements import NOT_MARKINGS
from desktop.core.queries.catalog import case_catalog
from desktop.core.queries.measurements import measurements_of
from desktop.core.shape_geometry import bounds


@dataclass(frozen=True)
class SourceInfo:
    """A source without its captured text (see ``source_text``)."""

    id: int
    uid: str
    label: str
    title: str
    publisher: str
    url: str
    language: str
    published_on: date | None
    retrieved_on: date | None
    text_length: int
    file_sha256: str | None
    file_name: str | None
    file_ext: str | None
    notes: str
    claim_count: int
    version: int = 0
    """The stored edit counter when read: an edit from a form passes it back, so that a
    change made meanwhile by someone else is not overwritten."""


@dataclass(frozen=True)
class ActorInfo:
    """Who makes claims."""

    id: int
    uid: str
    name: str
    kind: str
    affiliation: str
    claim_count: int
    version: int = 0


@dataclass(frozen=True)
class ClaimInfo:
    """A claim with its actor's name and source's title resolved, and evidence counts."""

    id: int
    uid: str
    label: str
    """The stored label (C3), the same everywhere and never reused."""
    statement: str
    actor_id: int | None
    actor_name: str | None
    source_id: int | None
    source_title: str | None
    claimed_on: date | None
    about_when: str
    status: str
    note: str
    supporting: int
    contradicting: int
    context: int
    version: int = 0


@dataclass(frozen=True)
class LocationInfo:
    """A point with its kind, precision, raw text and names."""

    id: int
    uid: str
    label: str
    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    kind: str
    precision_m: float | None
    raw_text: str
    notation: str
    note: str
    photo_id: int | None
    version: int = 0

    @property
    def title(self) -> str:
        """The name, or the coordinates when the location has no name."""
        return self.name or f"{self.lat:.5f}, {self.lon:.5f}"


@dataclass(frozen=True)
class AnnotationInfo:
    """An annotation with its normalised marking and the catalog entries it matches."""

    id: int
    uid: str
    label: str
    photo_id: int
    photo_label: str
    photo_file_name: str
    number: int
    shape_type: str
    geometry: dict[str, Any]
    kind: str
    transcription: str
    confidence: str
    notes: str
    created_at: datetime
    created_by: str
    normalized: str
    matches: tuple[CatalogMatch, ...]
    """Empty for a measurement or a scale reference: their readings are not markings."""
    version: int = 0
    measured: str = ""
    """A measurement's value ("23.4 ± 1.2 cm", "812 px") or the size a scale reference
    gives ("10.0 cm (± 5.0 mm)"), shown where a marking's catalog match would be; "" for
    other kinds, an unusable reference, or when read without the catalog."""

    @property
    def caption(self) -> str:
        """Short human name: "A5 · IMG_1.jpg #3 9М723" (stored label first)."""
        text = f" {self.transcription}" if self.transcription else ""
        return f"{self.label} · {self.photo_file_name} #{self.number}{text}"

    def bbox(self) -> tuple[float, float, float, float]:
        """(x, y, w, h) enclosing the shape, for crops and thumbnails (a point gives w=h=0)."""
        left, top, right, bottom = bounds(self.shape_type, self.geometry)
        return (left, top, right - left, bottom - top)


@dataclass(frozen=True)
class LinkInfo:
    """A link with both ends as refs and human labels."""

    id: int
    uid: str
    from_ref: Ref
    to_ref: Ref
    stance: str | None
    relation: str | None
    note: str
    from_label: str
    to_label: str
    version: int = 0


# -- sources and actors -----------------------------------------------------------------------

def list_sources(session: Session) -> list[SourceInfo]:
    """Every source, by title."""
    counts = dict(session.execute(
        select(Claim.source_id, func.count(Claim.id)).group_by(Claim.source_id)).all())
    rows = session.execute(
        select(Source, func.length(Source.text)).order_by(Source.title, Source.id))
    return [_source(s, int(n or 0), counts.get(s.id, 0)) for s, n in rows]


def source_text(session: Session, source_id: int) -> str:
    """The captured text of a source ("" when none or no such source)."""
    return session.scalar(select(Source.text).where(Source.id == source_id)) or ""


def _source(s: Source, text_length: int, claim_count: int) -> SourceInfo:
    return SourceInfo(
        id=s.id, uid=s.uid, label=s.label, title=s.title, publisher=s.publisher, url=s.url,
        language=s.language, published_on=s.published_on, retrieved_on=s.retrieved_on,
        text_length=text_length, file_sha256=s.file_sha256, file_name=s.file_name,
        file_ext=s.file_ext, notes=s.notes, claim_count=claim_count, version=s.version,
    )


def list_actors(session: Session) -> list[ActorInfo]:
    """Every actor, by name."""
    counts = dict(session.execute(
        select(Claim.actor_id, func.count(Claim.id)).group_by(Claim.actor_id)).all())
    return [
        ActorInfo(id=a.id, uid=a.uid, name=a.name, kind=a.kind.value,
                  affiliation=a.affiliation, claim_count=counts.get(a.id, 0),
                  version=a.version)
        for a in session.scalars(select(Actor).order_by(Actor.name, Actor.id))
    ]


# -- claims -----------------------------------------------------------------------------------

def _stance_counts(session: Session) -> dict[tuple[int, str], int]:
    """(claim id, stance) -> number of annotation/photo links of that stance."""
    rows = session.execute(
        select(Link.to_claim_id, Link.stance, func.count(Link.id))
        .where(Link.to_claim_id.is_not(None), Link.from_claim_id.is_(None))
        .group_by(Link.to_claim_id, Link.stance)
    )
    # The filter leaves annotation and photo links, which always have both (CHECK constraints).
    return {(int(cid), stance.value): int(n) for cid, stance, n in rows
            if cid is not None and stance is not None}


def _claims(session: Session, where: Any = None) -> list[ClaimInfo]:
    query = (select(Claim, Actor.name, Source.title)
             .outerjoin(Actor, Actor.id == Claim.actor_id)
             .outerjoin(Source, Source.id == Claim.source_id)
             .order_by(Claim.claimed_on.is_(None), Claim.claimed_on, Claim.id))
    if where is not None:
        query = query.where(where)
    counts = _stance_counts(session)
    return [
        ClaimInfo(
            id=c.id, uid=c.uid, label=c.label, statement=c.statement, actor_id=c.actor_id,
            actor_name=actor,
            source_id=c.source_id, source_title=title, claimed_on=c.claimed_on,
            about_when=c.about_when, status=c.status.value, note=c.note,
            supporting=counts.get((c.id, "supports"), 0),
            contradicting=counts.get((c.id, "contradicts"), 0),
            context=counts.get((c.id, "context"), 0), version=c.version,
        )
        for c, actor, title in session.execute(query)
    ]


def list_claims(session: Session) -> list[ClaimInfo]:
    """Every claim, by the date it was made (undated last)."""
    return _claims(session)


def get_claim(session: Session, claim_id: int) -> ClaimInfo | None:
    """One claim, or None."""
    found = _claims(session, Claim.id == claim_id)
    return found[0] if found else None


# -- locations --------------------------------------------------------------------------------

def _location(loc: Location) -> LocationInfo:
    return LocationInfo(
        id=loc.id, uid=loc.uid, label=loc.label, name=loc.name,
        aliases=tuple(loc.aliases or ()), lat=loc.lat,
        lon=loc.lon, kind=loc.kind.value, precision_m=loc.precision_m, raw_text=loc.raw_text,
        notation=loc.notation, note=loc.note, photo_id=loc.photo_id, version=loc.version,
    )


def list_locations(session: Session) -> list[LocationInfo]:
    """Every location, in creation order."""
    return [_location(loc) for loc in session.scalars(select(Location).order_by(Location.id))]


# -- annotations ------------------------------------------------------------------------------

_IN_CHUNK = 900  # ids per ``IN (...)``: well under SQLite's limit on bound parameters


def _annotation(a: Annotation, photo_label: str, file_name: str,
                catalog: Catalog | None, measured: Mapping[int, str],
                seen: dict[str, tuple[str, tuple[CatalogMatch, ...]]] | None = None
                ) -> AnnotationInfo:
    """The DTO of ``a``; ``seen`` caches each distinct reading's normalised form and
    catalog matches across the annotations of one read (readings repeat). Measurements
    and scale references are not markings: their readings are never matched."""
    marking = a.kind not in NOT_MARKINGS
    known = seen.get(a.transcription) if seen is not None and marking else None
    if known is None:
        normalized = normalize_marking(a.transcription) if a.transcription else ""
        matches = tuple(catalog.match(a.transcription)) if normalized and catalog and marking \
            else ()
        if seen is not None and marking:
            seen[a.transcription] = (normalized, matches)
    else:
        normalized, matches = known
    return AnnotationInfo(
        id=a.id, uid=a.uid, label=a.label, photo_id=a.photo_id, photo_label=photo_label,
        photo_file_name=file_name, number=a.number,
        shape_type=a.shape_type.value, geometry=dict(a.geometry), kind=a.kind.value,
        transcription=a.transcription, confidence=a.confidence.value, notes=a.notes,
        created_at=a.created_at, created_by=a.created_by, normalized=normalized,
        matches=matches, version=a.version, measured=measured.get(a.id, ""),
    )


def annotations_by_id(session: Session, ids: list[int] | None = None, *,
                      with_matches: bool = True) -> dict[int, AnnotationInfo]:
    """Annotations keyed by id (all when ``ids`` is None), with catalog matches unless
    ``with_matches`` is False (cheaper for whole-case scans such as a text filter)."""
    catalog = case_catalog(session) if with_matches else None
    query = (select(Annotation, Photo.label, Photo.file_name)
             .join(Photo, Photo.id == Annotation.photo_id))
    seen: dict[str, tuple[str, tuple[CatalogMatch, ...]]] = {}
    if ids is None:
        rows = session.execute(query).all()
    else:
        wanted = sorted(set(ids))
        rows = []
        for start in range(0, len(wanted), _IN_CHUNK):  # bounded ``IN (...)`` lists
            chunk = wanted[start:start + _IN_CHUNK]
            rows.extend(session.execute(query.where(Annotation.id.in_(chunk))).all())
    measured = _measured(session, rows, catalog)
    return {a.id: _annotation(a, plabel, name, catalog, measured, seen)
            for a, plabel, name in rows}


def _measured(session: Session, rows: Sequence[Any], catalog: Catalog | None
              ) -> dict[int, str]:
    """``AnnotationInfo.measured`` of the measurements and scale references among ``rows``
    (their photos' references read once per photo; nothing without the catalog)."""
    photo_ids = {row[0].photo_id for row in rows if row[0].kind in NOT_MARKINGS}
    if catalog is None or not photo_ids:
        return {}
    out: dict[int, str] = {}
    wanted = sorted(photo_ids)
    for start in range(0, len(wanted), _IN_CHUNK):  # bounded ``IN (...)`` lists
        chunk = wanted[start:start + _IN_CHUNK]
        for photo in session.scalars(select(Photo).where(Photo.id.in_(chunk))
                                     .options(selectinload(Photo.annotations))):
            found = measurements_of(photo, catalog)
            out.update({m.annotation_id: m.value_text for m in found.measurements})
            out.update({r.annotation_id: r.given for r in found.references if r.given})
    return out


def list_annotations(session: Session, photo_id: int) -> list[AnnotationInfo]:
    """The annotations of one photo, by number."""
    catalog = case_catalog(session)
    rows = session.execute(
        select(Annotation, Photo.label, Photo.file_name)
        .join(Photo, Photo.id == Annotation.photo_id)
        .where(Annotation.photo_id == photo_id).order_by(Annotation.number)).all()
    measured = _measured(session, rows, catalog)
    return [_annotation(a, plabel, name, catalog, measured) for a, plabel, name in rows]


def get_annotation(session: Session, annotation_id: int) -> AnnotationInfo | None:
    """One annotation with its normalised marking and catalog matches, or None."""
    return annotations_by_id(session, [annotation_id]).get(annotation_id)


# -- links ------------------------------------------------------------------------------------

def _labels(session: Session, refs: set[Ref]) -> dict[Ref, str]:
    """Human names for a set of refs, stored label first ("C3 statement"; one query per
    kind)."""
    labels: dict[Ref, str] = {}
    by_kind: dict[str, list[int]] = {}
    for ref in refs:
        by_kind.setdefault(ref.kind, []).append(ref.id)
    if ids := by_kind.get("annotation"):
        rows = session.execute(
            select(Annotation.id, Annotation.label, Annotation.number,
                   Annotation.transcription, Photo.file_name)
            .join(Photo, Photo.id == Annotation.photo_id).where(Annotation.id.in_(ids)))
        for aid, label, number, text, name in rows:
            labels[Ref("annotation", aid)] = (f"{label} · {name} #{number}"
                                              + (f" {text}" if text else ""))
    if ids := by_kind.get("photo"):
        for pid, label, name in session.execute(
                select(Photo.id, Photo.label, Photo.file_name).where(Photo.id.in_(ids))):
            labels[Ref("photo", pid)] = f"{label} {name}"
    if ids := by_kind.get("claim"):
        for cid, label, statement in session.execute(
                select(Claim.id, Claim.label, func.substr(Claim.statement, 1, 120))
                .where(Claim.id.in_(ids))):
            labels[Ref("claim", cid)] = f"{label} {statement}"
    if ids := by_kind.get("location"):
        for loc in session.scalars(select(Location).where(Location.id.in_(ids))):
            labels[Ref("location", loc.id)] = f"{loc.label} {_location(loc).title}"
    return labels


def link_infos(session: Session, links: list[Link]) -> list[LinkInfo]:
    """DTOs for link rows, with labels for both ends."""
    ends = {link.id: link_ends(link) for link in links}
    labels = _labels(session, {ref for pair in ends.values() for ref in pair})
    return [
        LinkInfo(id=link.id, uid=link.uid, from_ref=ends[link.id][0], to_ref=ends[link.id][1],
                 stance=link.stance.value if link.stance else None,
                 relation=link.relation.value if link.relation else None, note=link.note,
                 from_label=labels.get(ends[link.id][0], ""),
                 to_label=labels.get(ends[link.id][1], ""), version=link.version)
        for link in links
    ]


def links_of_annotation(session: Session, annotation_id: int) -> list[LinkInfo]:
    """Every link from an annotation (to claims)."""
    links = list(session.scalars(
        select(Link).where(Link.from_annotation_id == annotation_id).order_by(Link.id)))
    return link_infos(session, links)


def location_link_starts(session: Session) -> dict[int, list[Ref]]:
    """Per location id, the from-end of every link to it (photos found there, claims about
    it), in link order: one query for the whole case."""
    rows = session.execute(
        select(Link.to_location_id, *(getattr(Link, c) for c in FROM_COLUMNS.values()))
        .where(Link.to_location_id.is_not(None)).order_by(Link.id))
    starts: dict[int, list[Ref]] = {}
    kinds = tuple(FROM_COLUMNS)
    for location_id, *ends in rows:
        kind, ref_id = next((k, v) for k, v in zip(kinds, ends, strict=True) if v is not None)
        starts.setdefault(location_id, []).append(Ref(kind, ref_id))
    return starts
