"""The text of a source's attached file: PDF (with pages), HTML and saved web pages, plain text.

The file in the case store is the evidence; its text is derived from it and re-created on
demand, never stored in the database. Extraction depends on the reader's version (pypdf
lays out a page's text its own way), so a stored copy would either go stale or freeze one
library version's reading into the evidence; instead each finding's citation keeps its own
quotation, and the text is recomputed from the original, whose hash is checked on every
read. A copy is cached in the case's ``derived/`` folder (deletable at any time) under the
file's hash and ``EXTRACTOR_VERSION``.

Pages of a PDF are separated by form feeds (``\\f``), which the scanner counts as pages.
HTML is read with the standard library's ``html.parser``: it never raises on broken markup,
fetches nothing, expands no external entities and needs no native code; readable text only
(no scripts, styles or hidden templates), blocks and table rows on their own lines, table
cells separated by tabs, and the page's own address and publication date from its
``<link rel=canonical>``, ``og:``/``article:`` meta tags or a browser's "saved from" note.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from desktop.core.atomic import atomic_file
from desktop.core.errors import UserError

#: Bump when extraction changes, so cached texts are re-created.
EXTRACTOR_VERSION = 1
MAX_SOURCE_FILE = 200 * 1024 * 1024
MAX_PDF_PAGES = 2_000
PDF_EXTS = frozenset({"pdf"})
HTML_EXTS = frozenset({"html", "htm", "xhtml", "shtml"})
TEXT_EXTS = frozenset({"txt", "text", "md", "csv", "tsv", "json", "xml", "log"})

Kind = Literal["pdf", "html", "text"]


@dataclass(frozen=True)
class SourceText:
    """Text read from a source file. ``text`` has a form feed between pages (PDF only);
    ``url``, ``published_on`` (ISO date) and ``title`` are what an HTML page says of itself."""

    kind: Kind
    text: str
    pages: int = 1
    url: str = ""
    published_on: str = ""
    title: str = ""


def has_text(ext: str | None) -> bool:
    """Whether Fragment reads text from a file with this extension (images go to OCR)."""
    return (ext or "").lower() in PDF_EXTS | HTML_EXTS | TEXT_EXTS


def extract_text(data: bytes, ext: str) -> SourceText:
    """The text of a file's bytes, chosen by content where it says (a PDF header, HTML
    markup), else by extension. Raises ``UserError`` (one sentence) when it cannot."""
    ext = ext.lower()
    if data.startswith(b"%PDF-") or ext in PDF_EXTS:
        return _pdf_text(data)
    head = data[:2048].lstrip().lower()
    if ext in HTML_EXTS or head.startswith((b"<!doctype html", b"<html")):
        return _html_text(_decode(data, html=True))
    if ext in TEXT_EXTS:
        return SourceText("text", _decode(data, html=False))
    raise UserError(f"Fragment cannot read text from a .{ext} file")


def source_file_text(store_path: Path, sha256: str, ext: str, cache_dir: Path) -> SourceText:
    """The text of a stored source file, from the cache when it holds this file's text,
    else read again (the file's hash checked) and cached."""
    cache = cache_dir / "text" / f"{sha256}.v{EXTRACTOR_VERSION}.json"
    try:
        return SourceText(**json.loads(cache.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass  # not cached yet, or a damaged cache file: read the original again
    try:
        if store_path.stat().st_size > MAX_SOURCE_FILE:
            raise UserError(f"{store_path.name} is too large to read its text")
        data = store_path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read the stored file: {exc.strerror or exc}") from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise UserError("the stored file no longer matches its SHA-256; run fragment verify")
    result = extract_text(data, ext)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(cache, durable=False) as tmp:
            tmp.write_text(json.dumps(asdict(result), ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass  # the cache is a convenience; the text is returned all the same
    return result


# -- plain text -----------------------------------------------------------------------------

_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _decode(data: bytes, *, html: bool) -> str:
    """UTF-8 (with or without a BOM) or UTF-16 with a BOM; HTML may also name its charset.
    Anything else is refused rather than guessed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET_RE.search(data[:4096]) if html else None
    if declared is not None:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    raise UserError("the file is not UTF-8 text (and names no other character set)")


# -- PDF ------------------------------------------------------------------------------------

def _pdf_text(data: bytes) -> SourceText:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UserError("the PDF is encrypted with a password; attach an unlocked copy")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise UserError(f"the PDF has more than {MAX_PDF_PAGES} pages")
        pages = [_clean(page.extract_text() or "") for page in reader.pages]
    except UserError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, NotImplementedError) as exc:
        raise UserError(f"the PDF cannot be read: {exc}".rstrip(".")) from exc
    title = ""
    with contextlib.suppress(PyPdfError, ValueError, KeyError, TypeError):
        metadata = reader.metadata
        title = str(metadata.get("/Title") or "") if metadata is not None else ""
    return SourceText("pdf", "\f".join(pages), pages=len(pages), title=_clean(title))


def _clean(text: str) -> str:
    """Line ends as ``\\n``, no form feeds inside a page (they separate pages), no NULs."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace(
        "\x00", "")


# -- HTML -----------------------------------------------------------------------------------

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe",
                   "object", "canvas", "select", "button"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                    "tr", "table", "section", "article", "header", "footer", "blockquote",
                    "pre", "figure", "figcaption", "dt", "dd", "hr", "address", "main",
                    "aside", "nav", "caption", "thead", "tbody", "form", "fieldset"})
_CELL = frozenset({"td", "th"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col",
                   "embed", "source", "track", "param"})
_URL_KEYS = ("canonical", "og:url", "twitter:url", "saved-from")
_DATE_KEYS = ("article:published_time", "datepublished", "date", "pubdate", "dc.date",
              "dc.date.issued", "dcterms.date", "citation_publication_date",
              "sailthru.date", "parsely-pub-date", "og:published_time", "publish-date",
              "article.published", "time")
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SPACES = re.compile(r"[ \t\u00a0]+")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"].strip())
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.meta.setdefault("canonical", a.get("href", "").strip())
        elif tag == "time" and a.get("datetime") and a.get("itemprop", "") != "dateModified":
            self.meta.setdefault("time", a["datetime"].strip())
        if tag == "title":
            self._in_title = True
        if tag in _SKIP and tag not in _VOID:
            self._skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append("\t")
        elif tag == "img" and a.get("alt") and not self._skip_depth:
            self.parts.append(f" {a['alt']} ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP and tag not in _VOID:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip_depth:
            self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        saved = _SAVED_FROM.search(data)
        if saved is not None:
            self.meta.setdefault("saved-from", saved.group(1))


def _html_text(markup: str) -> SourceText:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    lines = []
    for line in "".join(reader.parts).split("\n"):
        cells = [_SPACES.sub(" ", c).strip() for c in line.split("\t")]
        joined = "\t".join(c for c in cells if c)
        if joined:
            lines.append(joined)
    url = next((reader.meta[k] for k in _URL_KEYS
                if reader.meta.get(k, "").startswith(("http://", "https://"))), "")
    published = ""
    for key in _DATE_KEYS:
        published = _iso_date(reader.meta.get(key, ""))
        if published:
            break
    title = reader.meta.get("og:title") or _SPACES.sub(" ", reader.title).strip()
    return SourceText("html", "\n".join(lines), url=url, published_on=published, title=title)


def _iso_date(value: str) -> str:
    match = _ISO_DATE.search(value)
    if match is None:
        return ""
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        return ""
