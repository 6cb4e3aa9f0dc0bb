"""The map's "Basemaps" button: add an MBTiles file to the case, show or hide each
basemap, remove one. Adding and removing are undoable commands; showing is a view choice.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton, QWidget

from desktop.core.casefile import CaseFile
from desktop.core.ops.basemap_commands import AddBasemap, RemoveBasemap
from desktop.core.ops.basemaps import StoredBasemap, store_basemap
from desktop.core.queries.basemaps import BasemapInfo, case_basemaps
from desktop.qt.context import AppContext
from desktop.qt.jobs import Job, JobControl, JobRunner
from desktop.qt.undo import push_command


class BasemapButton(QToolButton):
    """A tool button whose menu lists the case's basemaps."""

    #: The basemaps to draw changed (argument: list of ``BasemapInfo``, bottom first).
    shown_changed = Signal(object)
    #: Adding or removing failed (argument: one sentence).
    failed = Signal(str)
    #: The user asked to see a basemap's whole area (argument: its ``BasemapInfo``).
    show_area = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 jobs: JobRunner | None = None) -> None:
        """With ``jobs`` a file is hashed and copied into the case in a worker (an imagery
        file can be hundreds of megabytes); without, at once."""
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        #: a file is being copied into the case in a worker
        self.storing = False
        self.setObjectName("basemapButton")
        self.setText(self.tr("Basemaps"))
        self.setToolTip(self.tr("Add your own offline imagery or town map (an MBTiles "
                                "file) and choose which basemaps are shown"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.menu_.aboutToShow.connect(self._fill)
        self.setMenu(self.menu_)
        self.basemaps: list[BasemapInfo] = []
        self.hidden: set[int] = set()

    def reload(self) -> None:
        """Re-read the case's basemaps and tell the map which to draw."""
        case = self.ctx.case
        self.basemaps = case.read(case_basemaps, case.originals.root) if case else []
        self.shown_changed.emit(self.shown())

    def shown(self) -> list[BasemapInfo]:
        """The basemaps to draw (every one the user has not hidden)."""
        return [b for b in self.basemaps if b.id not in self.hidden]

    def _fill(self) -> None:
        menu = self.menu_
        menu.clear()
        add = menu.addAction(self.tr("Add MBTiles file…"))
        add.setObjectName("addBasemap")
        add.triggered.connect(self.choose_file)
        add.setEnabled(self.ctx.case is not None)
        if not self.basemaps:
            return
        menu.addSeparator()
        for info in self.basemaps:
            show = menu.addAction(info.name)
            show.setCheckable(True)
            show.setChecked(info.id not in self.hidden)
            show.setToolTip(info.attribution)
            show.toggled.connect(lambda on, i=info.id: self._toggle(i, on))
        menu.addSeparator()
        for info in self.basemaps:
            area = menu.addAction(self.tr("Go to “{name}”").format(name=info.name))
            area.triggered.connect(lambda _=False, i=info: self.show_area.emit(i))
        menu.addSeparator()
        for info in self.basemaps:
            remove = menu.addAction(self.tr("Remove “{name}” from the case").format(
                name=info.name))
            remove.triggered.connect(lambda _=False, i=info.id: self.remove(i))

    def _toggle(self, basemap_id: int, on: bool) -> None:
        if on:
            self.hidden.discard(basemap_id)
        else:
            self.hidden.add(basemap_id)
        self.shown_changed.emit(self.shown())

    def choose_file(self) -> None:
        """Ask for an MBTiles file and add it (undoable)."""
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Add an offline basemap"), "",
            self.tr("MBTiles basemaps (*.mbtiles);;All files (*)"))
        if name:
            self.add(Path(name))

    def add(self, path: Path) -> None:
        """Add ``path`` to the case (undoable); a refused file is reported by ``failed``."""
        case = self.ctx.case
        if case is None:
            return
        if self.jobs is None:
            self._list(path, None)
            return
        self.storing = True
        self.setEnabled(False)
        self.ctx.bus.status_message.emit(self.tr("Copying {name} into the case…").format(
            name=path.name))
        job = Job(_store, case, path)
        job.signals.result.connect(lambda stored: self._stored(path, stored))
        job.signals.error.connect(lambda message, _details: self._store_failed(message))
        self.jobs.start(job)

    def _stored(self, path: Path, stored: StoredBasemap) -> None:
        self.storing = False
        self.setEnabled(True)
        self._list(path, stored)

    def _store_failed(self, message: str) -> None:
        self.storing = False
        self.setEnabled(True)
        self.failed.emit(message)

    def _list(self, path: Path, stored: StoredBasemap | None) -> None:
        command = AddBasemap(path, stored)
        wrapper = push_command(self.ctx, command)
        if wrapper.error is not None:
            self.failed.emit(str(wrapper.error))
            return
        added = next((b for b in self.basemaps if b.id == command.basemap_id), None)
        if added is not None:
            self.show_area.emit(added)  # show what was just added

    def remove(self, basemap_id: int) -> None:
        """Remove a basemap from the case (undoable)."""
        wrapper = push_command(self.ctx, RemoveBasemap(basemap_id))
        if wrapper.error is not None:
            self.failed.emit(str(wrapper.error))


def _store(_control: JobControl, case: CaseFile, path: Path) -> StoredBasemap:
    """``store_basemap`` as a job (hashing and copying, no database write)."""
    return store_basemap(case, path)
