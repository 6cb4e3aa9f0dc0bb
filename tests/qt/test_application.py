"""``fragment CASE`` starts the window with that case open; fonts and names are set."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from desktop.core import gc_policy, switch_interval
from desktop.core.casefile import CaseFile
from desktop.qt.application import load_fonts, run_gui
from desktop.qt.main_window import MainWindow


def test_run_gui_opens_the_case_given_on_the_command_line(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    root = CaseFile.create(tmp_path / "Cmdline", title="From the command line").root
    CaseFile.open(root).close()
    seen: dict[str, object] = {}

    def check_and_quit() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if not windows or windows[-1].ctx.case is None:  # a slow machine: not there yet
            QTimer.singleShot(100, check_and_quit)
            return
        window = windows[-1]
        seen["case"] = window.ctx.case.root if window.ctx.case else None
        seen["title"] = window.windowTitle()
        window.close()
        window.deleteLater()

    QTimer.singleShot(500, check_and_quit)
    thresholds, interval = gc.get_threshold(), sys.getswitchinterval()
    try:
        assert run_gui([str(root)]) == 0
        # the window's garbage-collector policy (gc_policy) was set up
        assert gc.get_threshold() == (gc_policy.YOUNG, gc_policy.MIDDLE,
                                      gc_policy.FULL_EVERY)
        assert gc.get_freeze_count() > 0
        # and workers hand the interpreter lock to the window sooner
        assert sys.getswitchinterval() == switch_interval.WINDOW_INTERVAL_S < interval
    finally:  # the rest of the test run keeps Python's defaults
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        sys.setswitchinterval(interval)
    assert seen["case"] == root
    assert "From the command line" in str(seen["title"])
    assert QCoreApplication.organizationName() == "Fragment"
    assert QCoreApplication.applicationName() == "Fragment"
    # The case was closed with the window, so it can be opened again.
    CaseFile.open(root).close()


def test_bundled_fonts_are_registered_when_shipped(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.resources import resource_path

    family = load_fonts()
    if any(resource_path("fonts").glob("DejaVuSans*.ttf")):
        assert family == "DejaVu Sans"
    else:
        assert family in (None, "Noto Sans")
