"""Everything the dossier and the other exports print, read in one short read session.

``dossier_data(case, options)`` returns a frozen ``DossierData`` tree of plain values (no
ORM objects), so the PDF, GeoJSON, KML and CSV writers are pure functions of it and may run
in any thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Actor,
    CaseInfo,
    Claim,
    Link,
    Location,
    Photo,
    Source,
)
from desktop import __version__
from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError
from desktop.core.markings import Catalog
from desktop.core.measurements import NOT_MARKINGS
from desktop.core.queries.basemaps import BasemapInfo, case_basemaps
from desktop.core.queries.catalog import case_catalog
from desktop.core.queries.checks import ChecksOverview, checks_for_photos
from desktop.core.queries.citations import CitationInfo, citations_by_source
from desktop.core.queries.dossier_audit import (
    AuditInfo,
    AuditMode,
    read_audit,
)
from desktop.core.queries.measurements import MeasurementInfo, ReferenceInfo, measurements_of
from desktop.core.queries.redactions import WithheldSummary, summarise, withheld_ids
from desktop.core.queries.tags import tags_by_photo
from desktop.core.queries.videos import FrameInfo, VideoInfo, list_videos
from desktop.core.redaction import outline
from desktop.core.settings import printable_name


@dataclass(frozen=True)
class DossierOptions:
    """What to include and how to print it. ``None`` id lists mean "all"."""

    photo_ids: tuple[int, ...] | None = None
    claim_ids: tuple[int, ...] | None = None
    audit: AuditMode = "full"
    page_size: Literal["A4", "Letter"] = "A4"
    language: Literal["en", "fr"] = "en"
    invariant: bool = False
    """Reproducible output (fixed dates and ids) for tests and comparisons."""


@dataclass(frozen=True)
class CaseSummary:
    uid: str
    title: str
    description: str
    created_at: datetime
    created_by: str
    exported_by: str
    exported_at: datetime
    version: str
    total_photos: int
    total_claims: int


@dataclass(frozen=True)
class CatalogMatch:
    code: str
    system: str
    category: str = ""
    origin: str = ""
    citation: str = ""


@dataclass(frozen=True)
class ClaimRef:
    """A link from evidence to a claim, as the claim's stored label (C3) and stance."""

    claim_id: int
    label: str
    stance: str
    note: str = ""


@dataclass(frozen=True)
class AnnotationInfo:
    id: int
    uid: str
    label: str
    """The stored label (A12); ``number`` is its number on its photo."""
    number: int
    shape_type: str
    points: tuple[tuple[float, float], ...]
    """Outline in displayed-image pixels: rect as 4 corners, polygon vertices, one point."""
    kind: str
    transcription: str
    confidence: str
    notes: str
    created_by: str
    match: CatalogMatch | None
    claims: tuple[ClaimRef, ...] = ()
    withheld: bool = False
    """Under a redaction, or a redaction itself: transcription, notes, confidence, catalog
    match and link notes are already empty here, and no crop may be printed."""
    measurement: MeasurementInfo | None = None
    """A measurement's derived value, reference and catalog comparison."""
    reference: ReferenceInfo | None = None
    """A scale reference: what it gives, or why nothing."""

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """``(left, top, right, bottom)`` of the outline."""
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return min(xs), min(ys), max(xs), max(ys)

    @property
    def is_redaction(self) -> bool:
        return self.kind == "redaction"


@dataclass(frozen=True)
class ProvenanceInfo:
    """Where a photo came from ("" / None where not recorded)."""

    taken_by: str = ""
    provided_by: str = ""
    acquisition: str = "unknown"
    original_url: str = ""
    obtained_at: datetime | None = None
    """Aware, UTC."""
    source_label: str = ""
    """The source's label in this dossier (``S1``...), "" when none."""
    source_title: str = ""


@dataclass(frozen=True)
class PhotoInfo:
    id: int
    uid: str
    label: str
    """The stored label (P7): the same in every dossier, the GUI and the audit log."""
    sha256: str
    file_name: str
    ext: str
    original_path: Path
    width: int
    height: int
    byte_size: int
    taken_at: str | None
    camera: str
    gps: tuple[float, float] | None
    imported_at: datetime
    imported_by: str
    notes: str
    flags: tuple[str, ...]
    view_adjustments: dict[str, Any] = field(hash=False)
    annotations: tuple[AnnotationInfo, ...] = ()
    claims: tuple[ClaimRef, ...] = ()
    locations: tuple[str, ...] = ()
    """Labels (L2...) of the locations this photo was found at."""
    provenance: ProvenanceInfo = ProvenanceInfo()
    frame: tuple[FrameInfo, VideoInfo] | None = None
    """For a frame saved from a video: the frame and its video (None for a photo)."""
    tags: tuple[str, ...] = ()
    """The photo's tags, sorted without case."""


