"""``fragment checks`` (verification findings) and ``fragment refs`` (reference collections).

``checks CASE`` brings the findings up to date (fingerprints photos that have none, then
recomputes every finding, audited) and lists them; ``--no-run`` lists what is stored
without writing. ``--review ID [--note TEXT]`` marks a finding reviewed.
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop.core.casefile import CaseFile
from desktop.core.checks.references import add_reference, reindex_reference, remove_reference
from desktop.core.checks.run import RunSummary, run_checks
from desktop.core.errors import UserError
from desktop.core.ops.checks import review_finding
from desktop.core.queries.checks import (
    SEVERITY_ORDER,
    ChecksOverview,
    FindingRow,
    checks_overview,
)
from desktop.core.queries.checks import references as reference_rows
from desktop.core.timefmt import utc_text

SEVERITIES = ("warning", "notice", "info")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``checks`` and ``refs`` subcommands."""
    p = sub.add_parser(
        "checks", help="verification findings on every photo: reuse, content credentials, "
                       "metadata consistency, sun position",
        description="Bring the findings up to date and list them, most severe first.")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--no-run", action="store_true",
                   help="list the stored findings without recomputing (never writes)")
    p.add_argument("--severity", choices=SEVERITIES,
                   help="list only findings of this severity or worse")
    p.add_argument("--photo", metavar="LABEL", help="list only this photo's findings (P3)")
    p.add_argument("--review", metavar="ID", type=int,
                   help="mark finding ID reviewed (with --note), instead of listing")
    p.add_argument("--unreview", metavar="ID", type=int,
                   help="mark finding ID not reviewed")
    p.add_argument("--note", help="with --review: the review note")
    p.add_argument("--investigator", help="your name, recorded in the audit log")
    p.set_defaults(handler=_checks)

    p = sub.add_parser("refs", help="reference collections: folders of known images, or other "
                                    "cases, every photo is compared with")
    refs = p.add_subparsers(dest="refs_command", metavar="ACTION", required=True,
                            parser_class=type(p))
    r = refs.add_parser("list", help="list the case's reference collections")
    r.add_argument("case", metavar="CASE", help="the case folder")
    r.add_argument("--json", action="store_true", help="print JSON")
    r.set_defaults(handler=_refs_list)
    r = refs.add_parser("add", help="index a folder of images (or another case) and check "
                                    "every photo against it")
    r.add_argument("case", metavar="CASE", help="the case folder")
    r.add_argument("folder", metavar="FOLDER", help="a folder of images, or a .fragment case")
    r.add_argument("--name", default="", help="a name for the collection (default: the "
                                              "folder's name)")
    r.add_argument("--investigator", help="your name, recorded in the audit log")
    r.set_defaults(handler=_refs_add)
    for action, text in (("reindex", "index a collection's folder again"),
                         ("remove", "forget a collection (its folder is not touched)")):
        r = refs.add_parser(action, help=text)
        r.add_argument("case", metavar="CASE", help="the case folder")
        r.add_argument("id", metavar="ID", type=int, help="the collection's id (refs list)")
        r.add_argument("--investigator", help="your name, recorded in the audit log")
        r.set_defaults(handler=_refs_change, action=action)


def _checks(ns: argparse.Namespace) -> int:
    if ns.review is not None and ns.unreview is not None:
        raise UserError("give --review or --unreview, not both")
    if ns.note is not None and ns.review is None:
        raise UserError("--note goes with --review")
    writing = not ns.no_run or ns.review is not None or ns.unreview is not None
    with CaseFile.open(ns.case, investigator=ns.investigator, readonly=not writing) as case:
        if ns.review is not None or ns.unreview is not None:
            target = ns.review if ns.review is not None else ns.unreview
            values: dict[str, object] = {"reviewed": ns.review is not None}
            if ns.note is not None:
                values["review_note"] = ns.note
            changes = review_finding(case, target, values)
            state = "reviewed" if ns.review is not None else "not reviewed"
            print(f"Finding {target} marked {state}." if changes else
                  f"Finding {target} was already {state}.")
            return 0
        summary = None if ns.no_run else run_checks(case)
        overview = case.read(checks_overview)
    rows = [r for r in overview.findings
            if (ns.photo is None or r.photo_label.upper() == ns.photo.upper())
            and (ns.severity is None
                 or SEVERITY_ORDER[r.severity] <= SEVERITY_ORDER[ns.severity])]
    if ns.json:
        print(json.dumps({**_header(overview), "findings": [r.as_json() for r in rows]},
                         ensure_ascii=False, indent=2))
    else:
        _print_checks(overview, rows, summary)
    return 0


