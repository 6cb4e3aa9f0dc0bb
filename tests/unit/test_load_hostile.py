"""``fragment load`` against hostile documents: confined paths, bounded input, all or nothing.

Every refused document must leave the case byte for byte as it was (the database file and
the store), with one sentence naming the place; nothing is read outside the JSON's folder
unless the user says ``--allow-outside``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from desktop.core.errors import FragmentError, UserError, ValidationError
from desktop.core.interchange import load_case
from desktop.core.verify import verify_case
from tests.killing import kill_group, start_and_pause
from tests.unit.test_interchange import _valid, _write


def fingerprint(case: CaseFile) -> tuple[str, tuple[str, ...]]:
    """The database file's bytes and the store's listing: what 'unchanged' means."""
    db = hashlib.sha256((case.root / "case.sqlite").read_bytes()).hexdigest()
    store = tuple(sorted(p.relative_to(case.root).as_posix()
                         for p in (case.root / "originals").rglob("*") if p.is_file()))
    return db, store


def refuse(case: CaseFile, doc_path: Path, match: str, **kwargs: Any) -> str:
    before = fingerprint(case)
    with pytest.raises(FragmentError, match=match) as info:
        load_case(case, doc_path, **kwargs)
    assert fingerprint(case) == before
    message = str(info.value)
    assert "\n" not in message
    return message


# -- paths ----------------------------------------------------------------------------------
def test_an_absolute_path_is_refused_unless_allowed(new_case: CaseFile, tmp_path: Path) -> None:
    doc = _valid(tmp_path)
    doc["photos"][0]["file"] = str((tmp_path / "files" / "a.jpg").resolve())
    path = _write(tmp_path, doc)
    refuse(new_case, path, r"photos\[0\]\.file: an absolute path is refused")
    load_case(new_case, path, allow_outside=True)
    assert verify_case(new_case).ok


def test_dot_dot_and_links_out_of_the_folder_are_refused(new_case: CaseFile,
                                                         tmp_path: Path) -> None:
    inside = tmp_path / "inside"
    inside.mkdir()
    doc = _valid(tmp_path)  # the photo is in tmp_path/files, outside "inside"
    doc["photos"][0]["file"] = "../files/a.jpg"
    refuse(new_case, _write(inside, doc), "outside the JSON file's folder")
    (inside / "link.jpg").symlink_to(tmp_path / "files" / "a.jpg")
    doc["photos"][0]["file"] = "link.jpg"
    refuse(new_case, _write(inside, doc), "outside the JSON file's folder")
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    doc = _valid(tmp_path)
    doc["sources"][0]["file"] = "../secret.txt"
    refuse(new_case, _write(inside, doc), r"sources\[0\]\.file: the file is outside")
    assert not any((new_case.root / "originals").rglob("*.txt"))


def test_a_link_that_stays_inside_is_fine(new_case: CaseFile, tmp_path: Path) -> None:
    doc = _valid(tmp_path)
    (tmp_path / "alias.jpg").symlink_to(tmp_path / "files" / "a.jpg")
    doc["photos"][0]["file"] = "alias.jpg"
    load_case(new_case, _write(tmp_path, doc))
    assert verify_case(new_case).ok


def test_both_dump_routes_round_trip(new_case: CaseFile, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    load_case(new_case, _write(tmp_path, _valid(tmp_path)))
    new_case.close()
    # 1. dump without -o in the folder that holds the case: paths stay inside, loads as is
    monkeypatch.chdir(new_case.root.parent)
    assert run_cli(["dump", new_case.root.name]) == 0
    out, err = capsys.readouterr()
    (new_case.root.parent / "here.json").write_text(out, encoding="utf-8")
    assert "allow-outside" not in err
    assert run_cli(["new", "First", "--title", "t", "--investigator", "T"]) == 0
    assert run_cli(["load", "First", "here.json"]) == 0
    # 2. from another folder the paths lead out: refused, then accepted with the flag
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert run_cli(["dump", str(new_case.root)]) == 0
    out, err = capsys.readouterr()
    assert "--allow-outside" in err
    (elsewhere / "there.json").write_text(out, encoding="utf-8")
    assert run_cli(["new", "Second", "--title", "t", "--investigator", "T"]) == 0
    assert run_cli(["load", "Second", "there.json"]) == 2
    assert "outside the JSON file's folder" in capsys.readouterr().err
    assert run_cli(["load", "Second", "there.json", "--allow-outside"]) == 0


# -- bounded input ----------------------------------------------------------------------------
@pytest.mark.parametrize(("mutate", "match"), [
    (lambda d: d["annotations"][0].__setitem__("number", 10**20),
     r"annotations\[0\]\.number: expected a whole number from 1 to"),
    (lambda d: d["photos"][0].__setitem__("file", "files/a\x00.jpg"),
     r"photos\[0\]\.file: contains a NUL"),
    (lambda d: d["claims"][0].__setitem__("statement", "bad \ud800 half"),
     r"claims\[0\]\.statement: contains an invalid character"),
    (lambda d: d["locations"][0].__setitem__("precision_m", 10**400),
     r"locations\[0\]\.precision_m"),
])
def test_out_of_range_values_are_one_sentence_and_change_nothing(
        new_case: CaseFile, tmp_path: Path, mutate: Any, match: str) -> None:
    doc = _valid(tmp_path)
    mutate(doc)
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="ascii")  # \ud800 travels as an escape
    refuse(new_case, path, match)


def test_a_document_nested_50000_levels_deep(new_case: CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"format": "fragment-case", "x": ' + "[" * 50_000 + "]" * 50_000 + "}",
                    encoding="utf-8")
    refuse(new_case, path, "nested")


# -- all or nothing -----------------------------------------------------------------------------
def test_a_write_that_fails_late_leaves_no_row_and_no_original(tmp_path: Path) -> None:
    """The database refuses the last insert (a trigger): the photo imported earlier in the
    same transaction is rolled back with it, and its stored original goes at the next open."""
    import sqlite3

    root = CaseFile.create(tmp_path / "Late", title="t", investigator="T").root
    with sqlite3.connect(root / "case.sqlite") as db:
        db.execute("CREATE TRIGGER refuse_links BEFORE INSERT ON link "
                   "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END")
    with CaseFile.open(root, investigator="T") as case:
        with pytest.raises(Exception, match="simulated write failure"):
            load_case(case, _write(tmp_path, _valid(tmp_path)))
        with case.read_session() as session:
            assert session.connection().exec_driver_sql(
                "SELECT COUNT(*) FROM photo").scalar() == 0
    with CaseFile.open(root, investigator="T"):
        assert not any((root / "originals").rglob("*.jpg"))


CHILD = """
import sys, time
from pathlib import Path
from desktop.core.casefile import CaseFile
from desktop.core.interchange import load as loader

