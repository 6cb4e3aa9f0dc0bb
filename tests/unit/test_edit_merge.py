"""Issue 11: an edit from a form that showed an older version is merged field by field with
what someone else changed since, and refused only when both changed the same field: with
two investigators' real sessions, on SQLite (one writer at a time: the case is closed and
opened again between them) and on a PostgreSQL team case (both open at once)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.errors import ConflictError
from desktop.core.ops.actors import create_actor, update_actor
from desktop.core.ops.annotation_commands import EditAnnotation
from desktop.core.ops.annotations import create_annotation, update_annotation
from desktop.core.ops.claims import create_claim, update_claim
from desktop.core.ops.investigation_commands import (
    EditActor,
    EditClaim,
    EditLocation,
    EditPhoto,
    EditSource,
)
from desktop.core.ops.locations import create_location, update_location
from desktop.core.ops.photos import set_photo_provenance
from desktop.core.ops.sources import create_source, update_source
from desktop.core.queries.investigation import (
    get_annotation,
    get_claim,
    list_actors,
    list_locations,
    list_sources,
)
from desktop.core.queries.photos import get_photo
from desktop.core.verify import verify_case
from tests.unit.investigation_fixtures import add_photo, audit_count, case_state
from tests.unit.test_postgres import pg_url  # noqa: F401  (the team-case fixture)

Opener = Callable[[str], AbstractContextManager[CaseFile]]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def team(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens the case as one investigator or another (``team("Ana")``)."""
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    CaseFile.create(tmp_path / "Case", title="t", investigator="Boris",
                    database_url=url).close()

    @contextmanager
    def open_as(who: str) -> Iterator[CaseFile]:
        with CaseFile.open(tmp_path / "Case.fragment", investigator=who) as case:
            yield case

    yield open_as


def test_an_edit_of_another_field_is_merged_and_undo_restores_what_was_shown(
        team: Opener) -> None:
    with team("Boris") as boris:
        claim_id, _ = create_claim(boris, statement="Iskanders were used")
        form = boris.read(get_claim, claim_id)  # Boris's form shows version 1
    assert form is not None and form.version == 1
    with team("Ana") as ana:
        update_claim(ana, claim_id=claim_id, status="disputed")
    with team("Boris") as boris:
        events = audit_count(boris)
        edit = EditClaim(claim_id, {"note": "serials checked"},
                         expected_version=form.version, shown={"note": form.note})
        edit.redo(boris)
        now = boris.read(get_claim, claim_id)
        assert now is not None and (now.note, now.status) == ("serials checked", "disputed")
        assert now.version == 3 and audit_count(boris) == events + 1  # one event, one bump
        assert edit.notice.startswith("claim C1: your change of the note was merged with "
                                      "Ana's change of the status (at ")
        assert edit.notice.endswith("UTC), made since it was shown here")
        edit.undo(boris)  # what Boris saw before his edit, Ana's change kept
        back = boris.read(get_claim, claim_id)
        assert back is not None and (back.note, back.status) == ("", "disputed")
        edit.redo(boris)
        assert boris.read(get_claim, claim_id).note == "serials checked"  # type: ignore[union-attr]
        assert verify_case(boris).ok


def test_the_same_field_changed_by_both_is_refused_naming_it_and_who(team: Opener) -> None:
    with team("Boris") as boris:
        claim_id, _ = create_claim(boris, statement="Iskanders were used")
        form = boris.read(get_claim, claim_id)
    assert form is not None
    with team("Ana") as ana:
        update_claim(ana, claim_id=claim_id, note="from a Tochka", status="refuted")
    with team("Boris") as boris:
        before, events = case_state(boris), audit_count(boris)
        edit = EditClaim(claim_id, {"note": "serials checked"},
                         expected_version=form.version, shown={"note": form.note})
        with pytest.raises(ConflictError, match=r"^claim C1 was changed by Ana at \S+ \S+ UTC "
                                                r"\(note\) since it was shown here, to another "
                                                r"value than yours; your edit was not saved"):
            edit.redo(boris)
        assert case_state(boris) == before and audit_count(boris) == events
        # the same value typed by both is no conflict, and nothing needs writing
        same = EditClaim(claim_id, {"note": "from a Tochka"},
                         expected_version=form.version, shown={"note": form.note})
        same.redo(boris)
        assert case_state(boris) == before and audit_count(boris) == events
        assert same.notice.startswith("claim C1: Ana's change (at ")
        assert same.notice.endswith("already gave the note your value; nothing else needed "
                                    "saving")
        assert verify_case(boris).ok


