"""Start the desktop application: ``fragment`` or ``fragment CASE``.

Sets up the ``QApplication`` (names for ``QSettings``, high-DPI policy, the bundled DejaVu
fonts so that layout does not depend on what the system has, translations), installs the
exception hook that logs to the user's log directory and shows the details, and opens the
main window, with the case given on the command line if any.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.core.resources import resource_path
from desktop.qt.errors import install_exception_hook

log = logging.getLogger(__name__)

ORGANIZATION = "Fragment"
APPLICATION = "Fragment"


def load_fonts() -> str | None:
    """Register the TTF fonts shipped in ``resources/fonts``; returns the UI family used."""
    folder = resource_path("fonts")
    families: list[str] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(font_id))
    for wanted in ("DejaVu Sans", "Noto Sans"):
        if wanted in families:
            return wanted
    return None


def install_translations(app: QCoreApplication) -> list[QTranslator]:
    """Load Qt's own and Fragment's translations for the system locale, when present."""
    locale = QLocale.system()
    loaded: list[QTranslator] = []
    qt_tr = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_tr.load(locale, "qtbase", "_", qt_dir):
        app.installTranslator(qt_tr)
        loaded.append(qt_tr)
    folder = resource_path("translations")
    own = QTranslator(app)
    if folder.is_dir() and own.load(locale, "fragment", "_", str(folder)):
        app.installTranslator(own)
        loaded.append(own)
    return loaded


def make_application(argv: Sequence[str] = ()) -> QApplication:
    """The one ``QApplication`` (created if needed) configured for Fragment."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(["fragment", *argv])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APPLICATION)
    icon = resource_path("icons", "fragment.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    family = load_fonts()
    if family:
        font = QFont(family)
        font.setPointSizeF(max(app.font().pointSizeF(), 9.0))
        app.setFont(font)
    install_translations(app)
    if not hasattr(app, "theme"):
        from desktop.qt.theme import ThemeFollower

        app.theme = ThemeFollower(app)  # type: ignore[attr-defined]  # kept with the app
    return app


def run_gui(args: Sequence[str]) -> int:
    """Run the desktop application; ``args`` may hold one case folder to open."""
    # In a frozen build the import's worker processes re-enter through this entry point
    # (their arguments are not a subcommand): let them run their task instead of a window.
    multiprocessing.freeze_support()
    logging.basicConfig(level=logging.INFO)
    app = make_application()
    install_exception_hook()
    from desktop.core import switch_interval
    from desktop.qt import idle_collector
    from desktop.qt.dialogs.investigator_dialog import ask_investigator_once
    from desktop.qt.file_open import FileOpenHandler
    from desktop.qt.main_window import MainWindow

    file_open = FileOpenHandler(app)  # macOS Finder opens cases with an event, not argv
    if sys.platform == "darwin":  # an application filter sees every event of the process:
        app.installEventFilter(file_open)  # in Python, only where the event exists
    window = MainWindow.create()
    window.show()
    # What is alive now lives as long as the window: out of the collector's sight.
    collector = idle_collector.install(window.ctx.pool, window)
    switch_interval.favour_the_window()  # workers hand the interpreter lock on sooner
    warm_up_in_background(window)
    asked = ask_investigator_once(window)  # the first start: the name for log and exports
    if asked is not None:  # a case restored meanwhile records and exports under the name
        asked.named.connect(lambda name: _name_open_case(window, name))
    app.processEvents()  # a launch from Finder delivers its FileOpen event now
    paths = [a for a in args if not a.startswith("-")]
    if paths:
        window.open_case_path(Path(paths[0]))
        file_open.attach(window.open_case_path)
    elif file_open.attach(window.open_case_path) or window.restore_last_case():
        pass
    code = int(app.exec())
    del collector  # kept alive with the window until here
    return code


def warm_up_in_background(window: Any) -> None:
    """Pay the first case's one-time costs in a worker (``desktop.core.warm_up``)."""
    from desktop.core.warm_up import warm_up
    from desktop.qt.jobs import Job

    window.jobs.start(Job(lambda _control: warm_up()))


def _name_open_case(window: Any, name: str) -> None:
    if window.ctx.case is not None:
        window.ctx.case.name_investigator(name)


def main() -> int:  # pragma: no cover - convenience for ``python -m desktop.qt.application``
    """Entry point used when the module is run directly."""
    return run_gui(sys.argv[1:])
