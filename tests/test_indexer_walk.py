"""The walk and the small pure pieces of extraction: what is taken, what is skipped, and why."""

from __future__ import annotations

import os
from pathlib import Path

from indexer.extract import before_tika, derive_title, iso_datetime
from indexer.sidecar import SidecarMetadata
from indexer.walk import FoundFile, SkippedFile, walk


def _tree(root: Path) -> None:
    for name in ("a.pdf", "b.docx", ".hidden.pdf", "~$b.docx", "draft.tmp", "notes.txt~", ".DS_Store", "Thumbs.db",
                 "sub/c.txt", "sub/c.txt.json", "sub/manifest.json", ".git/config", "build/out.pdf"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name, encoding="utf-8")


def test_walk_skips_hidden_and_temporary_files_and_reports_sidecars(tmp_path) -> None:
    _tree(tmp_path)
    found = list(walk([tmp_path]))
    taken = [os.path.relpath(item.absolute, tmp_path) for item in found if isinstance(item, FoundFile)]
    skipped = {os.path.relpath(item.absolute, tmp_path): item.reason for item in found if isinstance(item, SkippedFile)}
    assert taken == ["a.pdf", "b.docx", "build/out.pdf", "sub/c.txt"]
    assert skipped == {"sub/c.txt.json": "metadata: sidecar of c.txt",
                       "sub/manifest.json": "metadata: the folder's manifest of document metadata"}


def test_walk_paths_are_shown_as_given_and_globs_filter(tmp_path, monkeypatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found = [item for item in walk(["."], include=["*.pdf", "*.txt"], exclude=["build"]) if isinstance(item, FoundFile)]
    assert [item.shown for item in found] == [os.path.join(".", "a.pdf"), os.path.join(".", "sub", "c.txt")]
    assert found[0].absolute == str(tmp_path / "a.pdf") and found[0].root == str(tmp_path)


def test_symlinks_are_not_followed_out_of_the_tree(tmp_path) -> None:
    outside = tmp_path / "outside"
    tree = tmp_path / "tree"
    outside.mkdir()
    tree.mkdir()
    (outside / "secret.pdf").write_text("outside", encoding="utf-8")
    (tree / "inside.pdf").write_text("inside", encoding="utf-8")
    (tree / "to-secret.pdf").symlink_to(outside / "secret.pdf")
    (tree / "to-outside").symlink_to(outside, target_is_directory=True)
    (tree / "to-inside.pdf").symlink_to(tree / "inside.pdf")
    names = [Path(item.absolute).name for item in walk([tree]) if isinstance(item, FoundFile)]
    assert names == ["inside.pdf", "to-inside.pdf"]


def test_sidecar_fields_manifest_then_own_sidecar(tmp_path) -> None:
    (tmp_path / "manifest.json").write_text(
        '{"a.pdf": {"provider_type": "party", "date": "2009-05", "doc_type": "report", "chemicals": ["ddt"]}}',
        encoding="utf-8")
    (tmp_path / "a.pdf.json").write_text('{"source": "Ministry", "year": 2010, "lang": "fr"}', encoding="utf-8")
    fields = SidecarMetadata().for_file(str(tmp_path / "a.pdf"))
    assert fields == {"provider_type": "party", "date": "2009-05-01", "year": 2010, "doc_type": "report",
                      "source": "Ministry"}


def test_failures_known_before_tika_and_small_parsers() -> None:
    assert before_tika(0, 100).reason == "empty: zero bytes"
    assert before_tika(340 * 1024 * 1024, 100).reason == "oversized: 340 MB > POPS_MAX_FILE_MB=100"
    assert before_tika(10, 100) is None
    assert derive_title({}, "\n\n# Guidance on BAT\nBody text") == "Guidance on BAT"
    assert derive_title({"dc:title": ["A title", "Another"]}, "text") == "A title"
    assert len(derive_title({}, "word " * 100)) <= 201
    assert iso_datetime("2007-09-15T09:02:31Z") == "2007-09-15T09:02:31+00:00"
    assert iso_datetime("D:20070915") is None
