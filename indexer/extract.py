"""From Tika's answer to the text and metadata the index keeps, or to a reason a person can act on.

Failures are data: a zero-byte, encrypted, corrupt, unsupported, timed-out or oversized file ends
up in the run report and the ingest log with a sentence saying what is wrong with it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from indexer.tika_client import TikaReply

TITLE_CHARS = 200
OCR_PARSER = "TesseractOCRParser"
CONTAINER_EXCEPTION = "X-TIKA:EXCEPTION:container_exception"
EMBEDDED_EXCEPTION_PREFIX = "X-TIKA:EXCEPTION:"
KEPT_METADATA = ("Content-Type", "Content-Encoding", "Content-Language", "dc:language", "dc:title", "dc:creator",
                 "meta:author", "dcterms:created", "dcterms:modified", "xmpTPg:NPages", "pdf:producer",
                 "xmp:CreatorTool", "extended-properties:Application", "pdf:ocrPageCount", "X-TIKA:Parsed-By")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_EXTRA_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*(?:\n[ \t\r\f\v]*){2,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


@dataclass
class Extracted:
    text: str
    text_length: int
    truncated: bool
    title: str
    authors: list[str] = field(default_factory=list)
    created: str | None = None
    modified: str | None = None
    page_count: int | None = None
    mime_type: str | None = None
    ocr: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    parse_seconds: float = 0.0


@dataclass(frozen=True)
class ExtractionFailure:
    kind: str
    reason: str
    mime_type: str | None = None


def before_tika(size: int, max_file_mb: int) -> ExtractionFailure | None:
    """Files that need no Tika call to know they cannot be indexed."""
    if size == 0:
        return ExtractionFailure("empty", "empty: zero bytes")
    if size > max_file_mb * 1024 * 1024:
        return ExtractionFailure("oversized", f"oversized: {size / 1024 / 1024:.0f} MB > POPS_MAX_FILE_MB={max_file_mb}")
    return None


def first_line(value: Any) -> str:
    text = value[0] if isinstance(value, list) and value else value
    lines = [line.strip() for line in str(text or "").splitlines() if line.strip()]
    return lines[0][:300] if lines else ""


def _values(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def _first(metadata: dict[str, Any], key: str) -> str | None:
    found = _values(metadata.get(key))
    return found[0] if found else None


def mime_of(metadata: dict[str, Any]) -> str | None:
    value = _first(metadata, "Content-Type")
    return value.split(";")[0].strip().lower() if value else None


def iso_datetime(value: str | None) -> str | None:
    """Tika's date as ISO 8601 the index accepts, or None for anything unparseable."""
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if not 1000 <= parsed.year <= 9999:
        return None
    return parsed.isoformat()


def clean_text(text: str) -> str:
    """Collapse the runs of blank lines Tika emits for layout; the words are untouched."""
    text = _TRAILING_SPACE.sub("\n", text.replace("\x00", ""))
    return _EXTRA_BLANK_LINES.sub("\n\n", text).strip()


