"""Case commands: ``fragment new``, ``add`` and ``photos``.

Exit codes: 0 success; 1 when ``add`` rejected a file;
2 for usage or input errors (one sentence on stderr, raised as ``FragmentError``).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from desktop.core.casefile import CaseFile
from desktop.core.checks.run import run_checks
from desktop.core.ingest import ImportReport, expand_paths, import_paths
from desktop.core.ops.provenance import import_provenance
from desktop.core.queries.checks import findings
from desktop.core.queries.photos import PhotoInfo, list_photos, photos_json
from desktop.core.timefmt import camera_time_text
from desktop.core.videos import VideoResult, add_videos, is_video_path


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``new``, ``add`` and ``photos`` subcommands."""
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
    g = p.add_argument_group("provenance", "recorded on every photo this call imports")
    g.add_argument("--taken-by", metavar="NAME", help="who took the photos")
    g.add_argument("--provided-by", metavar="NAME",
                   help="who provided them (from whom they were received)")
    g.add_argument("--acquisition", metavar="HOW",
                   help="how they were obtained: received|downloaded|taken_by_team")
    g.add_argument("--url", metavar="URL", help="the http(s) address they came from")
    g.add_argument("--obtained-at", metavar="ISO",
                   help="when they were obtained: ISO 8601 with an offset or Z, "
                        "e.g. 2021-03-16T09:30:00+04:00")
    g.add_argument("--source", metavar="S",
                   help="the source they came with: its label (S1) or id")
    p.set_defaults(handler=_add)

    p = sub.add_parser("copy", help="move a case's database into a team PostgreSQL database, "
                       "or back into the case folder (local), verified end to end")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("target", metavar="URL",
                   help="postgresql+psycopg://user@host/dbname (an empty database), or local")
    p.add_argument("--investigator", help="your name, recorded in the audit log")
    p.set_defaults(handler=_copy)

    p = sub.add_parser("photos", help="list the photos of a case")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(handler=_photos)



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
        self.stream = getattr(stream, "unfiltered", stream)  # its own \r and ESC are meant
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
        provenance = import_provenance(
            case, taken_by=ns.taken_by, provided_by=ns.provided_by,
            acquisition=ns.acquisition, url=ns.url, obtained_at=ns.obtained_at,
            source=ns.source)
        files = expand_paths(ns.paths)
        pictures = [path for path in files if not is_video_path(path)]
        try:
            report = (import_paths(case, pictures, progress=bar, provenance=provenance)
                      if pictures or not files else ImportReport())
        finally:
            bar.finish()
        videos, _ = add_videos(case, [path for path in files if is_video_path(path)])
        checked = None
        if report.count("imported"):
            run_checks(case)
            checked = Counter(f.severity for f in case.read(findings))
    if ns.json:
        print(json.dumps({"results": [r.as_json() for r in report.results],
                          "videos": [asdict(v) for v in videos]},
                         ensure_ascii=False, indent=2))
    else:
        if report.results or not videos:
            _print_add_summary(report)
        _print_video_summary(videos, ns.case)
        if checked is not None:
            print(f"Checks: {checked['warning']} warning(s), {checked['notice']} notice(s) in "
                  f"the case; list them with: fragment checks {ns.case}")
    rejected = report.count("rejected") + sum(v.status == "rejected" for v in videos)
    return 1 if rejected else 0


def _print_video_summary(videos: list[VideoResult], case: str) -> None:
    if not videos:
        return
    for video in videos:
        if video.status == "rejected":
            print(f"rejected   {video.path}: {video.reason}")
        elif video.status == "duplicate":
            print(f"duplicate  {video.path} (video {video.label})")
        else:
            print(f"imported   {video.path} (video {video.label})")
    count = Counter(v.status for v in videos)
    kept = [v.label for v in videos if v.status != "rejected" and v.label]
    hint = (f" Save a frame as a photo with: fragment frame {kept[0]} --case "
            f"{shlex.quote(str(case))} --at TIME" if kept else "")
    print(f"Added {count['imported']} video(s); {count['duplicate']} duplicate(s); "
          f"{count['rejected']} rejected.{hint}")


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


def _json_list(key: str, items: list[dict[str, Any]]) -> str:
    """``{"key": [...]}`` with one item per line: as easy to read and grep as indented JSON,
    and written by the C encoder (``indent=`` falls back to the pure-Python one, several
    times slower over 10,000 photos)."""
    encoder = json.JSONEncoder(ensure_ascii=False)
    lines = ",\n".join("  " + encoder.encode(item) for item in items)
    return f'{{"{key}": [\n{lines}\n]}}' if items else f'{{"{key}": []}}'


def _copy(ns: argparse.Namespace) -> int:
    from desktop.core.case_copy import copy_case

    report = copy_case(ns.case, ns.target, investigator=ns.investigator)
    where = "its own folder (case.sqlite)" if report.target == "local" else report.target
    print(f"Copied {report.rows} rows of {report.case.name} to {where} and switched the case "
          f"to it; both verify with {report.events} audit events, head {report.head}.")
    return 0


def _photos(ns: argparse.Namespace) -> int:
    if ns.json:
        with CaseFile.open(ns.case, readonly=True) as case, case.read_session() as session:
            rows = photos_json(session)
        print(_json_list("photos", rows))
        return 0
    with CaseFile.open(ns.case, readonly=True) as case, case.read_session() as session:
        photos = list_photos(session)
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
    return (f"{info.label:<6} {info.id:>5}  {info.file_name[:32]:<32}  {info.format:<5}  "
            f"{info.width:>5}x{info.height:<5}  {taken:<45}  {camera[:28]:<28}  "
            f"{gps:<22}  {flags}")
