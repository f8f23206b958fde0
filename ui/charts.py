"""Charts as inline SVG, drawn on the server: readable without JavaScript, accessible, printable.

Every chart is an `<svg role="img">` whose `<title>` names it and whose `<desc>` lists every value, so a
screen reader gets the numbers and not only a picture; every bar also carries its own `<title>`
(the browser's tooltip). Text is drawn in SVG `<text>` with dark fills on white, so charts print as they
look. All text is escaped here: callers pass plain strings.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BAR_FILL = "#1f5f8b"       # 7.0:1 against white
TEXT_FILL = "#1a1a1a"
AXIS_STROKE = "#6b6b6b"
MIN_COUNT_SLOT = 18     # narrower bars carry their count in their tooltip and the description only
FONT = "system-ui, 'Noto Sans', 'Noto Sans CJK SC', 'Noto Sans Arabic', sans-serif"

_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    """One value of a chart: what it is, how many, and optionally where it links to."""

    label: str
    count: int
    href: str | None = None


def _number(value: int) -> str:
    return f"{value:,}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link(inner: str, href: str | None, label: str) -> str:
    if not href:
        return inner
    return f'<a href="{escape(href)}" aria-label="{escape(label)}">{inner}</a>'


def _frame(width: int, height: int, title: str, desc: str, body: str, css_class: str) -> Markup:
    uid = next(_ids)
    return Markup(
        f'<svg class="chart {css_class}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" style="direction: ltr" '
        f'aria-labelledby="chart-title-{uid} chart-desc-{uid}" font-family="{FONT}" font-size="13">'
        f'<title id="chart-title-{uid}">{escape(title)}</title>'
        f'<desc id="chart-desc-{uid}">{escape(desc)}</desc>'
        f'{body}</svg>'
    )


def _description(bars: Sequence[Bar], empty: str, fmt: Callable[[int], str]) -> str:
    return "; ".join(f"{bar.label}: {fmt(bar.count)}" for bar in bars) or empty


def bar_chart(bars: Sequence[Bar], title: str, *, rtl: bool = False, width: int = 420, empty: str = "—",
              label_chars: int = 24, fmt: Callable[[int], str] = _number) -> Markup:
    """Horizontal bars, one row per value with its label and count; mirrored for right-to-left pages."""
    row, top, label_width, count_width = 22, 4, 170, 48
    height = top * 2 + row * max(len(bars), 1)
    plot = width - label_width - count_width
    peak = max((bar.count for bar in bars), default=0) or 1
    parts = []
    for number, bar in enumerate(bars):
        y = top + number * row
        length = max(round(plot * bar.count / peak), 1 if bar.count else 0)
        if rtl:
            label_x, label_anchor = width - 4, "start"
            bar_x = width - label_width - length
            count_x, count_anchor = bar_x - 4, "end"
        else:
            label_x, label_anchor = 4, "start"
            bar_x = label_width
            count_x, count_anchor = bar_x + length + 4, "start"
        text = escape(_shorten(bar.label, label_chars))
        full = f"{bar.label}: {fmt(bar.count)}"
        direction = ' style="direction: rtl"' if rtl else ""
        shape = (
            f'<g class="bar"><title>{escape(full)}</title>'
            f'<text x="{label_x}" y="{y + 15}" text-anchor="{label_anchor}" fill="{TEXT_FILL}"{direction}>{text}</text>'
            f'<rect x="{bar_x}" y="{y + 3}" width="{length}" height="{row - 6}" fill="{BAR_FILL}"/>'
            f'<text x="{count_x}" y="{y + 15}" text-anchor="{count_anchor}" fill="{TEXT_FILL}">'
            f"{escape(fmt(bar.count))}</text></g>"
        )
        parts.append(_link(shape, bar.href, full))
    return _frame(width, height, title, _description(bars, empty, fmt), "".join(parts), "bar-chart")


def histogram(bars: Sequence[Bar], title: str, *, width: int = 420, height: int = 140, empty: str = "—",
              fmt: Callable[[int], str] = _number) -> Markup:
    """Vertical bars along a time axis (oldest on the left in every language, as in print)."""
    bottom, top, side = 22, 16, 4
    plot_height = height - bottom - top
    slot = (width - 2 * side) / max(len(bars), 1)
    gap = min(4.0, slot * 0.2)
    peak = max((bar.count for bar in bars), default=0) or 1
    every = max(1, round(len(bars) / 8))  # at most about eight axis labels, so they never overlap
    parts = [f'<line x1="{side}" y1="{height - bottom}" x2="{width - side}" y2="{height - bottom}" '
             f'stroke="{AXIS_STROKE}" stroke-width="1"/>']
    for number, bar in enumerate(bars):
        x = side + number * slot
        bar_height = max(round(plot_height * bar.count / peak), 1 if bar.count else 0)
        y = height - bottom - bar_height
        full = f"{bar.label}: {fmt(bar.count)}"
        shape = (f'<g class="bar"><title>{escape(full)}</title>'
                 f'<rect x="{x + gap / 2:.1f}" y="{y}" width="{slot - gap:.1f}" height="{bar_height}" fill="{BAR_FILL}"/>')
        if bar.count and slot >= MIN_COUNT_SLOT:
            shape += (f'<text x="{x + slot / 2:.1f}" y="{y - 3}" text-anchor="middle" font-size="11" '
                      f'fill="{TEXT_FILL}">{escape(fmt(bar.count))}</text>')
        if number % every == 0:
            shape += (f'<text x="{x + slot / 2:.1f}" y="{height - 6}" text-anchor="middle" font-size="11" '
                      f'fill="{TEXT_FILL}">{escape(bar.label)}</text>')
        parts.append(_link(shape + "</g>", bar.href, full))
    return _frame(width, height, title, _description(bars, empty, fmt), "".join(parts), "histogram")
