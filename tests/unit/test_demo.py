"""The demo case: built through the core verbs, shaped like DOMAIN.md's scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.audit import verify_chain
from desktop.core.casefile import CaseFile
from desktop.core.demo import build_demo_case
from desktop.core.errors import CaseError
from desktop.core.geo import distance_m, parse_coordinates
from desktop.core.queries import investigation as q
from desktop.core.queries.evidence import evidence_matrix, photos_near
from desktop.core.queries.photos import list_photos
from desktop.core.scan import scan_text
from tests.conftest import ARTICLE


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "Demo"
    build_demo_case(root).close()
    return root.with_name("Demo.fragment")


def test_photos_are_real_jpegs_with_gps_and_date(demo: Path) -> None:
    with CaseFile.open(demo, readonly=True) as case, case.read_session() as s:
        photos = list_photos(s)
        assert len(photos) == 3
        for photo in photos:
            size = (case.root / photo.store_path).stat().st_size
            assert 150_000 < size < 800_000 and photo.format == "JPEG"
            assert photo.taken_at is not None and photo.taken_at.startswith("2021-03-15")
            assert photo.has_gps and photo.annotation_count >= 1
        site1 = parse_coordinates("39°45'38.10\"N 46°44'33.90\"E")
        site2 = parse_coordinates("39°45'27.80\"N 46°45'25.80\"E")
        near1 = {p.file_name for p in photos_near(s, site1.lat, site1.lon, 5)}
        near2 = {p.file_name for p in photos_near(s, site2.lat, site2.lon, 5)}
        assert near1 == {"IMG_0412.jpg", "IMG_0415.jpg"} and near2 == {"IMG_0419.jpg"}


def test_photos_say_where_they_came_from(demo: Path) -> None:
    with CaseFile.open(demo, readonly=True) as case, case.read_session() as s:
        photos = list_photos(s)
    for photo in photos:
        assert photo.provided_by == "ANAMA press office" and photo.acquisition == "received"
        assert photo.obtained_at is not None
        assert (photo.obtained_at.year, photo.obtained_at.month) == (2021, 3)
        assert photo.obtained_at.utcoffset() is not None and not photo.obtained_at.utcoffset()
        assert photo.source_label == "S1" and "Iskander" in photo.source_title


def test_claims_stances_and_locations(demo: Path) -> None:
    with CaseFile.open(demo, readonly=True) as case, case.read_session() as s:
        claims = {c.actor_name or "": c for c in q.list_claims(s)}
        actors = {a.name: a.kind for a in q.list_actors(s)}
        matrix = {row.claim.id: row for row in evidence_matrix(s)}
        locations = [loc for loc in q.list_locations(s) if loc.kind == "claimed"]
        sources = q.list_sources(s)
        codes = [a for p in list_photos(s) for a in q.list_annotations(s, p.id)
                 if a.kind == "index_code"]
        count, problems = verify_chain(s)
    assert actors == {"ANAMA (National Agency for Mine Action)": "agency",
                      "Government of Armenia": "government", "Nikol Pashinyan": "official",
                      "Ministry of Defence of the Russian Federation": "ministry"}
    used = next(row for row in matrix.values() if row.claim.about_when == "2020-23")
    assert used.claim.status == "disputed"
    assert {e.annotation.transcription for e in used.supporting if e.annotation} == {"9М723"}
    against = {r.actor_name for r in used.contradicting_claims}
    assert against == {"Government of Armenia",
                       "Ministry of Defence of the Russian Federation"}
    assert [r.actor_name for r in used.supporting_claims] == ["Nikol Pashinyan"]
    assert claims["Nikol Pashinyan"].statement.startswith("Yerevan used Iskander")
    assert len(codes) == 3 and all(a.matches[0].code == "9M723" for a in codes)
    assert all("Iskander" in a.matches[0].system for a in codes)
    assert len(locations) == 2
    assert {"Shusha", "Şuşa", "Shushi", "Шуша", "Շուշի"} <= set(locations[0].aliases)
    assert locations[0].raw_text == "39 ° 45’38.10 « N 46 ° 44’33.90 » E"
    assert 1_200 < distance_m(locations[0].lat, locations[0].lon, locations[1].lat,
                              locations[1].lon) < 1_400
    assert (sources[0].language, str(sources[0].published_on)) == ("fr", "2021-03-19")
    assert problems == [] and count > 40


def test_facts_agree_with_the_seed_article_without_copying_it(demo: Path) -> None:
    """The demo's coordinates and marking are the ones the seed article reports, and the
    source text is our own summary, not the article."""
    article = ARTICLE.read_text(encoding="utf-8")
    found = scan_text(article)
    with CaseFile.open(demo, readonly=True) as case, case.read_session() as s:
        locations = [loc for loc in q.list_locations(s) if loc.kind == "claimed"]
        text = q.source_text(s, q.list_sources(s)[0].id)
    article_points = [(c.lat, c.lon) for c in found.coordinates]
    for loc in locations:
        assert any(abs(lat - loc.lat) < 1e-6 and abs(lon - loc.lon) < 1e-6
                   for lat, lon in article_points)
        assert loc.raw_text in article
    assert any(m.normalized == "9M723" for m in found.markings)
    # no sentence of the article (40+ characters) appears in our summary
    sentences = [p.strip() for p in article.replace("«", ".").split(".") if len(p) > 40]
    assert sentences and not any(sentence in text for sentence in sentences)


def test_an_existing_folder_is_refused(demo: Path) -> None:
    with pytest.raises(CaseError, match="already exists"):
        build_demo_case(demo)


def test_photos_are_drawn_the_same_for_the_same_seed(tmp_path: Path) -> None:
    from desktop.core.demo.photos import draw_debris_photo

    drawn = [draw_debris_photo(tmp_path / f"{i}.jpg", code="9M723", lot="08-20", ruler=True,
                               lat=1.0, lon=2.0, taken="2021:03:15 10:00:00", seed=4,
                               size=(320, 240)) for i in range(2)]
    assert drawn[0].path.read_bytes() == drawn[1].path.read_bytes()
    assert drawn[0].code_box == drawn[1].code_box
