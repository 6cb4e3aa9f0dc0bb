"""Load (merge) an interchange document into a case, all or nothing.

1. Read and validate everything into an inert plan (``parse``), including an analysis of
   every photo file (hash, size, EXIF) so that annotation shapes are checked against the
   real photo sizes. Any problem raises ``ValidationError`` naming its path and nothing has
   been written.
2. Store the originals (content-addressed and idempotent), then, in ONE transaction,
   import the photos through ``desktop.core.ingest`` (which joins it) and create everything
   else. If anything fails, or the process is killed, no row was ever visible; the
   originals stored for nothing are removed the next time the case is opened for writing
   (``CaseFile.open``).

Merging: an object whose ``uid`` is already in the case is not created again (the file's
references point at the existing object); photos are matched by SHA-256; a link between
two objects that are already linked is skipped. Loading into an empty case also sets the
case title and description.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.base import new_uid, utcnow
from db.models import (
    Actor,
    Annotation,
    CaseInfo,
    CatalogEntry,
    CheckFinding,
    Citation,
    Claim,
    Link,
    Location,
    LocationKind,
    Photo,
    PhotoTag,
    ReferenceCollection,
    Source,
    VideoFrame,
)
from desktop.core.audit import PendingEvent
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes, Ref
from desktop.core.errors import ValidationError
from desktop.core.ingest import apply_import, plan_import
from desktop.core.interchange import extras
from desktop.core.interchange.fields import SECTIONS
from desktop.core.interchange.parse import (
    MODELS,
    LoadPlan,
    Planned,
    Pointer,
    parse_document,
    read_document,
)
from desktop.core.ops.common import labelled, row_dict
from desktop.core.ops.shapes import validate_geometry
from desktop.core.ops.sources import store_attachment
from desktop.core.ops.tags import tag_key


def load_case(case: CaseFile, json_path: str | os.PathLike[str], *,
              allow_outside: bool = False) -> Changes:
    """Merge the document at ``json_path`` into ``case`` (see the module docstring).

    ``allow_outside`` accepts ``file`` entries outside the JSON file's folder (absolute
    paths, ``..``, links leading out); without it they are refused.
    """
    path = Path(json_path)
    doc = read_document(path)
    with case.read_session() as session:
        plan = parse_document(doc, path.parent, session, allow_outside=allow_outside)
        was_empty = _is_empty(session)
        sizes = dict(((pid, (w, h)) for pid, w, h in session.execute(
            select(Photo.id, Photo.width, Photo.height)).all()))
    import_plan = _check_photos(plan, sizes, case.derived_dir)
    filed = [item for item in plan.items["case_basemap"] + plan.items["video"]
             if item.existing_id is None]
    files = extras.read_files(filed)  # every file is checked before any is stored
    # The load's import session: copies in flight are told from those of a killed load.
    with case.originals.session() as store_session:
        attachments = {id(item): store_attachment(case, item.file)
                       for item in plan.items["source"] if item.file is not None}
        extras.store_files(case, filed, files)
        # One transaction for everything: the photo import joins it, so no row is visible
        # until all of them are, and a failure or a killed process leaves none behind.
        with case.write_session() as session:
            changes = Changes()
            photo_ids: dict[str, int] = {}
            imported: set[int] = set()
            if import_plan is not None:
                report = apply_import(case, import_plan, session=store_session.id)
                changes = report.changes
                by_path = {Path(r.path).resolve(): r for r in report.results}
                imported = {r.photo_id for r in report.results
                            if r.status == "imported" and r.photo_id is not None}
                for item in plan.items["photo"]:
                    result = by_path[_photo_file(item).resolve()]
                    if result.photo_id is None:
                        raise ValidationError(result.reason or "could not be imported",
                                              f"{item.path}.file")
                    photo_ids[item.key] = result.photo_id
            applied = _Apply(case, session, plan, photo_ids, imported, attachments, files)
            applied.run(was_empty, path.name)
            return changes | applied.changes()


def _is_empty(session: Session) -> bool:
    return all(session.scalar(select(func.count()).select_from(model)) == 0
               for model in (Photo, Source, Actor, Claim, Location, Annotation, Link))


def _check_photos(plan: LoadPlan, sizes: dict[int, tuple[int, int]],
                  thumb_dir: Path) -> Any:
    """Analyse the photo files (nothing stored) and check every annotation's shape."""
    photos = plan.items["photo"]
    import_plan = None
    by_key: dict[str, tuple[int, int]] = {}
    if photos:
        # thumbnails are made by the workers that read the files (derived/ is disposable)
        import_plan = plan_import([_photo_file(p) for p in photos], thumb_dir=thumb_dir)
        analysed = {f.path.resolve(): f for f in import_plan.files}
        for item in photos:
            found = analysed.get(_photo_file(item).resolve())
            if found is None or found.status == "rejected":
                reason = found.reason if found is not None else "could not be read"
                raise ValidationError(f"not an importable photo: {reason}", f"{item.path}.file")
            expected = item.extra.get("sha256")
            if expected and expected != found.sha256:
                raise ValidationError("the file's SHA-256 does not match the sha256 given",
                                      f"{item.path}.file")
            by_key[item.key] = (found.width, found.height)
    for item in plan.items["annotation"]:
        pointer = item.refs["photo_id"]
        width, height = by_key[pointer.key] if pointer.key else sizes[_case_id(pointer)]
        item.extra["geometry"] = validate_geometry(
            item.extra["shape_type"], item.extra["geometry"], width=width, height=height,
            path=f"{item.path}.shape")
    return import_plan


