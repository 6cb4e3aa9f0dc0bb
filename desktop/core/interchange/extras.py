"""The sections that carry what the checks, maps and videos of a case hold:
``basemaps``, ``reference_collections``, ``videos``, ``frames`` and ``reviews``.

Each section has its dump (``*_items``), its validation (``parse_*``, phase 1, nothing
written) and its creation (``apply_*``, inside the load's one transaction). Basemap and
video files are ``file`` paths confined like photos; they are read (an MBTiles file's own
description, a video probed in a child process) before anything is stored, so a bad file
stops the load with one sentence. Reference collections carry their whole index (name,
SHA-256, pHash of every image), because the folder they were made from is rarely on the
machine that loads them; the index digest is checked against it. Reviews are the reviewed
findings: a finding is derived and computed again, but an investigator's review is not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models import (
    CaseBasemap,
    CheckFinding,
    ReferenceCollection,
    ReferenceImage,
    Video,
    VideoFrame,
)
from desktop.core.checks.references import IndexedImage, index_digest
from desktop.core.errors import FragmentError, UserError, ValidationError
from desktop.core.isolated import run_isolated
from desktop.core.mbtiles import TilesetInfo, read_info
from desktop.core.ops.basemaps import BASEMAP_EXT
from desktop.core.ops.checks import MAX_NOTE
from desktop.core.ops.common import parse_text
from desktop.core.store import sha256_file
from desktop.core.video import VideoInfo, probe
from desktop.core.videos import PROBE_TIMEOUT_S, VIDEO_EXTENSIONS, video_row

if TYPE_CHECKING:
    from desktop.core.casefile import CaseFile
    from desktop.core.interchange.parse import Planned, _Parser

Key = Callable[[str, int | None], str | None]
FilePath = Callable[[str, str], str]

_SHA = re.compile(r"^[0-9a-f]{64}$")
_PHASH = re.compile(r"^(|[0-9a-f]{16})$")
MAX_REFERENCE_IMAGES = 1_000_000
MAX_FRAME_INDEX = 10**9
SEVERITIES = ("info", "notice", "warning")


# -- dump ---------------------------------------------------------------------------------
def basemap_item(b: CaseBasemap, key: Key, file_path: FilePath) -> dict[str, Any]:
    """A basemap as the document writes it (its tiles are in the file)."""
    return {"key": key("case_basemap", b.id), "uid": b.uid, "name": b.name,
            "attribution": b.attribution, "file": file_path(b.file_sha256, b.file_ext),
            "file_name": b.file_name, "sha256": b.file_sha256}


def reference_item(session: Session, r: ReferenceCollection, key: Key) -> dict[str, Any]:
    """A reference collection with its whole index, sorted as the digest is."""
    images = sorted(session.execute(
        select(ReferenceImage.name, ReferenceImage.sha256, ReferenceImage.phash)
        .where(ReferenceImage.collection_id == r.id)).all(), key=lambda i: (i[1], i[2], i[0]))
    return {"key": key("reference_collection", r.id), "uid": r.uid, "name": r.name,
            "kind": r.kind, "path": r.path, "note": r.note, "image_count": r.image_count,
            "index_digest": r.index_digest, "indexed_at": r.indexed_at.isoformat(),
            "images": [[name, sha, phash] for name, sha, phash in images]}


def video_item(v: Video, key: Key, file_path: FilePath) -> dict[str, Any]:
    """A video: its file (the metadata is read from it again on load)."""
    return {"key": key("video", v.id), "uid": v.uid, "label": v.label,
            "file": file_path(v.sha256, v.ext), "file_name": v.file_name, "sha256": v.sha256}


def frame_item(f: VideoFrame, key: Key) -> dict[str, Any]:
    """Which frame of which video a photo is."""
    return {"key": key("video_frame", f.id), "uid": f.uid, "photo": key("photo", f.photo_id),
            "video": key("video", f.video_id), "frame_index": f.frame_index,
            "time_s": f.time_s, "pts": f.pts, "digest": f.digest,
            "pixel_format": f.pixel_format, "decoder": f.decoder}


def review_item(f: CheckFinding, key: Key) -> dict[str, Any]:
    """A reviewed finding, with what it said when it was reviewed."""
    return {"key": key("check_finding", f.id), "uid": f.uid, "photo": key("photo", f.photo_id),
            "finding": f.key, "kind": f.kind, "severity": f.severity,
            "explanation": f.explanation, "details": dict(f.details or {}),
            "reviewed": bool(f.reviewed), "note": f.review_note}


def reviewed(f: CheckFinding) -> bool:
    """Whether a finding carries an investigator's review (reviewed, or a note)."""
    return bool(f.reviewed) or bool(f.review_note)


# -- phase 1: validation --------------------------------------------------------------------
def _text(raw: dict[str, Any], name: str, path: str, *, limit: int,
          required: bool = False) -> str:
    value = parse_text(raw.get(name, ""), f"{path}.{name}", required=required)
    if len(value) > limit:
        raise ValidationError(f"at most {limit} characters", f"{path}.{name}")
    return value


