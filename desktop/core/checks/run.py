"""Recompute every photo's findings and store them: one write transaction, one audit event.

Called after an import, after links or reference collections change, and by
``fragment checks``. Findings that did not change keep their review; a finding whose text
changed (new facts) must be reviewed again; findings that no longer hold are removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, cast

from sqlalchemy import ColumnElement, or_, select, text
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models import CheckFinding, Photo, PhotoFingerprint, ReferenceCollection, ReferenceImage
from desktop.core.casefile import CaseFile
from desktop.core.changes import NO_CHANGES, Changes, Ref
from desktop.core.checks.credentials import NOT_INSTALLED, credentials_available
from desktop.core.checks.facts import Finding, PhotoFacts, ReferenceHit
from desktop.core.checks.fingerprint import Fingerprint, fingerprint_file
from desktop.core.checks.gather import gather_facts
from desktop.core.checks.hashindex import HashIndex
from desktop.core.checks.rules import findings_for

MATCH_BITS = 12  # of 64: resized, recompressed and ~5 % cropped copies stay within it
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RunSummary:
    """What a run did: photos checked, findings created, updated and removed."""

    photos: int
    created: int
    updated: int
    removed: int
    fingerprinted: int
    changes: Changes = NO_CHANGES


def fingerprint_row(photo_id: int, fp: Fingerprint) -> PhotoFingerprint:
    """The stored form of a fingerprint."""
    return PhotoFingerprint(photo_id=photo_id, phash=fp.phash, thumb_distance=fp.thumb_distance,
                            mean_luma=fp.mean_luma, credentials=fp.credentials,
                            problem=fp.problem, computed_at=utcnow())


def fingerprint_missing(case: CaseFile, progress: Progress | None = None) -> int:
    """Fingerprint photos that have none (imported before checks existed), from the store."""
    with case.read_session() as session:
        query = select(Photo.id, Photo.sha256, Photo.ext).outerjoin(
            PhotoFingerprint, PhotoFingerprint.photo_id == Photo.id)
        missing: ColumnElement[bool] = PhotoFingerprint.photo_id.is_(None)
        if credentials_available():  # hashed before the C2PA reader was installed
            missing = or_(missing, PhotoFingerprint.problem.contains(NOT_INSTALLED))
        query = query.where(missing)
        todo = session.execute(query.order_by(Photo.id)).all()
    done: list[tuple[int, Fingerprint]] = []
    for n, (photo_id, sha, ext) in enumerate(todo, 1):
        _, fp = fingerprint_file(case.originals.path_for(sha, ext))
        done.append((photo_id, fp))
        if progress:
            progress(n, len(todo))
    if done:
        with case.write_session() as session:
            current = set(session.scalars(select(Photo.id)))  # some may be deleted since
            for photo_id, fp in done:
                old = session.get(PhotoFingerprint, photo_id)
                if old is not None:
                    session.delete(old)
                    session.flush()
                if photo_id in current:
                    session.add(fingerprint_row(photo_id, fp))
    return len(done)


def run_checks(case: CaseFile, progress: Progress | None = None, *,
               record: bool = False) -> RunSummary:
    """Fingerprint what is missing, then recompute and store every finding.

    A run that changes nothing writes no audit event unless ``record`` (an export's run:
    the dossier says the findings were brought up to date at that time).
    """
    fingerprinted = fingerprint_missing(case, progress)
    # Computed in a read transaction, so the write lock is held only to store the difference.
    with case.read_session() as session:
        facts = _with_matches(session, gather_facts(session))
        names = _reference_names(session)
    wanted = {(f.id, finding.key): finding for f in facts for finding in findings_for(f)}
    with case.write_session() as session:
        if session.get_bind().dialect.name == "postgresql":
            # Two investigators' runs at once in a team case: the second waits here, then
            # stores only what the first left different. (SQLite has one writer anyway.)
            session.execute(text("LOCK TABLE check_finding IN SHARE ROW EXCLUSIVE MODE"))
        current = set(session.scalars(select(Photo.id)))
        wanted = {key: f for key, f in wanted.items() if key[0] in current}  # deleted since
        created, updated, removed = _store(session, wanted)
        changes = Changes.of(created=[Ref("check_finding", i) for i in created],
                             updated=[Ref("check_finding", i) for i in updated],
                             deleted=[Ref("check_finding", i) for i in removed])
        if changes or record:
            case.audit(session, "checks.run", "check_finding", None, {
                "photos": len(facts), "created": len(created), "updated": len(updated),
                "removed": len(removed), "references": names})
    return RunSummary(len(facts), len(created), len(updated), len(removed), fingerprinted,
                      changes)


def _with_matches(session: Session, facts: list[PhotoFacts]) -> list[PhotoFacts]:
    hashed = [f for f in facts if f.phash]
    tree: HashIndex[PhotoFacts] = HashIndex((int(f.phash, 16), f) for f in hashed)
    refs = reference_tree(session)
    out = []
    for f in facts:
        if not f.phash:
            out.append(f)
            continue
        value = int(f.phash, 16)
        dups = sorted((d, other.label) for d, other in tree.search(value, MATCH_BITS)
                      if other.id != f.id)
        hits = sorted(refs.search(value, MATCH_BITS), key=lambda h: (h[0], h[1].name))
        out.append(replace(f, near_duplicates=tuple((label, d) for d, label in dups),
                           references=tuple(replace(hit, distance=d) for d, hit in hits)))
    return out


def reference_tree(session: Session) -> HashIndex[ReferenceHit]:
    """Every indexed reference image in one index."""
    rows = session.execute(
        select(ReferenceImage.phash, ReferenceImage.name, ReferenceImage.sha256,
               ReferenceCollection.uid, ReferenceCollection.name, ReferenceCollection.path)
        .join(ReferenceCollection, ReferenceCollection.id == ReferenceImage.collection_id))
    return HashIndex((int(phash, 16), ReferenceHit(uid, cname, path, name, sha, 0))
                  for phash, name, sha, uid, cname, path in rows if phash)


def _reference_names(session: Session) -> list[str]:
    return [f"{name} ({count} images, index {digest[:12]})" for name, count, digest in
            session.execute(select(ReferenceCollection.name, ReferenceCollection.image_count,
                                   ReferenceCollection.index_digest)
                            .order_by(ReferenceCollection.id))]


def _store(session: Session, wanted: dict[tuple[int, str], Finding]
           ) -> tuple[list[int], list[int], list[int]]:
    """Insert, update and delete findings so the table holds ``wanted``. Rows are read as
    plain columns; only those that change are loaded as objects (the audit hooks see them)."""
    existing = {(photo_id, key): (row_id, (explanation, severity, kind), details)
                for row_id, photo_id, key, explanation, severity, kind, details in
                session.execute(select(CheckFinding.id, CheckFinding.photo_id, CheckFinding.key,
                                       CheckFinding.explanation, CheckFinding.severity,
                                       CheckFinding.kind, CheckFinding.details))}
    created: list[CheckFinding] = []
    updated, removed = [], []
    now = utcnow()
    for old_key, (row_id, _text, _details) in existing.items():
        if old_key not in wanted:
            removed.append(row_id)
            session.delete(session.get(CheckFinding, row_id))
    for (photo_id, key), finding in wanted.items():
        details = cast(dict[str, Any], _plain(dict(finding.details)))
        old = existing.get((photo_id, key))
        if old is None:
            new = CheckFinding(photo_id=photo_id, key=key, kind=finding.kind,
                               severity=finding.severity, explanation=finding.explanation,
                               details=details, computed_at=now, reviewed=False, review_note="")
            session.add(new)
            created.append(new)
        elif old[1] != (finding.explanation, finding.severity, finding.kind) or old[2] != details:
            row = session.get(CheckFinding, old[0])
            assert row is not None
            row.kind, row.severity = finding.kind, finding.severity
            row.explanation, row.details, row.computed_at = finding.explanation, details, now
            row.reviewed = False  # new facts: the earlier review no longer applies
            updated.append(row.id)
    session.flush()
    return [row.id for row in created], updated, removed


def _plain(value: object) -> object:
    """Details as plain JSON values (tuples to lists), so comparisons with stored ones hold."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def affected_by(changes: Changes) -> bool:
    """True when ``changes`` touch what findings are computed from."""
    return changes.touches("photo", "link", "claim", "location", "reference_collection")

