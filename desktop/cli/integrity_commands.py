"""Checking commands: ``fragment verify``, ``fragment log`` and ``fragment verify-bag``.

None of them writes a byte: cases and bags are opened strictly read-only (see
``CaseFile.open_for_check``). Each accepts a case folder or a bag folder (the case inside a
bag is ``BAG/data``). Exit codes: 0 all well, 1 a problem was found, 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import json
import re

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``verify``, ``log`` and ``verify-bag`` subcommands."""
    p = sub.add_parser(
        "verify", help="re-hash every original, check the audit chain, every record against "
        "its audited state, and the database; never writes (exit 1 on any problem)")
    p.add_argument("case", metavar="CASE", help="the case folder, or a bag folder")
    _expect_head_option(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=_verify)

    p = sub.add_parser("log", help="print the audit log of a case or of the case in a bag")
    p.add_argument("case", metavar="CASE", help="the case folder, or a bag folder")
    p.add_argument("--limit", metavar="N", type=_positive, help="only the newest N events")
    p.add_argument("--json", action="store_true",
                   help="print every field of every event as JSON (what the hash covers)")
    p.set_defaults(handler=_log)

    p = sub.add_parser(
        "verify-bag", help="validate a BagIt bag (every checksum), then verify the case inside "
        "it and the dossier's hash in its log; never writes")
    p.add_argument("bag", metavar="DIR", help="the bag folder")
    _expect_head_option(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=_verify_bag)


def _expect_head_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--expect-head", metavar="HASH", type=_head,
                   help="a head hash you kept (printed in the dossier): fail unless it is an "
                        "event of the log, so a cut, rolled-back or rebuilt log is caught")


def _head(text: str) -> str:
    value = text.strip().lower()
    if not _HEX64.match(value):
        raise argparse.ArgumentTypeError("expects a 64-character hexadecimal SHA-256 hash")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expects a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("expects a number of at least 1")
    return value


def _verify(ns: argparse.Namespace) -> int:
    from desktop.core.verify import open_case_or_bag, verify_case

    with open_case_or_bag(ns.case) as case:
        report = verify_case(case, expect_head=ns.expect_head)
    if ns.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            print(f"PROBLEM {problem.kind}: {problem.detail}")
        for note in report.notes:
            print(f"note: {note}")
        verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
        print(f"Head of the audit log: {report.head} ({report.audit_events} events)")
        print(f"Checked {report.checked} original(s), the audit chain and every record "
              f"against its audited state: {verdict}.")
    return 0 if report.ok else 1


def _log(ns: argparse.Namespace) -> int:
    from desktop.core.queries.audit_log import event_count, list_events
    from desktop.core.verify import open_case_or_bag

    with open_case_or_bag(ns.case) as case, case.read_session() as session:
        events = list_events(session, limit=ns.limit)
        total = event_count(session)
    if ns.json:
        print(json.dumps({"events": [e.as_json() for e in events], "count": total,
                          "head": events[-1].hash if events else None},
                         ensure_ascii=False, indent=2))
        return 0
    if not events:
        print("The audit log is empty.")
        return 0
    for e in events:
        when = e.at.strftime("%Y-%m-%d %H:%M:%S UTC")
        print(f"#{e.id:<5} {when}  {e.investigator[:20]:<20}  {e.action:<20}  "
              f"{e.subject[:20]:<20}  {e.hash}")
        if e.summary:
            print(f"       {e.summary}")
    shown = f"the newest {len(events)} of {total}" if len(events) < total else f"all {total}"
    print(f"Showing {shown} events; head {events[-1].hash}.")
    return 0


def _verify_bag(ns: argparse.Namespace) -> int:
    from desktop.core.export.bag_verify import verify_bag

    report = verify_bag(ns.bag, expect_head=ns.expect_head)
    if ns.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    if report.files:
        print(f"Manifests: {report.files} payload files, Payload-Oxum {report.oxum}, "
              f"checksums {', '.join(report.algorithms)}: "
              f"{'all match' if report.manifest_ok else 'PROBLEMS'}")
    if report.case is not None:
        print(f"Case inside: {report.case.checked} original(s), {report.case.audit_events} "
              f"audit events, head {report.case.head}")
    if report.dossier_sha256:
        verdict = "is recorded" if report.dossier_recorded else "is NOT recorded"
        print(f"Dossier: SHA-256 {report.dossier_sha256} {verdict} in the audit log")
    for note in report.notes:
        print(f"note: {note}")
    if report.ok:
        print(f"Bag valid and its case verified: {report.path}")
        return 0
    print(f"Bag NOT valid: {report.path}")
    for problem in report.problems:
        print(f"  - {problem}")
    return 1

