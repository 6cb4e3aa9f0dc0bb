"""Metadata of the photo in the viewer: SHA-256 (copyable), file, format, size, camera,
date taken, GPS (copy coordinates, open in OpenStreetMap) and flags."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.changes import Changes
from desktop.core.queries.checks import PhotoChecks, photo_checks
from desktop.core.queries.evidence import NEAR_RADIUS_M, photos_near
from desktop.core.queries.photos import PhotoInfo, get_photo
from desktop.core.queries.videos import frame_of_photo
from desktop.core.video import timecode
from desktop.qt.context import AppContext
from desktop.qt.time_text import camera_time_label, utc_label

FLAG_TEXT = {
    "truncated": "truncated file (only part of the image could be decoded)",
    "exif_unreadable": "EXIF unreadable",
    "no_exif": "no EXIF metadata",
    "gps_invalid": "GPS present but invalid",
    "orientation_invalid": "invalid EXIF orientation",
    "animated": "animated (first frame shown)",
}


def format_bytes(size: int) -> str:
    """1536 -> "1.5 KB"."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def osm_url(lat: float, lon: float, zoom: int = 17) -> str:
    """An OpenStreetMap link with a marker at (lat, lon)."""
    return (f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}"
            f"#map={zoom}/{lat:.6f}/{lon:.6f}")


