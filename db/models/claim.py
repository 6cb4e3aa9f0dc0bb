"""Claims: statements by an Actor in a Source about an incident."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, new_uid
from db.models.enums import ClaimStatus, db_enum
from db.models.versioned import Versioned


class Claim(Versioned, Base):
    """A statement with the date it was made and the EDTF date or period it is about."""

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    label: Mapped[str] = mapped_column(String(16), unique=True)
    statement: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="SET NULL"), index=True
    )
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("source.id", ondelete="SET NULL"), index=True
    )
    claimed_on: Mapped[date | None] = mapped_column(Date)
    about_when: Mapped[str] = mapped_column(String(100), default="")  # EDTF
    status: Mapped[ClaimStatus] = mapped_column(
        db_enum(ClaimStatus, "claim_status"), default=ClaimStatus.UNVERIFIED
    )
    note: Mapped[str] = mapped_column(Text, default="")
