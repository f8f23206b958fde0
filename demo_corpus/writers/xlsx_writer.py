"""XLSX output with openpyxl: one sheet per `##` section, tables as rows, numbers as numbers."""

from __future__ import annotations

import re
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from demo_corpus.markup import Heading, ListBlock, Paragraph, Section, Table, parse_blocks, plain_lines, split_sections
from demo_corpus.reproducible import normalize_zip
from demo_corpus.schema import SourceText
from demo_corpus.writers.common import created_at, created_date, is_rtl, language_tag

_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_POINT_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_COMMA_DECIMAL = re.compile(r"^-?\d{1,3}(?: \d{3})*(?:,\d+)?$")
# Languages whose texts write 1 032,7 rather than 1032.7.
_COMMA_DECIMAL_LANGUAGES = ("fr", "ru")
_MAX_COLUMN_WIDTH = 45


def write(source: SourceText, target: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties = DocumentProperties(
        title=source.meta["title"],
        creator=source.meta["source"],
        lastModifiedBy=source.meta["source"],
        language=language_tag(source),
        created=created_at(source),
        modified=created_at(source),
    )
    used_titles: set[str] = set()
    for index, section in enumerate(split_sections(parse_blocks(source.body))):
        sheet = workbook.create_sheet(_sheet_title(section, index, used_titles))
        sheet.sheet_view.rightToLeft = is_rtl(source)
        if index == 0:
            sheet.append([source.meta["title"]])
            sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
            sheet.append([])
        _fill_sheet(sheet, section, source.meta["lang"])
    # ExcelWriter is used directly because save_workbook() overwrites the modified date with now().
    with ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    normalize_zip(target, created_date(source))


def _sheet_title(section: Section, index: int, used: set[str]) -> str:
    base = _INVALID_SHEET_CHARS.sub(" ", section.heading or f"Sheet{index + 1}").strip()[:31]
    title, counter = base, 2
    while title in used:
        title = f"{base[:28]} {counter}"
        counter += 1
    used.add(title)
    return title


def _fill_sheet(sheet: Worksheet, section: Section, lang: str) -> None:
    if section.heading:
        sheet.append([section.heading])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
    widths: dict[int, int] = {}
    for block in section.blocks:
        if isinstance(block, Table):
            sheet.append(list(block.header))
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for row in block.rows:
                sheet.append([_cell_value(text, lang) for text in row])
            for row in (block.header, *block.rows):
                for column, text in enumerate(row, start=1):
                    widths[column] = max(widths.get(column, 8), min(len(text) + 2, _MAX_COLUMN_WIDTH))
            sheet.append([])
        elif isinstance(block, (Heading, Paragraph, ListBlock)):
            for line in plain_lines(block):
                sheet.append([line])
            sheet.append([])
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def _cell_value(text: str, lang: str) -> str | int | float:
    """Numbers in tables become numeric cells, as they would be in a real data sheet."""
    if lang in _COMMA_DECIMAL_LANGUAGES:
        if not _COMMA_DECIMAL.match(text):
            return text
        text = text.replace(" ", "").replace(",", ".")
    elif not _POINT_DECIMAL.match(text):
        return text
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number
