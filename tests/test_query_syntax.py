"""The user's query syntax is parsed, never rejected."""

from __future__ import annotations

import pytest

from search_api.query_syntax import normalise, parse


def test_words_phrases_exclusions_and_or() -> None:
    parsed = parse('PCB "open burning" -incineration OR dioxins -"waste oil"')
    assert parsed.groups == [["PCB", '"open burning"'], ["dioxins"]]
    assert parsed.phrases == ["open burning"]
    assert parsed.excluded == ["incineration", "waste oil"]


@pytest.mark.parametrize("raw", ['"unbalanced', "a:b", "(((", "title:[x TO", "\\", "OR", "-", "*?~^", ""])
def test_malformed_syntax_is_searched_as_text(raw: str) -> None:
    parsed = parse(raw)
    for term in [w for group in parsed.groups for w in group] + parsed.excluded:
        assert not set(term.replace('"', "")) & set(":()[]\\*?~^")


def test_empty_query_lists_everything() -> None:
    assert parse("   ").empty and parse(None).empty


def test_normalised_form_groups_equivalent_queries() -> None:
    assert normalise("  DDT   Malaria ") == normalise('malaria "ddt"') == "ddt malaria"
