"""PDF output with reportlab: embedded TrueType fonts, so the text layer has correct Unicode.

Right-to-left scripts are rejected: reportlab does not shape Arabic, and a PDF with unshaped or
visually reordered Arabic would extract as garbage.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable
from reportlab.platypus import TableStyle

from demo_corpus.fonts import font_path
from demo_corpus.markup import Heading, ListBlock, Paragraph, Table, parse_blocks
from demo_corpus.schema import SourceText
from demo_corpus.writers.common import created_date, is_rtl, language_tag


# Droid Sans Fallback has no Latin glyphs: runs below the CJK blocks are set in DejaVu Sans.
_NON_HAN_RUN = re.compile(r"[\u0000-\u2e7f]+")


@cache
def _register_fonts() -> None:
    for name, role in (("DemoSans", "sans"), ("DemoSans-Bold", "sans-bold"), ("DemoHan", "han")):
        pdfmetrics.registerFont(TTFont(name, str(font_path(role))))


def _styles(lang: str) -> dict[str, ParagraphStyle]:
    han = lang == "zh"
    regular, bold = ("DemoHan", "DemoHan") if han else ("DemoSans", "DemoSans-Bold")
    wrap = "CJK" if han else None
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=15, spaceAfter=6, wordWrap=wrap)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=16, leading=21, spaceAfter=14),
        "h2": ParagraphStyle("h2", parent=body, fontName=bold, fontSize=13, leading=17, spaceBefore=8),
        "h3": ParagraphStyle("h3", parent=body, fontName=bold, fontSize=11.5, leading=15, spaceBefore=6),
        "body": body,
        "item": ParagraphStyle(
            "item", parent=body, leftIndent=0.9 * cm, bulletIndent=0.2 * cm, bulletFontName="DemoSans", spaceAfter=3
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11, spaceAfter=0),
    }


def write(source: SourceText, target: Path) -> None:
    if is_rtl(source):
        raise ValueError(f"{source.slug}: right-to-left texts cannot be built as PDF")
    _register_fonts()
    styles = _styles(source.meta["lang"])
    markup = _han_markup if source.meta["lang"] == "zh" else escape
    stamp = created_date(source).strftime("D:%Y%m%d120000+00'00'")

    def set_dates(canvas: Canvas, _document: SimpleDocTemplate) -> None:
        canvas.setDateFormatter(lambda *_parts: stamp)

    document = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=source.meta["title"],
        author=source.meta["source"],
        creator=source.meta["source"],
        subject=source.meta["doc_type"],
        lang=language_tag(source),
        invariant=1,
    )
    story: list[Flowable] = [PdfParagraph(markup(source.meta["title"]), styles["title"])]
    for block in parse_blocks(source.body):
        story += _flowables(block, styles, markup)
    document.build(story, onFirstPage=set_dates, onLaterPages=set_dates)


def _han_markup(text: str) -> str:
    """Paragraph markup for Chinese text with Latin, digits and symbols switched to the sans font."""
    parts, last = [], 0
    for match in _NON_HAN_RUN.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f'<font name="DemoSans">{escape(match.group())}</font>')
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def _flowables(
    block: Heading | Paragraph | ListBlock | Table,
    styles: dict[str, ParagraphStyle],
    markup: Callable[[str], str],
) -> list[Flowable]:
    if isinstance(block, Heading):
        return [PdfParagraph(markup(block.text), styles[f"h{block.level}"])]
    if isinstance(block, Paragraph):
        return [PdfParagraph(markup(block.text), styles["body"])]
    if isinstance(block, ListBlock):
        bullets = ["•"] * len(block.items) if not block.numbered else block.markers()
        return [
            PdfParagraph(markup(item), styles["item"], bulletText=marker)
            for marker, item in zip(bullets, block.items)
        ] + [Spacer(1, 4)]
    rows = [[PdfParagraph(markup(cell), styles["cell"]) for cell in row] for row in (block.header, *block.rows)]
    table = PdfTable(rows, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [table, Spacer(1, 8)]
