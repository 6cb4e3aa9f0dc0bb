"""What one panel or dialog reads at once, as one query function (one snapshot).

Views never open sessions: they call ``case.read(fn, *args)`` with a query function. When a
view needs several queries that must agree with each other (the same transaction), the
combination is one function here, returning a frozen DTO.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Annotation, Location, Photo
from db.models.enums import LocationKind
from desktop.core.changes import Ref
from desktop.core.markings import Catalog, normalize_marking
from desktop.core.queries.catalog import case_catalog
from desktop.core.queries.evidence import ClaimEvidence, evidence_matrix
from desktop.core.queries.investigation import (
    ActorInfo,
    AnnotationInfo,
    ClaimInfo,
    LinkInfo,
    LocationInfo,
    SourceInfo,
    annotations_by_id,
    get_annotation,
    links_of_annotation,
    list_actors,
    list_claims,
    list_locations,
    list_sources,
    location_link_starts,
    source_text,
)
from desktop.core.queries.photos import (
    PhotoInfo,
    SourceChoice,
    get_photo,
    list_photos,
    source_choices,
)
from desktop.core.queries.redactions import WithheldSummary, withheld_summary


def photo_texts(session: Session) -> tuple[list[PhotoInfo], dict[int, str]]:
    """Photos and, per photo, its transcriptions and normalised markings (for the filter).

    No catalog matching, and each distinct transcription is normalised once: a case of
    100,000 annotations repeats a few hundred readings.
    """
    photos = list_photos(session)
    normalized: dict[str, str] = {}
    texts: dict[int, list[str]] = {}
    rows = session.execute(select(Annotation.photo_id, Annotation.transcription)
                           .where(Annotation.transcription != "").order_by(Annotation.id))
    for photo_id, transcription in rows:
        norm = normalized.get(transcription)
        if norm is None:
            norm = normalized[transcription] = normalize_marking(transcription)
        texts.setdefault(photo_id, []).extend((transcription, norm))
    return photos, {pid: " ".join(parts) for pid, parts in texts.items()}


def photo_provenance(session: Session, photo_id: int
                     ) -> tuple[PhotoInfo | None, list[SourceChoice]]:
    """A photo and the sources its provenance may name."""
    return get_photo(session, photo_id), source_choices(session)


def claimed_positions(session: Session) -> list[tuple[float, float]]:
    """Where the case's claimed and geolocated locations are (a camera position at the same
    spot is a different fact, so it does not make a found coordinate "already a location")."""
    rows = session.execute(select(Location.lat, Location.lon)
                           .where(Location.kind != LocationKind.CAMERA).order_by(Location.id))
    return [(lat, lon) for lat, lon in rows]


@dataclass(frozen=True)
class SourcesRead:
    """The sources panel's content: the list, the source shown (the one asked for, else
    the first) with its text, the catalog to scan it with, and the known positions."""

    sources: list[SourceInfo]
    current: int | None
    text: str
    catalog: Catalog | None
    known: list[tuple[float, float]]


def sources_read(session: Session, wanted: int | None) -> SourcesRead:
    """Everything the sources panel shows, with ``wanted`` as the current source if it
    still exists."""
    sources = list_sources(session)
    current = wanted
    if current not in {s.id for s in sources}:
        current = sources[0].id if sources else None
    text, catalog = "", None
    if current is not None:
        text = source_text(session, current)
        catalog = case_catalog(session)
    return SourcesRead(sources, current, text, catalog, claimed_positions(session))


def marking_readers(session: Session, normalized: str, source_id: int | None
                    ) -> tuple[list[int], int | None]:
    """Annotations whose reading is ``normalized``, and the first claim made in the source
    (None without one)."""
    readers = [a.id for a in annotations_by_id(session).values()
               if a.normalized and a.normalized == normalized]
    claim_id = next((c.id for c in list_claims(session)
                     if source_id is not None and c.source_id == source_id), None)
    return readers, claim_id


def annotation_with_links(session: Session, annotation_id: int, with_catalog: bool
                          ) -> tuple[AnnotationInfo | None, list[LinkInfo], Catalog | None]:
    """An annotation, its links, and (when asked) the case's catalog; nothing but None for
    an annotation that is gone."""
    annotation = get_annotation(session, annotation_id)
    if annotation is None:
        return None, [], None
    links = links_of_annotation(session, annotation_id)
    return annotation, links, case_catalog(session) if with_catalog else None


def claims_actors_sources(session: Session
                          ) -> tuple[list[ClaimInfo], list[ActorInfo], list[SourceInfo]]:
    """What the claims panel lists and offers in its editor."""
    return list_claims(session), list_actors(session), list_sources(session)


_IN_CHUNK = 900  # ids per ``IN (...)``: well under SQLite's limit on bound parameters


def evidence_table(session: Session
                   ) -> tuple[list[ClaimEvidence], dict[int, tuple[str, str, int]]]:
    """Every claim's evidence (the evidence matrix) and, per evidence photo,
    (sha256, ext, width) to draw its crop."""
    rows = evidence_matrix(session)
    wanted = {item.photo_id for row in rows
              for item in (*row.supporting, *row.contradicting, *row.context)}
    photos: dict[int, tuple[str, str, int]] = {}
    ordered = sorted(wanted)
    for start in range(0, len(ordered), _IN_CHUNK):  # a few queries, however many photos
        chunk = ordered[start:start + _IN_CHUNK]
        for photo_id, sha, ext, width in session.execute(
                select(Photo.id, Photo.sha256, Photo.ext, Photo.width)
                .where(Photo.id.in_(chunk))):
            photos[photo_id] = (sha, ext, width)
    return rows, photos


def export_choices(session: Session
                   ) -> tuple[list[PhotoInfo], list[ClaimInfo], WithheldSummary]:
    """What the export dialog offers to include, and what redactions withhold."""
    return list_photos(session), list_claims(session), withheld_summary(session)


@dataclass(frozen=True)
class LinkClaimRead:
    """The link-to-claim dialog's content: claims, the annotations being linked and, for a
    single annotation, the stance of each claim it already supports or contradicts."""

    claims: list[ClaimInfo]
    annotations: dict[int, AnnotationInfo]
    existing: dict[int, str]


def link_claim_read(session: Session, annotation_ids: list[int]) -> LinkClaimRead:
    """Everything the link-to-claim dialog shows for ``annotation_ids``."""
    existing: dict[int, str] = {}
    if len(annotation_ids) == 1:
        for link in links_of_annotation(session, annotation_ids[0]):
            if link.to_ref.kind == "claim" and link.stance:
                existing[link.to_ref.id] = link.stance
    return LinkClaimRead(list_claims(session), annotations_by_id(session, annotation_ids),
                         existing)


def linked_claim_ids(session: Session, annotation_id: int) -> set[int]:
    """Claims an annotation is already linked to."""
    return {link.to_ref.id for link in links_of_annotation(session, annotation_id)
            if link.to_ref.kind == "claim"}


def map_locations(session: Session
                  ) -> tuple[list[PhotoInfo], list[tuple[LocationInfo, list[Ref]]]]:
    """Photos, and every location with the from-end of each link to it, for the map (a
    fixed number of queries, however many locations)."""
    starts = location_link_starts(session)
    return list_photos(session), [(loc, starts.get(loc.id, []))
                                  for loc in list_locations(session)]
