"""Undoable commands for sources, actors, claims, locations, links and photo settings.

All are the generic ``CreateCommand`` / ``UpdateCommand`` / ``DeleteCommand`` of
``desktop.core.ops.undoable`` bound to one kind's verbs; they take the same keyword
arguments as the verbs. ``Edit*`` commands take the new values (``after``) and optionally
the old ones (``before``); without ``before`` the first redo records the stored values.
A form passes ``expected_version``, the version of the object it showed, and ``shown``, the
values it showed for the fields it edits, so that an edit made after someone else's change
is merged with it field by field, and refused only when both changed the same field
(without ``shown``, any change since refuses it)::

    push_command(ctx, CreateLink(from_ref=Ref("annotation", 4), to_ref=Ref("claim", 2),
                                 stance="supports", note="index code 9M723 is Iskander-M"))
    push_command(ctx, EditClaim(2, {"status": "disputed"}, expected_version=claim.version,
                                shown={"status": claim.status}))
    push_command(ctx, EditLocation(5, {"coordinates": "39.7606, 46.7427"}))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes, Ref
from desktop.core.ops import actors, claims, entity, links, locations, photos, sources
from desktop.core.ops.common import Snapshot
from desktop.core.ops.undoable import CreateCommand, DeleteCommand, EntityVerbs, UpdateCommand


def _verbs(spec: entity.EntitySpec, update: Callable[..., Changes],
           delete: Callable[..., tuple[Snapshot, Changes]] | None,
           restore: Callable[..., Changes] | None, id_name: str) -> EntityVerbs:
    """Adapt keyword-only verbs (``update_claim(case, claim_id=..., **fields)``)."""

    def do_update(case: CaseFile, object_id: int, fields: Mapping[str, Any]) -> Changes:
        return update(case, **{id_name: object_id}, **fields)

    def do_delete(case: CaseFile, object_id: int) -> tuple[Snapshot, Changes]:
        assert delete is not None
        return delete(case, **{id_name: object_id})

    def do_restore(case: CaseFile, snapshot: Snapshot) -> Changes:
        assert restore is not None
        return restore(case, snapshot=snapshot)

    def current(case: CaseFile, object_id: int) -> dict[str, Any]:
        return entity.current_values(case, spec, object_id)

    return EntityVerbs(spec.kind, spec.model, do_update,
                       do_delete if delete else None, do_restore if restore else None,
                       current)


SOURCE_VERBS = _verbs(sources.SOURCE, sources.update_source, sources.delete_source,
                      sources.restore_source, "source_id")
ACTOR_VERBS = _verbs(actors.ACTOR, actors.update_actor, actors.delete_actor,
                     actors.restore_actor, "actor_id")
CLAIM_VERBS = _verbs(claims.CLAIM, claims.update_claim, claims.delete_claim,
                     claims.restore_claim, "claim_id")
LOCATION_VERBS = _verbs(locations.LOCATION, locations.update_location,
                        locations.delete_location, locations.restore_location, "location_id")
LINK_VERBS = _verbs(links.LINK, links.update_link, links.delete_link, links.restore_link,
                    "link_id")
PHOTO_VERBS = _verbs(photos.PHOTO, photos.update_photo, None, None, "photo_id")


class CreateSource(CreateCommand):
    """Add a source (arguments as ``sources.create_source``, including ``file``)."""

    def __init__(self, **fields: Any) -> None:
        super().__init__("Add source", SOURCE_VERBS,
                         lambda case: sources.create_source(case, **fields))


class EditSource(UpdateCommand):
    """Edit a source's fields."""

    def __init__(self, source_id: int, after: Mapping[str, Any],
                 before: Mapping[str, Any] | None = None, *,
                 expected_version: int | None = None,
                 shown: Mapping[str, Any] | None = None) -> None:
        super().__init__("Edit source", SOURCE_VERBS, source_id, before, dict(after),
                         expected_version=expected_version, shown=shown)


class AttachSourceFile(UpdateCommand):
    """Store a file in the case and attach it to a source; undo restores the previous file
    reference (the stored copy stays in the store, which is never pruned)."""

    def __init__(self, source_id: int, path: str | Path) -> None:
        super().__init__("Attach file to source", SOURCE_VERBS, source_id, None, {})
        self._path = Path(path)

    def redo(self, case: CaseFile) -> Changes:
        if not self.after:
            self.after = sources.store_attachment(case, self._path)
        return super().redo(case)


class DeleteSource(DeleteCommand):
    """Delete a source (its claims stay); undo restores it and re-attaches its claims."""

    def __init__(self, source_id: int, *, expected_version: int | None = None) -> None:
        super().__init__("Delete source", SOURCE_VERBS, source_id,
                         expected_version=expected_version)


class CreateActor(CreateCommand):
    """Add an actor (arguments as ``actors.create_actor``)."""

    def __init__(self, **fields: Any) -> None:
        super().__init__("Add actor", ACTOR_VERBS,
                         lambda case: actors.create_actor(case, **fields))


