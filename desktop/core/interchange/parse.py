"""Phase 1 of a load: read and validate a whole document into an inert ``LoadPlan``.

Nothing is written here. Every value goes through the same validators as the core verbs;
the first problem raises ``ValidationError`` whose path names where it is, e.g.
``claims[3].actor: no actor with key "a9"``. A reference is a key of the same file or the
``uid`` of an object already in the case. Unknown fields are ignored (later versions may
add fields).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Actor,
    Annotation,
    CaseBasemap,
    CheckFinding,
    Citation,
    Claim,
    Link,
    Location,
    Photo,
    ReferenceCollection,
    ShapeType,
    Source,
    Video,
    VideoFrame,
)
from desktop.core.catalog import make_catalog_item
from desktop.core.errors import UserError, ValidationError
from desktop.core.interchange import extras
from desktop.core.interchange.fields import (
    ACTOR_FIELDS,
    CITATION_FIELDS,
    CLAIM_FIELDS,
    FORMAT,
    KEYLESS,
    LOCATION_FIELDS,
    PROVENANCE_FIELDS,
    SECTIONS,
    SOURCE_FIELDS,
    VERSION,
)
from desktop.core.markings import CatalogItem, normalize_marking
from desktop.core.ops import actors, citations, claims, links, locations, sources
from desktop.core.ops.annotations import clean_fields as clean_annotation_fields
from desktop.core.ops.common import parse_enum, parse_text
from desktop.core.ops.photos import clean_adjustments
from desktop.core.ops.provenance import clean_provenance
from desktop.core.ops.shapes import check_shape_kind
from desktop.core.ops.tags import MAX_TAGS_PER_PHOTO, clean_tags
from desktop.core.queries.catalog import case_entries

MODELS: dict[str, Any] = {"source": Source, "actor": Actor, "claim": Claim,
                          "location": Location, "photo": Photo, "annotation": Annotation,
                          "link": Link, "citation": Citation, "case_basemap": CaseBasemap,
                          "reference_collection": ReferenceCollection, "video": Video,
                          "video_frame": VideoFrame, "check_finding": CheckFinding}
_UID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Pointer:
    """A reference: to an object of this file (``key``) or one already in the case (``id``)."""

    kind: str
    key: str | None = None
    id: int | None = None


@dataclass
class Planned:
    """One object to create, inert: validated column values and unresolved references."""

    kind: str
    key: str
    path: str
    uid: str | None
    existing_id: int | None
    values: dict[str, Any]
    refs: dict[str, Pointer] = field(default_factory=dict)
    file: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LoadPlan:
    """Everything a document asks for, validated, in apply order."""

    title: str | None
    description: str | None
    items: dict[str, list[Planned]]
    catalog: list[CatalogItem] = field(default_factory=list)
    """Case catalog entries to add (codes the case already has are left out)."""

    def all(self) -> list[Planned]:
        """Every planned object, in apply order."""
        return [p for kind in SECTIONS.values() for p in self.items[kind]]


def read_document(path: Path) -> dict[str, Any]:
    """Parse a JSON file (``UserError`` for unreadable or invalid JSON)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}: {exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}, "
                        f"column {exc.colno}") from None
    except RecursionError:
        raise UserError(f"{path.name} is nested too deeply to be a case document") from None
    if _depth(doc) > MAX_DEPTH:
        raise UserError(f"{path.name} is nested more than {MAX_DEPTH} levels deep, which no "
                        "case document is")
    return doc


MAX_ANNOTATION_NUMBER = 1_000_000
MAX_DEPTH = 32
"""A case document nests about six levels (document, section, object, geometry, points,
point); anything far deeper is hostile or broken."""


def _depth(value: Any) -> int:
    """How deeply ``value`` nests, without recursion (a hostile document may be deep)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def _wrap(exc: ValidationError, path: str, names: Mapping[str, str]) -> ValidationError:
    """Re-issue a column-level error at the document path, under the document's field name."""
    reverse = {column: name for name, column in names.items()}
    head, _, tail = exc.path.partition(".")
    head, bracket, rest = head.partition("[")
    name = reverse.get(head, head)
    where = f"{path}.{name}{bracket}{rest}" + (f".{tail}" if tail else "") if exc.path else path
    return ValidationError(exc.reason, where)


