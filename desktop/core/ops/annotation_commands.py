"""Undoable annotation commands for the undo stack: create, edit (move/resize/properties), delete.

Usage from the GUI (one command per user action; a whole drag is one ``EditAnnotation``)::

    cmd = CreateAnnotation(photo_id=7, shape_type="rect", geometry={"x": 10, "y": 20,
                           "w": 100, "h": 40}, kind="index_code")
    push_command(ctx, cmd)          # runs cmd.redo(case) once
    cmd.created_id                  # the new annotation's id, to select it
    push_command(ctx, EditAnnotation(cmd.created_id, before={"geometry": old},
                                     after={"geometry": new}, number=3))

Commands follow their annotation by uid (see ``desktop.core.ops.undoable``), so undoing and
redoing a create re-creates the same number and content and later commands still apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from db.models import Annotation, AnnotationKind, Confidence, ShapeType
from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.ops.annotations import (
    EDITABLE,
    create_annotation,
    delete_annotation,
    restore_annotation,
    update_annotation,
)
from desktop.core.ops.common import Snapshot, get_required, row_dict
from desktop.core.ops.undoable import CreateCommand, DeleteCommand, EntityVerbs, UpdateCommand


def _update(case: CaseFile, annotation_id: int, fields: Mapping[str, Any]) -> Changes:
    return update_annotation(case, annotation_id=annotation_id, **fields)


def _delete(case: CaseFile, annotation_id: int) -> tuple[Snapshot, Changes]:
    return delete_annotation(case, annotation_id=annotation_id)


def _restore(case: CaseFile, snapshot: Snapshot) -> Changes:
    return restore_annotation(case, snapshot=snapshot)


def _current(case: CaseFile, annotation_id: int) -> dict[str, Any]:
    """The stored values of the editable fields (what a stale edit is merged with)."""
    with case.read_session() as session:
        row = row_dict(get_required(session, Annotation, annotation_id, "annotation"))
    return {key: row[key] for key in EDITABLE}


ANNOTATION_VERBS = EntityVerbs("annotation", Annotation, _update, _delete, _restore,
                               _current)

_FIELD_WORDS = {
    "kind": "kind", "transcription": "reading", "confidence": "confidence",
    "notes": "notes",
}


#: kinds whose Edit-menu text names what was made ("Add measurement A9")
_MADE = {AnnotationKind.MEASUREMENT.value: "measurement",
         AnnotationKind.SCALE_REFERENCE.value: "scale reference"}


def _label(number: int | str | None) -> str:
    return "annotation" if number is None else f"annotation {number}"


class CreateAnnotation(CreateCommand):
    """Draw a new annotation ("Add rectangle annotation"; a measurement or a scale reference
    by what it is and its label, known once made: "Add measurement A9"); ``created_id``
    after redo."""

    def __init__(
        self,
        *,
        photo_id: int,
        shape_type: ShapeType | str,
        geometry: dict[str, Any],
        kind: AnnotationKind | str = AnnotationKind.OTHER,
        transcription: str = "",
        confidence: Confidence | str = Confidence.POSSIBLE,
        notes: str = "",
        number: int | None = None,
    ) -> None:
        shape = str(getattr(shape_type, "value", shape_type))
        what = str(getattr(kind, "value", kind))
        words = {"rect": "rectangle", "polygon": "polygon", "point": "point", "line": "line",
                 "polyline": "polyline", "circle": "circle"}
        named = _MADE.get(what)  # a measurement or a reference says what it is, not its shape

        def create(case: CaseFile) -> tuple[int, Changes]:
            new_id, changes = create_annotation(
                case, photo_id=photo_id, shape_type=shape_type, geometry=geometry, kind=kind,
                transcription=transcription, confidence=confidence, notes=notes,
                number=number,
            )
            if named is not None:
                with case.read_session() as session:
                    label = session.get(Annotation, new_id).label  # type: ignore[union-attr]
                self.text = f"Add {named} {label}"
            return new_id, changes

        super().__init__(text=f"Add {named}" if named is not None else
                         f"Add {words.get(shape, shape)} annotation",
                         verbs=ANNOTATION_VERBS, create=create)


class EditAnnotation(UpdateCommand):
    """Change geometry and/or properties; ``before``/``after`` hold only the edited fields.

    ``expected_version`` is the annotation's version as shown, ``shown`` the values shown
    for the edited fields, so that an edit made after someone else's change is merged
    with it (see ``UpdateCommand``).
    ``number`` (the annotation's label, A3, or its number on its photo) is only used for
    the text: "Move annotation A3", "Resize annotation A3", "Edit shape of annotation A3",
    "Edit reading of annotation A3", or "Edit annotation A3" when several fields
    change.
    """

    def __init__(
        self,
        annotation_id: int,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        *,
        number: int | str | None = None,
        expected_version: int | None = None,
        shown: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(text=edit_text(before, after, number), verbs=ANNOTATION_VERBS,
                         target_id=annotation_id, before=dict(before), after=dict(after),
                         expected_version=expected_version, shown=shown)


class DeleteAnnotation(DeleteCommand):
    """Delete an annotation and its links; undo restores both."""

    def __init__(self, annotation_id: int, *, number: int | str | None = None,
                 expected_version: int | None = None) -> None:
        super().__init__(text=f"Delete {_label(number)}", verbs=ANNOTATION_VERBS,
                         target_id=annotation_id, expected_version=expected_version)


def edit_text(before: Mapping[str, Any], after: Mapping[str, Any],
              number: int | str | None) -> str:
    """The Edit-menu text for an annotation edit."""
    label = _label(number)
    keys = set(after) | set(before)
    if keys == {"geometry"}:
        old, new = before.get("geometry") or {}, after.get("geometry") or {}
        if "points" in new or ("r" in new and old.get("r") != new.get("r")):
            return f"Edit shape of {label}"
        if "w" in new and (old.get("w"), old.get("h")) != (new.get("w"), new.get("h")):
            return f"Resize {label}"
        return f"Move {label}"
    if len(keys) == 1:
        (key,) = keys
        return f"Edit {_FIELD_WORDS.get(key, key)} of {label}"
    if len(keys) == 2:  # a reading and the kind it suggested
        first, second = sorted(keys, key=lambda k: (k != "transcription", k))
        return (f"Edit {_FIELD_WORDS.get(first, first)} and "
                f"{_FIELD_WORDS.get(second, second)} of {label}")
    return f"Edit {label}"
