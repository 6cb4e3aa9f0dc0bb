"""The dossier's Paragraph reuses its line breaking only when it would come out the same."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as PlainParagraph

from desktop.core.export import styles as st
from desktop.core.export.paragraph import Paragraph

TEXT = " ".join(f"word{i}" for i in range(120))


def _style() -> ParagraphStyle:
    st.register_fonts()
    return ParagraphStyle("t", fontName=st.FONT, fontSize=9, leading=12)


def test_a_wrap_at_the_same_width_reuses_the_lines() -> None:
    paragraph = Paragraph(TEXT, _style())
    size = paragraph.wrap(300, 1000)
    lines = paragraph.blPara
    assert paragraph.wrap(300, 50) == size  # the height available does not break lines
    assert paragraph.blPara is lines


def test_every_width_gives_what_reportlab_gives() -> None:
    ours, plain = Paragraph(TEXT, _style()), PlainParagraph(TEXT, _style())
    for width in (300, 150, 300, 480, 480, 150, 0.0001, 0.0001, 300):
        assert ours.wrap(width, 1000) == plain.wrap(width, 1000), width
        if width > 1:
            assert len(ours.blPara.lines) == len(plain.blPara.lines)


def test_split_pieces_and_the_original_wrap_as_reportlab_does() -> None:
    ours, plain = Paragraph(TEXT, _style()), PlainParagraph(TEXT, _style())
    for paragraph in (ours, plain):
        paragraph.wrap(200, 1000)
    pieces = ours.split(200, 60)
    expected = plain.split(200, 60)
    assert [type(p) for p in pieces] == [Paragraph, Paragraph]
    assert [p.wrap(200, 1000) for p in pieces] == [p.wrap(200, 1000) for p in expected]
    assert ours.wrap(200, 1000) == plain.wrap(200, 1000)


def test_after_a_split_with_no_room_the_lines_are_broken_again() -> None:
    ours, plain = Paragraph(TEXT, _style()), PlainParagraph(TEXT, _style())
    size = ours.wrap(200, 1000)
    assert ours.split(200, 5) == [] and "blPara" not in ours.__dict__  # reportlab drops them
    assert ours.wrap(200, 1000) == size == plain.wrap(200, 1000)
    assert "blPara" in ours.__dict__
