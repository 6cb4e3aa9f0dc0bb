"""``fragment export`` and ``fragment import-bag``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.core.casefile import CaseFile
from desktop.core.errors import CaseLockedError, UserError
from desktop.core.export.atomic import copy_file_atomically
from desktop.core.export.bag import build_bag
from desktop.core.export.bag_import import import_bag
from desktop.core.export.service import (
    export_csv,
    export_dossier,
    export_geojson,
    export_kml,
    whole_case_data,
)
from desktop.core.labels import KIND_PREFIX, parse_label
from desktop.core.queries.dossier import DossierOptions
from desktop.core.queries.labels import ids_for_labels, normalize_label
from desktop.core.queries.redactions import withheld_summary
from desktop.core.settings import explicit_investigator, printable_name

Selection = tuple[int | str, ...]
"""Ids (ints) and stored labels (``"C3"``) as given on the command line."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the export and import-bag subcommands."""
    p = sub.add_parser("export", help="export a case: PDF dossier, GeoJSON, KML, CSV, BagIt bag")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("--pdf", metavar="OUT.pdf", help="write the evidence dossier")
    p.add_argument("--geojson", metavar="FILE", help="write the locations as GeoJSON")
    p.add_argument("--kml", metavar="FILE", help="write the locations as KML")
    p.add_argument("--csv", metavar="DIR", help="write annotations, claims and links as CSV")
    p.add_argument("--bag", metavar="DIR", help="write a BagIt bag of the whole case")
    p.add_argument("--photos", metavar="IDS",
                   help="photos for the dossier by label or id, e.g. P1,P3 or 1,3,5-8")
    p.add_argument("--claims", metavar="IDS",
                   help="claims for the dossier by label or id, e.g. C3,C5 or 2,4")
    p.add_argument("--audit", choices=("full", "head"), default="full",
                   help="print the whole audit log, or only its newest events and head hash")
    p.add_argument("--page-size", choices=("A4", "Letter"), default="A4")
    p.add_argument("--language", choices=("en", "fr"), default="en",
                   help="language of the dossier's fixed texts")
    p.add_argument("--investigator", help="your name, recorded in the audit log")
    p.set_defaults(handler=_export)

    i = sub.add_parser("import-bag", help="validate a bag and unpack it as a new case")
    i.add_argument("bag", metavar="DIR", help="the bag folder")
    i.add_argument("case", metavar="CASE", help="the new case folder to create")
    i.add_argument("--investigator", help="your name, recorded in the audit log")
    i.set_defaults(handler=_import_bag)


def parse_ids(text: str | None, what: str) -> Selection | None:
    """``"1,3,5-7,c9"`` -> ``(1, 3, 5, 6, 7, "C9")``: ids, ranges of ids and stored labels
    (any case); None stays None (meaning all). Labels are resolved by ``resolve_ids``."""
    if text is None:
        return None
    ids: list[int | str] = []
    prefix = KIND_PREFIX.get(what.rstrip("s"), "P")
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if parse_label(part) is not None:
            ids.append(normalize_label(part))
            continue
        try:
            if "-" in part:
                low, high = (int(x) for x in part.split("-", 1))
                if high < low or high - low > 100_000:
                    raise ValueError
                ids.extend(range(low, high + 1))
            else:
                ids.append(int(part))
        except ValueError:
            raise UserError(f"--{what} expects labels or ids like {prefix}3,{prefix}7 or "
                            f"1,3,5-8, not {part!r}") from None
    if not ids:
        raise UserError(f"--{what} names no id")
    return tuple(dict.fromkeys(ids))


def resolve_ids(case: CaseFile, selection: Selection | None,
                kind: str) -> tuple[int, ...] | None:
    """The ids of a parsed selection, labels looked up in ``case`` (an unknown label
    raises a ``UserError`` naming it); None stays None."""
    if selection is None:
        return None
    labels = [item for item in selection if isinstance(item, str)]
    found: dict[str, int] = {}
    if labels:
        with case.read_session() as session:
            found = ids_for_labels(session, kind, labels)
    ids = [found[item] if isinstance(item, str) else item for item in selection]
    return tuple(dict.fromkeys(ids))


