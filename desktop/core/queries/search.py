"""Full-text search over a case: annotations, photos (also by their tags), claims and
sources.

What a user types becomes a safe index query here, never FTS syntax: words are ANDed and
each matches as a prefix (``9M7`` finds ``9M723``), ``"a quoted phrase"`` matches those
words in order, case and accents never matter, and every word also matches in its folded
form, so a reading typed ``9M723`` finds one stencilled ``9М723`` (Cyrillic М) and the
reverse. Quotes, ``*``, ``NEAR``, ``AND``, brackets and every other FTS character are
plain text: only letters and digits reach the index, each inside quotes. A query of more
than ``MAX_QUERY_CHARS`` characters or ``MAX_TERMS`` words is refused with one sentence;
one with no letters or digits finds nothing; a one-character word matches only itself.
The index itself is ``db.search_index``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db.models import Photo
from db.search_index import PG_TABLE, SQLITE_TABLE, fold_word
from desktop.core.errors import UserError

MAX_QUERY_CHARS = 500
MAX_TERMS = 16
DEFAULT_LIMIT = 50
RANK_CAP = 1000
MAX_LIMIT = 1000
_TOKEN = re.compile(r"[^\W_]+")
_MARK = "\x02"  # around matched words in snippets; stripped before results leave
_SNIPPET_TOKENS = 12


@dataclass(frozen=True)
class SearchHit:
    """One result. ``object_id`` is the annotation's, photo's, claim's or source's id;
    ``photo_id`` is set for photos and annotations (the photo to show). ``text`` is the
    object's own text (reading, file name, statement, title); ``context`` is the passage of
    its other text (notes, source text) where the words were found, or empty;
    ``photo_label`` names an annotation's photo (P3)."""

    kind: str
    object_id: int
    label: str
    text: str
    context: str
    photo_id: int | None
    photo_label: str | None = None  # the photo an annotation is on

    def as_json(self) -> dict[str, object]:
        """The ``fragment search --json`` shape."""
        return {"kind": self.kind, "id": self.object_id, "label": self.label,
                "text": self.text, "context": self.context, "photo_id": self.photo_id,
                "photo_label": self.photo_label}


@dataclass(frozen=True)
class _Term:
    """One word or quoted phrase: its tokens as typed, and folded."""

    tokens: tuple[str, ...]
    folded: tuple[str, ...]
    phrase: bool


class SearchQueryError(UserError):
    """The query cannot be run as given (too long, too many words)."""


def parse_query(query: str) -> list[_Term]:
    """The words and quoted phrases of ``query``; raises ``SearchQueryError`` when too big."""
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryError(f"the search is too long ({len(query)} characters; at most "
                               f"{MAX_QUERY_CHARS})")
    cleaned = unicodedata.normalize("NFC", query.replace("\x00", " "))
    terms: list[_Term] = []
    for index, part in enumerate(cleaned.split('"')):
        phrase = index % 2 == 1  # between quotes (an unclosed quote runs to the end)
        units = [part] if phrase else part.split()
        for unit in units:
            tokens = tuple(t.lower() for t in _TOKEN.findall(unit))
            if not tokens:
                continue
            folded = tuple(t for w in (unit.split() if phrase else [unit])
                           for t in _TOKEN.findall(fold_word(w).lower()))
            terms.append(_Term(tokens, folded, phrase))
    if len(terms) > MAX_TERMS:
        raise SearchQueryError(f"the search has too many words ({len(terms)}; at most "
                               f"{MAX_TERMS})")
    return terms


def _fts_phrase(tokens: tuple[str, ...], prefix: bool) -> str:
    return '"' + " ".join(tokens) + '"' + (" *" if prefix else "")


def _prefix(term: _Term, tokens: tuple[str, ...]) -> bool:
    """A word matches as a prefix when it is not in quotes and ends in two characters or
    more (a one-character prefix would visit nearly every row of the index)."""
    return not term.phrase and len(tokens[-1]) >= 2


def fts5_query(terms: list[_Term]) -> str:
    """The FTS5 MATCH expression for ``terms`` (tokens are letters and digits only)."""
    parts = []
    for term in terms:
        raw = _fts_phrase(term.tokens, _prefix(term, term.tokens))
        alternatives = [f"{{label body extra}} : {raw}"]
        if term.folded:
            folded = _fts_phrase(term.folded, _prefix(term, term.folded))
            alternatives.append(f"folded : {folded}")
        parts.append("(" + " OR ".join(alternatives) + ")")
    expression = " AND ".join(parts)
    squeezed = _squeezed(terms)
    if squeezed:  # "9M 723" also finds the reading 9М723, as the catalog would match it
        expression = f"({expression}) OR (folded : {_fts_phrase((squeezed,), True)})"
    return expression


