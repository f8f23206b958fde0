"""HTML output: a standalone page with language, direction and Dublin Core metadata."""

from __future__ import annotations

from html import escape
from pathlib import Path

from demo_corpus.markup import Block, Heading, ListBlock, Paragraph, Table, parse_blocks
from demo_corpus.schema import SourceText
from demo_corpus.writers.common import is_rtl


def write(source: SourceText, target: Path) -> None:
    meta = source.meta
    direction = "rtl" if is_rtl(source) else "ltr"
    head = [
        '<meta charset="utf-8">',
        f"<title>{escape(meta['title'])}</title>",
        f'<meta name="author" content="{escape(meta["source"])}">',
        f'<meta name="dcterms.creator" content="{escape(meta["source"])}">',
        f'<meta name="dcterms.created" content="{meta["date"]}">',
        f'<meta name="dcterms.language" content="{meta["lang"]}">',
    ]
    body = [f"<h1>{escape(meta['title'])}</h1>", *(_render(block) for block in parse_blocks(source.body))]
    page = "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{meta["lang"]}" dir="{direction}">',
            "<head>",
            *head,
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
        ]
    )
    target.write_text(page + "\n", encoding="utf-8")


def _render(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, ListBlock):
        items = "\n".join(f"<li>{escape(item)}</li>" for item in block.items)
        if block.numbered:
            start = f' start="{block.start}"' if block.start != 1 else ""
            return f"<ol{start}>\n{items}\n</ol>"
        return f"<ul>\n{items}\n</ul>"
    if not isinstance(block, Table):
        raise TypeError(f"unsupported block {block!r}")
    header = "".join(f"<th>{escape(cell)}</th>" for cell in block.header)
    rows = "\n".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in block.rows)
    return f"<table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
