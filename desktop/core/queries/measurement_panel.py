"""What the Inspector reads for a measurement or a scale reference, in one snapshot.

The measurement's derived value (``queries.measurements``), or what a scale reference's
reading gives, together with the features the reading can be picked from: the published
dimensions of the munitions the photo's markings match ("9M723 body diameter"), then those
features alone ("body diameter"); every published feature when no marking matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Annotation, AnnotationKind
from desktop.core.dimensions import shipped_dimensions
from desktop.core.queries.catalog import case_catalog
from desktop.core.queries.measurements import (
    MeasurementInfo,
    ReferenceInfo,
    measurement_of,
    reference_of,
)

_NOT_MARKINGS = (AnnotationKind.MEASUREMENT, AnnotationKind.SCALE_REFERENCE,
                 AnnotationKind.REDACTION)


@dataclass(frozen=True)
class MeasurementPanel:
    """One annotation as the Inspector's measurement box shows it."""

    measurement: MeasurementInfo | None
    """Set for a measurement."""
    reference: ReferenceInfo | None
    """Set for a scale reference."""
    features: tuple[str, ...] = ()
    """What a measurement's reading can be picked from."""


def _features(session: Session, photo_id: int) -> tuple[str, ...]:
    catalog = case_catalog(session)
    annotations = session.scalars(select(Annotation).where(Annotation.photo_id == photo_id))
    codes = {m.code for a in annotations
             if a.kind not in _NOT_MARKINGS and a.transcription
             for m in catalog.match(a.transcription)}
    dims = shipped_dimensions()
    named = sorted({f"{d.code} {d.feature}" for d in dims if d.code in codes})
    plain = sorted({d.feature for d in dims if d.code in codes} or {d.feature for d in dims})
    return tuple(named + plain)


def measurement_panel(session: Session, annotation_id: int) -> MeasurementPanel:
    """The measurement or scale reference ``annotation_id`` (both None: neither)."""
    annotation = session.get(Annotation, annotation_id)
    if annotation is None:
        return MeasurementPanel(None, None)
    if annotation.kind is AnnotationKind.SCALE_REFERENCE:
        return MeasurementPanel(None, reference_of(session, annotation_id))
    if annotation.kind is not AnnotationKind.MEASUREMENT:
        return MeasurementPanel(None, None)
    return MeasurementPanel(measurement_of(session, annotation_id), None,
                            _features(session, annotation.photo_id))