def main():
    root, doc, marker = sys.argv[1:4]
    real_run = loader._Apply.run

    def run_then_pause(self, *args):
        real_run(self, *args)  # every row written, the transaction still open
        Path(marker).write_text("paused")
        time.sleep(600)

    loader._Apply.run = run_then_pause
    with CaseFile.open(root, investigator="T") as case:
        loader.load_case(case, Path(doc))

if __name__ == "__main__":
    main()
"""


@pytest.mark.skipif(os.name != "posix", reason="kill -9 of a process group is POSIX-only")
def test_kill_minus_9_during_load_leaves_nothing(tmp_path: Path) -> None:
    doc = _write(tmp_path, _valid(tmp_path))
    CaseFile.create(tmp_path / "Target", title="t", investigator="T").close()
    root = tmp_path / "Target.fragment"
    before = hashlib.sha256((root / "case.sqlite").read_bytes()).hexdigest()
    child = start_and_pause(tmp_path, CHILD, str(root), str(doc))
    assert any((root / "originals").rglob("*.jpg"))  # the original was stored first
    kill_group(child)
    with CaseFile.open(root, investigator="T") as case:
        report = verify_case(case)
        assert report.ok and report.checked == 0  # no photo row became visible
        assert not any((root / "originals").rglob("*.jpg"))  # and the orphan is gone
        with case.read_session() as session:
            tables = ("photo", "claim", "annotation", "link", "source", "location")
            counts = [session.connection().exec_driver_sql(
                f"SELECT COUNT(*) FROM {t}").scalar() for t in tables]
        assert counts == [0] * len(tables)
    assert before  # the database was valid before and is valid after (verify above)


# -- a fuzzer over the loader -----------------------------------------------------------------
BASE: dict[str, Any] = {
    "format": "fragment-case", "version": 1,
    "case": {"title": "Fuzzed", "description": ""},
    "sources": [{"key": "s1", "title": "Article", "published_on": "2021-03-19"}],
    "actors": [{"key": "a1", "name": "ANAMA", "kind": "agency"}],
    "claims": [{"key": "c1", "statement": "Iskander used", "actor": "a1", "source": "s1",
                "about_when": "2020-23", "status": "disputed"},
               {"key": "c2", "statement": "Not used", "claimed_on": "2021-03-17"}],
    "locations": [{"key": "l1", "coordinates": "39.7605833, 46.74275", "kind": "claimed",
                   "precision_m": 50, "aliases": ["Şuşa"]}],
    "links": [{"from": "c2", "to": "c1", "stance": "contradicts", "note": "denial"},
              {"from": "c1", "to": "l1", "relation": "about"}],
}

WEIRD = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["\x00", "\ud800", "../../etc/passwd", "/etc/hostname", "c1", "s1",
                     "l1", "a1", "9999-99-99", "", " ", "supports", "found_at"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                         max_size=2),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _mutate(doc: dict[str, Any], where: tuple[Any, ...], value: Any, delete: bool) -> None:
    if not where:
        return
    parent: Any = doc
    for step in where[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        parent.pop(where[-1], None)
    else:
        parent[where[-1]] = value


PLACES = _paths(BASE)


@pytest.fixture(scope="module")
def fuzz_case(tmp_path_factory: pytest.TempPathFactory) -> CaseFile:
    case = CaseFile.create(tmp_path_factory.mktemp("fuzz") / "Fuzz", title="fuzz",
                           investigator="T")
    yield case
    case.close()


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(mutations=st.lists(st.tuples(st.sampled_from(PLACES), WEIRD, st.booleans()),
                          min_size=1, max_size=3))
def test_every_mutated_document_loads_or_is_refused_in_one_line(
        fuzz_case: CaseFile, tmp_path_factory: pytest.TempPathFactory,
        mutations: list[tuple[tuple[Any, ...], Any, bool]]) -> None:
    doc = copy.deepcopy(BASE)
    for where, value, delete in mutations:
        try:
            _mutate(doc, where, value, delete)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the place
    folder = tmp_path_factory.mktemp("doc")
    path = folder / "doc.json"
    path.write_text(json.dumps(doc, allow_nan=True), encoding="ascii")
    before = fingerprint(fuzz_case)
    try:
        load_case(fuzz_case, path)
    except (UserError, ValidationError) as exc:
        assert "\n" not in str(exc)
        assert fingerprint(fuzz_case) == before
    else:
        assert verify_case(fuzz_case).ok
