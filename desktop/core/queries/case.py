"""Read side for the case itself: its title, description and identity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CaseInfo


@dataclass(frozen=True)
class CaseSummary:
    """What a window title, a dossier cover or a bag's metadata say about the case."""

    id: int
    uid: str
    title: str
    description: str
    created_at: datetime
    created_by: str


def get_case_summary(session: Session) -> CaseSummary | None:
    """The case's summary, or None for a database that holds no case yet."""
    info = session.scalar(select(CaseInfo).order_by(CaseInfo.id).limit(1))
    if info is None:
        return None
    return CaseSummary(id=info.id, uid=info.uid, title=info.title, description=info.description,
                       created_at=info.created_at, created_by=info.created_by)
