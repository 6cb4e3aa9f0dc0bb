"""``fragment video``, ``fragment frame``, ``fragment measure``: videos and measurements.

These work on files and numbers, without a case: ``video`` prints what a container says,
``frame`` extracts one frame exactly and prints its provenance (or checks it with
``--check``), ``measure`` turns clicked points and a scale reference into a length with its
uncertainty and compares it with the catalog's published dimensions.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from desktop.core.errors import UserError, ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``video``, ``frame`` and ``measure`` subcommands."""
    p = sub.add_parser("video", help="print a video's container metadata",
                       description="Print what a video's container says: codec, size, "
                                   "duration, frame rate, encoder, creation time and GPS.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_video)

    p = sub.add_parser("frame", help="extract one frame of a video exactly",
                       description="Decode one frame (by number from 0, or the frame shown "
                                   "at a time) and save it as PNG, printing its provenance: "
                                   "frame number, time code, the video's SHA-256 and the "
                                   "SHA-256 of the decoded frame. --check DIGEST re-decodes "
                                   "the frame and says whether it is the same.")
    p.add_argument("file", metavar="VIDEO",
                   help="a video file, or with --case the label of a video of the case (V1)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--index", type=int, metavar="N", help="frame number, from 0")
    which.add_argument("--at", metavar="TIME", help="seconds, or HH:MM:SS.mmm")
    p.add_argument("-o", "--output", metavar="PNG", help="save the frame here")
    p.add_argument("--check", metavar="DIGEST", help="the frame SHA-256 to compare with")
    p.add_argument("--case", metavar="CASE",
                   help="save the frame as a photo of this case, with its provenance")
    p.add_argument("--investigator", help="your name, recorded in the audit log")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_frame)

    p = sub.add_parser("videos", help="list the videos of a case and the frames saved",
                       description="List the videos of a case (label, file, codec, size, "
                                   "duration, SHA-256) and the frames saved from each as "
                                   "photos.")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_videos)

    p = sub.add_parser("measure", help="a real length from points and a scale reference",
                       description="Measure the line, polyline or circle through --points "
                                   "(photo pixels 'x,y x,y ...') using a line of known "
                                   "length (--line-ref and --length) or a rectangle of known "
                                   "size seen at an angle (--rect-ref with four corners in "
                                   "order around it, and --size such as A4 or '85.6 x 54 mm': "
                                   "corner 1 to 2 is the size's first number, A4 being 210 x "
                                   "297 mm and a bank card 85.6 x 53.98 mm).")
    p.add_argument("--points", required=True, metavar="'X,Y X,Y ...'")
    p.add_argument("--shape", choices=("line", "polyline", "circle"), default="line")
    p.add_argument("--line-ref", metavar="'X,Y X,Y'")
    p.add_argument("--length", metavar="'10 cm'")
    p.add_argument("--rect-ref", metavar="'X,Y X,Y X,Y X,Y'")
    p.add_argument("--size", metavar="'A4'")
    p.add_argument("--pointing-error", type=float, default=2.0, metavar="PX",
                   help="how far a click may be from the true point (default 2 px)")
    p.add_argument("--compare", metavar="CODE", help="compare with this catalog entry's "
                                                     "published dimensions")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_measure)

    p = sub.add_parser("measurements", help="list the measurements of a case with their values",
                       description="List every measurement annotation of a case, one line "
                                   "each: its value and standard uncertainty (or its length "
                                   "in pixels without a scale reference), the reference and "
                                   "pointing error used, warnings, and the comparison with the "
                                   "catalog's published dimensions. Scale references whose "
                                   "reading cannot be used are listed too.")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_measurements)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _existing(name: str) -> Path:
    path = Path(name)
    if not path.is_file():
        raise UserError(f"{name} is not a file")
    return path


