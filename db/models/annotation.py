"""The Annotation aggregate: a shape on a Photo with what the investigator read there."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, new_uid, utcnow
from db.models.enums import AnnotationKind, Confidence, ShapeType, db_enum
from db.models.versioned import Versioned
from db.types import JSONText, UTCDateTime

if TYPE_CHECKING:
    from db.models.photo import Photo


class Annotation(Versioned, Base):
    """A region on a photo in displayed-image pixels (orientation-corrected frame).

    ``geometry`` holds the shape as in the interchange format without ``type``:
    rect ``{"x", "y", "w", "h"}``, polygon ``{"points": [[x, y], ...]}``, point ``{"x", "y"}``,
    line ``{"points": [[x, y], [x, y]]}``, polyline ``{"points": [[x, y], ...]}`` (at least
    two points) and circle ``{"cx", "cy", "r"}``.
    """

    __tablename__ = "annotation"
    __table_args__ = (UniqueConstraint("photo_id", "number", name="photo_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    label: Mapped[str] = mapped_column(String(16), unique=True)
    photo_id: Mapped[int] = mapped_column(ForeignKey("photo.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    shape_type: Mapped[ShapeType] = mapped_column(db_enum(ShapeType, "shape_type"))
    geometry: Mapped[dict[str, Any]] = mapped_column(JSONText)
    kind: Mapped[AnnotationKind] = mapped_column(
        db_enum(AnnotationKind, "annotation_kind"), default=AnnotationKind.OTHER
    )
    transcription: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[Confidence] = mapped_column(
        db_enum(Confidence, "confidence"), default=Confidence.POSSIBLE
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")

    photo: Mapped[Photo] = relationship(back_populates="annotations")
