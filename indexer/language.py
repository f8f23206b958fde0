"""Language detection for extracted text: which languages a document is written in, and which one leads.

The script decides first (Arabic, Han, Cyrillic, ... need no statistics), langdetect decides among
Latin-script languages and the Cyrillic ones it can tell apart. langdetect is randomised, so it runs
with a private factory whose seed is fixed; each call gets its own ``Detector``, which keeps concurrent
calls from sharing random state. Work is bounded: a long document is judged on at most
``MAX_SEGMENTS`` segments of about ``SEGMENT_CHARS`` characters spread over its whole length.

Nothing is ever reported as English by default: text that is too short, mostly digits, or that
langdetect is unsure about (extraction garbage such as Cyrillic forms decoded as Latin letters)
comes out as ``"unknown"``.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

UNKNOWN = "unknown"
UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")

MAX_SEGMENTS = 20
SEGMENT_CHARS = 500
DETECTION_CHARS = 400  # langdetect's cost grows with its input; a few hundred letters are plenty
MIN_LETTERS = 20
MIN_HAN = 8  # one Han character carries about as much as a short word
MIN_LETTER_RATIO = 0.4  # of non-space characters; below this a segment is tables, numbers or noise
MIN_SHARE = 0.2  # a language must make up this share of the judged text to be listed
MIN_PROBABILITY = 0.9  # real prose scores 0.99+; garbage and mixtures rarely pass 0.9
MIN_CYRILLIC_OTHER = 0.99  # langdetect must be this sure to call Cyrillic text something other than Russian
MIN_FUNCTION_WORD_RATIO = 0.04  # real en/fr/es prose is full of function words; decoding garbage is not
HAN_WEIGHT = 2.5  # a Han character weighs about as much as 2-3 Latin letters
DETECTOR_SEED = 0

SCRIPTS: dict[str, re.Pattern[str]] = {
    "latin": re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]"),
    "cyrillic": re.compile(r"[\u0400-\u04FF\u0500-\u052F]"),
    "arabic": re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF]"),
    "han": re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]"),
    "kana": re.compile(r"[\u3040-\u30FF]"),
    "hangul": re.compile(r"[\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F]"),
    "greek": re.compile(r"[\u0370-\u03FF]"),
    "hebrew": re.compile(r"[\u05D0-\u05EA]"),
    "devanagari": re.compile(r"[\u0900-\u097F]"),
    "thai": re.compile(r"[\u0E00-\u0E7F]"),
}
SCRIPT_LANGUAGE = {"hangul": "ko", "greek": "el", "hebrew": "he", "devanagari": "hi", "thai": "th"}
WIDE_SCRIPTS = {"han", "kana", "hangul"}

PERSIAN_LETTERS = re.compile(r"[پچژگیک]")
URDU_LETTERS = re.compile(r"[ٹڈڑںےھ]")
ARABIC_ONLY_LETTERS = re.compile(r"[يكةى]")
LETTER = re.compile(r"[^\W\d_]")
NON_SPACE = re.compile(r"\S")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\r\n\s*\r\n")

FUNCTION_WORDS = {
    "en": set("the of and to in a is for on that by with as are be this from or at an".split()),
    "fr": set("le la les de des du et en un une est pour dans par sur au aux que qui à".split()),
    "es": set("el la los las de del y en un una es por para con que se al a o".split()),
    "pt": set("o a os as de do da dos das e em no na um uma para com que por".split()),
    "it": set("il lo la i gli le di del della e in un una per con che non da".split()),
    "de": set("der die das den dem des und in zu von mit ist ein eine für auf nicht".split()),
    "nl": set("de het een en van in op te voor met is dat die niet aan zijn".split()),
}

QUERY_MARKERS = {
    "fr": re.compile(r"[çœèêàùûîïôëâ]|\b(?:les|des|du|aux|et|pour|dans|sur|une|l'|d')\b", re.IGNORECASE),
    "es": re.compile(r"[ñ¿¡áíóú]|\b(?:los|las|del|el|y|para|con|una)\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:the|of|and|for|with|in|on|what|how|which|is|are)\b", re.IGNORECASE),
}


@dataclass(frozen=True)
class LanguageResult:
    """The leading language, every language with a real share of the text (leading first), and how sure we are."""

    primary: str
    languages: list[str] = field(default_factory=list)
    confidence: float = 0.0


@dataclass(frozen=True)
class _Vote:
    language: str
    weight: float
    probability: float


class _Detector:
    """langdetect profiles loaded once; every call gets a fresh detector seeded the same way."""

    def __init__(self) -> None:
        self._factory: DetectorFactory | None = None
        self._lock = threading.Lock()

    def _loaded(self) -> DetectorFactory:
        with self._lock:
            if self._factory is None:
                factory = DetectorFactory()
                factory.load_profile(PROFILES_DIRECTORY)
                factory.set_seed(DETECTOR_SEED)
                self._factory = factory
            return self._factory

    def probabilities(self, text: str) -> list[tuple[str, float]]:
        detector = self._loaded().create()
        detector.append(text)
        try:
            found = detector.get_probabilities()
        except LangDetectException:
            return []
        return [(_iso_code(item.lang), item.prob) for item in found]


_DETECTOR = _Detector()


def detect_languages(text: str) -> LanguageResult:
    """Detect the languages of a document's text; ``"unknown"`` rather than a guess."""
    text = unicodedata.normalize("NFKC", text or "")
    votes = [vote for segment in _sample_segments(text) for vote in _segment_votes(segment)]
    total = sum(vote.weight for vote in votes)
    if total <= 0:
        return LanguageResult(UNKNOWN, [], 0.0)
    weight_by_language: dict[str, float] = defaultdict(float)
    certainty_by_language: dict[str, float] = defaultdict(float)
    for vote in votes:
        weight_by_language[vote.language] += vote.weight
        certainty_by_language[vote.language] += vote.weight * vote.probability
    ranked = sorted(weight_by_language, key=lambda lang: (-weight_by_language[lang], lang))
    languages = [lang for lang in ranked if lang != UNKNOWN and weight_by_language[lang] / total >= MIN_SHARE]
    primary = ranked[0]
    if primary == UNKNOWN:
        return LanguageResult(UNKNOWN, languages, 0.0)
    confidence = certainty_by_language[primary] / total
    return LanguageResult(primary, languages, round(confidence, 3))