def _read(case: CaseFile, kind: str, object_id: int) -> Any:
    queries = {"photo": lambda: case.read(get_photo, object_id),
               "annotation": lambda: case.read(get_annotation, object_id),
               "source": lambda: case.read(list_sources)[0],
               "actor": lambda: case.read(list_actors)[0],
               "location": lambda: case.read(list_locations)[0]}
    return queries[kind]()


def test_every_kind_of_form_merges_and_refuses_the_same_way(team: Opener,
                                                             tmp_path: Path) -> None:
    with team("Boris") as boris:
        photo_id = add_photo(boris, tmp_path)
        ids = {"photo": photo_id,
               "annotation": create_annotation(boris, photo_id=photo_id, shape_type="point",
                                               geometry={"x": 1, "y": 1})[0],
               "source": create_source(boris, title="ANAMA statement")[0],
               "actor": create_actor(boris, name="ANAMA")[0],
               "location": create_location(boris, coordinates="39.76, 46.74")[0]}
        shown = {kind: _read(boris, kind, i) for kind, i in ids.items()}
    with team("Ana") as ana:  # Ana changes one field of each
        set_photo_provenance(ana, photo_id=photo_id, provided_by="ANAMA press office")
        update_annotation(ana, annotation_id=ids["annotation"], transcription="9M723")
        update_source(ana, source_id=ids["source"], publisher="APA")
        update_actor(ana, actor_id=ids["actor"], affiliation="Azerbaijan")
        update_location(ana, location_id=ids["location"], name="Shusha")
    s = shown

    def edits(field: dict[str, tuple[str, str]]) -> list[Any]:
        """Boris's edit of one field per kind, made from his old forms."""
        def one(kind: str) -> tuple[str, Any, dict[str, Any]]:
            key, value = field[kind]
            return key, value, {key: getattr(s[kind], key)}
        k, v, w = one("photo")
        photo = EditPhoto(photo_id, {k: v}, w, expected_version=s["photo"].version, shown=w)
        k, v, w = one("annotation")
        annotation = EditAnnotation(ids["annotation"], w, {k: v},
                                    expected_version=s["annotation"].version, shown=w)
        k, v, w = one("source")
        source = EditSource(ids["source"], {k: v}, expected_version=s["source"].version,
                            shown=w)
        k, v, w = one("actor")
        actor = EditActor(ids["actor"], {k: v}, expected_version=s["actor"].version, shown=w)
        k, v, w = one("location")
        location = EditLocation(ids["location"], {k: v},
                                expected_version=s["location"].version, shown=w)
        return [photo, annotation, source, actor, location]

    with team("Boris") as boris:
        before = case_state(boris)
        clashing = edits({"photo": ("provided_by", "a neighbour"),
                          "annotation": ("transcription", "9M728"),
                          "source": ("publisher", "Reuters"),
                          "actor": ("affiliation", "Armenia"),
                          "location": ("name", "Stepanakert")})
        for edit in clashing:
            with pytest.raises(ConflictError, match=r"by Ana at .* since it was shown here, "
                                                    r"to another value than yours"):
                edit.redo(boris)
        assert case_state(boris) == before
        disjoint = edits({"photo": ("taken_by", "a deminer"),
                          "annotation": ("notes", "stencilled"),
                          "source": ("notes", "video at 0:41"),
                          "actor": ("name", "ANAMA (agency)"),
                          "location": ("note", "second impact")})
        for edit in disjoint:
            edit.redo(boris)
            assert "was merged with Ana's change of the " in edit.notice
        assert _read(boris, "photo", photo_id).provided_by == "ANAMA press office"
        assert _read(boris, "photo", photo_id).taken_by == "a deminer"
        annotation = _read(boris, "annotation", ids["annotation"])
        assert (annotation.transcription, annotation.notes) == ("9M723", "stencilled")
        source = _read(boris, "source", ids["source"])
        assert (source.publisher, source.notes) == ("APA", "video at 0:41")
        actor = _read(boris, "actor", ids["actor"])
        assert (actor.affiliation, actor.name) == ("Azerbaijan", "ANAMA (agency)")
        location = _read(boris, "location", ids["location"])
        assert (location.name, location.note) == ("Shusha", "second impact")
        for edit in reversed(disjoint):
            edit.undo(boris)
        after_undo = case_state(boris)
        for table in ("annotation", "source", "actor", "location"):
            assert [{k: v for k, v in r.items() if k != "version"} for r in after_undo[table]] \
                == [{k: v for k, v in r.items() if k != "version"} for r in before[table]]
        assert verify_case(boris).ok