class _Apply:
    """Phase 2: create the planned objects in one session.

    Objects are created a kind at a time: every object of a kind is added, the session is
    flushed once (labels are assigned then), and their audit events are written together
    (``CaseFile.audit_many``), each with the state of its own object.
    """

    def __init__(self, case: CaseFile, session: Session, plan: LoadPlan,
                 photo_ids: dict[str, int], imported: set[int],
                 attachments: dict[int, dict[str, str]],
                 files: dict[int, extras.PreparedFile]) -> None:
        self.case, self.session, self.plan = case, session, plan
        self.files = files
        self.ids: dict[str, int] = dict(photo_ids)
        self.imported = imported
        self.attachments = attachments
        self.created: list[Ref] = []
        self.updated: list[Ref] = []
        self.skipped = 0
        self.linked: set[tuple[Any, ...]] | None = None
        self.numbers: dict[int, set[int]] = {}
        # creations (item, object) and ready update events, in order, until the next flush
        self.pending: list[tuple[Planned, Any] | PendingEvent] = []
        self.photos: dict[int, Photo] = {}
        self.cameras: dict[int, Location] = {}
        self.taken_uids: set[str] = set()
        self.shas: dict[str, int] = {}
        self.framed: set[int] = set()
        self.paths: dict[str, int] = {}

    def changes(self) -> Changes:
        return Changes.of(created=self.created, updated=self.updated)

    def resolve(self, pointer: Pointer) -> int:
        if pointer.id is not None or pointer.key is None:
            return _case_id(pointer)
        return self.ids[pointer.key]

    def add(self, item: Planned, obj: Any) -> None:
        if item.uid:
            obj.uid = item.uid
        self.session.add(obj)
        self.pending.append((item, obj))

    def update(self, obj: Any, kind: str, before: dict[str, Any],
               after: dict[str, Any]) -> None:
        """Set ``after`` on ``obj`` and queue its audit event (written at the next flush)."""
        for key, value in after.items():
            setattr(obj, key, value)
        self.pending.append(PendingEvent(
            f"{kind}.update", kind, obj.id,
            labelled(obj, {"before": before, "after": after, "via": "load"}),
            ((obj.__tablename__, obj.uid),)))

    def flush(self) -> None:
        """Write what is pending: one flush, then every audit event in one pass."""
        if not self.pending:
            return
        self.session.flush()
        events = []
        for entry in self.pending:
            if isinstance(entry, PendingEvent):
                events.append(entry)
                continue
            item, obj = entry
            self.ids[item.key] = obj.id
            self.created.append(Ref(item.kind, obj.id))
            row = {k: v for k, v in row_dict(obj).items() if k not in ("id", "created_at")}
            # The label is the target case's own (assigned at flush); a "label" in the file
            # is never read.
            events.append(PendingEvent(f"{item.kind}.create", item.kind, obj.id,
                                       labelled(obj, {"after": row, "via": "load"}),
                                       ((obj.__tablename__, obj.uid),)))
        self.pending = []
        self.case.audit_many(self.session, events)

    def run(self, was_empty: bool, name: str) -> None:
        if was_empty:
            self._case_info()
        for entry in self.plan.catalog:
            row = CatalogEntry(code=entry.code, system=entry.system, category=entry.category,
                               origin=entry.origin, description=entry.description,
                               citation=entry.citation, aliases=list(entry.aliases))
            self.session.add(row)
            self.session.flush()
            self.created.append(Ref("catalog_entry", row.id))
            self.case.audit(self.session, "catalog_entry.create", "catalog_entry", row.id,
                            {"after": entry.to_dict(), "via": "load"})
        for kind in SECTIONS.values():  # in apply order: later kinds refer to earlier ones
            todo = []
            for item in self.plan.items[kind]:
                if item.existing_id is not None:
                    self.ids[item.key] = item.existing_id
                    self.skipped += 1
                else:
                    todo.append(item)
            if not todo:
                continue
            self._prefetch(kind, todo)
            handler = getattr(self, f"_{kind}")
            for item in todo:
                handler(item)
            self.flush()  # the next kinds refer to these by id
            if kind == "reference_collection":
                for item in todo:
                    if item.key in self.ids:
                        extras.reference_images(self.session, self.ids[item.key], item)
        counts = {kind: sum(1 for ref in self.created if ref.kind == kind)
                  for kind in MODELS}
        self.case.audit(self.session, "case.load", "case", None,
                        {"file": name, "created": counts, "skipped": self.skipped})

    def _prefetch(self, kind: str, items: list[Planned]) -> None:
        """Read what the items of ``kind`` need from the case in a few queries, not one
        (or three) per object."""
        if kind == "photo":
            ids = [self.ids[item.key] for item in items]
            self.photos = {p.id: p for p in _in_chunks(
                self.session, lambda chunk: select(Photo).where(Photo.id.in_(chunk)), ids)}
            self.taken_uids = set(self.session.scalars(select(Photo.uid)))
        elif kind == "location":
            photo_ids = [self.resolve(item.refs["photo_id"]) for item in items
                         if "photo_id" in item.refs]
            self.cameras = {loc.photo_id: loc for loc in _in_chunks(
                self.session, lambda chunk: select(Location).where(
                    Location.photo_id.in_(chunk), Location.kind == LocationKind.CAMERA),
                photo_ids)}
            self.taken_uids = set(self.session.scalars(select(Location.uid)))
        elif kind in ("case_basemap", "video"):
            self.shas = extras.existing_shas(self.session, kind)
        elif kind == "video_frame":
            self.framed = set(self.session.scalars(select(VideoFrame.photo_id)))
        elif kind == "reference_collection":
            self.paths = dict(self.session.execute(
                select(ReferenceCollection.path, ReferenceCollection.id)).all())
        elif kind == "annotation":
            annotated = sorted({self.resolve(item.refs["photo_id"]) for item in items})
            self.numbers = {pid: set() for pid in annotated}
            rows = _in_chunks(self.session, lambda chunk: select(
                Annotation.photo_id, Annotation.number).where(
                    Annotation.photo_id.in_(chunk)), annotated, scalars=False)
            for photo_id, number in rows:
                self.numbers[photo_id].add(number)

    def _case_info(self) -> None:
        info = self.session.scalar(select(CaseInfo).order_by(CaseInfo.id).limit(1))
        if info is None:
            return
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for field, value in (("title", self.plan.title), ("description",
                                                          self.plan.description)):
            if value is not None and (value.strip() or field == "description") and (
                    getattr(info, field) != value):
                before[field], after[field] = getattr(info, field), value
                setattr(info, field, value)
        if after:
            self.session.flush()
            self.case.audit(self.session, "case.update", "case", info.id,
                            {"before": before, "after": after, "via": "load"})
            self.updated.append(Ref("case", info.id))

    def _source(self, item: Planned) -> None:
        values = dict(item.values)
        if id(item) in self.attachments:
            values.update(self.attachments[id(item)])
            values["file_name"] = item.extra["file_name"]
        self.add(item, Source(**values))

    def _actor(self, item: Planned) -> None:
        self.add(item, Actor(**item.values))

    def _claim(self, item: Planned) -> None:
        refs = {column: self.resolve(p) for column, p in item.refs.items()}
        self.add(item, Claim(**item.values, **refs))

    def _photo(self, item: Planned) -> None:
        photo_id = self.ids[item.key]
        if photo_id not in self.imported:
            self.skipped += 1  # already in the case: left as it is
            return
        photo = self.photos[photo_id]
        changes = dict(item.values)
        changes.update({column: self.resolve(p) for column, p in item.refs.items()})
        if item.uid and item.uid not in self.taken_uids:
            changes["uid"] = item.uid
            self.taken_uids.add(item.uid)
        before = {k: getattr(photo, k) for k in changes if getattr(photo, k) != changes[k]}
        after = {k: changes[k] for k in before}
        if after:
            self.update(photo, "photo", before, after)
        self._tags(photo, item.extra.get("tags") or [])

    def _tags(self, photo: Photo, tags: list[str]) -> None:
        """Put a newly imported photo's tags on it (one event, with their states)."""
        if not tags:
            return
        rows = [PhotoTag(uid=new_uid(), photo_id=photo.id, tag=tag, tag_key=tag_key(tag))
                for tag in tags]
        self.session.add_all(rows)
        self.pending.append(PendingEvent(
            "photo.tag", "photo", photo.id,
            {"label": photo.label, "added": tags, "via": "load"},
            tuple(("photo_tag", row.uid) for row in rows)))

    def _location(self, item: Planned) -> None:
        refs = {column: self.resolve(p) for column, p in item.refs.items()}
        values = {**item.values, **refs}
        photo_id = refs.get("photo_id")
        if photo_id is not None and values.get("kind") == LocationKind.CAMERA:
            existing = self.cameras.get(photo_id)
            if existing is not None:
                # the import made this camera position; take the file's names and notes
                self.ids[item.key] = existing.id
                keep = ("name", "aliases", "note", "precision_m")
                before = {k: getattr(existing, k) for k in keep
                          if k in values and getattr(existing, k) != values[k]}
                if item.uid and item.uid not in self.taken_uids:
                    before["uid"] = existing.uid
                    self.taken_uids.add(item.uid)
                after = {k: values[k] if k != "uid" else item.uid for k in before}
                if after:
                    self.update(existing, "location", before, after)
                    self.updated.append(Ref("location", existing.id))
                return
        self.add(item, Location(**values))

    def _annotation(self, item: Planned) -> None:
        photo_id = self.resolve(item.refs["photo_id"])
        numbers = self.numbers.setdefault(photo_id, set())
        number = item.extra["number"]
        if number is None or number in numbers:
            number = max(numbers, default=0) + 1
        numbers.add(number)
        self.add(item, Annotation(
            photo_id=photo_id, number=number, shape_type=item.extra["shape_type"],
            geometry=item.extra["geometry"], created_by=self.case.investigator,
            **item.values))

    def _citation(self, item: Planned) -> None:
        if any(p.key is not None and p.id is None and p.key not in self.ids
               for p in item.refs.values()):
            self.skipped += 1  # it cites a link the case already had (skipped above)
            return
        refs = {column: self.resolve(p) for column, p in item.refs.items()}
        self.add(item, Citation(**item.values, **refs))

    def _case_basemap(self, item: Planned) -> None:
        self._filed(item, lambda: extras.new_basemap(item, self.files[id(item)]))

    def _video(self, item: Planned) -> None:
        self._filed(item, lambda: extras.new_video(item, self.files[id(item)],
                                                   self.case.investigator))

    def _filed(self, item: Planned, make: Callable[[], Any]) -> None:
        """A basemap or video: one whose file the case already lists is not added twice."""
        known = self.shas.get(self.files[id(item)].sha256)
        if known is not None:
            self.ids[item.key] = known
            self.skipped += 1
            return
        obj = make()
        self.add(item, obj)
        self.shas[self.files[id(item)].sha256] = -1  # a second entry of the same file

    def _reference_collection(self, item: Planned) -> None:
        known = self.paths.get(item.values["path"]) if item.values["path"] else None
        if known is not None:  # the same folder or case, registered here already
            self.skipped += 1
            return
        self.add(item, ReferenceCollection(**item.values))

    def _video_frame(self, item: Planned) -> None:
        refs = {column: self.resolve(p) for column, p in item.refs.items()}
        if refs["photo_id"] in self.framed or refs["video_id"] < 0:
            self.skipped += 1  # the photo is a frame already, or its video was skipped
            return
        self.framed.add(refs["photo_id"])
        self.add(item, VideoFrame(**item.values, **refs))

    def _check_finding(self, item: Planned) -> None:
        photo_id = self.resolve(item.refs["photo_id"])
        values = item.values
        existing = self.session.scalar(select(CheckFinding).where(
            CheckFinding.photo_id == photo_id, CheckFinding.key == values["key"]))
        if existing is None:
            self.add(item, CheckFinding(photo_id=photo_id, computed_at=utcnow(), **values))
            return
        review = {"reviewed": values["reviewed"], "review_note": values["review_note"]}
        if extras.reviewed(existing) or existing.explanation != values["explanation"]:
            self.skipped += 1  # reviewed here already, or it says something else now
            return
        before = {k: getattr(existing, k) for k in review}
        self.update(existing, "check_finding", before, review)
        self.updated.append(Ref("check_finding", existing.id))

    def _link(self, item: Planned) -> None:
        refs = {column: self.resolve(p) for column, p in item.refs.items()}
        if self.linked is None:  # every existing link's ends, read once
            self.linked = set()
            for row in self.session.execute(select(*(getattr(Link, c) for c in _END_COLUMNS))):
                self.linked.add(_signature(dict(zip(_END_COLUMNS, row, strict=True))))
        signature = _signature(refs)
        if signature in self.linked:
            self.skipped += 1
            return
        self.linked.add(signature)
        self.add(item, Link(**item.values, **refs))


