"""Server-side SVG charts: well-formed, accessible, escaped, proportional, mirrored for right-to-left."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markupsafe import Markup

from ui.charts import Bar, bar_chart, histogram

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: Markup) -> ET.Element:
    return ET.fromstring(str(svg))


def _bar_widths(root: ET.Element) -> list[float]:
    return [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]


def test_bar_chart_is_an_accessible_svg_image():
    svg = bar_chart([Bar("Kenya", 3, "/?country=KE"), Bar("Chile", 1)], "Documents by country")
    root = _parse(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Documents by country"
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}desc").text == "Kenya: 3; Chile: 1"
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert texts == ["Kenya", "3", "Chile", "1"]


def test_bars_are_proportional_and_linked():
    root = _parse(bar_chart([Bar("a", 10, "/?x=a"), Bar("b", 5, "/?x=b"), Bar("c", 0)], "t"))
    widths = _bar_widths(root)
    assert widths[0] == 2 * widths[1]
    assert widths[2] == 0
    links = [link.get("href") for link in root.iter(f"{SVG}a")]
    assert links == ["/?x=a", "/?x=b"]


def test_labels_and_links_are_escaped():
    svg = bar_chart([Bar('<script>alert("x")</script>', 1, '/?q="><script>')], '<b>title</b>')
    text = str(svg)
    assert "<script>" not in text and "<b>" not in text
    root = _parse(svg)  # still well-formed XML
    assert root.find(f"{SVG}title").text == "<b>title</b>"
    assert next(root.iter(f"{SVG}a")).get("href") == '/?q="><script>'


def test_right_to_left_bars_grow_from_the_right():
    left = _parse(bar_chart([Bar("a", 4)], "t", width=400))
    right = _parse(bar_chart([Bar("a", 4)], "t", width=400, rtl=True))
    left_rect, right_rect = next(left.iter(f"{SVG}rect")), next(right.iter(f"{SVG}rect"))
    assert float(right_rect.get("x")) + float(right_rect.get("width")) == 400 - float(left_rect.get("x"))
    assert next(right.iter(f"{SVG}text")).get("style") == "direction: rtl"


def test_histogram_has_one_bar_per_value_and_formats_numbers():
    bars = [Bar(str(year), count) for year, count in ((2019, 1200), (2020, 0), (2021, 600))]
    root = _parse(histogram(bars, "Documents by year", fmt=lambda n: f"{n:,}".replace(",", " ")))
    heights = [float(rect.get("height")) for rect in root.iter(f"{SVG}rect")]
    assert len(heights) == 3
    assert heights[1] == 0 and heights[0] == 2 * heights[2]
    assert root.find(f"{SVG}desc").text == "2019: 1 200; 2020: 0; 2021: 600"
    assert "2019" in [text.text for text in root.iter(f"{SVG}text")]


def test_long_time_axes_thin_their_labels():
    bars = [Bar(str(year), 1) for year in range(1990, 2030)]
    root = _parse(histogram(bars, "t"))
    year_labels = [text.text for text in root.iter(f"{SVG}text") if text.text and text.text.startswith(("19", "20"))]
    assert 4 <= len(year_labels) <= 9


def test_empty_charts_still_describe_themselves():
    root = _parse(bar_chart([], "Nothing", empty="no data"))
    assert root.find(f"{SVG}desc").text == "no data"
    assert _bar_widths(root) == []


def test_chart_ids_are_unique_within_a_page():
    first, second = _parse(bar_chart([Bar("a", 1)], "t")), _parse(bar_chart([Bar("a", 1)], "t"))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_numbers_keep_left_to_right_inside_right_to_left_pages():
    """The page's `dir` is inherited by SVG text; only the labels of a mirrored chart are right-to-left."""
    root = _parse(bar_chart([Bar("a", 4)], "t", rtl=True))
    assert root.get("style") == "direction: ltr"
    label, count = root.iter(f"{SVG}text")
    assert label.get("style") == "direction: rtl" and count.get("style") is None