def _video(ns: argparse.Namespace) -> int:
    from desktop.core.video import probe, timecode

    info = probe(_existing(ns.file))
    if ns.json:
        _print_json({
            "container": info.container, "codec": info.codec, "width": info.width,
            "height": info.height, "duration_s": info.duration_s,
            "frame_rate": info.frame_rate, "frame_count": info.frame_count,
            "encoder": info.encoder,
            "creation_time": info.creation_time.isoformat() if info.creation_time else None,
            "latitude": info.latitude, "longitude": info.longitude,
        })
        return 0
    family = "MP4/MOV" if "mov" in info.container.split(",") else "Matroska/WebM"
    print(f"{info.codec} {info.width}x{info.height}, {family} container")
    if info.duration_s is not None:
        print(f"duration   {timecode(info.duration_s)}")
    if info.frame_rate:
        count = f", {info.frame_count} frames" if info.frame_count else ""
        print(f"rate       {info.frame_rate:g} frames per second{count}")
    print(f"encoder    {info.encoder or 'not named'}")
    print(f"created    {info.creation_time.isoformat() if info.creation_time else 'not recorded'}")
    if info.latitude is not None and info.longitude is not None:
        print(f"location   {info.latitude:.6f}, {info.longitude:.6f} (from the container)")
    else:
        print("location   not recorded")
    return 0


def _frame(ns: argparse.Namespace) -> int:
    from desktop.core.store import sha256_file
    from desktop.core.video import extract_frame, parse_timecode

    at = parse_timecode(ns.at) if ns.at is not None else None
    if ns.case:
        return _frame_into_case(ns, at)
    path = _existing(ns.file)
    frame = extract_frame(path, index=ns.index, at=at)
    if ns.output:
        from desktop.core.atomic import atomic_file
        from desktop.core.errors import cannot_write

        with atomic_file(Path(ns.output), error=cannot_write) as out:
            frame.image.save(out, "PNG")
    video_sha = sha256_file(path)
    same = None if ns.check is None else ns.check.strip().lower() == frame.digest
    if ns.json:
        _print_json({"index": frame.index, "time_s": frame.time_s, "timecode": frame.timecode,
                     "pts": frame.pts, "video_sha256": video_sha,
                     "frame_sha256": frame.digest, "pixel_format": frame.pixel_format,
                     "matches": same})
    else:
        print(f"frame {frame.index} at {frame.timecode} of video SHA-256 {video_sha}")
        print(f"decoded frame SHA-256 {frame.digest} ({frame.pixel_format} planes)")
        if same is not None:
            print("the frame matches the digest" if same else
                  "the frame does NOT match the digest")
    return 1 if same is False else 0


def _frame_into_case(ns: argparse.Namespace, at: float | None) -> int:
    from desktop.core.casefile import CaseFile
    from desktop.core.videos import save_frame

    if ns.output or ns.check:
        raise UserError("--output and --check work on a video file, not with --case")
    with CaseFile.open(ns.case, investigator=ns.investigator) as case:
        saved, _ = save_frame(case, ns.file, index=ns.index, at=at)
    frame = saved.frame
    if ns.json:
        _print_json({"photo": saved.photo_label, "photo_id": saved.photo_id,
                     "video": saved.video_label, "video_sha256": saved.video_sha256,
                     "index": frame.index, "time_s": frame.time_s, "timecode": frame.timecode,
                     "frame_sha256": frame.digest, "pixel_format": frame.pixel_format,
                     "duplicate": saved.duplicate})
        return 0
    verb = "is already" if saved.duplicate else "saved as"
    print(f"{saved.provenance()} {verb} photo {saved.photo_label}")
    print(f"decoded frame SHA-256 {frame.digest} ({frame.pixel_format} planes); "
          "fragment verify decodes it again")
    return 0


