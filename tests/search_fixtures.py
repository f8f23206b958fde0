"""Fixture documents for the search API tests, written straight into a test index.

The documents vary every facet field in a known way, so tests can compute the expected counts
by brute force over `FixtureDoc` objects and compare them with what the API returns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from opensearchpy import OpenSearch, helpers

from analyzers.index import ensure_index

LANGS = ("en", "fr", "es", "ru", "zh", "ar")
CHEMICALS = ("ddt", "pcb", "pfos", "lindane", "pcdd", "pfoa")
CANDIDATES = ("chlorpyrifos", "mccp")
TOPICS = ("bat-bep", "alternatives", "monitoring-effectiveness", "wastes-stockpiles", "nip")
COUNTRIES = ("KE", "BR", "CN", "FR", "RU", "EG", "IN")
DOC_TYPES = ("report", "guidance", "national-implementation-plan", "data")
PROVIDERS = ("party", "ngo", "igo", "research")
KEYWORD = "inventory"  # in the bodies of the documents with `has_keyword`

# A body sentence per language; {k} is empty or a sentence with the keyword (in English, found through body.std).
_BODY = {
    "en": "National report on chemical management, storage and safe disposal of obsolete stocks.{k}",
    "fr": "Rapport national sur la gestion des produits chimiques et l'élimination des stocks périmés.{k}",
    "es": "Informe nacional sobre la gestión de productos químicos y la eliminación de existencias obsoletas.{k}",
    "ru": "Национальный доклад об обращении с химическими веществами и удалении устаревших запасов.{k}",
    "zh": "关于化学品管理和过期库存安全处置的国家报告。{k}",
    "ar": "تقرير وطني عن إدارة المواد الكيميائية والتخلص الآمن من المخزونات المتقادمة.{k}",
}
_KEYWORD_SENTENCE = " The inventory was updated."


@dataclass
class FixtureDoc:
    doc_id: str
    lang: str
    title: str
    body: str
    year: int
    chemicals: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    doc_type: str = "report"
    provider_type: str = "party"
    source: str = "Ministry of Environment"
    version_group: str | None = None
    path: str | None = None
    root: str | None = None
    has_keyword: bool = False

    @property
    def languages(self) -> list[str]:
        return [self.lang]

    def values(self, param: str) -> list[str]:
        return {
            "chemical": self.chemicals, "candidate": self.candidates, "topic": self.topics, "lang": self.languages,
            "country": self.countries, "doc_type": [self.doc_type], "provider_type": [self.provider_type],
        }[param]

    def source_document(self) -> dict:
        text = {self.lang: self.body, "std": self.body}
        titles = {self.lang: self.title, "std": self.title}
        doc = {
            "doc_id": self.doc_id, "lang": self.lang, "languages": self.languages, "title": titles, "body": text,
            "title_exact": self.title, "title_suggest": self.title, "filename": f"{self.doc_id}.txt",
            "year": self.year, "date": f"{self.year}-06-01", "chemicals": self.chemicals,
            "candidates": self.candidates, "topics": self.topics, "countries": self.countries,
            "doc_type": self.doc_type, "provider_type": self.provider_type, "source": self.source,
            "path": self.path or f"/nowhere/{self.doc_id}.txt", "root": self.root or "/nowhere",
            "tags": {"chemicals": [{"id": c, "evidence": [c.upper()]} for c in self.chemicals]},
            "metadata": {"author": "Test"},
        }
        if self.version_group:
            doc["version_group"] = self.version_group
        return doc


def _generated(count: int) -> list[FixtureDoc]:
    docs = []
    for n in range(count):
        lang = LANGS[n % len(LANGS)]
        chemicals = [CHEMICALS[n % len(CHEMICALS)]]
        if n % 4 == 0:
            chemicals.append(CHEMICALS[(n // 4) % len(CHEMICALS)])
        chemicals = sorted(set(chemicals))
        candidates = [CANDIDATES[n % 2]] if n % 5 == 0 else []
        topics = sorted({TOPICS[n % len(TOPICS)], TOPICS[(n * 3) % len(TOPICS)]})
        countries = {COUNTRIES[n % len(COUNTRIES)]}
        if n % 3 == 0:
            countries.add(COUNTRIES[(n + 3) % len(COUNTRIES)])
        has_keyword = n % 3 == 1
        body = _BODY[lang].format(k=_KEYWORD_SENTENCE if has_keyword else "")
        docs.append(FixtureDoc(
            doc_id=f"gen-{n:03d}", lang=lang, title=f"Document {n} {chemicals[0]} {lang}", body=body,
            year=2004 + n % 19, chemicals=chemicals, candidates=candidates, topics=topics, countries=sorted(countries),
            doc_type=DOC_TYPES[n % len(DOC_TYPES)], provider_type=PROVIDERS[(n // 2) % len(PROVIDERS)],
            source=f"Source {n % 5}", has_keyword=has_keyword,
        ))
    return docs


def _special() -> list[FixtureDoc]:
    return [
        FixtureDoc("ddt-en", "en", "Vector control with DDT", "Indoor residual spraying with DDT continues in "
                   "malaria areas.", 2015, chemicals=["ddt"], topics=["ddt-vector-control"], countries=["ZA"],
                   doc_type="report", version_group="vector-control"),
        FixtureDoc("ddt-zh", "zh", "病媒控制", "室内滞留喷洒滴滴涕仍在疟疾地区使用。", 2015, chemicals=["ddt"],
                   topics=["ddt-vector-control"], countries=["ZA"], version_group="vector-control"),
        FixtureDoc("ddt-ru", "ru", "Борьба с переносчиками", "Опрыскивание помещений продолжается в районах малярии.",
                   2016, chemicals=["ddt"], topics=["ddt-vector-control"], countries=["ZA"],
                   version_group="vector-control"),
        FixtureDoc("xss", "en", "Dioxin <b>emissions</b> note", "Open burning releases dioxins. "
                   "<script>alert(1)</script> Controls are needed.", 2020, chemicals=["pcdd"],
                   topics=["bat-bep"], countries=["EG"], doc_type="guidance"),
        FixtureDoc("bat-guide", "en", "Best available techniques for PFOS alternatives",
                   "Guidance on fluorine-free foams replacing PFOS in fire fighting.", 2019, chemicals=["pfos"],
                   topics=["bat-bep", "alternatives"], countries=["BR"], doc_type="guidance", provider_type="igo"),
        FixtureDoc("spelling", "en", "Polychlorinated biphenyls in transformers",
                   "Polychlorinated biphenyls remain in old transformers and capacitors.", 2012, chemicals=["pcb"],
                   topics=["wastes-stockpiles"], countries=["IN"]),
    ]


def fixture_documents(generated: int = 42) -> list[FixtureDoc]:
    return _special() + _generated(generated)


def index_documents(client: OpenSearch, alias: str, docs: Iterable[FixtureDoc]) -> str:
    """Create the index behind `alias` when needed, write `docs`, refresh; returns the physical index."""
    index = ensure_index(client, alias)
    helpers.bulk(client, ({"_index": alias, "_id": doc.doc_id, "_source": doc.source_document()} for doc in docs),
                 refresh=True)
    return index


def with_file(doc: FixtureDoc, root: Path, relative: str, content: bytes = b"original") -> FixtureDoc:
    """`doc` pointing at a real file under `root`."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    doc.root, doc.path = str(root), str(path)
    return doc


def brute_force_facets(docs: Iterable[FixtureDoc], selections: dict[str, list[str]]) -> dict[str, Counter]:
    """Each facet's counts over the documents that match every selection of the other facets."""
    docs = list(docs)
    expected: dict[str, Counter] = {}
    for param in ("chemical", "candidate", "topic", "lang", "country", "doc_type", "provider_type"):
        counter: Counter = Counter()
        for doc in docs:
            if all(set(doc.values(other)) & set(values) for other, values in selections.items() if other != param):
                counter.update(set(doc.values(param)))
        expected[param] = counter
    return expected


def brute_force_hits(docs: Iterable[FixtureDoc], selections: dict[str, list[str]]) -> set[str]:
    return {doc.doc_id for doc in docs
            if all(set(doc.values(param)) & set(values) for param, values in selections.items())}
