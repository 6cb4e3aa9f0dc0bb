"""Photo import: ``plan_import`` reads files into an inert plan; ``apply_import`` stores it.

``plan_import`` walks files and folders, and for each file reads its bytes once in a worker
process: SHA-256, format by content, size as displayed, EXIF, flags, or a rejection
reason. Nothing is written to the case, except (``store=`` and ``session=``, as
``import_paths`` does) each accepted file's bytes, written by the worker from what it read
and hashed into an ``.incoming-<session>-`` file beside its place in the store.
``apply_import`` renames those into place (or copies a file into the store, hashing it as
it goes, when no worker wrote it), syncs the batch's folders, then writes its Photo rows, a
camera-position Location when the GPS is valid, and audit events, in one transaction per
batch.

Interrupted imports: an original is copied before its row is committed, so a crash can
leave an original without a row. Such a file is named by its own hash, so it is harmless:
``verify`` reports it as a note (not a problem) and importing the same file again adopts
it. Every import holds an import session (``store_sessions``) for its whole run, so that
the ``.incoming-`` files a killed one left are told from a running one's, in team cases
too. See docs/import.md.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db.models import Location, LocationKind, Photo
from desktop.core.atomic import fsync_dir
from desktop.core.audit import PendingEvent
from desktop.core.casefile import CaseFile
from desktop.core.changes import NO_CHANGES, Changes, Ref
from desktop.core.checks.fingerprint import Fingerprint
from desktop.core.checks.run import fingerprint_row
from desktop.core.errors import UserError
from desktop.core.exif import EXIF_TIMEOUT_S, ExifInfo
from desktop.core.imaging import ImageProbe, ImagingError, store_ext, thumbnail_path
from desktop.core.ingest_pool import FileAnalysis, analyse_files
from desktop.core.ops.common import check_fields
from desktop.core.ops.provenance import PROVENANCE_FIELDS, clean_provenance
from desktop.core.store import OriginalStore, StoreError, sha256_file
from desktop.core.store_sessions import remove_session_files, sweep_incoming

Status = Literal["imported", "duplicate", "rejected"]
ProgressCallback = Callable[[int, int, Path], None]
BATCH_SIZE = 200

# Flags a photo can carry (documented in docs/import.md).
FLAG_TRUNCATED = "truncated"
FLAG_EXIF_UNREADABLE = "exif_unreadable"
FLAG_NO_EXIF = "no_exif"
FLAG_GPS_INVALID = "gps_invalid"
FLAG_ORIENTATION_INVALID = "orientation_invalid"
FLAG_ANIMATED = "animated"  # also multi-page TIFFs: several frames, first one used


@runtime_checkable
class CancelFlag(Protocol):
    """Anything with ``is_set()``, e.g. ``threading.Event``."""

    def is_set(self) -> bool: ...


Cancel = Callable[[], bool] | CancelFlag | None


@dataclass(frozen=True)
class PlannedFile:
    """One input file, read and judged. ``status`` is "new", "duplicate" or "rejected"."""

    path: Path
    status: Literal["new", "duplicate", "rejected"]
    sha256: str | None = None
    byte_size: int = 0
    format: str | None = None
    ext: str | None = None
    width: int = 0
    height: int = 0
    orientation: int | None = None
    flags: tuple[str, ...] = ()
    exif: ExifInfo | None = None
    reason: str | None = None
    fingerprint: Fingerprint | None = None
    code: str | None = None  # why rejected: "not_image", "empty", "unreadable", "missing"…
    incoming: Path | None = None  # already written into the store by the worker


@dataclass(frozen=True)
class ImportPlan:
    """The inert result of reading the inputs; ``cancelled`` when it stopped early."""

    files: tuple[PlannedFile, ...]
    cancelled: bool = False
    thumb_dir: Path | None = None


@dataclass(frozen=True)
class ImportResult:
    """The outcome for one file (the keys of ``fragment add --json``, plus flags)."""

    path: str
    status: Status
    photo_id: int | None
    sha256: str | None
    reason: str | None
    flags: tuple[str, ...] = ()
    #: the rejection's code ("not_image" and "empty": not a photo at all; "unreadable",
    #: "bomb", "timeout", "missing"…); not part of the JSON contract
    code: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The contract shape: path, status, photo_id, sha256, reason."""
        return {"path": self.path, "status": self.status, "photo_id": self.photo_id,
                "sha256": self.sha256, "reason": self.reason}


