"""Finding the user guide's pages: Markdown in a checkout, HTML in a build."""

from __future__ import annotations

from pathlib import Path

from desktop.core.user_guide import guide_folder, guide_pages, html_links, page_title


def test_a_checkout_has_the_markdown_pages_with_the_window_first() -> None:
    folder = guide_folder()
    assert folder is not None and (folder / "gui.md").is_file()
    pages = guide_pages()
    assert [p.stem for p in pages[:2]] == ["gui", "import"]
    assert pages[0].title == "The Fragment window"
    assert all(p.path.suffix == ".md" for p in pages)


def test_a_build_has_html_pages(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<h1>Fragment user guide</h1>", encoding="utf-8")
    (tmp_path / "glossary.html").write_text("<p><a href='index.html'>x</a></p>"
                                            "<h1>Glossary</h1>", encoding="utf-8")
    (tmp_path / "gui.html").write_text("<h1 id='w'>The <em>Fragment</em> window</h1>",
                                       encoding="utf-8")
    pages = guide_pages(tmp_path)
    assert [(p.stem, p.title) for p in pages] == [("gui", "The Fragment window"),
                                                   ("glossary", "Glossary")]


def test_titles_and_links() -> None:
    assert page_title("intro\n# The title\n## Part", "x") == "The title"
    assert page_title("no heading", "fallback") == "fallback"
    assert html_links("see [the window](gui.md#layout) and [x](https://a.md/)") == (
        "see [the window](gui.html#layout) and [x](https://a.md/)")
