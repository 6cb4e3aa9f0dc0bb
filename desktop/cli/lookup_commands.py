"""``fragment coords``, ``fragment scan`` and ``fragment marking``: look-ups that need no case.

``--case CASE`` on ``scan`` and ``marking`` adds that case's own catalog entries.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.core.catalog import default_catalog
from desktop.core.errors import UserError
from desktop.core.geo import (
    format_ddm,
    format_decimal,
    format_dms,
    format_mgrs,
    parse_coordinates,
    precision_phrase,
)
from desktop.core.markings import Catalog, CatalogMatch, display_marking, normalize_marking
from desktop.core.scan import scan_text
from desktop.core.source_text import HTML_EXTS, PDF_EXTS, extract_text

MAX_SCAN_BYTES = 50 * 1024 * 1024


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``coords``, ``scan`` and ``marking`` subcommands."""
    p = sub.add_parser(
        "coords", help="read coordinates in any common notation",
        description="Read one coordinate pair (decimal, DMS, DDM, MGRS or a map link) and "
                    "print it in every notation. Put -- before text that starts with a minus.",
    )
    p.add_argument("text", nargs="+", metavar="TEXT", help="the coordinates (quote them)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_coords)

    p = sub.add_parser(
        "scan", help="find coordinates and catalog markings in text",
        description="Find every coordinate pair and every catalog marking in a text.",
    )
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("text", nargs="?", metavar="TEXT", help="the text to scan")
    src.add_argument("--file", metavar="F",
                     help="read the text from this UTF-8 text, PDF or HTML file (- for stdin)")
    p.add_argument("--case", metavar="CASE", help="also match this case's catalog entries")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_scan)

    p = sub.add_parser(
        "marking", help="normalise a marking and look it up in the catalog",
        description="Normalise a marking (Cyrillic/Latin look-alikes, case, spaces, dashes) "
                    "and list the catalog entries it matches; ? stands for an unreadable "
                    "character.",
    )
    p.add_argument("text", nargs="+", metavar="TEXT", help="the marking as read, e.g. 9М723")
    p.add_argument("--case", metavar="CASE", help="also match this case's catalog entries")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_marking)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _catalog(case_path: str | None) -> Catalog:
    if not case_path:
        return default_catalog()
    from desktop.core.casefile import CaseFile
    from desktop.core.queries.catalog import case_catalog

    with CaseFile.open(case_path, readonly=True) as case, case.read_session() as session:
        return case_catalog(session)


def _coords(ns: argparse.Namespace) -> int:
    p = parse_coordinates(" ".join(ns.text))
    try:
        mgrs: str | None = format_mgrs(p.lat, p.lon)
    except UserError:  # polar caps have no MGRS
        mgrs = None
    if ns.json:
        _print_json({
            "lat": p.lat, "lon": p.lon, "format": p.notation, "precision_m": p.precision_m,
            "raw": p.raw, "decimal": format_decimal(p.lat, p.lon), "dms": format_dms(p.lat, p.lon),
            "ddm": format_ddm(p.lat, p.lon), "mgrs": mgrs,
        })
        return 0
    print(f"{format_decimal(p.lat, p.lon)}   (read as {p.notation}, "
          f"{precision_phrase(p.notation, p.precision_m)})")
    print(f"DMS   {format_dms(p.lat, p.lon, places=2)}")
    print(f"DDM   {format_ddm(p.lat, p.lon)}")
    print(f"MGRS  {mgrs or 'not defined at this latitude'}")
    return 0


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    ext = path.suffix.lstrip(".").lower()
    try:
        if path.stat().st_size > MAX_SCAN_BYTES:
            raise UserError(f"{path} is larger than {MAX_SCAN_BYTES // 2**20} MB; split it first")
        if ext in PDF_EXTS | HTML_EXTS:  # PDF text with pages (form feeds), HTML as text
            try:
                return extract_text(path.read_bytes(), ext).text
            except UserError as exc:
                raise UserError(f"{path.name}: {exc}") from exc
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path} is not UTF-8 text") from exc
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _match_dict(m: CatalogMatch) -> dict[str, Any]:
    return m.to_dict()


def _scan(ns: argparse.Namespace) -> int:
    text = _read_text(ns.file) if ns.file else ns.text
    result = scan_text(text, _catalog(ns.case))
    if ns.json:
        _print_json({
            "coordinates": [
                {"text": c.text, "start": c.start, "end": c.end, "lat": c.lat, "lon": c.lon,
                 "notation": c.notation, "precision_m": c.precision_m, "page": c.page,
                 "line": c.line, "quote": c.quote}
                for c in result.coordinates
            ],
            "markings": [
                {"text": m.text, "start": m.start, "end": m.end, "normalized": m.normalized,
                 "display": m.display, "page": m.page, "line": m.line, "quote": m.quote,
                 "matches": [_match_dict(x) for x in m.matches]}
                for m in result.markings
            ],
        })
        return 0
    if not result.coordinates and not result.markings:
        print("No coordinates or catalog markings found.")
        return 0
    for c in result.coordinates:
        print(f"coordinates  {_place(c.page, c.line)}{c.start}-{c.end}  {c.text!r}  ->  "
              f"{format_decimal(c.lat, c.lon)}  ({c.notation})")
    for m in result.markings:
        systems = "; ".join(f"{x.code} {x.system}{'' if x.exact else ' (prefix)'}"
                            for x in m.matches)
        print(f"marking      {_place(m.page, m.line)}{m.start}-{m.end}  {m.text!r}  "
              f"{m.display}  ->  {systems}")
    return 0


def _place(page: int | None, line: int) -> str:
    return f"p. {page} l. {line}  " if page is not None else f"l. {line}  "


def _marking(ns: argparse.Namespace) -> int:
    text = " ".join(ns.text)
    matches = _catalog(ns.case).match(text)
    normalized = normalize_marking(text)
    if ns.json:
        _print_json({"normalized": normalized, "display": display_marking(text),
                     "matches": [_match_dict(m) for m in matches]})
        return 0
    # Shown transliterated (9Н235 -> 9N235); the look-alike key is only for matching.
    print(f"Normalised: {display_marking(text) if normalized else '(nothing readable)'}")
    if not matches:
        print("No catalog entry matches.")
        return 0
    for m in matches:
        kind = "exact" if m.exact else "prefix"
        print(f"  {m.code}  {m.system}  [{m.category}; {m.origin}]  ({kind}"
              f"{', case entry' if m.user else ''})")
        if m.citation:
            print(f"      source: {m.citation}")
    return 0
