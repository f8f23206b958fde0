"""What kind of document this is, from its format, its title and the wording of its first page.

A title naming the type counts three points, each distinct cue in the opening text one; a type needs
two, so one phrase on the first page is not enough on its own. Common words ("report", "guide",
"decision") count only in the title. Spreadsheets are data and slide
decks are presentations whatever they say. When two types tie, the more specific one wins (the order
of ``CUES``): a national implementation plan is also a report.
"""

from __future__ import annotations

import re

from indexer.tagging.evidence import Evidence
from indexer.tagging.tokens import fold, prepare

OPENING_CHARS = 2000
TITLE_POINTS = 3.0
TEXT_POINTS = 1.0
MIN_POINTS = 2.0

SPREADSHEET_MIME = re.compile(r"spreadsheet|excel|ms-excel|text/csv|tab-separated|\.sheet")
PRESENTATION_MIME = re.compile(r"presentation|powerpoint|ms-powerpoint|\.slide")

# Cues are written folded like the text they are searched in: lower case, no accents, Arabic hamza
# seats and ة unified, Russian words cut to their stem ("руководство" -> "руководств").
CUES: dict[str, list[str]] = {
    "national-implementation-plan": [
        r"national implementation plans?", r"\bnip\b", r"plan national de mise en (?:œ|oe)uvre", r"\bpnm\b",
        r"plan nacional de (?:aplicacion|implementacion)", r"национальн\w* план\w* выполнен", r"国家实施(?:计划|方案)",
        r"خطه التنفيذ الوطنيه",
    ],
    "decision": [
        r"^\W*decisions? (?:sc|bc|rc|poprc|ex)?-?\d", r"\bdecisions? adopted by\b", r"\bdecisions? adoptees?\b",
        r"\bdecisiones adoptadas\b", r"решен\w* принят",
    ],
    "meeting-document": [
        r"unep/(?:pops|chw|fao)", r"provisional agenda", r"item \d+ of the (?:provisional )?agenda",
        r"ordre du jour provisoire", r"programa provisional", r"предварительн\w* повестк", r"临时议程",
        r"جدول الاعمال الموقت",
    ],
    "guidance": [r"lignes directrices", r"руководящ\w* принцип", r"技术准则", r"مبادي توجيهيه", r"technical guidelines"],
    "report": [r"\breport of the\b", r"\brapport (?:de|du|sur)\b", r"\binforme (?:de|del|sobre)\b"],
    "awareness": [
        r"fact ?sheet", r"\bbrochure\b", r"\bleaflet\b", r"awareness", r"fiche d'information", r"depliant",
        r"sensibilisation", r"hoja informativa", r"\bfolleto\b", r"sensibilizacion", r"информационн\w* бюллетен",
        r"памятк", r"宣传", r"科普", r"توعيه",
    ],
    "data": [
        r"\bdata ?sets?\b", r"\bdatabase\b", r"\bbase de donnees\b", r"\bbase de datos\b", r"баз\w* данн", r"数据集",
        r"قاعده بيانات",
    ],
    "presentation": [r"\bslides?\b", r"презентац", r"演示文稿"],
    "article": [
        r"\babstract\b", r"\bkeywords?:", r"\bdoi:", r"\bdoi\.org", r"\bet al\.", r"\bjournal of\b", r"\bresumen\b:",
        r"аннотац", r"ключев\w* слов", r"摘要", r"关键词", r"الكلمات المفتاحيه",
    ],
}
# Words too common in running text to count there, but telling in a title.
TITLE_CUES: dict[str, list[str]] = {
    "decision": [r"\bdecisions?\b", r"\bdecisiones?\b", r"решен", r"决定", r"\bمقرر"],
    "meeting-document": [r"\bmeeting\b", r"\breunion\b", r"совещан", r"会议", r"اجتماع"],
    "guidance": [
        r"\bguidance\b", r"\bguidelines?\b", r"\bhandbook\b", r"\bmanual\b", r"\btoolkit\b", r"\borientations?\b",
        r"\bdirectives\b", r"\bguide\b", r"\borientacion", r"\bdirectrices\b", r"\bguia\b", r"руководств", r"指南",
        r"导则", r"手册", r"توجيهات", r"\bدليل\b",
    ],
    "report": [r"\breports?\b", r"\brapports?\b", r"\binformes?\b", r"доклад", r"отчет", r"报告", r"تقرير"],
    "awareness": [r"\bposter\b", r"\baffiche\b", r"\bcartel\b", r"плакат", r"نشره"],
    "data": [r"\bdata\b", r"\bdonnees\b", r"\bdatos\b", r"данн", r"数据", r"بيانات"],
    "presentation": [r"\bpresentation\b", r"\bpresentacion\b", r"演示", r"عرض تقديمي"],
    "article": [r"\barticle\b", r"\barticulo\b", r"стать", r"论文", r"مقال"],
}
COMPILED = {kind: [re.compile(cue, re.MULTILINE) for cue in cues] for kind, cues in CUES.items()}
COMPILED_TITLE = {kind: [re.compile(cue) for cue in cues] for kind, cues in TITLE_CUES.items()}
FOLDABLE = re.compile(r"\w+", re.UNICODE)


def document_type(text: str, *, title: str = "", mime_type: str | None = None) -> Evidence | None:
    """The document type with the cues it rests on, or None."""
    if mime_type and SPREADSHEET_MIME.search(mime_type):
        return Evidence("data", {mime_type: 1}, MIN_POINTS)
    if mime_type and PRESENTATION_MIME.search(mime_type):
        return Evidence("presentation", {mime_type: 1}, MIN_POINTS)
    folded_title, folded_text = _folded(title), _folded(text[:OPENING_CHARS])
    found: list[Evidence] = []
    for kind in CUES:
        cues, title_cues = COMPILED[kind], COMPILED_TITLE.get(kind, [])
        title_hit = next((match.group() for cue in [*cues, *title_cues] if (match := cue.search(folded_title))), None)
        text_hits = [match.group() for cue in cues if (match := cue.search(folded_text))]
        score = (TITLE_POINTS if title_hit else 0.0) + TEXT_POINTS * len(text_hits)
        if score >= MIN_POINTS:
            phrases = {hit: 1 for hit in text_hits}
            if title_hit:
                phrases[title_hit] = phrases.get(title_hit, 0) + 1
            found.append(Evidence(kind, phrases, score))
    # the more specific type wins a tie: CUES lists types from the most specific
    return max(found, key=lambda evidence: (evidence.score, -list(CUES).index(str(evidence.id))), default=None)


def _folded(text: str) -> str:
    return FOLDABLE.sub(lambda match: fold(match.group()), prepare(text).lower())
