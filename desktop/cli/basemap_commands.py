"""``fragment basemap``: list, add and remove a case's offline basemaps (MBTiles)."""

from __future__ import annotations

import argparse
import json

from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError
from desktop.core.ops.basemaps import add_basemap, remove_basemap
from desktop.core.queries.basemaps import case_basemaps


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``basemap`` subcommand."""
    p = sub.add_parser(
        "basemap",
        help="list, add or remove the case's offline basemaps (MBTiles imagery or town maps)",
        description="Without an action, list the basemaps of the case. An added MBTiles "
                    "file is copied into the case, hashed, and shown under the locations "
                    "in the map and the dossier's close-up, with its attribution.",
    )
    p.add_argument("case", metavar="CASE", help="the case folder")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--add", metavar="FILE", help="add an .mbtiles file (PNG or JPEG tiles)")
    action.add_argument("--remove", metavar="ID", type=int, help="remove the basemap ID")
    p.add_argument("--investigator", help="your name, recorded in the audit log")
    p.add_argument("--json", action="store_true", help="print the basemaps as JSON")
    p.set_defaults(handler=_basemap)


def _basemap(ns: argparse.Namespace) -> int:
    writing = ns.add is not None or ns.remove is not None
    with CaseFile.open(ns.case, investigator=ns.investigator, readonly=not writing) as case:
        if ns.add is not None:
            basemap_id, _ = add_basemap(case, ns.add)
            print(f"Added basemap {basemap_id} from {ns.add}.")
            return 0
        if ns.remove is not None:
            listed = {b.id: b for b in case.read(case_basemaps, case.originals.root)}
            if ns.remove not in listed:
                raise UserError(f"the case has no basemap {ns.remove}")
            remove_basemap(case, ns.remove)
            print(f"Removed basemap {ns.remove} ({listed[ns.remove].name}).")
            return 0
        basemaps = case.read(case_basemaps, case.originals.root)
    if ns.json:
        print(json.dumps([{
            "id": b.id, "name": b.name, "attribution": b.attribution, "file": b.file_name,
            "sha256": b.file_sha256, "format": b.tile_format,
            "bounds": [b.bounds.west, b.bounds.south, b.bounds.east, b.bounds.north],
            "zooms": [b.min_zoom, b.max_zoom]} for b in basemaps], ensure_ascii=False,
            indent=2))
        return 0
    if not basemaps:
        print("No basemaps. Add one with: fragment basemap CASE --add FILE.mbtiles")
    for b in basemaps:
        print(f"{b.id}  {b.name}  ({b.file_name}, zoom {b.min_zoom}-{b.max_zoom})  "
              f"{b.attribution or 'no attribution given'}")
    return 0
