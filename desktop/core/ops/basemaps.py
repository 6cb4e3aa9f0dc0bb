"""Offline basemaps: add an MBTiles file to a case, remove it again.

The file is checked (a raster MBTiles tileset), copied into the case's originals store
under its SHA-256 (content-addressed, read-only, like a photo), and described by a
``case_basemap`` row holding what the file says about itself: name, attribution, bounds
and zooms. Adding and removing are audited. Removing deletes the row; the stored copy
stays until the store's clean-up finds no record referring to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.models import CaseBasemap
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes, Ref
from desktop.core.errors import UserError
from desktop.core.mbtiles import TilesetInfo, read_info
from desktop.core.ops.common import get_required, row_dict
from desktop.core.store import sha256_file

BASEMAP_EXT = "mbtiles"


def _audit_row(obj: CaseBasemap) -> dict[str, object]:
    row = row_dict(obj)
    row["added_at"] = obj.added_at.isoformat() if obj.added_at else None
    return {k: v for k, v in row.items() if k != "id"}


@dataclass(frozen=True)
class StoredBasemap:
    """An MBTiles file checked and copied into the case store, not yet listed."""

    file_name: str
    sha256: str
    info: TilesetInfo


def store_basemap(case: CaseFile, path: str | Path) -> StoredBasemap:
    """Check an MBTiles file and copy it into the case store (the slow part: hashing and
    copying; no database write, so a worker may run it). A stored copy that is never
    listed is an unreferenced original, which the store removes on the next open.

    ``UserError`` for a file that is not a raster MBTiles tileset or is already listed.
    """
    source = Path(path)
    if source.suffix.lower() != f".{BASEMAP_EXT}":
        raise UserError(f"{source.name} is not an .mbtiles file (GeoTIFF is not supported; "
                        "convert it to MBTiles first)")
    info = read_info(source)
    try:
        sha = sha256_file(source)
    except OSError as exc:
        raise UserError(f"cannot read {source.name}: {exc.strerror or exc}") from exc
    _refuse_listed(case, sha, source.name)
    case.originals.put_file(source, sha, BASEMAP_EXT)
    return StoredBasemap(source.name, sha, info)


def _refuse_listed(case: CaseFile, sha: str, file_name: str) -> None:
    with case.read_session() as session:
        existing = session.scalars(
            select(CaseBasemap).where(CaseBasemap.file_sha256 == sha)).first()
    if existing is not None:
        raise UserError(f"{file_name} is already in this case as “{existing.name}”")


def add_basemap(case: CaseFile, path: str | Path, *,
                stored: StoredBasemap | None = None) -> tuple[int, Changes]:
    """Copy an MBTiles file into the case and list it; returns the basemap's id.

    With ``stored`` (from ``store_basemap``, run earlier in a worker) only the listing is
    done here. ``UserError`` (nothing listed) for a file that is not a raster MBTiles
    tileset or is already in the case.
    """
    if stored is None:
        stored = store_basemap(case, path)
    else:
        _refuse_listed(case, stored.sha256, stored.file_name)
        if not case.originals.contains(stored.sha256, BASEMAP_EXT):
            raise UserError(f"{stored.file_name} is no longer in the case store")
    info = stored.info
    with case.write_session() as session:
        obj = CaseBasemap(
            name=info.name, attribution=info.attribution, file_sha256=stored.sha256,
            file_name=stored.file_name, file_ext=BASEMAP_EXT, tile_format=info.tile_format,
            west=info.bounds.west, south=info.bounds.south, east=info.bounds.east,
            north=info.bounds.north, min_zoom=info.min_zoom, max_zoom=info.max_zoom,
        )
        session.add(obj)
        session.flush()
        case.audit(session, "basemap.add", "case_basemap", int(obj.id),
                   {"after": _audit_row(obj)})
        return int(obj.id), Changes.of(created=[Ref("case_basemap", int(obj.id))])


def remove_basemap(case: CaseFile, basemap_id: int) -> tuple[dict[str, Any], Changes]:
    """Take a basemap off the case's list (audited); returns its row for ``restore``."""
    with case.write_session() as session:
        obj = get_required(session, CaseBasemap, basemap_id, "basemap")
        row = row_dict(obj)
        before = _audit_row(obj)
        session.delete(obj)
        session.flush()
        case.audit(session, "basemap.remove", "case_basemap", basemap_id, {"before": before})
    return row, Changes.of(deleted=[Ref("case_basemap", basemap_id)])


def restore_basemap(case: CaseFile, row: dict[str, Any]) -> Changes:
    """Put a removed basemap back with its id and uid (undo); the file is still stored."""
    if not case.originals.contains(str(row["file_sha256"]), str(row["file_ext"])):
        raise UserError(f"the file of basemap “{row['name']}” is no longer in the case")
    with case.write_session() as session:
        obj = CaseBasemap(**row)
        session.add(obj)
        session.flush()
        case.audit(session, "basemap.restore", "case_basemap", int(obj.id),
                   {"after": _audit_row(obj)})
    return Changes.of(created=[Ref("case_basemap", int(row["id"]))])
