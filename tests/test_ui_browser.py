"""The UI in headless Chromium against the app served by uvicorn, with the demo corpus indexed.

Uses the system's Chromium and chromedriver (Debian packages `chromium` and `chromium-driver`,
installed by `make system-packages`), driven by Selenium; nothing is downloaded. Screenshots of the
search page in the six languages are written to test-artifacts/screenshots/.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from pops.config import PROJECT_ROOT, Settings
from ui.i18n import UI_LANGUAGES

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DEMO_FILES = PROJECT_ROOT / "demo_corpus" / "files"
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
KEY = "browser-test-secretariat-key"
WAIT_S = 15
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000", "--lang=en-GB")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
from selenium.webdriver.chrome.service import Service  # noqa: E402 - only once selenium is known to be there
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def demo_alias(os_client) -> Iterator[str]:
    """The demo corpus indexed by the real indexer into an alias of its own."""
    try:
        from indexer.pipeline import run_index
    except ImportError as exc:
        pytest.skip(f"the indexer's entry point indexer.pipeline.run_index is not available: {exc}")
    alias = f"pops-test-{uuid.uuid4().hex[:10]}"
    try:
        report = run_index([DEMO_FILES], alias=alias, client=os_client, workers=4, live_progress=False)
        assert report.exit_code() == 0, "the demo corpus did not index cleanly"
        yield alias
    finally:
        os_client.indices.delete(index=f"{alias}*", ignore_unavailable=True, expand_wildcards="all")


@pytest.fixture(scope="module")
def server(demo_alias) -> Iterator[tuple[str, object]]:
    """The API and UI served by uvicorn on a free port, in a background thread."""
    import uvicorn

    from search_api.app import create_app
    from ui.routes import mount_ui

    app = create_app(Settings(index=demo_alias, secretariat_key=KEY, log_queries=True))
    mount_ui(app)
    port = _free_port()
    uvicorn_server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uvicorn_server.run, name="ui-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uvicorn_server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    uvicorn_server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not shutil.which(path)]
    if missing:
        pytest.skip(f"headless browser tests need {' and '.join(missing)} "
                    "(Debian packages chromium and chromium-driver: `make system-packages`)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="pops-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(WAIT_S * 2)
    yield browser
    browser.quit()
    shutil.rmtree(profile, ignore_errors=True)


class Session:
    """The browser on the served app; every page visited is checked for JavaScript errors."""

    def __init__(self, driver, base: str) -> None:
        self.driver = driver
        self.base = base
        self.errors: list[str] = []

    def collect_console(self) -> None:
        for entry in self.driver.get_log("browser"):
            if entry["level"] == "SEVERE":
                self.errors.append(f"{self.driver.current_url}: {entry['message']}")

    def visit(self, path: str) -> None:
        self.driver.get(self.base + path)
        self.collect_console()

    def wait(self):
        return WebDriverWait(self.driver, WAIT_S)

    def click_and_wait(self, element) -> None:
        """Click something that loads a new page (a link, or a checkbox whose form submits itself)."""
        element.click()
        self.wait().until(EC.staleness_of(element))
        self.wait().until(lambda d: d.execute_script("return document.readyState") == "complete")
        self.collect_console()

    def find(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.driver.current_url).query)

    def api(self, path: str, params) -> dict:
        response = httpx.get(self.base + path, params=params, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def session(driver, server) -> Session:
    base, _ = server
    return Session(driver, base)


def _shown_total(session: Session) -> int:
    return int(session.find(".summary").get_attribute("data-total"))


def _result_ids(session: Session) -> list[str]:
    return [urlsplit(link.get_attribute("href")).path.rsplit("/", 1)[-1]
            for link in session.find_all("ol.results h3 a")]


def _facet_counts(session: Session, facet: str) -> dict[str, int]:
    counts = {}
    for item in session.find_all(f"#facet-{facet} li"):
        value = item.find_element(By.CSS_SELECTOR, "input").get_attribute("value")
        counts[value] = int(item.find_element(By.CSS_SELECTOR, ".count").get_attribute("data-count"))
    return counts


def test_search_document_chemical_compare_and_back(session):
    session.visit("/?ui_lang=en")
    assert _shown_total(session) > 0
    # Tick two values of one facet, then one of another: each tick submits the form by itself.
    session.click_and_wait(session.find_all("#facet-chemical input[type=checkbox]")[0])
    session.click_and_wait(session.find_all("#facet-chemical input[type=checkbox]:not(:checked)")[0])
    session.click_and_wait(session.find_all("#facet-lang input[type=checkbox]")[0])
    params = session.query()
    assert sum(1 for key, _ in params if key == "chemical") == 2
    assert sum(1 for key, _ in params if key == "lang") == 1

    api = session.api("/api/search", params)
    assert _shown_total(session) == api["total"] > 0
    assert _result_ids(session) == [hit["id"] for hit in api["hits"]]
    for facet in ("chemical", "lang", "country"):
        expected = {value["value"]: value["count"] for value in api["facets"][facet]}
        shown = _facet_counts(session, facet)
        assert shown and all(expected[value] == count for value, count in shown.items())
    assert len(session.find_all(".chips .chip")) == 3

    session.click_and_wait(session.find("ol.results h3 a"))
    assert session.driver.current_url.split("?")[0].endswith(f"/documents/{api['hits'][0]['id']}")
    chemical_link = session.find("table a[href^='/chemicals/']")
    chemical_id = chemical_link.get_attribute("href").rsplit("/", 1)[-1]
    session.click_and_wait(chemical_link)
    assert session.find("h1").text

    session.click_and_wait(session.find(f"a[href^='/compare?'][href*='chemical={chemical_id}']"))
    cell = session.find("table.matrix td a")
    cell_count = int(cell.text.replace(",", ""))
    session.click_and_wait(cell)
    assert urlsplit(session.driver.current_url).path == "/"
    assert _shown_total(session) == cell_count
    assert ("chemical", chemical_id) in session.query()
    assert _shown_total(session) == session.api("/api/search", session.query())["total"]
    assert session.errors == []


def test_autocomplete_suggests_chemicals(session):
    session.visit("/?ui_lang=en")
    box = session.find("#q")
    box.send_keys("lind")
    session.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, "#q-suggestions li"))
    assert box.get_attribute("aria-expanded") == "true"
    assert any("indane" in option.text for option in session.find_all("#q-suggestions li"))
    session.collect_console()
    assert session.errors == []


def test_zero_result_request_is_shown_on_the_dashboard(session, server):
    _, app = server
    query = f"tetrabromo zzq{uuid.uuid4().hex[:6]}"
    session.visit(f"/?ui_lang=en&q={query}")
    assert _shown_total(session) == 0
    text = f"Data on {query} in sediments"
    session.find("#looked_for").clear()
    session.find("#looked_for").send_keys(text)
    session.click_and_wait(session.find(".request-form button[type=submit]"))
    assert "Thank you" in session.find("main").text

    app.state.query_log.flush()
    session.visit("/secretariat")
    session.find("#key").send_keys(KEY)
    session.click_and_wait(session.find(".login-form button[type=submit]"))
    requests_table = session.find("#requests").text
    assert text in requests_table
    assert query in session.find("#gaps").text
    assert session.errors == []


def test_arabic_is_right_to_left_and_every_language_is_screenshotted(session):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for lang in UI_LANGUAGES:
        session.visit(f"/?ui_lang={lang}")
        html = session.find("html")
        assert html.get_attribute("lang") == lang
        assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        path: Path = SCREENSHOTS / f"search-{lang}.png"
        assert session.driver.save_screenshot(str(path))
        assert path.stat().st_size > 10_000
    session.visit("/chemicals")  # the cookie now holds the last language chosen
    assert session.find("html").get_attribute("lang") == UI_LANGUAGES[-1]
    assert session.errors == []