def detect_query_language(query: str) -> str | None:
    """Guess a short query's language from its script and tell-tale words; None when Latin text is ambiguous."""
    query = unicodedata.normalize("NFKC", query or "")
    counts = _script_counts(query)
    if not counts:
        return None
    script = max(counts, key=lambda name: counts[name] * (HAN_WEIGHT if name in WIDE_SCRIPTS else 1))
    if script == "cyrillic":
        return "ru"
    if script != "latin":
        return _script_language(script, query, counts) or None
    hits = {lang for lang, marker in QUERY_MARKERS.items() if marker.search(query)}
    return hits.pop() if len(hits) == 1 else None


def _sample_segments(text: str) -> list[str]:
    """At most MAX_SEGMENTS pieces of about SEGMENT_CHARS characters, evenly spread over the text."""
    pieces: list[str] = []
    for paragraph in PARAGRAPH_BREAK.split(text):
        paragraph = paragraph.strip()
        while len(paragraph) > SEGMENT_CHARS * 1.5:
            cut = paragraph.rfind(" ", SEGMENT_CHARS // 2, SEGMENT_CHARS)
            cut = cut if cut > 0 else SEGMENT_CHARS
            pieces.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip()
        if paragraph:
            pieces.append(paragraph)
    segments: list[str] = []
    for piece in pieces:
        if segments and len(segments[-1]) + len(piece) < SEGMENT_CHARS and _same_script(segments[-1], piece):
            segments[-1] = f"{segments[-1]}\n{piece}"
        else:
            segments.append(piece)
    if len(segments) <= MAX_SEGMENTS:
        return segments
    step = len(segments) / MAX_SEGMENTS
    return [segments[int(i * step)] for i in range(MAX_SEGMENTS)]


def _same_script(left: str, right: str) -> bool:
    """Short paragraphs are merged only with neighbours in the same script, so a mixed document stays mixed."""
    left_counts, right_counts = _script_counts(left), _script_counts(right)
    if not left_counts or not right_counts:
        return True
    return max(left_counts, key=left_counts.__getitem__) == max(right_counts, key=right_counts.__getitem__)


def _segment_votes(segment: str) -> list[_Vote]:
    """One vote per script that makes up a real part of the segment, weighted by its letters."""
    letters = len(LETTER.findall(segment))
    if letters < MIN_HAN or letters < MIN_LETTER_RATIO * len(NON_SPACE.findall(segment)):
        return []
    counts = _script_counts(segment)
    scored = sum(count * (HAN_WEIGHT if name in WIDE_SCRIPTS else 1) for name, count in counts.items())
    other = letters - sum(counts.values())
    votes: list[_Vote] = []
    for script, count in counts.items():
        weight = count * (HAN_WEIGHT if script in WIDE_SCRIPTS else 1)
        if weight < MIN_SHARE * scored or weight < MIN_LETTERS:
            continue
        language, probability = _classify(script, segment, counts)
        votes.append(_Vote(language, weight, probability))
    if other >= MIN_LETTERS and other >= MIN_SHARE * letters:
        votes.append(_Vote(UNKNOWN, other, 0.0))
    return votes


def _classify(script: str, segment: str, counts: dict[str, int]) -> tuple[str, float]:
    direct = _script_language(script, segment, counts)
    if direct:
        return direct, 1.0
    own_letters = "".join(ch if SCRIPTS[script].match(ch) else " " for ch in segment)
    own_text = " ".join(own_letters.split())[:DETECTION_CHARS]
    ranked = _DETECTOR.probabilities(own_text)
    if script == "cyrillic":
        if ranked and ranked[0][0] not in ("ru", UNKNOWN) and ranked[0][1] >= MIN_CYRILLIC_OTHER:
            return ranked[0]
        return "ru", 1.0
    if not ranked or ranked[0][1] < MIN_PROBABILITY:
        return UNKNOWN, 0.0
    language, probability = ranked[0]
    if language in FUNCTION_WORDS and not _reads_as_prose(own_text, language):
        return UNKNOWN, 0.0
    return language, probability


def _script_language(script: str, text: str, counts: dict[str, int]) -> str:
    """The language a script alone gives away, or "" when statistics must decide."""
    if script == "arabic":
        persian = len(PERSIAN_LETTERS.findall(text))
        if len(URDU_LETTERS.findall(text)) > max(persian, 1) * 0.3 and persian:
            return "ur"
        return "fa" if persian > len(ARABIC_ONLY_LETTERS.findall(text)) else "ar"
    if script == "han":
        kana = counts.get("kana", 0)
        return "ja" if kana > 0.1 * (kana + counts["han"]) else "zh"
    if script == "kana":
        return "ja"
    return SCRIPT_LANGUAGE.get(script, "")


def _reads_as_prose(text: str, language: str) -> bool:
    """Short lists and headings pass; longer stretches must use the language's function words."""
    words = [word.lower() for word in WORD.findall(text)]
    if len(words) < 12:
        return True
    hits = sum(1 for word in words if word in FUNCTION_WORDS[language])
    return hits >= MIN_FUNCTION_WORD_RATIO * len(words)


def _script_counts(text: str) -> dict[str, int]:
    counts = {name: len(pattern.findall(text)) for name, pattern in SCRIPTS.items()}
    return {name: count for name, count in counts.items() if count}


def _iso_code(code: str) -> str:
    """langdetect's zh-cn/zh-tw are both Chinese here."""
    return code.split("-")[0]
