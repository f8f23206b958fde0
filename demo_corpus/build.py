"""Regenerate demo_corpus/files/ (the office files and manifest.json) from demo_corpus/texts/.

Run from the repository root: `python -m demo_corpus.build`. Needs the `demo` extra and the
fonts named in demo_corpus/README.md. Output is deterministic: rebuilding unchanged texts
gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from demo_corpus.schema import FILES_DIR, MANIFEST_PATH, TEXTS_DIR, SourceText, load_sources, manifest_entry, validate
from demo_corpus.writers import (
    docx_writer,
    html_writer,
    odt_writer,
    pdf_writer,
    pptx_writer,
    scanned_pdf_writer,
    txt_writer,
    xlsx_writer,
)

WRITERS: dict[str, Callable[[SourceText, Path], None]] = {
    "pdf": pdf_writer.write,
    "scanned-pdf": scanned_pdf_writer.write,
    "docx": docx_writer.write,
    "xlsx": xlsx_writer.write,
    "pptx": pptx_writer.write,
    "odt": odt_writer.write,
    "html": html_writer.write,
    "txt": txt_writer.write,
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(texts_dir: Path = TEXTS_DIR, files_dir: Path = FILES_DIR) -> dict[str, dict[str, Any]]:
    """Validate every text, write its file and the manifest; remove files no text produces."""
    sources = load_sources(texts_dir)
    problems = {source.slug: errors for source in sources if (errors := validate(source))}
    if problems:
        raise ValueError("invalid source texts:\n" + "\n".join(f"  {slug}: {errs}" for slug, errs in problems.items()))
    files_dir.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict[str, Any]] = {}
    for source in sources:
        target = files_dir / source.file_name
        WRITERS[source.meta["format"]](source, target)
        manifest[source.file_name] = {
            **manifest_entry(source),
            "text_sha256": sha256(source.path),
            "file_sha256": sha256(target),
        }
    manifest_path = files_dir / MANIFEST_PATH.name
    for stale in set(files_dir.iterdir()) - {files_dir / name for name in manifest} - {manifest_path}:
        stale.unlink()
    manifest_json = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
    manifest_path.write_text(manifest_json + "\n", encoding="utf-8")
    return manifest


def main() -> int:
    manifest = build()
    size = sum((FILES_DIR / name).stat().st_size for name in manifest)
    print(f"built {len(manifest)} files in {FILES_DIR} ({size / 1_000_000:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
