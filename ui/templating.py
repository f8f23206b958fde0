"""Jinja2 environments, one per interface language, and the response every page is rendered into.

One environment per language keeps gettext installed once and requests independent of each other;
autoescaping is on for everything, so only values deliberately wrapped as `Markup` (the API's
escaped-then-highlighted snippets, the SVG charts) are inserted as HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ui import links
from ui.i18n import COOKIE_MAX_AGE, COOKIE_NAME, NATIVE_NAMES, UI_LANGUAGES, direction, negotiate, translations

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
BABEL_LOCALES = {"zh": "zh_Hans"}


def babel_locale(language: str) -> str:
    return BABEL_LOCALES.get(language, language)


def number(value: int | float | None, language: str) -> str:
    if value is None:
        return "—"
    return format_decimal(value, locale=babel_locale(language))


def percent(value: float | None, language: str) -> str:
    if value is None:
        return "—"
    return format_percent(value, format="#,##0.0%", locale=babel_locale(language))


def date(value: str | None, language: str) -> str:
    """An ISO date (or datetime) in the language's medium format; anything unparsable as given."""
    if not value:
        return ""
    try:
        parsed = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return format_date(parsed, format="medium", locale=babel_locale(language))


@lru_cache(maxsize=len(UI_LANGUAGES))
def environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(language), newstyle=True)
    env.filters["number"] = lambda value: number(value, language)
    env.filters["date"] = lambda value: date(value, language)
    env.filters["highlighted"] = highlighted
    env.globals["href"] = links.href
    return env


def ui_language(request: Request) -> str:
    return negotiate(request.query_params.get("ui_lang"), request.cookies.get(COOKIE_NAME),
                     request.headers.get("accept-language"))


def translate(language: str, message: str, **variables: Any) -> str:
    """Translate a message outside a template (chart titles, labels built in Python).

    Extraction finds these calls with the keyword `translate:2` (see ui/babel.cfg and ui/README.md).
    """
    text = translations(language).gettext(message)
    return text % variables if variables else text


def state_items(request: Request) -> list[tuple[str, str]]:
    """The request's query string minus the language choice, which the cookie remembers."""
    return [(key, value) for key, value in request.query_params.multi_items() if key != "ui_lang"]


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200,
           headers: dict[str, str] | None = None) -> HTMLResponse:
    """Render a page in the request's language; an explicit `?ui_lang=` is remembered in a cookie."""
    language = ui_language(request)
    items = state_items(request)
    page = {
        "lang": language,
        "dir": direction(language),
        "languages": [{"code": code, "name": NATIVE_NAMES[code], "current": code == language,
                       "href": links.href(request.url.path, [*items, ("ui_lang", code)])}
                      for code in UI_LANGUAGES],
    }
    html = environment(language).get_template(template).render(page=page, **context)
    # The same URL renders in different languages, so caches must key on what chose the language.
    response = HTMLResponse(html, status_code=status_code,
                            headers={"Vary": "Accept-Language, Cookie", **(headers or {})})
    chosen = request.query_params.get("ui_lang")
    if chosen and chosen == language:
        response.set_cookie(COOKIE_NAME, language, max_age=COOKIE_MAX_AGE, samesite="lax", httponly=True)
    return response


_NOT_MARK = re.compile(r"<(?!/?mark>)")


def highlighted(fragment: str) -> Markup:
    """Insert an API-produced fragment (text escaped, then matches wrapped in <mark>) as HTML.

    Such a fragment holds no other tag; if one does, it did not come from the highlighter, so it is
    escaped whole instead of trusted.
    """
    return escape(fragment) if _NOT_MARK.search(fragment) else Markup(fragment)