@dataclass(frozen=True)
class EvidenceInfo:
    """One item linked to a claim: an annotation, a photo or another claim."""

    key: str
    """Stable column key for the matrix: the stored label, e.g. ``A12``, ``P7`` or ``C3``."""
    description: str
    stance: str
    note: str
    withheld: bool = False
    """An annotation under a redaction: the description names it without its reading."""
    from_claim: bool = False
    """True for another claim linked to this one (also listed in ``ClaimInfo.relations``)."""
    kind: str = ""
    """An annotation's kind (``index_code``), named in ``description`` in English: the
    dossier prints it in its own language (``kind_in``)."""

    def kind_in(self, t: Callable[[str], str]) -> str:
        """``description`` with the annotation kind translated by ``t``."""
        if not self.kind:
            return self.description
        return self.description.replace(f", {self.kind.replace('_', ' ')})",
                                        f", {t(self.kind)})", 1)


@dataclass(frozen=True)
class ClaimRelation:
    """A claim -> claim link seen from one of its claims.

    ``outgoing``: this claim is the link's start ("contradicts C2"); otherwise the other
    claim is ("C3 contradicts this claim"). ``label`` is the other claim's stored label.
    """

    label: str
    actor: str
    stance: str
    note: str
    outgoing: bool


@dataclass(frozen=True)
class ClaimInfo:
    id: int
    uid: str
    label: str
    statement: str
    actor: str
    actor_kind: str
    actor_affiliation: str
    source: str
    source_label: str
    claimed_on: date | None
    about_when: str
    status: str
    note: str
    evidence: tuple[EvidenceInfo, ...]
    locations: tuple[str, ...] = ()
    relations: tuple[ClaimRelation, ...] = ()
    """Links with the other claims in the dossier, in both directions."""


@dataclass(frozen=True)
class LocationInfo:
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
    photo_label: str
    linked: tuple[str, ...]
    """Labels of claims and photos linked to this location (C1, P2...)."""


@dataclass(frozen=True)
class SourceInfo:
    id: int
    uid: str
    label: str
    title: str
    publisher: str
    url: str
    language: str
    published_on: date | None
    retrieved_on: date | None
    file_sha256: str | None
    file_name: str | None
    notes: str
    citations: tuple[CitationInfo, ...] = ()
    """Locations and marking links found in this source, with page, line and quotation."""


@dataclass(frozen=True)
class VerificationInfo:
    """What was checked just before the export, and when (printed on the cover)."""

    checked_at: datetime
    originals: int
    events: int
    head: str
    bag_name: str | None = None
    """The folder name of the bag this dossier goes into, for literal verify commands."""
    pdf_name: str = "dossier.pdf"
    """The dossier's own file name (the reader hashes it)."""


@dataclass(frozen=True)
class DossierData:
    case: CaseSummary
    options: DossierOptions
    photos: tuple[PhotoInfo, ...]
    claims: tuple[ClaimInfo, ...]
    locations: tuple[LocationInfo, ...]
    sources: tuple[SourceInfo, ...]
    audit: AuditInfo
    citations: tuple[CatalogMatch, ...]
    withheld: WithheldSummary = field(default_factory=WithheldSummary)
    """What the photos of this export withhold under redactions (stable labels)."""
    verification: VerificationInfo | None = None
    """Set by the export service after ``verify`` passed; None when nothing was checked."""
    basemaps: tuple[BasemapInfo, ...] = ()
    """Offline basemaps the user added, drawn under the close-up map."""
    checks: ChecksOverview | None = None
    """The verification findings on the photos of this export (``queries.checks``)."""
    videos: tuple[VideoInfo, ...] = ()
    """The videos the dossier's frames come from, each with only those frames."""

    @property
    def annotation_count(self) -> int:
        return sum(len(p.annotations) for p in self.photos)


