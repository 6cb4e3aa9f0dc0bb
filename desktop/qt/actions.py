"""Every user action declared once: a stable id, its text, shortcut and icon.

Menus, toolbars and context menus all take their ``QAction`` from one ``ActionRegistry``,
so a shortcut or a label is changed in exactly one place. Ids are stable strings (used in
tests and saved toolbars); shortcuts use ``QKeySequence`` standard keys where Qt has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.core.resources import resource_path


class ActionId(StrEnum):
    """Stable identifiers of the application's actions."""

    NEW_CASE = "case.new"
    OPEN_CASE = "case.open"
    CLOSE_CASE = "case.close"
    OPEN_DEMO = "case.demo"
    IMPORT_PHOTOS = "photo.import"
    IMPORT_FOLDER = "photo.import_folder"
    PICK_FRAME = "video.pick_frame"
    EXPORT = "case.export"
    QUIT = "app.quit"
    UNDO = "edit.undo"
    REDO = "edit.redo"
    DELETE = "edit.delete"
    LINK_TO_CLAIM = "annotation.link_claim"
    SUGGEST_READING = "annotation.suggest_reading"
    ZOOM_IN = "view.zoom_in"
    ZOOM_OUT = "view.zoom_out"
    ZOOM_FIT = "view.zoom_fit"
    ZOOM_ORIGINAL = "view.zoom_original"
    LOUPE = "view.loupe"
    RESET_LAYOUT = "view.reset_layout"
    NEXT_PHOTO = "photo.next"
    PREVIOUS_PHOTO = "photo.previous"
    TOOL_SELECT = "tool.select"
    TOOL_RECTANGLE = "tool.rect"
    TOOL_POLYGON = "tool.polygon"
    TOOL_POINT = "tool.point"
    TOOL_MEASURE = "tool.measure"
    MEASURE_LINE = "measure.line"
    MEASURE_POLYLINE = "measure.polyline"
    MEASURE_CIRCLE = "measure.circle"
    MEASURE_SCALE = "measure.scale"
    MEASURE_CARD = "measure.card"
    ABOUT = "help.about"
    FIND = "edit.find"
    EXPORT_SELECTION = "photo.export_selection"
    ADD_TAG = "photo.add_tag"
    REMOVE_TAG = "photo.remove_tag"
    LINK_PHOTOS = "photo.link_claim"
    USER_GUIDE = "help.guide"
    SHORTCUTS = "help.shortcuts"
    PAGE_PHOTO = "page.photo"
    PAGE_CLAIMS = "page.claims"
    PAGE_SOURCES = "page.sources"
    PAGE_EVIDENCE = "page.evidence"
    PAGE_MAP = "page.map"
    PAGE_CHECKS = "page.checks"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


@dataclass(frozen=True)
class ActionSpec:
    """How an action looks: text (untranslated source), shortcuts, icon, tip, checkable."""

    text: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    icon: str = ""
    tip: str = ""
    checkable: bool = False


SK = QKeySequence.StandardKey

