"""The year a document belongs to: its metadata date when there is one, else the year its opening
pages point to.

Opening pages cite older years too (the Convention of 2001, a decision of 2009), so a year written as
part of a date ("12 May 2009", "2009-05-12", "2009年5月", "mai 2009") counts three times as much as a bare
one, a year in the title or first lines counts double, and on a tie the latest year wins: a document
is at least as recent as what it cites.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from indexer.tagging.evidence import Evidence

EARLIEST_YEAR = 1995
OPENING_CHARS = 3000
HEADER_CHARS = 400
DATE_WEIGHT = 3.0
BARE_WEIGHT = 1.0
HEADER_FACTOR = 2.0

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    "|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
    "|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    "|январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь"
    "|يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر"
    "|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول"
)
YEAR = re.compile(r"(?<![\d.,/])(?:19|20)\d{2}(?![\d]|[.,]\d|-\d{2}-)")
# What makes a year part of a date: the text just before it ("12 May ", "12.05.", "mai ")
# or just after it ("-05-12", "年", " г.").
DATE_BEFORE = re.compile(
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]|\b(?:{MONTHS})\.?,?\s+(?:\d{{1,2}},?\s+)?(?:de\s+)?)$", re.IGNORECASE
)
DATE_AFTER = re.compile(r"^(?:[./-]\d{1,2}[./-]\d{1,2}\b|\s*(?:年|г\.|года|год))")
CONTEXT_CHARS = 24


def document_year(text: str, *, title: str = "", date: datetime.date | None = None) -> Evidence | None:
    """The document's year with the mentions it rests on, or None when nothing plausible is written."""
    if date is not None:
        return Evidence(date.year, {date.isoformat(): 1}, 1.0)
    latest = datetime.date.today().year
    opening = f"{title}\n{text[:OPENING_CHARS]}"
    header_end = len(title) + 1 + HEADER_CHARS
    scores: dict[int, float] = defaultdict(float)
    mentions: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for match in YEAR.finditer(opening):
        year, (start, end) = int(match.group()), match.span()
        if not EARLIEST_YEAR <= year <= latest:
            continue
        before = DATE_BEFORE.search(opening[max(0, start - CONTEXT_CHARS) : start])
        after = DATE_AFTER.match(opening[end : end + CONTEXT_CHARS])
        weight = DATE_WEIGHT if before or after else BARE_WEIGHT
        scores[year] += weight * (HEADER_FACTOR if start < header_end else 1.0)
        written = (before.group() if before else "") + match.group() + (after.group() if after else "")
        mentions[year][" ".join(written.split())] += 1
    if not scores:
        return None
    best = max(scores, key=lambda year: (scores[year], year))
    return Evidence(best, dict(mentions[best]), scores[best])