class EditActor(UpdateCommand):
    """Edit an actor's name, kind or affiliation."""

    def __init__(self, actor_id: int, after: Mapping[str, Any],
                 before: Mapping[str, Any] | None = None, *,
                 expected_version: int | None = None,
                 shown: Mapping[str, Any] | None = None) -> None:
        super().__init__("Edit actor", ACTOR_VERBS, actor_id, before, dict(after),
                         expected_version=expected_version, shown=shown)


class DeleteActor(DeleteCommand):
    """Delete an actor (its claims stay)."""

    def __init__(self, actor_id: int, *, expected_version: int | None = None) -> None:
        super().__init__("Delete actor", ACTOR_VERBS, actor_id,
                         expected_version=expected_version)


class CreateClaim(CreateCommand):
    """Add a claim (arguments as ``claims.create_claim``)."""

    def __init__(self, **fields: Any) -> None:
        super().__init__("Add claim", CLAIM_VERBS,
                         lambda case: claims.create_claim(case, **fields))


class EditClaim(UpdateCommand):
    """Edit a claim; the text names the field when only one changes."""

    def __init__(self, claim_id: int, after: Mapping[str, Any],
                 before: Mapping[str, Any] | None = None, *,
                 expected_version: int | None = None,
                 shown: Mapping[str, Any] | None = None) -> None:
        words = {"about_when": "date", "claimed_on": "date", "actor_id": "actor",
                 "source_id": "source"}
        text = "Edit claim"
        if len(after) == 1:
            (key,) = after
            text = f"Edit {words.get(key, key)} of claim"
        super().__init__(text, CLAIM_VERBS, claim_id, before, dict(after),
                         expected_version=expected_version, shown=shown)


class DeleteClaim(DeleteCommand):
    """Delete a claim and its links; undo restores both."""

    def __init__(self, claim_id: int, *, expected_version: int | None = None) -> None:
        super().__init__("Delete claim", CLAIM_VERBS, claim_id,
                         expected_version=expected_version)


class CreateLocation(CreateCommand):
    """Add a location (arguments as ``locations.create_location``)."""

    def __init__(self, **fields: Any) -> None:
        super().__init__("Add location", LOCATION_VERBS,
                         lambda case: locations.create_location(case, **fields))


class EditLocation(UpdateCommand):
    """Edit a location; ``{"coordinates": text}`` re-parses the point."""

    def __init__(self, location_id: int, after: Mapping[str, Any],
                 before: Mapping[str, Any] | None = None, *,
                 expected_version: int | None = None,
                 shown: Mapping[str, Any] | None = None) -> None:
        text = "Move location" if {"coordinates", "lat", "lon"} & set(after) else "Edit location"
        super().__init__(text, LOCATION_VERBS, location_id, before, dict(after),
                         expected_version=expected_version, shown=shown)


class DeleteLocation(DeleteCommand):
    """Delete a location and the links to it."""

    def __init__(self, location_id: int, *, expected_version: int | None = None) -> None:
        super().__init__("Delete location", LOCATION_VERBS, location_id,
                         expected_version=expected_version)


class CreateLink(CreateCommand):
    """Link two objects (arguments as ``links.create_link``)."""

    def __init__(self, *, from_ref: Ref, to_ref: Ref, **fields: Any) -> None:
        start, end = Ref(*from_ref), Ref(*to_ref)
        super().__init__(f"Link {start.kind} to {end.kind}", LINK_VERBS,
                         lambda case: links.create_link(case, from_ref=start, to_ref=end,
                                                        **fields))


class EditLink(UpdateCommand):
    """Change a link's stance and/or note."""

    def __init__(self, link_id: int, after: Mapping[str, Any],
                 before: Mapping[str, Any] | None = None, *,
                 expected_version: int | None = None) -> None:
        text = "Change stance of link" if set(after) == {"stance"} else "Edit link"
        super().__init__(text, LINK_VERBS, link_id, before, dict(after),
                         expected_version=expected_version)


class DeleteLink(DeleteCommand):
    """Remove a link; refused when ``expected_version`` (what the view showed) is no longer
    the stored one, i.e. someone changed the link since."""

    def __init__(self, link_id: int, *, expected_version: int | None = None) -> None:
        super().__init__("Remove link", LINK_VERBS, link_id, expected_version=expected_version)


class EditPhoto(UpdateCommand):
    """Edit a photo's notes, view adjustments or provenance (the original is never touched)."""

    def __init__(self, photo_id: int, after: Mapping[str, Any],
                 before: Mapping[str, Any] | None = None, *,
                 expected_version: int | None = None,
                 shown: Mapping[str, Any] | None = None) -> None:
        if set(after) == {"view_adjustments"}:
            text = "Adjust view"
        elif after and set(after) <= set(photos.PROVENANCE_FIELDS):
            text = "Edit photo provenance"
        else:
            text = "Edit photo notes"
        super().__init__(text, PHOTO_VERBS, photo_id, before, dict(after),
                         expected_version=expected_version, shown=shown)
