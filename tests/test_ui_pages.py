"""Every page of the UI against real OpenSearch, in each of the six languages, through the app itself."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from pops.config import Settings
from search_api.app import create_app
from search_fixtures import FixtureDoc, fixture_documents, index_documents
from ui.i18n import UI_LANGUAGES, translations
from ui.indicators import collection_indicators
from ui.regions import region_of
from ui.routes import mount_ui

pytestmark = pytest.mark.services

KEY = "ui-test-secretariat-key"
HTML_TAG = re.compile(r'<html lang="(\w+)" dir="(\w+)">')
PAGES = [
    "/",
    "/?q=DDT&chemical=ddt&sort=newest",
    "/?q=qwertyuiop",
    "/documents/ddt-en?q=DDT",
    "/chemicals",
    "/chemicals/ddt",
    "/compare?rows=country&cols=chemical",
    "/synthesis?q=DDT",
    "/secretariat",
]


def _evidence_doc() -> dict:
    """A document whose tags carry the indexer's evidence, so the page can say why each tag was given."""
    doc = FixtureDoc("evidence", "en", "PCB inventory in Kenya", "Kenya listed polychlorinated biphenyls (PCB) "
                     "in 40 transformers.", 2011, chemicals=["pcb"], topics=["pcb-elimination"],
                     countries=["KE"]).source_document()
    doc["tags"] = {"evidence": {
        "chemicals": [{"id": "pcb", "phrases": {"polychlorinated biphenyls": 1, "pcb": 1}, "score": 2.0}],
        "topics": [{"id": "pcb-elimination", "phrases": {"transformers": 1}, "score": 1.0}],
        "countries": [{"id": "KE", "phrases": {"kenya": 1}, "score": 1.0}],
    }}
    return doc


@pytest.fixture(scope="module")
def alias(os_client):
    name = f"pops-test-{uuid.uuid4().hex[:10]}"
    index_documents(os_client, name, fixture_documents(generated=24))
    os_client.index(index=name, id="evidence", body=_evidence_doc(), refresh=True)
    yield name
    os_client.indices.delete(index=f"{name}*", ignore_unavailable=True, expand_wildcards="all")


@pytest.fixture(scope="module")
def app(alias):
    application = create_app(Settings(index=alias, secretariat_key=KEY, log_queries=True))
    mount_ui(application)
    return application


