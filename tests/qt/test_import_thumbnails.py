"""The import dialog shows each photo's thumbnail as soon as its worker is done with it,
while the import is still running, and never a thumbnail for a file that is not a photo."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt


def test_thumbnails_appear_while_the_import_runs(qtbot, window, corpus, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("Canon_40D.jpg", "Fujifilm_FinePix_E500.jpg", "Kodak_CX7530.jpg"):
        shutil.copy(corpus / "jpg" / name, folder / name)
    (folder / "notes.txt").write_text("not a photo", encoding="utf-8")
    dialog = window.start_import([folder])
    assert dialog.thumbs.isHidden()
    while_running: list[bool] = []  # for each thumbnail shown: was the import still running?
    dialog.thumbs.model().rowsInserted.connect(
        lambda *_: while_running.append(dialog.report is None))
    with qtbot.waitSignal(dialog.finished_import, timeout=60000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].count("imported") == 3
    assert while_running and all(while_running)
    assert dialog.thumbs.isVisible() and dialog.thumbs.count() == 3
    names = {dialog.thumbs.item(i).toolTip() for i in range(3)}
    assert names == {"Canon_40D.jpg", "Fujifilm_FinePix_E500.jpg", "Kodak_CX7530.jpg"}
    icon = dialog.thumbs.item(0).icon()
    assert not icon.isNull() and icon.pixmap(64, 64).width() > 10
    dialog.grab().save(str(tmp_path / "import.png"))
    dialog.close()
