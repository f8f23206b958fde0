"""Scanned-image PDF: the text is drawn onto A4 page images at 200 dpi and saved without a text layer.

This stands in for the many clearing-house documents that are paper scans and can only be
read by OCR.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from demo_corpus.fonts import font_path
from demo_corpus.markup import parse_blocks, plain_lines
from demo_corpus.schema import SourceText
from demo_corpus.writers.common import created_at

DPI = 200
PAGE_SIZE = (1654, 2339)  # A4 at 200 dpi
MARGIN = 180
FONT_SIZE = 32  # about 11.5 pt at 200 dpi
LINE_HEIGHT = 46
PARAGRAPH_GAP = 22
# A scanned sheet is never perfectly straight; a small fixed skew keeps OCR honest.
SKEW_DEGREES = 0.4
JPEG_QUALITY = 80


def write(source: SourceText, target: Path) -> None:
    font = ImageFont.truetype(str(font_path("serif")), FONT_SIZE)
    paragraphs = [line for block in parse_blocks(source.body) for line in plain_lines(block)]
    pages = [_scan_effect(page) for page in _render_pages(paragraphs, font)]
    stamp = created_at(source).timetuple()
    pages[0].save(
        target,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=DPI,
        quality=JPEG_QUALITY,
        title=source.meta["title"],
        author=source.meta["source"],
        creationDate=stamp,
        modDate=stamp,
    )


def _render_pages(paragraphs: list[str], font: ImageFont.FreeTypeFont) -> list[Image.Image]:
    width = PAGE_SIZE[0] - 2 * MARGIN
    pages: list[Image.Image] = []
    page, draw, y = _new_page()
    pages.append(page)
    for paragraph in paragraphs:
        for line in _wrap(paragraph, font, width):
            if y + LINE_HEIGHT > PAGE_SIZE[1] - MARGIN:
                page, draw, y = _new_page()
                pages.append(page)
            draw.text((MARGIN, y), line, font=font, fill=0)
            y += LINE_HEIGHT
        y += PARAGRAPH_GAP
    return pages


def _new_page() -> tuple[Image.Image, ImageDraw.ImageDraw, int]:
    page = Image.new("L", PAGE_SIZE, color=255)
    return page, ImageDraw.Draw(page), MARGIN


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _scan_effect(page: Image.Image) -> Image.Image:
    return page.rotate(SKEW_DEGREES, resample=Image.Resampling.BICUBIC, fillcolor=255)
