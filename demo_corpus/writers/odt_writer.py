"""ODT output with odfpy: title, headings, lists and tables, with language and direction styles."""

from __future__ import annotations

from pathlib import Path

from odf import dc, meta
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    ListLevelProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TextProperties,
)
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, ListLevelStyleBullet, ListStyle, P

from demo_corpus.markup import Heading, ListBlock, Paragraph, Table, parse_blocks
from demo_corpus.reproducible import normalize_zip
from demo_corpus.schema import SourceText
from demo_corpus.writers.common import created_at, created_date, is_rtl, language_tag


class _Styles:
    """The paragraph, list and table styles one document uses."""

    def __init__(self, document: OpenDocumentText, source: SourceText) -> None:
        language, country = language_tag(source).split("-")
        default = DefaultStyle(family="paragraph")
        default.addElement(
            TextProperties(
                language=language, country=country,
                languageasian="zh", countryasian="CN",
                languagecomplex="ar", countrycomplex="SA",
            )
        )
        if is_rtl(source):
            default.addElement(ParagraphProperties(writingmode="rl-tb", textalign="start"))
        document.styles.addElement(default)
        self.title = self._paragraph(document, "Title", "18pt")
        self.headings = {
            2: self._paragraph(document, "Heading_20_1", "14pt"),
            3: self._paragraph(document, "Heading_20_2", "12pt"),
        }
        self.body = Style(name="Text_20_body", displayname="Text body", family="paragraph")
        self.body.addElement(ParagraphProperties(marginbottom="0.2cm"))
        document.styles.addElement(self.body)
        self.numbered = Style(name="Numbered_20_paragraph", displayname="Numbered paragraph", family="paragraph")
        self.numbered.addElement(ParagraphProperties(marginleft="0.9cm", textindent="-0.9cm", marginbottom="0.2cm"))
        document.styles.addElement(self.numbered)
        self.bullets = ListStyle(name="Bullet_20_list", displayname="Bullet list")
        bullet = ListLevelStyleBullet(level=1, bulletchar="•")
        bullet.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.5cm"))
        self.bullets.addElement(bullet)
        document.styles.addElement(self.bullets)
        self.cell = Style(name="Table_20_cell", family="table-cell")
        self.cell.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
        document.automaticstyles.addElement(self.cell)
        self.header_cell = Style(name="Table_20_header", displayname="Table header", family="paragraph")
        self.header_cell.addElement(TextProperties(fontweight="bold"))
        document.styles.addElement(self.header_cell)

    @staticmethod
    def _paragraph(document: OpenDocumentText, name: str, size: str) -> Style:
        style = Style(name=name, displayname=name.replace("_20_", " "), family="paragraph")
        style.addElement(
            TextProperties(fontsize=size, fontweight="bold", fontsizecomplex=size, fontweightcomplex="bold")
        )
        style.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
        document.styles.addElement(style)
        return style


def write(source: SourceText, target: Path) -> None:
    document = OpenDocumentText()
    _set_metadata(document, source)
    styles = _Styles(document, source)
    document.text.addElement(P(stylename=styles.title, text=source.meta["title"]))
    for block in parse_blocks(source.body):
        if isinstance(block, Heading):
            style = styles.headings[block.level]
            document.text.addElement(H(outlinelevel=block.level - 1, stylename=style, text=block.text))
        elif isinstance(block, Paragraph):
            document.text.addElement(P(stylename=styles.body, text=block.text))
        elif isinstance(block, ListBlock):
            _add_list(document, block, styles)
        elif isinstance(block, Table):
            _add_table(document, block, styles)
    document.save(str(target))
    normalize_zip(target, created_date(source))


def _set_metadata(document: OpenDocumentText, source: SourceText) -> None:
    stamp = created_at(source).isoformat()
    document.meta.addElement(dc.Title(text=source.meta["title"]))
    document.meta.addElement(meta.InitialCreator(text=source.meta["source"]))
    document.meta.addElement(dc.Creator(text=source.meta["source"]))
    document.meta.addElement(meta.CreationDate(text=stamp))
    document.meta.addElement(dc.Date(text=stamp))
    document.meta.addElement(dc.Language(text=language_tag(source)))


def _add_list(document: OpenDocumentText, block: ListBlock, styles: _Styles) -> None:
    if block.numbered:
        # Written-out numbers keep the source's paragraph numbering (which may start at 4).
        for marker, item in zip(block.markers(), block.items):
            document.text.addElement(P(stylename=styles.numbered, text=f"{marker}\t{item}"))
        return
    odf_list = List(stylename=styles.bullets)
    for item in block.items:
        list_item = ListItem()
        list_item.addElement(P(stylename=styles.body, text=item))
        odf_list.addElement(list_item)
    document.text.addElement(odf_list)


def _add_table(document: OpenDocumentText, block: Table, styles: _Styles) -> None:
    table = OdfTable(name=f"Table{len(document.text.getElementsByType(OdfTable)) + 1}")
    table.addElement(TableColumn(numbercolumnsrepeated=len(block.header)))
    for row_index, row in enumerate((block.header, *block.rows)):
        table_row = TableRow()
        for text in row:
            cell = TableCell(valuetype="string", stylename=styles.cell)
            cell.addElement(P(stylename=styles.header_cell if row_index == 0 else styles.body, text=text))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.text.addElement(table)