def shorten(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:-–") + "…"


def derive_title(metadata: dict[str, Any], text: str) -> str:
    """dc:title, else the first Markdown heading near the top, else the first non-empty line."""
    title = _first(metadata, "dc:title")
    if title:
        return shorten(title)
    lines = [line for line in text.splitlines() if line.strip()][:50]
    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            return shorten(heading.group(1))
    return shorten(lines[0]) if lines else ""


def _authors(metadata: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for key in ("dc:creator", "meta:author"):
        for name in _values(metadata.get(key)):
            seen.setdefault(name[:200], None)
    return list(seen)


def _page_count(metadata: dict[str, Any]) -> int | None:
    value = _first(metadata, "xmpTPg:NPages")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _used_ocr(parts: list[dict[str, Any]]) -> bool:
    """Some of the text came from OCR: an OCRed PDF page, or an image whose OCR found words."""
    for part in parts:
        ocred = any(OCR_PARSER in parser for parser in _values(part.get("X-TIKA:Parsed-By")))
        if ocred and str(part.get("X-TIKA:content") or "").strip():
            return True
        count = _first(part, "pdf:ocrPageCount")
        if count and count.isdigit() and int(count) > 0:
            return True
    return False


def _embedded_warnings(parts: list[dict[str, Any]]) -> list[str]:
    warnings = []
    for index, part in enumerate(parts):
        for key, value in part.items():
            if key.startswith(EMBEDDED_EXCEPTION_PREFIX) and not (index == 0 and key == CONTAINER_EXCEPTION):
                where = _first(part, "X-TIKA:embedded_resource_path") or ("container" if index == 0 else f"part {index}")
                warnings.append(f"{where}: {first_line(value)}")
    return warnings


def _kept_metadata(container: dict[str, Any], parts: list[dict[str, Any]], warnings: list[str]) -> dict[str, Any]:
    kept: dict[str, Any] = {key: container[key] for key in KEPT_METADATA if key in container}
    if len(parts) > 1:
        kept["embedded_documents"] = len(parts) - 1
    if warnings:
        kept["embedded_exceptions"] = warnings[:20]
    if CONTAINER_EXCEPTION in container:
        kept["container_exception"] = first_line(container[CONTAINER_EXCEPTION])
    return kept


def exception_failure(exception: str, mime: str | None) -> ExtractionFailure:
    line = first_line(exception)
    if "EncryptedDocumentException" in line or "password" in line.lower():
        return ExtractionFailure("encrypted", "encrypted: the file is password-protected", mime)
    if "ZeroByteFileException" in line:
        return ExtractionFailure("empty", "empty: zero bytes", mime)
    if "UnsupportedFormatException" in line:
        return ExtractionFailure("unsupported", f"unsupported type {mime or 'unknown'}", mime)
    return ExtractionFailure("corrupt", f"corrupt: Tika could not parse it ({line})", mime)


def _http_failure(reply: TikaReply, timeout_s: int) -> ExtractionFailure:
    if reply.timed_out:
        return ExtractionFailure("timeout", f"timed out after {timeout_s} s")
    if reply.crashed:
        return ExtractionFailure("crashed", "corrupt: Tika's parser crashed on it (retried after restart)")
    line = first_line(reply.body)
    if reply.status_code == 204:
        return ExtractionFailure("no-text", "no text: nothing could be extracted")
    if reply.status_code == 422:
        if "ncrypt" in reply.body or "password" in reply.body.lower():
            return ExtractionFailure("encrypted", "encrypted: the file is password-protected")
        return ExtractionFailure("unsupported", f"unsupported type: Tika refused it (HTTP 422{': ' + line if line else ''})")
    if reply.status_code == 500:
        return ExtractionFailure("corrupt", f"corrupt: Tika could not parse it ({line or 'HTTP 500'})")
    return ExtractionFailure("tika-error", f"Tika answered HTTP {reply.status_code}{': ' + line if line else ''}")


def _part_text(part: dict[str, Any]) -> str:
    """A part's text without the embedded resource's own name, which Tika writes into the content."""
    content = str(part.get("X-TIKA:content") or "")
    names = {str(value) for key in ("X-TIKA:embedded_resource_path", "resourceName")
             for value in _values(part.get(key)) if value}
    if not names:
        return content
    return "\n".join(line for line in content.splitlines() if line.strip() not in names)


def interpret(reply: TikaReply, *, max_text_chars: int, timeout_s: int) -> Extracted | ExtractionFailure:
    """The document Tika found in a file, or why there is none."""
    if reply.status_code != 200 or not reply.parts:
        if reply.status_code == 200:
            return ExtractionFailure("tika-error", f"Tika returned no result ({first_line(reply.body) or 'empty answer'})")
        return _http_failure(reply, timeout_s)
    parts = reply.parts
    container = parts[0]
    mime = mime_of(container)
    text = clean_text("\n\n".join(_part_text(part) for part in parts))
    exception = container.get(CONTAINER_EXCEPTION)
    if not text:
        if exception:
            return exception_failure(str(exception), mime)
        if "EmptyParser" in " ".join(_values(container.get("X-TIKA:Parsed-By"))):
            return ExtractionFailure("unsupported", f"unsupported type {mime or 'unknown'}", mime)
        return ExtractionFailure("no-text", "no text: nothing could be extracted", mime)
    warnings = _embedded_warnings(parts)
    if exception:
        warnings.insert(0, f"partly extracted: {first_line(exception)}")
    length = len(text)
    truncated = length > max_text_chars
    if truncated:
        text = text[:max_text_chars]
    return Extracted(
        text=text,
        text_length=length,
        truncated=truncated,
        title=derive_title(container, text),
        authors=_authors(container),
        created=iso_datetime(_first(container, "dcterms:created")),
        modified=iso_datetime(_first(container, "dcterms:modified")),
        page_count=_page_count(container),
        mime_type=mime,
        ocr=_used_ocr(parts),
        metadata=_kept_metadata(container, parts, warnings),
        warnings=warnings,
        parse_seconds=reply.seconds,
    )
