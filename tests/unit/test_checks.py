"""Verification checks on real images made here: near-duplicates, reference collections,
EXIF thumbnails, content credentials, GPS against claimed places, capture dates, review."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from db.models import AuditEvent, PhotoFingerprint, ReferenceImage
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes, Ref
from desktop.core.checks.fingerprint import fingerprint_bytes, hamming
from desktop.core.checks.hashindex import HashIndex
from desktop.core.checks.references import add_reference, remove_reference
from desktop.core.checks.run import run_checks
from desktop.core.errors import UserError
from desktop.core.ingest import import_paths
from desktop.core.ops.checks import review_command, review_finding
from desktop.core.ops.claims import create_claim
from desktop.core.ops.links import create_link, delete_link
from desktop.core.ops.locations import create_location
from desktop.core.queries.checks import FindingRow, checks_overview, findings, photo_checks
from desktop.core.verify import verify_case
from tests.unit.c2pa_sample import signed_jpeg
from tests.unit.distractors import write_distractors

ROOT = Path(__file__).resolve().parents[2]
NIKON = "jpg/gps/DSCN0010.jpg"  # 640x480, GPS 43.4674 N 11.8851 E, EXIF thumbnail
OTHER_NIKON = "jpg/gps/DSCN0012.jpg"


def _jpeg(image: Image.Image, quality: int = 90, exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, **({"exif": exif} if exif else {}))
    return out.getvalue()


def _copies(original: Path, folder: Path) -> list[Path]:
    """The original and its resized, recompressed and slightly cropped copies."""
    folder.mkdir(parents=True, exist_ok=True)
    image = Image.open(original).convert("RGB")
    w, h = image.size
    variants = {
        "original.jpg": original.read_bytes(),
        "resized.jpg": _jpeg(image.resize((w // 2, h // 2), Image.Resampling.LANCZOS)),
        "recompressed.jpg": _jpeg(image, quality=35),
        "cropped.jpg": _jpeg(image.crop((int(w * .03), int(h * .03), int(w * .97),
                                         int(h * .97)))),
    }
    for name, data in variants.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in variants]


def _by_photo(case: CaseFile) -> dict[str, dict[str, FindingRow]]:
    out: dict[str, dict[str, FindingRow]] = {}
    for row in case.read(findings):
        out.setdefault(row.photo_label, {})[row.kind] = row
    return out


def test_copies_of_a_photo_are_grouped_and_another_photo_is_not(
        new_case: CaseFile, corpus: Path, tmp_path: Path) -> None:
    files = _copies(corpus / NIKON, tmp_path / "in")
    shutil.copy(corpus / OTHER_NIKON, tmp_path / "in" / "zz_other.jpg")
    report = import_paths(new_case, [tmp_path / "in"])
    labels = {Path(r.path).name: f"P{r.photo_id}" for r in report.results}
    summary = run_checks(new_case)
    assert summary.photos == 5 and summary.fingerprinted == 0  # hashed during the import
    rows = new_case.read(findings)
    dup = {r.photo_label: r for r in rows if r.kind == "near_duplicate"}
    copies = {labels[f.name] for f in files}
    assert set(dup) == copies  # every copy, and the other photo is in no group
    for label in copies:
        named = {p["label"] for p in dup[label].details["photos"]}
        assert named == copies - {label}
    assert labels["zz_other.jpg"] not in {p["label"] for r in dup.values()
                                          for p in r.details["photos"]}


def test_reference_folder_match_names_image_distance_and_collection(
        new_case: CaseFile, corpus: Path, tmp_path: Path) -> None:
    refs = tmp_path / "debunked"
    (refs / "2016").mkdir(parents=True)
    shutil.copy(corpus / NIKON, refs / "2016" / "old_strike.jpg")
    shutil.copy(corpus / "jpg/Canon_40D.jpg", refs / "unrelated.jpg")
    recompressed = tmp_path / "new" / "sent_today.jpg"
    recompressed.parent.mkdir()
    recompressed.write_bytes(_jpeg(Image.open(corpus / NIKON).convert("RGB"), quality=50))
    import_paths(new_case, [recompressed])
    collection_id, _ = add_reference(new_case, refs, name="Debunked 2016")
    run_checks(new_case)
    (match,) = [r for r in new_case.read(findings) if r.kind == "reference_match"]
    assert match.severity == "warning"
    assert match.details["reference"] == "2016/old_strike.jpg"
    assert match.details["collection"] == "Debunked 2016"
    assert match.details["path"] == str(refs.resolve())
    assert match.details["distance"] <= 4
    assert "2016/old_strike.jpg" in match.explanation
    overview = new_case.read(checks_overview)
    assert overview.references[0].image_count == 2
    assert verify_case(new_case).ok
    # Forgetting the collection removes the match at the next run, audited.
    remove_reference(new_case, collection_id)
    run_checks(new_case)
    assert not [r for r in new_case.read(findings) if r.kind == "reference_match"]
    actions = new_case.read(lambda s: list(s.scalars(select(AuditEvent.action))))
    assert {"reference.add", "reference.remove", "checks.run"} <= set(actions)
    assert verify_case(new_case).ok


def test_hash_index_finds_exactly_what_a_plain_scan_finds() -> None:
    import random

    rng = random.Random(7)
    values = [rng.getrandbits(64) for _ in range(3000)]
    values += [values[0] ^ (1 << bit) for bit in (0, 31, 63)]  # near twins, top bit set
    index = HashIndex((v, i) for i, v in enumerate(values))
    assert len(index) == 3003 and list(HashIndex([]).search(1, 64)) == []
    for probe in values[:50] + [rng.getrandbits(64) for _ in range(50)]:
        near = sorted((i, d) for d, i in index.search(probe, 12))
        assert near == [(i, (v ^ probe).bit_count()) for i, v in enumerate(values)
                        if (v ^ probe).bit_count() <= 12]


def test_an_edited_image_whose_exif_thumbnail_no_longer_matches_is_flagged(
        new_case: CaseFile, corpus: Path, tmp_path: Path) -> None:
    original = Image.open(corpus / NIKON)
    exif = original.info["exif"]
    edited = original.convert("RGB")
    draw = ImageDraw.Draw(edited)
    draw.rectangle((0, 0, 420, 480), fill=(20, 20, 20))  # most of the scene painted over
    draw.ellipse((440, 40, 620, 220), fill=(240, 240, 240))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "edited.jpg").write_bytes(_jpeg(edited, exif=exif))
    shutil.copy(corpus / NIKON, tmp_path / "in" / "camera.jpg")
    report = import_paths(new_case, [tmp_path / "in"])
    labels = {Path(r.path).name: f"P{r.photo_id}" for r in report.results}
    run_checks(new_case)
    found = _by_photo(new_case)
    flagged = found[labels["edited.jpg"]]["thumbnail_mismatch"]
    assert flagged.severity == "warning" and flagged.details["distance"] >= 16
    assert "thumbnail" in flagged.explanation
    assert "thumbnail_mismatch" not in found[labels["camera.jpg"]]


def test_signed_sample_is_read_and_validated_and_a_changed_copy_is_not() -> None:
    data = signed_jpeg(ai=True)
    fp = fingerprint_bytes(data)
    creds = fp.credentials
    assert creds is not None
    assert creds["state"] == "Valid"
    assert creds["signer"] == "Test Signer" and creds["issuer"] == "Fragment tests"
    assert creds["claim_generator"].startswith("fragment-tests 1.0")
    assert [a["action"] for a in creds["actions"]] == ["c2pa.created"]
    assert creds["ai_generated"] is True
    assert [f["code"] for f in creds["failures"]] == ["signingCredential.untrusted"]
    changed = bytearray(data)
    changed[-300] ^= 0xFF  # one byte of the picture data, after signing
    tampered = fingerprint_bytes(bytes(changed)).credentials
    assert tampered is not None and tampered["state"] == "Invalid"
    assert "assertion.dataHash.mismatch" in [f["code"] for f in tampered["failures"]]
    plain = fingerprint_bytes(_jpeg(Image.new("RGB", (64, 64), (1, 2, 3))))
    assert plain.credentials is None and plain.problem == ""


def test_credentials_become_findings(new_case: CaseFile, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "signed.jpg").write_bytes(signed_jpeg(ai=True))
    (tmp_path / "in" / "plain.jpg").write_bytes(
        _jpeg(Image.new("RGB", (64, 64), (200, 200, 200))))
    report = import_paths(new_case, [tmp_path / "in"])
    labels = {Path(r.path).name: f"P{r.photo_id}" for r in report.results}
    run_checks(new_case)
    found = _by_photo(new_case)
    signed = found[labels["signed.jpg"]]["credentials"]
    assert signed.severity == "warning"  # declared as made by a generative model
    assert "Test Signer" in signed.explanation and "generative model" in signed.explanation
    plain = found[labels["plain.jpg"]]["credentials"]
    assert plain.severity == "info" and "No content credentials" in plain.explanation
    shown = new_case.read(photo_checks, int(labels["signed.jpg"][1:]))
    assert shown is not None and shown.credentials is not None
    assert shown.credentials["state"] == "Valid"


def test_gps_far_from_a_claimed_site_is_flagged_with_the_distance(
        new_case: CaseFile, corpus: Path) -> None:
    report = import_paths(new_case, [corpus / NIKON])
    photo_id = report.results[0].photo_id
    assert photo_id is not None
    # 43.4674 N 11.8851 E is near Arezzo; the claim puts the strike in Siena, ~50 km away.
    far_id, _ = create_location(new_case, lat=43.3188, lon=11.3308, name="Siena",
                                precision_m=500)
    near_id, _ = create_location(new_case, lat=43.4676, lon=11.8853, name="Field",
                                 precision_m=100)
    link_id, _ = create_link(new_case, from_ref=Ref("photo", photo_id),
                             to_ref=Ref("location", far_id))
    create_link(new_case, from_ref=Ref("photo", photo_id), to_ref=Ref("location", near_id))
    run_checks(new_case)
    rows = {r.kind: r for r in new_case.read(findings)}
    far = rows["gps_far_from_claim"]
    assert far.severity == "warning"
    assert 47_000 < far.details["distance_m"] < 49_000
    assert f"is {far.details['distance_m'] / 1000:.1f} km from L2 Siena" in far.explanation
    assert far.details["place_precision_m"] == 500
    assert rows["gps_near_claim"].severity == "info"
    # Removing the link removes the finding at the next run.
    delete_link(new_case, link_id=link_id)
    run_checks(new_case)
    assert "gps_far_from_claim" not in {r.kind for r in new_case.read(findings)}
    assert verify_case(new_case).ok


def test_capture_before_the_claimed_event_and_clock_findings(
        new_case: CaseFile, corpus: Path) -> None:
    report = import_paths(new_case, [corpus / NIKON])  # taken 2008-10-22
    photo_id = report.results[0].photo_id
    claim_id, _ = create_claim(new_case, statement="Strike on the depot",
                               about_when="2009-03-15")
    create_link(new_case, from_ref=Ref("photo", photo_id), to_ref=Ref("claim", claim_id),
                stance="supports")
    run_checks(new_case)
    rows = {r.kind: r for r in new_case.read(findings)}
    early = rows["capture_before_event"]
    assert early.severity == "warning" and early.details["days"] == 144
    # The file's own clocks disagree: camera time vs GPS time (UTC) a day apart.
    assert rows["time_zone"].details["implied_offset_h"] < -20
    assert rows["modified_date"].severity == "notice"
    sun = rows["sun_position"].details
    assert sun["time_source"] == "GPS time (UTC)" and 0 < sun["elevation"] < 40


def test_review_is_audited_kept_across_runs_and_undoable(
        new_case: CaseFile, corpus: Path) -> None:
    import_paths(new_case, [corpus / NIKON])
    run_checks(new_case)
    row = next(r for r in new_case.read(findings) if r.kind == "modified_date")
    review_finding(new_case, row.id, {"reviewed": True, "review_note": "Nikon Transfer copy"})
    run_checks(new_case)  # nothing changed: the review stays
    again = next(r for r in new_case.read(findings) if r.id == row.id)
    assert again.reviewed and again.review_note == "Nikon Transfer copy"
    events = new_case.read(lambda s: list(s.scalars(
        select(AuditEvent.action).where(AuditEvent.action == "finding.review"))))
    assert events == ["finding.review"]
    command = review_command(row.id, reviewed=False, note="")
    command.redo(new_case)
    assert not next(r for r in new_case.read(findings) if r.id == row.id).reviewed
    command.undo(new_case)
    assert next(r for r in new_case.read(findings) if r.id == row.id).reviewed
    assert verify_case(new_case).ok


def test_hashes_survive_resizing_and_recompression(corpus: Path) -> None:
    data = (corpus / NIKON).read_bytes()
    image = Image.open(io.BytesIO(data)).convert("RGB")
    base = fingerprint_bytes(data).phash
    assert hamming(base, fingerprint_bytes(_jpeg(image.resize((320, 240)))).phash) <= 4
    assert hamming(base, fingerprint_bytes(_jpeg(image, quality=30)).phash) <= 4
    other = fingerprint_bytes((corpus / OTHER_NIKON).read_bytes()).phash
    assert hamming(base, other) > 20


@pytest.mark.parametrize("bad", [b"", b"\xff\xd8\xff garbage", b"GIF89a" + b"\x00" * 40])
def test_unreadable_bytes_give_a_problem_not_an_exception(bad: bytes) -> None:
    fp = fingerprint_bytes(bad)
    assert fp.phash == "" and fp.problem


def _fragment(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_cli_refs_add_then_checks_json_and_review(corpus: Path, tmp_path: Path) -> None:
    refs = tmp_path / "known"
    refs.mkdir()
    shutil.copy(corpus / OTHER_NIKON, refs / "published_2019.jpg")
    case = tmp_path / "C.fragment"
    assert _fragment("new", str(case), "--title", "T").returncode == 0
    added = _fragment("add", str(case), str(corpus / OTHER_NIKON), str(corpus / NIKON))
    assert added.returncode == 0 and "Checks: " in added.stdout
    done = _fragment("refs", "add", str(case), str(refs), "--name", "Known")
    assert done.returncode == 0, done.stderr
    assert "1 images indexed; 1 photo match(es)" in done.stdout
    listed = json.loads(_fragment("checks", str(case), "--json").stdout)
    assert listed["references"][0]["name"] == "Known"
    (match,) = [f for f in listed["findings"] if f["kind"] == "reference_match"]
    assert match["photo"] == "P1" and match["details"]["reference"] == "published_2019.jpg"
    assert listed["findings"][0]["severity"] == "warning"  # most severe first
    reviewed = _fragment("checks", str(case), "--review", str(match["id"]), "--note", "2019")
    assert reviewed.returncode == 0 and "marked reviewed" in reviewed.stdout
    again = json.loads(_fragment("checks", str(case), "--no-run", "--json", "--photo", "P1",
                                 "--severity", "warning").stdout)
    assert [(f["reviewed"], f["review_note"]) for f in again["findings"]] == [(True, "2019")]
    bad = _fragment("refs", "add", str(case), str(tmp_path / "missing"))
    assert bad.returncode == 2 and "is not a folder" in bad.stderr
    assert _fragment("verify", str(case)).returncode == 0


def test_a_reference_match_is_found_among_thousands_of_distractors(
        new_case: CaseFile, corpus: Path, tmp_path: Path) -> None:
    refs = tmp_path / "archive"
    write_distractors(refs, 2000)
    shutil.copy(corpus / NIKON, refs / "batch001" / "the_real_one.jpg")
    cropped = tmp_path / "new" / "cropped.jpg"
    cropped.parent.mkdir()
    image = Image.open(corpus / NIKON).convert("RGB")
    cropped.write_bytes(_jpeg(image.crop((16, 12, 624, 468)).resize((480, 360)), quality=60))
    import_paths(new_case, [cropped])
    add_reference(new_case, refs, name="Archive")
    assert new_case.read(checks_overview).references[0].image_count == 2001
    run_checks(new_case)
    matches = [r for r in new_case.read(findings) if r.kind == "reference_match"]
    assert [m.details["reference"] for m in matches] == ["batch001/the_real_one.jpg"]
    # The index answers exactly as a scan of every indexed hash would.
    from desktop.core.checks.run import MATCH_BITS, reference_tree

    probe = int(new_case.read(lambda s: s.scalar(select(PhotoFingerprint.phash))), 16)
    tree = new_case.read(reference_tree)
    assert len(tree) == 2001
    scanned = new_case.read(lambda s: sorted(
        name for name, h in s.execute(select(ReferenceImage.name, ReferenceImage.phash))
        if (int(h, 16) ^ probe).bit_count() <= MATCH_BITS))
    assert sorted(hit.name for _, hit in tree.search(probe, MATCH_BITS)) == scanned


@pytest.mark.postgres
def test_checks_and_reviews_verify_on_a_team_case(tmp_path: Path, corpus: Path,
                                                  postgres_admin_url: str) -> None:
    """Findings and reviews (a boolean column) digest on PostgreSQL as on SQLite."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"fragment_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        with CaseFile.create(tmp_path / "Team", title="Team", investigator="Ana",
                             database_url=url) as case:
            import_paths(case, [corpus / NIKON])
            refs = tmp_path / "refs"
            refs.mkdir()
            shutil.copy(corpus / NIKON, refs / "old.jpg")
            add_reference(case, refs)
            run_checks(case)
            row = next(r for r in case.read(findings) if r.kind == "reference_match")
            review_finding(case, row.id, {"reviewed": True, "review_note": "known"})
        with CaseFile.open_for_check(tmp_path / "Team.fragment") as case:
            report = verify_case(case)
            assert report.ok, [p.detail for p in report.problems]
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_another_case_as_a_reference_collection(new_case: CaseFile, corpus: Path,
                                                tmp_path: Path) -> None:
    earlier = CaseFile.create(tmp_path / "Earlier", title="2016 case", investigator="Bo")
    try:
        import_paths(earlier, [corpus / NIKON, corpus / "jpg/Canon_40D.jpg"])
    finally:
        earlier.close()
    before = sorted(p.name for p in (tmp_path / "Earlier.fragment").rglob("*"))
    import_paths(new_case, [corpus / NIKON])
    add_reference(new_case, tmp_path / "Earlier.fragment")
    run_checks(new_case)
    (match,) = [r for r in new_case.read(findings) if r.kind == "reference_match"]
    assert match.details["reference"].startswith("P1 (")
    assert new_case.read(checks_overview).references[0].kind == "case"
    assert sorted(p.name for p in (tmp_path / "Earlier.fragment").rglob("*")) == before
    with pytest.raises(UserError, match="its own reference"):
        add_reference(new_case, new_case.root)


