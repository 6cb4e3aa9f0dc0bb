"""Tags on photos: add and remove short free-text tags, on one photo or many at once.

A tag is trimmed text of at most ``TAG_MAX_CHARS`` characters, with no control characters
(line breaks, tabs, NUL) and inner runs of spaces made one; a photo has each tag once,
compared without case ("Motor" and "motor" are one tag; the first spelling stays). The
checks here serve the verbs, the CLI, the window and the interchange loader alike.

Each verb is one write transaction with one audit event per photo whose tags changed
(``photo.tag`` with ``{"added": [...]}`` or ``{"removed": [...]}``), and returns what it
did exactly, so an undoable command can reverse it (``TagPhotos``/``UntagPhotos`` in
``tag_commands``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Photo, PhotoTag
from db.models.photo_tag import TAG_MAX_CHARS
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes, Ref
from desktop.core.errors import ValidationError

MAX_TAGS_PER_PHOTO = 200


def clean_tag(value: object, path: str = "tag") -> str:
    """The tag as stored: trimmed, inner spaces made one; refuses empty, over-long text
    and control characters with one sentence."""
    if not isinstance(value, str):
        raise ValidationError(f"a tag is text, not {type(value).__name__}", path)
    text = unicodedata.normalize("NFC", value)
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in text):
        raise ValidationError("a tag cannot contain line breaks, tabs or other control "
                              "characters", path)
    text = " ".join(text.split())
    if not text:
        raise ValidationError("a tag cannot be empty", path)
    if len(text) > TAG_MAX_CHARS:
        raise ValidationError(f"a tag has at most {TAG_MAX_CHARS} characters "
                              f"({len(text)} given)", path)
    return text


def split_tags(text: str) -> list[str]:
    """The tags typed in one field of the window: separated by commas, blanks dropped."""
    return [part for part in text.split(",") if part.strip()]


def tag_key(tag: str) -> str:
    """The form two tags are compared in (case folded)."""
    return tag.casefold()


def clean_tags(values: Iterable[object], path: str = "tags") -> list[str]:
    """Checked tags, duplicates (without case) dropped, first spelling kept."""
    out: dict[str, str] = {}
    for index, value in enumerate(values):
        tag = clean_tag(value, f"{path}[{index}]")
        out.setdefault(tag_key(tag), tag)
    return list(out.values())


@dataclass(frozen=True)
class TagRow:
    """One tag on one photo, as a command remembers it (``uid`` kept for a restore)."""

    photo_id: int
    tag: str
    uid: str


@dataclass(frozen=True)
class TagResult:
    """What a verb did: the rows it added or removed, and the changes to broadcast."""

    rows: tuple[TagRow, ...] = ()
    changes: Changes = field(default_factory=Changes)


def _photos(session: Session, photo_ids: Sequence[int]) -> dict[int, Photo]:
    found = {p.id: p for p in session.scalars(select(Photo).where(Photo.id.in_(photo_ids)))}
    missing = [i for i in photo_ids if i not in found]
    if missing:
        raise ValidationError(f"there is no photo with id {missing[0]}", "photo")
    return found


def _existing(session: Session, photo_ids: Iterable[int]) -> dict[int, dict[str, PhotoTag]]:
    out: dict[int, dict[str, PhotoTag]] = {}
    rows = session.scalars(select(PhotoTag).where(PhotoTag.photo_id.in_(list(photo_ids))))
    for row in rows:
        out.setdefault(row.photo_id, {})[row.tag_key] = row
    return out


def add_tags(case: CaseFile, *, photo_ids: Sequence[int], tags: Iterable[object]) -> TagResult:
    """Put each of ``tags`` on each photo of ``photo_ids`` that lacks it (without case).
    A photo that has them all is left alone; a refused tag changes nothing."""
    wanted = clean_tags(tags)
    if not wanted:
        raise ValidationError("give at least one tag", "tags")
    return restore_tags(case, rows=[TagRow(pid, tag, "") for pid in dict.fromkeys(photo_ids)
                                    for tag in wanted])


def restore_tags(case: CaseFile, *, rows: Sequence[TagRow]) -> TagResult:
    """Add the given rows (with their uid when given: an undone removal); rows a photo
    already has (without case) are skipped."""
    added: list[TagRow] = []
    with case.write_session() as session:
        photos = _photos(session, [r.photo_id for r in rows])
        existing = _existing(session, photos)
        by_photo: dict[int, list[str]] = {}
        for row in rows:
            tag = clean_tag(row.tag)
            have = existing.setdefault(row.photo_id, {})
            if tag_key(tag) in have:
                continue
            if len(have) >= MAX_TAGS_PER_PHOTO:
                raise ValidationError(f"photo {photos[row.photo_id].label} already has "
                                      f"{MAX_TAGS_PER_PHOTO} tags, the most a photo can have",
                                      "tags")
            obj = PhotoTag(photo_id=row.photo_id, tag=tag, tag_key=tag_key(tag))
            if row.uid:
                obj.uid = row.uid
            session.add(obj)
            have[tag_key(tag)] = obj
            by_photo.setdefault(row.photo_id, []).append(tag)
        session.flush()
        for photo_id, tags in by_photo.items():
            for tag in tags:
                added.append(TagRow(photo_id, tag, existing[photo_id][tag_key(tag)].uid))
            case.audit(session, "photo.tag", "photo", photo_id,
                       {"label": photos[photo_id].label, "added": tags})
    return TagResult(tuple(added), Changes.of(updated=[Ref("photo", i) for i in by_photo]))


def remove_tags(case: CaseFile, *, photo_ids: Sequence[int],
                tags: Iterable[object]) -> TagResult:
    """Take each of ``tags`` (without case) off each photo of ``photo_ids`` that has it."""
    keys = [tag_key(t) for t in clean_tags(tags)]
    if not keys:
        raise ValidationError("give at least one tag", "tags")
    with case.read_session() as session:
        existing = _existing(session, _photos(session, list(dict.fromkeys(photo_ids))))
        rows = [TagRow(pid, have[key].tag, have[key].uid)
                for pid, have in existing.items() for key in keys if key in have]
    return delete_tags(case, rows=rows)


def delete_tags(case: CaseFile, *, rows: Sequence[TagRow]) -> TagResult:
    """Remove the given tag rows (found by uid); rows already gone are skipped."""
    removed: list[TagRow] = []
    with case.write_session() as session:
        uids = [r.uid for r in rows]
        found = {t.uid: t for t in session.scalars(select(PhotoTag)
                                                   .where(PhotoTag.uid.in_(uids)))}
        by_photo: dict[int, list[str]] = {}
        for row in rows:
            obj = found.get(row.uid)
            if obj is None:
                continue
            removed.append(TagRow(obj.photo_id, obj.tag, obj.uid))
            by_photo.setdefault(obj.photo_id, []).append(obj.tag)
            session.delete(obj)
        session.flush()
        labels = {int(i): str(label) for i, label in session.execute(
            select(Photo.id, Photo.label).where(Photo.id.in_(list(by_photo))))}
        for photo_id, tags in by_photo.items():
            case.audit(session, "photo.tag", "photo", photo_id,
                       {"label": labels.get(photo_id), "removed": tags})
    return TagResult(tuple(removed), Changes.of(updated=[Ref("photo", i) for i in by_photo]))
