"""``fragment export``, ``fragment verify-bag`` and ``fragment import-bag``."""

from __future__ import annotations

import argparse
import sys

from desktop.core.casefile import CaseFile
from desktop.core.errors import CaseLockedError, UserError
from desktop.core.export.bag import build_bag, import_bag, verify_bag
from desktop.core.export.csv_export import write_csv
from desktop.core.export.geojson import write_geojson
from desktop.core.export.kml import write_kml
from desktop.core.export.service import export_dossier
from desktop.core.labels import KIND_PREFIX, parse_label
from desktop.core.queries.dossier import DossierOptions, dossier_data
from desktop.core.queries.labels import ids_for_labels, normalize_label

Selection = tuple[int | str, ...]
"""Ids (ints) and stored labels (``"C3"``) as given on the command line."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the export, verify-bag and import-bag subcommands."""
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

    v = sub.add_parser("verify-bag", help="fully validate a BagIt bag (every checksum)")
    v.add_argument("bag", metavar="DIR", help="the bag folder")
    v.set_defaults(handler=_verify_bag)

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
        if ns.pdf:
            result = export_dossier(case, ns.pdf, options, progress=_progress)
            print(f"Dossier written: {result.path}")
            print(f"SHA-256: {result.sha256}")
            if not result.recorded:
                print("fragment: the case is open in another window, so this SHA-256 was "
                      "not recorded in its audit log; note it down", file=sys.stderr)
        if ns.geojson or ns.kml or ns.csv:
            data = dossier_data(case, DossierOptions())
            if ns.geojson:
                print(f"GeoJSON written: {write_geojson(data, ns.geojson)} "
                      f"({len(data.locations)} locations)")
            if ns.kml:
                print(f"KML written: {write_kml(data, ns.kml)} "
                      f"({len(data.locations)} locations)")
            if ns.csv:
                for path in write_csv(data, ns.csv):
                    print(f"CSV written: {path}")
        if ns.bag:
            bag = build_bag(case, ns.bag, options=options,
                            progress=lambda m: print(f"  {m}…", file=sys.stderr))
            print(f"Bag written and validated: {bag.path} ({bag.files} payload files)")
    return 0


def _progress(done: int, total: int, message: str) -> None:
    if sys.stderr.isatty():
        print(f"\r  {message} {done}/{total}", end="" if done < total else "\n",
              file=sys.stderr)


def _verify_bag(ns: argparse.Namespace) -> int:
    report = verify_bag(ns.bag)
    if report.ok:
        print(f"Bag valid: {report.path} ({report.files} payload files, "
              f"Payload-Oxum {report.oxum}, checksums {', '.join(report.algorithms)})")
        return 0
    print(f"Bag NOT valid: {report.path}")
    for problem in report.problems:
        print(f"  - {problem}")
    return 1


def _import_bag(ns: argparse.Namespace) -> int:
    path = import_bag(ns.bag, ns.case, investigator=ns.investigator)
    print(f"Imported the bag as a new case: {path}")
    return 0
