"""Links: the allowed pairs, stance/relation rules, duplicates and self-links."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.changes import Ref
from desktop.core.errors import ValidationError
from desktop.core.ops.annotations import create_annotation, delete_annotation
from desktop.core.ops.claims import create_claim, delete_claim, restore_claim
from desktop.core.ops.links import create_link, delete_link, restore_link, update_link
from desktop.core.ops.locations import create_location
from tests.unit.investigation_fixtures import add_photo, case_state


@pytest.fixture
def objects(new_case: CaseFile, tmp_path: Path) -> dict[str, Ref]:
    photo = add_photo(new_case, tmp_path)
    ann, _ = create_annotation(new_case, photo_id=photo, shape_type="point",
                               geometry={"x": 5, "y": 5})
    c1, _ = create_claim(new_case, statement="Armenia used Iskander against Shusha")
    c2, _ = create_claim(new_case, statement="Armenia did not use Iskander")
    loc, _ = create_location(new_case, coordinates="39.7606, 46.7428")
    return {"photo": Ref("photo", photo), "annotation": Ref("annotation", ann),
            "c1": Ref("claim", c1), "c2": Ref("claim", c2), "location": Ref("location", loc)}


def test_every_allowed_link(new_case: CaseFile, objects: dict[str, Ref]) -> None:
    o = objects
    _, changes = create_link(new_case, from_ref=o["annotation"], to_ref=o["c1"],
                             stance="supports", note="9M723 = Iskander-M")
    assert changes.updated == {o["annotation"], o["c1"]}
    create_link(new_case, from_ref=o["photo"], to_ref=o["c2"], stance="context")
    create_link(new_case, from_ref=o["c2"], to_ref=o["c1"], stance="contradicts")
    create_link(new_case, from_ref=o["photo"], to_ref=o["location"])
    create_link(new_case, from_ref=o["c1"], to_ref=o["location"], relation="about")
    rows = case_state(new_case)["link"]
    assert [(r["stance"] and r["stance"].value, r["relation"] and r["relation"].value)
            for r in rows] == [("supports", None), ("context", None), ("contradicts", None),
                               (None, "found_at"), (None, "about")]
    assert rows[0]["note"] == "9M723 = Iskander-M"


@pytest.mark.parametrize(("start", "end", "fields", "message"), [
    ("c1", "c1", {"stance": "contradicts"}, "cannot be linked to itself"),
    ("annotation", "location", {}, "cannot link a annotation to a location"),
    ("location", "c1", {"stance": "supports"}, "cannot link a location to a claim"),
    ("annotation", "c1", {}, "needs a stance"),
    ("annotation", "c1", {"stance": "maybe"}, "stance: unknown value 'maybe'"),
    ("c1", "c2", {"stance": "context"}, "cannot have stance context"),
    ("photo", "location", {"relation": "about"}, "cannot have relation about"),
    ("photo", "location", {"stance": "supports"}, "has a relation, not a stance"),
])
def test_nonsense_is_refused(new_case: CaseFile, objects: dict[str, Ref], start: str,
                             end: str, fields: dict, message: str) -> None:
    before = case_state(new_case)
    with pytest.raises(ValidationError, match=message):
        create_link(new_case, from_ref=objects[start], to_ref=objects[end], **fields)
    assert case_state(new_case) == before


def test_duplicates_and_missing_ends(new_case: CaseFile, objects: dict[str, Ref]) -> None:
    o = objects
    create_link(new_case, from_ref=o["c1"], to_ref=o["c2"], stance="contradicts")
    with pytest.raises(ValidationError, match="already linked"):
        create_link(new_case, from_ref=o["c2"], to_ref=o["c1"], stance="supports")
    create_link(new_case, from_ref=o["annotation"], to_ref=o["c1"], stance="supports")
    with pytest.raises(ValidationError, match="already linked"):
        create_link(new_case, from_ref=o["annotation"], to_ref=o["c1"], stance="contradicts")
    with pytest.raises(ValidationError, match="to: there is no claim with id 99"):
        create_link(new_case, from_ref=o["annotation"], to_ref=Ref("claim", 99),
                    stance="supports")


def test_update_delete_restore(new_case: CaseFile, objects: dict[str, Ref]) -> None:
    o = objects
    link, _ = create_link(new_case, from_ref=o["annotation"], to_ref=o["c1"],
                          stance="supports")
    update_link(new_case, link_id=link, stance="contradicts", note="misread")
    with pytest.raises(ValidationError, match="cannot have stance"):
        link2, _ = create_link(new_case, from_ref=o["c1"], to_ref=o["c2"],
                               stance="contradicts")
        update_link(new_case, link_id=link2, stance="context")
    before = case_state(new_case)
    snapshot, _ = delete_link(new_case, link_id=link)
    restore_link(new_case, snapshot=snapshot)
    assert case_state(new_case) == before
    # deleting the claim removes its links; restoring brings them back
    snap, changes = delete_claim(new_case, claim_id=o["c1"].id)
    assert sum(1 for ref in changes.deleted if ref.kind == "link") == 2
    restore_claim(new_case, snapshot=snap)
    assert case_state(new_case) == before
    # a link whose annotation is gone cannot be restored
    snapshot, _ = delete_link(new_case, link_id=link)
    delete_annotation(new_case, annotation_id=o["annotation"].id)
    with pytest.raises(ValidationError, match="from: the annotation no longer exists"):
        restore_link(new_case, snapshot=snapshot)
