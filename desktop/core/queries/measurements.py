"""Measurements as the Inspector, the dossier and the command line read them.

Derived on every read from the annotations (``desktop.core.measurements``), never stored:
each measurement's value ± standard uncertainty in millimetres (or its length in pixels
without a reference), the reference used and why, the pointing error, warnings, and the
comparison with the catalog's published dimensions (``desktop.core.measurement_catalog``).
A measurement withheld under a redaction keeps its value but loses its reading and
comparison here, as every export withholds readings; the photo's withheld markings are
not used to pick comparison targets.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Annotation, AnnotationKind, Photo
from desktop.core.dimensions import COVERAGE, Comparison
from desktop.core.lengths import format_with_uncertainty
from desktop.core.markings import Catalog
from desktop.core.measure import DEFAULT_POINTING_ERROR_PX, PlaneReference
from desktop.core.measurement_catalog import check
from desktop.core.measurements import (
    MEASUREMENT,
    SCALE_REFERENCE,
    Evaluated,
    ScaleReference,
    Shape,
    evaluate_photo,
    scale_reference,
)
from desktop.core.queries.catalog import case_catalog
from desktop.core.queries.redactions import withheld_ids

_URL = re.compile(r"https?://\S+")
#: the warnings ``measure`` and ``measurements`` write, by the words they start with
WARNING_KEYS = (
    ("The measured object is far from", "far_from_reference"),
    ("A line reference assumes", "line_in_one_plane"),
    ("The plane is strongly foreshortened", "foreshortened"),
    ("Lengths are rectified in the reference's plane", "in_the_plane"),
    ("The photo has no scale reference", "no_reference"),
    ("No scale reference of the photo can be used", "no_usable_reference"),
)
_NOT_MARKINGS = frozenset({MEASUREMENT, SCALE_REFERENCE, "redaction"})


@dataclass(frozen=True)
class ComparisonInfo:
    """A measurement against one published dimension."""

    code: str
    feature: str
    published: str
    """The figure as published ("0.92 m")."""
    published_mm: float
    citation: str
    url: str
    """The first web address in the citation ("" when it has none)."""
    consistent: bool
    """Within ``COVERAGE`` (2) times the combined standard uncertainty."""
    difference_mm: float
    allowed_mm: float
    sentence: str


@dataclass(frozen=True)
class ReferenceInfo:
    """A scale reference annotation: what it gives (``kind``) or why it gives nothing."""

    annotation_id: int
    label: str
    reading: str
    shape_type: str
    kind: str
    """"line" (one known length), "plane" (a rectangle of known size), "" (unusable)."""
    problem: str = ""
    given: str = ""
    """The size it gives, short ("10.0 cm (± 5.0 mm)", "21.0 cm x 29.7 cm"); "" if none."""
    first_mm: float | None = None
    """A plane reference's side from corner 1 to corner 2, in millimetres."""
    summary: str = ""
    """What it gives: "10.0 cm (± 5.0 mm) over 400 px", or for a plane its size and which
    side was taken for which ("corner 1 to 2 is the 21.0 cm side"); its problem if none."""