def _export(ns: argparse.Namespace) -> int:
    outputs = [ns.pdf, ns.geojson, ns.kml, ns.csv, ns.bag]
    if not any(outputs):
        raise UserError("say what to export: --pdf, --geojson, --kml, --csv and/or --bag")
    photos, claims = parse_ids(ns.photos, "photos"), parse_ids(ns.claims, "claims")
    contact = printable_name(explicit_investigator(ns.investigator))
    try:
        case = CaseFile.open(ns.case, investigator=ns.investigator)
    except CaseLockedError:
        # exporting only reads the case; the audit record waits for the other window
        case = CaseFile.open(ns.case, investigator=ns.investigator, readonly=True)
    with case:
        options = DossierOptions(
            photo_ids=resolve_ids(case, photos, "photo"),
            claim_ids=resolve_ids(case, claims, "claim"),
            audit=ns.audit, page_size=ns.page_size, language=ns.language,
        )
        with case.read_session() as session:
            withheld = withheld_summary(session)
        if withheld.annotations:
            print(f"{withheld.describe()}: left out of the dossier, GeoJSON, KML "
                  "and CSV; a bag's database and originals keep everything.")
        if ns.bag and case.readonly:
            raise UserError(f"{case.root.name} is open in another window; close it there "
                            "first: a bag records its dossier in the case's audit log")
        if ns.bag and not contact:
            raise UserError("a bag names its investigator as contact: give --investigator "
                            "NAME (or save your name in the app's settings)")
        not_recorded: list[str] = []
        if ns.bag:
            bag = build_bag(case, ns.bag, contact=contact or "", options=options,
                            progress=lambda m: print(f"  {m}…", file=sys.stderr))
            print(f"Bag written and validated: {bag.path} ({bag.files} payload files)")
        if ns.pdf and ns.bag:
            # The reader gets the very dossier the bag carries and its log recorded.
            copy = copy_file_atomically(Path(ns.bag) / "data" / "dossier.pdf", ns.pdf)
            print(f"Dossier written: {copy} (the bag's dossier)")
            print(f"SHA-256: {bag.dossier_sha256}")
        elif ns.pdf:
            result = export_dossier(case, ns.pdf, options, progress=_progress)
            print(f"Dossier written: {result.path}")
            print(f"SHA-256: {result.sha256}")
            print(f"Audit log head printed in it: {result.head} ({result.events} events)")
            if not result.recorded:
                not_recorded.append(result.path.name)
        if ns.geojson or ns.kml or ns.csv:
            data = whole_case_data(case)
            if ns.geojson:
                path, recorded = export_geojson(case, ns.geojson, data)
                print(f"GeoJSON written: {path} ({len(data.locations)} locations)")
                not_recorded += [] if recorded else [path.name]
            if ns.kml:
                path, recorded = export_kml(case, ns.kml, data)
                print(f"KML written: {path} ({len(data.locations)} locations)")
                not_recorded += [] if recorded else [path.name]
            if ns.csv:
                paths, recorded = export_csv(case, ns.csv, data)
                for path in paths:
                    print(f"CSV written: {path}")
                not_recorded += [] if recorded else [Path(ns.csv).name]
        if not_recorded:
            print(f"fragment: the case is open in another window, so the export of "
                  f"{', '.join(not_recorded)} was not recorded in its audit log; note the "
                  "SHA-256 down", file=sys.stderr)
    return 0


def _progress(done: int, total: int, message: str) -> None:
    if sys.stderr.isatty():  # its \r is meant: write past the escaping stream
        terminal = getattr(sys.stderr, "unfiltered", sys.stderr)
        print(f"\r  {message} {done}/{total}", end="" if done < total else "\n",
              file=terminal)


def _import_bag(ns: argparse.Namespace) -> int:
    path = import_bag(ns.bag, ns.case, investigator=ns.investigator)
    print(f"Imported the bag as a new case: {path}")
    return 0