class _Parser:
    def __init__(self, doc: Any, base: Path, session: Session, *,
                 allow_outside: bool = False) -> None:
        self.doc = doc
        self.base = base.resolve()
        self.allow_outside = allow_outside
        self.session = session
        self.keys: dict[str, tuple[str, str]] = {}
        self.file_uids: dict[str, dict[str, str]] = {}
        self.numbers: dict[tuple[Pointer, int], str] = {}
        self.uids: dict[str, dict[str, int]] = {
            kind: dict(session.execute(select(model.uid, model.id)).all())
            for kind, model in MODELS.items()
        }

    # -- helpers -------------------------------------------------------------------------
    def section(self, name: str) -> list[Any]:
        value = self.doc.get(name, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValidationError("expected a list", name)
        return value

    def pointer(self, value: Any, kinds: tuple[str, ...], path: str) -> Pointer:
        wanted = " or ".join(kinds)
        if not isinstance(value, str) or not value:
            raise ValidationError(f"expected the key of a {wanted}", path)
        if value in self.keys:
            kind, where = self.keys[value]
            if kind not in kinds:
                raise ValidationError(f'"{value}" is a {kind} ({where}), not a {wanted}', path)
            return Pointer(kind, key=value)
        for kind in kinds:
            if value in self.uids[kind]:
                return Pointer(kind, id=self.uids[kind][value])
        raise ValidationError(f'no {wanted} with key "{value}"', path)

    def file(self, value: Any, path: str) -> Path:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError("expected a file path relative to the JSON file", path)
        value = parse_text(value, path)
        given = Path(value)
        if given.is_absolute() and not self.allow_outside:
            raise ValidationError("an absolute path is refused; give a path relative to the "
                                  "JSON file, or load with --allow-outside", path)
        try:
            target = (self.base / given).resolve()
        except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a bad name
            raise ValidationError(f'cannot resolve "{value}": {exc}', path) from None
        if not self.allow_outside and not target.is_relative_to(self.base):
            raise ValidationError("the file is outside the JSON file's folder (after following "
                                  "links); load with --allow-outside to accept it", path)
        if not target.is_file():
            raise ValidationError(f'no such file "{value}"', path)
        return target

    def start(self, kind: str, raw: Any, path: str) -> Planned:
        uid = raw.get("uid")
        if uid is not None and not (isinstance(uid, str) and _UID.match(uid)):
            raise ValidationError("expected 32 lowercase hex digits", f"{path}.uid")
        if uid is not None:
            seen = self.file_uids.setdefault(kind, {})
            if uid in seen:
                raise ValidationError(f"the uid is already used by {seen[uid]}", f"{path}.uid")
            seen[uid] = path
        existing = self.uids[kind].get(uid) if uid else None
        return Planned(kind, raw.get("key") or path, path, uid, existing, {})

    def columns(self, raw: Mapping[str, Any], names: Mapping[str, str],
                path: str) -> dict[str, Any]:
        return {column: raw[name] for name, column in names.items() if name in raw}

    # -- the document ----------------------------------------------------------------------
    def run(self) -> LoadPlan:
        doc = self.doc
        if not isinstance(doc, dict):
            raise ValidationError("expected a JSON object", "document")
        if doc.get("format") != FORMAT:
            raise ValidationError(f'expected "{FORMAT}"', "format")
        version = doc.get("version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise ValidationError("expected a whole number", "version")
        if version > VERSION:
            raise ValidationError(f"version {version} was written by a newer Fragment; this "
                                  f"one reads version {VERSION}", "version")
        title = description = None
        if "case" in doc and doc["case"] is not None:
            info = doc["case"]
            if not isinstance(info, dict):
                raise ValidationError("expected an object", "case")
            if "title" in info:
                title = parse_text(info["title"], "case.title")
            if "description" in info:
                description = parse_text(info["description"], "case.description")
        for name, kind in SECTIONS.items():
            for i, raw in enumerate(self.section(name)):
                path = f"{name}[{i}]"
                if not isinstance(raw, dict):
                    raise ValidationError("expected an object", path)
                key = raw.get("key")
                if kind in KEYLESS and key is None:
                    continue  # nothing, or only citations, refer to these: keys optional
                if not isinstance(key, str) or not key.strip():
                    raise ValidationError("every object needs a non-empty key", f"{path}.key")
                if key in self.keys:
                    raise ValidationError(f'the key "{key}" is already used by '
                                          f"{self.keys[key][1]}", f"{path}.key")
                self.keys[key] = (kind, path)
        items = {kind: [getattr(self, f"_{kind}")(raw, f"{name}[{i}]")
                        for i, raw in enumerate(self.section(name))]
                 for name, kind in SECTIONS.items()}
        self._check_links(items["link"])
        extras.check_unique(items)
        return LoadPlan(title, description, items, self._catalog())

    def _catalog(self) -> list[CatalogItem]:
        """Catalog entries: a code the case has already is kept as the case has it; a key
        (code or alias) used by another entry is refused."""
        taken = {key: item.code for item in case_entries(self.session) for key in item.keys}
        in_case = set(taken)
        out: list[CatalogItem] = []
        for i, raw in enumerate(self.section("catalog")):
            path = f"catalog[{i}]"
            item = make_catalog_item(raw, path=path, user=True)
            code_key = normalize_marking(item.code)
            if code_key in in_case and normalize_marking(taken[code_key]) == code_key:
                continue  # the case has this code already: its own entry is kept
            for key in item.keys:
                if key in taken:
                    raise ValidationError(f"{key} is already used by the catalog entry "
                                          f"{taken[key]}", path)
            taken.update((key, item.code) for key in item.keys)
            out.append(item)
        return out

    # -- one method per kind -----------------------------------------------------------------
    def _source(self, raw: dict[str, Any], path: str) -> Planned:
        item = self.start("source", raw, path)
        values = self.columns(raw, SOURCE_FIELDS, path)
        values.setdefault("title", raw.get("title"))
        try:
            item.values = sources.SOURCE.clean(None, values, None)
        except ValidationError as exc:
            raise _wrap(exc, path, SOURCE_FIELDS) from None
        if raw.get("file") is not None:
            item.file = self.file(raw["file"], f"{path}.file")
            item.extra["file_name"] = parse_text(raw.get("file_name") or item.file.name,
                                                 f"{path}.file_name")
        return item

    def _actor(self, raw: dict[str, Any], path: str) -> Planned:
        item = self.start("actor", raw, path)
        values = self.columns(raw, ACTOR_FIELDS, path)
        values.setdefault("name", raw.get("name"))
        try:
            item.values = actors.ACTOR.clean(None, values, None)
        except ValidationError as exc:
            raise _wrap(exc, path, ACTOR_FIELDS) from None
        return item

    def _claim(self, raw: dict[str, Any], path: str) -> Planned:
        item = self.start("claim", raw, path)
        values = self.columns(raw, CLAIM_FIELDS, path)
        values.setdefault("statement", raw.get("statement"))
        try:
            item.values = claims.CLAIM.clean(None, values, None)
        except ValidationError as exc:
            raise _wrap(exc, path, CLAIM_FIELDS) from None
        for name, kind in (("actor", "actor"), ("source", "source")):
            if raw.get(name) is not None:
                item.refs[f"{name}_id"] = self.pointer(raw[name], (kind,), f"{path}.{name}")
        return item

    def _citation(self, raw: dict[str, Any], path: str) -> Planned:
        item = self.start("citation", raw, path)
        values = self.columns(raw, CITATION_FIELDS, path)
        try:
            item.values = citations.clean_citation(values, "")
        except ValidationError as exc:
            raise _wrap(exc, path, CITATION_FIELDS) from None
        item.refs["source_id"] = self.pointer(raw.get("source"), ("source",), f"{path}.source")
        cited = [name for name in ("location", "link") if raw.get(name) is not None]
        if len(cited) != 1:
            raise ValidationError("a citation cites exactly one location or link", path)
        name = cited[0]
        item.refs[f"{name}_id"] = self.pointer(raw[name], (name,), f"{path}.{name}")
        return item

    def _location(self, raw: dict[str, Any], path: str) -> Planned:
        item = self.start("location", raw, path)
        if "coordinates" not in raw:
            raise ValidationError("a location needs coordinates", f"{path}.coordinates")
        text = raw["coordinates"]
        if not isinstance(text, str):
            raise ValidationError("expected coordinates as text", f"{path}.coordinates")
        parsed = locations.coordinate_fields(text, f"{path}.coordinates")
        # an explicit precision_m (even null) wins over the precision the text implies
        values = {"kind": "claimed", **parsed, **self.columns(raw, LOCATION_FIELDS, path)}
        try:
            item.values = locations.LOCATION.clean(None, values, None)
        except ValidationError as exc:
            raise _wrap(exc, path, LOCATION_FIELDS) from None
        if raw.get("photo") is not None:
            item.refs["photo_id"] = self.pointer(raw["photo"], ("photo",), f"{path}.photo")
        return item

    def _photo(self, raw: dict[str, Any], path: str) -> Planned:
        item = self.start("photo", raw, path)
        item.file = self.file(raw.get("file"), f"{path}.file")
        item.values["notes"] = parse_text(raw.get("notes"), f"{path}.notes")
        item.values["view_adjustments"] = clean_adjustments(
            raw.get("view_adjustments"), f"{path}.view_adjustments")
        if raw.get("file_name") is not None:
            name = parse_text(raw["file_name"], f"{path}.file_name", required=True)
            item.values["file_name"] = name
        if raw.get("sha256") is not None:
            item.extra["sha256"] = parse_text(raw["sha256"], f"{path}.sha256").lower()
        self._provenance(item, raw.get("provenance"), f"{path}.provenance")
        item.extra["tags"] = _tags(raw.get("tags"), f"{path}.tags")
        return item

    def _provenance(self, item: Planned, raw: Any, path: str) -> None:
        """``photos[].provenance``: checked as the photo verbs check it; ``source`` is a
        source key (or uid)."""
        if raw is None:
            return
        if not isinstance(raw, dict):
            raise ValidationError("expected an object", path)
        fields = {name: raw[name] for name in PROVENANCE_FIELDS if name in raw}
        try:
            item.values.update(clean_provenance(None, fields))
        except ValidationError as exc:
            raise ValidationError(exc.reason, f"{path}.{exc.path}") from None
        if raw.get("source") is not None:
            item.refs["source_id"] = self.pointer(raw["source"], ("source",), f"{path}.source")

    def _annotation(self, raw: dict[str, Any], path: str) -> Planned:
        item = self.start("annotation", raw, path)
        if "photo" not in raw:
            raise ValidationError("an annotation needs its photo's key", f"{path}.photo")
        item.refs["photo_id"] = self.pointer(raw["photo"], ("photo",), f"{path}.photo")
        shape = raw.get("shape")
        if not isinstance(shape, dict):
            raise ValidationError('expected {"type": "rect"|"polygon"|"point"|"line"|'
                                  '"polyline"|"circle", ...}', f"{path}.shape")
        item.extra["shape_type"] = parse_enum(ShapeType, shape.get("type"),
                                              f"{path}.shape.type")
        item.extra["geometry"] = shape
        fields = {c: raw[f] for f, c in (("kind", "kind"), ("text", "transcription"),
                                          ("confidence", "confidence"), ("notes", "notes"))
                  if f in raw}
        try:
            item.values = clean_annotation_fields(fields)
        except ValidationError as exc:
            raise _wrap(exc, path, {"text": "transcription"}) from None
        check_shape_kind(item.extra["shape_type"], item.values.get("kind", "other"),
                         f"{path}.kind")
        number = raw.get("number")
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)
                                   or not 1 <= number <= MAX_ANNOTATION_NUMBER):
            raise ValidationError(f"expected a whole number from 1 to {MAX_ANNOTATION_NUMBER}",
                                  f"{path}.number")
        if number is not None:
            slot = (item.refs["photo_id"], number)
            if slot in self.numbers:
                raise ValidationError(f"number {number} is already used on that photo by "
                                      f"{self.numbers[slot]}", f"{path}.number")
            self.numbers[slot] = path
        item.extra["number"] = number
        return item

    def _link(self, raw: dict[str, Any], path: str) -> Planned:
        item = self.start("link", raw, path)
        for side in ("from", "to"):
            if side not in raw:
                raise ValidationError(f"a link needs '{side}'", f"{path}.{side}")
        start = self.pointer(raw["from"], ("annotation", "photo", "claim"), f"{path}.from")
        end = self.pointer(raw["to"], ("claim", "location"), f"{path}.to")
        if (start.kind, end.kind) not in links.RULES:
            raise ValidationError(f"cannot link a {start.kind} to a {end.kind}", path)
        if start == end:
            raise ValidationError("a claim cannot be linked to itself", f"{path}.to")
        typed_by, allowed = links.RULES[(start.kind, end.kind)]
        stance, relation = raw.get("stance"), raw.get("relation")
        if typed_by == "relation" and relation is None:
            relation = allowed[0]
        columns: dict[str, int | None] = {
            c: None for c in (*links.FROM_COLUMNS.values(), *links.TO_COLUMNS.values())}
        columns[links.FROM_COLUMNS[start.kind]] = 1  # placeholders: only the kinds matter
        columns[links.TO_COLUMNS[end.kind]] = 1
        try:
            item.values = links.LINK.clean(
                None, {**columns, "stance": stance, "relation": relation,
                       "note": raw.get("note", "")}, None)
        except ValidationError as exc:
            raise _wrap(exc, path, {}) from None
        for column in (*links.FROM_COLUMNS.values(), *links.TO_COLUMNS.values()):
            item.values.pop(column, None)
        item.refs[links.FROM_COLUMNS[start.kind]] = start
        item.refs[links.TO_COLUMNS[end.kind]] = end
        return item

    def _case_basemap(self, raw: dict[str, Any], path: str) -> Planned:
        return extras.parse_basemap(self, raw, path)

    def _reference_collection(self, raw: dict[str, Any], path: str) -> Planned:
        return extras.parse_reference(self, raw, path)

    def _video(self, raw: dict[str, Any], path: str) -> Planned:
        return extras.parse_video(self, raw, path)

    def _video_frame(self, raw: dict[str, Any], path: str) -> Planned:
        return extras.parse_frame(self, raw, path)

    def _check_finding(self, raw: dict[str, Any], path: str) -> Planned:
        return extras.parse_review(self, raw, path)

    def _check_links(self, planned: list[Planned]) -> None:
        seen: dict[frozenset[Pointer] | tuple[Pointer, ...], str] = {}
        for item in planned:
            ends = tuple(item.refs.values())
            both_claims = all(p.kind == "claim" for p in ends)
            signature = frozenset(ends) if both_claims else ends
            if signature in seen:
                raise ValidationError(f"links the same objects as {seen[signature]}", item.path)
            seen[signature] = item.path


def parse_document(doc: Any, base: Path, session: Session, *,
                   allow_outside: bool = False) -> LoadPlan:
    """Validate a parsed JSON document (files relative to ``base``) against the case.

    ``file`` entries must stay inside ``base`` once symbolic links are resolved; absolute
    paths and paths leading out are refused unless ``allow_outside`` (the user's explicit
    ``fragment load --allow-outside``).
    """
    return _Parser(doc, base, session, allow_outside=allow_outside).run()


def _tags(raw: Any, path: str) -> list[str]:
    """``photos[].tags``: a list of tags, each checked as ``fragment tag`` checks it."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValidationError("expected a list of tags", path)
    if len(raw) > MAX_TAGS_PER_PHOTO:
        raise ValidationError(f"a photo has at most {MAX_TAGS_PER_PHOTO} tags "
                              f"({len(raw)} given)", path)
    return clean_tags(raw, path)