def _header(o: ChecksOverview) -> dict[str, object]:
    return {"photos": o.photos, "fingerprinted": o.fingerprinted,
            "with_credentials": o.with_credentials,
            "checked_at": o.last_run.isoformat() if o.last_run else None,
            "checked_by": o.last_run_by,
            "references": [r.as_json() for r in o.references]}


def _print_checks(o: ChecksOverview, rows: list[FindingRow],
                  summary: RunSummary | None) -> None:
    counts = {s: sum(1 for r in o.findings if r.severity == s) for s in SEVERITIES}
    when = utc_text(o.last_run, seconds=False, unknown="never")
    refs = ", ".join(f"{r.name} ({r.image_count} images)" for r in o.references) or "none"
    print(f"{o.photos} photo(s); findings last updated {when}; reference collections: {refs}.")
    if summary is not None:
        print(f"This run: {summary.created} new, {summary.updated} changed, "
              f"{summary.removed} removed finding(s).")
    print(f"{counts['warning']} warning(s), {counts['notice']} notice(s), "
          f"{counts['info']} info.")
    for r in rows:
        mark = " (reviewed)" if r.reviewed else ""
        print(f"{r.severity.upper():8} {r.photo_label:5} #{r.id:<4} {r.kind}{mark}: "
              f"{r.explanation}")
        if r.review_note:
            print(f"{'':15} note: {r.review_note}")


def _refs_list(ns: argparse.Namespace) -> int:
    with CaseFile.open(ns.case, readonly=True) as case:
        rows = case.read(reference_rows)
    if ns.json:
        print(json.dumps({"references": [r.as_json() for r in rows]}, ensure_ascii=False,
                         indent=2))
    elif not rows:
        print("No reference collections.")
    for r in rows if not ns.json else []:
        print(f"{r.id:3}  {r.name}  ({r.kind}, {r.image_count} images, indexed "
              f"{utc_text(r.indexed_at, seconds=False)})  {r.path}")
    return 0


def _refs_add(ns: argparse.Namespace) -> int:
    with CaseFile.open(ns.case, investigator=ns.investigator) as case:
        def progress(done: int, total: int) -> None:
            if done % 200 == 0 or done == total:
                print(f"\rindexing {done}/{total}", end="", file=sys.stderr, flush=True)

        collection_id, _ = add_reference(case, ns.folder, name=ns.name, progress=progress)
        print(file=sys.stderr)
        row = next(r for r in case.read(reference_rows) if r.id == collection_id)
        run_checks(case)
        matches = sum(1 for f in case.read(checks_overview).findings
                      if f.kind == "reference_match"
                      and f.details.get("collection_uid") == row.uid)
    print(f"Added reference collection {row.id} \"{row.name}\": {row.image_count} images "
          f"indexed; {matches} photo match(es).")
    return 0


def _refs_change(ns: argparse.Namespace) -> int:
    with CaseFile.open(ns.case, investigator=ns.investigator) as case:
        if ns.action == "remove":
            remove_reference(case, ns.id)
        else:
            reindex_reference(case, ns.id)
        run_checks(case)
    done = "removed" if ns.action == "remove" else "indexed again"
    print(f"Reference collection {ns.id} {done}.")
    return 0
