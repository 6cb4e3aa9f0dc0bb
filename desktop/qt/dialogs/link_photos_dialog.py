"""Link the photos selected in the browser to one claim, with one stance and rationale.

The link dialog of annotations, given photos: accepting pushes one undoable step (a
``CompositeCommand`` of one ``CreateLink`` per photo, one transaction), so Undo takes
every link of the bulk action back at once. Photos already linked to the chosen claim are
skipped; when every one of them is, the dialog says so and stays open.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from desktop.core.changes import Ref
from desktop.core.commands import CompositeCommand
from desktop.core.ops.investigation_commands import CreateLink
from desktop.core.queries.investigation import list_claims
from desktop.core.queries.photos import PhotoInfo, get_photo
from desktop.core.queries.tags import photos_linked_to_claim
from desktop.qt.context import AppContext
from desktop.qt.dialogs.link_claim_dialog import LinkClaimDialog
from desktop.qt.forms import show_error
from desktop.qt.undo import push_command

_LISTED = 8  # photos named in the header; the rest are counted


class LinkPhotosDialog(LinkClaimDialog):
    """Choose a claim, a stance and a rationale for every photo of a selection."""

    def __init__(self, ctx: AppContext, photo_ids: Sequence[int],
                 parent: QWidget | None = None) -> None:
        self.photo_ids = list(dict.fromkeys(photo_ids))
        self._photos: list[PhotoInfo] = []
        super().__init__(ctx, [], parent)
        self.setWindowTitle(self.tr("Link photos to claim"))
        self.rationale.setPlaceholderText(
            self.tr("Why: e.g. these photos show the debris at the position the claim gives"))
        names = [f"{p.label} {p.file_name}" for p in self._photos[:_LISTED]]
        more = len(self._photos) - len(names)
        if more > 0:
            names.append(self.tr("and {n} more").format(n=more))
        if len(self._photos) == 1:
            self.header.setText(self.tr("Photo {what}").format(what=names[0]))
        else:
            self.header.setText(self.tr("{n} photos:").format(n=len(self._photos)) + "\n"
                                + "\n".join(names))
        self._update_ok()

    def _read(self) -> None:
        case = self.ctx.case
        if case is None:
            return
        self._claims = case.read(list_claims)
        found = (case.read(get_photo, pid) for pid in self.photo_ids)
        self._photos = [p for p in found if p is not None]

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.selected_claim_id() is not None and bool(self._photos))

    def accept(self) -> None:
        """Link every photo not yet linked to the claim, as one undo step."""
        claim_id = self.selected_claim_id()
        case = self.ctx.case
        if claim_id is None or not self._photos or case is None:
            return
        linked = case.read(photos_linked_to_claim, [p.id for p in self._photos], claim_id)
        targets = [p for p in self._photos if p.id not in linked]
        if not targets:
            show_error(self.error, self.tr("every one of these photos is already linked "
                                           "to it"))
            return
        note = self.rationale.toPlainText().strip()
        links = [CreateLink(from_ref=Ref("photo", p.id), to_ref=Ref("claim", claim_id),
                            stance=self.stance(), note=note) for p in targets]
        text = (self.tr("Link photo {label} to claim").format(label=targets[0].label)
                if len(targets) == 1 else
                self.tr("Link {n} photos to claim").format(n=len(targets)))
        wrapper = push_command(self.ctx, CompositeCommand(text, list(links)))
        if wrapper.error is not None:
            show_error(self.error, str(wrapper.error))
            return
        super(LinkClaimDialog, self).accept()