def _videos(ns: argparse.Namespace) -> int:
    from desktop.core.casefile import CaseFile
    from desktop.core.queries.videos import list_videos
    from desktop.core.video import timecode

    with CaseFile.open(ns.case, readonly=True) as case:
        videos = case.read(list_videos)
    if ns.json:
        _print_json({"videos": [v.as_json() for v in videos]})
        return 0
    if not videos:
        print("The case has no videos.")
        return 0
    for v in videos:
        length = timecode(v.duration_s) if v.duration_s is not None else "length unknown"
        print(f"{v.label}  {v.file_name}  {v.codec} {v.width}x{v.height}  {length}  "
              f"SHA-256 {v.sha256}")
        for f in v.frames:
            print(f"    {f.photo_label}  frame {f.index} at {timecode(f.time_s)}  "
                  f"frame SHA-256 {f.digest}")
    return 0


def _pairs(text: str | None, count: int | None, option: str) -> list[tuple[float, float]]:
    if not text:
        raise UserError(f"{option} is missing")
    try:
        points = [(float(x), float(y)) for x, y in
                  (item.split(",") for item in text.replace(";", " ").split())]
    except ValueError:
        raise UserError(f"{option} must be points written 'x,y x,y ...'") from None
    if count is not None and len(points) != count:
        raise UserError(f"{option} needs {count} points, not {len(points)}")
    return points


def _measure(ns: argparse.Namespace) -> int:
    from desktop.core.dimensions import Comparison, compare, dimensions_for
    from desktop.core.lengths import parse_length, parse_rect_size
    from desktop.core.measure import LineReference, PlaneReference, Reference, measure

    reference: Reference | None = None
    try:
        if ns.line_ref or ns.length:
            start, end = _pairs(ns.line_ref, 2, "--line-ref")
            reference = LineReference(start, end, parse_length(ns.length or "", "--length"))
        elif ns.rect_ref or ns.size:
            one, two, three, four = _pairs(ns.rect_ref, 4, "--rect-ref")
            reference = PlaneReference((one, two, three, four),
                                       parse_rect_size(ns.size or "", "--size"))
        result = measure(_pairs(ns.points, None, "--points"), shape=ns.shape,
                         reference=reference, pointing_error_px=ns.pointing_error)
        comparisons: list[Comparison] = []
        if ns.compare:
            dims = dimensions_for(ns.compare)
            if not dims:
                raise UserError(f"the catalog has no published dimensions for {ns.compare}")
            comparisons = [compare(result, d) for d in dims]
    except ValidationError as exc:
        raise UserError(str(exc)) from None
    if ns.json:
        _print_json({
            "pixels": result.pixels, "mm": result.mm, "uncertainty_mm": result.uncertainty_mm,
            "method": result.method, "warnings": list(result.warnings),
            "comparisons": [{"code": c.dimension.code, "feature": c.dimension.feature,
                             "published": c.dimension.published, "mm": c.dimension.mm,
                             "consistent": c.consistent, "difference_mm": c.difference_mm,
                             "citation": c.dimension.citation} for c in comparisons],
        })
        return 0
    print(result.describe())
    print(f"method: {result.method}")
    for warning in result.warnings:
        print(f"note: {warning}")
    for c in comparisons:
        print(f"{c.describe()} [{c.dimension.citation}]")
    return 0


def _measurements(ns: argparse.Namespace) -> int:
    from desktop.core.casefile import CaseFile
    from desktop.core.queries.measurements import case_measurements, measurement_line

    with CaseFile.open(ns.case, readonly=True) as case:
        photos = case.read(case_measurements)
    if ns.json:
        _print_json({
            "measurements": [m.to_dict() for p in photos for m in p.measurements],
            "references": [{"photo_label": p.photo_label, **asdict(r)}
                           for p in photos for r in p.references],
        })
        return 0
    lines = [measurement_line(m) for p in photos for m in p.measurements]
    problems = [f"{r.label} ({p.photo_label}) scale reference: {r.problem}"
                for p in photos for r in p.references if r.problem]
    planes = [f"{r.label} ({p.photo_label}) scale reference '{r.reading}': {r.summary}"
              for p in photos for r in p.references if r.kind == "plane"]
    if not lines:
        print("The case has no measurements.")
    for line in lines + planes + problems:
        print(line)
    return 0