def _squeezed(terms: list[_Term]) -> str:
    """Several plain words written together and folded, or "" (one word, or a phrase)."""
    if len(terms) < 2 or any(term.phrase for term in terms):
        return ""
    return "".join(token for term in terms for token in term.folded)


def _tsquery(terms: list[_Term]) -> str:
    """The PostgreSQL ``to_tsquery('simple', …)`` text for ``terms`` (folded tokens: the
    document holds every word folded, accents removed)."""
    parts = []
    for term in terms:
        words = [_strip_accents(t) for t in term.folded or term.tokens]
        if _prefix(term, tuple(words)):
            words[-1] += ":*"
        parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word)
                   if unicodedata.category(c) != "Mn")


@dataclass(frozen=True)
class SearchResults:
    """The hits, best first; ``more`` is True when over ``RANK_CAP`` objects matched and
    the hits are the best of the first ``RANK_CAP`` (the query should be narrowed)."""

    hits: tuple[SearchHit, ...] = ()
    more: bool = False

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)


def search(session: Session, query: str, *, limit: int = DEFAULT_LIMIT) -> SearchResults:
    """The best ``limit`` matches of ``query``, best first (see the module docstring).

    Ranking visits every match, so it is bounded: when more than ``RANK_CAP`` objects
    match, the best of the first ``RANK_CAP`` (in index order: the oldest) are returned
    with ``more`` set, and the query costs the same at 100,000 annotations as at 1,000.
    """
    terms = parse_query(query)
    if not terms:
        return SearchResults()
    limit = max(1, min(limit, MAX_LIMIT))
    if session.get_bind().dialect.name == "sqlite":
        rows, more = _search_sqlite(session, fts5_query(terms), limit)
    else:
        rows, more = _search_postgres(session, _tsquery(terms), limit)
    hits = [_hit(*row) for row in rows]
    photo_ids = {h.photo_id for h in hits if h.kind == "annotation" and h.photo_id is not None}
    if photo_ids:
        names = dict(session.execute(select(Photo.id, Photo.label)
                                     .where(Photo.id.in_(photo_ids))).all())
        hits = [replace(h, photo_label=names.get(h.photo_id))
                if h.kind == "annotation" and h.photo_id is not None else h for h in hits]
    return SearchResults(tuple(hits), more)


def _search_sqlite(session: Session, match: str, limit: int) -> tuple[list[Any], bool]:
    edge = session.execute(text(
        f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH :match "
        f"LIMIT 1 OFFSET {RANK_CAP}"), {"match": match}).scalar()
    window = "" if edge is None else "AND rowid < :edge"  # FTS5 streams matches by rowid
    rows = session.execute(text(
        f"SELECT kind, object_id, parent_id, label, body, "
        f"snippet({SQLITE_TABLE}, 5, :mark, :mark, '…', {_SNIPPET_TOKENS}) "
        f"FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH :match {window} "
        f"ORDER BY bm25({SQLITE_TABLE}, 0, 0, 0, 4.0, 2.0, 1.0, 3.0) LIMIT :limit"),
        {"match": match, "mark": _MARK, "limit": limit, "edge": edge}).all()
    return list(rows), edge is not None


def _search_postgres(session: Session, match: str, limit: int) -> tuple[list[Any], bool]:
    rows = session.execute(text(
        f"SELECT kind, object_id, parent_id, label, body, "
        f"ts_headline('simple', extra, q, :options), total FROM ("
        f"SELECT *, count(*) OVER () AS total, row_number() OVER () AS n FROM ("
        f"SELECT e.*, q FROM {PG_TABLE} AS e, to_tsquery('simple', :match) AS q "
        f"WHERE document @@ q LIMIT {RANK_CAP + 1}) AS m) AS w WHERE n <= {RANK_CAP} "
        f"ORDER BY ts_rank(document, q) DESC, id LIMIT :limit"),
        {"match": match, "limit": limit,
         "options": f"StartSel={_MARK}, StopSel={_MARK}, MaxWords={_SNIPPET_TOKENS}, "
                    "MinWords=4"}).all()
    more = bool(rows) and rows[0][-1] > RANK_CAP
    return [row[:-1] for row in rows], more


def _hit(kind: str, object_id: int, parent_id: int | None, label: str, body: str,
         snippet: str | None) -> SearchHit:
    context = snippet or ""
    context = context.replace(_MARK, "") if _MARK in context else ""
    photo_id = parent_id if kind == "annotation" else object_id if kind == "photo" else None
    return SearchHit(kind=kind, object_id=int(object_id), label=label, text=body,
                     context=" ".join(context.split()), photo_id=photo_id)
