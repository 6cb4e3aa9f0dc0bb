"""The GUI step of ``fragment --selftest``: open the main window on a case and close it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

#: A modal dialog left open (an error box) would block the self-test forever; it is
#: dismissed after this long and the step fails.
WATCHDOG_MS = 60_000


def open_and_close(case: Path, settings_dir: Path) -> str:
    """Show the main window with ``case`` open, process events, close it; returns a summary.

    ``QSettings`` are redirected to ``settings_dir`` so the user's recent cases and window
    layout are left alone. Raises ``AssertionError`` when the case did not open.
    """
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    from desktop.qt.application import make_application
    from desktop.qt.main_window import MainWindow

    app = make_application()
    dismissed: list[str] = []

    def dismiss_modal() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            dismissed.append(modal.windowTitle())
            modal.close()

    watchdog = QTimer()
    watchdog.setInterval(WATCHDOG_MS)
    watchdog.timeout.connect(dismiss_modal)
    watchdog.start()
    window = MainWindow.create()
    try:
        window.show()
        opened = window.open_case_path(case)
        for _ in range(5):
            app.processEvents()
        if not opened or window.ctx.case is None:
            raise AssertionError(f"the main window could not open {case.name}")
        title = window.windowTitle()
    finally:
        window.close()
        window.deleteLater()
        watchdog.stop()
        app.processEvents()
    if dismissed:
        raise AssertionError(f"a dialog blocked the window: {dismissed[0]}")
    platform = QApplication.platformName()
    return f"main window opened the case ({title!r}, {platform}) and closed"
