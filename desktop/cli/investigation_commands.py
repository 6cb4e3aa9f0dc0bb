"""``fragment dump``, ``fragment load``, ``fragment demo`` and ``fragment claims``.

``dump CASE -o FILE`` writes the interchange JSON and copies the photos and source files it
references to ``files/`` beside FILE. Without ``-o`` the JSON goes to standard output and
its ``file`` entries point at the originals inside the case folder, relative to the current
directory, so ``fragment dump X.fragment > x.json`` in the folder that holds the case gives
a loadable file; from elsewhere the entries lead out of the folder, which ``load`` accepts
only with ``--allow-outside`` (the dump says so on standard error).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from desktop.core.casefile import CaseFile
from desktop.core.changes import Changes
from desktop.core.demo import build_demo_case
from desktop.core.interchange import case_document, dump_case, load_case
from desktop.core.queries.evidence import evidence_matrix, relation_text

_ORDER = ("photo", "annotation", "source", "actor", "claim", "location", "link", "video",
          "video_frame", "case_basemap", "reference_collection", "check_finding")

_NAMES = {"video_frame": "video frame", "case_basemap": "basemap",
          "reference_collection": "reference collection", "check_finding": "review"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``dump``, ``load``, ``demo`` and ``claims`` subcommands."""
    p = sub.add_parser("dump", help="write a case as one interchange JSON document")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write FILE and copy the referenced files to files/ beside it "
                        "(default: JSON on standard output, files referenced in the case)")
    p.set_defaults(handler=_dump)

    p = sub.add_parser("load", help="merge an interchange JSON document into a case")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("file", metavar="FILE", help="the JSON document")
    p.add_argument("--allow-outside", action="store_true",
                   help="accept photo and source files outside the JSON file's folder "
                        "(absolute paths, .., links leading out); refused otherwise")
    p.add_argument("--json", action="store_true", help="print what was created as JSON")
    p.set_defaults(handler=_load)

    p = sub.add_parser("demo", help="build the demo case (Shusha, March 2021) at CASE")
    p.add_argument("case", metavar="CASE", help="path of the new case folder")
    p.add_argument("--investigator", help="your name, recorded in the audit log")
    p.set_defaults(handler=_demo)

    p = sub.add_parser("claims", help="list a case's claims with the evidence for and "
                                      "against each")
    p.add_argument("case", metavar="CASE", help="the case folder")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_claims)


def _counts(changes: Changes) -> dict[str, int]:
    counts = Counter(ref.kind for ref in changes.created)
    return {kind: counts[kind] for kind in _ORDER if counts[kind]}


def _summary(counts: dict[str, int]) -> str:
    if not counts:
        return "nothing new"
    return ", ".join(f"{n} {_NAMES.get(kind, kind)}{'s' if n != 1 else ''}"
                     for kind, n in counts.items())


def _dump(ns: argparse.Namespace) -> int:
    with CaseFile.open(ns.case, readonly=True) as case:
        if ns.output:
            doc = dump_case(case, Path(ns.output))
            files = (len(doc["photos"]) + len(doc["videos"]) + len(doc["basemaps"])
                     + sum(1 for s in doc["sources"] if s.get("file")))
            print(f"Wrote {ns.output} ({len(doc['claims'])} claims, "
                  f"{len(doc['annotations'])} annotations, {files} files in files/)",
                  file=sys.stderr)
            return 0
        here = Path.cwd()

        def file_path(sha: str, ext: str) -> str:
            stored = case.originals.path_for(sha, ext).resolve()
            try:
                return Path(os.path.relpath(stored, here)).as_posix()
            except ValueError:  # another drive on Windows: no relative path exists
                return stored.as_posix()

        doc = case_document(case, file_path=file_path)
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    if any(_leaves(item.get("file")) for section in ("photos", "sources", "videos", "basemaps")
           for item in doc[section]):
        print("fragment: the file entries point into the case folder, outside this folder; "
              "load the document with --allow-outside, or dump with -o FILE to copy the "
              "files beside it", file=sys.stderr)
    return 0


def _leaves(file: str | None) -> bool:
    """True when a dumped ``file`` entry leads out of the current folder."""
    return file is not None and (Path(file).is_absolute() or file.startswith("../"))


def _load(ns: argparse.Namespace) -> int:
    with CaseFile.open(ns.case) as case:
        changes = load_case(case, Path(ns.file), allow_outside=ns.allow_outside)
    counts = _counts(changes)
    if ns.json:
        print(json.dumps({"created": counts}))
    else:
        print(f"Loaded {ns.file} into {ns.case}: {_summary(counts)}")
    return 0


def _demo(ns: argparse.Namespace) -> int:
    def progress(message: str) -> None:
        print(f"  {message}", file=sys.stderr)

    with build_demo_case(ns.case, investigator=ns.investigator, progress=progress) as case:
        with case.read_session() as session:
            rows = evidence_matrix(session)
        root = case.root
    print(f"Built the demo case {root} ({len(rows)} claims). Open it with: fragment {root}")
    return 0


def _claims(ns: argparse.Namespace) -> int:
    with CaseFile.open(ns.case, readonly=True) as case, case.read_session() as session:
        rows = evidence_matrix(session)
    if ns.json:
        print(json.dumps([{
            "id": r.claim.id, "label": r.claim.label, "uid": r.claim.uid,
            "statement": r.claim.statement,
            "actor": r.claim.actor_name,
            "claimed_on": r.claim.claimed_on.isoformat() if r.claim.claimed_on else None,
            "about_when": r.claim.about_when, "status": r.claim.status,
            "supporting": [e.caption for e in r.supporting],
            "contradicting": [e.caption for e in r.contradicting],
            "context": [e.caption for e in r.context],
            "supporting_claims": [c.claim_id for c in r.supporting_claims],
            "contradicting_claims": [c.claim_id for c in r.contradicting_claims],
            "supporting_claim_labels": [c.claim_label for c in r.supporting_claims],
            "contradicting_claim_labels": [c.claim_label for c in r.contradicting_claims],
            "supports_claims": [c.claim_id for c in r.supported_claims],
            "contradicts_claims": [c.claim_id for c in r.contradicted_claims],
        } for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        c = r.claim
        print(f"{c.label} (id {c.id}) {c.status.upper()}  {c.actor_name or 'no actor'}"
              f"  ({c.claimed_on or 'undated'}; about {c.about_when or '?'})")
        print(f"    {c.statement}")
        for word, items in (("supports", r.supporting), ("contradicts", r.contradicting),
                            ("context", r.context)):
            for e in items:
                print(f"    {word:<12}{e.caption}")
        for other in r.related_claims:
            print(f"    {relation_text(other)}")
    return 0
