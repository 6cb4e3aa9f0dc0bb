"""Interchange JSON: dump -> load into a new case -> dump round trip, and refused documents."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from desktop.core.casefile import CaseFile
from desktop.core.changes import Ref
from desktop.core.demo.photos import draw_debris_photo
from desktop.core.errors import UserError, ValidationError
from desktop.core.ingest import import_paths
from desktop.core.interchange import dump_case, load_case
from desktop.core.ops.actors import create_actor
from desktop.core.ops.annotations import create_annotation
from desktop.core.ops.catalog import add_catalog_entry
from desktop.core.ops.claims import create_claim
from desktop.core.ops.links import create_link
from desktop.core.ops.locations import create_location
from desktop.core.ops.photos import set_photo_provenance, set_view_adjustments
from desktop.core.ops.sources import create_source
from desktop.core.resources import resource_path
from tests.unit.investigation_fixtures import audit_count, case_state

HOSTILE = "<b>&amp; & \u202bשלום\u202c Շուշի</b>"


def _photos(folder: Path) -> list[Path]:
    folder.mkdir()
    first = draw_debris_photo(folder / "IMG_0412.jpg", code="9\u041c723", lot="08-20",
                              ruler=True, lat=39.760583, lon=46.74275,
                              taken="2021:03:15 11:42:07", seed=1, size=(480, 360))
    second = draw_debris_photo(folder / "IMG_0419.jpg", code="9\u041c723", lot=None,
                               ruler=False, lat=39.757722, lon=46.757167,
                               taken="2021:03:15 12:05:51", seed=2, size=(480, 360))
    return [first.path, second.path]


@pytest.fixture
def full_case(new_case: CaseFile, tmp_path: Path) -> CaseFile:
    report = import_paths(new_case, _photos(tmp_path / "incoming"))
    p1, p2 = (r.photo_id for r in report.results)
    assert p1 and p2
    attachment = tmp_path / "statement.html"
    attachment.write_text("<p>Заявление</p>", encoding="utf-8")
    src, _ = create_source(new_case, title="Article (fr)", publisher="Paper", language="fr",
                           published_on="2021-03-19", retrieved_on="2021-03-20",
                           text=HOSTILE, file=attachment)
    actor, _ = create_actor(new_case, name="ANAMA", kind="agency", affiliation="Azerbaijan")
    c1, _ = create_claim(new_case, statement=HOSTILE, actor_id=actor, source_id=src,
                         claimed_on="2021-03-19", about_when="2020-23", status="disputed")
    c2, _ = create_claim(new_case, statement="Denial", about_when="2020-09-27/2020-11-10")
    loc, _ = create_location(new_case, coordinates="39 ° 45’38.10 « N 46 ° 44’33.90 » E",
                             name="Shusha", aliases=["Şuşa", "Шуша", "Շուշի"])
    a1, _ = create_annotation(new_case, photo_id=p1, shape_type="rect",
                              geometry={"x": 10, "y": 20.5, "w": 100, "h": 40},
                              kind="index_code", transcription="9\u041c723",
                              confidence="confirmed", notes=HOSTILE)
    create_annotation(new_case, photo_id=p1, shape_type="polygon",
                      geometry={"points": [[1, 1], [50, 2], [30, 40]]}, number=5)
    create_annotation(new_case, photo_id=p2, shape_type="point", geometry={"x": 3, "y": 4})
    create_link(new_case, from_ref=Ref("annotation", a1), to_ref=Ref("claim", c1),
                stance="supports", note=HOSTILE)
    create_link(new_case, from_ref=Ref("claim", c2), to_ref=Ref("claim", c1),
                stance="contradicts")
    create_link(new_case, from_ref=Ref("photo", p2), to_ref=Ref("location", loc))
    create_link(new_case, from_ref=Ref("claim", c1), to_ref=Ref("location", loc))
    set_view_adjustments(new_case, photo_id=p1, adjustments={"contrast": 30})
    set_photo_provenance(new_case, photo_id=p1, taken_by="ANAMA deminer",
                         provided_by="ANAMA press office", acquisition="received",
                         original_url="https://anama.gov.az/news/1",
                         obtained_at="2021-03-16T10:15:00+04:00", source_id=src)
    add_catalog_entry(new_case, code="9M723-X", system="Hypothetical test variant",
                      aliases=["9M723X"], citation="analyst's own entry")
    return new_case


def _second_case(tmp_path: Path, name: str = "Second") -> CaseFile:
    return CaseFile.create(tmp_path / name, title="Empty", investigator="Other")


def test_round_trip_and_schema(full_case: CaseFile, tmp_path: Path) -> None:
    out = tmp_path / "export"
    out.mkdir()
    first = dump_case(full_case, out / "case.json")
    assert json.loads((out / "case.json").read_text(encoding="utf-8")) == first
    schema = json.loads(resource_path("schema", "fragment-case.schema.json").read_text())
    jsonschema.validate(first, schema)
    assert len(first["photos"]) == 2 and len(first["locations"]) == 3  # 2 camera + Shusha
    for photo in first["photos"]:
        assert (out / photo["file"]).is_file()
    assert first["claims"][0]["statement"] == HOSTILE
    assert [e["code"] for e in first["catalog"]] == ["9M723-X"]
    assert first["photos"][0]["provenance"] == {
        "taken_by": "ANAMA deminer", "provided_by": "ANAMA press office",
        "acquisition": "received", "original_url": "https://anama.gov.az/news/1",
        "obtained_at": "2021-03-16T06:15:00Z", "source": "src1"}
    assert first["photos"][1]["provenance"] == {
        "taken_by": "", "provided_by": "", "acquisition": "unknown", "original_url": "",
        "obtained_at": None, "source": None}
    with _second_case(tmp_path) as second:
        changes = load_case(second, out / "case.json")
        assert changes.touches("photo", "claim", "link")
        again_dir = tmp_path / "again"
        again_dir.mkdir()
        again = dump_case(second, again_dir / "case.json")
    assert again == first


def test_loading_twice_merges_nothing_new(full_case: CaseFile, tmp_path: Path) -> None:
    dump_case(full_case, tmp_path / "case.json")
    with _second_case(tmp_path) as second:
        load_case(second, tmp_path / "case.json")
        state = case_state(second)
        load_case(second, tmp_path / "case.json")
        assert case_state(second) == state


def _write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _valid(tmp_path: Path) -> dict[str, Any]:
    (tmp_path / "files").mkdir(exist_ok=True)
    draw_debris_photo(tmp_path / "files" / "a.jpg", code="9M723", lot=None, ruler=False,
                      lat=39.7, lon=46.7, taken="2021:03:15 10:00:00", seed=5, size=(300, 200))
    return {
        "format": "fragment-case", "version": 1,
        "case": {"title": "Hand-written", "description": ""},
        "sources": [{"key": "s1", "title": "Article"}],
        "actors": [{"key": "a1", "name": "ANAMA", "kind": "agency"}],
        "claims": [{"key": "c1", "statement": "Iskander used", "actor": "a1", "source": "s1",
                    "about_when": "2020-23"},
                   {"key": "c2", "statement": "Not used"}],
        "locations": [{"key": "l1", "coordinates": "39.7605833, 46.74275",
                       "kind": "claimed"}],
        "photos": [{"key": "p1", "file": "files/a.jpg",
                    "provenance": {"provided_by": "ANAMA press office",
                                   "acquisition": "received", "source": "s1",
                                   "obtained_at": "2021-03-16T10:15:00+04:00"}}],
        "annotations": [{"key": "n1", "photo": "p1",
                         "shape": {"type": "rect", "x": 1, "y": 1, "w": 10, "h": 10},
                         "kind": "index_code", "text": "9M723"}],
        "links": [{"from": "n1", "to": "c1", "stance": "supports"},
                  {"from": "c2", "to": "c1", "stance": "contradicts"},
                  {"from": "p1", "to": "l1", "relation": "found_at"}],
    }


def test_a_hand_written_document_loads(new_case: CaseFile, tmp_path: Path) -> None:
    load_case(new_case, _write(tmp_path, _valid(tmp_path)))
    state = case_state(new_case)
    assert [len(state[k]) for k in ("photo", "annotation", "claim", "link", "location")] == [
        1, 1, 2, 3, 2]  # the photo's GPS adds a camera location
    assert state["claim"][0]["actor_id"] == state["actor"][0]["id"]
    photo = state["photo"][0]
    assert photo["provided_by"] == "ANAMA press office"
    assert photo["acquisition"].value == "received"
    assert photo["source_id"] == state["source"][0]["id"]
    assert photo["obtained_at"].isoformat() == "2021-03-16T06:15:00+00:00"


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    parts = path.replace("]", "").replace("[", ".").split(".")
    target: Any = doc
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value


@pytest.mark.parametrize(("path", "value", "message"), [
    ("claims[1].actor", "a9", 'claims[1].actor: no actor with key "a9"'),
    ("claims[0].source", "a1", 'claims[0].source: "a1" is a actor'),
    ("actors[0].kind", "army", "actors[0].kind: unknown value 'army'"),
    ("claims[0].about_when", "autumn 2020", "claims[0].about_when: 'autumn 2020' is not"),
    ("claims[0].status", "true", "claims[0].status: unknown value"),
    ("claims[1].statement", "", "claims[1].statement: must not be empty"),
    ("sources[0].published", "19.03.2021", "sources[0].published: expected a date"),
    ("locations[0].coordinates", "91 N 200 E", "locations[0].coordinates: "),
    ("locations[0].kind", "guessed", "locations[0].kind: unknown value"),
    ("photos[0].file", "files/missing.jpg", 'photos[0].file: no such file "files/missing.jpg"'),
    ("photos[0].provenance", "ANAMA", "photos[0].provenance: expected an object"),
    ("photos[0].provenance.source", "c1", 'photos[0].provenance.source: "c1" is a claim'),
    ("photos[0].provenance.source", "s9", 'photos[0].provenance.source: no source with key'),
    ("photos[0].provenance.acquisition", "bought",
     "photos[0].provenance.acquisition: unknown value 'bought'"),
    ("photos[0].provenance.original_url", "file:///etc/passwd",
     "photos[0].provenance.original_url: must be an http:// or https:// address"),
    ("photos[0].provenance.obtained_at", "2021-03-16T10:15:00",
     "photos[0].provenance.obtained_at: needs a time zone"),
    ("photos[0].provenance.obtained_at", "2999-03-16T10:15:00Z",
     "photos[0].provenance.obtained_at: is in the future"),
    ("photos[0].provenance.taken_by", 7, "photos[0].provenance.taken_by: expected text"),
    ("annotations[0].shape", {"type": "rect", "x": 295, "y": 1, "w": 10, "h": 10},
     "annotations[0].shape: the rectangle extends outside the 300x200 photo"),
    ("annotations[0].shape", {"type": "polygon", "points": [[1, 1], [2, 2]]},
     "annotations[0].shape.points: a polygon needs at least 3 points"),
    ("annotations[0].confidence", "sure", "annotations[0].confidence: unknown value"),
    ("annotations[0].photo", "c1", 'annotations[0].photo: "c1" is a claim'),
    ("links[0].stance", "maybe", "links[0].stance: unknown value 'maybe'"),
    ("links[1].to", "c2", "links[1].to: a claim cannot be linked to itself"),
    ("links[2].to", "c1", "links[2].stance: a photo -> claim link needs a stance"),
    ("links[2].from", "l1", 'links[2].from: "l1" is a location'),
    ("actors[0].key", "s1", 'actors[0].key: the key "s1" is already used by sources[0]'),
    ("version", 2, "version: version 2 was written by a newer Fragment"),
    ("format", "other", 'format: expected "fragment-case"'),
    ("catalog", [{"code": "9M999", "system": ""}], "catalog[0].system"),
    ("catalog", [{"code": "9M999", "system": "a"}, {"code": "9M-999", "system": "b"}],
     "catalog[1]: 9M999 is already used by the catalog entry 9M999"),
])
def test_bad_documents_change_nothing(new_case: CaseFile, tmp_path: Path, path: str,
                                      value: Any, message: str) -> None:
    doc = _valid(tmp_path)
    _set(doc, path, value)
    before, events = case_state(new_case), audit_count(new_case)
    with pytest.raises(ValidationError) as info:
        load_case(new_case, _write(tmp_path, doc))
    assert str(info.value).startswith(message), str(info.value)
    assert case_state(new_case) == before and audit_count(new_case) == events
    assert not list(new_case.originals.iter_files())


def test_duplicate_links_and_bad_json(new_case: CaseFile, tmp_path: Path) -> None:
    doc = _valid(tmp_path)
    doc["annotations"][0]["number"] = 4
    doc["annotations"].append({"key": "n2", "photo": "p1", "number": 4,
                               "shape": {"type": "point", "x": 1, "y": 1}})
    with pytest.raises(ValidationError, match=r"annotations\[1\]\.number: number 4 is "
                                              r"already used on that photo by annotations"):
        load_case(new_case, _write(tmp_path, doc))
    doc["annotations"].pop()
    doc["links"].append({"from": "c1", "to": "c2", "stance": "supports"})
    with pytest.raises(ValidationError, match=r"links\[3\]: links the same objects as links\[1\]"):
        load_case(new_case, _write(tmp_path, doc))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "fragment-case", ', encoding="utf-8")
    with pytest.raises(UserError, match=r"bad\.json is not valid JSON"):
        load_case(new_case, bad)
    with pytest.raises(UserError, match="does not exist"):
        load_case(new_case, tmp_path / "nope.json")
    assert case_state(new_case)["photo"] == []


def test_hostile_text_is_stored_exactly(new_case: CaseFile, tmp_path: Path) -> None:
    doc = _valid(tmp_path)
    big = ("Շուշի <b>bold</b> & \u202eRTL " * 400_000)[:10_000_000]
    doc["claims"][0]["statement"] = big
    doc["claims"][1]["note"] = HOSTILE
    load_case(new_case, _write(tmp_path, doc))
    claims = case_state(new_case)["claim"]
    assert claims[0]["statement"] == big and claims[1]["note"] == HOSTILE


def test_a_failure_while_writing_leaves_no_photo(new_case: CaseFile, tmp_path: Path) -> None:
    """A real database failure (a trigger that aborts) leaves the case as before: the photos
    are imported in the same transaction as everything else, so they roll back with it."""
    with sqlite3.connect(new_case.root / "case.sqlite") as db:
        db.execute("CREATE TRIGGER refuse_links BEFORE INSERT ON link "
                   "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END")
    before = case_state(new_case)
    with pytest.raises(Exception, match="simulated write failure"):
        load_case(new_case, _write(tmp_path, _valid(tmp_path)))
    assert case_state(new_case) == before


def test_the_documented_example_is_valid(tmp_path: Path, new_case: CaseFile) -> None:
    """The example in docs/interchange.md passes the schema and loads."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "interchange.md").read_text(
        encoding="utf-8")
    example = json.loads(text.split("```json", 1)[1].split("```", 1)[0])
    schema = json.loads(resource_path("schema", "fragment-case.schema.json").read_text())
    jsonschema.validate(example, schema)
    (tmp_path / "files").mkdir()
    draw_debris_photo(tmp_path / "files" / "IMG_0412.jpg", code="9\u041c723", lot=None,
                      ruler=False, lat=39.760583, lon=46.74275, taken="2021:03:15 11:42:07",
                      seed=1)
    changes = load_case(new_case, _write(tmp_path, example))
    assert sum(1 for ref in changes.created if ref.kind == "link") == 3


