"""The small markdown subset used by the source texts, parsed into blocks every writer understands.

Supported: `##`/`###` headings, paragraphs (consecutive lines are joined), `- ` bullet lists,
`1. ` numbered lists and pipe tables with a `|---|` separator row. A `##` heading starts a
section, which becomes a slide in PPTX and a sheet in XLSX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"^[-*] (.*)$")
_NUMBERED = re.compile(r"^(\d+)\. (.*)$")
_HEADING = re.compile(r"^(#{2,3}) (.*)$")
_TABLE_SEPARATOR = re.compile(r"^\|\s*:?-{3,}")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class ListBlock:
    """A bullet list, or a numbered list whose first item carries the number `start`."""

    items: tuple[str, ...]
    numbered: bool
    start: int = 1

    def markers(self) -> list[str]:
        """The visible marker of each item: "-" or the item's number ("3.")."""
        if not self.numbered:
            return ["-"] * len(self.items)
        return [f"{number}." for number in range(self.start, self.start + len(self.items))]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | ListBlock | Table


@dataclass
class Section:
    """A `##` heading (None before the first one) and the blocks under it."""

    heading: str | None
    blocks: list[Block] = field(default_factory=list)


def parse_blocks(body: str) -> list[Block]:
    """Blocks of a body, in document order."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        blocks.extend(_parse_chunk([line.rstrip() for line in chunk.splitlines() if line.strip()]))
    return blocks


def split_sections(blocks: list[Block]) -> list[Section]:
    """Group blocks under their `##` headings; empty leading sections are dropped."""
    sections = [Section(heading=None)]
    for block in blocks:
        if isinstance(block, Heading) and block.level == 2:
            sections.append(Section(heading=block.text))
        else:
            sections[-1].blocks.append(block)
    return [section for section in sections if section.heading is not None or section.blocks]


def plain_lines(block: Block) -> list[str]:
    """A block as lines of plain text (for TXT output and image rendering)."""
    if isinstance(block, Heading):
        return [block.text]
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, ListBlock):
        return [f"{marker} {item}" for marker, item in zip(block.markers(), block.items)]
    return [" | ".join(row) for row in (block.header, *block.rows)]


def _parse_chunk(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []
    index = 0

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(Paragraph(" ".join(paragraph)))
            paragraph.clear()

    while index < len(lines):
        line = lines[index]
        heading = _HEADING.match(line)
        if heading:
            flush_paragraph()
            blocks.append(Heading(level=len(heading.group(1)), text=heading.group(2).strip()))
            index += 1
        elif line.startswith("|") and index + 1 < len(lines) and _TABLE_SEPARATOR.match(lines[index + 1]):
            flush_paragraph()
            end = index + 2
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            blocks.append(Table(header=_cells(line), rows=tuple(_cells(row) for row in lines[index + 2 : end])))
            index = end
        elif _BULLET.match(line) or _NUMBERED.match(line):
            flush_paragraph()
            numbered = _BULLET.match(line) is None
            pattern = _NUMBERED if numbered else _BULLET
            start = int(_NUMBERED.match(line).group(1)) if numbered else 1
            items = []
            while index < len(lines) and pattern.match(lines[index]):
                items.append(pattern.match(lines[index]).groups()[-1].strip())
                index += 1
            blocks.append(ListBlock(items=tuple(items), numbered=numbered, start=start))
        else:
            paragraph.append(line.strip())
            index += 1
    flush_paragraph()
    return blocks


def _cells(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip().strip("|").split("|"))
