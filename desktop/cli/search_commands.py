"""``fragment search CASE QUERY [--limit N] [--json]``: full-text search over a case."""

from __future__ import annotations

import argparse
import json

from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError
from desktop.core.queries.search import DEFAULT_LIMIT, MAX_LIMIT, RANK_CAP, SearchHit, search

_TEXT_WIDTH = 70


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``search`` subcommand."""
    p = sub.add_parser(
        "search", help="find annotations, photos, claims and sources by their text",
        description="Words are ANDed and match as prefixes (9M7 finds 9M723); \"a phrase\" "
                    "in quotes matches in order; case, accents and Cyrillic/Latin "
                    "look-alikes do not matter.")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("query", metavar="QUERY", help="what to look for")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"at most N results, best first (default {DEFAULT_LIMIT}, "
                        f"at most {MAX_LIMIT})")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_search)


def _search(ns: argparse.Namespace) -> int:
    if not 1 <= ns.limit <= MAX_LIMIT:
        raise UserError(f"--limit must be between 1 and {MAX_LIMIT}")
    with CaseFile.open(ns.case, readonly=True) as case:
        found = case.read(search, ns.query, limit=ns.limit)
    if ns.json:
        print(json.dumps({"query": ns.query, "more": found.more,
                          "results": [h.as_json() for h in found]},
                         ensure_ascii=False, indent=2))
        return 0
    for hit in found:
        print(result_line(hit))
    if found.more:
        print(f"{len(found)} result(s), the best of the first {RANK_CAP:,} of more matches: "
              "add words to narrow the search.")
    else:
        print(f"{len(found)} result(s)." if found.hits else "No results.")
    return 0


def result_line(hit: SearchHit) -> str:
    """``A12   annotation  9M723  (…the passage that matched…)`` on one line."""
    text = " ".join(hit.text.split())
    if len(text) > _TEXT_WIDTH:
        text = text[:_TEXT_WIDTH - 1] + "…"
    line = f"{hit.label:<6} {hit.kind:<10}  {text}"
    return f"{line}  ({hit.context})" if hit.context else line
