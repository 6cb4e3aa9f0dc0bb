"""``fragment tag``: put tags on a photo, or take them off (``--remove``)."""

from __future__ import annotations

import argparse

from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError
from desktop.core.labels import is_label
from desktop.core.ops.tags import add_tags, remove_tags
from desktop.core.queries.photos import PhotoInfo, get_photo, get_photo_by_label


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``tag`` subcommand."""
    p = sub.add_parser("tag", help="put tags on a photo (or take them off with --remove)")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("photo", metavar="PHOTO", help="the photo: its label (P3) or id")
    p.add_argument("tags", metavar="TAG", nargs="+",
                   help="a tag (quote a tag with spaces: 'tail section')")
    p.add_argument("--remove", action="store_true", help="take these tags off the photo")
    p.add_argument("--investigator", help="your name, recorded in the audit log")
    p.set_defaults(handler=_tag)


def _photo(case: CaseFile, text: str) -> PhotoInfo:
    wanted = text.strip()
    found = None
    if is_label(wanted, "photo"):
        found = case.read(get_photo_by_label, wanted)
    elif wanted.isdigit():
        found = case.read(get_photo, int(wanted))
    else:
        raise UserError(f"{wanted!r} is neither a photo label like P3 nor a photo id")
    if found is None:
        raise UserError(f"there is no photo {wanted.upper()} in this case")
    return found


def _tag(ns: argparse.Namespace) -> int:
    with CaseFile.open(ns.case, investigator=ns.investigator) as case:
        photo = _photo(case, ns.photo)
        if ns.remove:
            result = remove_tags(case, photo_ids=[photo.id], tags=ns.tags)
        else:
            result = add_tags(case, photo_ids=[photo.id], tags=ns.tags)
        now = case.read(get_photo, photo.id)
    done = ", ".join(row.tag for row in result.rows)
    if ns.remove:
        print(f"Removed from {photo.label}: {done}." if done
              else f"{photo.label} had none of these tags; nothing changed.")
    else:
        print(f"Tagged {photo.label}: {done}." if done
              else f"{photo.label} already has these tags; nothing changed.")
    tags = ", ".join(now.tags) if now is not None and now.tags else "none"
    print(f"Tags of {photo.label}: {tags}.")
    return 0