@dataclass(frozen=True)
class ImportReport:
    """Every file's result, in input order, and the change summary."""

    results: list[ImportResult] = field(default_factory=list)
    changes: Changes = NO_CHANGES
    cancelled: bool = False

    def count(self, status: Status) -> int:
        """How many results have this status."""
        return sum(1 for r in self.results if r.status == status)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files given directly, plus every file below given folders (sorted, hidden skipped).

    A path that does not exist is kept, so that it is reported as rejected.
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(Path(root) / f for f in sorted(files) if not f.startswith("."))
        else:
            out.append(path)
    return out


def plan_import(
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: ProgressCallback | None = None,
    cancel: Cancel = None,
    thumb_dir: Path | None = None,
    workers: int | None = None,
    exif_timeout: float = EXIF_TIMEOUT_S,
    store: OriginalStore | None = None,
    session: str | None = None,
    on_file: Callable[[FileAnalysis], None] | None = None,
) -> ImportPlan:
    """Read every file below ``paths`` in parallel worker processes into an inert plan.

    ``progress(done, total, path)`` is called in the calling thread after each file.
    ``cancel`` (a callable or an object with ``is_set``) stops early. ``exif_timeout`` bounds
    the EXIF reader per file (the photo is flagged when it runs out). When ``thumb_dir``
    (a case's ``derived/``) is given, thumbnails are written there as a by-product. With
    ``store`` (the case's originals) and ``session`` (the id of an import session the
    caller holds on it until the plan is applied: ``store_sessions.import_session``) the
    workers also write each new file's bytes there, to be adopted by ``apply_import``,
    which removes what it does not keep (the plan must be applied, or its ``incoming``
    files removed with ``discard_incoming``).
    ``on_file(analysis)`` is called in the calling thread as each file's worker finishes,
    its thumbnail already written (a window shows it at once).
    """
    if store is not None and session is None:
        raise ValueError("staging into the store needs the import session held on it")
    files = expand_paths(paths)
    is_cancelled = _cancel_fn(cancel)
    analyses: list[FileAnalysis | None] = [None] * len(files)
    done = 0
    missing = [i for i, f in enumerate(files) if not f.exists() or not f.is_file()]
    for i in missing:
        reason = ("no such file or folder" if not files[i].exists()
                  else "not a regular file")
        analyses[i] = FileAnalysis(files[i], rejection=reason, rejection_code="missing")
        done += 1
        if progress:
            progress(done, len(files), files[i])
    todo = [i for i in range(len(files)) if analyses[i] is None]

    def on_done(k: int, analysis: FileAnalysis) -> None:
        nonlocal done
        analyses[todo[k]] = analysis
        done += 1
        if progress:
            progress(done, len(files), analysis.path)
        if on_file:
            on_file(analysis)

    complete = analyse_files([files[i] for i in todo], on_done=on_done, thumb_dir=thumb_dir,
                             workers=workers, cancel=is_cancelled, exif_timeout=exif_timeout,
                             store_root=store.root if store is not None else None,
                             session=session)
    planned: list[PlannedFile] = []
    first_of: dict[str, Path] = {}
    for analysis in analyses:
        if analysis is None:
            continue  # not reached before the cancel
        item = _plan_one(analysis)
        sha = item.sha256
        if item.status == "new" and sha is not None:
            if sha in first_of:
                twin = first_of[sha]
                item = replace(item, status="duplicate",
                               reason=f"same content as {twin} in this import")
            else:
                first_of[sha] = item.path
        planned.append(item)
    return ImportPlan(files=tuple(planned), cancelled=not complete, thumb_dir=thumb_dir)


def _cancel_fn(cancel: Cancel) -> Callable[[], bool] | None:
    if cancel is None:
        return None
    if isinstance(cancel, CancelFlag):
        return cancel.is_set
    return cancel


def _plan_one(a: FileAnalysis) -> PlannedFile:
    if a.rejection is not None or a.probe is None:
        return PlannedFile(a.path, "rejected", sha256=a.sha256, byte_size=a.byte_size,
                           reason=a.rejection or "unreadable",
                           code=a.rejection_code or "unreadable")
    probe, exif = a.probe, a.exif or ExifInfo(error="the EXIF reader did not answer")
    flags: list[str] = []
    if probe.truncated:
        flags.append(FLAG_TRUNCATED)
    if exif.error:
        flags.append(FLAG_EXIF_UNREADABLE)
    elif not exif.present:
        flags.append(FLAG_NO_EXIF)
    if exif.gps_problem:
        flags.append(FLAG_GPS_INVALID)
    if exif.orientation is not None and not 1 <= exif.orientation <= 8:
        flags.append(FLAG_ORIENTATION_INVALID)
    if probe.frames > 1:
        flags.append(FLAG_ANIMATED)
    return PlannedFile(
        a.path, "new", sha256=a.sha256, byte_size=a.byte_size, format=probe.format,
        ext=store_ext(probe.format, a.path.name), width=probe.width, height=probe.height,
        orientation=_orientation(probe, exif),
        flags=tuple(flags), exif=exif, fingerprint=a.fingerprint, incoming=a.incoming,
    )


