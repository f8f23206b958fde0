"""Per-language analysis chains for the six UN languages, plus a language-neutral one.

Each language has one analyser, for indexing and searching. The language-neutral field, which
holds every document's text, also has a search analyser carrying every language's chemical
synonyms (`synonym_graph`, before stop words and stemming): a query expands each name once, in
that field, and changing the synonym lists needs no reindex (`pops synonyms apply`).
"""

from __future__ import annotations

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
NEUTRAL = "std"

# Filters between the tokenizer and the synonyms: the synonym rules are parsed by this same
# prefix of the chain, so a rule and a query are normalised alike.
_PREFIX: dict[str, tuple[str, list[str]]] = {
    "ar": ("standard", ["lowercase", "decimal_digit", "arabic_normalization"]),
    "zh": ("icu_tokenizer", ["cjk_width", "lowercase"]),
    "en": ("standard", ["english_possessive", "lowercase"]),
    "fr": ("standard", ["french_elision", "lowercase"]),
    "ru": ("standard", ["lowercase"]),
    "es": ("standard", ["lowercase"]),
    NEUTRAL: ("icu_tokenizer", ["icu_folding"]),
}
# Filters after the synonyms: stop words and stemming.
_SUFFIX: dict[str, list[str]] = {
    "ar": ["arabic_stop", "arabic_stemmer"],
    "zh": ["chinese_stop"],
    "en": ["english_stop", "english_stemmer"],
    "fr": ["french_stop", "french_stemmer"],
    "ru": ["russian_stop", "russian_stemmer"],
    "es": ["spanish_stop", "spanish_stemmer"],
    NEUTRAL: [],
}

_FILTERS: dict[str, dict] = {
    "english_possessive": {"type": "stemmer", "language": "possessive_english"},
    "english_stop": {"type": "stop", "stopwords": "_english_"},
    "english_stemmer": {"type": "stemmer", "language": "english"},
    "french_elision": {
        "type": "elision",
        "articles_case": True,
        "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
    },
    "french_stop": {"type": "stop", "stopwords": "_french_"},
    "french_stemmer": {"type": "stemmer", "language": "light_french"},
    "spanish_stop": {"type": "stop", "stopwords": "_spanish_"},
    "spanish_stemmer": {"type": "stemmer", "language": "light_spanish"},
    "russian_stop": {"type": "stop", "stopwords": "_russian_"},
    "russian_stemmer": {"type": "stemmer", "language": "russian"},
    "arabic_stop": {"type": "stop", "stopwords": "_arabic_"},
    "arabic_stemmer": {"type": "stemmer", "language": "arabic"},
    "chinese_stop": {"type": "stop", "stopwords": ["的", "和", "与", "及", "在", "是", "了", "或", "其", "对"]},
    "shingle_2_3": {"type": "shingle", "min_shingle_size": 2, "max_shingle_size": 3},
}


SYNONYM_FILTER = f"pops_synonyms_{NEUTRAL}"
SEARCH_ANALYZER = f"pops_{NEUTRAL}_search"


def synonym_filter(rules: list[str]) -> dict:
    # An empty rule list would make OpenSearch reject the filter; a harmless identity rule keeps it valid.
    return {"type": "synonym_graph", "synonyms": rules or ["pops, pops"], "updateable": True}


def analysis_settings(synonym_rules: list[str]) -> dict:
    """The `analysis` section of the index settings, given the neutral field's Solr-format rules."""
    filters = {**_FILTERS, SYNONYM_FILTER: synonym_filter(synonym_rules)}
    analyzers: dict[str, dict] = {}
    for lang, (tokenizer, prefix) in _PREFIX.items():
        analyzers[f"pops_{lang}"] = {"type": "custom", "tokenizer": tokenizer, "filter": prefix + _SUFFIX[lang]}
    tokenizer, prefix = _PREFIX[NEUTRAL]
    analyzers[SEARCH_ANALYZER] = {"type": "custom", "tokenizer": tokenizer,
                                  "filter": [*prefix, SYNONYM_FILTER, *_SUFFIX[NEUTRAL]]}
    analyzers["pops_zh_bigram"] = {"type": "custom", "tokenizer": "standard",
                                   "filter": ["cjk_width", "lowercase", "cjk_bigram"]}
    analyzers["pops_shingle"] = {"type": "custom", "tokenizer": "icu_tokenizer",
                                 "filter": ["icu_folding", "shingle_2_3"]}
    return {
        "filter": filters,
        "analyzer": analyzers,
        "normalizer": {"folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
    }