def _int(value: Any, path: str, low: int, high: int, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"expected a whole number from {low} to {high}", path)
    return value


def _sha(value: Any, path: str) -> str:
    if not isinstance(value, str) or not _SHA.match(value):
        raise ValidationError("expected 64 lowercase hex digits (a SHA-256)", path)
    return value


def _checked_sha(item: Planned, raw: dict[str, Any], path: str) -> None:
    if raw.get("sha256") is not None:
        item.extra["sha256"] = _sha(raw["sha256"], f"{path}.sha256")


def parse_basemap(p: _Parser, raw: dict[str, Any], path: str) -> Planned:
    """``basemaps[i]``: an MBTiles file (read in ``prepare_files``)."""
    item = p.start("case_basemap", raw, path)
    item.file = p.file(raw.get("file"), f"{path}.file")
    if item.file.suffix.lower() != f".{BASEMAP_EXT}":
        raise ValidationError("expected an .mbtiles file", f"{path}.file")
    item.extra["file_name"] = _text(raw, "file_name", path, limit=1000) or item.file.name
    _checked_sha(item, raw, path)
    return item


def parse_video(p: _Parser, raw: dict[str, Any], path: str) -> Planned:
    """``videos[i]``: a video file (probed in ``prepare_files``)."""
    item = p.start("video", raw, path)
    item.file = p.file(raw.get("file"), f"{path}.file")
    if item.file.suffix.lower() not in VIDEO_EXTENSIONS:
        raise ValidationError("expected a video (" + ", ".join(sorted(VIDEO_EXTENSIONS))
                              + ")", f"{path}.file")
    item.extra["file_name"] = _text(raw, "file_name", path, limit=1000) or item.file.name
    _checked_sha(item, raw, path)
    return item


def parse_frame(p: _Parser, raw: dict[str, Any], path: str) -> Planned:
    """``frames[i]``: a photo of this document that is frame N of one of its videos."""
    item = p.start("video_frame", raw, path)
    item.refs["photo_id"] = p.pointer(raw.get("photo"), ("photo",), f"{path}.photo")
    item.refs["video_id"] = p.pointer(raw.get("video"), ("video",), f"{path}.video")
    time_s = raw.get("time_s")
    if isinstance(time_s, bool) or not isinstance(time_s, int | float) or not (
            math.isfinite(time_s) and 0 <= time_s <= 10**7):
        raise ValidationError("expected a time in seconds from 0", f"{path}.time_s")
    item.values = {
        "frame_index": _int(raw.get("frame_index"), f"{path}.frame_index", 0, MAX_FRAME_INDEX),
        "time_s": float(time_s),
        "pts": _int(raw.get("pts"), f"{path}.pts", -(2**62), 2**62, optional=True),
        "digest": _sha(raw.get("digest"), f"{path}.digest"),
        "pixel_format": _text(raw, "pixel_format", path, limit=32, required=True),
        "decoder": _text(raw, "decoder", path, limit=1000),
    }
    return item


def parse_reference(p: _Parser, raw: dict[str, Any], path: str) -> Planned:
    """``reference_collections[i]``: a collection and its index, checked against its digest."""
    item = p.start("reference_collection", raw, path)
    kind = raw.get("kind", "folder")
    if kind not in ("folder", "case"):
        raise ValidationError('expected "folder" or "case"', f"{path}.kind")
    images = raw.get("images")
    if not isinstance(images, list) or len(images) > MAX_REFERENCE_IMAGES:
        raise ValidationError(f"expected a list of at most {MAX_REFERENCE_IMAGES} "
                              "[name, sha256, phash] entries", f"{path}.images")
    index: list[IndexedImage] = []
    for i, entry in enumerate(images):
        where = f"{path}.images[{i}]"
        if not isinstance(entry, list) or len(entry) != 3:
            raise ValidationError("expected [name, sha256, phash]", where)
        name = parse_text(entry[0], where, required=True)
        sha = _sha(entry[1], where)
        if not isinstance(entry[2], str) or not _PHASH.match(entry[2]):
            raise ValidationError("expected a pHash of 16 lowercase hex digits", where)
        index.append(IndexedImage(name, sha, entry[2]))
    digest = index_digest(index)
    given = raw.get("index_digest")
    if given is not None and given != digest:
        raise ValidationError("does not match the images listed", f"{path}.index_digest")
    indexed_at = raw.get("indexed_at")
    when = utcnow()
    if indexed_at is not None:
        try:
            when = datetime.fromisoformat(parse_text(indexed_at, f"{path}.indexed_at"))
        except ValueError:
            raise ValidationError("expected an ISO 8601 time", f"{path}.indexed_at") from None
        if when.tzinfo is None:
            raise ValidationError("needs a time zone", f"{path}.indexed_at")
    item.values = {"name": _text(raw, "name", path, limit=1000, required=True), "kind": kind,
                   "path": _text(raw, "path", path, limit=4000),
                   "note": _text(raw, "note", path, limit=MAX_NOTE),
                   "image_count": len(index), "index_digest": digest, "indexed_at": when}
    item.extra["images"] = index
    return item