def _orientation(probe: ImageProbe, exif: ExifInfo) -> int | None:
    """The orientation still to apply to the decoded pixels.

    libheif already applies a HEIF file's rotation while decoding, so the EXIF tag (kept in
    the photo's EXIF record) no longer describes the decoded pixels; Pillow's view does.
    """
    if probe.format == "HEIF" or exif.orientation is None:
        return probe.orientation
    return exif.orientation


#: given the session and the photos just created (flushed), adds rows that belong with them
#: and returns their audit events (committed in the photos' transaction)
NewPhotosHook = Callable[[Session, Sequence[Photo]], list[PendingEvent]]


def apply_import(case: CaseFile, plan: ImportPlan, *, batch_size: int = BATCH_SIZE,
                 provenance: Mapping[str, Any] | None = None,
                 on_new_photos: NewPhotosHook | None = None,
                 session: str | None = None) -> ImportReport:
    """Store the plan's new photos in ``case``: originals, rows, locations, audit events.

    One transaction per batch; a file that fails to copy is rejected without stopping the
    batch. Exact duplicates of photos already in the case are reported, not stored again
    (a missing or damaged stored original is restored from the new copy, audited) and keep
    their provenance. ``provenance`` (column values, see
    ``desktop.core.ops.provenance.import_provenance``) is set on every photo imported, in
    the transaction that imports it, and recorded in its ``photo.import`` event.
    ``on_new_photos`` adds what belongs with the new photos in the same transaction (a
    frame's provenance: ``desktop.core.videos``). ``session``: the import session the
    caller holds (the plan's, when its workers staged files); without one, the import
    holds its own while it runs.
    """
    if session is None:
        try:
            with case.originals.session() as own:
                return apply_import(case, plan, batch_size=batch_size, provenance=provenance,
                                    on_new_photos=on_new_photos, session=own.id)
        finally:
            discard_incoming(plan)
    try:
        values = _checked_provenance(case, provenance)
        _remove_stale_temporaries(case, keep={f.incoming for f in plan.files if f.incoming})
        return _apply_plan(case, plan, batch_size, values, on_new_photos, session)
    finally:
        discard_incoming(plan)  # what was not adopted: duplicates, failures


def discard_incoming(plan: ImportPlan) -> None:
    """Remove the plan's files the workers wrote into the store and nothing adopted."""
    for item in plan.files:
        if item.incoming is not None:
            with contextlib.suppress(OSError):
                item.incoming.unlink(missing_ok=True)


def _apply_plan(case: CaseFile, plan: ImportPlan, batch_size: int, values: dict[str, Any],
                on_new_photos: NewPhotosHook | None, session: str) -> ImportReport:
    results: dict[int, ImportResult] = {}
    changes = NO_CHANGES
    for i, item in enumerate(plan.files):
        if item.status != "new":
            results[i] = ImportResult(str(item.path), item.status, None, item.sha256,
                                      item.reason, code=item.code)
    new = [i for i, item in enumerate(plan.files) if item.status == "new"]
    for start in range(0, len(new), batch_size):
        batch = new[start:start + batch_size]
        batch_results, batch_changes = _apply_batch(case, [(i, plan.files[i]) for i in batch],
                                                    values, session, on_new_photos)
        results.update(batch_results)
        changes |= batch_changes
    ordered = [results[i] for i in range(len(plan.files))]
    # Point duplicates within the batch at the photo their twin became.
    by_sha = {r.sha256: r.photo_id for r in ordered if r.photo_id is not None}
    ordered = [replace(r, photo_id=by_sha.get(r.sha256))
               if r.status == "duplicate" and r.photo_id is None else r for r in ordered]
    if plan.thumb_dir != case.derived_dir:
        _build_thumbnails(case, [plan.files[i] for i in new])
    return ImportReport(results=ordered, changes=changes, cancelled=plan.cancelled)


def _remove_stale_temporaries(case: CaseFile, keep: Set[Path] = frozenset()) -> None:
    """Delete ``.incoming-*`` files a killed import left in the store (never ``keep``: this
    import's own, written by its workers, nor any live import session's).

    In a SQLite case, under its write lock, every file whose session is gone goes at once;
    in a team case another investigator's import may be storing files at this very moment,
    so the age rules of ``store_sessions`` apply as well.
    """
    sweep_incoming(case.originals.root, shared=case.engine.dialect.name != "sqlite",
                   keep=keep)


