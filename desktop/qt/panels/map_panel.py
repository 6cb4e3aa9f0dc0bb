"""The Map panel: every location of the case on an offline basemap, and coordinate entry.

Reads locations (and photos with GPS) through the core queries; adds and deletes locations
with undoable core commands. Clicking a point selects its location and its photo or claim
on the bus; the distance between selected points is shown; coordinates typed or pasted in
the entry box are parsed as you type and previewed on the map.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.basemap import Basemap
from desktop.core.changes import Ref
from desktop.core.commands import CompositeCommand
from desktop.core.geo import (
    CoordinateError,
    ParsedCoordinates,
    distance_m,
    format_decimal,
    format_dms,
    parse_coordinates,
    precision_phrase,
)
from desktop.core.ops.investigation_commands import (
    CreateLink,
    CreateLocation,
    DeleteLocation,
    EditLocation,
)
from desktop.core.places import nearest_place
from desktop.core.queries.evidence import NEAR_RADIUS_M, photos_near
from desktop.core.queries.investigation import list_claims
from desktop.qt.context import AppContext
from desktop.qt.forms import is_wide
from desktop.qt.jobs import Job, JobRunner
from desktop.qt.map.basemap_layer import BasemapPaths
from desktop.qt.map.basemap_menu import BasemapButton
from desktop.qt.map.location_list import LocationList
from desktop.qt.map.map_data import decode_basemap, decoded_basemap, read_map_points, read_points
from desktop.qt.map.map_view import NEXT_TURN_MS, MapView
from desktop.qt.map.markers import MapPoint, kind_styles, legend_pixmap
from desktop.qt.panels.case_panel import CasePanel
from desktop.qt.theme import color_style
from desktop.qt.undo import push_command

FILL_BATCH = 200  # markers added per turn of the event loop (about 30 ms)
OSM_URL = "https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map={zoom}/{lat:.6f}/{lon:.6f}"


def format_distance(metres: float) -> str:
    """``850 m``, ``1.33 km``, ``412 km``."""
    if metres < 1000:
        return f"{metres:.0f} m"
    if metres < 100_000:
        return f"{metres / 1000:.2f} km"
    return f"{metres / 1000:,.0f} km"


class MapPanel(CasePanel):
    """Offline map of the case's locations with coordinate entry."""

    watched_kinds = ("location", "photo", "link", "claim", "case_basemap")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 jobs: JobRunner | None = None) -> None:
        """With ``jobs`` (the main window) the panel reads and decodes the basemap in
        workers, only while it is on screen (see ``set_on_screen``); without, it reads at
        once (embedded and tests)."""
        super().__init__(ctx, parent)
        self.jobs = jobs
        #: points are being read in a worker
        self.loading = False
        self._generation = 0
        self._versions: dict[int, int] = {}  # location id -> version shown, for renames
        self._names: dict[int, str] = {}  # location id -> name shown, for renames
        self._stale = False  # the case changed while the panel was hidden
        self._basemap: Basemap | None = None
        self._basemap_loading = False
        self._on_screen = jobs is None
        self._parsed: ParsedCoordinates | None = None
        self._syncing = False
        self._fitted = False
        self.view = MapView(self)
        if jobs is None:
            self._use_basemap(decoded_basemap())
        self._build()
        self.view.point_activated.connect(self._on_point_activated)
        self.view.selection_changed.connect(self._on_selection_changed)
        self.view.cursor_moved.connect(self._on_cursor_moved)
        self.view.position_picked.connect(self._on_position_picked)
        ctx.bus.location_selected.connect(self._on_location_selected)
        ctx.bus.photo_selected.connect(self._on_photo_selected)
        ctx.bus.claim_selected.connect(self._on_claim_selected)
        self.refresh()

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.coordinates = QLineEdit(self)
        self.coordinates.setObjectName("coordinates")
        self.coordinates.setPlaceholderText(
            self.tr("Type or paste coordinates: 39°45'38.1\"N 46°44'33.9\"E, MGRS, map link")
        )
        self.coordinates.setClearButtonEnabled(True)
        self.coordinates.textChanged.connect(self._on_text_changed)
        self.coordinates.returnPressed.connect(self.add_location)
        self.feedback = QLabel(self)
        self.feedback.setObjectName("coordinateFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.kind = QComboBox(self)
        self.kind.setObjectName("locationKind")
        styles = kind_styles()
        ratio = self.devicePixelRatioF()
        for value in ("claimed", "geolocated"):
            self.kind.addItem(legend_pixmap(styles[value], 14, ratio), styles[value].title, value)
        self.name = QLineEdit(self)
        self.name.setObjectName("locationName")
        self.name.setPlaceholderText(self.tr("Name (optional)"))
        self.name.returnPressed.connect(self.add_location)
        self.add_button = QPushButton(self.tr("Add location"), self)
        self.add_button.setObjectName("addLocation")
        self.add_button.clicked.connect(self.add_location)

        add_row = QHBoxLayout()
        add_row.addWidget(self.kind)
        add_row.addWidget(self.name, 1)
        add_row.addWidget(self.add_button)

        self.zoom_in = self._tool_button(
            "+", self.tr("Zoom in (+)"), lambda: self.view.zoom_by(1.5)
        )
        self.zoom_out = self._tool_button(
            "\u2212", self.tr("Zoom out (\u2212)"), lambda: self.view.zoom_by(1 / 1.5)
        )
        self.fit_button = self._tool_button(
            self.tr("Fit"), self.tr("Show every location"), self.fit_all
        )
        self.osm_button = self._tool_button(
            self.tr("Open in OSM"),
            self.tr("Open the selected point in OpenStreetMap (needs a network)"),
            self.open_in_osm,
        )
        self.claim_button = self._tool_button(
            self.tr("Claim…"), self.tr("Link the selected locations to the claim they are about"),
            lambda: None,
        )
        self.claim_menu = QMenu(self)
        self.claim_menu.aboutToShow.connect(self._fill_claim_menu)
        self.claim_button.setMenu(self.claim_menu)
        self.claim_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.delete_button = self._tool_button(
            self.tr("Delete"), self.tr("Delete the selected locations (undoable)"),
            self.delete_selected,
        )
        self.basemap_button = BasemapButton(self.ctx, self, jobs=self.jobs)
        self.basemap_button.shown_changed.connect(
            lambda shown: self.view.set_tile_layers([b.path for b in shown]))
        self.basemap_button.failed.connect(self._show_feedback)
        self.basemap_button.show_area.connect(
            lambda info: self.view.fit_box(info.bounds.west, info.bounds.south,
                                           info.bounds.east, info.bounds.north))
        view_tools = QHBoxLayout()
        for button in (self.zoom_in, self.zoom_out, self.fit_button, self.basemap_button):
            view_tools.addWidget(button)
        view_tools.addStretch(1)
        point_tools = QHBoxLayout()
        point_tools.addStretch(1)
        for button in (self.claim_button, self.osm_button, self.delete_button):
            point_tools.addWidget(button)
        # one row under a wide map; two rows in the narrow column beside it
        self.tools = tools = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        tools.addLayout(view_tools)
        tools.addLayout(point_tools)

        self.locations = LocationList(self)
        self.locations.setObjectName("locationList")
        self.locations.keys_selected.connect(self._on_list_selection)
        self.locations.renamed.connect(self._rename)

        self.selection_info = QLabel(self)
        self.selection_info.setObjectName("selectionInfo")
        self.selection_info.setWordWrap(True)
        self.selection_info.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )

        self.legend = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.legend.setSpacing(4)
        for style in styles.values():
            entry = QHBoxLayout()
            entry.setSpacing(4)
            icon = QLabel(self)
            icon.setPixmap(legend_pixmap(style, 14, ratio))
            entry.addWidget(icon)
            text = QLabel(style.title, self)
            text.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
            entry.addWidget(text)
            entry.addStretch(1)
            self.legend.addLayout(entry)
        self.cursor_info = QLabel(self)
        self.cursor_info.setObjectName("cursorInfo")
        self.cursor_info.setStyleSheet(color_style("hint"))

        self.controls = QWidget(self)
        column = QVBoxLayout(self.controls)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.coordinates)
        column.addWidget(self.feedback)
        column.addLayout(add_row)
        column.addLayout(tools)
        column.addLayout(self.legend)
        column.addWidget(self.locations, 1)
        column.addWidget(self.selection_info)
        column.addWidget(self.cursor_info)

        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(4, 4, 4, 4)
        self.box.addWidget(self.controls)
        self.box.addWidget(self.view, 1)
        self._arrange()
        self._show_feedback()
        self._on_selection_changed(())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Map beside the controls in a wide, short dock; below them otherwise."""
        wide = is_wide(self)
        self.box.setDirection(
            QBoxLayout.Direction.RightToLeft if wide else QBoxLayout.Direction.TopToBottom
        )
        self.legend.setDirection(
            QBoxLayout.Direction.TopToBottom if wide else QBoxLayout.Direction.LeftToRight
        )
        self.tools.setDirection(
            QBoxLayout.Direction.TopToBottom if wide else QBoxLayout.Direction.LeftToRight
        )
        if wide:
            self.controls.setFixedWidth(330)
            self.locations.setMaximumHeight(16777215)  # QWIDGETSIZE_MAX
        else:
            self.controls.setMinimumWidth(0)
            self.controls.setMaximumWidth(16777215)
            self.locations.setMaximumHeight(96)

    def _tool_button(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        button.clicked.connect(slot)
        return button

    # -- reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read every point from the open case: in a worker when the panel has a job
        runner (only while it is on screen: a map off screen reads when it comes back), at
        once otherwise."""
        case = self.ctx.case
        self._generation += 1
        if self.jobs is None or case is None:
            self.basemap_button.reload()
            self.loading = False
            self._show_points(self._generation, read_map_points(case) if case else [])
            return
        if not self._on_screen:  # the case's own basemaps too are read when it comes back
            self._stale = True
            self.loading = False
            return
        self.basemap_button.reload()
        self._stale = False
        self.loading = True
        generation = self._generation
        job = Job(read_points, case)
        job.signals.result.connect(lambda points, g=generation: self._show_points(g, points))
        job.signals.error.connect(lambda message, _d: self._read_failed(generation, message))
        self.jobs.start(job)

    def _read_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.loading = False
            self.ctx.bus.status_message.emit(message)

    def _show_points(self, generation: int, points: list[MapPoint]) -> None:
        if generation != self._generation:
            return  # a newer read is on its way
        case = self.ctx.case
        self._versions = {p.location_id: p.version for p in points if p.location_id}
        self._names = {p.location_id: p.name for p in points if p.location_id}
        batch = FILL_BATCH if self.jobs is not None else 0  # in slices in the window
        if not self._fitted or case is None:
            self.view.fit_points(points)
            self._fitted = case is not None
        self.view.set_points(points, batch=batch)
        if batch:  # the list fills in slices too, from the next turn, as the markers do
            QTimer.singleShot(NEXT_TURN_MS, self,
                              lambda: self._list_points(generation, points, batch))
        else:
            self._list_points(generation, points, batch)
        self._update_add_button()

    def _list_points(self, generation: int, points: list[MapPoint], batch: int) -> None:
        if generation == self._generation:
            self.locations.set_points(points, batch=batch)
            self.loading = False  # read, and every part of the map has begun to show it

    def set_on_screen(self, on_screen: bool) -> None:
        """Told by the window when the map's dock comes on screen (its tab raised, the dock
        shown) or leaves it: the basemap is decoded the first time, and points missed while
        off screen are read."""
        self._on_screen = on_screen
        if on_screen and self.jobs is not None:
            # a tabbed dock reports itself visible for a moment while the window is first
            # shown: act on the next turn of the event loop, if still on screen
            QTimer.singleShot(0, self, self._came_on_screen)

    def _came_on_screen(self) -> None:
        if not self._on_screen or self.jobs is None:
            return
        if self._basemap is None and not self._basemap_loading:
            self._basemap_loading = True
            job = Job(decode_basemap)
            job.signals.result.connect(self._use_basemap)
            job.signals.finished.connect(self._basemap_done)
            self.jobs.start(job)
        if self._stale:
            self.refresh()

    def _use_basemap(self, result: tuple[Basemap, BasemapPaths]) -> None:
        self._basemap, paths = result
        self.view.show_basemap(paths)

    def _basemap_done(self) -> None:
        self._basemap_loading = False  # a failed decode is tried again on the next show

    def _on_case_changed(self, case: object) -> None:
        self._fitted = False
        super()._on_case_changed(case)

    # -- coordinate entry ------------------------------------------------------------------

    def _on_text_changed(self, text: str) -> None:
        self._parsed = None
        error = ""
        if text.strip():
            try:
                self._parsed = parse_coordinates(text)
            except CoordinateError as exc:
                error = str(exc)
        self._show_feedback(error)
        if self._parsed is None:
            self.view.set_preview(None, None)
        else:
            self.view.set_preview(self._parsed.lat, self._parsed.lon)

    def _show_feedback(self, error: str = "") -> None:
        parsed = self._parsed
        if parsed is not None:
            self.feedback.setStyleSheet(color_style("ok"))
            self.feedback.setText(
                self.tr("Reads as {decimal}  ·  {dms}  ·  {notation}, given {precision}").format(
                    decimal=format_decimal(parsed.lat, parsed.lon),
                    dms=format_dms(parsed.lat, parsed.lon),
                    notation=parsed.notation.upper() if len(parsed.notation) <= 4
                    else parsed.notation,
                    precision=precision_phrase(parsed.notation, parsed.precision_m),
                )
            )
        elif error:
            self.feedback.setStyleSheet(color_style("error"))
            text = error[:1].upper() + error[1:]
            self.feedback.setText(text if text.endswith(".") else text + ".")
        else:
            self.feedback.setStyleSheet(color_style("hint"))
            self.feedback.setText(
                self.tr("Decimal, DMS, degrees and minutes, MGRS, OpenStreetMap and Google "
                        "Maps links are understood.")
            )
        self._update_add_button()

    def _update_add_button(self) -> None:
        self.add_button.setEnabled(self._parsed is not None and self.ctx.case is not None)

    def _on_position_picked(self, lat: float, lon: float, metres_per_px: float) -> None:
        """Double-click on the map: propose an analyst geolocation there, written with as
        many decimals as the zoom resolves (name it, then Add location)."""
        places = max(0, min(6, math.ceil(math.log10(111_320 / max(metres_per_px, 0.01)))))
        self.kind.setCurrentIndex(self.kind.findData("geolocated"))
        self.coordinates.setText(f"{lat:.{places}f}, {lon:.{places}f}")
        self.name.setFocus()

    def add_location(self) -> None:
        """Add the parsed coordinates as a location of the chosen kind (undoable)."""
        if self._parsed is None or self.ctx.case is None:
            return
        command = CreateLocation(
            coordinates=self.coordinates.text(),
            kind=self.kind.currentData(),
            name=self.name.text().strip(),
        )
        wrapper = push_command(self.ctx, command)
        if wrapper.error is not None:
            self._show_feedback(str(wrapper.error))
            return
        self.coordinates.clear()
        self.name.clear()
        if command.created_id is not None:
            key = f"location:{command.created_id}"
            self.view.select_keys([key])
            self.ctx.bus.status_message.emit(self.tr("Location added."))

    # -- selection -----------------------------------------------------------------------

    def fit_all(self) -> None:
        """Zoom to show every point."""
        self.view.fit_points(self.view.points())

    def _on_point_activated(self, point: MapPoint) -> None:
        self._syncing = True
        try:
            if point.location_id is not None:
                self.ctx.bus.location_selected.emit(point.location_id)
            if point.photo_id is not None:
                self.ctx.bus.photo_selected.emit(point.photo_id)
            elif point.claim_ids:
                self.ctx.bus.claim_selected.emit(point.claim_ids[0])
        finally:
            self._syncing = False

    def _on_list_selection(self, keys: tuple[str, ...]) -> None:
        self.view.select_keys(list(keys))
        points = self.view.selected_points()
        if len(points) == 1:
            self._on_point_activated(points[0])

    def _rename(self, location_id: int, name: str) -> None:
        shown = {"name": self._names[location_id]} if location_id in self._names else None
        wrapper = push_command(self.ctx, EditLocation(
            location_id, {"name": name}, expected_version=self._versions.get(location_id),
            shown=shown))  # merged with a change of its other fields since
        if wrapper.error is not None:
            self.refresh()
            self.selection_info.setText(str(wrapper.error))
        elif wrapper.notice:
            self.selection_info.setText(wrapper.notice)

    def _on_selection_changed(self, points: tuple[MapPoint, ...]) -> None:
        self.locations.select_keys([p.key for p in points])
        self.osm_button.setEnabled(bool(points))
        self.delete_button.setEnabled(any(p.location_id is not None for p in points))
        self.claim_button.setEnabled(any(p.location_id is not None for p in points))
        if not points:
            self.selection_info.setText(
                self.tr("Click a point to select it; Ctrl+click a second one to measure.")
            )
            return
        if len(points) == 1:
            p = points[0]
            text = f"{p.title}: {format_dms(p.lat, p.lon)}"
            town = nearest_place(p.lat, p.lon)
            if town is not None:
                text += "\n" + self.tr("{d} {direction} of {town}").format(
                    d=format_distance(town.distance_m), direction=town.direction,
                    town=town.place.name)
            near = self._photos_near(p)
            if near:
                text += "\n" + self.tr("Photos within {r}: {photos}").format(
                    r=format_distance(NEAR_RADIUS_M), photos=near)
            self.selection_info.setText(text)
            return
        legs = [distance_m(a.lat, a.lon, b.lat, b.lon) for a, b in pairwise(points)]
        if len(points) == 2:
            self.selection_info.setText(
                self.tr("Distance {a} → {b}: {d}").format(
                    a=points[0].title, b=points[1].title, d=format_distance(legs[0])
                )
            )
        else:
            self.selection_info.setText(
                self.tr("{n} points, path length {d}").format(
                    n=len(points), d=format_distance(sum(legs))
                )
            )

    def _on_cursor_moved(self, lat: float, lon: float) -> None:
        country = self._basemap.country_at(lon, lat) if self._basemap is not None else None
        text = format_dms(lat, lon, places=0)
        self.cursor_info.setText(f"{text} · {country}" if country else text)

    def _photos_near(self, point: MapPoint) -> str:
        """"P2 IMG_0415.jpg (85 m), P3 IMG_0419.jpg (120 m)" for photos near the point, or ""
        (the point's own photo, for a camera position, is not its neighbour)."""
        if self.ctx.case is None:
            return ""
        own = point.photo_id if point.kind == "camera" else None  # a site lists its photos
        near = self.ctx.case.read(photos_near, point.lat, point.lon, NEAR_RADIUS_M,
                                  exclude_photo_id=own)
        return ", ".join(f"{p.photo_label} {p.file_name} ({format_distance(p.distance_m)})"
                         for p in near[:6])

    def selected_distance_m(self) -> float | None:
        """Distance between the two first selected points, or None."""
        points = self.view.selected_points()
        if len(points) < 2:
            return None
        a, b = points[0], points[1]
        return distance_m(a.lat, a.lon, b.lat, b.lon)

    def open_in_osm(self) -> None:
        """Open the most recently selected point in OpenStreetMap in the web browser."""
        points = self.view.selected_points()
        if not points:
            return
        point = points[-1]
        QDesktopServices.openUrl(QUrl(OSM_URL.format(lat=point.lat, lon=point.lon, zoom=16)))

    def _fill_claim_menu(self) -> None:
        self.claim_menu.clear()
        if self.ctx.case is None:
            return
        claims = self.ctx.case.read(list_claims)
        if not claims:
            self.claim_menu.addAction(self.tr("No claims yet")).setEnabled(False)
        for claim in claims:
            statement = (claim.statement if len(claim.statement) <= 70
                         else claim.statement[:69] + "…")
            text = f"{claim.label}  {statement}"
            action = self.claim_menu.addAction(text)
            action.setToolTip(claim.statement)
            action.triggered.connect(lambda _checked=False, c=claim.id: self.link_to_claim(c))

    def link_to_claim(self, claim_id: int) -> None:
        """Record that the claim is about the selected locations (one undo step)."""
        links = [
            CreateLink(from_ref=Ref("claim", claim_id), to_ref=Ref("location", p.location_id))
            for p in self.view.selected_points()
            if p.location_id is not None and claim_id not in p.claim_ids
        ]
        if not links:
            self.selection_info.setText(self.tr("The selection is already linked to that claim."))
            return
        command = links[0] if len(links) == 1 else CompositeCommand(
            self.tr("Link {n} locations to claim").format(n=len(links)), list(links))
        wrapper = push_command(self.ctx, command)
        if wrapper.error is not None:
            self.selection_info.setText(str(wrapper.error))

    def delete_selected(self) -> None:
        """Delete the selected locations, each as its own undo step."""
        for point in self.view.selected_points():
            if point.location_id is not None:
                wrapper = push_command(self.ctx, DeleteLocation(
                    point.location_id,
                    expected_version=self._versions.get(point.location_id)))
                if wrapper.error is not None:  # changed by someone else meanwhile
                    self.selection_info.setText(str(wrapper.error))

    # -- bus ---------------------------------------------------------------------------

    def _select(self, keys: list[str]) -> None:
        if self._syncing:
            return
        self.view.select_keys(keys)

    def _on_location_selected(self, location_id: int) -> None:
        self._select([f"location:{location_id}"] if location_id else [])

    def _on_photo_selected(self, photo_id: int) -> None:
        keys = [p.key for p in self.view.points() if p.photo_id == photo_id]
        if keys:
            self._select(keys)

    def _on_claim_selected(self, claim_id: int) -> None:
        keys = [p.key for p in self.view.points() if claim_id in p.claim_ids]
        if keys:
            self._select(keys)