def dossier_data(case: CaseFile, options: DossierOptions | None = None, *,
                 verification: VerificationInfo | None = None,
                 with_log: bool = True) -> DossierData:
    """Read everything the exports need in one read transaction.

    ``verification``: the ``verify`` just run on the whole case; it is carried in the data
    and spares a second check of the audit chain when the log has not grown since.
    ``with_log``: read the whole audit log as CSV for the dossier to attach (the location
    and table exports do not need it).
    """
    options = options or DossierOptions()
    with case.read_session() as session:
        return _read(session, case, options, verification, with_log)


def _read(session: Session, case: CaseFile, options: DossierOptions,
          verification: VerificationInfo | None, with_log: bool) -> DossierData:
    info = session.scalar(select(CaseInfo).limit(1))
    if info is None:
        raise UserError(f"{case.root.name} holds no case")
    all_photos = list(session.scalars(select(Photo).order_by(Photo.imported_at, Photo.id)))
    all_claims = list(session.scalars(select(Claim).order_by(Claim.claimed_on, Claim.id)))
    photos = _select(all_photos, options.photo_ids, "photo")
    claims = _select(all_claims, options.claim_ids, "claim")
    actors = {a.id: a for a in session.scalars(select(Actor))}
    sources_all = list(session.scalars(select(Source).order_by(Source.published_on, Source.id)))
    chosen_photos = {p.id for p in photos}
    photo_tags = tags_by_photo(session, chosen_photos)
    # A camera position belongs to its photo: it leaves the dossier with it (its name would
    # otherwise reveal a photo the investigator chose not to include).
    locations_all = [loc for loc in session.scalars(select(Location).order_by(Location.id))
                     if loc.photo_id is None or loc.photo_id in chosen_photos]
    links = list(session.scalars(select(Link).order_by(Link.id)))
    catalog = case_catalog(session)

    # Stored labels, never positions: a dossier of a selection names every object as the
    # whole dossier, the GUI and the audit log do.
    photo_label = {p.id: p.label for p in photos}
    claim_label = {c.id: c.label for c in claims}
    source_label = {s.id: s.label for s in sources_all}
    location_label = {loc.id: loc.label for loc in locations_all}
    annotations = {
        a.id: a for p in photos for a in p.annotations  # relationship ordered by number
    }
    # Withheld text never enters the DTOs, so no exporter can print it by mistake.
    withheld_by_photo = {p.id: withheld_ids(p) for p in photos}
    hidden = {i for ids in withheld_by_photo.values() for i in ids}

    def ref(link: Link) -> ClaimRef:
        note = "" if link.from_annotation_id in hidden else link.note
        return ClaimRef(link.to_claim_id or 0, claim_label[link.to_claim_id or 0],
                        _value(link.stance), note)

    claim_links = [lk for lk in links if lk.to_claim_id in claim_label and lk.stance]
    # Links by their ends, so a case of many links is read in one pass, not one per object.
    links_from_annotation = _by(claim_links, "from_annotation_id")
    links_from_photo = _by(links, "from_photo_id")
    links_to_claim = _by(links, "to_claim_id")
    links_of_claim = _by(links, "from_claim_id")
    links_to_location = _by(links, "to_location_id")
    matches: dict[str, CatalogMatch] = {}
    videos = _videos_of(session, chosen_photos)
    frame_of = {f.photo_id: (f, v) for v in videos for f in v.frames}
    photo_infos = []
    for photo in photos:
        ann_infos = []
        found = measurements_of(photo, catalog)
        measured = {m.annotation_id: m for m in found.measurements}
        references = {r.annotation_id: r for r in found.references}
        for ann in photo.annotations:
            secret = ann.id in hidden
            marking = ann.kind.value not in NOT_MARKINGS  # a measurement's reading is not
            match = _match(catalog, ann.transcription) if marking and not secret else None
            if match:
                matches.setdefault(match.code, match)
            ann_infos.append(AnnotationInfo(
                id=ann.id, uid=ann.uid, label=ann.label, number=ann.number,
                shape_type=ann.shape_type.value,
                points=outline(ann.shape_type.value, ann.geometry), kind=ann.kind.value,
                transcription="" if secret else ann.transcription,
                confidence="" if secret else ann.confidence.value,
                notes="" if secret else ann.notes, created_by=ann.created_by, match=match,
                claims=tuple(ref(lk) for lk in links_from_annotation.get(ann.id, ())),
                withheld=secret, measurement=measured.get(ann.id),
                reference=None if secret else references.get(ann.id),
            ))
        photo_infos.append(PhotoInfo(
            id=photo.id, uid=photo.uid, label=photo_label[photo.id], sha256=photo.sha256,
            file_name=photo.file_name, ext=photo.ext,
            original_path=case.originals.path_for(photo.sha256, photo.ext),
            width=photo.width, height=photo.height, byte_size=photo.byte_size,
            taken_at=photo.taken_at,
            camera=" ".join(x for x in (photo.camera_make, photo.camera_model) if x),
            gps=(photo.gps_lat, photo.gps_lon)
            if photo.gps_lat is not None and photo.gps_lon is not None else None,
            imported_at=photo.imported_at, imported_by=photo.imported_by, notes=photo.notes,
            flags=tuple(photo.flags or ()), view_adjustments=dict(photo.view_adjustments or {}),
            annotations=tuple(ann_infos),
            claims=tuple(ref(lk) for lk in links_from_photo.get(photo.id, ())
                         if lk.to_claim_id in claim_label and lk.stance),
            locations=tuple(location_label[lk.to_location_id]
                            for lk in links_from_photo.get(photo.id, ()) if lk.to_location_id),
            provenance=_provenance(photo, source_label, sources_all),
            frame=frame_of.get(photo.id), tags=photo_tags.get(photo.id, ()),
        ))

    def actor_name(claim_id: int | None) -> str:
        speaker = actors.get(claims_by_id[claim_id].actor_id or -1) if claim_id else None
        return speaker.name if speaker else ""

    claims_by_id = {c.id: c for c in claims}
    claim_infos = []
    for claim in claims:
        evidence = []
        for lk in links_to_claim.get(claim.id, ()):
            if lk.stance is None:
                continue
            if lk.from_annotation_id in annotations:
                ann = annotations[lk.from_annotation_id]
                plabel = photo_label[ann.photo_id]
                secret = ann.id in hidden
                text = "" if secret else ann.transcription
                desc = (f"{ann.label} ({plabel} #{ann.number}, "
                        f"{ann.kind.value.replace('_', ' ')})")
                evidence.append(EvidenceInfo(ann.label,
                                             f"{desc}: {text}" if text else desc,
                                             _value(lk.stance), "" if secret else lk.note,
                                             withheld=secret, kind=ann.kind.value))
            elif lk.from_photo_id in photo_label:
                plabel = photo_label[lk.from_photo_id]
                name = next(p.file_name for p in photos if p.id == lk.from_photo_id)
                evidence.append(EvidenceInfo(plabel, f"{plabel} ({name})",
                                             _value(lk.stance), lk.note))
            elif lk.from_claim_id in claim_label:
                other = claim_label[lk.from_claim_id]
                speaker = actor_name(lk.from_claim_id)
                desc = f"{other} ({speaker})" if speaker else other
                evidence.append(EvidenceInfo(other, desc, _value(lk.stance), lk.note,
                                             from_claim=True))
        relations = sorted([
            ClaimRelation(claim_label[lk.to_claim_id], actor_name(lk.to_claim_id),
                          _value(lk.stance), lk.note, outgoing=True)
            if lk.from_claim_id == claim.id else
            ClaimRelation(claim_label[lk.from_claim_id], actor_name(lk.from_claim_id),
                          _value(lk.stance), lk.note, outgoing=False)
            for lk in [*links_of_claim.get(claim.id, ()),
                       *(lk for lk in links_to_claim.get(claim.id, ()) if lk.from_claim_id)]
            if lk.stance is not None and lk.from_claim_id in claim_label
            and lk.to_claim_id in claim_label and claim.id in (lk.from_claim_id, lk.to_claim_id)
        ], key=lambda rel: rel.outgoing)  # "... contradicts this claim" first
        actor = actors.get(claim.actor_id or -1)
        source = next((s for s in sources_all if s.id == claim.source_id), None)
        claim_infos.append(ClaimInfo(
            id=claim.id, uid=claim.uid, label=claim_label[claim.id], statement=claim.statement,
            actor=actor.name if actor else "", actor_kind=actor.kind.value if actor else "",
            actor_affiliation=actor.affiliation if actor else "",
            source=source.title if source else "",
            source_label=source_label.get(claim.source_id or -1, ""),
            claimed_on=claim.claimed_on, about_when=claim.about_when,
            status=claim.status.value, note=claim.note, evidence=tuple(evidence),
            locations=tuple(location_label[lk.to_location_id]
                            for lk in links_of_claim.get(claim.id, ()) if lk.to_location_id),
            relations=tuple(relations),
        ))

    loc_infos = []
    for loc in locations_all:
        ends = links_to_location.get(loc.id, ())
        linked = [claim_label[lk.from_claim_id] for lk in ends
                  if lk.from_claim_id in claim_label]
        linked += [photo_label[lk.from_photo_id] for lk in ends
                   if lk.from_photo_id in photo_label]
        loc_infos.append(LocationInfo(
            id=loc.id, uid=loc.uid, label=location_label[loc.id], name=loc.name,
            aliases=tuple(loc.aliases or ()), lat=loc.lat, lon=loc.lon, kind=loc.kind.value,
            precision_m=loc.precision_m, raw_text=loc.raw_text, notation=loc.notation,
            note=loc.note, photo_label=photo_label.get(loc.photo_id or -1, ""),
            linked=tuple(linked),
        ))

    cited = citations_by_source(session, [s.id for s in sources_all])
    source_infos = tuple(
        SourceInfo(
            id=s.id, uid=s.uid, label=source_label[s.id], title=s.title, publisher=s.publisher,
            url=s.url, language=s.language, published_on=s.published_on,
            retrieved_on=s.retrieved_on, file_sha256=s.file_sha256, file_name=s.file_name,
            notes=s.notes, citations=cited.get(s.id, ()),
        )
        for s in sources_all
    )

    exported_at = (datetime(2000, 1, 1, tzinfo=UTC) if options.invariant
                   else datetime.now(UTC).replace(microsecond=0))
    summary = CaseSummary(
        uid=info.uid, title=info.title, description=info.description,
        created_at=info.created_at, created_by=printable_name(info.created_by),
        exported_by=printable_name(case.investigator if case.investigator_given else ""),
        exported_at=exported_at, version=__version__,
        total_photos=len(all_photos), total_claims=len(all_claims),
    )
    return DossierData(
        case=summary, options=options, photos=tuple(photo_infos), claims=tuple(claim_infos),
        locations=tuple(loc_infos), sources=source_infos,
        audit=read_audit(session, options.audit, with_log=with_log,
                         checked_head=verification.head if verification else None,
                         checked_events=verification.events if verification else 0),
        citations=tuple(sorted(matches.values(), key=lambda m: m.code)),
        withheld=summarise(photos, withheld_by_photo, links), verification=verification,
        basemaps=tuple(case_basemaps(session, case.originals.root)),
        checks=checks_for_photos(session, chosen_photos), videos=videos,
    )


