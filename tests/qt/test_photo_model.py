"""The photo browser's model: sort, filter, badges, lazy thumbnails; and the browser."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from desktop.core.queries.photos import PhotoInfo
from desktop.qt.item_models.photo_model import PhotoModel, PhotoRole, SortKey
from desktop.qt.item_models.thumbnails import ThumbnailLoader
from desktop.qt.jobs import JobRunner


def photo(pid: int, name: str, taken: str | None, camera: str = "", gps: bool = False,
          flags: tuple[str, ...] = (), annotations: int = 0) -> PhotoInfo:
    """A photo DTO as the query returns it."""
    return PhotoInfo(
        id=pid, uid=f"u{pid}", label=f"P{pid}", sha256=f"{pid:064x}", file_name=name,
        source_path="",
        format="JPEG", ext="jpg", byte_size=1000, width=40, height=30, orientation=1,
        taken_at=taken, camera_make=camera or None, camera_model=None, lens=None,
        gps_lat=39.76 if gps else None, gps_lon=46.74 if gps else None, gps_alt=None,
        gps_direction=None, flags=flags, imported_at=datetime(2026, 1, 1, 0, 0, pid, tzinfo=UTC),
        imported_by="t", notes="", annotation_count=annotations,
    )


PHOTOS = [
    photo(1, "b_tail.jpg", "2021-03-15T10:00:00", "Canon", gps=True, annotations=2),
    photo(2, "a_motor.jpg", None, "Nikon", flags=("truncated",)),
    photo(3, "c_fin.jpg", "2020-11-01T09:00:00", "Canon"),
]


def _model(qtbot) -> PhotoModel:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QThreadPool

    runner = JobRunner(QThreadPool.globalInstance())
    model = PhotoModel(ThumbnailLoader(runner))
    model.set_photos(PHOTOS, {3: "9М723 9M723"})
    return model


def _names(model: PhotoModel) -> list[str]:
    return [model.photo_at(r).file_name for r in range(model.rowCount())]


def test_sort_by_import_date_taken_and_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = _model(qtbot)
    assert _names(model) == ["b_tail.jpg", "a_motor.jpg", "c_fin.jpg"]
    model.set_sort(SortKey.TAKEN)
    assert _names(model) == ["c_fin.jpg", "b_tail.jpg", "a_motor.jpg"]  # undated last
    model.set_sort(SortKey.NAME)
    assert _names(model) == ["a_motor.jpg", "b_tail.jpg", "c_fin.jpg"]


def test_filter_by_name_camera_and_transcription(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = _model(qtbot)
    model.set_filter("MOTOR")
    assert _names(model) == ["a_motor.jpg"]
    model.set_filter("canon")
    assert _names(model) == ["b_tail.jpg", "c_fin.jpg"]
    model.set_filter("9m723")
    assert _names(model) == ["c_fin.jpg"]
    model.set_filter("p2")  # the stored label
    assert _names(model) == ["a_motor.jpg"]
    model.set_filter("nothing like this")
    assert model.rowCount() == 0 and model.total() == 3
    model.set_filter("")
    assert model.rowCount() == 3


def test_badge_roles(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = _model(qtbot)
    first, second = model.index(0), model.index(1)
    assert first.data(PhotoRole.HAS_GPS) is True
    assert first.data(PhotoRole.ANNOTATIONS) == 2
    assert second.data(PhotoRole.FLAGS) == ("truncated",)
    assert "Has GPS position" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert model.row_of(3) == 2 and model.photo_at(2).id == 3
    # the browser names every photo by its label first
    assert first.data(Qt.ItemDataRole.DisplayRole) == "P1  b_tail.jpg"
    assert first.data(Qt.ItemDataRole.ToolTipRole).startswith("P1  b_tail.jpg")


def test_thumbnails_load_in_the_background_and_are_cached(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.qt.conftest import orientation6_photo
    from tests.qt.test_annotate_flow import _import

    paths = [orientation6_photo(tmp_path, f"p{i}.jpg") for i in range(3)]
    # Different bytes per file so none is a duplicate.
    for i, p in enumerate(paths):
        p.write_bytes(p.read_bytes() + bytes([i]))
    _import(qtbot, window, paths)
    model = window.browser.model
    assert model.rowCount() == 3
    loader = window.browser.thumbnails
    for row in range(3):
        model.data(model.index(row), Qt.ItemDataRole.DecorationRole)
    qtbot.waitUntil(lambda: all(loader.cached(model.photo_at(r).id) is not None
                                for r in range(3)), timeout=20000)
    pixmap = model.data(model.index(0), Qt.ItemDataRole.DecorationRole)
    assert pixmap.height() > pixmap.width()  # thumbnails are upright too (orientation 6)


def test_browser_selection_shows_the_photo_and_filter_counts(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.qt.conftest import orientation6_photo
    from tests.qt.test_annotate_flow import _import

    a = orientation6_photo(tmp_path, "alpha.jpg")
    b = orientation6_photo(tmp_path, "beta.jpg")
    b.write_bytes(b.read_bytes() + b"x")
    _import(qtbot, window, [a, b])
    browser = window.browser
    browser.select_row(browser.model.row_of(browser.model.photo_at(1).id))
    assert window.canvas.photo.file_name == browser.model.photo_at(1).file_name
    window._raise_dock("metadata")  # read when it comes on screen (a tab behind the Inspector)
    qtbot.waitUntil(lambda: window.metadata.labels["file"].text()
                    == window.canvas.photo.file_name, timeout=5000)
    browser.filter_box.setText("alpha")
    assert browser.count_label.text() == "1 of 2 photos"
    browser.filter_box.clear()
    browser.select_row(0)
    browser.step(1)
    assert window.canvas.photo.id == browser.model.photo_at(1).id


def test_rows_prepared_in_the_worker_fill_the_model_as_the_photos_do(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QThreadPool

    from desktop.qt.item_models.photo_model import prepare_rows

    rows = prepare_rows(list(reversed(PHOTOS)), {3: "9М723 9M723"})
    assert [p.id for p in rows.photos] == [1, 2, 3]  # imported order, whatever came in
    assert "9m723" in rows.haystacks[3] and "canon" in rows.haystacks[1]
    prepared = PhotoModel(ThumbnailLoader(JobRunner(QThreadPool.globalInstance())))
    prepared.set_rows(rows)
    model = _model(qtbot)
    for key in SortKey:
        for needle in ("", "canon", "9M723", "P2"):
            model.set_sort(key)
            model.set_filter(needle)
            prepared.set_sort(key)
            prepared.set_filter(needle)
            assert _names(prepared) == _names(model), (key, needle)
    prepared.set_filter("9m723")
    assert _names(prepared) == ["c_fin.jpg"]
