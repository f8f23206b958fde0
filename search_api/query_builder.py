"""The multilingual text query: every language field, chemical ids across languages, boosts.

A query in any of the six languages is matched in every language field (stemming,
normalisation) and in the language-neutral field, whose search analyser carries every
language's synonyms (see `analyzers.analysis`). Chemical names found in the query also match
documents tagged with that chemical in any language. Exact phrases and title matches rank higher.
"""

from __future__ import annotations

import re

from analyzers.analysis import LANGUAGES
from search_api.chemical_expansion import find_chemicals, remaining_text
from search_api.query_syntax import ParsedQuery, parse

TITLE_FIELDS = [f"title.{lang}^3" for lang in LANGUAGES] + ["title.std^2"]
BODY_FIELDS = [f"body.{lang}" for lang in LANGUAGES] + ["body.std^0.7", "body.zh.bigram^0.5"]
TEXT_FIELDS = TITLE_FIELDS + BODY_FIELDS
CHEMICAL_BOOST = 1.5


def _words_query(text: str, fields: list[str] = TEXT_FIELDS) -> dict:
    """Most words (both of two, two of three…) and every quoted phrase, in one field; whole-string analysis
    lets multi-word synonyms fire."""
    phrases = re.findall(r'"([^"]+)"', text)
    words = " ".join(re.sub(r'"[^"]*"', " ", text).split())
    clauses = [{"multi_match": {"query": phrase, "type": "phrase", "fields": fields}} for phrase in phrases]
    if words:
        clauses.append({"multi_match": {"query": words, "type": "best_fields", "minimum_should_match": "2<67%",
                                        "tie_breaker": 0.3, "fields": fields, "lenient": True}})
    return clauses[0] if len(clauses) == 1 else {"bool": {"must": clauses}}


def _group_clause(group: list[str]) -> dict:
    """One OR-alternative: its words in the text, or the chemicals it names tagged plus its other words.

    The tagged path is how a query finds documents about a chemical in other languages. Its other
    words stay required (most of them), so a query that adds an unknown word still finds nothing
    and shows up as an information gap.
    """
    text = " ".join(group)
    alternatives = [_words_query(text)]
    mentions = find_chemicals(text.replace('"', " "))
    if mentions:
        ids = sorted({m.chemical_id for m in mentions})
        rest = remaining_text(group, mentions)
        must = [_words_query(rest)] if rest else [{"constant_score": {"filter": {"match_all": {}}}}]
        alternatives.append({"bool": {"filter": [{"terms": {"chemicals": ids}}], "must": must, "boost": CHEMICAL_BOOST}})
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def _index_analyzer(field: str) -> str:
    """The analyser a text field was indexed with: for the neutral field, its chain without synonyms."""
    if field.endswith(".bigram"):
        return "pops_zh_bigram"
    return f"pops_{field.split('.')[1]}"


def _exact_phrases(text: str, fields: list[str], slop: int = 0) -> list[dict]:
    """The phrase as typed in each field. Analysed without synonyms: a chemical with many names would
    otherwise expand into hundreds of clauses (and past the clause limit), and "exact" means
    these words, while synonyms are already matched by the main clause."""
    clauses = []
    for weighted in fields:
        field, _, weight = weighted.partition("^")
        phrase: dict = {"query": text, "analyzer": _index_analyzer(field), "slop": slop}
        if weight:
            phrase["boost"] = float(weight)
        clauses.append({"match_phrase": {field: phrase}})
    return clauses


def _exclusion(term: str) -> dict:
    """The excluded words as a phrase in any text field, or a document tagged with the chemical they name."""
    clauses = _exact_phrases(term, TEXT_FIELDS)
    ids = sorted({m.chemical_id for m in find_chemicals(term)})
    if ids:
        clauses.append({"terms": {"chemicals": ids}})
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def chemical_ids(parsed: ParsedQuery) -> list[str]:
    return sorted({m.chemical_id for m in find_chemicals(parsed.positive_text.replace('"', " "))})


def text_query(raw: str | None) -> dict:
    """The scoring query for the user's text; an empty text matches every document."""
    parsed = parse(raw)
    must_not = [_exclusion(term) for term in parsed.excluded]
    if parsed.empty:
        return {"bool": {"must": [{"match_all": {}}], "must_not": must_not}}
    plain = parsed.positive_text.replace('"', " ")
    boosts = [
        {"dis_max": {"queries": _exact_phrases(plain, TITLE_FIELDS), "boost": 4}},
        {"dis_max": {"queries": _exact_phrases(plain, BODY_FIELDS, slop=1), "boost": 2}},
        {"term": {"title_exact": {"value": plain, "boost": 10}}},
    ]
    return {"bool": {
        "must": [{"bool": {"should": [_group_clause(g) for g in parsed.groups], "minimum_should_match": 1}}],
        "should": boosts,
        "must_not": must_not,
    }}
