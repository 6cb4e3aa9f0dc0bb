"""Read side of the offline basemaps a user added to a case."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CaseBasemap
from desktop.core.basemap import BBox
from desktop.core.store import OriginalStore


@dataclass(frozen=True)
class BasemapInfo:
    """One basemap: what the file says, and where the case keeps it (``path``)."""

    id: int
    uid: str
    name: str
    attribution: str
    file_name: str
    file_sha256: str
    tile_format: str
    bounds: BBox
    min_zoom: int
    max_zoom: int
    path: Path


def case_basemaps(session: Session, originals_root: Path) -> list[BasemapInfo]:
    """Every basemap of the case, oldest first; ``originals_root`` is the case store."""
    rows = session.scalars(select(CaseBasemap).order_by(CaseBasemap.id)).all()
    store = OriginalStore(originals_root)
    out = []
    for b in rows:
        path = store.path_for(b.file_sha256, b.file_ext)
        out.append(BasemapInfo(
            id=b.id, uid=b.uid, name=b.name, attribution=b.attribution,
            file_name=b.file_name, file_sha256=b.file_sha256, tile_format=b.tile_format,
            bounds=BBox(b.west, b.south, b.east, b.north), min_zoom=b.min_zoom,
            max_zoom=b.max_zoom, path=path))
    return out
