"""Front-matter schema of the demo corpus texts: allowed values, parsing and validation.

The front matter states what a document is and what the indexer is expected to find in it
(chemicals, topics), so tests and the builder share one definition of a valid text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry
import yaml

CORPUS_DIR = Path(__file__).resolve().parent
TEXTS_DIR = CORPUS_DIR / "texts"
FILES_DIR = CORPUS_DIR / "files"
MANIFEST_PATH = FILES_DIR / "manifest.json"

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")

# Format name in the front matter -> extension of the built file.
FORMAT_EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "odt": "odt",
    "html": "html",
    "txt": "txt",
    "scanned-pdf": "pdf",
}

DOC_TYPES = (
    "national-implementation-plan",
    "report",
    "guidance",
    "decision",
    "meeting-document",
    "awareness",
    "article",
    "data",
    "presentation",
)

PROVIDER_TYPES = ("party", "igo", "ngo", "industry", "research", "secretariat")



def _registry_ids() -> tuple[str, ...]:
    # Expected chemicals name registry entries, so the texts and the tagger share one vocabulary.
    from synonyms.registry import load_registry

    return tuple(sorted(load_registry().chemicals))


CHEMICALS = _registry_ids()

def _topic_ids() -> tuple[str, ...]:
    from synonyms.registry import load_topics

    return tuple(sorted(load_topics()))


TOPICS = _topic_ids()

REQUIRED_FIELDS = (
    "title", "lang", "format", "year", "date", "doc_type", "provider_type", "source",
    "countries", "chemicals", "topics",
)
OPTIONAL_FIELDS = ("version_group", "notes")

# Formats whose builder cannot lay out right-to-left scripts with a correct text layer.
RTL_UNSUPPORTED_FORMATS = ("pdf", "scanned-pdf")

MIN_WORDS, MAX_WORDS = 150, 500
# Chinese is written without spaces; about 1.7 characters make one English-equivalent word.
HAN_CHARS_PER_WORD = 1.7

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
_SLUG = re.compile(r"^[a-z]{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SourceText:
    """One demo document: its slug, front matter and markdown body."""

    slug: str
    path: Path
    meta: dict[str, Any]
    body: str

    @property
    def file_name(self) -> str:
        return f"{self.slug}.{FORMAT_EXTENSIONS[self.meta['format']]}"


def parse_source(path: Path) -> SourceText:
    """Split a text file into its YAML front matter and markdown body."""
    raw = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(raw)
    if not match:
        raise ValueError(f"{path.name}: no YAML front matter delimited by '---' lines")
    meta = yaml.safe_load(match.group(1))
    if not isinstance(meta, dict):
        raise ValueError(f"{path.name}: front matter is not a mapping")
    return SourceText(slug=path.stem, path=path, meta=meta, body=match.group(2).strip() + "\n")


def load_sources(texts_dir: Path = TEXTS_DIR) -> list[SourceText]:
    """All source texts, sorted by slug so that builds are reproducible."""
    return [parse_source(path) for path in sorted(texts_dir.glob("*.md"))]


def word_count(body: str, lang: str) -> int:
    """Length of a body in English-equivalent words (Han characters are converted)."""
    if lang == "zh":
        return round(len(_HAN.findall(body)) / HAN_CHARS_PER_WORD)
    return len(_WORD.findall(body))


def manifest_entry(source: SourceText) -> dict[str, Any]:
    """The metadata published next to a built file: the front matter plus the slug."""
    return {"slug": source.slug, **source.meta}


def validate(source: SourceText) -> list[str]:
    """Every problem with one source text; an empty list means it is valid."""
    meta, errors = source.meta, []
    missing = [field for field in REQUIRED_FIELDS if field not in meta]
    if missing:
        return [f"missing fields: {', '.join(missing)}"]
    unknown = set(meta) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS)
    if unknown:
        errors.append(f"unknown fields: {', '.join(sorted(unknown))}")
    if not _SLUG.match(source.slug) or not source.slug.startswith(f"{meta['lang']}-"):
        errors.append(f"slug {source.slug!r} must be lowercase and start with the language code")
    for field, allowed in (
        ("lang", LANGUAGES),
        ("format", FORMAT_EXTENSIONS),
        ("doc_type", DOC_TYPES),
        ("provider_type", PROVIDER_TYPES),
    ):
        if meta[field] not in allowed:
            errors.append(f"{field}={meta[field]!r} is not one of {sorted(allowed)}")
    for field, allowed in (("chemicals", CHEMICALS), ("topics", TOPICS)):
        values = meta[field]
        if not isinstance(values, list) or not values:
            errors.append(f"{field} must be a non-empty list")
            continue
        errors += [f"unknown {field[:-1]} id {value!r}" for value in values if value not in allowed]
    if not isinstance(meta["countries"], list):
        errors.append("countries must be a list")
    else:
        errors += [
            f"{code!r} is not an ISO 3166-1 alpha-2 code"
            for code in meta["countries"]
            if not isinstance(code, str) or pycountry.countries.get(alpha_2=code) is None
        ]
    errors += _date_errors(meta)
    for field in ("title", "source"):
        if not isinstance(meta[field], str) or not meta[field].strip():
            errors.append(f"{field} must be a non-empty string")
    if meta["lang"] == "ar" and meta["format"] in RTL_UNSUPPORTED_FORMATS:
        errors.append("Arabic texts cannot be built as PDF (no shaping in the PDF builder)")
    words = word_count(source.body, meta["lang"])
    if not MIN_WORDS <= words <= MAX_WORDS:
        errors.append(f"body has {words} words, expected {MIN_WORDS}-{MAX_WORDS}")
    return errors


def _date_errors(meta: dict[str, Any]) -> list[str]:
    try:
        date = datetime.date.fromisoformat(str(meta["date"]))
    except ValueError:
        return [f"date {meta['date']!r} is not an ISO date"]
    if meta["year"] != date.year:
        return [f"year {meta['year']!r} does not match date {date.isoformat()}"]
    return []
