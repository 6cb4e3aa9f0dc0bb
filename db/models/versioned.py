"""The edit counter that detects two people editing the same object.

Each editable evidential row carries ``version``, an integer the ORM raises by one on every
UPDATE and checks in that UPDATE's WHERE clause (SQLAlchemy's ``version_id_col``). A form
remembers the version it showed; an edit made from it is refused when the row has moved on
(``desktop.core.ops.versions``), and two writers racing past that check still cannot both
win: the second UPDATE matches no row and the ORM raises ``StaleDataError``.

The counter is bookkeeping, not evidence: it is left out of the record state that audit
events commit to (``desktop.core.state``), so adding it changed no digest.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

VERSION_COLUMN = "version"


class Versioned:
    """Mixin: an optimistic-concurrency ``version`` column (1 on insert)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
