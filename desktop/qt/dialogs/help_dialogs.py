"""Help inside the window: the user guide (the docs pages) and the keyboard shortcuts.

The guide is shown in a ``QTextBrowser``: Markdown pages through Qt's own Markdown reader
(a source checkout), or the HTML pages a build ships. Links between pages stay inside
the viewer; links to the web open in the browser. The shortcut sheet is built from the
action registry, so it lists exactly the shortcuts the window has.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.user_guide import GuidePage, guide_pages
from desktop.qt.actions import ActionRegistry

#: Keys that are not actions of the registry (mouse and modifier gestures of the viewer).
GESTURES = (
    ("Space + drag", "Pan the photo"),
    ("Wheel", "Zoom around the pointer"),
    ("Arrow keys (Shift)", "Nudge the selected annotation 1 (10) pixels"),
    ("Escape", "Deselect, or abandon a polygon being drawn"),
    ("Enter / Backspace", "Close a polygon / remove its last vertex"),
    ("Double-click a video, Enter", "Open the frame picker on the video (Photos panel)"),
    ("Left / Right, comma / period", "Frame picker: previous / next frame"),
    ("Ctrl+S / Enter", "Frame picker: save the frame shown as a photo"),
)


def on_keyboard(sequence: QKeySequence) -> bool:
    """False for a binding of a dedicated media key ("New", "Zoom In" keys of some
    keyboards) that a platform adds to a standard shortcut: the sheet lists typed keys."""
    combos = (sequence[i] for i in range(sequence.count()))  # type: ignore[index]  # stubs omit __getitem__
    return all(combo.key().value <= Qt.Key.Key_Help.value for combo in combos)


def fit_images(document: QTextDocument, width: int) -> int:
    """Show every image of ``document`` at most ``width`` pixels wide (the screenshots
    are 1920 pixels wide); returns how many were narrowed."""
    narrowed = 0
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                image = fmt.toImageFormat()
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position())
                cursor.setPosition(fragment.position() + fragment.length(),
                                   QTextCursor.MoveMode.KeepAnchor)
                image.setWidth(width)
                cursor.setCharFormat(image)
                narrowed += 1
            it += 1
        block = block.next()
    return narrowed


class UserGuideDialog(QDialog):
    """The guide's pages on the left, the page on the right."""

    def __init__(self, parent: QWidget | None = None,
                 pages: list[GuidePage] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fragment user guide"))
        self.pages = guide_pages() if pages is None else pages
        self.contents = QListWidget(self)
        self.contents.setObjectName("guideContents")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guidePage")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        for page in self.pages:
            item = QListWidgetItem(page.title, self.contents)
            item.setToolTip(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.stem)
        self.contents.currentRowChanged.connect(self._show_row)
        widest = max((self.contents.fontMetrics().horizontalAdvance(p.title)
                      for p in self.pages), default=200)
        self.contents.setFixedWidth(min(widest + 30, 300))  # longer titles: tooltip
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.contents)
        row.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(close)
        self.resize(1000, 700)
        if self.pages:
            self.contents.setCurrentRow(0)
        else:
            self.browser.setPlainText(self.tr(
                "The user guide is not included in this installation. It is in the docs "
                "folder of Fragment's source code and in the installer builds."))

    def show_page(self, stem: str) -> bool:
        """Show the page ``stem`` ("gui", "import"…); False when there is no such page."""
        for row, page in enumerate(self.pages):
            if page.stem == stem:
                self.contents.setCurrentRow(row)
                return True
        return False

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        page = self.pages[row]
        text = page.path.read_text(encoding="utf-8")
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(page.path)))
        self.browser.setSearchPaths([str(page.path.parent)])
        if page.path.suffix == ".md":
            self.browser.setMarkdown(text)
        else:
            self.browser.setHtml(text)
        fit_images(self.browser.document(), max(320, self.browser.viewport().width() - 40))

    def _follow(self, url: QUrl) -> None:
        name = url.fileName()
        stem, _, ext = name.rpartition(".")
        if url.scheme() in ("", "file") and ext in ("md", "html") and self.show_page(stem):
            return
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)


class ShortcutsDialog(QDialog):
    """Every shortcut of the window, from the action registry, in one table."""

    def __init__(self, registry: ActionRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows: list[tuple[str, str]] = []
        for action in registry.all().values():
            sequences = [s.toString(QKeySequence.SequenceFormat.NativeText)
                         for s in action.shortcuts() if on_keyboard(s)]
            if sequences:
                name = action.text().replace("&", "").rstrip("…")
                rows.append((" / ".join(sequences), name))
        rows.extend((self.tr(keys), self.tr(what)) for keys, what in GESTURES)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutTable")
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, name) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(name))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.resize(560, 640)
