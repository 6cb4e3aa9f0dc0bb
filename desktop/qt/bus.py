"""The one broadcast channel from the core back up to the views.

Every applied mutation emits ``changes_applied(Changes)`` exactly once; each view decides
for itself whether to re-read (``changes.touches("annotation")``). Selection and navigation
requests travel on the same bus so that no widget reaches into another.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class EventBus(QObject):
    """Signals shared by the main window and every panel."""

    #: A core mutation finished; the argument is a ``desktop.core.changes.Changes``.
    changes_applied = Signal(object)
    #: The open case changed (argument: ``CaseFile`` or None when closed).
    case_changed = Signal(object)
    #: Show this photo in the viewer (photo id).
    photo_selected = Signal(int)
    #: Select this annotation (annotation id, or 0 for none).
    annotation_selected = Signal(int)
    #: A shape was just drawn (annotation id): the window leads into reading it.
    annotation_created = Signal(int)
    #: Select this claim (claim id, or 0 for none).
    claim_selected = Signal(int)
    #: Select this source (source id), e.g. chosen from the search box.
    source_selected = Signal(int)
    #: Select this location (location id, or 0 for none).
    location_selected = Signal(int)
    #: Bring a page of the central area forward ("photo", "claims", "sources",
    #: "evidence", "map"): the user asked to see something that lives there.
    page_requested = Signal(str)
    #: A one-line status message for the status bar.
    status_message = Signal(str)
