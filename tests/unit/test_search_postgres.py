"""Search in team mode: PostgreSQL full-text search over the same rows, kept in step by
the same kind of triggers (a real server; see tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db.search_index import search_triggers_present
from desktop.core.case_copy import copy_case
from desktop.core.casefile import CaseFile
from desktop.core.demo import build_demo_case
from desktop.core.ops.annotations import delete_annotation, update_annotation
from desktop.core.ops.claims import create_claim
from desktop.core.ops.tag_commands import TagPhotos
from desktop.core.queries import search as search_module
from desktop.core.queries.search import search
from desktop.core.verify import verify_case
from tests.unit.test_postgres import pg_url  # noqa: F401  (the fixture)


def _labels(case: CaseFile, query: str) -> list[str]:
    return [hit.label for hit in case.read(search, query)]


def test_a_case_copied_into_postgresql_searches_the_same(
        tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    build_demo_case(tmp_path / "Demo").close()
    root = tmp_path / "Demo.fragment"
    shutil.copytree(root, tmp_path / "Local.fragment")
    with CaseFile.open(tmp_path / "Local.fragment", readonly=True) as local:
        expected = {q: set(_labels(local, q)) for q in
                    ("9M723", "9М723", "9m-7", "azerbaidjan", '"did not use"', "IMG_0412")}
    copy_case(root, pg_url)  # rows copied: the team database's triggers index them
    with CaseFile.open(root, investigator="Ana") as case:
        assert case.engine.dialect.name == "postgresql"
        with case.engine.connect() as conn:
            assert search_triggers_present(conn)
        for query, labels in expected.items():
            assert set(_labels(case, query)) == labels, query
        a1 = next(h for h in case.read(search, "9M723") if h.label == "A1")
        assert (a1.kind, a1.text, a1.photo_id is not None) == ("annotation", "9М723", True)
        update_annotation(case, annotation_id=a1.object_id, transcription="Х-101")
        assert "A1" in _labels(case, "kh-101") and "A1" not in _labels(case, "9M723")
        claim_id, _ = create_claim(case, statement="Débris of a Tochka-U 9М79-1")
        assert [h.object_id for h in case.read(search, "debris 9M791")] == [claim_id]
        delete_annotation(case, annotation_id=a1.object_id)
        assert "A1" not in _labels(case, "kh101")
        tagged = TagPhotos([a1.photo_id or 0], ["nozzle", "rusty"])
        tagged.redo(case)  # a photo is found by its tags, all of them in one row
        assert _labels(case, "nozzle rusty IMG_0412") == ["P1"]
        tagged.undo(case)
        assert _labels(case, "nozzle") == []
        for hostile in ('"', "NEAR(a b)", "a & b | !c", "x:* <-> y", "'", "\\", "(", "\x00"):
            assert case.read(search, hostile).hits == ()
        monkeypatch.setattr(search_module, "RANK_CAP", 2)
        bounded = case.read(search, "9M723")
        assert bounded.more and len(bounded) == 2
        assert verify_case(case).ok
