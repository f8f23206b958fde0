"""The demo corpus: its texts meet the coverage requirements and the committed files match them."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import zipfile
from collections import Counter, defaultdict
from html import escape
from pathlib import Path
from xml.etree import ElementTree

import pytest

from demo_corpus.schema import (
    FILES_DIR,
    FORMAT_EXTENSIONS,
    LANGUAGES,
    MANIFEST_PATH,
    SourceText,
    load_sources,
    manifest_entry,
    validate,
)

SOURCES = load_sources()
MANIFEST = json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
HASH_FIELDS = ("text_sha256", "file_sha256")
CAS_NUMBER = re.compile(r"\b(\d{2,7})-(\d{2})-(\d)\b")
NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
ZIP_FORMATS = ("docx", "xlsx", "pptx", "odt")
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}


def sources_in(*formats: str) -> list[SourceText]:
    return [source for source in SOURCES if source.meta["format"] in formats]


def built(source: SourceText) -> Path:
    return FILES_DIR / source.file_name


def cas_check_digit_ok(first: str, second: str, check: str) -> bool:
    digits = (first + second)[::-1]
    return sum(position * int(digit) for position, digit in enumerate(digits, start=1)) % 10 == int(check)


def test_there_are_at_least_36_texts() -> None:
    assert len(SOURCES) >= 36


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.slug)
def test_front_matter_is_valid(source: SourceText) -> None:
    assert validate(source) == []


def test_validation_rejects_unknown_values() -> None:
    good = SOURCES[0]
    bad = SourceText(
        slug=good.slug,
        path=good.path,
        meta={**good.meta, "format": "rtf", "chemicals": ["ddt", "plutonium"], "countries": [False], "year": 1999},
        body=good.body,
    )
    errors = " ".join(validate(bad))
    for expected in ("format='rtf'", "'plutonium'", "False", "year 1999"):
        assert expected in errors


def test_every_language_has_at_least_five_texts() -> None:
    counts = Counter(source.meta["lang"] for source in SOURCES)
    assert {lang: counts[lang] for lang in LANGUAGES if counts[lang] < 5} == {}


def test_every_format_is_used_at_least_three_times_and_a_scan_exists() -> None:
    counts = Counter(source.meta["format"] for source in SOURCES)
    assert {fmt: counts[fmt] for fmt in FORMAT_EXTENSIONS if fmt != "scanned-pdf" and counts[fmt] < 3} == {}
    assert counts["scanned-pdf"] >= 1


def test_years_span_2004_to_2026_and_are_spread() -> None:
    years = {source.meta["year"] for source in SOURCES}
    assert min(years) == 2004
    assert max(years) == 2026
    assert len(years) >= 18


def test_version_groups_are_one_document_in_several_languages() -> None:
    groups: dict[str, list[SourceText]] = defaultdict(list)
    for source in SOURCES:
        if "version_group" in source.meta:
            groups[source.meta["version_group"]].append(source)
    assert any(len(members) >= 3 for members in groups.values())
    for name, members in groups.items():
        languages = [member.meta["lang"] for member in members]
        assert len(set(languages)) == len(languages) >= 2, name
        for field in ("date", "doc_type", "provider_type", "countries", "chemicals", "topics"):
            assert len({json.dumps(member.meta[field]) for member in members}) == 1, (name, field)


def test_only_the_flagged_text_has_a_wrong_cas_check_digit() -> None:
    wrong = {
        source.slug
        for source in SOURCES
        for match in CAS_NUMBER.finditer(source.body)
        if not cas_check_digit_ok(*match.groups())
    }
    flagged = {source.slug for source in SOURCES if "CAS" in source.meta.get("notes", "")}
    assert wrong == flagged
    assert len(wrong) == 1
    assert any(CAS_NUMBER.search(source.body) for source in SOURCES if source.slug not in wrong)


def test_cas_check_digit_rule() -> None:
    assert cas_check_digit_ok("1763", "23", "1")
    assert cas_check_digit_ok("50", "29", "3")
    assert not cas_check_digit_ok("1763", "23", "2")


def test_manifest_lists_exactly_the_built_files() -> None:
    assert set(MANIFEST) == {source.file_name for source in SOURCES}
    on_disk = {path.name for path in FILES_DIR.iterdir()} - {MANIFEST_PATH.name}
    assert on_disk == set(MANIFEST)


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.slug)
def test_built_file_is_up_to_date_with_its_text(source: SourceText) -> None:
    entry = MANIFEST[source.file_name]
    assert {key: value for key, value in entry.items() if key not in HASH_FIELDS} == manifest_entry(source)
    text_hash = hashlib.sha256(source.path.read_bytes()).hexdigest()
    assert entry["text_sha256"] == text_hash, "stale file: run python -m demo_corpus.build"
    assert entry["file_sha256"] == hashlib.sha256(built(source).read_bytes()).hexdigest()


def test_corpus_stays_small() -> None:
    assert sum(path.stat().st_size for path in FILES_DIR.iterdir()) < 5_000_000


@pytest.mark.parametrize("source", sources_in("pdf", "scanned-pdf"), ids=lambda source: source.slug)
def test_pdfs_have_a_text_layer_unless_scanned(source: SourceText) -> None:
    data = built(source).read_bytes()
    assert data.startswith(b"%PDF-")
    if source.meta["format"] == "scanned-pdf":
        assert b"/Image" in data
        assert b"/Font" not in data
    else:
        assert b"/FontFile2" in data, "fonts must be embedded"
        assert b"/ToUnicode" in data, "text must map back to Unicode"
    assert b"/Author" in data and b"/CreationDate (D:" + source.meta["date"].replace("-", "").encode() in data


@pytest.mark.parametrize("source", sources_in(*ZIP_FORMATS), ids=lambda source: source.slug)
def test_office_files_carry_title_author_and_date(source: SourceText) -> None:
    with zipfile.ZipFile(built(source)) as archive:
        if source.meta["format"] == "odt":
            assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
            root = ElementTree.fromstring(archive.read("meta.xml")).find("office:meta", NAMESPACES)
            created = root.findtext("meta:creation-date", namespaces=NAMESPACES)
            author = root.findtext("meta:initial-creator", namespaces=NAMESPACES)
        else:
            assert OOXML_MAIN_PART[source.meta["format"]] in archive.namelist()
            root = ElementTree.fromstring(archive.read("docProps/core.xml"))
            created = root.findtext("dcterms:created", namespaces=NAMESPACES)
            author = root.findtext("dc:creator", namespaces=NAMESPACES)
        title = root.findtext("dc:title", namespaces=NAMESPACES)
        stamps = {info.date_time for info in archive.infolist()}
    assert title == source.meta["title"]
    assert author == source.meta["source"]
    assert created.startswith(source.meta["date"])
    day = datetime.date.fromisoformat(source.meta["date"])
    assert stamps == {(day.year, day.month, day.day, 12, 0, 0)}, "zip timestamps must be fixed"


@pytest.mark.parametrize("source", sources_in("pptx"), ids=lambda source: source.slug)
def test_slide_relationship_ids_sort_in_slide_order(source: SourceText) -> None:
    """Tika reads slides in the string order of their relationship ids, not the deck order."""
    with zipfile.ZipFile(built(source)) as archive:
        root = ElementTree.fromstring(archive.read("ppt/presentation.xml"))
    ids = [entry.get(f"{{{NAMESPACES['r']}}}id") for entry in root.iterfind("p:sldIdLst/p:sldId", NAMESPACES)]
    assert len(ids) >= 4
    assert ids == sorted(ids)


@pytest.mark.parametrize("source", sources_in("html", "txt"), ids=lambda source: source.slug)
def test_text_formats_start_with_the_title(source: SourceText) -> None:
    content = built(source).read_text(encoding="utf-8")
    if source.meta["format"] == "txt":
        assert content.splitlines()[0] == source.meta["title"]
    else:
        direction = "rtl" if source.meta["lang"] == "ar" else "ltr"
        assert f'<html lang="{source.meta["lang"]}" dir="{direction}">' in content
        assert f'<meta name="author" content="{escape(source.meta["source"])}">' in content
