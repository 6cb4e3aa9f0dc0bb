"""Source files the tests make: a ministry's two-column PDF statement, a saved news page
with coordinates in a table, and a screenshot of a post with coordinates typed in it."""

from __future__ import annotations

from pathlib import Path

from desktop.core.resources import resource_path

# The pair is broken across lines by the narrow column, as in a real statement.
STATEMENT_LEFT = (
    "Statement of the Ministry. On 14 March the enemy struck the city with cluster "
    "munitions. Fragments of a 9М55К rocket and 9Н235 submunitions were recovered by "
    "explosive ordnance disposal teams in the northern district at 50.45012, 30.52340. "
    "The investigation continues."
)
STATEMENT_RIGHT = (
    "A second impact site was documented near the railway station at "
    "50°26'35.2\"N 30°29'21.9\"E, where debris of a Х-101 cruise missile lay."
)


def two_column_pdf(path: Path) -> Path:
    """A two-page, two-column statement: a Cyrillic marking and a decimal pair that the
    column width breaks across lines on page 1; a DMS pair and Х-101 on page 2."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph

    pdfmetrics.registerFont(TTFont("TestDejaVu", str(resource_path("fonts", "DejaVuSans.ttf"))))
    style = ParagraphStyle("body", fontName="TestDejaVu", fontSize=11, leading=14)
    width, height = A4
    column = (width - 3 * 50) / 2
    frames = [Frame(50, 50, column, height - 100, id="left"),
              Frame(100 + column, 50, column, height - 100, id="right")]
    doc = BaseDocTemplate(str(path), pagesize=A4, invariant=1, title="Ministry statement")
    doc.addPageTemplates([PageTemplate(id="two", frames=frames)])
    doc.build([Paragraph(STATEMENT_LEFT, style), Paragraph("Page one, right column.", style),
               PageBreak(), Paragraph(STATEMENT_RIGHT, style)])
    return path


NEWS_PAGE = """<!DOCTYPE html>
<!-- saved from url=(0044)https://news.example.org/2024/03/strike.html -->
<html lang="en"><head><meta charset="utf-8">
<title>Strike on the city &amp; what was found</title>
<link rel="canonical" href="https://news.example.org/2024/03/strike">
<meta property="article:published_time" content="2024-03-15T08:30:00+02:00">
<style>.x { content: "99.99999, 99.99999"; }</style>
<script>var fake = "12.34567, 23.45678";</script>
</head><body>
<article><h1>Strike on the city</h1>
<p>Investigators listed the impact sites:</p>
<table><tr><th>Site</th><th>Latitude</th><th>Longitude</th></tr>
<tr><td>School</td><td>50.44321</td><td>30.51234</td></tr>
<tr><td>Market</td><td>50.46789</td><td>30.49876</td></tr></table>
<p>Remains of a <b>9М723</b> missile were shown to reporters.</p>
</article></body></html>
"""


def news_page(path: Path) -> Path:
    """A saved news page: two sites in a table, a marking, a canonical URL and a date."""
    path.write_text(NEWS_PAGE, encoding="utf-8")
    return path


POST_LINES = (
    "@eod_watch · 2h",
    "Debris of a 9M723 missile found at",
    "48.51234 N, 35.04321 E this morning.",
    "Second site: 48°30'10\"N 35°02'05\"E",
)


def screenshot_png(path: Path) -> Path:
    """A screenshot of a post with coordinates typed in it (read with the OCR extra)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(resource_path("fonts", "DejaVuSans.ttf")), 22)
    image = Image.new("RGB", (720, 300), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(POST_LINES):
        draw.text((20, 20 + i * 60), line, fill="black", font=font)
    image.save(path)
    return path
