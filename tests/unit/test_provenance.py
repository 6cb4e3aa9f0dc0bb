"""Photo provenance: the update verb, its undoable command, the checks and the photo DTOs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Photo
from db.models.enums import Acquisition
from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError, ValidationError
from desktop.core.ops.investigation_commands import DeleteSource, EditPhoto
from desktop.core.ops.photos import set_photo_provenance, update_photo
from desktop.core.ops.provenance import (
    import_provenance,
    parse_obtained_at,
    parse_original_url,
)
from desktop.core.ops.sources import create_source
from desktop.core.queries.photos import get_photo, list_photos, source_choices
from desktop.core.timefmt import format_utc
from desktop.core.verify import verify_case
from tests.unit.investigation_fixtures import add_photo, audit_count, case_state, last_audit

GOOD = {
    "taken_by": "ANAMA deminer", "provided_by": "ANAMA press office",
    "acquisition": "received", "original_url": "https://anama.gov.az/news/123",
    "obtained_at": "2021-03-16T10:15:00+04:00",
}


@pytest.fixture
def photo(new_case: CaseFile, tmp_path: Path) -> int:
    return add_photo(new_case, tmp_path)


@pytest.fixture
def source(new_case: CaseFile) -> int:
    source_id, _ = create_source(new_case, title="ANAMA press release")
    return source_id


def _row(case: CaseFile, photo_id: int) -> Photo:
    with case.read_session() as session:
        row = session.get(Photo, photo_id)
        assert row is not None
        return row


def test_obtained_at_is_stored_in_utc() -> None:
    moment = parse_obtained_at("2021-03-16T10:15:00+04:00")
    assert moment == datetime(2021, 3, 16, 6, 15, tzinfo=UTC)
    assert moment.utcoffset() == timedelta(0)
    assert parse_obtained_at("2021-03-16T06:15:00Z") == moment
    assert parse_obtained_at("") is None and parse_obtained_at(None) is None
    assert format_utc(moment) == "2021-03-16T06:15:00Z"


@pytest.mark.parametrize("text, words", [
    ("2021-03-16T10:15:00", "needs a time zone"),
    ("2021-03-16", "needs a time zone"),
    ("16/03/2021 10:15", "is not an ISO 8601 time"),
    ("yesterday", "is not an ISO 8601 time"),
])
def test_obtained_at_refuses_naive_or_unreadable_times(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_obtained_at(text)
    message = str(err.value)
    assert words in message
    assert message.count(".") <= 2 and "\n" not in message  # one sentence


def test_obtained_at_refuses_the_future() -> None:
    later = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    with pytest.raises(ValidationError, match="is in the future"):
        parse_obtained_at(later)


@pytest.mark.parametrize("url", ["https://t.me/anama/123", "http://example.org/a b",
                                 "ftp://example.org/x", "javascript:alert(1)", "example.org",
                                 "https://"])
def test_original_url_must_be_http_or_https(url: str) -> None:
    if url == "https://t.me/anama/123":
        assert parse_original_url(url) == url
        return
    with pytest.raises(ValidationError):
        parse_original_url(url)


def test_update_records_one_audit_event_with_before_and_after(
        new_case: CaseFile, photo: int, source: int) -> None:
    before = audit_count(new_case)
    changes = update_photo(new_case, photo_id=photo, **GOOD, source_id=source)
    assert changes.touches("photo")
    assert audit_count(new_case) == before + 1
    event = last_audit(new_case)
    assert event.action == "photo.update"
    assert event.details["before"]["acquisition"] == "unknown"
    assert event.details["after"]["acquisition"] == "received"
    assert event.details["after"]["obtained_at"].startswith("2021-03-16T06:15:00")
    assert event.details["after"]["source_id"] == source
    row = _row(new_case, photo)
    assert row.acquisition is Acquisition.RECEIVED
    assert row.obtained_at == datetime(2021, 3, 16, 6, 15, tzinfo=UTC)
    assert verify_case(new_case).ok


@pytest.mark.parametrize("bad", [
    {"original_url": "ftp://example.org/photo.jpg"},
    {"obtained_at": "2021-03-16T10:15:00"},
    {"obtained_at": "2999-01-01T00:00:00Z"},
    {"source_id": 999},
    {"acquisition": "stolen"},
    {"taken_by": "ok", "obtained_at": "not a time"},  # one bad field refuses the whole edit
])
def test_bad_provenance_changes_nothing(new_case: CaseFile, photo: int, bad: dict) -> None:
    state, events = case_state(new_case), audit_count(new_case)
    with pytest.raises(UserError):
        set_photo_provenance(new_case, photo_id=photo, **bad)
    assert case_state(new_case) == state
    assert audit_count(new_case) == events


def test_set_photo_provenance_refuses_other_fields(new_case: CaseFile, photo: int) -> None:
    with pytest.raises(UserError, match="cannot edit notes"):
        set_photo_provenance(new_case, photo_id=photo, notes="x")


def test_edit_photo_command_undo_redo(new_case: CaseFile, photo: int, source: int) -> None:
    update_photo(new_case, photo_id=photo, notes="keep me")
    command = EditPhoto(photo, {**GOOD, "source_id": source})
    assert command.text == "Edit photo provenance"
    command.redo(new_case)
    assert _row(new_case, photo).provided_by == "ANAMA press office"
    command.undo(new_case)
    row = _row(new_case, photo)
    assert (row.provided_by, row.acquisition, row.obtained_at, row.source_id) == (
        "", Acquisition.UNKNOWN, None, None)
    assert row.notes == "keep me"
    command.redo(new_case)
    assert _row(new_case, photo).source_id == source
    assert verify_case(new_case).ok


def test_deleting_the_source_detaches_it_and_undo_reattaches(
        new_case: CaseFile, photo: int, source: int) -> None:
    set_photo_provenance(new_case, photo_id=photo, source_id=source)
    delete = DeleteSource(source)
    delete.redo(new_case)
    assert _row(new_case, photo).source_id is None
    delete.undo(new_case)
    assert _row(new_case, photo).source_id == source
    assert verify_case(new_case).ok


def test_photo_dtos_carry_provenance(new_case: CaseFile, photo: int, source: int) -> None:
    with new_case.read_session() as session:
        blank = get_photo(session, photo)
    assert blank is not None
    assert blank.provenance_json() == {
        "taken_by": "", "provided_by": "", "acquisition": "unknown", "original_url": "",
        "obtained_at": None, "source": None}
    set_photo_provenance(new_case, photo_id=photo, **GOOD, source_id=source)
    with new_case.read_session() as session:
        (info,) = list_photos(session)
        choices = source_choices(session)
    assert info.acquisition == "received"
    assert info.source_label == "S1" and info.source_title == "ANAMA press release"
    data = info.as_json()["provenance"]
    assert data["obtained_at"] == "2021-03-16T06:15:00Z"
    assert data["source"] == {"id": source, "label": "S1", "title": "ANAMA press release"}
    assert [c.text for c in choices] == ["S1 — ANAMA press release"]


def test_import_provenance_names_the_option(new_case: CaseFile, source: int) -> None:
    values = import_provenance(new_case, provided_by="ANAMA", acquisition="received",
                               source="s1", obtained_at="2021-03-16T06:15:00Z")
    assert values["source_id"] == source
    assert values["acquisition"] is Acquisition.RECEIVED
    assert import_provenance(new_case, source=str(source))["source_id"] == source
    for kwargs, option in (({"source": "S9"}, "--source"), ({"source": "x"}, "--source"),
                           ({"url": "mailto:a@b"}, "--url"),
                           ({"obtained_at": "2021-03-16"}, "--obtained-at"),
                           ({"acquisition": "bought"}, "--acquisition")):
        with pytest.raises(ValidationError) as err:
            import_provenance(new_case, **kwargs)
        assert str(err.value).startswith(f"{option}: ")


def test_stored_rows_match_their_audited_state_after_edits(
        new_case: CaseFile, photo: int, source: int) -> None:
    set_photo_provenance(new_case, photo_id=photo, **GOOD, source_id=source)
    set_photo_provenance(new_case, photo_id=photo, obtained_at="", original_url="")
    with new_case.read_session() as session:
        row = session.scalar(select(Photo).where(Photo.id == photo))
        assert row is not None and row.obtained_at is None
    assert verify_case(new_case).ok