@dataclass(frozen=True)
class MeasurementInfo:
    """One measurement annotation and its derived value."""

    annotation_id: int
    label: str
    photo_id: int
    photo_label: str
    shape_type: str
    geometry: dict[str, Any]
    reading: str
    pixels: float
    value_mm: float | None
    """None when the photo has no usable reference (then only ``pixels`` is known)."""
    uncertainty_mm: float | None
    """Standard uncertainty (one sigma)."""
    value_text: str
    """"92.0 ± 0.6 cm" or "812 px"."""
    method: str
    """"line reference A3 '10 cm'", "plane of A5 'A4', rectified", or the pixel sentence."""
    method_detail: str
    reference_label: str
    reference_reading: str
    reference_choice: str
    reference_choice_key: str
    """``desktop.core.measurements.CHOICES`` key: "only", "on_plane", "near_plane",
    "nearest_line", "nearest_plane" ("" without a reference)."""
    reference_count: int
    reference_kind: str
    """"line", "plane" or ""."""
    reference_summary: str
    """What the reference gives and, for a plane, which side was taken for which."""
    reference_first_mm: float | None
    """A plane reference's side from corner 1 to corner 2, in millimetres (None: a line)."""
    pointing_error_px: float
    warnings: tuple[str, ...]
    warning_keys: tuple[str, ...]
    """One per warning (``WARNING_KEYS``; "reference_problem" for a reference's problem)."""
    error: str
    code: str
    feature: str
    comparisons: tuple[ComparisonInfo, ...]
    comparison_note: str
    comparison_note_key: str
    """"no_feature", "no_munition", "no_dimension", "no_value", "withheld" or ""."""
    candidates: tuple[str, ...] = ()
    listed_features: tuple[str, ...] = ()
    withheld: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``fragment measurements --json``)."""
        record = asdict(self)
        record["warnings"] = list(self.warnings)
        record["warning_keys"] = list(self.warning_keys)
        record["candidates"] = list(self.candidates)
        record["listed_features"] = list(self.listed_features)
        record["comparisons"] = [asdict(c) for c in self.comparisons]
        return record


@dataclass(frozen=True)
class PhotoMeasurements:
    """The scale references and measurements of one photo."""

    photo_id: int
    photo_label: str
    file_name: str
    references: tuple[ReferenceInfo, ...]
    measurements: tuple[MeasurementInfo, ...]


def _shape(a: Annotation) -> Shape:
    return Shape(a.id, a.label, a.kind.value, a.shape_type.value, dict(a.geometry),
                 a.transcription)


def _reference_info(ref: ScaleReference) -> ReferenceInfo:
    kind = "" if ref.reference is None else (
        "plane" if isinstance(ref.reference, PlaneReference) else "line")
    return ReferenceInfo(ref.shape.annotation_id, ref.shape.label, ref.shape.reading,
                         ref.shape.shape_type, kind, ref.problem, ref.given,
                         ref.reference.size.width.mm
                         if isinstance(ref.reference, PlaneReference) else None, ref.summary)


def _comparison(c: Comparison) -> ComparisonInfo:
    url = _URL.search(c.dimension.citation)
    return ComparisonInfo(
        code=c.dimension.code, feature=c.dimension.feature, published=c.dimension.published,
        published_mm=c.dimension.mm, citation=c.dimension.citation,
        url=url.group(0).rstrip(".,;)") if url else "", consistent=c.consistent,
        difference_mm=c.difference_mm, allowed_mm=COVERAGE * c.combined_mm,
        sentence=c.describe())


def _info(photo: Photo, e: Evaluated, codes: list[str], catalog: Catalog,
          withheld: bool) -> MeasurementInfo:
    result, ref = e.result, e.reference
    reading = "" if withheld else e.shape.reading
    value_mm: float | None = None
    uncertainty_mm: float | None = None
    if result is not None and result.mm is not None and result.uncertainty_mm is not None:
        value_mm, uncertainty_mm = result.mm, result.uncertainty_mm
        value_text = format_with_uncertainty(value_mm, uncertainty_mm)
        method, detail = (ref.describe if ref else ""), result.method
    else:
        value_text = f"{e.pixels:.0f} px"
        method = e.error or "pixels: no usable scale reference on this photo"
        detail = ""
    code = feature = note = note_key = ""
    comparisons: tuple[ComparisonInfo, ...] = ()
    candidates: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()
    if withheld:
        note, note_key = "Withheld under a redaction: no catalog comparison.", "withheld"
    elif result is not None:
        found = check(result, e.shape.reading, photo_codes=codes, catalog=catalog)
        code, feature, note, note_key = found.code, found.feature, found.note, found.note_key
        candidates, listed = found.candidates, found.listed
        comparisons = tuple(_comparison(c) for c in found.comparisons)
    else:
        note = "Not compared: without a scale reference the length is in pixels."
        note_key = "no_value"
    return MeasurementInfo(
        annotation_id=e.shape.annotation_id, label=e.shape.label, photo_id=photo.id,
        photo_label=photo.label, shape_type=e.shape.shape_type,
        geometry=dict(e.shape.geometry), reading=reading, pixels=e.pixels,
        value_mm=value_mm, uncertainty_mm=uncertainty_mm, value_text=value_text,
        method=method, method_detail=detail,
        reference_label=ref.shape.label if ref else "",
        reference_reading=ref.shape.reading if ref else "", reference_choice=e.choice,
        reference_choice_key=e.choice_key, reference_count=e.choice_count,
        reference_kind=("plane" if ref.is_plane else "line") if ref else "",
        reference_summary=ref.summary if ref else "",
        reference_first_mm=(ref.reference.size.width.mm
                            if ref and isinstance(ref.reference, PlaneReference) else None),
        pointing_error_px=e.pointing_error_px, warnings=e.warnings,
        warning_keys=tuple(_warning_key(w) for w in e.warnings), error=e.error,
        code=code, feature=feature, comparisons=comparisons, comparison_note=note,
        comparison_note_key=note_key, candidates=candidates, listed_features=listed,
        withheld=withheld)


def _warning_key(text: str) -> str:
    return next((key for start, key in WARNING_KEYS if text.startswith(start)),
                "reference_problem")


def measurements_of(photo: Photo, catalog: Catalog, *,
                    pointing_error_px: float = DEFAULT_POINTING_ERROR_PX) -> PhotoMeasurements:
    """The measurements of an ORM photo (annotations loaded), for queries that already hold
    it (the dossier's)."""
    annotations = sorted(photo.annotations, key=lambda a: a.number)
    kinds = {a.kind.value for a in annotations}
    if MEASUREMENT not in kinds and SCALE_REFERENCE not in kinds:  # most photos: no work
        return PhotoMeasurements(photo.id, photo.label, photo.file_name, (), ())
    hidden = withheld_ids(photo) if MEASUREMENT in kinds else frozenset()
    codes = [m.code for a in annotations
             if MEASUREMENT in kinds and a.kind.value not in _NOT_MARKINGS
             and a.id not in hidden and a.transcription
             for m in catalog.match(a.transcription)]
    references, measured = evaluate_photo([_shape(a) for a in annotations],
                                          pointing_error_px=pointing_error_px)
    return PhotoMeasurements(
        photo.id, photo.label, photo.file_name,
        tuple(_reference_info(r) for r in references),
        tuple(_info(photo, e, codes, catalog, e.shape.annotation_id in hidden)
              for e in measured))


def photo_measurements(session: Session, photo_id: int, *,
                       pointing_error_px: float = DEFAULT_POINTING_ERROR_PX
                       ) -> PhotoMeasurements | None:
    """The scale references and measurements of one photo (None: no such photo)."""
    photo = session.get(Photo, photo_id)
    if photo is None:
        return None
    return measurements_of(photo, case_catalog(session), pointing_error_px=pointing_error_px)


def case_measurements(session: Session, *,
                      pointing_error_px: float = DEFAULT_POINTING_ERROR_PX
                      ) -> tuple[PhotoMeasurements, ...]:
    """Every photo that has a measurement or a scale reference, in import order."""
    kinds = (AnnotationKind.MEASUREMENT, AnnotationKind.SCALE_REFERENCE)
    photo_ids = select(Annotation.photo_id).where(Annotation.kind.in_(kinds))
    photos = session.scalars(
        select(Photo).where(Photo.id.in_(photo_ids)).order_by(Photo.id)
        .options(selectinload(Photo.annotations))).all()
    catalog = case_catalog(session)
    return tuple(measurements_of(p, catalog, pointing_error_px=pointing_error_px) for p in photos)


def measurement_of(session: Session, annotation_id: int, *,
                   pointing_error_px: float = DEFAULT_POINTING_ERROR_PX
                   ) -> MeasurementInfo | None:
    """One measurement annotation's value (None: not a measurement, or no such id)."""
    annotation = session.get(Annotation, annotation_id)
    if annotation is None or annotation.kind is not AnnotationKind.MEASUREMENT:
        return None
    found = photo_measurements(session, annotation.photo_id,
                               pointing_error_px=pointing_error_px)
    assert found is not None
    return next((m for m in found.measurements if m.annotation_id == annotation_id), None)


def reference_of(session: Session, annotation_id: int) -> ReferenceInfo | None:
    """What a scale reference annotation gives, or why nothing (None: not a reference)."""
    annotation = session.get(Annotation, annotation_id)
    if annotation is None or annotation.kind is not AnnotationKind.SCALE_REFERENCE:
        return None
    return _reference_info(scale_reference(_shape(annotation)))


def pointing_error_text(px: float) -> str:
    """"pointing error 2 px (fixed)": a case's measurements all use the fixed default (the
    case stores no pointing error of its own)."""
    return f"pointing error {px:g} px (fixed)"


def measurement_line(m: MeasurementInfo) -> str:
    """One line for the command line: value, method, pointing error, warnings, comparison."""
    what = f" {m.reading!r}" if m.reading else ""
    parts = [f"{m.label} ({m.photo_label}, {m.shape_type}){what}: {m.value_text}"]
    if m.value_mm is not None:
        plane = f" ({m.reference_summary.split('; ')[-1]})" if m.reference_kind == "plane" \
            else ""
        parts.append(f"{m.method}{plane} ({m.reference_choice}); "
                     f"{pointing_error_text(m.pointing_error_px)}")
    else:
        parts.append(m.method)
    if m.error:
        parts.append(m.error)
    parts.extend(f"{c.sentence} [{c.citation}]" for c in m.comparisons)
    if m.comparison_note:
        parts.append(m.comparison_note)
    parts.extend(f"note: {w}" for w in m.warnings)
    return " | ".join(parts)
