"""One tokenisation shared by every tagger and every language, and the normal form phrases are matched in.

A document is tokenised once by a script-aware tokenizer installed in a blank spaCy pipeline: Han and
kana characters are one token each (what spaCy's Chinese "char" segmenter does), runs of letters and
digits in other scripts are words, and every other visible character is a token of its own. The same
tokenizer cuts the patterns, so a phrase matches whenever its tokens appear in a row. spaCy's own
rule-based tokenizers take 20-80 ms per 20,000 characters here (French the slowest) and would have
to run once per language; this one takes a few milliseconds for all of them.

Each token's NORM is its folded form: lower case without accents or diacritics, with the Arabic letter
variants unified and Russian case endings cut, so "Égypte", "egypte", "الصّين"/"الصين" and
"Казахстана"/"Казахстан" compare equal.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

IDEOGRAPH = "\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u3040-\u30FF"
ARABIC = "\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\u200C\u200D"
COMBINING = "\u0300-\u036F"
ARABIC_PUNCTUATION = "\u060C\u061B\u061F\u066A-\u066D\u06D4"
# an ideograph alone; a run of Arabic script; a run of letters and digits in any other script; a symbol
TOKEN = re.compile(
    rf"[{IDEOGRAPH}]"
    rf"|(?:(?![{ARABIC_PUNCTUATION}])[{ARABIC}])+"
    rf"|(?:(?![{IDEOGRAPH}{ARABIC}])[^\W_]|[{COMBINING}])+"
    r"|\S"
)

CHARACTER_FIXES = str.maketrans(
    {
        **{dash: "-" for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D"},
        **{quote: "'" for quote in "\u2018\u2019\u201B\u02BC\u2032\u00B4`"},
        **{invisible: None for invisible in "\u00AD\u200B\u200E\u200F\u2060\uFEFF"},
        **{digit: str(value % 10) for value, digit in enumerate("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")},
    }
)
LINE_BREAK_HYPHEN = re.compile(r"(?<=[a-zà-ÿ])-\n(?=[a-zà-ÿ])")

ARABIC_LETTERS = str.maketrans({"ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك", "ـ": None})
ARABIC_PREFIXES = ("و", "ف", "ب", "ك", "ل", "وب", "ول", "وك", "فب", "فل", "فك")
ARABIC_ARTICLE = "ال"
RUSSIAN_ENDINGS = sorted(
    (
        "ями ами ией ого его ому ему ыми ими ая яя ое ее ые ие ый ий ой ей ую юю ом ем ам ям ах ях ия ии ию "
        "ы и а я у ю е о й ь"
    ).split(),
    key=len,
    reverse=True,
)
RUSSIAN_MIN_STEM = 4
BREVE = "\u0306"
MAX_CACHED_WORDS = 500_000
_UNSEEN = object()


def prepare(text: str) -> str:
    """Normalise characters once per document so every tagger sees the same text."""
    text = unicodedata.normalize("NFKC", text).translate(CHARACTER_FIXES)
    return LINE_BREAK_HYPHEN.sub("", text)


@functools.lru_cache(maxsize=262_144)
def fold(word: str) -> str:
    """The normal form a token is matched in."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if _is_cyrillic(decomposed):
        # й keeps its breve (it is a letter of its own); ё loses its diaeresis, as Russian print usually does
        kept = "".join(ch for ch in decomposed if ch == BREVE or not unicodedata.combining(ch))
        return _russian_stem(unicodedata.normalize("NFC", kept))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if _is_arabic(folded):
        return folded.translate(ARABIC_LETTERS)
    return folded


def arabic_variants(phrase: str) -> list[tuple[int, str]]:
    """A phrase as it can be written with the clitics و ف ب ك ل and the article ال glued to its first word.

    Each form comes with its distance from the phrase as written: 0 the phrase itself, 1 a clitic
    added, 2 the article added or dropped as well. When two phrases produce the same form, the closer
    one owns it.
    """
    first, _, rest = phrase.partition(" ")
    if not _is_arabic(first):
        return [(0, phrase)]
    has_article = first.startswith(ARABIC_ARTICLE) and len(first) > 3
    bare = first[len(ARABIC_ARTICLE):] if has_article else first
    forms = {first: 0, bare: 2, ARABIC_ARTICLE + bare: 2}
    for prefix in ARABIC_PREFIXES:
        # ل followed by the article is written لل, never لال
        with_article = prefix + ("ل" if prefix.endswith("ل") else ARABIC_ARTICLE) + bare
        forms.setdefault(with_article, 1 if has_article else 2)
        forms.setdefault(prefix + bare, 2 if has_article else 1)
    return sorted((distance, f"{form} {rest}".strip()) for form, distance in forms.items())


class ScriptTokenizer:
    """Cuts text into words, single ideographs and single symbols, and sets each token's folded NORM."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._overrides: dict[str, object] = {}

    def __call__(self, text: str) -> Doc:
        # Token offsets are all the taggers use; whitespace is not kept (every token is followed by one space).
        words = TOKEN.findall(text)
        doc = Doc(self.vocab, words=words)
        overrides = self._overrides
        for index, word in enumerate(words):
            norm = overrides.get(word, _UNSEEN)
            if norm is _UNSEEN:
                norm = self._override(word)
            if norm:
                doc[index].norm_ = norm
        return doc

    def _override(self, word: str) -> str | None:
        """The folded form when it differs from the vocabulary's default NORM; most tokens need none."""
        folded = fold(word)
        norm = None if folded == self.vocab[word].norm_ else folded
        if len(self._overrides) < MAX_CACHED_WORDS:
            self._overrides[word] = norm
        return norm


@functools.cache
def pipeline() -> Language:
    """The blank multi-language pipeline with the script tokenizer; built once per process."""
    nlp = spacy.blank("xx")
    nlp.tokenizer = ScriptTokenizer(nlp.vocab)
    nlp.max_length = 50_000_000
    return nlp


def parse(text: str) -> Doc:
    """Tokenise prepared text (see ``prepare``)."""
    return pipeline().make_doc(text)


def count_tokens(text: str) -> int:
    """How many tokens ``parse`` would cut prepared text into; tokens never cross whitespace, so a
    title's tokens are the first ``count_tokens(title)`` tokens of "title + blank line + body"."""
    return len(TOKEN.findall(text))


def _russian_stem(word: str) -> str:
    for ending in RUSSIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= RUSSIAN_MIN_STEM:
            return word[: -len(ending)]
    return word


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06FF" for ch in word)


def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04FF" for ch in word)