#: The declaration of every action. Texts are translated when the action is built.
SPECS: dict[ActionId, ActionSpec] = {
    ActionId.NEW_CASE: ActionSpec("&New Case…", (SK.New,), "case-new",
                                  "Create a new, empty case folder"),
    ActionId.OPEN_CASE: ActionSpec("&Open Case…", (SK.Open,), "case-open",
                                   "Open an existing case folder"),
    ActionId.CLOSE_CASE: ActionSpec("&Close Case", (SK.Close,), "case-close",
                                    "Close the open case (all edits are already saved)"),
    ActionId.OPEN_DEMO: ActionSpec("Create &Demo Case…", (), "demo",
                                   "Create and open the annotated demo case"),
    ActionId.IMPORT_PHOTOS: ActionSpec("&Import Photos and Videos…", ("Ctrl+I",), "import",
                                       "Import photo files into the case"),
    ActionId.IMPORT_FOLDER: ActionSpec("Import &Folder…", ("Ctrl+Shift+I",), "import",
                                       "Import every photo in a folder"),
    ActionId.PICK_FRAME: ActionSpec("Pick Frame from &Video…", (), "",
                                    "Step through a video of the case and keep a frame as a "
                                    "photo"),
    ActionId.EXPORT: ActionSpec("&Export…", ("Ctrl+E",), "export",
                                "Export the evidence dossier (PDF), GeoJSON, KML, CSV or a "
                                "BagIt bag"),
    ActionId.QUIT: ActionSpec("&Quit", (SK.Quit, "Ctrl+Q"), "quit"),
    ActionId.UNDO: ActionSpec("&Undo", (SK.Undo,), "undo"),
    ActionId.REDO: ActionSpec("&Redo", (SK.Redo,), "redo"),
    ActionId.DELETE: ActionSpec("&Delete Annotation", (SK.Delete,), "delete",
                                "Delete the selected annotation"),
    ActionId.LINK_TO_CLAIM: ActionSpec("&Link to Claim…", ("Ctrl+L",), "link",
                                       "Link the selected annotation to a claim"),
    ActionId.SUGGEST_READING: ActionSpec("Suggest &Reading", ("Ctrl+R",), "",
                                         "Read the selected annotation with OCR"),
    ActionId.ZOOM_IN: ActionSpec("Zoom &In", ("+", "=", SK.ZoomIn), "zoom-in"),
    ActionId.ZOOM_OUT: ActionSpec("Zoom &Out", ("-", SK.ZoomOut), "zoom-out"),
    ActionId.ZOOM_FIT: ActionSpec("&Fit to Window", ("F",), "zoom-fit"),
    ActionId.ZOOM_ORIGINAL: ActionSpec("Actual &Pixels (1:1)", ("1",), "zoom-original"),
    ActionId.LOUPE: ActionSpec("&Magnifier Loupe", ("L",), "loupe",
                               "Show a magnified view under the pointer", checkable=True),
    ActionId.RESET_LAYOUT: ActionSpec("&Reset Layout", (), ""),
    ActionId.NEXT_PHOTO: ActionSpec("&Next Photo", (SK.MoveToNextPage,), "photo-next"),
    ActionId.PREVIOUS_PHOTO: ActionSpec("&Previous Photo", (SK.MoveToPreviousPage,),
                                        "photo-prev"),
    ActionId.TOOL_SELECT: ActionSpec("&Select", ("V",), "tool-select",
                                     "Select, move and reshape annotations", True),
    ActionId.TOOL_RECTANGLE: ActionSpec("&Rectangle", ("R",), "tool-rect",
                                        "Draw a rectangle around a marking", True),
    ActionId.TOOL_POLYGON: ActionSpec("P&olygon", ("P",), "tool-polygon",
                                      "Draw a polygon: click vertices, Enter to close", True),
    ActionId.TOOL_POINT: ActionSpec("Poin&t", ("O",), "tool-point",
                                    "Place a point", True),
    ActionId.TOOL_MEASURE: ActionSpec("&Measure", ("M",), "tool-measure",
                                      "Measure a length or a diameter; the button's menu "
                                      "chooses line, polyline, circle or scale reference",
                                      True),
    ActionId.MEASURE_LINE: ActionSpec("&Line", (), "",
                                      "Measure along a line: drag, or click both ends", True),
    ActionId.MEASURE_POLYLINE: ActionSpec("&Polyline", (), "",
                                          "Measure along a path: click each point, "
                                          "double-click or Enter to end", True),
    ActionId.MEASURE_CIRCLE: ActionSpec("&Circle (Three Points on the Rim)", (), "",
                                        "Measure a diameter: click three points on the rim",
                                        True),
    ActionId.MEASURE_SCALE: ActionSpec("&Scale Reference (Line)", (), "",
                                       "Draw a scale reference along an object of known "
                                       "length", True),
    ActionId.MEASURE_CARD: ActionSpec("Scale &Card (4 Corners)", (), "",
                                      "Draw a scale reference around a card or sheet of "
                                      "known size: click its four corners in order", True),
    ActionId.ABOUT: ActionSpec("&About Fragment", (), "about"),
    ActionId.FIND: ActionSpec("&Find…", (SK.Find,), "",
                              "Search readings, notes, claims, sources and photo names"),
    ActionId.EXPORT_SELECTION: ActionSpec("Export &Selected Photos…", (), "export",
                                          "Export the photos selected in the Photos panel"),
    ActionId.ADD_TAG: ActionSpec("Add &Tag…", ("Ctrl+T",), "",
                                 "Add a tag to the photos selected in the Photos panel"),
    ActionId.REMOVE_TAG: ActionSpec("Remo&ve Tag…", (), "",
                                    "Remove a tag from the photos selected in the Photos panel"),
    ActionId.LINK_PHOTOS: ActionSpec("Link to &Claim…", (), "link",
                                     "Link the photos selected in the Photos panel to a claim"),
    ActionId.USER_GUIDE: ActionSpec("&User Guide", (SK.HelpContents, "F1"), "",
                                    "Read the user guide"),
    ActionId.SHORTCUTS: ActionSpec("&Keyboard Shortcuts", ("Ctrl+/",), "",
                                   "Every keyboard shortcut of the window"),
    ActionId.PAGE_PHOTO: ActionSpec("&Photo", ("Ctrl+1",), "", "Show the photo viewer"),
    ActionId.PAGE_CLAIMS: ActionSpec("&Claims", ("Ctrl+2",), "", "Show the claims"),
    ActionId.PAGE_SOURCES: ActionSpec("&Sources", ("Ctrl+3",), "", "Show the sources"),
    ActionId.PAGE_EVIDENCE: ActionSpec("&Evidence", ("Ctrl+4",), "",
                                       "Show the evidence for and against each claim"),
    ActionId.PAGE_MAP: ActionSpec("&Map", ("Ctrl+5",), "", "Show the map"),
    ActionId.PAGE_CHECKS: ActionSpec("C&hecks", ("Ctrl+6",), "",
                                     "Show the verification checks on every photo"),
}

