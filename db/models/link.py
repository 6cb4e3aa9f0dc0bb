"""Links: typed edges between evidence, claims and locations.

Each end is a real foreign key (so the database enforces integrity and cascades); exactly
one ``from_*`` and one ``to_*`` column is set. A link that touches a claim carries a
``stance``; photo/claim -> location carries a ``relation``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, new_uid, utcnow
from db.models.enums import Relation, Stance, db_enum
from db.models.versioned import Versioned
from db.types import UTCDateTime


def _exactly_one(*columns: str) -> str:
    """Portable SQL: exactly one of the columns is not NULL (PostgreSQL cannot add booleans)."""
    terms = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns)
    return f"{terms} = 1"


_ONE_FROM = _exactly_one("from_annotation_id", "from_photo_id", "from_claim_id")
_ONE_TO = _exactly_one("to_claim_id", "to_location_id")
_TYPED = _exactly_one("stance", "relation")


class Link(Versioned, Base):
    """Annotation/Photo -> Claim (stance), Claim -> Claim (stance), Photo/Claim -> Location."""

    __tablename__ = "link"
    __table_args__ = (
        CheckConstraint(_ONE_FROM, name="one_from"),
        CheckConstraint(_ONE_TO, name="one_to"),
        CheckConstraint(_TYPED, name="typed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    from_annotation_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotation.id", ondelete="CASCADE"), index=True
    )
    from_photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("photo.id", ondelete="CASCADE"), index=True
    )
    from_claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), index=True
    )
    to_claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), index=True
    )
    to_location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    stance: Mapped[Stance | None] = mapped_column(db_enum(Stance, "stance"))
    relation: Mapped[Relation | None] = mapped_column(db_enum(Relation, "relation"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
