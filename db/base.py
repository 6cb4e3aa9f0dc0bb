"""Declarative base with a naming convention so that migrations name constraints stably."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:
        # Every model here is mapped to one Table (no mapping to joins or selects).
        __table__: ClassVar[Table]


def utcnow() -> datetime:
    """Timezone-aware current UTC time (stored as ISO text by ``UTCDateTime``)."""
    return datetime.now(UTC)


def new_uid() -> str:
    """A random, stable identifier used as the object's key in interchange files."""
    return uuid.uuid4().hex
