"""Checks that the message catalogues are complete and compiled: `python -m ui.catalogs`.

Extraction, catalogue updates and compilation are `make ui-messages` (pybabel); this module
answers the question a test and a reviewer ask afterwards: does every message of the templates
and views have a translation in every language, and is every committed `.mo` compiled from
its `.po` as it stands?
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from ui.i18n import DEFAULT_LANGUAGE, DOMAIN, TRANSLATIONS_DIR, UI_LANGUAGES

UI_DIR = Path(__file__).resolve().parent
BABEL_CFG = UI_DIR / "babel.cfg"
KEYWORDS = {**DEFAULT_KEYWORDS, "translate": (2,)}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extracted_messages() -> set[str]:
    """Every message id marked in the UI's Python modules and templates."""
    with BABEL_CFG.open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    return {message if isinstance(message, str) else message[0]
            for _, _, message, *_ in extract_from_dir(str(UI_DIR), method_map, options_map, keywords=KEYWORDS)}


def po_path(language: str) -> Path:
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_po(language: str) -> Catalog:
    with po_path(language).open("rb") as file:
        return read_po(file, locale=language)


def _translations(catalog: Catalog) -> dict[str, str]:
    return {str(message.id): str(message.string) for message in catalog if message.id and message.string}


def problems() -> list[str]:
    """What is wrong with the catalogues, one line each; empty when they are complete and compiled."""
    wanted = extracted_messages()
    found: list[str] = []
    for language in UI_LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        path = po_path(language)
        if not path.is_file():
            found.append(f"{language}: no catalogue at {path}")
            continue
        catalog = load_po(language)
        translated = _translations(catalog)
        for message in sorted(wanted):
            if message not in translated:
                found.append(f"{language}: no translation of {message!r}")
            elif sorted(_PLACEHOLDER.findall(message)) != sorted(_PLACEHOLDER.findall(translated[message])):
                found.append(f"{language}: placeholders differ in the translation of {message!r}")
        found += [f"{language}: fuzzy translation of {message.id!r}" for message in catalog
                  if message.id and message.fuzzy]
        found += [f"{language}: {message!r} is no longer used" for message in sorted(set(translated) - wanted)]
        mo_path = path.with_suffix(".mo")
        if not mo_path.is_file():
            found.append(f"{language}: {mo_path.name} is missing (run `make ui-messages`)")
            continue
        with mo_path.open("rb") as file:
            compiled = _translations(read_mo(file))
        if compiled != translated:
            found.append(f"{language}: {mo_path.name} is out of date with {path.name} (run `make ui-messages`)")
    return found


def main() -> int:
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    if not found:
        print("message catalogues complete and compiled")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
