"""Turning Tika's recursive answer into a document's text: pure logic over recorded answers."""

from __future__ import annotations

from indexer.extract import _part_text


def test_embedded_resource_names_do_not_become_text() -> None:
    part = {"X-TIKA:content": "\n\n/docProps/thumbnail.jpeg\n\n", "X-TIKA:embedded_resource_path": "/docProps/thumbnail.jpeg"}
    assert _part_text(part).strip() == ""


def test_embedded_text_is_kept() -> None:
    part = {"X-TIKA:content": "Annex: PCB inventory\n/word/media/image1.png\n", "resourceName": "image1.png",
            "X-TIKA:embedded_resource_path": "/word/media/image1.png"}
    assert _part_text(part).strip() == "Annex: PCB inventory"
