"""Case commands: ``fragment new``, ``add``, ``photos`` and ``verify``.

Exit codes: 0 success; 1 when ``add`` rejected a file or ``verify`` found a problem;
2 for usage or input errors (one sentence on stderr, raised as ``FragmentError``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TextIO

from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError
from desktop.core.ingest import ImportReport, import_paths
from desktop.core.queries.photos import PhotoInfo, list_photos
from desktop.core.timefmt import camera_time_text
from desktop.core.verify import verify_case

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``new``, ``add``, ``photos`` and ``verify`` subcommands."""
    p = sub.add_parser("new", help="create a new case folder (NAME.fragment)")
    p.add_argument("case", metavar="CASE", help="path of the case folder to create")
    p.add_argument("--title", required=True, help="the case title")
    p.add_argument("--description", default="", help="a short description of the case")
    p.add_argument("--investigator", help="your name, recorded in the audit log")
    p.add_argument(
        "--database", metavar="URL",
        help="team mode: keep the database in PostgreSQL "
             "(postgresql+psycopg://user:password@host/dbname); the folder keeps the originals",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_new)

    p = sub.add_parser("add", help="import photos (files or folders, recursively) into a case")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("paths", metavar="PATH", nargs="+", help="photo files or folders")
    p.add_argument("--investigator", help="your name, recorded in the audit log")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(handler=_add)

    p = sub.add_parser("photos", help="list the photos of a case")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(handler=_photos)

    p = sub.add_parser("verify", help="re-hash every original, check the audit chain, every "
                       "row against its audited state, and the database; never writes "
                       "(exit 1 on any problem)")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("--expect-head", metavar="HASH",
                   help="a head hash you kept (from a dossier): fail unless it is an event of "
                        "the log, so a cut, rolled-back or rebuilt log is caught")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=_verify)


def _new(ns: argparse.Namespace) -> int:
    with CaseFile.create(
        ns.case, title=ns.title, description=ns.description, investigator=ns.investigator,
        database_url=ns.database,
    ) as case:
        if ns.json:
            print(json.dumps({"case": str(case.root), "title": ns.title}))
        else:
            print(f"Created case {case.root}")
    return 0


class _ProgressBar:
    """A one-line progress bar on a terminal's stderr; silent when stderr is not a TTY."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.drawn = False

    def __call__(self, done: int, total: int, path: Path) -> None:
        if not self.enabled or total <= 0:
            return
        width = 30
        filled = width * done // total
        name = path.name if len(path.name) <= 40 else path.name[:37] + "..."
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                          f"{name}\x1b[K")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _add(ns: argparse.Namespace) -> int:
    bar = _ProgressBar(sys.stderr)
    with CaseFile.open(ns.case, investigator=ns.investigator) as case:
        for warning in case.warnings:
            print(f"fragment: warning: {warning}", file=sys.stderr)
        try:
            report = import_paths(case, ns.paths, progress=bar)
        finally:
            bar.finish()
    if ns.json:
        print(json.dumps({"results": [r.as_json() for r in report.results]},
                         ensure_ascii=False, indent=2))
    else:
        _print_add_summary(report)
    return 1 if report.count("rejected") else 0


def _print_add_summary(report: ImportReport) -> None:
    for result in report.results:
        if result.status == "rejected":
            print(f"rejected   {result.path}: {result.reason}")
        elif result.status == "duplicate":
            print(f"duplicate  {result.path} (photo {result.photo_id})")
        elif result.flags:
            print(f"imported   {result.path} (photo {result.photo_id}; flagged "
                  f"{', '.join(result.flags)})")
    print(f"Imported {report.count('imported')} photo(s); {report.count('duplicate')} "
          f"duplicate(s); {report.count('rejected')} rejected.")


def _photos(ns: argparse.Namespace) -> int:
    with CaseFile.open(ns.case, readonly=True) as case, case.read_session() as session:
        photos = list_photos(session)
    if ns.json:
        print(json.dumps({"photos": [p.as_json() for p in photos]}, ensure_ascii=False,
                         indent=2))
        return 0
    if not photos:
        print("No photos in this case.")
        return 0
    for info in photos:
        print(_photo_line(info))
    print(f"{len(photos)} photo(s).")
    return 0


def _photo_line(info: PhotoInfo) -> str:
    camera = " ".join(x for x in (info.camera_make, info.camera_model) if x) or "-"
    gps = f"{info.gps_lat:.6f},{info.gps_lon:.6f}" if info.has_gps else "-"
    flags = ",".join(info.flags) or "-"
    taken = camera_time_text(info.taken_at, unknown="-")
    return (f"{info.id:>5}  {info.file_name[:32]:<32}  {info.format:<5}  "
            f"{info.width:>5}x{info.height:<5}  {taken:<45}  {camera[:28]:<28}  "
            f"{gps:<22}  {flags}")


def _verify(ns: argparse.Namespace) -> int:
    if ns.expect_head is not None and not _HEX64.match(ns.expect_head.strip().lower()):
        raise UserError("--expect-head takes a 64-character hexadecimal SHA-256 hash")
    with CaseFile.open_for_check(ns.case) as case:
        report = verify_case(case, expect_head=ns.expect_head)
    if ns.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            print(f"PROBLEM {problem.kind}: {problem.detail}")
        for note in report.notes:
            print(f"note: {note}")
        verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
        print(f"Head of the audit log: {report.head}")
        print(f"Checked {report.checked} original(s), {report.audit_events} audit "
              f"event(s) and every record against its audited state: {verdict}.")
    return 0 if report.ok else 1
