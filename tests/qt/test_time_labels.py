"""The Photo Metadata panel and the photo tooltip say which clock a time was read on."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool

from desktop.core.ingest import import_paths
from desktop.core.queries.photos import list_photos
from desktop.qt.item_models.photo_model import PhotoModel
from desktop.qt.item_models.thumbnails import ThumbnailLoader
from desktop.qt.jobs import JobRunner
from desktop.qt.panels.metadata_panel import MetadataPanel
from tests.qt.panels_helpers import panel_ctx  # noqa: F401
from tests.unit.test_times import photo_with_times


def test_metadata_and_tooltip_say_camera_time_and_utc(qtbot, panel_ctx, tmp_path) -> None:  # noqa: F811
    folder = tmp_path / "in"
    folder.mkdir()
    photo_with_times(folder / "zoned.jpg", original="2021:03:15 10:42:07",
                     offset_original="+04:00")
    photo_with_times(folder / "plain.jpg", original="2021:03:16 09:00:00", color=(20, 40, 60))
    import_paths(panel_ctx.case, [folder])
    with panel_ctx.case.read_session() as session:
        photos = {p.file_name: p for p in list_photos(session)}
    panel = MetadataPanel(panel_ctx)
    qtbot.addWidget(panel)
    panel.resize(420, 420)
    panel.show()
    panel.show_photo(photos["zoned.jpg"].id)
    assert panel.labels["taken"].text() == "2021-03-15 10:42:07 (camera time, UTC+04:00)"
    imported = panel.labels["imported"].text()
    assert imported.split(" · ")[0].endswith(" UTC") and imported.count(":") == 2
    panel.grab().save("/tmp/defects-shot-metadata.png")
    panel.show_photo(photos["plain.jpg"].id)
    assert panel.labels["taken"].text() == "2021-03-16 09:00:00 (camera time, zone unknown)"

    model = PhotoModel(ThumbnailLoader(JobRunner(QThreadPool.globalInstance())))
    model.set_photos(list(photos.values()))
    tips = [model.index(r).data(Qt.ItemDataRole.ToolTipRole) for r in range(2)]
    assert any("Taken 2021-03-15 10:42:07 (camera time, UTC+04:00)" in t for t in tips)


def test_edtf_dates_are_shown_in_words() -> None:
    from desktop.qt.time_text import edtf_label

    assert edtf_label("2020-23") == "autumn 2020"
    assert edtf_label("2021-03-15") == "15 March 2021"
    assert edtf_label("2020-11") == "November 2020"
    assert edtf_label("2020-09-27/2020-11-10") == "27 September 2020 – 10 November 2020"
    assert edtf_label("2021~") == "about 2021"
    assert edtf_label("2021-03?") == "March 2021 (uncertain)"
    assert edtf_label("../2020-11-10") == "open start – 10 November 2020"
    assert edtf_label("201X") == "201X"  # what it cannot word is shown as written
    assert edtf_label("") == ""