@pytest.mark.postgres
def test_two_runs_at_once_on_a_team_case_both_succeed(tmp_path: Path, corpus: Path,
                                                      postgres_admin_url: str) -> None:
    import threading
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"fragment_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        with CaseFile.create(tmp_path / "Team", title="Team", investigator="Ana",
                             database_url=url) as case:
            import_paths(case, [corpus / NIKON, corpus / OTHER_NIKON])
        errors: list[BaseException] = []

        def run(who: str) -> None:
            try:
                with CaseFile.open(tmp_path / "Team.fragment", investigator=who) as mine:
                    run_checks(mine)
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(who,)) for who in ("Ana", "Bo")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert errors == []
        with CaseFile.open_for_check(tmp_path / "Team.fragment") as case:
            kinds = sorted(r.kind for r in case.read(findings))
            assert kinds.count("sun_position") == 2  # one per photo: nothing twice
            assert verify_case(case).ok
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_photos_hashed_without_the_c2pa_reader_are_read_again_once_it_is_there(
        new_case: CaseFile, tmp_path: Path) -> None:
    from sqlalchemy import update

    from desktop.core.checks.credentials import NOT_INSTALLED

    (tmp_path / "signed.jpg").write_bytes(signed_jpeg())
    photo_id = import_paths(new_case, [tmp_path / "signed.jpg"]).results[0].photo_id
    # As an installation without the c2pa extra leaves it:
    with new_case.write_session() as session:
        session.execute(update(PhotoFingerprint).values(credentials=None, problem=NOT_INSTALLED))
    from desktop.core.checks.facts import PhotoFacts
    from desktop.core.checks.rules import findings_for

    facts = PhotoFacts(id=1, label="P1", taken_at=None, tags={}, flags=(), gps=None,
                       gps_precision_m=None, phash="", thumb_distance=None, mean_luma=None,
                       credentials=None, fingerprint_problem=NOT_INSTALLED)
    (said,) = [f for f in findings_for(facts) if f.kind == "credentials"]
    assert "were not read" in said.explanation and "c2pa extra" in said.explanation
    summary = run_checks(new_case)
    assert summary.fingerprinted == 1
    shown = new_case.read(photo_checks, photo_id)
    assert shown is not None and shown.credentials is not None
    assert shown.credentials["state"] == "Valid"


@pytest.mark.postgres
def test_findings_and_reviews_survive_a_copy_to_a_team_database_and_back(
        tmp_path: Path, corpus: Path, postgres_admin_url: str) -> None:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from desktop.cli import run_cli

    name = f"fragment_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        with CaseFile.create(tmp_path / "Local", title="L", investigator="Ana") as case:
            import_paths(case, [corpus / NIKON])
            run_checks(case)
            row = next(r for r in case.read(findings) if r.kind == "modified_date")
            review_finding(case, row.id, {"reviewed": True, "review_note": "ok"})
        root = tmp_path / "Local.fragment"
        assert run_cli(["copy", str(root), url]) == 0
        with CaseFile.open(root, investigator="Ana") as team:
            assert verify_case(team).ok
            new_row = next(r for r in team.read(findings) if r.uid == row.uid)
            assert new_row.reviewed and new_row.review_note == "ok"
            assert run_checks(team).changes == Changes()  # nothing to redo after the copy
        assert run_cli(["copy", str(root), "local"]) == 0
        with CaseFile.open(root, investigator="Ana") as local:
            assert verify_case(local).ok
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
