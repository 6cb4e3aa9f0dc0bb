"""Counters behind the stable labels (P7, C3, L2, S1, A12): a label is never reused."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class LabelCounter(Base):
    """The next number to hand out for one label prefix."""

    __tablename__ = "label_counter"

    prefix: Mapped[str] = mapped_column(String(4), primary_key=True)
    next_number: Mapped[int] = mapped_column(Integer)
