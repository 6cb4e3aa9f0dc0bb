"""Markings: normalisation tables, catalog matching, ``?``, suffixes, user entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, CatalogEntry
from desktop.core.catalog import default_catalog, parse_catalog_document, read_catalog_file
from desktop.core.errors import UserError, ValidationError
from desktop.core.markings import Catalog, CatalogItem, display_marking, normalize_marking
from desktop.core.ops.catalog import (
    AddCatalogEntryCommand,
    DeleteCatalogEntryCommand,
    add_catalog_entry,
    delete_catalog_entry,
    export_catalog,
    import_catalog,
)
from desktop.core.queries.catalog import case_catalog
from desktop.core.resources import resource_path

# Cyrillic capital and small letter -> the Latin capital they fold to.
CYRILLIC_TABLE = [
    ("М", "M"), ("м", "M"), ("Х", "X"), ("х", "X"), ("К", "K"), ("к", "K"),
    ("Н", "H"), ("н", "H"), ("А", "A"), ("а", "A"), ("Е", "E"), ("е", "E"),
    ("О", "O"), ("о", "O"), ("Р", "P"), ("р", "P"), ("С", "C"), ("с", "C"),
    ("Т", "T"), ("т", "T"), ("В", "B"), ("в", "B"),
]


@pytest.mark.parametrize(("cyrillic", "latin"), CYRILLIC_TABLE)
def test_each_cyrillic_lookalike_folds_to_latin(cyrillic: str, latin: str) -> None:
    assert normalize_marking(cyrillic) == latin
    assert normalize_marking(latin.lower()) == latin
    assert normalize_marking(f"9{cyrillic}7").isascii()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("9М723", "9M723"),  # Cyrillic М
        ("9M723", "9M723"),
        ("9m723", "9M723"),
        ("9 M 723", "9M723"),
        ("9М-723", "9M723"),
        ("9M\u2011723", "9M723"),  # non-breaking hyphen
        ("9M–723", "9M723"),  # en dash
        ("9M—723", "9M723"),  # em dash
        ("9M−723", "9M723"),  # minus sign
        ("9M\u00a0723", "9M723"),  # no-break space
        ("９Ｍ７２３", "9M723"),  # full width (NFKC)
        ("Х-101", "X101"),  # Cyrillic Х
        ("X-101", "X101"),
        ("Kh-101", "X101"),
        ("KH 101", "X101"),
        ("kh101", "X101"),
        ("Х-47М2", "X47M2"),
        ("9M79-1", "9M791"),
        ("9М72?", "9M72?"),
        ("", ""),
        ("  -- ", ""),
    ],
)
def test_normalisation_table(text: str, key: str) -> None:
    assert normalize_marking(text) == key


def test_shipped_catalog_has_every_starter_entry_with_a_citation() -> None:
    catalog = default_catalog()
    expected = {
        "9M723", "9M728", "9M729", "9M79", "9M79M", "9M79-1", "9M55K", "9M55F", "9M528",
        "9M55K1", "9N235", "9M27K", "9M27F", "9M22U", "9M28F", "9M38", "9M38M1", "9M317",
        "48N6", "5V55", "3M14", "Kh-101", "Kh-22", "Kh-47M2", "Kh-59", "9M133", "9M111",
        "9M113", "9M14", "Shahed-136", "M30", "M31", "MGM-140",
    }
    assert {item.code for item in catalog} == expected
    for item in catalog:
        assert item.system and item.category and item.origin and item.description
        assert "https://" in item.citation, item.code
        assert not item.user
    assert default_catalog() is default_catalog()  # cached


def test_shipped_catalog_matches_its_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (a test extra) is missing")
    schema = json.loads(resource_path("catalog", "catalog.schema.json").read_text("utf-8"))
    doc = json.loads(resource_path("catalog", "catalog.json").read_text("utf-8"))
    jsonschema.validate(doc, schema)


@pytest.mark.parametrize(
    ("reading", "codes", "exact"),
    [
        ("9М723", ["9M723"], True),
        ("9m-723", ["9M723"], True),
        ("9M723K1", ["9M723"], False),  # unknown suffix: prefix match, marked as such
        ("9M723-1", ["9M723"], False),
        ("9M79-1", ["9M79-1"], True),  # a known suffixed code is exact, not a prefix
        ("9M79M", ["9M79M"], True),
        ("9M79", ["9M79"], True),
        ("9M55K1", ["9M55K1"], True),
        ("9M55K5", ["9M55K"], False),
        ("Х-101", ["Kh-101"], True),
        ("x 22", ["Kh-22"], True),
        ("Kh-47M2", ["Kh-47M2"], True),
        ("Герань-2", ["Shahed-136"], True),
        ("GERAN-2", ["Shahed-136"], True),
        ("R-500", ["9M728"], True),
        ("M30A1", ["M30"], False),
        ("MGM-140", ["MGM-140"], True),
    ],
)
def test_match(reading: str, codes: list[str], exact: bool) -> None:
    matches = default_catalog().match(reading)
    assert [m.code for m in matches] == codes
    assert all(m.exact is exact for m in matches)


def test_question_mark_returns_every_candidate() -> None:
    catalog = default_catalog()
    assert [m.code for m in catalog.match("9M72?")] == ["9M723", "9M728", "9M729"]
    assert [m.code for m in catalog.match("9М7?3")] == ["9M723"]
    assert {m.code for m in catalog.match("9M?")} == set()  # no three-character 9M code
    assert {m.code for m in catalog.match("9M1??")} == {"9M111", "9M113", "9M133"}
    assert {m.code for m in catalog.match("9M79?")} == {"9M79M", "9M79-1"}
    assert catalog.match("?????") == []  # nothing readable: no guess


@pytest.mark.parametrize("reading", ["", "   ", "12345", "2020", "lot 27", "9M7", "A"])
def test_non_codes_match_nothing(reading: str) -> None:
    assert default_catalog().match(reading) == []


def test_match_carries_the_entry_facts() -> None:
    (m,) = default_catalog().match("9М723")
    assert m.system.startswith("Iskander")
    assert m.origin == "Russia"
    assert "wikipedia.org" in m.citation
    d = m.to_dict()
    assert d["code"] == "9M723" and d["exact"] is True and d["system"] == m.system


def test_with_entries_adds_and_overrides() -> None:
    base = default_catalog()
    extra = CatalogItem(code="9М723", system="Corrected system", user=True)
    new = CatalogItem(code="ZZ-9", system="Test system", aliases=("ZZ9X",), user=True)
    merged = base.with_entries([extra, new])
    assert len(merged) == len(base) + 1
    assert [m.system for m in merged.match("9M723")] == ["Corrected system"]
    assert merged.match("9M723")[0].user
    assert [m.code for m in merged.match("zz 9x")] == ["ZZ-9"]
    assert len(base) == len(Catalog(base.items))  # the original is untouched
    assert base.match("9M723")[0].system.startswith("Iskander")


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        ([], ""),
        ({"format": "x", "version": 1, "entries": []}, "format"),
        ({"format": "fragment-catalog", "version": 2, "entries": []}, "version"),
        ({"format": "fragment-catalog", "version": 1, "entries": {}}, "entries"),
        ({"format": "fragment-catalog", "version": 1, "entries": [{"code": "A1"}]},
         "entries[0].system"),
        ({"format": "fragment-catalog", "version": 1,
          "entries": [{"code": "A1", "system": "s"}, {"code": "A?", "system": "s"}]},
         "entries[1].code"),
        ({"format": "fragment-catalog", "version": 1,
          "entries": [{"code": "A1", "system": "s"}, {"code": "a-1", "system": "t"}]},
         "entries[1]"),
        ({"format": "fragment-catalog", "version": 1,
          "entries": [{"code": "A1", "system": "s", "colour": "red"}]}, "entries[0].colour"),
        ({"format": "fragment-catalog", "version": 1,
          "entries": [{"code": "A1", "system": "s", "aliases": "B1"}]}, "entries[0].aliases"),
        ({"format": "fragment-catalog", "version": 1,
          "entries": [{"code": "A1", "system": 5}]}, "entries[0].system"),
    ],
)
def test_bad_catalog_documents_name_the_path(doc: object, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_catalog_document(doc)
    assert info.value.path == path


def test_reading_a_broken_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError, match="not valid JSON"):
        read_catalog_file(bad)
    with pytest.raises(ValidationError, match="cannot read"):
        read_catalog_file(tmp_path / "missing.json")


def _count(case, model) -> int:  # type: ignore[no-untyped-def]
    with case.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def test_user_entries_in_a_case(new_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    events = _count(new_case, AuditEvent)
    changes = add_catalog_entry(new_case, code="ZZ-9", system="Test rocket",
                                category="rocket", aliases=["ЗЗ-9"])
    assert changes.touches("catalog_entry") and len(changes.created) == 1
    assert _count(new_case, AuditEvent) == events + 1
    with new_case.read_session() as s:
        catalog = case_catalog(s)
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "catalog_entry.create"
    assert event.details["after"]["code"] == "ZZ-9"
    assert [m.code for m in catalog.match("zz9")] == ["ZZ-9"]
    assert catalog.match("zz9")[0].user
    assert catalog.match("9M723")  # the shipped entries are still there

    with pytest.raises(ValidationError, match="already used"):
        add_catalog_entry(new_case, code="zz 9", system="Duplicate")
    with pytest.raises(ValidationError) as info:
        add_catalog_entry(new_case, code="ZZ-10", system="  ")
    assert info.value.path == "system"
    assert _count(new_case, CatalogEntry) == 1

    out = tmp_path / "mine.json"
    assert export_catalog(new_case, out) == 1
    exported = read_catalog_file(out)
    assert [i.code for i in exported] == ["ZZ-9"] and exported[0].aliases == ("ЗЗ-9",)

    delete_catalog_entry(new_case, code="zz-9")
    assert _count(new_case, CatalogEntry) == 0
    with pytest.raises(UserError, match="no catalog entry"):
        delete_catalog_entry(new_case, code="ZZ-9")

    changes = import_catalog(new_case, out)
    assert len(changes.created) == 1
    assert not import_catalog(new_case, out)  # identical: nothing to do
    with new_case.read_session() as s:
        assert case_catalog(s).match("ZZ-9")[0].category == "rocket"


def test_import_updates_changed_entries_and_is_all_or_nothing(new_case, tmp_path: Path
                                                              ) -> None:  # type: ignore[no-untyped-def]
    add_catalog_entry(new_case, code="ZZ-9", system="Old")
    good = {"format": "fragment-catalog", "version": 1, "entries": [
        {"code": "ZZ-9", "system": "New"}, {"code": "YY-1", "system": "Other"}]}
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    changes = import_catalog(new_case, path)
    assert len(changes.created) == 1 and len(changes.updated) == 1
    with new_case.read_session() as s:
        assert case_catalog(s).get("ZZ-9").system == "New"

    events = _count(new_case, AuditEvent)
    bad = {"format": "fragment-catalog", "version": 1, "entries": [
        {"code": "XX-1", "system": "Fine"}, {"code": "WW-1", "system": ""}]}
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        import_catalog(new_case, path)
    assert info.value.path == "entries[1].system"
    clash = {"format": "fragment-catalog", "version": 1, "entries": [
        {"code": "XX-1", "system": "Fine"}, {"code": "QQ-1", "system": "s", "aliases": ["YY1"]}]}
    path.write_text(json.dumps(clash), encoding="utf-8")
    with pytest.raises(ValidationError, match="already used"):
        import_catalog(new_case, path)
    assert _count(new_case, CatalogEntry) == 2
    assert _count(new_case, AuditEvent) == events


def test_catalog_commands_undo_and_redo(new_case) -> None:  # type: ignore[no-untyped-def]
    add = AddCatalogEntryCommand({"code": "ZZ-9", "system": "Test"})
    add.redo(new_case)
    assert _count(new_case, CatalogEntry) == 1
    add.undo(new_case)
    assert _count(new_case, CatalogEntry) == 0
    add.redo(new_case)
    delete = DeleteCatalogEntryCommand("ZZ-9")
    delete.redo(new_case)
    assert _count(new_case, CatalogEntry) == 0
    delete.undo(new_case)
    with new_case.read_session() as s:
        assert case_catalog(s).get("zz9").system == "Test"


@pytest.mark.parametrize(
    ("stencil", "code"),
    [("9Н235", "9N235"), ("48Н6", "48N6"), ("5В55", "5V55"), ("Р-500", "9M728"),
     ("9H235", "9N235")],
)
def test_cyrillic_letters_transliterated_in_the_catalog_still_match(stencil: str, code: str
                                                                    ) -> None:
    # Н, В, Р look like H, B, P but are written N, V, R in Latin references.
    assert [m.code for m in default_catalog().match(stencil)] == [code]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("9Н235", "9N235"),  # Cyrillic Н reads N, not its look-alike H
        ("9м723", "9M723"),
        ("Х-101", "Kh-101"),
        ("Х 22", "Kh22"),
        ("KH–101", "Kh-101"),
        ("5В55", "5V55"),
        ("С-300", "S-300"),
        ("Р-500", "R-500"),
        ("Герань-2", "GERAN-2"),
        ("ШАХЕД-136", "SHAKHED-136"),
        ("9 M 723", "9M723"),
        ("9М72?", "9M72?"),
        ("9H235", "9H235"),  # Latin as typed
    ],
)
def test_markings_are_shown_transliterated(text: str, shown: str) -> None:
    assert display_marking(text) == shown


@pytest.mark.parametrize("typed", ["9Н235", "9H235", "9N235", "9н235", "9 Н 235"])
def test_folding_still_matches_what_people_type(typed: str) -> None:
    assert [m.code for m in default_catalog().match(typed)] == ["9N235"]
