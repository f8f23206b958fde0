"""The interface language of a request and the message catalogue that goes with it.

The language comes from an explicit choice (`?ui_lang=`, remembered in a cookie), else the
browser's `Accept-Language`, else English. Catalogues are compiled gettext files under
`ui/translations/<lang>/LC_MESSAGES/messages.mo`, loaded once per process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

UI_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})
COOKIE_NAME = "ui_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
DOMAIN = "messages"

# Each language's own name, shown in the language switcher whatever the current language.
NATIVE_NAMES = {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français", "ru": "Русский",
                "es": "Español"}


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where the request language is known."""
    return message


def supported(code: str | None) -> str | None:
    """The UI language a tag such as `fr-CA`, `zh-Hans-CN` or `AR` stands for, or None."""
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in UI_LANGUAGES else None


def parse_accept_language(header: str | None) -> list[str]:
    """The UI languages a browser asks for, most wanted first (q-values honoured, q=0 excluded)."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header[:1000].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = supported(tag)
        if language and quality > 0:
            weighted.append((-quality, position, language))
    return list(dict.fromkeys(language for _, _, language in sorted(weighted)))


def negotiate(query_value: str | None, cookie_value: str | None, accept_language: str | None) -> str:
    """The explicit choice wins, then the remembered one, then the browser's preference, then English."""
    for choice in (query_value, cookie_value):
        language = supported(choice)
        if language:
            return language
    preferred = parse_accept_language(accept_language)
    return preferred[0] if preferred else DEFAULT_LANGUAGE


def direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


@lru_cache(maxsize=len(UI_LANGUAGES))
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of `language`; English is the source language and needs none."""
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [language], domain=DOMAIN)