def parse_review(p: _Parser, raw: dict[str, Any], path: str) -> Planned:
    """``reviews[i]``: a finding on a photo and the investigator's review of it."""
    item = p.start("check_finding", raw, path)
    item.refs["photo_id"] = p.pointer(raw.get("photo"), ("photo",), f"{path}.photo")
    severity = raw.get("severity", "info")
    if severity not in SEVERITIES:
        raise ValidationError("expected " + ", ".join(SEVERITIES), f"{path}.severity")
    details = raw.get("details", {})
    if not isinstance(details, dict):
        raise ValidationError("expected an object", f"{path}.details")
    done = raw.get("reviewed", True)
    if not isinstance(done, bool):
        raise ValidationError("expected true or false", f"{path}.reviewed")
    item.values = {"key": _text(raw, "finding", path, limit=200, required=True),
                   "kind": _text(raw, "kind", path, limit=40, required=True),
                   "severity": severity,
                   "explanation": _text(raw, "explanation", path, limit=MAX_NOTE * 4),
                   "details": details, "reviewed": done,
                   "review_note": _text(raw, "note", path, limit=MAX_NOTE).strip()}
    return item


def check_unique(items: dict[str, list[Planned]]) -> None:
    """A photo is a frame of one video only, and a finding is reviewed once."""
    for kind, what in (("video_frame", "is already a frame in"),
                       ("check_finding", "already has this finding reviewed in")):
        seen: dict[tuple[Any, ...], str] = {}
        for item in items[kind]:
            key = (item.refs["photo_id"], item.values.get("key"))
            if key in seen:
                raise ValidationError(f"the photo {what} {seen[key]}", item.path)
            seen[key] = item.path


# -- between the phases: read and store the files --------------------------------------------
@dataclass(frozen=True)
class PreparedFile:
    """A basemap or video file, read and checked, stored under its SHA-256."""

    sha256: str
    info: TilesetInfo | VideoInfo


def read_files(items: list[Planned]) -> dict[int, PreparedFile]:
    """Read every basemap and video file (nothing stored): one sentence for a bad one."""
    out: dict[int, PreparedFile] = {}
    for item in items:
        assert item.file is not None  # parsing gives each one
        where = f"{item.path}.file"
        try:
            sha = sha256_file(item.file)
            info: TilesetInfo | VideoInfo
            if item.kind == "case_basemap":
                info = read_info(item.file)
            else:
                info = run_isolated(probe, item.file, what=item.file.name,
                                    timeout=PROBE_TIMEOUT_S)
        except OSError as exc:
            raise ValidationError(f"cannot read the file: {exc.strerror or exc}",
                                  where) from None
        except (UserError, FragmentError) as exc:
            raise ValidationError(str(exc), where) from None
        expected = item.extra.get("sha256")
        if expected and expected != sha:
            raise ValidationError("the file's SHA-256 does not match the sha256 given", where)
        out[id(item)] = PreparedFile(sha, info)
    return out


def store_files(case: CaseFile, items: list[Planned], files: dict[int, PreparedFile]) -> None:
    """Copy the read files into the case store (content-addressed; an unreferenced copy is
    removed at the next write if the load fails)."""
    for item in items:
        assert item.file is not None
        ext = BASEMAP_EXT if item.kind == "case_basemap" else item.file.suffix.lower()[1:]
        case.originals.put_file(item.file, files[id(item)].sha256, ext)


# -- phase 2: creation ------------------------------------------------------------------------
def new_basemap(item: Planned, prepared: PreparedFile) -> CaseBasemap:
    """The ``case_basemap`` row for a stored MBTiles file."""
    info = prepared.info
    assert isinstance(info, TilesetInfo)
    return CaseBasemap(
        name=info.name, attribution=info.attribution, file_sha256=prepared.sha256,
        file_name=item.extra["file_name"], file_ext=BASEMAP_EXT, tile_format=info.tile_format,
        west=info.bounds.west, south=info.bounds.south, east=info.bounds.east,
        north=info.bounds.north, min_zoom=info.min_zoom, max_zoom=info.max_zoom)


def new_video(item: Planned, prepared: PreparedFile, investigator: str) -> Video:
    """The ``video`` row for a stored, probed video file."""
    info = prepared.info
    assert isinstance(info, VideoInfo) and item.file is not None
    return video_row(item.file, prepared.sha256, info, imported_by=investigator,
                     file_name=item.extra["file_name"])


def reference_images(session: Session, collection_id: int, item: Planned) -> None:
    """Insert a loaded collection's index (derived rows: the collection's digest covers
    them)."""
    session.bulk_insert_mappings(
        ReferenceImage, [{"collection_id": collection_id, "name": i.name, "sha256": i.sha256,
                          "phash": i.phash} for i in item.extra["images"]])


def existing_shas(session: Session, kind: str) -> dict[str, int]:
    """SHA-256 -> id of the basemaps or videos already in the case."""
    if kind == "case_basemap":
        return dict(session.execute(select(CaseBasemap.file_sha256, CaseBasemap.id)).all())
    return dict(session.execute(select(Video.sha256, Video.id)).all())

