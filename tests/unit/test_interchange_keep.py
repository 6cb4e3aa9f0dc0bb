"""What a case keeps across dump and load beyond the investigation itself: reviewed
findings, reference collections, offline basemaps, videos and the frames kept from them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from db.models import Photo
from desktop.core.casefile import CaseFile
from desktop.core.checks.references import add_reference
from desktop.core.checks.run import run_checks
from desktop.core.errors import ValidationError
from desktop.core.ingest import import_paths
from desktop.core.interchange import dump_case, load_case
from desktop.core.ops.basemaps import add_basemap
from desktop.core.ops.checks import review_finding
from desktop.core.queries.basemaps import case_basemaps
from desktop.core.queries.checks import findings, references
from desktop.core.queries.videos import frame_of_photo, list_videos
from desktop.core.resources import resource_path
from desktop.core.verify import verify_case
from desktop.core.videos import add_videos, save_frame
from tests.maptiles import write_mbtiles
from tests.unit.investigation_fixtures import audit_count
from tests.unit.test_load_hostile import fingerprint
from tests.unit.test_video import make_video

NIKON = "jpg/gps/DSCN0010.jpg"
NOTE = "Redaction by the source agency; see its statement"


@pytest.fixture
def kept_case(new_case: CaseFile, corpus: Path, tmp_path: Path) -> CaseFile:
    """A case with a reviewed finding, a reference collection, a basemap and a frame."""
    folder = tmp_path / "in"
    folder.mkdir()
    original = Image.open(corpus / NIKON)
    edited = original.convert("RGB")
    ImageDraw.Draw(edited).rectangle((0, 0, 400, 480), fill=(10, 10, 10))
    edited.save(folder / "edited.jpg", "JPEG", exif=original.info["exif"])
    original.convert("RGB").resize((400, 300)).save(folder / "small.jpg", "JPEG")
    import_paths(new_case, [folder])
    refs = tmp_path / "archive"
    refs.mkdir()
    shutil.copy(corpus / NIKON, refs / "published_2008.jpg")
    add_reference(new_case, refs, name="Archive 2008")
    add_basemap(new_case, write_mbtiles(tmp_path / "town.mbtiles"))
    (tmp_path / "clips").mkdir()
    add_videos(new_case, [make_video(tmp_path / "clips" / "sighting.mp4")])
    save_frame(new_case, "V1", index=12)
    run_checks(new_case)
    thumb = next(r for r in new_case.read(findings) if r.kind == "thumbnail_mismatch")
    review_finding(new_case, thumb.id, {"reviewed": True, "review_note": NOTE})
    return new_case


def test_reviews_references_basemaps_and_frames_survive_dump_and_load(
        kept_case: CaseFile, tmp_path: Path) -> None:
    out = tmp_path / "export" / "case.json"
    out.parent.mkdir()
    doc = dump_case(kept_case, out)
    schema = json.loads(resource_path("schema/fragment-case.schema.json").read_text("utf-8"))
    jsonschema.validate(doc, schema)
    assert [r["note"] for r in doc["reviews"]] == [NOTE]
    assert len(doc["videos"]) == 1 and len(doc["frames"]) == 1 and len(doc["basemaps"]) == 1
    (ref,) = doc["reference_collections"]
    assert ref["image_count"] == 1 and len(ref["images"]) == 1

    copy = CaseFile.create(tmp_path / "Copy", title="Copy", investigator="Other")
    try:
        load_case(copy, out)
        (review,) = [r for r in copy.read(findings) if r.reviewed]
        assert (review.kind, review.review_note) == ("thumbnail_mismatch", NOTE)
        (collection,) = copy.read(references)
        assert (collection.name, collection.image_count) == ("Archive 2008", 1)
        assert collection.index_digest == ref["index_digest"]
        (basemap,) = copy.read(case_basemaps, copy.originals.root)
        assert basemap.name == "Test town map"
        (video,) = copy.read(list_videos)
        assert video.codec == "h264"
        frame_photo = next(p for p in doc["photos"] if p["key"] == doc["frames"][0]["photo"])
        with copy.read_session() as session:
            photo_id = session.scalar(select(Photo.id).where(
                Photo.sha256 == frame_photo["sha256"]))
        frame, of = copy.read(frame_of_photo, photo_id)
        assert (frame.index, frame.digest, of.label) == (12, doc["frames"][0]["digest"], "V1")
        report = verify_case(copy)  # the frame is decoded again from the loaded video
        assert report.ok, report.problems
        assert "1 video frame(s) decoded again from their videos" in report.notes
        # the review outlives the next run of the checks: the finding says the same
        run_checks(copy)
        assert [r.review_note for r in copy.read(findings) if r.reviewed] == [NOTE]
        # the same findings as in the first case: its reference index came along
        kinds = sorted(r.kind for r in copy.read(findings))
        assert kinds == sorted(r.kind for r in kept_case.read(findings))
        assert "reference_match" in kinds
        # loading the same document again adds nothing
        before = audit_count(copy)
        load_case(copy, out)
        assert len(copy.read(list_videos)) == 1
        assert len(copy.read(references)) == 1
        assert audit_count(copy) == before + 1  # the case.load event only
    finally:
        copy.close()


def test_a_reference_index_that_does_not_match_its_digest_changes_nothing(
        kept_case: CaseFile, new_case: CaseFile, tmp_path: Path) -> None:
    out = tmp_path / "export" / "case.json"
    out.parent.mkdir()
    doc = dump_case(kept_case, out)
    doc["reference_collections"][0]["images"][0][2] = "0" * 16
    out.write_text(json.dumps(doc), encoding="utf-8")
    copy = CaseFile.create(tmp_path / "Copy", title="Copy", investigator="Other")
    try:
        before = audit_count(copy)
        with pytest.raises(ValidationError) as err:
            load_case(copy, out)
        assert str(err.value).startswith("reference_collections[0].index_digest: ")
        assert audit_count(copy) == before and not copy.read(list_videos)
    finally:
        copy.close()


@pytest.mark.parametrize("section", ["videos", "basemaps"])
def test_a_video_or_basemap_outside_the_folder_is_refused(
        kept_case: CaseFile, tmp_path: Path, section: str) -> None:
    out = tmp_path / "export" / "case.json"
    out.parent.mkdir()
    doc = dump_case(kept_case, out)
    name = Path(doc[section][0]["file"]).name
    shutil.move(out.parent / "files" / name, tmp_path / name)
    doc[section][0]["file"] = f"../{name}"
    out.write_text(json.dumps(doc), encoding="utf-8")
    copy = CaseFile.create(tmp_path / "Copy", title="Copy", investigator="Other")
    try:
        with pytest.raises(ValidationError) as err:
            load_case(copy, out)
        assert str(err.value).startswith(f"{section}[0].file: the file is outside")
        assert not copy.read(list_videos)
        load_case(copy, out, allow_outside=True)
        assert len(copy.read(list_videos)) == 1
    finally:
        copy.close()


BAD = {
    "frame_index": (lambda d: d["frames"][0].update(frame_index=10**20),
                    "frames[0].frame_index: expected a whole number"),
    "time": (lambda d: d["frames"][0].update(time_s=float("inf")),
             "frames[0].time_s: expected a time in seconds"),
    "twice a frame": (lambda d: d["frames"].append(dict(d["frames"][0], key="f2", uid=None)),
                      "frames[1]: the photo is already a frame in frames[0]"),
    "not a video": (lambda d: d["frames"][0].update(video=d["photos"][0]["key"]),
                    r"frames\[0\].video: .* is a photo \(photos\[0\]\), not a video"),
    "image hash": (lambda d: d["reference_collections"][0]["images"][0].__setitem__(1, "zz"),
                   r"reference_collections\[0\].images\[0\]: expected 64 lowercase hex"),
    "junk video": (lambda d: d["videos"][0].update(file="files/junk.mp4"),
                   "videos[0].file: junk.mp4 is not a video Fragment can read"),
    "junk basemap": (lambda d: d["basemaps"][0].update(file="files/junk.mbtiles"),
                     "basemaps[0].file: junk.mbtiles is not an MBTiles file"),
    "severity": (lambda d: d["reviews"][0].update(severity="panic"),
                 "reviews[0].severity: expected info, notice, warning"),
    "NUL": (lambda d: d["reviews"][0].update(note="a\x00b"),
            "reviews[0].note: contains a NUL character"),
}


def test_bad_entries_in_the_new_sections_change_nothing(kept_case: CaseFile,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "export" / "case.json"
    out.parent.mkdir()
    good = dump_case(kept_case, out)
    (out.parent / "files" / "junk.mp4").write_bytes(b"not a video" * 100)
    (out.parent / "files" / "junk.mbtiles").write_bytes(b"not sqlite" * 100)
    copy = CaseFile.create(tmp_path / "Copy", title="Copy", investigator="Other")
    try:
        before = fingerprint(copy)
        for name, (spoil, message) in BAD.items():
            doc = json.loads(json.dumps(good))
            spoil(doc)
            bad = out.parent / f"{name}.json"
            bad.write_text(json.dumps(doc), encoding="utf-8")
            with pytest.raises(ValidationError) as err:
                load_case(copy, bad)
            assert re.match(message if "\\" in message else re.escape(message),
                            str(err.value)), (name, str(err.value))
            assert "\n" not in str(err.value)
            assert fingerprint(copy) == before, name  # thumbnails in derived/ may be made
    finally:
        copy.close()


def test_both_dump_routes_carry_videos_and_basemaps(
        kept_case: CaseFile, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``fragment dump`` without ``-o``: the video and basemap entries point into the case
    like the photos', and load from where they were dumped (or with ``--allow-outside``)."""
    from desktop.cli import run_cli

    root = kept_case.root
    kept_case.close()
    monkeypatch.chdir(root.parent)
    assert run_cli(["dump", root.name]) == 0
    out, err = capsys.readouterr()
    assert "allow-outside" not in err
    (root.parent / "here.json").write_text(out, encoding="utf-8")
    assert run_cli(["new", "First", "--title", "t", "--investigator", "T"]) == 0
    assert run_cli(["load", "First", "here.json"]) == 0
    assert "1 video, 1 video frame, 1 basemap, 1 reference collection, 1 review" in (
        capsys.readouterr().out)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert run_cli(["dump", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "--allow-outside" in err
    doc = json.loads(out)
    doc["photos"] = doc["frames"] = doc["reviews"] = doc["annotations"] = []
    doc["locations"] = []  # only what is new here: the video and the basemap
    (elsewhere / "there.json").write_text(json.dumps(doc), encoding="utf-8")
    assert run_cli(["new", "Second", "--title", "t", "--investigator", "T"]) == 0
    assert run_cli(["load", "Second", "there.json"]) == 2
    assert "basemaps[0].file: the file is outside" in capsys.readouterr().err
    assert run_cli(["load", "Second", "there.json", "--allow-outside"]) == 0
    assert "1 video, 1 basemap" in capsys.readouterr().out