def test_a_script_can_link_to_objects_already_in_the_case(full_case: CaseFile,
                                                          tmp_path: Path) -> None:
    """References by uid: a small document adds a claim disputing an existing one."""
    with full_case.read_session() as s:
        from desktop.core.queries.investigation import list_claims

        existing = list_claims(s)[0]
    doc = {"format": "fragment-case", "version": 1,
           "claims": [{"key": "new", "statement": "Added by a script"}],
           "links": [{"from": "new", "to": existing.uid, "stance": "contradicts"}]}
    changes = load_case(full_case, _write(tmp_path, doc))
    assert sorted(ref.kind for ref in changes.created) == ["claim", "link"]
    with full_case.read_session() as s:
        from desktop.core.queries.evidence import evidence_matrix

        row = next(r for r in evidence_matrix(s) if r.claim.id == existing.id)
    assert "Added by a script" in [c.statement for c in row.contradicting_claims]


def test_any_text_survives_load_exactly(tmp_path: Path) -> None:
    """Property: whatever (non-blank, NUL-free) text a document carries is stored exactly."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from db.models import Actor, Claim

    text = st.text(min_size=1, max_size=300).filter(lambda t: t.strip() and "\x00" not in t)
    with CaseFile.create(tmp_path / "Prop", title="p", investigator="t") as case:
        counter = iter(range(10_000))

        @settings(max_examples=30, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])
        @given(statement=text, name=text, note=st.text(max_size=200).filter(
            lambda t: "\x00" not in t))
        def check(statement: str, name: str, note: str) -> None:
            doc = {"format": "fragment-case", "version": 1,
                   "actors": [{"key": "a", "name": name}],
                   "claims": [{"key": "c", "statement": statement, "actor": "a",
                               "note": note}]}
            path = tmp_path / f"doc{next(counter)}.json"
            path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
            changes = load_case(case, path)
            claim_id = next(ref.id for ref in changes.created if ref.kind == "claim")
            with case.read_session() as s:
                claim = s.get(Claim, claim_id)
                assert claim is not None
                assert (claim.statement, claim.note) == (statement, note)
                assert s.get(Actor, claim.actor_id).name == name  # type: ignore[union-attr]

        check()
