"""What the Sources panel does with a finding of its text: make it a location (one, or all
at once) or link the annotations that read a marking to a claim, each with its citation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from desktop.core.commands import CompositeCommand
from desktop.core.ops.citations import citation_of
from desktop.core.ops.investigation_commands import CreateLocation
from desktop.core.place_context import propose_name
from desktop.core.queries.panel_reads import claimed_positions, marking_readers
from desktop.core.scan import FoundCoordinate, FoundMarking, ScanResult
from desktop.qt.forms import show_error
from desktop.qt.panels.source_findings import finding_of
from desktop.qt.undo import push_command

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QWidget

    from desktop.core.queries.investigation import SourceInfo
    from desktop.qt.context import AppContext


class FindingActions:
    """Mixin of ``SourcesPanel`` (a QWidget): the actions on the selected finding."""

    if TYPE_CHECKING:  # provided by the panel
        ctx: AppContext
        findings: QListWidget
        location_name: QLineEdit
        error: QLabel
        finding_info: QLabel
        scan: ScanResult
        _scan_cache: tuple[str, ScanResult] | None
        _showing_file: bool

        def tr(self, text: str) -> str: ...
        def current_source(self) -> SourceInfo | None: ...
        def _region(self, found: FoundCoordinate | FoundMarking
                    ) -> tuple[int, int, int, int] | None: ...

    def act_on_finding(self) -> None:
        """Double-click: create the location, or link the marking."""
        found = finding_of(self.findings.currentItem())
        if isinstance(found, FoundCoordinate):
            self.create_location_from_finding()
        elif isinstance(found, FoundMarking):
            self.link_marking()

    def _citation(self, found: FoundCoordinate | FoundMarking,
                  source: SourceInfo | None) -> dict[str, Any] | None:
        """Where ``found`` is: page, line, span, a quotation, and the file or image region."""
        if source is None:
            return None
        return citation_of(found, source_id=source.id,
                           file_sha256=source.file_sha256 if self._showing_file else None,
                           region=self._region(found))

    def _proposed_name(self, found: FoundCoordinate) -> str:
        text = self._scan_cache[0] if self._scan_cache is not None else ""
        if text[found.start:found.end] != found.text:
            return ""
        return propose_name(text, found.start, found.end, self.scan.coordinates)

    def _location_command(self, found: FoundCoordinate, name: str | None = None
                          ) -> CreateLocation:
        source = self.current_source()
        title = source.title if source else ""
        return CreateLocation(
            coordinates=found.reading or found.text, kind="claimed",
            name=(self._proposed_name(found) if name is None else name).strip(),
            note=self.tr("Found in source “{title}”").format(title=title),
            citation=self._citation(found, source),
        )

    def create_location_from_finding(self) -> None:
        """Make the selected coordinate a claimed location (undoable)."""
        found = finding_of(self.findings.currentItem())
        if not isinstance(found, FoundCoordinate):
            return
        wrapper = push_command(self.ctx, self._location_command(found,
                                                                self.location_name.text()))
        if wrapper.error is not None:
            show_error(self.error, str(wrapper.error))
        else:
            self.ctx.bus.status_message.emit(self.tr("Location created from the source."))

    def create_all_locations(self) -> None:
        """Every coordinate not yet a location becomes one, in a single undo step."""
        if self.ctx.case is None:
            return
        known = self.ctx.case.read(claimed_positions)
        new = [
            c for c in self.scan.coordinates
            if not any(abs(c.lat - lat) < 1e-5 and abs(c.lon - lon) < 1e-5 for lat, lon in known)
        ]
        if not new:
            self.finding_info.setText(self.tr("Every coordinate is already a location."))
            return
        text = (self.tr("Create 1 location from source") if len(new) == 1
                else self.tr("Create {n} locations from source").format(n=len(new)))
        command = CompositeCommand(text, [self._location_command(c) for c in new])
        wrapper = push_command(self.ctx, command)
        if wrapper.error is not None:
            show_error(self.error, str(wrapper.error))
            return
        done = (self.tr("1 location created from the source; it is on the Map.")
                if len(new) == 1 else
                self.tr("{n} locations created from the source; they are on the Map.")
                .format(n=len(new)))
        self.finding_info.setText(done)
        self.ctx.bus.status_message.emit(done)

    def link_marking(self) -> None:
        """Open "Link to claim" for the annotations whose reading is this marking."""
        found = finding_of(self.findings.currentItem())
        if not isinstance(found, FoundMarking) or self.ctx.case is None:
            return
        source = self.current_source()
        readers, claim_id = self.ctx.case.read(
            marking_readers, found.normalized, source.id if source is not None else None)
        if not readers:
            self.finding_info.setText(
                self.tr("No annotation reads {marking} yet: draw one around the marking in "
                        "a photo and transcribe it first.").format(marking=found.display)
            )
            return
        from desktop.qt.dialogs.link_claim_dialog import LinkClaimDialog

        dialog = LinkClaimDialog(self.ctx, readers, cast("QWidget", self), claim_id=claim_id,
                                 citation=self._citation(found, source))
        dialog.exec()

