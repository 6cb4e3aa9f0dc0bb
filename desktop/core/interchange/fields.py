"""Names shared by the dump and the load: sections, key prefixes, field <-> column maps."""

from __future__ import annotations

FORMAT = "fragment-case"
VERSION = 1

# section name -> object kind (table name)
SECTIONS = {
    "sources": "source", "actors": "actor", "claims": "claim", "locations": "location",
    "photos": "photo", "annotations": "annotation", "links": "link", "citations": "citation",
    "basemaps": "case_basemap", "reference_collections": "reference_collection",
    "videos": "video", "frames": "video_frame", "reviews": "check_finding",
}
# kinds nothing refers to: their objects need no key
KEYLESS = frozenset({"link", "citation", "video_frame", "check_finding"})
KEY_PREFIX = {"source": "src", "actor": "act", "claim": "clm", "location": "loc",
              "photo": "pho", "annotation": "ann", "link": "lnk", "citation": "cit",
              "case_basemap": "map", "reference_collection": "ref", "video": "vid",
              "video_frame": "frm", "check_finding": "rev"}

# interchange field -> database column, where they differ
SOURCE_FIELDS = {"title": "title", "publisher": "publisher", "url": "url",
                 "language": "language", "published": "published_on",
                 "retrieved": "retrieved_on", "text": "text", "notes": "notes"}
ACTOR_FIELDS = {"name": "name", "kind": "kind", "affiliation": "affiliation"}
CLAIM_FIELDS = {"statement": "statement", "claimed_on": "claimed_on",
                "about_when": "about_when", "status": "status", "note": "note"}
LOCATION_FIELDS = {"name": "name", "aliases": "aliases", "kind": "kind",
                   "precision_m": "precision_m", "note": "note"}
ANNOTATION_FIELDS = {"kind": "kind", "text": "transcription", "confidence": "confidence",
                     "notes": "notes"}
# citation field -> column (``source``, ``location`` and ``link`` are references)
CITATION_FIELDS = {"origin": "origin", "file_sha256": "file_sha256", "page": "page",
                   "line": "line", "start": "start_char", "end": "end_char",
                   "text": "found_text", "quote": "quote", "region": "region"}
# photos[].provenance fields stored as they are (``source`` is a reference, handled apart)
PROVENANCE_FIELDS = ("taken_by", "provided_by", "acquisition", "original_url", "obtained_at")
