"""Verification checks: photo fingerprints, reference collections and findings.

``photo_fingerprint`` and ``reference_image`` are derived data, like thumbnails: each is
recomputed from a file (an original in the store, whose bytes ``verify`` checks, or a
reference image) and is not evidential. ``reference_collection`` (what the case was
checked against) and ``check_finding`` (what the checks said, and the investigator's review)
are evidential: audited and committed to by the log's state entries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, new_uid, utcnow
from db.types import JSONText, UTCDateTime


class PhotoFingerprint(Base):
    """What the checks read from a photo's original once: hashes, thumbnail, credentials."""

    __tablename__ = "photo_fingerprint"

    photo_id: Mapped[int] = mapped_column(
        ForeignKey("photo.id", ondelete="CASCADE"), primary_key=True)
    phash: Mapped[str] = mapped_column(String(16), default="")  # 64-bit pHash, hex; "" none
    thumb_distance: Mapped[int | None] = mapped_column(Integer)  # EXIF thumbnail vs image
    mean_luma: Mapped[float | None] = mapped_column(Float)
    credentials: Mapped[dict[str, Any] | None] = mapped_column(JSONText)  # C2PA summary
    problem: Mapped[str] = mapped_column(Text, default="")
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReferenceCollection(Base):
    """A folder of known images (or another case) every photo is compared with."""

    __tablename__ = "reference_collection"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # "folder" or "case"
    path: Mapped[str] = mapped_column(Text)
    image_count: Mapped[int] = mapped_column(Integer, default=0)
    index_digest: Mapped[str] = mapped_column(String(64), default="")  # SHA-256 of the index
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")


class ReferenceImage(Base):
    """One indexed image of a reference collection (derived: re-indexed from its folder)."""

    __tablename__ = "reference_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(
        ForeignKey("reference_collection.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)  # path inside the folder, or a photo label
    sha256: Mapped[str] = mapped_column(String(64))
    phash: Mapped[str] = mapped_column(String(16))


class CheckFinding(Base):
    """One thing a check found about a photo, with the investigator's review."""

    __tablename__ = "check_finding"
    __table_args__ = (UniqueConstraint("photo_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    photo_id: Mapped[int] = mapped_column(
        ForeignKey("photo.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))  # kind plus what it is about; stable
    kind: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(16))  # "info", "notice" or "warning"
    explanation: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    review_note: Mapped[str] = mapped_column(Text, default="")
