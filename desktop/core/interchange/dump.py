"""Write a whole case as one interchange JSON document (``fragment-case`` version 1).

Objects get keys from their kind and position (``clm3`` is the third claim in id order), so
dumping a case, loading it into an empty case and dumping again gives the same document.
Each object also carries its ``uid`` so a later load recognises objects already present,
and sources, claims, locations, photos and annotations their stored ``label`` (P7, C3), for
information only: a load gives new objects new labels in the target case.
Photos, attached source files, basemaps and videos are referenced by ``file`` paths
relative to the JSON file; ``dump_case`` copies them to ``files/<sha256>.<ext>`` beside it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Actor,
    Annotation,
    CaseBasemap,
    CaseInfo,
    CheckFinding,
    Citation,
    Claim,
    Link,
    Location,
    Photo,
    ReferenceCollection,
    Source,
    Video,
    VideoFrame,
)
from desktop.core.atomic import atomic_file
from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError, cannot_write
from desktop.core.interchange import extras
from desktop.core.interchange.fields import (
    ACTOR_FIELDS,
    ANNOTATION_FIELDS,
    CITATION_FIELDS,
    CLAIM_FIELDS,
    FORMAT,
    KEY_PREFIX,
    LOCATION_FIELDS,
    PROVENANCE_FIELDS,
    SOURCE_FIELDS,
    VERSION,
)
from desktop.core.link_ends import link_ends
from desktop.core.queries.catalog import case_entries
from desktop.core.queries.tags import tags_by_photo
from desktop.core.store import sha256_file
from desktop.core.timefmt import format_utc

FilePath = Callable[[str, str], str]
"""``file_path(sha256, ext)`` -> the ``file`` value written for a stored original."""


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)  # enums to their interchange strings


def case_document(case: CaseFile, *, file_path: FilePath) -> dict[str, Any]:
    """The interchange document of ``case`` (nothing is written)."""
    with case.read_session() as session:
        return _document(session, file_path)


def _document(session: Session, file_path: FilePath) -> dict[str, Any]:
    keys: dict[tuple[str, int], str] = {}

    def rows(model: Any) -> list[Any]:
        found = list(session.scalars(select(model).order_by(model.id)))
        kind = model.__tablename__
        for i, row in enumerate(found, start=1):
            keys[(kind, row.id)] = f"{KEY_PREFIX[kind]}{i}"
        return found

    def key(kind: str, object_id: int | None) -> str | None:
        return None if object_id is None else keys[(kind, object_id)]

    info = session.scalar(select(CaseInfo).order_by(CaseInfo.id).limit(1))
    sources, actors, claims = rows(Source), rows(Actor), rows(Claim)
    photos, locations, annotations = rows(Photo), rows(Location), rows(Annotation)
    links, citations = rows(Link), rows(Citation)
    basemaps, references = rows(CaseBasemap), rows(ReferenceCollection)
    videos, frames = rows(Video), rows(VideoFrame)
    reviews = [f for f in rows(CheckFinding) if extras.reviewed(f)]
    tags = tags_by_photo(session)
    doc: dict[str, Any] = {
        "format": FORMAT, "version": VERSION,
        "case": {"title": info.title if info else "",
                 "description": info.description if info else ""},
        "sources": [], "actors": [], "claims": [], "locations": [], "photos": [],
        "annotations": [], "links": [], "citations": [],
        "catalog": [item.to_dict() for item in case_entries(session)],
    }
    for s in sources:
        item = {"key": key("source", s.id), "uid": s.uid, "label": s.label,
                **{f: getattr(s, c) for f, c in SOURCE_FIELDS.items()}}
        item["published"], item["retrieved"] = _iso(s.published_on), _iso(s.retrieved_on)
        if s.file_sha256:
            item["file"] = file_path(s.file_sha256, s.file_ext or "bin")
            item["file_name"] = s.file_name
        doc["sources"].append(item)
    for a in actors:
        doc["actors"].append({"key": key("actor", a.id), "uid": a.uid,
                              **{f: _plain(getattr(a, c)) for f, c in ACTOR_FIELDS.items()}})
    for c in claims:
        item = {"key": key("claim", c.id), "uid": c.uid, "label": c.label,
                **{f: _plain(getattr(c, col)) for f, col in CLAIM_FIELDS.items()}}
        item["claimed_on"] = _iso(c.claimed_on)
        item["actor"], item["source"] = key("actor", c.actor_id), key("source", c.source_id)
        doc["claims"].append(item)
    for p in photos:
        doc["photos"].append({
            "key": key("photo", p.id), "uid": p.uid, "label": p.label,
            "file": file_path(p.sha256, p.ext),
            "file_name": p.file_name, "sha256": p.sha256, "notes": p.notes,
            "view_adjustments": dict(p.view_adjustments or {}),
            "provenance": {
                **{f: _plain(getattr(p, f)) for f in PROVENANCE_FIELDS},
                "obtained_at": format_utc(p.obtained_at) or None,
                "source": key("source", p.source_id),
            },
            "tags": list(tags.get(p.id, ())),
        })
    for loc in locations:
        # A camera position belongs to its photo: written as exact decimal degrees (EXIF
        # text is not in a notation the parser reads), it is matched again on load.
        coordinates = loc.raw_text if loc.raw_text and loc.photo_id is None else (
            f"{loc.lat!r}, {loc.lon!r}")
        item = {"key": key("location", loc.id), "uid": loc.uid, "label": loc.label,
                "coordinates": coordinates,
                **{f: _plain(getattr(loc, c)) for f, c in LOCATION_FIELDS.items()}}
        item["aliases"] = list(loc.aliases or [])
        if loc.photo_id is not None:
            item["photo"] = key("photo", loc.photo_id)
        doc["locations"].append(item)
    for n in annotations:
        doc["annotations"].append({
            "key": key("annotation", n.id), "uid": n.uid, "label": n.label,
            "photo": key("photo", n.photo_id),
            "number": n.number, "shape": {"type": n.shape_type.value, **n.geometry},
            **{f: _plain(getattr(n, c)) for f, c in ANNOTATION_FIELDS.items()},
        })
    for link in links:
        start, end = link_ends(link)
        item = {"key": key("link", link.id), "uid": link.uid, "from": key(*start),
                "to": key(*end)}
        if link.stance is not None:
            item["stance"] = link.stance.value
        elif link.relation is not None:  # a link has exactly one of them (CHECK constraint)
            item["relation"] = link.relation.value
        item["note"] = link.note
        doc["links"].append(item)
    for c in citations:
        if c.source_id is None or (c.location_id is None and c.link_id is None):
            continue  # detached (what it cited was deleted): nothing to say in a dump
        item = {"key": key("citation", c.id), "uid": c.uid, "source": key("source", c.source_id)}
        if c.location_id is not None:
            item["location"] = key("location", c.location_id)
        else:
            item["link"] = key("link", c.link_id)
        item.update({f: getattr(c, col) for f, col in CITATION_FIELDS.items()})
        doc["citations"].append(item)
    doc["basemaps"] = [extras.basemap_item(b, key, file_path) for b in basemaps]
    doc["reference_collections"] = [extras.reference_item(session, r, key)
                                    for r in references]
    doc["videos"] = [extras.video_item(v, key, file_path) for v in videos]
    doc["frames"] = [extras.frame_item(f, key) for f in frames]
    doc["reviews"] = [extras.review_item(f, key) for f in reviews]
    return doc


def dump_case(case: CaseFile, out_path: str | os.PathLike[str]) -> dict[str, Any]:
    """Write the case's document to ``out_path`` and copy the photos, attached source
    files, basemaps and videos it references to ``files/<sha256>.<ext>`` beside it;
    returns the document.

    The JSON is written to a temporary file and renamed, so a failed dump leaves no partial
    document (copied files are content-addressed and harmless).
    """
    out = Path(out_path)
    folder = out.parent
    if not folder.is_dir():
        raise UserError(f"the folder {folder} does not exist")
    wanted: dict[str, str] = {}

    def file_path(sha: str, ext: str) -> str:
        wanted[sha] = ext
        return f"files/{sha}.{ext}"

    doc = case_document(case, file_path=file_path)
    for sha, ext in wanted.items():
        source = case.originals.path_for(sha, ext)
        target = folder / "files" / f"{sha}.{ext}"
        if target.is_file() and sha256_file(target) == sha:
            continue
        if not source.is_file():
            raise UserError(f"the stored original {sha}.{ext} is missing from the case")
        target.parent.mkdir(exist_ok=True)
        with atomic_file(target) as tmp:
            shutil.copyfile(source, tmp)
    write_json(doc, out)
    return doc


def write_json(doc: dict[str, Any], out: Path) -> None:
    """Write ``doc`` as UTF-8 JSON (2-space indent) through a temporary file and a rename."""
    with atomic_file(out, error=cannot_write) as tmp, \
            open(tmp, "w", encoding="utf-8") as handle:
        json.dump(doc, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