def _checked_provenance(case: CaseFile,
                        provenance: Mapping[str, Any] | None) -> dict[str, Any]:
    """Provenance values checked again against the case (the source must still exist)."""
    if not provenance:
        return {}
    check_fields(provenance, PROVENANCE_FIELDS, "photo's provenance")
    with case.read_session() as session:
        return clean_provenance(session, provenance)


def _apply_batch(
    case: CaseFile, batch: Sequence[tuple[int, PlannedFile]], provenance: Mapping[str, Any],
    import_id: str, on_new_photos: NewPhotosHook | None = None,
) -> tuple[dict[int, ImportResult], Changes]:
    results: dict[int, ImportResult] = {}
    created: list[Ref] = []
    updated: list[Ref] = []
    with case.write_session() as session:
        if session.get_bind().dialect.name == "postgresql":
            # Two imports of the same files at once in a team case: the second waits here,
            # then finds the photos and reports them as duplicates instead of failing on the
            # unique hash. (A SQLite case has one writer at a time anyway.)
            session.execute(text("LOCK TABLE photo IN SHARE ROW EXCLUSIVE MODE"))
        shas = [item.sha256 for _, item in batch]
        existing = dict(session.execute(
            select(Photo.sha256, Photo.id).where(Photo.sha256.in_(shas))).all())
        fresh: list[tuple[int, PlannedFile]] = []
        for index, item in batch:
            assert item.sha256 is not None and item.ext is not None
            if item.sha256 not in existing:
                fresh.append((index, item))
                continue
            photo_id = existing[item.sha256]
            if _restore_if_damaged(case, session, photo_id, item, import_id):
                updated.append(Ref("photo", photo_id))
            results[index] = ImportResult(str(item.path), "duplicate", photo_id,
                                          item.sha256, "already in the case")
        added: dict[str, tuple[int, PlannedFile, Photo]] = {}
        folders: set[Path] = set()
        for index, item in fresh:
            assert item.sha256 is not None and item.ext is not None
            if item.sha256 in added:
                continue  # a twin within the batch: pointed at its photo below
            try:
                if item.incoming is not None:  # the worker wrote the bytes it hashed
                    stored = case.originals.adopt(item.incoming, item.sha256, item.ext,
                                                  item.byte_size)
                else:
                    stored = case.originals.put_file(item.path, item.sha256, item.ext,
                                                     sync_dir=False, session=import_id)
            except StoreError as exc:
                results[index] = ImportResult(str(item.path), "rejected", None, item.sha256,
                                              str(exc), code="store")
                continue
            folders.add(stored.parent)
            photo = _new_photo(case, item, provenance)
            session.add(photo)
            added[item.sha256] = (index, item, photo)
        # The renames reach the disk before any row refers to them; one journal commit
        # (the first sync) usually covers them all, instead of one per photo.
        for folder in sorted(folders):
            fsync_dir(folder)
        events = _audit_new_photos(case, session, list(added.values()), provenance, created)
        if on_new_photos is not None and added:
            events += on_new_photos(session, [photo for _, _, photo in added.values()])
        case.audit_many(session, events)
        for index, item in fresh:
            if index in results:
                continue
            assert item.sha256 is not None
            twin_index, _, photo = added[item.sha256]
            if twin_index == index:
                results[index] = ImportResult(str(item.path), "imported", photo.id,
                                              item.sha256, None, item.flags)
            else:
                results[index] = ImportResult(str(item.path), "duplicate", photo.id,
                                              item.sha256, "already in the case")
    return results, Changes.of(created=created, updated=updated)


def _new_photo(case: CaseFile, item: PlannedFile, provenance: Mapping[str, Any]) -> Photo:
    exif = item.exif or ExifInfo()
    gps = exif.gps
    return Photo(
        sha256=item.sha256, file_name=item.path.name, source_path=str(item.path.resolve()),
        ext=item.ext, format=item.format, byte_size=item.byte_size, width=item.width,
        height=item.height, orientation=item.orientation, taken_at=exif.taken_at,
        camera_make=exif.make, camera_model=exif.model, lens=exif.lens,
        gps_lat=gps.lat if gps else None, gps_lon=gps.lon if gps else None,
        gps_alt=gps.alt if gps else None, gps_direction=gps.direction if gps else None,
        flags=list(item.flags), exif=_exif_record(exif), imported_by=case.investigator,
        **provenance,
    )


