"""Investigation queries: DTOs, catalog matches, the evidence matrix, photos near a point."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.models import Photo
from desktop.core.casefile import CaseFile
from desktop.core.changes import Ref
from desktop.core.ops.actors import create_actor
from desktop.core.ops.annotations import create_annotation
from desktop.core.ops.claims import create_claim
from desktop.core.ops.links import create_link
from desktop.core.ops.locations import create_location
from desktop.core.ops.sources import create_source
from desktop.core.queries import investigation as q
from desktop.core.queries.evidence import evidence_matrix, photos_near
from tests.unit.investigation_fixtures import add_photo


@pytest.fixture
def scenario(new_case: CaseFile, tmp_path: Path) -> dict[str, int]:
    p1 = add_photo(new_case, tmp_path, color=(80, 90, 50))
    p2 = add_photo(new_case, tmp_path, color=(120, 70, 40))
    with new_case.write_session() as s:
        s.get(Photo, p1).gps_lat, s.get(Photo, p1).gps_lon = 39.760583, 46.742750
        new_case.audit(s, "test.setup", "case")
    code, _ = create_annotation(new_case, photo_id=p1, shape_type="rect",
                                geometry={"x": 1, "y": 2, "w": 30, "h": 10},
                                kind="index_code", transcription="9М 723",
                                confidence="confirmed")
    lot, _ = create_annotation(new_case, photo_id=p1, shape_type="polygon",
                               geometry={"points": [[5, 5], [60, 5], [60, 40]]},
                               kind="lot_number", transcription="12-20")
    anama, _ = create_actor(new_case, name="ANAMA", kind="agency")
    mod, _ = create_actor(new_case, name="Russian Ministry of Defence", kind="ministry")
    src, _ = create_source(new_case, title="Article", text="Шуша " * 10)
    used, _ = create_claim(new_case, statement="Armenia used Iskander", actor_id=anama,
                           source_id=src, claimed_on="2021-03-19", about_when="2020-23")
    stored, _ = create_claim(new_case, statement="All Iskanders were in storage",
                             actor_id=mod, claimed_on="2021-03-20")
    create_link(new_case, from_ref=Ref("annotation", code), to_ref=Ref("claim", used),
                stance="supports", note="9M723 is the Iskander-M missile")
    create_link(new_case, from_ref=Ref("photo", p2), to_ref=Ref("claim", used),
                stance="context")
    create_link(new_case, from_ref=Ref("annotation", lot), to_ref=Ref("claim", stored),
                stance="contradicts")
    create_link(new_case, from_ref=Ref("claim", stored), to_ref=Ref("claim", used),
                stance="contradicts", note="denial")
    loc, _ = create_location(new_case, coordinates="39°45'27.80\"N 46°45'25.80\"E",
                             name="Shusha, second site")
    create_link(new_case, from_ref=Ref("photo", p2), to_ref=Ref("location", loc))
    create_link(new_case, from_ref=Ref("claim", used), to_ref=Ref("location", loc))
    return {"p1": p1, "p2": p2, "code": code, "lot": lot, "used": used, "stored": stored,
            "loc": loc, "src": src, "anama": anama}


def test_lists_and_catalog_matches(new_case: CaseFile, scenario: dict[str, int]) -> None:
    with new_case.read_session() as s:
        claims = q.list_claims(s)
        annotations = q.list_annotations(s, scenario["p1"])
        code = q.get_annotation(s, scenario["code"])
        sources = q.list_sources(s)
        actors = q.list_actors(s)
        text = q.source_text(s, scenario["src"])
        locations = q.list_locations(s)
        missing = q.get_claim(s, 999)
    assert [c.statement for c in claims] == ["Armenia used Iskander",
                                             "All Iskanders were in storage"]
    used = claims[0]
    assert (used.actor_name, used.source_title, used.status) == ("ANAMA", "Article",
                                                                 "unverified")
    assert (used.supporting, used.contradicting, used.context) == (1, 0, 1)
    assert [a.number for a in annotations] == [1, 2]
    assert code is not None and code.normalized == "9M723"
    assert code.matches and code.matches[0].code == "9M723"
    assert "Iskander" in code.matches[0].system
    assert code.bbox() == (1, 2, 30, 10) and annotations[1].bbox() == (5, 5, 55, 35)
    assert sources[0].text_length == 50 and sources[0].claim_count == 1 and text == "Шуша " * 10
    assert {a.name: a.claim_count for a in actors} == {"ANAMA": 1,
                                                       "Russian Ministry of Defence": 1}
    assert locations[0].title == "Shusha, second site" and locations[0].notation == "dms"
    assert missing is None


def test_evidence_matrix(new_case: CaseFile, scenario: dict[str, int]) -> None:
    with new_case.read_session() as s:
        matrix = {row.claim.id: row for row in evidence_matrix(s)}
        only = evidence_matrix(s, [scenario["stored"]])
    used, stored = matrix[scenario["used"]], matrix[scenario["stored"]]
    assert [e.annotation.transcription for e in used.supporting if e.annotation] == ["9М 723"]
    assert used.supporting[0].note == "9M723 is the Iskander-M missile"
    assert [(e.annotation, e.photo_id) for e in used.context] == [(None, scenario["p2"])]
    assert used.contradicting == ()
    assert [(r.claim_id, r.outgoing, r.note) for r in used.contradicting_claims] == [
        (scenario["stored"], False, "denial")]
    assert stored.contradicting_claims == ()  # "stored" is the one that contradicts
    assert [(r.claim_id, r.outgoing) for r in stored.contradicted_claims] == [
        (scenario["used"], True)]
    assert stored.contradicting[0].annotation.kind == "lot_number"  # type: ignore[union-attr]
    assert [row.claim.id for row in only] == [scenario["stored"]]


def test_links_and_photos_near(new_case: CaseFile, scenario: dict[str, int]) -> None:
    with new_case.read_session() as s:
        links = q.links_of_annotation(s, scenario["code"])
        starts = q.location_link_starts(s)
        near_first = photos_near(s, 39.760583, 46.742750, 100)
        near_both = photos_near(s, 39.760583, 46.742750, 2_000)
        near_none = photos_near(s, 40.0, 47.0, 1_000)
    assert [(lk.to_ref, lk.stance) for lk in links] == [(Ref("claim", scenario["used"]),
                                                          "supports")]
    assert links[0].from_label.endswith("#1 9М 723")
    # link ends are named by their stored labels first
    assert links[0].from_label.startswith("A1 · ")
    assert links[0].to_label == "C1 Armenia used Iskander"
    assert starts == {scenario["loc"]: [Ref("photo", scenario["p2"]),
                                        Ref("claim", scenario["used"])]}
    assert [(p.photo_id, p.via) for p in near_first] == [(scenario["p1"], "gps")]
    assert near_first[0].photo_label == "P1"
    assert near_first[0].distance_m < 1
    assert [(p.photo_id, p.via) for p in near_both] == [(scenario["p1"], "gps"),
                                                        (scenario["p2"], "found_at")]
    # the two debris sites of the article are about 1.3 km apart
    assert 1_200 < near_both[1].distance_m < 1_400
    assert near_none == []


def test_photos_near_across_the_antimeridian(new_case: CaseFile, tmp_path: Path) -> None:
    """Fiji straddles 180°: a photo at 179.999°E is 220 m from a point at 179.999°W."""
    photo = add_photo(new_case, tmp_path)
    with new_case.write_session() as s:
        row = s.get(Photo, photo)
        row.gps_lat, row.gps_lon = -16.5, 179.999
        new_case.audit(s, "test.setup", "case")
    with new_case.read_session() as s:
        near = photos_near(s, -16.5, -179.999, 500)
        far = photos_near(s, -16.5, -179.99, 500)
    assert [p.photo_id for p in near] == [photo] and 200 < near[0].distance_m < 240
    assert far == []


def test_annotations_without_matches(new_case: CaseFile, scenario: dict[str, int]) -> None:
    with new_case.read_session() as s:
        cheap = q.annotations_by_id(s, with_matches=False)
        full = q.annotations_by_id(s)
    assert cheap[scenario["code"]].normalized == "9M723" and cheap[scenario["code"]].matches == ()
    assert full[scenario["code"]].matches


def _count_statements(case: CaseFile, query, *args, **kwargs):  # type: ignore[no-untyped-def]
    """(statements issued, result) of one read, BEGIN/COMMIT/PRAGMA left out."""
    from sqlalchemy import event

    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(case.engine, "before_cursor_execute", listener)
    try:
        result = case.read(query, *args, **kwargs)
    finally:
        event.remove(case.engine, "before_cursor_execute", listener)
    return sum(1 for s in seen if not s.lstrip().upper().startswith(
        ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA"))), result


def test_the_evidence_table_reads_in_a_fixed_number_of_statements(
        new_case: CaseFile, tmp_path: Path) -> None:
    """The Evidence view's read issues as many statements for 40 linked photos as for 4
    (it read each photo with its own queries)."""
    from desktop.core.queries.panel_reads import evidence_table

    claim, _ = create_claim(new_case, statement="Strike on the market")
    photos_added: list[int] = []
    statements_for: list[int] = []
    for total in (4, 40):
        while len(photos_added) < total:
            photo = add_photo(new_case, tmp_path, width=320 + len(photos_added), height=240)
            annotation, _ = create_annotation(
                new_case, photo_id=photo, shape_type="rect",
                geometry={"x": 1, "y": 2, "w": 30, "h": 10}, kind="index_code",
                transcription="9М723" if len(photos_added) % 2 else "")
            create_link(new_case, from_ref=Ref("annotation", annotation),
                        to_ref=Ref("claim", claim), stance="supports")
            photos_added.append(photo)
        statements, (rows, photos) = _count_statements(new_case, evidence_table)
        assert len(rows[0].supporting) == total and set(photos) == set(photos_added)
        assert all(item.annotation is not None for item in rows[0].supporting)
        statements_for.append(statements)
    small, large = statements_for
    assert small == large
    # readings repeat: each distinct one is matched against the catalog once, same result
    matched = [item.annotation.matches for item in rows[0].supporting
               if item.annotation is not None and item.annotation.transcription]
    assert matched and all(m and m[0].code == "9M723" for m in matched)


def test_claim_relations_alone_leave_the_evidence_out(new_case: CaseFile,
                                                      scenario: dict[str, int]) -> None:
    [full] = evidence_matrix_for(new_case, scenario["used"], with_evidence=True)
    [light] = evidence_matrix_for(new_case, scenario["used"], with_evidence=False)
    assert light.related_claims == full.related_claims and light.related_claims
    assert full.supporting and not light.supporting and not light.context


def evidence_matrix_for(case: CaseFile, claim_id: int, *, with_evidence: bool):  # type: ignore[no-untyped-def]
    return case.read(evidence_matrix, [claim_id], with_evidence=with_evidence)
