"""Sources (where claims were published) and Actors (who makes claims)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, new_uid
from db.models.enums import ActorKind, db_enum
from db.models.versioned import Versioned


class Source(Versioned, Base):
    """A publication: article, statement, video, report. An attached file lives in the store."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    label: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(35), default="")  # BCP 47 tag
    published_on: Mapped[date | None] = mapped_column(Date)
    retrieved_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(Text)
    file_ext: Mapped[str | None] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text, default="")


class Actor(Versioned, Base):
    """Someone who makes claims: a ministry, an agency, an official."""

    __tablename__ = "actor"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[ActorKind] = mapped_column(
        db_enum(ActorKind, "actor_kind"), default=ActorKind.OTHER
    )
    affiliation: Mapped[str] = mapped_column(Text, default="")