def _videos_of(session: Session, photo_ids: set[int]) -> tuple[VideoInfo, ...]:
    """The videos that frames among ``photo_ids`` come from, keeping only those frames."""
    out = []
    for video in list_videos(session):
        frames = tuple(f for f in video.frames if f.photo_id in photo_ids)
        if frames:
            out.append(replace(video, frames=frames))
    return tuple(out)


def _provenance(photo: Photo, source_label: dict[int, str],
                sources: list[Source]) -> ProvenanceInfo:
    source = next((s for s in sources if s.id == photo.source_id), None)
    return ProvenanceInfo(
        taken_by=photo.taken_by or "", provided_by=photo.provided_by or "",
        acquisition=_value(photo.acquisition) or "unknown",
        original_url=photo.original_url or "", obtained_at=photo.obtained_at,
        source_label=source_label.get(source.id, "") if source else "",
        source_title=source.title if source else "",
    )


def _by(links: list[Link], column: str) -> dict[int, list[Link]]:
    """``links`` grouped by the id in ``column`` (links without one left out), in order."""
    grouped: dict[int, list[Link]] = {}
    for link in links:
        key = getattr(link, column)
        if key is not None:
            grouped.setdefault(key, []).append(link)
    return grouped


def _select(rows: list[Any], ids: tuple[int, ...] | None, what: str) -> list[Any]:
    if ids is None:
        return rows
    known = {r.id: r for r in rows}
    missing = [i for i in ids if i not in known]
    if missing:
        listed = ", ".join(str(i) for i in missing)
        raise UserError(f"the case has no {what} with id {listed}")
    wanted = set(ids)
    return [r for r in rows if r.id in wanted]


def _value(enum_value: Any) -> str:
    return getattr(enum_value, "value", enum_value) or ""


def _match(catalog: Catalog, text: str) -> CatalogMatch | None:
    found = catalog.match(text) if text.strip() else []
    if not found:
        return None
    best = found[0]
    return CatalogMatch(best.code, best.system, best.category, best.origin, best.citation)
