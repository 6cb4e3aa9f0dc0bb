"""The user guide (the ``docs/`` pages) as the application and the packaging find it.

A source checkout has the Markdown pages in ``docs/``; a frozen build ships them rendered
to HTML (``packaging/user_guide.py``) in ``docs/`` beside its resources; an installed wheel
has neither. The title of a page is its first ``# `` heading, and links between pages name
the ``.md`` file, which the HTML rendering rewrites to ``.html``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

#: A link to another page of the guide: ``](gui.md)`` or ``](gui.md#layout)``.
PAGE_LINK = re.compile(r"\]\(([\w.-]+)\.md(#[\w-]+)?\)")
#: The page the guide opens on, then the order of the others.
FIRST_PAGES = ("gui", "import", "investigation-panels", "export-dialog")


@dataclass(frozen=True)
class GuidePage:
    """One page of the guide: its file stem, title and file (``.md`` or ``.html``)."""

    stem: str
    title: str
    path: Path


def page_title(text: str, default: str) -> str:
    """The first level-one heading of a Markdown page (``default`` without one)."""
    return next((line.lstrip("# ").strip() for line in text.splitlines()
                 if line.startswith("# ")), default)


def html_links(text: str) -> str:
    """Markdown with links to other guide pages pointed at their HTML renderings."""
    return PAGE_LINK.sub(r"](\1.html\2)", text)


def guide_folder() -> Path | None:
    """The folder holding the guide's pages, or None when this install has none."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen and (Path(frozen) / "docs" / "index.html").is_file():
        return Path(frozen) / "docs"
    top = Path(__file__).resolve().parents[2]
    if (top / "pyproject.toml").is_file() and (top / "docs" / "gui.md").is_file():
        return top / "docs"
    return None


def guide_pages(folder: Path | None = None) -> list[GuidePage]:
    """The pages of the guide, the main ones first (empty when there is no guide)."""
    folder = folder if folder is not None else guide_folder()
    if folder is None:
        return []
    sources = sorted(folder.glob("*.md")) or sorted(
        p for p in folder.glob("*.html") if p.stem != "index")
    pages = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            found = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
            title = re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else path.stem
        else:
            title = page_title(text, path.stem)
        pages.append(GuidePage(path.stem, title, path))
    rank = {stem: i for i, stem in enumerate(FIRST_PAGES)}
    return sorted(pages, key=lambda p: (rank.get(p.stem, len(rank)), p.title))
