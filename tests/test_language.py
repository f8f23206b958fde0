"""Language detection: the script decides where it can, langdetect decides the rest, and doubt is "unknown"."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from indexer.language import UNKNOWN, detect_languages, detect_query_language

TEXTS = {
    "en": (
        "The Stockholm Convention on Persistent Organic Pollutants is a global treaty to protect human health and the "
        "environment from chemicals that remain intact in the environment for long periods, become widely distributed "
        "geographically and accumulate in the fatty tissue of living organisms."
    ),
    "fr": (
        "La Convention de Stockholm sur les polluants organiques persistants est un traité mondial visant à "
        "protéger la santé humaine et l'environnement contre des produits chimiques qui demeurent intacts dans "
        "l'environnement pendant de longues périodes et s'accumulent dans les tissus adipeux des organismes vivants."
    ),
    "es": (
        "El Convenio de Estocolmo sobre Contaminantes Orgánicos Persistentes es un tratado mundial que tiene "
        "por objeto proteger la salud humana y el medio ambiente frente a productos químicos que permanecen "
        "intactos en el medio ambiente durante largos períodos y se acumulan en el tejido graso de los organismos "
        "vivos."
    ),
    "ar": (
        "اتفاقية استكهولم بشأن الملوثات العضوية الثابتة هي معاهدة دولية تهدف إلى حماية صحة الإنسان والبيئة من المواد "
        "الكيميائية التي تبقى سليمة في البيئة لفترات طويلة، وتنتشر على نطاق جغرافي واسع، وتتراكم في الأنسجة الدهنية "
        "للكائنات الحية."
    ),
    "zh": (
        "关于持久性有机污染物的斯德哥尔摩公约是一项旨在保护人类健康和环境免受持久性有机污染物危害的全球条约。"
        "这些化学品在环境中长期存在，通过空气和水广泛传播，并在人类和野生动物的脂肪组织中蓄积。"
    ),
    "ru": (
        "Стокгольмская конвенция о стойких органических загрязнителях является глобальным договором, направленным на "
        "защиту здоровья человека и окружающей среды от химических веществ, которые долгое время сохраняются в "
        "окружающей среде и накапливаются в жировых тканях живых организмов."
    ),
}
TRADITIONAL_CHINESE = (
    "關於持久性有機污染物的斯德哥爾摩公約是一項旨在保護人類健康和環境免受持久性有機污染物危害的全球條約。"
    "這些化學品在環境中長期存在，並在人類和野生動物的脂肪組織中蓄積。"
)
PERSIAN = (
    "کنوانسیون استکهلم یک معاهده بین‌المللی است که با هدف حفاظت از سلامت انسان و محیط زیست در برابر آلاینده‌های آلی "
    "پایدار تصویب شده است. این آلاینده‌ها برای مدت طولانی در محیط باقی می‌مانند و در بافت چربی موجودات زنده تجمع "
    "پیدا می‌کنند."
)
JAPANESE = "ストックホルム条約は、残留性有機汚染物質から人の健康と環境を保護することを目的とした国際条約です。これらの物質は環境中に長く残ります。"
UKRAINIAN = (
    "Стокгольмська конвенція про стійкі органічні забруднювачі є глобальним договором, спрямованим на захист здоров'я "
    "людини та навколишнього середовища від хімічних речовин, які тривалий час зберігаються в довкіллі."
)
# Cyrillic glyphs mapped to Latin look-alikes, as a PDF with a broken font encoding extracts them.
LOOKALIKES = str.maketrans(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    "a6srgeexsuukhmhonpcmyfxu4wwbbb3osA6BrDEEX3HHKnMHOnPCTYFXU4WWbbb3OR",
)


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_each_un_language_is_recognised(language: str) -> None:
    result = detect_languages(TEXTS[language])
    assert result.primary == language
    assert result.languages == [language]
    assert result.confidence > 0.9


def test_traditional_chinese_is_chinese() -> None:
    assert detect_languages(TRADITIONAL_CHINESE).primary == "zh"


def test_persian_is_not_arabic() -> None:
    assert detect_languages(PERSIAN).primary == "fa"


def test_other_languages_keep_their_own_code() -> None:
    assert detect_languages(JAPANESE).primary == "ja"
    assert detect_languages(UKRAINIAN).primary == "uk"


@pytest.mark.parametrize("text", ["PFOS.", "", "   \n ", "12 34 56 78 90 11 22 33 44 55 66 77 88 99 00 1.5 2.5 A B"])
def test_too_little_text_is_unknown(text: str) -> None:
    result = detect_languages(text)
    assert result.primary == UNKNOWN
    assert result.languages == []
    assert result.confidence == 0.0


def test_cyrillic_decoded_as_latin_garbage_is_not_russian() -> None:
    garbage = "\n\n".join([TEXTS["ru"].translate(LOOKALIKES)] * 3)
    assert not any("\u0400" <= ch <= "\u04ff" for ch in garbage)
    result = detect_languages(garbage)
    assert result.primary != "ru"
    assert result.primary == UNKNOWN


def test_a_french_and_arabic_document_lists_both() -> None:
    result = detect_languages(f"{TEXTS['fr']}\n\n{TEXTS['ar']}\n\n{TEXTS['fr']}\n\n{TEXTS['ar']}")
    assert set(result.languages) == {"fr", "ar"}
    assert result.primary == result.languages[0]


def test_a_small_share_of_another_language_is_not_listed() -> None:
    document = "\n\n".join([TEXTS["en"]] * 9 + [TEXTS["es"]])
    assert detect_languages(document).languages == ["en"]


def test_detection_is_deterministic() -> None:
    mixed = f"{TEXTS['en']}\n\n{TEXTS['fr']} {TEXTS['es']}"
    results = [detect_languages(mixed) for _ in range(20)]
    assert all(result == results[0] for result in results)
    assert results[0].primary != UNKNOWN


def test_detection_is_deterministic_across_threads() -> None:
    texts = [TEXTS[language] for language in ("en", "fr", "es")] * 10
    with ThreadPoolExecutor(max_workers=4) as pool:
        first = list(pool.map(detect_languages, texts))
        second = list(pool.map(detect_languages, texts))
    assert first == second
    assert [result.primary for result in first] == ["en", "fr", "es"] * 10


def test_long_documents_are_sampled_and_still_recognised() -> None:
    long_document = "\n\n".join([TEXTS["es"]] * 400)
    assert detect_languages(long_document).primary == "es"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ДДТ", "ru"),
        ("滴滴涕", "zh"),
        ("مبيدات الآفات", "ar"),
        ("les polluants organiques", "fr"),
        ("plaguicidas y salud", "es"),
        ("the effects of PFOS", "en"),
        ("pfos", None),
        ("lindane", None),
    ],
)
def test_query_language(query: str, expected: str | None) -> None:
    assert detect_query_language(query) == expected


def test_un_parallel_documents_in_the_shared_corpus(shared_corpus: Path) -> None:
    """Real UN documents: each of the six versions is detected as its own language."""
    folders = sorted((shared_corpus / "B-pops-text" / "un-parallel").iterdir())
    assert folders
    for folder in folders:
        for language in TEXTS:
            path = folder / f"{folder.name}.{language}.txt"
            if path.exists():
                assert detect_languages(path.read_text(encoding="utf-8")).primary == language, path.name
