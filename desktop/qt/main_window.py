"""The main window: composes the viewer, the panels in docks, menus and the case lifecycle.

It holds no domain logic. Edits go through undoable commands (``desktop.qt.undo``), views
refresh from the ``changes_applied`` notices on the bus, and import runs in a worker
(``import_dialog``). The dock layout and window geometry are saved in ``QSettings``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMainWindow, QMenu

from desktop.core.casefile import CaseFile, normalize_case_path
from desktop.core.errors import FragmentError
from desktop.core.queries.case import get_case_summary
from desktop.qt import photo_selection, recent
from desktop.qt.actions import PAGE_ACTIONS, TOOL_ACTIONS, ActionId, ActionRegistry
from desktop.qt.bus import EventBus
from desktop.qt.canvas.adjustments_panel import AdjustmentsPanel
from desktop.qt.canvas.controller import CanvasController
from desktop.qt.canvas.measure_tool import MeasureMode
from desktop.qt.canvas.tools import ToolKind
from desktop.qt.canvas.view import PhotoView
from desktop.qt.context import AppContext
from desktop.qt.errors import show_error
from desktop.qt.import_dialog import ImportDialog, paths_from_mime
from desktop.qt.jobs import Job, JobRunner
from desktop.qt.panels.annotation_list import AnnotationListPanel
from desktop.qt.panels.checks_panel import ChecksPanel
from desktop.qt.panels.claims_panel import ClaimsPanel
from desktop.qt.panels.evidence_panel import EvidencePanel
from desktop.qt.panels.inspector import InspectorPanel
from desktop.qt.panels.map_panel import MapPanel
from desktop.qt.panels.metadata_panel import MetadataPanel
from desktop.qt.panels.photo_browser import PhotoBrowser
from desktop.qt.panels.sources_panel import SourcesPanel
from desktop.qt.photo_selection import SELECTION_ACTIONS
from desktop.qt.search_box import SearchBox
from desktop.qt.team_watch import TeamWatcher
from desktop.qt.video_actions import open_frame_picker
from desktop.qt.window_layout import (
    DockSpec,
    arrange_docks,
    build_menus,
    build_toolbar,
    hide_stale_tab_bars,
    make_dock,
)
from desktop.qt.workspace import PAGES, Workspace

Area = Qt.DockWidgetArea
LAYOUT_VERSION = 2  # 2: investigation views moved from docks to central tabs
TOOL_OF_ACTION = {ActionId.TOOL_SELECT: ToolKind.SELECT, ActionId.TOOL_RECTANGLE:
                  ToolKind.RECTANGLE, ActionId.TOOL_POLYGON: ToolKind.POLYGON,
                  ActionId.TOOL_POINT: ToolKind.POINT, ActionId.TOOL_MEASURE: ToolKind.MEASURE}
MODE_OF_ACTION = {ActionId.MEASURE_LINE: MeasureMode.LINE,
                  ActionId.MEASURE_POLYLINE: MeasureMode.POLYLINE,
                  ActionId.MEASURE_CIRCLE: MeasureMode.CIRCLE,
                  ActionId.MEASURE_SCALE: MeasureMode.SCALE,
                  ActionId.MEASURE_CARD: MeasureMode.CARD}


class MainWindow(QMainWindow):
    """Photo browser left, viewer and investigation views as central tabs, inspector
    right."""

    @classmethod
    def create(cls) -> MainWindow:  # type: ignore[override]  # a factory; QWidget.create is never called on it
        """A window with a fresh context (bus, undo stack, global thread pool)."""
        return cls(AppContext(bus=EventBus(), undo_stack=QUndoStack()))

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.team_watch = TeamWatcher(ctx.bus, self)  # others' changes in a team case
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self._fit_to_screen()
        self.registry = ActionRegistry(self)
        self.jobs = JobRunner(ctx.pool, self)
        self._title_of_case = ""  # the open case's title, read once per case change
        self.view = PhotoView(self)
        self.view.setAcceptDrops(False)  # files dropped on the viewer go to the window: import
        self.canvas = CanvasController(ctx, self.view, self.jobs, self)
        self.browser = PhotoBrowser(ctx, self.jobs, self)
        self.canvas.neighbours = self.browser.neighbours  # decoded ahead for paging
        self.inspector = InspectorPanel(ctx, self.jobs, self)
        self.inspector.suggester.current_adjustments = lambda: dict(self.canvas.adjustments)
        self.annotation_list = AnnotationListPanel(ctx, self)
        self.metadata = MetadataPanel(ctx, self)
        self.adjustments = AdjustmentsPanel(ctx, self.canvas, self)
        tr = self.tr
        self.workspace = Workspace(self)
        map_panel = MapPanel(ctx, self, jobs=self.jobs)
        evidence = EvidencePanel(ctx, self)
        for name, title, widget, scroll, tip in (
            ("photo", tr("Photo"), self.view, False, tr("The photo viewer: zoom, pan, draw")),
            ("claims", tr("Claims"), ClaimsPanel(ctx, self), True,
             tr("Who claims what, when, and the evidence for and against")),
            ("sources", tr("Sources"), SourcesPanel(ctx, self), True,
             tr("Where claims were published, and what their text names")),
            ("evidence", tr("Evidence"), evidence, False,
             tr("Every claim with the evidence that supports or contradicts it")),
            ("map", tr("Map"), map_panel, False, tr("Locations, photo positions and claims")),
            ("checks", tr("Checks"), ChecksPanel(ctx, self.jobs, self), False,
             tr("Verification checks on every photo: reuse, credentials, metadata, sun")),
        ):
            self.workspace.add_page(name, title, widget, scroll=scroll, tip=tip)
        self.setCentralWidget(self.workspace)
        # the map (and its basemap) and the evidence are read only while their page is in
        # front: a big case opens without building them for nobody
        self.workspace.on_page("map", map_panel.set_on_screen)
        self.workspace.on_page("evidence", evidence.set_on_screen)
        widgets = {
            "photos": (tr("Photos"), self.browser),
            "inspector": (tr("Inspector"), self.inspector),
            "metadata": (tr("Photo Metadata"), self.metadata),
            "adjustments": (tr("Adjustments"), self.adjustments),
            "annotations": (tr("Annotations on Photo"), self.annotation_list),
        }
        self.docks = {name: make_dock(self, name, title, w, scroll=name == "inspector")
                      for name, (title, w) in widgets.items()}
        # a tab behind another is moved off screen, not hidden: the dock says when it shows
        self.docks["metadata"].visibilityChanged.connect(self.metadata.set_on_screen)
        self.dock_specs = [
            DockSpec("photos", "", Area.LeftDockWidgetArea),
            DockSpec("inspector", "", Area.RightDockWidgetArea),
            DockSpec("metadata", "", Area.RightDockWidgetArea, "inspector"),
            DockSpec("adjustments", "", Area.RightDockWidgetArea, "inspector"),
            DockSpec("annotations", "", Area.RightDockWidgetArea),
        ]
        self.setCorner(Qt.Corner.BottomLeftCorner, Area.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Area.RightDockWidgetArea)
        self._layout_restored = self._restore_layout()
        if not self._layout_restored:
            self._default_layout()
        self.menus = build_menus(self, self.registry, self.docks, self._fill_recent_menu)
        self.toolbar = build_toolbar(self, self.registry)
        self.search_box = SearchBox(ctx, self.jobs, self, raise_dock=self._raise_dock)
        self.toolbar.addSeparator()
        field = self.toolbar.addWidget(self.search_box)
        field.setObjectName("edit.find_field")
        find = self.registry[ActionId.FIND]
        field.setToolTip(find.toolTip())  # "Find… (Ctrl+F)": the field's own shortcut
        self._build_status_bar()
        self._context_menus()
        self._connect()
        self._case_changed(None)

    # -- wiring ----------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.pointer_label = QLabel(self)
        self.zoom_label = QLabel(self)
        self.pointer_label.setMinimumWidth(140)
        self.measure_label = QLabel(self)
        self.measure_label.setObjectName("status.measure")
        bar.addPermanentWidget(self.measure_label, 1)
        self.canvas.measure_status.connect(self.measure_label.setText)
        bar.addPermanentWidget(self.pointer_label)
        bar.addPermanentWidget(self.zoom_label)
        self.view.zoom_changed.connect(
            lambda z: self.zoom_label.setText(self.tr("Zoom {0} %").format(round(z * 100))))
        self.view.pointer_moved.connect(
            lambda x, y: self.pointer_label.setText(f"x {x:.0f}  y {y:.0f}"))
        # a position is shown only while the pointer is over the photo it names
        self.view.pointer_left.connect(self.pointer_label.clear)
        self.ctx.bus.photo_selected.connect(lambda _id: self.pointer_label.clear())
        self.ctx.bus.case_changed.connect(lambda _case: self.pointer_label.clear())
        self.ctx.bus.status_message.connect(lambda m: bar.showMessage(m, 8000))

    def _context_menus(self) -> None:
        """Right-click menus reuse the registry's actions."""
        a = self.registry
        annotation_actions = [a[ActionId.LINK_TO_CLAIM], a[ActionId.SUGGEST_READING],
                              a[ActionId.DELETE]]
        for widget, actions in (
            (self.view, [*annotation_actions, None, *(a[i] for i in TOOL_ACTIONS), None,
                         a[ActionId.ZOOM_FIT], a[ActionId.ZOOM_ORIGINAL], a[ActionId.LOUPE]]),
            (self.annotation_list.list, annotation_actions),
            (self.browser.list, [*(a[i] for i in SELECTION_ACTIONS), None,
                                 a[ActionId.IMPORT_PHOTOS], a[ActionId.IMPORT_FOLDER]]),
        ):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            for action in actions:
                if action is None:
                    separator = QAction(widget)
                    separator.setSeparator(True)
                    widget.addAction(separator)
                else:
                    widget.addAction(action)

    def _connect(self) -> None:
        a, bus, stack = self.registry, self.ctx.bus, self.ctx.undo_stack
        a.on_triggered(ActionId.NEW_CASE, self.new_case)
        a.on_triggered(ActionId.OPEN_CASE, self.open_case_dialog)
        a.on_triggered(ActionId.CLOSE_CASE, self.close_case)
        a.on_triggered(ActionId.OPEN_DEMO, self.create_demo_case)
        a.on_triggered(ActionId.IMPORT_PHOTOS, self.import_files)
        a.on_triggered(ActionId.IMPORT_FOLDER, self.import_folder)
        a.on_triggered(ActionId.EXPORT, self.export_case)
        a.on_triggered(ActionId.PICK_FRAME, lambda: open_frame_picker(self))
        self.browser.videos.open_requested.connect(lambda vid: open_frame_picker(self, vid))
        a.on_triggered(ActionId.EXPORT_SELECTION, self.export_selection)
        photo_selection.connect(a, self.ctx, self.browser.selected_photo_ids, self)
        a.on_triggered(ActionId.QUIT, self.close)
        a.on_triggered(ActionId.UNDO, stack.undo)
        a.on_triggered(ActionId.REDO, stack.redo)
        stack.canUndoChanged.connect(a[ActionId.UNDO].setEnabled)
        stack.canRedoChanged.connect(a[ActionId.REDO].setEnabled)
        stack.undoTextChanged.connect(self._undo_text)
        stack.redoTextChanged.connect(self._redo_text)
        self._undo_text("")
        self._redo_text("")
        a.on_triggered(ActionId.DELETE, self.canvas.delete_selected)
        a.on_triggered(ActionId.LINK_TO_CLAIM, self.inspector.link_to_claim)
        a.on_triggered(ActionId.SUGGEST_READING, self.inspector.suggest_reading)
        a.on_triggered(ActionId.ZOOM_IN, self.view.zoom_in)
        a.on_triggered(ActionId.ZOOM_OUT, self.view.zoom_out)
        a.on_triggered(ActionId.ZOOM_FIT, self.view.fit)
        a.on_triggered(ActionId.ZOOM_ORIGINAL, self.view.one_to_one)
        a[ActionId.LOUPE].toggled.connect(self.view.loupe.set_active)
        a.on_triggered(ActionId.RESET_LAYOUT, self.reset_layout)
        a.on_triggered(ActionId.NEXT_PHOTO, lambda: self.browser.step(1))
        a.on_triggered(ActionId.PREVIOUS_PHOTO, lambda: self.browser.step(-1))
        a.on_triggered(ActionId.ABOUT, self.about)
        a.on_triggered(ActionId.FIND, self.search_box.focus)
        a.on_triggered(ActionId.USER_GUIDE, self.user_guide)
        a.on_triggered(ActionId.SHORTCUTS, self.shortcuts)
        for action_id, kind in TOOL_OF_ACTION.items():
            a[action_id].triggered.connect(lambda _=False, k=kind: self.view.set_tool(k))
        for action_id, mode in MODE_OF_ACTION.items():
            a.on_triggered(action_id, lambda _=False, m=mode: self._measure(m))
        for name, action_id in PAGE_ACTIONS.items():
            a.on_triggered(action_id, lambda _=False, n=name: self.workspace.show_page(n))
        bus.page_requested.connect(self.workspace.show_page)
        # what the user does to look at a photo brings the viewer forward
        self.browser.list.clicked.connect(lambda _index: self.workspace.show_page("photo"))
        for action_id in (ActionId.NEXT_PHOTO, ActionId.PREVIOUS_PHOTO, *TOOL_ACTIONS):
            a.on_triggered(action_id, lambda _=False: self.workspace.show_page("photo"))
        bus.case_changed.connect(self._case_changed)
        self.browser.refreshed.connect(self._update_placeholder)
        bus.annotation_selected.connect(self._annotation_selected)
        bus.annotation_created.connect(lambda _id: self._read_new_annotation())

    def _measure(self, mode: MeasureMode) -> None:
        """A kind of measurement chosen from the Measure menu: the measure tool draws it."""
        self.view.set_measure_mode(mode)
        measure = self.registry[ActionId.TOOL_MEASURE]
        if measure.isEnabled() and not measure.isChecked():
            measure.trigger()  # switches to the tool, which says what to click
        self.workspace.show_page("photo")

    def _undo_text(self, text: str) -> None:
        action = self.registry[ActionId.UNDO]
        action.setText(self.tr("&Undo {0}").format(text) if text else self.tr("&Undo"))
        action.setEnabled(self.ctx.undo_stack.canUndo())

    def _redo_text(self, text: str) -> None:
        action = self.registry[ActionId.REDO]
        action.setText(self.tr("&Redo {0}").format(text) if text else self.tr("&Redo"))
        action.setEnabled(self.ctx.undo_stack.canRedo())

    def _annotation_selected(self, annotation_id: int) -> None:
        has = bool(annotation_id)
        self.registry.set_enabled(has and self._writable(), ActionId.DELETE,
                                 ActionId.LINK_TO_CLAIM, ActionId.SUGGEST_READING)

    def _raise_dock(self, name: str) -> None:
        """Bring a page of the central area (claims, sources…) or a dock forward."""
        if name in PAGES:
            self.workspace.show_page(name)
            return
        dock = self.docks[name]
        dock.show()
        dock.raise_()

    def _read_new_annotation(self) -> None:
        """A shape was just drawn: bring the Inspector forward with the cursor in Reading."""
        dock = self.docks["inspector"]
        if dock.isHidden():
            dock.show()
        dock.raise_()
        self.inspector.begin_reading()

    def _writable(self) -> bool:
        return self.ctx.case is not None and not self.ctx.case.readonly

    def _case_changed(self, case: CaseFile | None) -> None:
        open_ = case is not None
        title = self.tr("Fragment")
        self._title_of_case = case_title(case) if case is not None else ""
        if case is not None:
            title = f"{self._title_of_case} — {title}" + (
                self.tr(" (read-only)") if case.readonly else "")
        self.setWindowTitle(title)
        self.registry.set_enabled(open_, ActionId.CLOSE_CASE, ActionId.IMPORT_PHOTOS,
                                 ActionId.EXPORT, *SELECTION_ACTIONS,
                                 ActionId.IMPORT_FOLDER, ActionId.PICK_FRAME,
                                 ActionId.NEXT_PHOTO,
                                 ActionId.PREVIOUS_PHOTO, *TOOL_ACTIONS)
        self.registry.set_enabled(False, ActionId.DELETE, ActionId.LINK_TO_CLAIM,
                                 ActionId.SUGGEST_READING)
        self._update_placeholder()
        if case is not None:
            for warning in case.warnings:
                self.ctx.bus.status_message.emit(warning)

    def _update_placeholder(self) -> None:
        if self.ctx.case is None:
            text = self.tr("No case is open.\n\nOpen a case (Ctrl+O), create a new one "
                           "(Ctrl+N), or try the demo case (File → Create Demo Case).")
        elif self.browser.model.total() == 0 and not self.browser.loading:
            text = self.tr("This case has no photos yet.\n\nImport photos (Ctrl+I) or a "
                           "folder (Ctrl+Shift+I), or drop files and folders here.")
        else:
            text = self.tr("Select a photo in the Photos panel.")
        self.view.set_placeholder(text)

    # -- case lifecycle --------------------------------------------------------------
    def open_case_path(self, path: Path) -> bool:
        """Open the case at ``path``; shows one sentence and keeps the current case on failure."""
        try:
            case = CaseFile.open(path, defer_sweep=True)
        except FragmentError as exc:
            show_error(self, str(exc))
            return False
        self._set_case(case)
        self._sweep_in_background(case)
        return True

    def _sweep_in_background(self, case: CaseFile) -> None:
        """Clean the store of what killed writers left, off the GUI thread (a write to
        the store before it is done runs it first: ``CaseFile.sweep_store``)."""
        job = Job(lambda _control, opened: opened.sweep_store(), case)
        job.signals.error.connect(lambda message, _details: self.ctx.bus.status_message.emit(
            self.tr("Cleaning the case's store failed: {0}").format(message)))
        self.jobs.start(job)

    def _set_case(self, case: CaseFile | None) -> None:
        self.inspector.commit_pending()  # closing never loses a reading being typed
        self.jobs.cancel_all()
        self.jobs.wait()
        self.ctx.set_case(case)
        recent.set_last_open(case.root if case else None)
        if case is not None:
            recent.add_recent_case(case.root)
            recent.set_case_value(case.root, "title", self._title_of_case)  # Open Recent

    def restore_last_case(self) -> bool:
        """Reopen the case that was open when the application last closed."""
        path = recent.last_open()
        return self.open_case_path(path) if path is not None else False

    def new_case(self) -> None:
        """Ask for a folder name and create an empty case there."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("New case folder"), "",
                                              self.tr("Fragment case (*.fragment)"))
        if not path:
            return
        root = normalize_case_path(path)
        title, ok = QInputDialog.getText(self, self.tr("New case"), self.tr("Case title:"),
                                         text=root.name.removesuffix(".fragment"))
        if not ok:
            return
        try:
            case = CaseFile.create(root, title=title)
        except FragmentError as exc:
            show_error(self, str(exc))
            return
        self._set_case(case)

    def open_case_dialog(self) -> None:
        """Pick a ``.fragment`` folder and open it."""
        path = QFileDialog.getExistingDirectory(self, self.tr("Open case folder"))
        if path:
            self.open_case_path(Path(path))

    def close_case(self) -> None:
        """Close the open case (edits are saved as they are made)."""
        self._set_case(None)

    def create_demo_case(self) -> None:
        """Build the demo case in a folder the user picks (in a worker), then open it."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Create demo case"), "Shusha-demo",
                                              self.tr("Fragment case (*.fragment)"))
        if not path:
            return
        from desktop.core.demo import build_demo_case

        root = normalize_case_path(path)
        self.ctx.bus.status_message.emit(self.tr("Building the demo case in {0}…").format(root))
        job = Job(lambda _control: build_demo_case(root))
        job.signals.result.connect(self._set_case)
        job.signals.error.connect(lambda message, _details: show_error(self, message))
        self.jobs.start(job)

    def _fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        cases = recent.recent_cases()
        for path in cases:
            title = recent.case_value(path, "title")
            action = menu.addAction(self.tr("{title}  ({folder})").format(
                title=title, folder=path.name) if title else path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_case_path(p))
        if not cases:
            menu.addAction(self.tr("No recent cases")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(self.tr("Clear List"), recent.clear_recent_cases)

    # -- import ----------------------------------------------------------------------
    def import_files(self) -> None:
        """Choose photo and video files and import them."""
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import photos and videos"), "",
            self.tr("Photos and videos (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif *.webp "
                    "*.mp4 *.m4v *.mov *.webm *.mkv);;"
                    "Photos (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif *.webp);;"
                    "Videos (*.mp4 *.m4v *.mov *.webm *.mkv);;All files (*)"))
        if files:
            self.start_import([Path(f) for f in files])

    def import_folder(self) -> None:
        """Choose a folder and import every photo in it."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import folder"))
        if folder:
            self.start_import([Path(folder)])

    def start_import(self, paths: list[Path]) -> ImportDialog | None:
        """Open the Import dialog for ``paths`` (its optional provenance section, then
        "Import" runs it in a worker with progress); returns the dialog."""
        if self.ctx.case is None:
            show_error(self, self.tr("Open or create a case before importing photos."))
            return None
        dialog = ImportDialog(self.ctx, self.jobs, paths, self)
        dialog.show()
        dialog.import_button.setFocus()
        return dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept files and folders dropped from the file manager."""
        if self.ctx.case is not None and paths_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Import what was dropped."""
        paths = paths_from_mime(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)

    # -- layout and closing ----------------------------------------------------------
    def _restore_layout(self) -> bool:
        """Restore the saved geometry and dock layout; False when there is none."""
        settings = QSettings()
        geometry = settings.value("window/geometry")
        state = settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        # Docks are restored without being arranged first: arranging and then restoring
        # leaves Qt's earlier tab bars on screen.
        return isinstance(state, QByteArray) and self.restoreState(state, LAYOUT_VERSION)

    def _fit_to_screen(self) -> None:
        """A first window that fits the screen: 1600x1000 at most, less on a laptop."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        if available is None or available.width() < 100:
            self.resize(1440, 900)
            return
        self.resize(min(1600, available.width()), min(1000, available.height()))

    def save_layout(self) -> None:
        """Remember window geometry and dock layout."""
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(LAYOUT_VERSION))

    def _default_layout(self) -> None:
        arrange_docks(self, self.docks, self.dock_specs)
        self._size_docks()

    def _size_docks(self) -> None:
        """Give each dock the room what it holds needs at this window size: the browser
        two thumbnail columns, the inspector its form; the central tabs take the rest."""
        d, h, v = self.docks, Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        width, height = self.width(), self.height()
        photos = self.browser.width_for_columns(2 if width >= 1600 else 1)
        inspector = max(340, min(440, round(width * 0.24)))
        self.resizeDocks([d["photos"], d["inspector"]], [photos, inspector], h)
        annotations = max(130, round(height * 0.2))
        self.resizeDocks([d["inspector"], d["annotations"]],
                         [max(200, height - annotations), annotations], v)
        self.workspace.show_page("photo")

    def reset_layout(self) -> None:
        """Put every dock back where it starts."""
        self._default_layout()
        self.toolbar.show()

    def showEvent(self, event: QShowEvent) -> None:
        """Qt may re-show a leftover dock tab bar when the window first appears."""
        super().showEvent(event)
        if not self._layout_restored:  # size the docks to the window as it first appears
            self._layout_restored = True
            QTimer.singleShot(0, self._size_docks)  # once the window has its real size
        hide_stale_tab_bars(self)

    def export_case(self) -> None:
        """Open the Export dialog for the open case (it runs the export in a worker)."""
        if self.ctx.case is None:
            return
        from desktop.qt.dialogs.export_dialog import ExportDialog

        ExportDialog(self.ctx, self).exec()

    def export_selection(self) -> None:
        """The Export dialog with only the photos selected in the browser checked."""
        if self.ctx.case is None:
            return
        from desktop.qt.dialogs.export_dialog import ExportDialog

        ExportDialog(self.ctx, self, photo_ids=self.browser.selected_photo_ids()).exec()

    def about(self) -> None:
        """Version, licence, and the licence notices and SBOM shipped with the build."""
        from desktop.qt.dialogs.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def user_guide(self) -> None:
        """The user guide in a window of its own (not modal: read it while working)."""
        from desktop.qt.dialogs.help_dialogs import UserGuideDialog

        self.guide_dialog = UserGuideDialog(self)
        self.guide_dialog.show()

    def shortcuts(self) -> None:
        """The sheet of keyboard shortcuts (not modal)."""
        from desktop.qt.dialogs.help_dialogs import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.registry, self)
        self.shortcuts_dialog.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the layout, remember the open case, stop workers, close the case."""
        self.save_layout()
        self.inspector.commit_pending()
        last = self.ctx.case.root if self.ctx.case is not None else None
        self.jobs.cancel_all()
        self.jobs.wait()
        self.ctx.set_case(None)
        recent.set_last_open(last)
        super().closeEvent(event)


def case_title(case: CaseFile) -> str:
    """The case's own title, or its folder name when the database cannot say."""
    try:
        summary = case.read(get_case_summary)
    except Exception:  # a title is never worth an error dialog
        summary = None
    return summary.title if summary is not None else case.name
