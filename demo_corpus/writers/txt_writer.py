"""Plain-text output: the title, then each block as plain lines, UTF-8."""

from __future__ import annotations

from pathlib import Path

from demo_corpus.markup import parse_blocks, plain_lines
from demo_corpus.schema import SourceText


def write(source: SourceText, target: Path) -> None:
    chunks = [source.meta["title"]]
    chunks += ["\n".join(plain_lines(block)) for block in parse_blocks(source.body)]
    target.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