#: The actions that bring a page of the central area forward, by page name.
PAGE_ACTIONS = {"photo": ActionId.PAGE_PHOTO, "claims": ActionId.PAGE_CLAIMS,
                "sources": ActionId.PAGE_SOURCES, "evidence": ActionId.PAGE_EVIDENCE,
                "map": ActionId.PAGE_MAP}

TOOL_ACTIONS = (ActionId.TOOL_SELECT, ActionId.TOOL_RECTANGLE, ActionId.TOOL_POLYGON,
                ActionId.TOOL_POINT, ActionId.TOOL_MEASURE)

#: What the measure tool draws, in the order of its menu.
MEASURE_ACTIONS = (ActionId.MEASURE_LINE, ActionId.MEASURE_POLYLINE, ActionId.MEASURE_CIRCLE,
                   ActionId.MEASURE_SCALE, ActionId.MEASURE_CARD)


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` (an empty icon when it is missing)."""
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def _sequences(spec: ActionSpec) -> list[QKeySequence]:
    seqs: list[QKeySequence] = []
    for s in spec.shortcuts:
        if isinstance(s, str):
            seqs.append(QKeySequence(s))
        else:
            seqs.extend(QKeySequence.keyBindings(s))
    unique: list[QKeySequence] = []
    for seq in seqs:
        if not seq.isEmpty() and seq not in unique:
            unique.append(seq)
    return unique


def tool_tip(action: QAction, spec: ActionSpec) -> str:
    """The action's name with its shortcut, as toolbar buttons show it ("Zoom In (+)");
    the tip alone when there is no shortcut."""
    name = _tr(spec.text).replace("&", "").rstrip("…")
    if action.shortcut().isEmpty():
        return _tr(spec.tip) if spec.tip else name
    native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{name} ({native})"


class ActionRegistry(QObject):
    """Creates each declared action once and hands out the same ``QAction`` everywhere."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._actions: dict[ActionId, QAction] = {}
        for action_id, spec in SPECS.items():
            action = QAction(icon(spec.icon) if spec.icon else QIcon(), _tr(spec.text), parent)
            action.setObjectName(action_id.value)
            action.setShortcuts(_sequences(spec))
            # Single-key shortcuts (R, F, 1, +) must not fire while typing in a text field.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            if spec.tip:
                action.setStatusTip(_tr(spec.tip))
            action.setToolTip(tool_tip(action, spec))
            action.setCheckable(spec.checkable)
            self._actions[action_id] = action
        self.tool_group = QActionGroup(self)
        self.tool_group.setExclusive(True)
        for action_id in TOOL_ACTIONS:
            self.tool_group.addAction(self._actions[action_id])
        self._actions[ActionId.TOOL_SELECT].setChecked(True)
        self.measure_group = QActionGroup(self)
        self.measure_group.setExclusive(True)
        self.measure_menu = QMenu()
        for action_id in MEASURE_ACTIONS:
            self.measure_group.addAction(self._actions[action_id])
            self.measure_menu.addAction(self._actions[action_id])
        self._actions[ActionId.MEASURE_LINE].setChecked(True)
        self._actions[ActionId.TOOL_MEASURE].setMenu(self.measure_menu)

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def all(self) -> dict[ActionId, QAction]:
        """Every action by id."""
        return dict(self._actions)

    def on_triggered(self, action_id: ActionId, slot: Callable[..., object]) -> None:
        """Run ``slot`` when the action is triggered."""
        self._actions[action_id].triggered.connect(slot)

    def set_enabled(self, enabled: bool, *ids: ActionId) -> None:
        """Enable or disable several actions at once."""
        for action_id in ids:
            self._actions[action_id].setEnabled(enabled)