def _audit_new_photos(case: CaseFile, session: Session,
                      added: list[tuple[int, PlannedFile, Photo]],
                      provenance: Mapping[str, Any], created: list[Ref]
                      ) -> list[PendingEvent]:
    """Flush the new photos, add their camera positions, and return the audit events (a
    photo's ``photo.import``, then its camera position's ``location.create``)."""
    session.flush()  # ids and labels for every photo at once
    locations: dict[int, Location] = {}
    for _, item, photo in added:
        gps = (item.exif or ExifInfo()).gps
        if gps is not None:
            locations[photo.id] = Location(
                lat=gps.lat, lon=gps.lon, kind=LocationKind.CAMERA,
                precision_m=gps.precision_m, raw_text=gps.raw_text, notation="exif",
                photo_id=photo.id, name=f"Camera position of {photo.file_name}",
            )
    session.add_all(locations.values())
    session.flush()
    for _, item, photo in added:  # derived data, not evidential: see db/models/checks.py
        if item.fingerprint is not None:
            session.add(fingerprint_row(photo.id, item.fingerprint))
    events = []
    for _, item, photo in added:
        created.append(Ref("photo", photo.id))
        events.append(PendingEvent("photo.import", "photo", photo.id, {
            "label": photo.label, "after": {
                "sha256": photo.sha256, "file_name": photo.file_name,
                "source_path": photo.source_path, "format": photo.format,
                "width": photo.width, "height": photo.height, "flags": list(item.flags),
                **provenance}}, (("photo", photo.uid),)))
        location = locations.get(photo.id)
        if location is not None:
            created.append(Ref("location", location.id))
            events.append(PendingEvent("location.create", "location", location.id, {
                "label": location.label, "after": {
                    "lat": location.lat, "lon": location.lon, "kind": "camera",
                    "precision_m": location.precision_m, "photo_id": photo.id,
                }}, (("location", location.uid),)))
    return events


def _exif_record(exif: ExifInfo) -> dict[str, Any]:
    record: dict[str, Any] = {"tags": dict(exif.tags)}
    if exif.error:
        record["error"] = exif.error
    if exif.gps_problem:
        record["gps_problem"] = exif.gps_problem
    return record


def _restore_if_damaged(case: CaseFile, session: Session, photo_id: int,
                        item: PlannedFile, import_id: str) -> bool:
    assert item.sha256 is not None
    photo = session.get(Photo, photo_id)
    assert photo is not None
    target = case.originals.path_for(photo.sha256, photo.ext)
    if target.is_file() and sha256_file(target) == photo.sha256:
        return False
    state = "damaged" if target.exists() else "missing"
    try:
        case.originals.put_file(item.path, photo.sha256, photo.ext, session=import_id)
    except StoreError:
        return False
    case.audit(session, "photo.restore_original", "photo", photo_id,
               {"label": photo.label, "before": {"original": state},
                "after": {"original": "restored", "from": str(item.path.resolve())}})
    return True


def _build_thumbnails(case: CaseFile, items: Sequence[PlannedFile]) -> None:
    for item in items:
        if item.sha256 is None or item.ext is None:
            continue
        # Rebuilt on demand later; the photo is imported either way.
        with contextlib.suppress(ImagingError, OSError):
            thumbnail_path(case, item.sha256, item.ext)


def import_paths(
    case: CaseFile,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: ProgressCallback | None = None,
    cancel: Cancel = None,
    provenance: Mapping[str, Any] | None = None,
    on_file: Callable[[FileAnalysis], None] | None = None,
) -> ImportReport:
    """Plan and apply in one call (thumbnails are written during planning; ``on_file`` as
    for ``plan_import``).

    ``provenance`` is checked before any file is read (a refused value imports nothing)
    and set on every photo imported. A cancelled import stores nothing and returns a report
    with ``cancelled=True``.
    """
    paths = list(paths)
    if not paths:
        raise UserError("nothing to import: give at least one file or folder")
    _checked_provenance(case, provenance)
    with case.originals.session() as session:
        plan = plan_import(paths, progress=progress, cancel=cancel,
                           thumb_dir=case.derived_dir, store=case.originals,
                           session=session.id, on_file=on_file)
        if plan.cancelled:
            discard_incoming(plan)
            # a stopped worker's file the plan does not list
            remove_session_files(case.originals.root, session.id)
            return ImportReport(cancelled=True)  # a cancelled import stores nothing
        return apply_import(case, plan, provenance=provenance, session=session.id)
