"""Videos in the window: imported through the Import dialog, shown with a poster in the
Photos panel, and a frame picked, stepped to with keys, jumped to by time code and saved as
a photo whose provenance ``verify`` checks by decoding it again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core.queries.videos import frame_of_photo
from desktop.core.verify import verify_case
from desktop.core.video import extract_frame
from desktop.core.videos import add_videos
from desktop.qt.item_models.photo_model import PhotoRole
from tests.unit.test_video import make_video


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_video(tmp_path_factory.mktemp("clips") / "sighting.mp4")


def _import(qtbot, window, paths: list[Path]):  # type: ignore[no-untyped-def]
    dialog = window.start_import(paths)
    with qtbot.waitSignal(dialog.finished_import, timeout=120000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    return dialog


def test_videos_are_imported_with_photos_and_shown_with_a_poster(qtbot, window, clip, corpus,  # type: ignore[no-untyped-def]
                                                                 tmp_path) -> None:
    junk = tmp_path / "forwarded.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 400)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(clip.read_bytes()[: clip.stat().st_size // 2])
    dialog = _import(qtbot, window, [corpus / "jpg" / "gps" / "DSCN0010.jpg", clip, junk, cut])
    assert dialog.label.text() == ("1 photo imported; 1 video added; "
                                   "2 videos could not be read.")
    rows = {dialog.details.topLevelItem(g).child(i).text(0): dialog.details.topLevelItem(g)
            .child(i).text(1)
            for g in range(dialog.details.topLevelItemCount())
            for i in range(dialog.details.topLevelItem(g).childCount())}
    assert rows[clip.parent.name + "/sighting.mp4"] == "video V1"
    for name in ("forwarded.mp4", "cut.mp4"):
        reason = rows[f"{tmp_path.name}/{name}"]
        assert reason.startswith(f"{name} is not a video Fragment can read")
        assert "Traceback" not in reason and reason.count(". ") == 0  # one sentence
    dialog.close()

    videos = window.browser.videos
    qtbot.waitUntil(videos.isVisible, timeout=20000)
    assert videos.title.text() == "Videos (1)"
    index = videos.model.index(0)
    qtbot.waitUntil(lambda: index.data(Qt.ItemDataRole.DecorationRole) is not None,
                    timeout=60000)
    poster = index.data(Qt.ItemDataRole.DecorationRole)
    assert (poster.width(), poster.height()) == (256, 192)  # 320 x 240, long side 256
    case = window.ctx.case
    assert list((case.derived_dir / "poster").rglob("*.jpg"))
    assert not [p for p in case.root.joinpath("originals").rglob("*") if "poster" in p.name]
    assert "0:03" in index.data(Qt.ItemDataRole.AccessibleTextRole)


def _picker(qtbot, window):  # type: ignore[no-untyped-def]
    videos = window.browser.videos
    qtbot.waitUntil(lambda: videos.model.rowCount() == 1, timeout=20000)
    rect = videos.list.visualRect(videos.model.index(0))
    qtbot.mouseClick(videos.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(videos.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    picker = next(w for w in QApplication.topLevelWidgets()
                  if type(w).__name__ == "FramePicker" and w.isVisible())
    qtbot.waitUntil(lambda: picker.shown is not None, timeout=60000)
    return picker


def _wait_frame(qtbot, picker, index: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: picker.shown is not None and picker.shown.index == index
                    and not picker._busy, timeout=60000)


def test_pick_step_jump_and_save_a_frame_that_verify_decodes_again(qtbot, window, clip) -> None:  # type: ignore[no-untyped-def]
    add_videos(window.ctx.case, [clip])
    window.browser.videos.refresh()
    picker = _picker(qtbot, window)
    assert picker.shown.index == 0
    assert picker.back.toolTip() == "Previous frame (Left or ,)"
    assert picker.forward.toolTip() == "Next frame (Right or .)"
    picker.slider.setFocus()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Period, Qt.Key.Key_Period,
                Qt.Key.Key_Comma):
        qtbot.keyClick(picker.slider, key)
    _wait_frame(qtbot, picker, 3)
    assert picker.shown.digest == extract_frame(clip, index=3).digest
    assert "Frame 3 (of 0–29) at 00:00:00.300, decoded exactly" in picker.position.text()
    qtbot.mouseClick(picker.forward, Qt.MouseButton.LeftButton)
    _wait_frame(qtbot, picker, 4)

    # a time code shows the frame on screen at that time; a whole number is a frame number
    picker.time_field.setFocus()
    qtbot.keyClicks(picker.time_field, "00:00:01.75")
    qtbot.keyClick(picker.time_field, Qt.Key.Key_Return)
    _wait_frame(qtbot, picker, 17)
    assert picker.shown.timecode == "00:00:01.700"
    picker.time_field.clear()
    qtbot.keyClicks(picker.time_field, "40")
    qtbot.keyClick(picker.time_field, Qt.Key.Key_Return)
    assert picker.message.text() == "V1 has frames 0 to 29."
    assert picker.shown.index == 17  # nothing else changed
    picker.time_field.clear()
    qtbot.keyClicks(picker.time_field, "12")
    qtbot.keyClick(picker.time_field, Qt.Key.Key_Return)
    _wait_frame(qtbot, picker, 12)
    picker.time_field.clear()
    qtbot.keyClicks(picker.time_field, "1.7")
    qtbot.keyClick(picker.time_field, Qt.Key.Key_Return)
    _wait_frame(qtbot, picker, 17)

    # Enter (outside the time field) saves the frame shown
    picker.slider.setFocus()
    with qtbot.waitSignal(picker.frame_saved, timeout=120000) as saved:
        qtbot.keyClick(picker.slider, Qt.Key.Key_Return)
    photo_id = saved.args[0]
    case = window.ctx.case
    frame, video = case.read(frame_of_photo, photo_id)
    assert (frame.index, video.label, frame.digest) == (17, "V1", picker.shown.digest)
    assert picker.message.text().startswith(
        "Saved P1: frame 17 at 00:00:01.700 of video V1 (SHA-256 ")
    # the new photo is selected in the browser, with its origin on its thumbnail
    browser = window.browser
    qtbot.waitUntil(lambda: browser.model.row_of(photo_id) >= 0
                    and browser.selected_photo_ids() == [photo_id], timeout=20000)

    def row():  # type: ignore[no-untyped-def]
        return browser.model.index(browser.model.row_of(photo_id))

    qtbot.waitUntil(lambda: row().data(PhotoRole.FRAME_OF) == "V1", timeout=20000)
    assert "frame 17 of V1" in row().data(Qt.ItemDataRole.ToolTipRole)
    report = verify_case(case)
    assert report.ok, report.problems
    assert "1 video frame(s) decoded again from their videos" in report.notes

    # Ctrl+S on the same frame: the photo is already there, and is selected again
    with qtbot.waitSignal(picker.frame_saved, timeout=120000) as again:
        qtbot.keyClick(picker, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert again.args[0] == photo_id
    assert picker.message.text() == "Frame 17 is already in the case as P1; it is selected."
    reader = picker.reader
    picker.close()
    assert reader is not None and not reader._process.is_alive()


def test_fast_scrubbing_leaves_no_backlog(qtbot, window, clip) -> None:  # type: ignore[no-untyped-def]
    add_videos(window.ctx.case, [clip])
    window.browser.videos.refresh()
    picker = _picker(qtbot, window)
    decoded: list[int] = []
    picker.frame_shown.connect(decoded.append)
    for value in range(1, 30):
        picker.slider.setValue(value)  # as a drag does: one request per position
    _wait_frame(qtbot, picker, 29)
    # the positions passed while one frame decoded were replaced by the newest
    assert len(decoded) < 10 and decoded[-1] == 29
    assert picker.shown.digest == extract_frame(clip, index=29).digest
    picker.close()


def test_pick_frame_without_a_video_says_so(qtbot, window, messages) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from desktop.qt.actions import ActionId

    messages.answer(QMessageBox.StandardButton.Ok)
    window.registry[ActionId.PICK_FRAME].trigger()
    assert messages[-1][1] == "This case has no video: import one first (Ctrl+I)."


def test_the_videos_section_and_the_picker_fit_at_1366x768(qtbot, window, clip) -> None:  # type: ignore[no-untyped-def]
    from tests.qt.layout_checks import layout_problems

    window.resize(1366, 768)
    add_videos(window.ctx.case, [clip])
    window.browser.videos.refresh()
    picker = _picker(qtbot, window)
    qtbot.waitUntil(lambda: not window.browser.videos.model.busy, timeout=60000)
    assert window.browser.videos.isVisible()
    assert layout_problems(window) == []
    picker.resize(1366, 768)
    picker.time_field.setText("29")
    picker.jump()
    _wait_frame(qtbot, picker, 29)
    assert layout_problems(picker) == []
    picker.close()


def test_a_video_damaged_after_import_is_one_sentence_in_the_picker(qtbot, window, clip) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.store import sha256_file

    case = window.ctx.case
    add_videos(case, [clip])
    stored = case.originals.path_for(sha256_file(clip), "mp4")
    stored.chmod(0o644)
    stored.write_bytes(b"\x00" * 4096)  # someone with file access overwrote it
    window.browser.videos.refresh()
    videos = window.browser.videos
    qtbot.waitUntil(lambda: videos.model.rowCount() == 1, timeout=20000)
    qtbot.waitUntil(lambda: bool(videos.model.failed), timeout=60000)
    assert "is not a video Fragment can read" in next(iter(videos.model.failed.values()))
    from desktop.qt.video_actions import open_frame_picker

    picker = open_frame_picker(window)
    qtbot.waitUntil(lambda: picker.position.text().startswith("This video cannot be shown"),
                    timeout=60000)
    assert "is not a video Fragment can read" in picker.position.text()
    assert "Traceback" not in picker.position.text()
    assert not picker.save_button.isEnabled()
    picker.close()
