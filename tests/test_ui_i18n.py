"""Interface language: negotiation, direction, and message catalogues that are complete and compiled."""

from __future__ import annotations

import pytest

from ui import catalogs
from ui.i18n import UI_LANGUAGES, direction, negotiate, parse_accept_language, supported, translations


@pytest.mark.parametrize(("header", "expected"), [
    ("fr-CH, fr;q=0.9, en;q=0.8", ["fr", "en"]),
    ("de-DE,de;q=0.9,ru;q=0.5,zh-Hans-CN;q=0.7", ["zh", "ru"]),
    ("en;q=0.1, es;q=0.6, ar", ["ar", "es", "en"]),
    ("ES-mx", ["es"]),
    ("ru;q=0, fr", ["fr"]),
    ("en;q=abc, fr;q=0.5", ["fr"]),
    ("*", []),
    ("", []),
])
def test_accept_language_is_read_by_preference(header, expected):
    assert parse_accept_language(header) == expected


def test_negotiation_order_query_then_cookie_then_browser_then_english():
    assert negotiate("ar", "fr", "es") == "ar"
    assert negotiate(None, "fr", "es") == "fr"
    assert negotiate("xx", "zz", "es-AR") == "es"
    assert negotiate(None, None, "de, it") == "en"
    assert negotiate(None, None, None) == "en"
    assert negotiate("zh_CN", None, None) == "zh"


def test_supported_tags():
    assert supported("zh-Hant-TW") == "zh"
    assert supported("AR") == "ar"
    assert supported("eng") is None
    assert supported(None) is None


def test_only_arabic_is_right_to_left():
    assert [lang for lang in UI_LANGUAGES if direction(lang) == "rtl"] == ["ar"]


def test_catalogues_are_complete_and_compiled():
    assert catalogs.problems() == []


def test_extraction_finds_the_messages_of_templates_and_views():
    messages = catalogs.extracted_messages()
    assert "Skip to main content" in messages          # base.html
    assert "Search again without any filter" in messages  # ui/views/search.py, translate(lang, ...)
    assert "Annex A (elimination)" in messages          # ui/vocabulary.py, N_(...)
    assert "Not found" in messages                       # ui/routes.py


@pytest.mark.parametrize("lang", [lang for lang in UI_LANGUAGES if lang != "en"])
def test_each_language_translates_the_interface(lang):
    catalogue = translations(lang)
    for message in ("Search", "Chemicals", "Skip to main content", "No documents match this search."):
        assert catalogue.gettext(message) != message
    assert "%(count)s" in catalogue.gettext("%(count)s documents")
