"""Catalog entries added by the user to this case (the shipped catalog lives in resources/)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, new_uid
from db.types import JSONText


class CatalogEntry(Base):
    """Index code -> system, category, origin, description, citation."""

    __tablename__ = "catalog_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    system: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    citation: Mapped[str] = mapped_column(Text, default="")
    aliases: Mapped[list[str]] = mapped_column(JSONText, default=list)
