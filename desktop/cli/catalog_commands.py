"""``fragment catalog``: list, add, remove, export and import a case's catalog entries."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError
from desktop.core.markings import CatalogItem
from desktop.core.ops.catalog import (
    add_catalog_entry,
    delete_catalog_entry,
    export_catalog,
    import_catalog,
)
from desktop.core.queries.catalog import case_catalog, case_entries


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``catalog`` subcommand."""
    p = sub.add_parser(
        "catalog",
        help="list, add, remove, export or import the case's own catalog entries",
        description="Without an action, list the catalog entries this case adds to the "
                    "shipped catalog (--all: the shipped ones too).",
    )
    p.add_argument("case", metavar="CASE", help="the case folder")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--add", metavar="CODE", help="add an entry with this index code")
    action.add_argument("--remove", metavar="CODE", help="remove the case's entry for CODE")
    action.add_argument("--export", metavar="FILE", help="write the case's entries to FILE")
    action.add_argument("--import", dest="import_file", metavar="FILE",
                        help="merge a catalog file (checked whole before anything changes)")
    p.add_argument("--system", help="with --add: the weapon system (required)")
    p.add_argument("--category", default="", help="with --add: e.g. cruise missile")
    p.add_argument("--origin", default="", help="with --add: country of origin")
    p.add_argument("--description", default="", help="with --add: a short description")
    p.add_argument("--citation", default="", help="with --add: a public reference")
    p.add_argument("--alias", action="append", default=[], help="with --add: another spelling")
    p.add_argument("--all", action="store_true", help="list the shipped entries too")
    p.add_argument("--investigator", help="your name, recorded in the audit log")
    p.add_argument("--json", action="store_true", help="print the entries as JSON")
    p.set_defaults(handler=_catalog)


def _catalog(ns: argparse.Namespace) -> int:
    writing = ns.add or ns.remove or ns.import_file
    if ns.add and not (ns.system or "").strip():
        raise UserError("--add needs --system (the weapon system the code belongs to)")
    with CaseFile.open(ns.case, investigator=ns.investigator, readonly=not writing) as case:
        if ns.add:
            add_catalog_entry(case, code=ns.add, system=ns.system, category=ns.category,
                              origin=ns.origin, description=ns.description,
                              citation=ns.citation, aliases=ns.alias)
            print(f"Added {ns.add} ({ns.system}) to the case's catalog.")
        elif ns.remove:
            delete_catalog_entry(case, code=ns.remove)
            print(f"Removed {ns.remove} from the case's catalog.")
        elif ns.export:
            count = export_catalog(case, ns.export)
            print(f"Wrote {count} entr{'y' if count == 1 else 'ies'} to {ns.export}.")
        elif ns.import_file:
            changes = import_catalog(case, ns.import_file)
            print(f"Imported {ns.import_file}: {len(changes.created)} added, "
                  f"{len(changes.updated)} updated.")
        else:
            with case.read_session() as session:
                items = (case_catalog(session).items if ns.all else case_entries(session))
            _print(list(items), as_json=ns.json)
    return 0


def _print(items: list[CatalogItem], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"entries": [asdict(i) | {"aliases": list(i.aliases)} for i in items]},
                         ensure_ascii=False, indent=2))
        return
    if not items:
        print("This case adds no catalog entries (use --add or --import; --all lists the "
              "shipped catalog).")
    for item in items:
        origin = f", {item.origin}" if item.origin else ""
        mark = " [case]" if item.user else ""
        print(f"{item.code:<12} {item.system}{origin}{mark}")
