"""Reference collections: folders of known images (earlier conflicts, debunked photos) or
other cases, indexed once by perceptual hash so every photo can be compared with them.

The index rows (``reference_image``) are derived from the files; the collection row names
them with a digest of the whole index, and adding, re-indexing or removing a collection is
audited.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models import Photo, PhotoFingerprint, ReferenceCollection, ReferenceImage
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes, Ref
from desktop.core.checks.fingerprint import fingerprint_file
from desktop.core.errors import UserError

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".tif", ".tiff", ".webp",
                  ".heic", ".heif"}
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class IndexedImage:
    """One reference image: its name inside the collection, SHA-256 and pHash."""

    name: str
    sha256: str
    phash: str


def image_files(folder: Path) -> list[Path]:
    """Image files below ``folder`` by suffix, sorted, hidden files and folders skipped."""
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(Path(root) / f for f in sorted(files)
                   if not f.startswith(".") and Path(f).suffix.lower() in IMAGE_SUFFIXES)
    return out


def index_folder(folder: Path, progress: Progress | None = None) -> list[IndexedImage]:
    """Hash every image below ``folder`` (files that cannot be decoded are skipped)."""
    files = image_files(folder)
    out: list[IndexedImage] = []
    for n, path in enumerate(files, 1):
        sha, fp = fingerprint_file(path, credentials=False)
        if sha and fp.phash:
            out.append(IndexedImage(path.relative_to(folder).as_posix(), sha, fp.phash))
        if progress:
            progress(n, len(files))
    return out


def index_case(path: Path) -> list[IndexedImage]:
    """The photos of another case, by label (fingerprints computed where missing)."""
    out = []
    with CaseFile.open_for_check(path) as other, other.read_session() as session:
        rows = session.execute(select(Photo.label, Photo.sha256, Photo.ext,
                                      PhotoFingerprint.phash)
                               .outerjoin(PhotoFingerprint,
                                          PhotoFingerprint.photo_id == Photo.id)
                               .order_by(Photo.id)).all()
        for label, sha, ext, phash in rows:
            if not phash:
                _, fp = fingerprint_file(other.originals.path_for(sha, ext), credentials=False)
                phash = fp.phash
            if phash:
                out.append(IndexedImage(f"{label} ({sha[:12]})", sha, phash))
    return out


def index_digest(images: Iterable[IndexedImage]) -> str:
    """SHA-256 over the sorted index lines, so the audit log commits to the whole index."""
    lines = sorted(f"{i.sha256} {i.phash} {i.name}\n" for i in images)
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def add_reference(case: CaseFile, path: str | os.PathLike[str], *, name: str = "",
                  progress: Progress | None = None) -> tuple[int, Changes]:
    """Register and index a folder of images or another case (``*.fragment``)."""
    source = Path(path).expanduser().resolve()
    if not source.is_dir():
        raise UserError(f"{path} is not a folder")
    kind = "case" if (source / "case.sqlite").exists() or (source / "case.json").exists() \
        else "folder"
    if kind == "case" and source == case.root.resolve():
        raise UserError("a case cannot be its own reference collection")
    images = index_case(source) if kind == "case" else index_folder(source, progress)
    if not images:
        raise UserError(f"no readable images in {path}")
    with case.write_session() as session:
        known = session.scalar(select(ReferenceCollection.id)
                               .where(ReferenceCollection.path == str(source)))
        if known is not None:
            raise UserError(f"{source} is already a reference collection")
        row = ReferenceCollection(name=name.strip() or source.name, kind=kind, path=str(source))
        session.add(row)
        _store_index(session, row, images)
        case.audit(session, "reference.add", "reference_collection", row.id,
                   {"after": {"name": row.name, "kind": kind, "path": row.path,
                              "image_count": row.image_count,
                              "index_digest": row.index_digest}})
    return row.id, Changes.of(created=[Ref("reference_collection", row.id)])


def reindex_reference(case: CaseFile, collection_id: int) -> Changes:
    """Index a collection's folder or case again (after it gained or lost images)."""
    with case.read_session() as session:
        row = session.get(ReferenceCollection, collection_id)
        if row is None:
            raise UserError(f"no reference collection with id {collection_id}")
        kind, source = row.kind, Path(row.path)
    if not source.is_dir():
        raise UserError(f"{source} is no longer there")
    images = index_case(source) if kind == "case" else index_folder(source)
    with case.write_session() as session:
        row = session.get(ReferenceCollection, collection_id)
        assert row is not None
        before = {"image_count": row.image_count, "index_digest": row.index_digest}
        session.execute(delete(ReferenceImage).where(ReferenceImage.collection_id == row.id))
        _store_index(session, row, images)
        case.audit(session, "reference.reindex", "reference_collection", row.id,
                   {"before": before, "after": {"image_count": row.image_count,
                                                "index_digest": row.index_digest}})
    return Changes.of(updated=[Ref("reference_collection", collection_id)])


def remove_reference(case: CaseFile, collection_id: int) -> Changes:
    """Forget a reference collection and its index (the folder itself is not touched)."""
    with case.write_session() as session:
        row = session.get(ReferenceCollection, collection_id)
        if row is None:
            raise UserError(f"no reference collection with id {collection_id}")
        before = {"name": row.name, "path": row.path, "image_count": row.image_count}
        session.execute(delete(ReferenceImage).where(ReferenceImage.collection_id == row.id))
        session.delete(row)
        session.flush()
        case.audit(session, "reference.remove", "reference_collection", collection_id,
                   {"before": before})
    return Changes.of(deleted=[Ref("reference_collection", collection_id)])


def _store_index(session: Session, row: ReferenceCollection,
                 images: list[IndexedImage]) -> None:
    row.image_count = len(images)
    row.index_digest = index_digest(images)
    row.indexed_at = utcnow()
    session.flush()
    session.bulk_insert_mappings(
        ReferenceImage, [{"collection_id": row.id, "name": i.name, "sha256": i.sha256,
                          "phash": i.phash} for i in images])
