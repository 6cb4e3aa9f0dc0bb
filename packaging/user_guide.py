"""Render the user guide (``docs/*.md``) to HTML pages that ship inside every build.

``python packaging/user_guide.py OUTDIR`` writes ``index.html`` (a contents page) and one
page per document, with links between documents pointing at the HTML pages and the images
copied beside them. The Windows Start menu and the macOS/Linux bundles open ``index.html``
in the browser, offline. Needs ``markdown-it-py`` (the ``packaging`` extra).
"""

from __future__ import annotations

import html
import shutil
import sys
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from desktop.core.user_guide import html_links, page_title  # noqa: E402  (after the path)

STYLE = ("body{font-family:'DejaVu Sans',Segoe UI,Helvetica,sans-serif;max-width:52em;"
         "margin:2em auto;padding:0 1em;line-height:1.5}table{border-collapse:collapse}"
         "td,th{border:1px solid #bbb;padding:.2em .5em}code{background:#f2f2f2}"
         "img{max-width:100%}")


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>"
            f"{html.escape(title)} - Fragment user guide</title><style>{STYLE}</style></head>"
            f"<body><p><a href='index.html'>Fragment user guide</a></p>{body}</body></html>\n")


def render(out: Path) -> int:
    """Write the HTML guide to ``out``; returns the number of pages."""
    out.mkdir(parents=True, exist_ok=True)
    md = MarkdownIt("commonmark").enable("table")
    entries = []
    for source in sorted((ROOT / "docs").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        text = html_links(text)
        title = page_title(text, source.stem)
        (out / f"{source.stem}.html").write_text(_page(title, md.render(text)),
                                                 encoding="utf-8")
        entries.append((source.stem, title))
    for image in (ROOT / "docs").glob("*.png"):
        shutil.copy2(image, out / image.name)
    items = "".join(f"<li><a href='{stem}.html'>{html.escape(title)}</a></li>"
                    for stem, title in entries)
    (out / "index.html").write_text(_page("Contents", f"<h1>Fragment user guide</h1><ul>{items}"
                                                      "</ul>"), encoding="utf-8")
    return len(entries)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "user-guide"
    print(f"user guide: {render(target)} pages in {target}")