@pytest.fixture
def browser(app):
    """A fresh client (no cookies) per test, with the app's start-up and shutdown run."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _html_lang(page: str) -> tuple[str, str]:
    match = HTML_TAG.search(page)
    assert match, page[:300]
    return match.group(1), match.group(2)


def _sign_in(client: TestClient) -> None:
    response = client.post("/secretariat/login", data={"key": KEY}, follow_redirects=False)
    assert response.status_code == 303


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_page_renders_in_every_language(browser, lang):
    catalogue = translations(lang)
    _sign_in(browser)
    for path in [*PAGES, "/secretariat"]:
        separator = "&" if "?" in path else "?"
        response = browser.get(f"{path}{separator}ui_lang={lang}")
        assert response.status_code == 200, (path, response.text[:500])
        assert _html_lang(response.text) == (lang, "rtl" if lang == "ar" else "ltr"), path
        assert catalogue.gettext("Skip to main content") in response.text, path
        assert f'hreflang="{lang}"' in response.text  # the language switcher


def test_facet_values_are_labelled_in_the_ui_language(browser):
    page = browser.get("/?ui_lang=zh").text
    assert "滴滴涕" in page        # the chemical DDT
    assert "英文" in page          # the language English
    assert "肯尼亚" in page        # the country Kenya


def test_user_text_is_escaped(browser):
    response = browser.get("/", params={"q": '<script>alert("q")</script>'})
    assert response.status_code == 200
    assert '<script>alert("q")</script>' not in response.text
    assert "&lt;script&gt;alert(&#34;q&#34;)&lt;/script&gt;" in response.text


def test_document_text_is_escaped_in_results_and_on_its_page(browser):
    results = browser.get("/", params={"q": "open burning dioxins"}).text
    document = browser.get("/documents/xss", params={"q": "burning"}).text
    for page in (results, document):
        assert "<script>alert(1)</script>" not in page
        assert "<b>emissions</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "Dioxin &lt;b&gt;emissions&lt;/b&gt; note" in document
    assert "<mark>burning</mark>" in document


def test_the_cookie_remembers_the_chosen_language(browser):
    first = browser.get("/?ui_lang=ru")
    assert "ui_lang=ru" in first.headers["set-cookie"]
    assert "httponly" in first.headers["set-cookie"].lower()
    assert _html_lang(browser.get("/chemicals").text) == ("ru", "ltr")
    assert _html_lang(browser.get("/chemicals", headers={"Accept-Language": "es"}).text) == ("ru", "ltr")
    assert _html_lang(browser.get("/chemicals?ui_lang=ar").text) == ("ar", "rtl")


def test_accept_language_is_honoured_without_a_choice(browser):
    assert _html_lang(browser.get("/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}).text)[0] == "es"
    assert _html_lang(browser.get("/", headers={"Accept-Language": "de-DE, zh-CN;q=0.8"}).text)[0] == "zh"
    assert _html_lang(browser.get("/", headers={"Accept-Language": "de-DE"}).text)[0] == "en"
    assert "set-cookie" not in browser.get("/", headers={"Accept-Language": "fr"}).headers


def _result_ids(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/documents/([^"?]+)', page)


def test_search_page_agrees_with_the_api(browser):
    params = [("chemical", "ddt"), ("chemical", "pcb"), ("lang", "en"), ("size", "50")]
    page = browser.get("/", params=params).text
    api = browser.get("/api/search", params=params).json()
    assert f"{api['total']} documents found" in page
    assert _result_ids(page) == [hit["id"] for hit in api["hits"]]
    for param in ("chemical", "lang"):
        for value in api["facets"][param]:
            checked = re.search(rf'name="{param}" value="{re.escape(value["value"])}" form="search"\s+data-autosubmit( checked)?',
                                page)
            assert checked and bool(checked.group(1)) == value["selected"]
    assert page.count('class="chip"') == 3


def test_document_page_shows_tags_with_their_evidence_and_versions(browser):
    page = browser.get("/documents/evidence").text
    assert '<a href="/chemicals/pcb">Polychlorinated biphenyls</a>' in page
    assert "“<bdi lang=\"en\">polychlorinated biphenyls</bdi>” × 1" in page
    assert 'href="/api/documents/evidence/file"' in page
    versions = browser.get("/documents/ddt-en").text
    assert 'href="/documents/ddt-zh"' in versions and 'href="/documents/ddt-ru"' in versions


def test_chemical_page_lists_names_in_six_languages_and_links_into_search(browser):
    page = browser.get("/chemicals/ddt?ui_lang=fr").text
    assert "滴滴涕" in page and "ДДТ" in page
    assert 'href="/?chemical=ddt"' in page
    assert "<svg" in page and 'role="img"' in page
    assert browser.get("/chemicals/not-a-chemical").status_code == 404


def test_compare_cells_link_to_searches_with_the_same_count(browser):
    page = browser.get("/compare", params={"rows": "country", "cols": "chemical"}).text
    cells = re.findall(r'<td class="number"><a href="([^"]+)">(\d+)</a></td>', page)
    assert cells
    for href, count in cells[:5]:
        params = parse_qsl(urlsplit(href.replace("&amp;", "&")).query)
        assert browser.get("/api/search", params=params).json()["total"] == int(count)
    csv_text = browser.get("/compare.csv", params={"rows": "country", "cols": "chemical"}).text
    assert len(csv_text.strip().splitlines()) == page.count('<th scope="row">') + 1


def test_unknown_document_is_a_404_page_in_the_ui_language(browser):
    response = browser.get("/documents/no-such-doc?ui_lang=es")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert translations("es").gettext("Not found") in response.text
    expired = browser.get("/?q=ddt&cursor=not-a-cursor")
    assert expired.status_code == 422 and translations("es").gettext("Page not available") in expired.text


def test_secretariat_dashboard_needs_the_key(browser):
    login = browser.get("/secretariat").text
    assert 'type="password"' in login and "Information requests" not in login
    wrong = browser.post("/secretariat/login", data={"key": "wrong"}, follow_redirects=False)
    assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
    right = browser.post("/secretariat/login", data={"key": KEY}, follow_redirects=False)
    cookie = right.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/secretariat" in cookie
    assert KEY.lower() not in cookie
    dashboard = browser.get("/secretariat").text
    assert "Information gaps" in dashboard and "Clearing-house indicators" in dashboard
    report = browser.get("/secretariat/gaps.csv")
    assert report.status_code == 200 and report.text.lstrip("\ufeff").startswith("kind,key,label,count")
    browser.post("/secretariat/logout")
    assert browser.get("/secretariat/gaps.csv", follow_redirects=False).status_code == 303
    assert 'type="password"' in browser.get("/secretariat").text


def test_zero_result_request_reaches_the_dashboard(browser, app):
    query = f"bromkal {uuid.uuid4().hex[:6]}"
    page = browser.get("/", params={"q": query, "country": "KE"}).text
    assert translations("en").gettext("No documents match this search.") in page
    assert 'action="/requests"' in page
    sent = browser.post("/requests", data={"looked_for": f"Reports on {query} stocks", "contact": "a@b.org",
                                           "q": query, "country": "KE"})
    assert sent.status_code == 200 and "Thank you" in sent.text
    app.state.query_log.flush()
    _sign_in(browser)
    dashboard = browser.get("/secretariat").text
    assert f"Reports on {query} stocks" in dashboard
    assert query in dashboard  # logged as a zero-result query
    assert browser.post("/requests", data={"looked_for": "  "}).status_code == 422


def test_collection_indicators_count_each_document_once_per_region(os_client, alias):
    docs = fixture_documents(generated=24)
    figures = collection_indicators(os_client, alias)
    assert figures.documents == len(docs) + 1  # and the evidence document (KE)
    expected: Counter = Counter({"africa": 1})
    for doc in docs:
        expected.update({region_of(country) for country in doc.countries} or {"other"})
    assert dict(figures.by_region) == {region: count for region, count in expected.items() if count}
    assert dict(figures.by_language) == dict(Counter(doc.lang for doc in docs) + Counter({"en": 1}))