class MetadataPanel(QWidget):
    """Read-only facts about the shown photo."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.photo: PhotoInfo | None = None
        self._pending: int | None = None  # selected while off screen, read once shown
        self._on_screen = True  # until the window says otherwise (``set_on_screen``)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.sha = QLineEdit(self)
        self.sha.setReadOnly(True)
        self.sha.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.sha.setAccessibleName(self.tr("SHA-256"))
        self.copy_sha = QPushButton(self.tr("Copy"), self)
        sha_row = QHBoxLayout()
        sha_row.addWidget(self.sha, 1)
        sha_row.addWidget(self.copy_sha)
        form.addRow(self.tr("SHA-256"), sha_row)
        self.labels: dict[str, QLabel] = {}
        for key, title in (("label", self.tr("Label")), ("file", self.tr("File")),
                           ("format", self.tr("Format")),
                           ("pixels", self.tr("Pixels")), ("camera", self.tr("Camera")),
                           ("taken", self.tr("Taken")), ("gps", self.tr("GPS")),
                           ("near", self.tr("Within {0:.0f} m").format(NEAR_RADIUS_M)),
                           ("sun", self.tr("Sun")), ("credentials", self.tr("Credentials")),
                           ("flags", self.tr("Flags")), ("imported", self.tr("Imported")),
                           ("frame", self.tr("Video frame"))):
            label = QLabel(self)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(title, label)
            self.labels[key] = label
        self._form = form
        layout.addLayout(form)
        gps_row = QHBoxLayout()
        self.copy_gps = QPushButton(self.tr("Copy coordinates"), self)
        self.open_osm = QPushButton(self.tr("Open in OpenStreetMap"), self)
        gps_row.addWidget(self.copy_gps)
        gps_row.addWidget(self.open_osm)
        layout.addLayout(gps_row)
        layout.addStretch(1)
        self.copy_sha.clicked.connect(lambda: QApplication.clipboard().setText(self.sha.text()))
        self.copy_gps.clicked.connect(self.copy_coordinates)
        self.open_osm.clicked.connect(self.open_in_osm)
        ctx.bus.photo_selected.connect(self.show_photo)
        ctx.bus.case_changed.connect(lambda _c: self.show_photo(0))
        ctx.bus.changes_applied.connect(self._on_changes)
        self.show_photo(0)

    def _on_changes(self, changes: Changes) -> None:
        if self._pending is not None:
            return  # read when the panel comes on screen
        if self.photo is not None and changes.touches("photo", "check_finding", "video_frame"):
            self.show_photo(self.photo.id)

    def set_on_screen(self, on_screen: bool) -> None:
        """Told by the window when the panel's dock comes on screen (its tab raised) or
        leaves it; a photo selected meanwhile is read when it comes back."""
        self._on_screen = on_screen
        if on_screen and self._pending is not None:
            self.show_photo(self._pending)

    def show_photo(self, photo_id: int) -> None:
        """Show the metadata of this photo (0: none).

        While the panel is off screen (a tab behind the Inspector, as it is by default:
        ``set_on_screen``), the photo is only noted, and read when the panel comes back: its
        four reads are a third of what selecting a photo costs the GUI thread."""
        if photo_id and not self._on_screen:
            self._pending = photo_id
            return
        self._pending = None
        info = None
        if photo_id and self.ctx.case is not None:
            info = self.ctx.case.read(get_photo, photo_id)
        self.photo = info
        p = info
        self.sha.setText(p.sha256 if p else "")
        self.sha.setCursorPosition(0)  # show the start of the hash, as people quote it
        self.copy_sha.setEnabled(p is not None)
        unknown = self.tr("unknown")
        values = {key: "" for key in self.labels}
        if p is not None:
            checks = self.ctx.case.read(photo_checks, p.id) if self.ctx.case else None
            camera = " ".join(x for x in (p.camera_make, p.camera_model) if x)
            values = {
                "label": p.label,
                "file": p.file_name,
                "format": f"{p.format} · {format_bytes(p.byte_size)}",
                "pixels": f"{p.width} × {p.height}" + (
                    self.tr(" (EXIF orientation {0} applied)").format(p.orientation)
                    if p.orientation and p.orientation != 1 else ""),
                "camera": camera + (f" · {p.lens}" if p.lens else "") if camera else unknown,
                "taken": camera_time_label(p.taken_at, unknown),
                "gps": self.coordinates_text() or self.tr("none"),
                "near": self._near_text(p),
                "flags": "; ".join(self.tr(FLAG_TEXT.get(f, f)) for f in p.flags)
                or self.tr("none"),
                "imported": f"{utc_label(p.imported_at)} · {p.imported_by}",
                **self._checks_texts(checks),
                "frame": self._frame_text(p.id),
            }
        for key, label in self.labels.items():
            label.setText(values[key])
        self._form.setRowVisible(self.labels["frame"], bool(values["frame"]))
        self._form.setRowVisible(self.labels["near"], bool(values["near"]))
        has_gps = p is not None and p.has_gps
        self.copy_gps.setEnabled(has_gps)
        self.open_osm.setEnabled(has_gps)

    def _near_text(self, p: PhotoInfo) -> str:
        """The other photos within the radius of this one's camera position, each with its
        distance ("P2 IMG_0415.jpg (85 m)"); "none"; or "" without GPS."""
        if not p.has_gps or self.ctx.case is None:
            return ""
        assert p.gps_lat is not None and p.gps_lon is not None
        near = self.ctx.case.read(photos_near, p.gps_lat, p.gps_lon, NEAR_RADIUS_M,
                                  exclude_photo_id=p.id)
        if not near:
            return self.tr("no other photo")
        shown = [self.tr("{0} {1} ({2:.0f} m)").format(n.photo_label, n.file_name,
                                                       n.distance_m) for n in near[:8]]
        if len(near) > len(shown):
            shown.append(self.tr("and {0} more").format(len(near) - len(shown)))
        return ", ".join(shown)

    def _frame_text(self, photo_id: int) -> str:
        """'frame 17 at 00:00:01.700 of video V1 (clip.mp4, SHA-256 …)', or '' for a photo."""
        found = self.ctx.case.read(frame_of_photo, photo_id) if self.ctx.case else None
        if found is None:
            return ""
        frame, video = found
        return self.tr("frame {0} at {1} of video {2} ({3}, SHA-256 {4}); decoded frame "
                       "SHA-256 {5}").format(frame.index, timecode(frame.time_s), video.label,
                                             video.file_name, video.sha256, frame.digest)

    def _checks_texts(self, checks: PhotoChecks | None) -> dict[str, str]:
        """The sun at capture and the content credentials, as the checks read them."""
        if checks is None:
            return {"sun": "", "credentials": ""}
        if checks.sun is not None:
            sun = self.tr("azimuth {0:.1f}°, elevation {1:.1f}° ({2})").format(
                checks.sun.azimuth, checks.sun.elevation, checks.sun_time_source)
        else:
            sun = self.tr("not computed: needs GPS and a capture time with its time zone")
        creds = checks.credentials
        if creds is None:
            credentials = (self.tr("not read yet (run the checks)") if not checks.phash
                           else self.tr("none"))
        else:
            credentials = self.tr("{0}, signed by {1}").format(
                creds.get("state", ""), creds.get("signer") or self.tr("unnamed signer"))
        return {"sun": sun, "credentials": credentials}

    def coordinates_text(self) -> str:
        """"lat, lon" in decimal degrees, or "" without GPS."""
        p = self.photo
        if p is None or not p.has_gps:
            return ""
        assert p.gps_lat is not None and p.gps_lon is not None
        text = f"{p.gps_lat:.6f}, {p.gps_lon:.6f}"
        if p.gps_alt is not None:
            text += self.tr(" (altitude {0:.0f} m)").format(p.gps_alt)
        return text

    def copy_coordinates(self) -> None:
        """Put "lat, lon" on the clipboard."""
        p = self.photo
        if p is not None and p.has_gps:
            QApplication.clipboard().setText(f"{p.gps_lat:.6f}, {p.gps_lon:.6f}")

    def open_in_osm(self) -> None:
        """Open the camera position in the web browser (needs a network)."""
        p = self.photo
        if p is not None and p.gps_lat is not None and p.gps_lon is not None:
            QDesktopServices.openUrl(QUrl(osm_url(p.gps_lat, p.gps_lon)))
