"""``fragment new``: create a case folder."""

from __future__ import annotations

import argparse
import json

from desktop.core.casefile import CaseFile


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``new`` subcommand."""
    p = sub.add_parser("new", help="create a new case folder (NAME.fragment)")
    p.add_argument("case", metavar="CASE", help="path of the case folder to create")
    p.add_argument("--title", required=True, help="the case title")
    p.add_argument("--description", default="", help="a short description of the case")
    p.add_argument("--investigator", help="your name, recorded in the audit log")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_new)


def _new(ns: argparse.Namespace) -> int:
    with CaseFile.create(
        ns.case, title=ns.title, description=ns.description, investigator=ns.investigator
    ) as case:
        if ns.json:
            print(json.dumps({"case": str(case.root), "title": ns.title}))
        else:
            print(f"Created case {case.root}")
    return 0
