"""Pure logic of the UI: state links, lenient parameters, highlighting, facet lists, regions."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from fastapi.testclient import TestClient
from starlette.datastructures import QueryParams

from pops.config import Settings
from search_api.app import create_app
from search_api.filters import SearchFilters
from search_api.models import FacetValue, SearchResponse
from ui import links
from ui.highlight import highlight, highlight_fragment, query_terms
from ui.indicators import region_filters
from ui.regions import region_of
from ui.routes import mount_ui
from ui.search_params import state_from
from ui.templating import highlighted
from ui.views.compare import dimensions_from, ui_search_link
from ui.views.search import VISIBLE_VALUES, broader_searches, chips, facet_views, pagination


def _query(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query)


# Links ------------------------------------------------------------------------------------------------------

def test_selecting_a_value_keeps_the_others_and_returns_to_the_first_page():
    items = [("q", "ddt"), ("chemical", "pcb"), ("page", "3")]
    assert links.with_value(items, "chemical", "ddt") == [("q", "ddt"), ("chemical", "pcb"), ("chemical", "ddt")]
    assert links.without_value(items, "chemical", "pcb") == [("q", "ddt")]
    assert links.replaced(items, "page", "4", keep_position=True) == [("q", "ddt"), ("chemical", "pcb"), ("page", "4")]
    assert links.replaced(items, "sort", "newest") == [("q", "ddt"), ("chemical", "pcb"), ("sort", "newest")]


def test_href_encodes_and_drops_empty_values():
    assert links.href("/", [("q", 'a&b "c"'), ("lang", "")]) == "/?q=a%26b+%22c%22"
    assert links.href("/", []) == "/"


# Lenient parameters -----------------------------------------------------------------------------------------

def test_unusable_parameters_are_ignored_and_named():
    state = state_from(QueryParams("q=dioxins&year_from=abc&year_to=99999&sort=best&page=-1&size=7&more=country&more=nope"))
    assert state.filters.q == "dioxins"
    assert state.filters.year_from is None and state.filters.year_to is None
    assert (state.sort, state.page, state.size) == ("relevance", 1, 20)
    assert state.expanded == frozenset({"country"})
    assert set(state.ignored) == {"year_from", "year_to", "sort", "page", "size"}


def test_selections_are_normalised_like_the_api():
    state = state_from(QueryParams("country=ke&country=KE&lang=FR&year_from=2020&year_to=2010"))
    assert state.filters.country == ("KE",)
    assert state.filters.lang == ("fr",)
    assert (state.filters.year_from, state.filters.year_to) == (2010, 2020)


# Highlighting ------------------------------------------------------------------------------------------------

def test_query_terms_leave_out_exclusions_and_operators():
    assert query_terms('"open burning" dioxins OR furans -waste') == ["open burning", "dioxins", "furans"]
    assert query_terms("") == []


def test_text_is_escaped_before_it_is_highlighted():
    marked = str(highlight("<b>DDT</b> & ddt", ["ddt"]))
    assert marked == "&lt;b&gt;<mark>DDT</mark>&lt;/b&gt; &amp; <mark>ddt</mark>"


def test_an_encoded_fragment_is_decoded_once_then_highlighted():
    fragment = "Open burning &lt;script&gt;alert(1)&lt;/script&gt; releases <mark>dioxins</mark>"
    marked = str(highlight_fragment(fragment, ["burning"]))
    assert "<script>" not in marked
    assert marked == "Open <mark>burning</mark> &lt;script&gt;alert(1)&lt;/script&gt; releases dioxins"


def test_only_mark_tags_are_trusted_in_api_fragments():
    assert str(highlighted("a <mark>b</mark> &lt;i&gt;")) == "a <mark>b</mark> &lt;i&gt;"
    assert str(highlighted("a <img src=x onerror=alert(1)>")) == "a &lt;img src=x onerror=alert(1)&gt;"


# Search page pieces -----------------------------------------------------------------------------------------

def _response(facets: dict[str, list[FacetValue]], total: int = 100, next_cursor: str | None = None) -> SearchResponse:
    return SearchResponse(total=total, took_ms=3, page=1, size=20, hits=[], facets=facets, next_cursor=next_cursor)


def _values(count: int, selected: tuple[int, ...] = ()) -> list[FacetValue]:
    return [FacetValue(value=f"C{n}", label=f"Country {n}", count=100 - n, selected=n in selected)
            for n in range(count)]


def test_long_facets_are_cut_with_a_more_link_that_keeps_selected_values():
    response = _response({"country": _values(12, selected=(10,))})
    state = state_from(QueryParams("country=C10"))
    [view] = facet_views(response, state, [("country", "C10")], "en")
    assert [value.value for value in view.values] == [f"C{n}" for n in range(VISIBLE_VALUES)] + ["C10"]
    assert view.hidden == 3
    assert ("more", "country") in _query(view.more_href)
    expanded = state_from(QueryParams("country=C10&more=country"))
    [view] = facet_views(response, expanded, [("country", "C10"), ("more", "country")], "fr")
    assert len(view.values) == 12 and view.title == "Pays"
    assert ("more", "country") not in _query(view.fewer_href)


def test_chips_remove_one_value_each_and_are_labelled_in_the_ui_language():
    filters = SearchFilters(chemical=("ddt", "pcb"), year_from=2010)
    items = [("chemical", "ddt"), ("chemical", "pcb"), ("year_from", "2010")]
    found = chips(filters, items, "fr")
    assert found[0].label.startswith("Produit chimique : ")
    assert _query(found[0].remove_href) == [("chemical", "pcb"), ("year_from", "2010")]
    assert _query(found[-1].remove_href) == [("chemical", "ddt"), ("chemical", "pcb")]


def test_zero_results_offer_broader_searches():
    filters = SearchFilters(q="pcb transformers", country=("KE",))
    offers = broader_searches(filters, [("q", "pcb transformers"), ("country", "KE")], "en")
    targets = [_query(offer.href) for offer in offers]
    assert [("q", "pcb transformers")] in targets                       # without the filters
    assert [("q", "pcb OR transformers"), ("country", "KE")] in targets  # any word
    assert [("q", "transformers"), ("country", "KE")] in targets        # one word dropped


def test_pagination_switches_to_the_cursor_at_the_end_of_the_result_window():
    state = state_from(QueryParams("size=50&page=200"))
    pages = pagination(_response({}, total=20_000, next_cursor="abc"), state, [("size", "50"), ("page", "200")])
    assert ("cursor", "abc") in _query(pages["next"])
    assert ("page", "199") in _query(pages["previous"])
    first = pagination(_response({}, total=95), state_from(QueryParams("")), [])
    assert [link.number for link in first["pages"]] == [1, 2, 3, 4, 5] and first["previous"] is None


def test_compare_dimensions_fall_back_and_cells_link_to_the_ui_search():
    assert dimensions_from("topic", "year") == ("topic", "year", [])
    assert dimensions_from("bogus", None) == ("country", "chemical", ["rows"])
    assert dimensions_from("chemical", "chemical")[:2] == ("chemical", "country")
    assert ui_search_link("/api/search?q=x&country=KE") == "/?q=x&country=KE"


# Regions ----------------------------------------------------------------------------------------------------

def test_countries_fall_in_un_regions():
    assert [region_of(code) for code in ("ke", "BR", "CN", "FR", "FJ", "AQ")] == \
        ["africa", "americas", "asia", "europe", "oceania", "other"]


def test_region_filters_cover_each_region_once():
    filters = region_filters()
    assert list(filters) == ["africa", "americas", "asia", "europe", "oceania", "other"]
    assert "KE" in filters["africa"]["terms"]["countries"]
    assert "KE" not in filters["asia"]["terms"]["countries"]


# Failures ---------------------------------------------------------------------------------------------------

def test_an_unreachable_search_service_gives_a_503_page_in_the_reader_language():
    app = create_app(Settings(opensearch_url="http://127.0.0.1:9", secretariat_key="k", log_queries=False))
    mount_ui(app)
    client = TestClient(app, raise_server_exceptions=False)
    for path in ("/", "/chemicals", "/documents/x", "/compare", "/synthesis"):
        response = client.get(path, headers={"Accept-Language": "fr"})
        assert response.status_code == 503, path
        assert response.headers["retry-after"]
        assert '<html lang="fr" dir="ltr">' in response.text
        assert "Temporairement indisponible" in response.text