_CHUNK = 500  # ids per IN (...): below SQLite's and PostgreSQL's parameter limits


def _in_chunks(session: Session, query: Callable[[list[int]], Any], ids: list[int], *,
               scalars: bool = True) -> list[Any]:
    """Run ``query(chunk)`` over ``ids`` a few hundred at a time; every result, in order."""
    out: list[Any] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        result = session.scalars(query(chunk)) if scalars else session.execute(query(chunk))
        out.extend(result)
    return out


_END_COLUMNS = ("from_annotation_id", "from_photo_id", "from_claim_id", "to_claim_id",
                "to_location_id")


def _signature(ends: Mapping[str, int | None]) -> tuple[Any, ...]:
    """What makes two links "the same": their ends (claim <-> claim in either order)."""
    present = tuple(sorted((c, v) for c, v in ends.items() if v is not None))
    if ends.get("from_claim_id") is not None and ends.get("to_claim_id") is not None:
        return ("claims", frozenset((ends["from_claim_id"], ends["to_claim_id"])))
    return present


def _photo_file(item: Planned) -> Path:
    """A planned photo's file (parsing gives every photo one)."""
    if item.file is None:
        raise ValidationError("a photo needs its file", f"{item.path}.file")
    return item.file


def _case_id(pointer: Pointer) -> int:
    """The id of a case object a pointer names (parsing gives a pointer a key or an id)."""
    if pointer.id is None:
        raise ValidationError(f"a {pointer.kind} reference needs a key or an id", "")
    return pointer.id
