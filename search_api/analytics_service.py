"""Comparison matrices and result-set synthesis: aggregations over the same filtered query as search."""

from __future__ import annotations

from urllib.parse import urlencode

from opensearchpy import OpenSearch

from search_api.filters import FACET_PARAMS, YEAR_FIELD, YEAR_PARAM, SearchFilters, filtered_query
from search_api.labels import label
from search_api.models import Axis, Cell, CompareResponse, CountValue, SignificantValue, SynthesisResponse

COMPARE_FIELDS: dict[str, str] = {**FACET_PARAMS, YEAR_PARAM: YEAR_FIELD}
SEARCH_PATH = "/api/search"
SAMPLE_SIZE = 200
# Function words the neutral field keeps (it has no stop filter); a result set in one language
# would otherwise show them as distinctive against a multilingual collection.
_FUNCTION_WORDS = (
    "also", "been", "from", "have", "into", "more", "must", "other", "such", "than", "that", "their", "there",
    "these", "they", "this", "were", "which", "will", "with", "within", "after", "under", "where", "while",
    "avec", "dans", "des", "elle", "leur", "leurs", "mais", "pour", "sont", "sous", "cette", "entre", "ainsi",
    "como", "esta", "este", "para", "pero", "sobre", "entre", "desde", "estos", "estas", "tambien",
    "были", "было", "быть", "года", "году", "для", "его", "как", "которые", "также", "того", "этих", "этом",
    "الى", "التي", "الذي", "على", "عن", "في", "من", "هذا", "هذه", "وقد", "كما",
)
# Tokens of three characters or fewer, tokens with digits or file-name punctuation, function words.
EXCLUDED_TERMS = ".{0,3}|.*[0-9._/:].*|" + "|".join(sorted(set(_FUNCTION_WORDS)))
# Sub-aggregation size: large enough for every value of any facet (countries are the most numerous).
_ALL_VALUES = 500


def _key(bucket: dict) -> str:
    key = bucket["key"]
    return str(int(key)) if isinstance(key, float) else str(key)


def cell_url(filters: SearchFilters, rows: str, row_value: str, cols: str, col_value: str) -> str:
    """The search that lists the documents counted in one cell."""
    items = [(name, value) for name, value in filters.query_items()
             if not (YEAR_PARAM in (rows, cols) and name in ("year_from", "year_to"))]
    for param, value in ((rows, row_value), (cols, col_value)):
        if param == YEAR_PARAM:
            items += [("year_from", value), ("year_to", value)]
        elif (param, value) not in items:
            items.append((param, value))
    return f"{SEARCH_PATH}?{urlencode(items)}"


def compare(client: OpenSearch, alias: str, filters: SearchFilters, rows: str, cols: str, ui_lang: str = "en",
            max_rows: int = 20, max_cols: int = 20) -> CompareResponse:
    """Document counts for the top values of `rows` × the top values of `cols` (facet parameter names)."""
    response = client.search(index=alias, body={
        "size": 0, "track_total_hits": True, "query": filtered_query(filters),
        "aggs": {
            "cols": {"terms": {"field": COMPARE_FIELDS[cols], "size": max_cols}},
            "rows": {"terms": {"field": COMPARE_FIELDS[rows], "size": max_rows},
                     "aggs": {"cols": {"terms": {"field": COMPARE_FIELDS[cols], "size": _ALL_VALUES}}}},
        },
    })
    aggs = response["aggregations"]
    col_values = [CountValue(value=_key(b), label=label(cols, _key(b), ui_lang), count=b["doc_count"])
                  for b in aggs["cols"]["buckets"]]
    row_values, cells = [], []
    for row in aggs["rows"]["buckets"]:
        row_value = _key(row)
        row_values.append(CountValue(value=row_value, label=label(rows, row_value, ui_lang), count=row["doc_count"]))
        counts = {_key(b): b["doc_count"] for b in row["cols"]["buckets"]}
        cells.append([Cell(count=counts.get(col.value, 0), url=cell_url(filters, rows, row_value, cols, col.value))
                      for col in col_values])
    return CompareResponse(total=response["hits"]["total"]["value"], rows=Axis(parameter=rows, values=row_values),
                           cols=Axis(parameter=cols, values=col_values), cells=cells)


def _counts(param: str, buckets: list[dict], ui_lang: str) -> list[CountValue]:
    return [CountValue(value=_key(b), label=label(param, _key(b), ui_lang), count=b["doc_count"]) for b in buckets]


def _significant(param: str | None, aggregation: dict, ui_lang: str) -> list[SignificantValue]:
    return [SignificantValue(value=_key(b), label=label(param, _key(b), ui_lang) if param else _key(b),
                             count=b["doc_count"], background_count=b["bg_count"], score=round(b["score"], 4))
            for b in aggregation["buckets"]]


def synthesis(client: OpenSearch, alias: str, filters: SearchFilters, ui_lang: str = "en",
              terms: int = 25) -> SynthesisResponse:
    """What characterises the result set against the whole collection, and what it covers."""
    response = client.search(index=alias, body={
        "size": 0, "track_total_hits": True, "query": filtered_query(filters),
        "aggs": {
            "sample": {"sampler": {"shard_size": SAMPLE_SIZE}, "aggs": {"terms": {"significant_text": {
                "field": "body.std", "size": terms, "filter_duplicate_text": True, "min_doc_count": 2,
                "exclude": EXCLUDED_TERMS}}}},
            "chemicals": {"significant_terms": {"field": "chemicals", "size": 20, "min_doc_count": 1}},
            "topics": {"significant_terms": {"field": "topics", "size": 20, "min_doc_count": 1}},
            "timeline": {"histogram": {"field": YEAR_FIELD, "interval": 1, "min_doc_count": 1}},
            "languages": {"terms": {"field": "languages", "size": 10}},
            "countries": {"terms": {"field": "countries", "size": 30}},
            "sources": {"terms": {"field": "source", "size": 15}},
            "doc_types": {"terms": {"field": "doc_type", "size": 20}},
            "provider_types": {"terms": {"field": "provider_type", "size": 10}},
        },
    })
    aggs = response["aggregations"]
    return SynthesisResponse(
        total=response["hits"]["total"]["value"],
        terms=_significant(None, aggs["sample"]["terms"], ui_lang),
        chemicals=_significant("chemical", aggs["chemicals"], ui_lang),
        topics=_significant("topic", aggs["topics"], ui_lang),
        timeline=_counts(YEAR_PARAM, aggs["timeline"]["buckets"], ui_lang),
        languages=_counts("lang", aggs["languages"]["buckets"], ui_lang),
        countries=_counts("country", aggs["countries"]["buckets"], ui_lang),
        sources=_counts("source", aggs["sources"]["buckets"], ui_lang),
        doc_types=_counts("doc_type", aggs["doc_types"]["buckets"], ui_lang),
        provider_types=_counts("provider_type", aggs["provider_types"]["buckets"], ui_lang),
    )
