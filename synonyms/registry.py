"""The POPs domain as validated data: the chemicals registry and the topic taxonomy.

Both YAML files are edited by hand, and the indexer, the synonym compiler and the search API all trust what
they load. So loading validates everything those consumers rely on and fails with a message that names the
file and the entry at fault, instead of letting a bad edit surface later as a wrong search result.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
CHEMICALS_PATH = PACKAGE_DIR / "chemicals.yaml"
TOPICS_PATH = PACKAGE_DIR / "topics.yaml"

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
NEUTRAL = "*"
STATUSES = ("official", "confirmed", "secondary", "inferred", "unconfirmed")  # most certain first
BARE_SYNONYM_STATUS = "secondary"
ANNEXES = ("A", "B", "C")
CATEGORIES = ("pesticide", "industrial", "unintentional_by_product")
STAGES = ("proposal", "annex_d_screening", "annex_e_risk_profile", "annex_f_rme", "recommendation", "listing",
          "deferred")
INITIAL_LISTING = "initial"
PHRASE_SOURCES = ("reference", "reference+written", "written")

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CAS = re.compile(r"([0-9]{2,7})-([0-9]{2})-([0-9])")
_SOURCE_KEY = re.compile(r"[A-Z][0-9]+[a-z]?")
_WORD = re.compile(r"\w")


class RegistryError(ValueError):
    """A registry or taxonomy file that cannot be trusted; the message names the file and the entry."""


def cas_is_valid(cas: str) -> bool:
    """True when `cas` has the NNNNNNN-NN-N form and its last digit matches the CAS check digit."""
    match = _CAS.fullmatch(cas)
    if not match:
        return False
    digits = (match[1] + match[2])[::-1]
    return sum(position * int(digit) for position, digit in enumerate(digits, start=1)) % 10 == int(match[3])


def normalise_term(term: str) -> str:
    """The form two terms are compared in: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", term).casefold().split())


@dataclass(frozen=True)
class Name:
    text: str
    status: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Listing:
    cop: str
    year: int
    decision: str | None
    annexes: tuple[str, ...]
    status: str
    decision_status: str | None = None
    in_force: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Stage:
    stage: str
    meeting: str | None
    year: int
    status: str
    decision: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article8:
    proposed_year: int
    proposer: str | None
    proposer_status: str
    history: tuple[Stage, ...]


@dataclass(frozen=True)
class Source:
    key: str
    url: str | None
    title: str | None
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chemical:
    id: str
    name: str
    abbreviations: tuple[str, ...]
    cas: tuple[str, ...]
    names: Mapping[str, tuple[Name, ...]]
    synonyms: Mapping[str, tuple[str, ...]]
    annexes: tuple[str, ...]
    listing: Listing | None
    article8: Article8 | None
    candidate_window: tuple[int, int | None] | None
    sources: tuple[str, ...]
    proposed_annexes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    further_listings: tuple[Listing, ...] = ()
    synonym_status: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))

    def __hash__(self) -> int:
        return hash(self.id)

    def all_terms(self, lang: str) -> list[str]:
        """Every surface form to match in `lang`: its names, its synonyms, then the language-neutral terms."""
        if lang == NEUTRAL:
            return list(self.synonyms.get(NEUTRAL, ()))
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)} or '*'")
        candidates = [name.text for name in self.names.get(lang, ())]
        candidates += self.synonyms.get(lang, ())
        candidates += self.synonyms.get(NEUTRAL, ())
        return _unique(candidates)

    def label(self, lang: str) -> str:
        """The most certain name in `lang` (the first one on a tie); the English display name otherwise."""
        names = self.names.get(lang, ()) if lang != "en" else ()
        if not names:
            return self.name
        return min(names, key=lambda name: STATUSES.index(name.status)).text

    def status_of(self, lang: str, term: str) -> str | None:
        """How certain the claim is that `term` names this chemical in `lang` (None when it does not)."""
        wanted = normalise_term(term)
        for name in self.names.get(lang, ()):
            if normalise_term(name.text) == wanted:
                return name.status
        for scope in (lang, NEUTRAL):
            for text, status in self.synonym_status.get(scope, {}).items():
                if normalise_term(text) == wanted:
                    return status
        return None

    def is_candidate(self, date: dt.date) -> bool:
        """Article 8 candidate in the year of `date`: proposed, and not yet listed."""
        if self.candidate_window is None:
            return False
        start, end = self.candidate_window
        return start <= date.year and (end is None or date.year < end)

    def listed_on(self, date: dt.date) -> bool:
        """Listed in an annex by the year of `date` (entry into force comes about a year later)."""
        return self.listing is not None and date.year >= self.listing.year


@dataclass(frozen=True)
class Registry:
    chemicals: Mapping[str, Chemical]
    meetings: Mapping[str, int]
    sources: Mapping[str, Source]
    term_index: Mapping[tuple[str, str], str] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, chem_id: str) -> Chemical:
        try:
            return self.chemicals[chem_id]
        except KeyError:
            raise KeyError(f"unknown chemical id {chem_id!r}") from None

    def candidates_on(self, date: dt.date) -> set[str]:
        return {chem.id for chem in self.chemicals.values() if chem.is_candidate(date)}

    def candidates_now(self) -> set[str]:
        return self.candidates_on(dt.date.today())

    def is_candidate(self, chem_id: str, date: dt.date) -> bool:
        return self.get(chem_id).is_candidate(date)

    def listed_on(self, chem_id: str, date: dt.date) -> bool:
        return self.get(chem_id).listed_on(date)

    def resolve(self, term: str, lang: str | None = None) -> str | None:
        """The id of the chemical that `term` names in `lang` (in any language when None or '*'), or None."""
        wanted = normalise_term(term)
        for scope in LANGUAGES if lang in (None, NEUTRAL) else (lang,):
            chem_id = self.term_index.get((scope, wanted))
            if chem_id:
                return chem_id
        return None


@dataclass(frozen=True)
class Topic:
    id: str
    labels: Mapping[str, str]
    phrases: Mapping[str, tuple[str, ...]]
    weights: Mapping[str, Mapping[str, float]]
    threshold: float
    articles: tuple[str, ...] = ()
    reference_ids: tuple[str, ...] = ()
    phrase_sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    sources: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash(self.id)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["en"]

    def weight(self, lang: str, phrase: str) -> float:
        return self.weights[lang][phrase]


def load_registry(path: Path | None = None) -> Registry:
    """Load and validate the chemicals registry; the packaged file is loaded once per process."""
    if path is None:
        return _default_registry()
    return _load_registry(Path(path))


def load_topics(path: Path | None = None) -> Mapping[str, Topic]:
    """Load and validate the topic taxonomy; the packaged file is loaded once per process."""
    if path is None:
        return _default_topics()
    return _load_topics(Path(path))


@lru_cache(maxsize=1)
def _default_registry() -> Registry:
    return _load_registry(CHEMICALS_PATH)


@lru_cache(maxsize=1)
def _default_topics() -> Mapping[str, Topic]:
    return _load_topics(TOPICS_PATH)


# --------------------------------------------------------------------------------------------------------------
# Reading YAML strictly
# --------------------------------------------------------------------------------------------------------------

class _StrictLoader(yaml.SafeLoader):
    """Safe YAML without implicit dates (a CAS number such as 1763-23-1 looks like one) and without silently
    dropping the first of two equal keys."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{path.name}: cannot read {path}: {exc.strerror}") from exc
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader: builds plain data only
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RegistryError(f"{path.name}: expected a mapping at the top level")
    return data


# --------------------------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------------------------

class _Entry:
    """Where an error is: the file, and the entry by id (or by position before its id is known)."""

    def __init__(self, file: str, label: str) -> None:
        self.file = file
        self.label = label

    def error(self, message: str) -> RegistryError:
        return RegistryError(f"{self.file}: {self.label}: {message}")

    def require(self, data: Mapping[str, Any], fields: Iterable[str], optional: Iterable[str] = ()) -> None:
        for key in fields:
            if key not in data:
                raise self.error(f"missing required field {key!r}")
        allowed = set(fields) | set(optional)
        for key in data:
            if key not in allowed:
                raise self.error(f"unknown field {key!r}")

    def text(self, value: Any, what: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{what} must be a non-empty string")
        return value.strip()

    def optional_text(self, value: Any, what: str) -> str | None:
        return None if value is None else self.text(value, what)

    def year(self, value: Any, what: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2100:
            raise self.error(f"{what} must be a year, got {value!r}")
        return value

    def items(self, value: Any, what: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.error(f"{what} must be a list")
        return value

    def mapping(self, value: Any, what: str) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise self.error(f"{what} must be a mapping")
        return value

    def status(self, value: Any, what: str) -> str:
        if value not in STATUSES:
            raise self.error(f"{what} has unknown status {value!r} (expected one of {', '.join(STATUSES)})")
        return value

    def language(self, value: Any, allow_neutral: bool = False) -> str:
        if value in LANGUAGES or (allow_neutral and value == NEUTRAL):
            return value
        raise self.error(f"unknown language {value!r}")

    def source_keys(self, value: Any, known: Mapping[str, Source], what: str = "sources") -> tuple[str, ...]:
        keys = tuple(self.items(value, what))
        for key in keys:
            if key not in known:
                raise self.error(f"unknown source key {key!r}")
        return keys

    def term(self, value: Any, what: str) -> str:
        text = self.text(value, what)
        if not _WORD.search(text):
            raise self.error(f"{what} {text!r} has no letter or digit, so no analyser could match it")
        return " ".join(text.split())


def _unique(terms: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for term in terms:
        key = normalise_term(term)
        if key not in seen:
            seen.add(key)
            kept.append(term)
    return kept


def _read_sources(file: str, data: Any) -> Mapping[str, Source]:
    where = _Entry(file, "sources")
    sources = {}
    for key, value in where.mapping(data, "sources").items():
        if not isinstance(key, str) or not _SOURCE_KEY.fullmatch(key):
            raise where.error(f"source key {key!r} is not like 'S12' or 'S20b'")
        entry = _Entry(file, f"source {key!r}")
        body = entry.mapping(value, "a source")
        entry.require(body, ("url", "title"), optional=("also",))
        if body["url"] is None and body["title"] is None:
            raise entry.error("needs a url or a title")
        sources[key] = Source(key=key, url=entry.optional_text(body["url"], "url"),
                              title=entry.optional_text(body["title"], "title"),
                              also=tuple(entry.text(url, "url") for url in entry.items(body.get("also", []), "also")))
    return MappingProxyType(sources)


# --------------------------------------------------------------------------------------------------------------
# Chemicals
# --------------------------------------------------------------------------------------------------------------

_CHEMICAL_FIELDS = ("id", "name", "abbreviations", "cas", "annexes", "names", "synonyms", "listing", "article8",
                    "candidate_window", "sources")
_CHEMICAL_OPTIONAL = ("proposed_annexes", "categories", "further_listings")


def _load_registry(path: Path) -> Registry:
    file = path.name
    data = _read_yaml(path)
    _Entry(file, "top level").require(data, ("chemicals", "meetings", "sources"))
    sources = _read_sources(file, data["sources"])
    meetings = _read_meetings(file, data["meetings"])
    chemicals: dict[str, Chemical] = {}
    positions: dict[str, int] = {}
    for position, raw in enumerate(_Entry(file, "top level").items(data["chemicals"], "chemicals"), start=1):
        chem = _read_chemical(file, position, raw, sources, meetings)
        if chem.id in chemicals:
            raise _Entry(file, f"entry {chem.id!r}").error(f"duplicate id (entry #{positions[chem.id]} has it too)")
        chemicals[chem.id] = chem
        positions[chem.id] = position
    index = _index_terms(file, chemicals)
    return Registry(chemicals=MappingProxyType(chemicals), meetings=meetings, sources=sources,
                    term_index=MappingProxyType(index))


def _read_meetings(file: str, data: Any) -> Mapping[str, int]:
    where = _Entry(file, "meetings")
    meetings = {}
    for raw in where.items(data, "meetings"):
        body = where.mapping(raw, "a meeting")
        where.require(body, ("id", "year"))
        meeting_id = where.text(body["id"], "meeting id")
        if not re.fullmatch(r"(COP|POPRC)-[0-9]+", meeting_id):
            raise where.error(f"meeting id {meeting_id!r} is not like 'COP-4' or 'POPRC-12'")
        if meeting_id in meetings:
            raise where.error(f"duplicate meeting {meeting_id!r}")
        meetings[meeting_id] = where.year(body["year"], f"year of {meeting_id}")
    return MappingProxyType(meetings)


def _identified_entry(file: str, position: int, raw: Any, example: str) -> tuple["_Entry", dict, str]:
    """An entry's mapping and slug id; errors name the entry by position until its id is known."""
    entry = _Entry(file, f"entry #{position}")
    body = entry.mapping(raw, "an entry")
    if "id" not in body:
        raise entry.error("missing required field 'id'")
    entry_id = body["id"]
    if not isinstance(entry_id, str) or not _SLUG.fullmatch(entry_id):
        raise entry.error(f"id {entry_id!r} is not a lowercase slug like '{example}'")
    return _Entry(file, f"entry {entry_id!r}"), body, entry_id


def _read_chemical(file: str, position: int, raw: Any, sources: Mapping[str, Source],
                   meetings: Mapping[str, int]) -> Chemical:
    entry, body, chem_id = _identified_entry(file, position, raw, "alpha-hch")
    entry.require(body, _CHEMICAL_FIELDS, _CHEMICAL_OPTIONAL)

    abbreviations = tuple(entry.term(a, "abbreviation") for a in entry.items(body["abbreviations"], "abbreviations"))
    cas = tuple(_read_cas(entry, value) for value in entry.items(body["cas"], "cas"))
    annexes = _read_annexes(entry, body["annexes"], "annexes")
    proposed_annexes = _read_annexes(entry, body.get("proposed_annexes", []), "proposed_annexes")
    categories = tuple(entry.items(body.get("categories", []), "categories"))
    for category in categories:
        if category not in CATEGORIES:
            raise entry.error(f"unknown category {category!r}")
    names = _read_names(entry, body["names"], sources)
    synonyms, synonym_status = _read_synonyms(entry, body["synonyms"], sources)
    neutral = _unique([*abbreviations, *cas, *synonyms.pop(NEUTRAL, ())])
    neutral_status = {text: BARE_SYNONYM_STATUS for text in (*abbreviations, *cas)}
    neutral_status.update(synonym_status.pop(NEUTRAL, {}))
    if neutral:
        synonyms[NEUTRAL] = tuple(neutral)
        synonym_status[NEUTRAL] = MappingProxyType(neutral_status)

    listing = None if body["listing"] is None else _read_listing(entry, body["listing"], sources, meetings)
    further = tuple(_read_listing(entry, raw_listing, sources, meetings)
                    for raw_listing in entry.items(body.get("further_listings", []), "further_listings"))
    article8 = None if body["article8"] is None else _read_article8(entry, body["article8"], sources, meetings)
    window = _read_window(entry, body["candidate_window"])
    _check_listing_consistency(entry, annexes, proposed_annexes, listing, further, article8, window)
    entry_sources = entry.source_keys(body["sources"], sources)
    if not entry_sources:
        raise entry.error("needs at least one source")

    return Chemical(
        id=chem_id, name=entry.text(body["name"], "name"), abbreviations=abbreviations, cas=cas,
        names=MappingProxyType(names), synonyms=MappingProxyType(synonyms), annexes=annexes, listing=listing,
        article8=article8, candidate_window=window, sources=entry_sources, proposed_annexes=proposed_annexes,
        categories=categories, further_listings=further,
        synonym_status=MappingProxyType({lang: MappingProxyType(dict(s)) for lang, s in synonym_status.items()}))


def _read_cas(entry: _Entry, value: Any) -> str:
    text = entry.text(value, "a CAS number")
    if not _CAS.fullmatch(text):
        raise entry.error(f"CAS {text!r} is malformed (expected digits like 1763-23-1)")
    if not cas_is_valid(text):
        raise entry.error(f"CAS {text} fails its check digit")
    return text


def _read_annexes(entry: _Entry, value: Any, what: str) -> tuple[str, ...]:
    annexes = tuple(entry.items(value, what))
    for annex in annexes:
        if annex not in ANNEXES:
            raise entry.error(f"unknown annex {annex!r} in {what} (expected A, B or C)")
    if len(set(annexes)) != len(annexes):
        raise entry.error(f"{what} lists an annex twice")
    return annexes


def _read_names(entry: _Entry, value: Any, sources: Mapping[str, Source]) -> dict[str, tuple[Name, ...]]:
    names = {}
    for lang, raw_names in entry.mapping(value, "names").items():
        lang = entry.language(lang)
        parsed = []
        for raw in entry.items(raw_names, f"names.{lang}"):
            item = entry.mapping(raw, f"a name in names.{lang}")
            entry.require(item, ("text", "status"), optional=("sources",))
            text = entry.term(item["text"], f"name ({lang})")
            parsed.append(Name(text=text, status=entry.status(item["status"], f"name {text!r} ({lang})"),
                               sources=entry.source_keys(item.get("sources", []), sources)))
        if not parsed:
            raise entry.error(f"names.{lang} is empty")
        names[lang] = tuple(parsed)
    if "en" not in names:
        raise entry.error("needs at least one English name (names.en)")
    return names


def _read_synonyms(entry: _Entry, value: Any, sources: Mapping[str, Source]
                   ) -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, str]]]:
    synonyms: dict[str, tuple[str, ...]] = {}
    statuses: dict[str, dict[str, str]] = {}
    for lang, raw_items in entry.mapping(value, "synonyms").items():
        lang = entry.language(lang, allow_neutral=True)
        texts = []
        lang_status = {}
        for raw in entry.items(raw_items, f"synonyms.{lang}"):
            if isinstance(raw, str):
                text, status = entry.term(raw, f"synonym ({lang})"), BARE_SYNONYM_STATUS
            else:
                item = entry.mapping(raw, f"a synonym in synonyms.{lang}")
                entry.require(item, ("text", "status"), optional=("sources",))
                text = entry.term(item["text"], f"synonym ({lang})")
                status = entry.status(item["status"], f"synonym {text!r} ({lang})")
                entry.source_keys(item.get("sources", []), sources)
            texts.append(text)
            lang_status[text] = status
        synonyms[lang] = tuple(_unique(texts))
        statuses[lang] = lang_status
    return synonyms, statuses


def _read_listing(entry: _Entry, value: Any, sources: Mapping[str, Source], meetings: Mapping[str, int]) -> Listing:
    body = entry.mapping(value, "listing")
    entry.require(body, ("cop", "year", "decision", "annexes", "status"),
                  optional=("decision_status", "in_force", "sources", "note"))
    cop = entry.text(body["cop"], "listing cop")
    year = entry.year(body["year"], "listing year")
    if cop != INITIAL_LISTING:
        if not cop.startswith("COP-") or cop not in meetings:
            raise entry.error(f"listing names unknown meeting {cop!r}")
        if meetings[cop] != year:
            raise entry.error(f"listing year {year} does not match {cop} ({meetings[cop]})")
    decision = entry.optional_text(body["decision"], "listing decision")
    if decision is not None and not re.fullmatch(r"SC-[0-9]+/[0-9]+", decision):
        raise entry.error(f"listing decision {decision!r} is not like 'SC-4/17'")
    in_force = None
    if body.get("in_force") is not None:
        try:
            in_force = dt.date.fromisoformat(entry.text(body["in_force"], "in_force"))
        except ValueError:
            raise entry.error(f"in_force {body['in_force']!r} is not a date like 2010-08-26") from None
    decision_status = body.get("decision_status")
    entry.source_keys(body.get("sources", []), sources)
    return Listing(cop=cop, year=year, decision=decision,
                   annexes=_read_annexes(entry, body["annexes"], "listing annexes"),
                   status=entry.status(body["status"], "listing"),
                   decision_status=None if decision_status is None else entry.status(decision_status, "decision"),
                   in_force=in_force, note=entry.optional_text(body.get("note"), "listing note"))


def _read_article8(entry: _Entry, value: Any, sources: Mapping[str, Source], meetings: Mapping[str, int]) -> Article8:
    body = entry.mapping(value, "article8")
    entry.require(body, ("proposed_year", "proposer", "proposer_status", "history"))
    history = []
    for raw in entry.items(body["history"], "article8.history"):
        item = entry.mapping(raw, "an article8.history item")
        entry.require(item, ("stage", "meeting", "year", "status"), optional=("decision", "note", "sources"))
        if item["stage"] not in STAGES:
            raise entry.error(f"unknown Article 8 stage {item['stage']!r} (expected one of {', '.join(STAGES)})")
        year = entry.year(item["year"], f"year of stage {item['stage']}")
        meeting = entry.optional_text(item["meeting"], "meeting")
        if meeting is not None:
            if meeting not in meetings:
                raise entry.error(f"stage {item['stage']} names unknown meeting {meeting!r}")
            if meetings[meeting] != year:
                raise entry.error(f"stage {item['stage']} year {year} does not match {meeting} ({meetings[meeting]})")
        history.append(Stage(stage=item["stage"], meeting=meeting, year=year,
                             status=entry.status(item["status"], f"stage {item['stage']}"),
                             decision=entry.optional_text(item.get("decision"), "stage decision"),
                             note=entry.optional_text(item.get("note"), "stage note"),
                             sources=entry.source_keys(item.get("sources", []), sources)))
    if [stage.year for stage in history] != sorted(stage.year for stage in history):
        raise entry.error("article8.history must be in date order")
    return Article8(proposed_year=entry.year(body["proposed_year"], "proposed_year"),
                    proposer=entry.optional_text(body["proposer"], "proposer"),
                    proposer_status=entry.status(body["proposer_status"], "proposer"),
                    history=tuple(history))


def _read_window(entry: _Entry, value: Any) -> tuple[int, int | None] | None:
    if value is None:
        return None
    window = entry.items(value, "candidate_window")
    if len(window) != 2:
        raise entry.error("candidate_window must be [proposed_year, listed_year or null]")
    start = entry.year(window[0], "candidate_window start")
    end = None if window[1] is None else entry.year(window[1], "candidate_window end")
    if end is not None and end <= start:
        raise entry.error(f"candidate_window {[start, end]} ends before it starts")
    return start, end


def _check_listing_consistency(entry: _Entry, annexes: tuple[str, ...], proposed: tuple[str, ...],
                               listing: Listing | None, further: tuple[Listing, ...], article8: Article8 | None,
                               window: tuple[int, int | None] | None) -> None:
    """The date rules (candidate at date, listed at date) read these fields; they must tell one story."""
    if listing is None:
        if further or annexes:
            raise entry.error("has annexes or further_listings but no listing")
        if article8 is None or not proposed:
            raise entry.error("an entry that is not listed must be an Article 8 candidate with proposed_annexes")
    else:
        listed_annexes = {annex for item in (listing, *further) for annex in item.annexes}
        if listed_annexes != set(annexes):
            raise entry.error(f"annexes {list(annexes)} differ from the annexes of its listings "
                              f"{sorted(listed_annexes)}")
    if (article8 is None) != (window is None):
        raise entry.error("article8 and candidate_window must both be null or both be set")
    if article8 is None:
        if listing is not None and listing.cop != INITIAL_LISTING:
            raise entry.error("only the initial listing can skip Article 8")
        return
    expected = (article8.proposed_year, None if listing is None else listing.year)
    if window != expected:
        raise entry.error(f"candidate_window {list(window)} should be {list(expected)} "
                          "(proposed_year, listing year or null)")


def _index_terms(file: str, chemicals: Mapping[str, Chemical]) -> dict[tuple[str, str], str]:
    """(language, normalised term) -> chemical id, refusing a term that would name two chemicals: the tagger
    and the synonym files would merge them."""
    owners: dict[tuple[str, str], tuple[str, str]] = {}
    for chem in chemicals.values():
        for scope in (NEUTRAL, *LANGUAGES):
            languages = LANGUAGES if scope == NEUTRAL else (scope,)
            for term in chem.all_terms(scope):
                for lang in languages:
                    owner = owners.setdefault((lang, normalise_term(term)), (chem.id, term))
                    if owner[0] != chem.id:
                        raise _Entry(file, f"entry {chem.id!r}").error(
                            f"term {term!r} ({scope}) is also claimed by entry {owner[0]!r}")
    for chem in chemicals.values():
        for lang in LANGUAGES:
            owner = owners.get((lang, normalise_term(chem.id)))
            if owner and owner[0] != chem.id:
                raise _Entry(file, f"entry {chem.id!r}").error(
                    f"id {chem.id!r} conflicts with term {owner[1]!r} of entry {owner[0]!r}")
    return {key: owner[0] for key, owner in owners.items()}


# --------------------------------------------------------------------------------------------------------------
# Topics
# --------------------------------------------------------------------------------------------------------------

_TOPIC_FIELDS = ("id", "labels", "phrases", "phrase_sources", "sources")
_TOPIC_OPTIONAL = ("articles", "reference_ids", "threshold")


def _load_topics(path: Path) -> Mapping[str, Topic]:
    file = path.name
    data = _read_yaml(path)
    top = _Entry(file, "top level")
    top.require(data, ("defaults", "topics", "sources"))
    sources = _read_sources(file, data["sources"])
    defaults = top.mapping(data["defaults"], "defaults")
    top.require(defaults, ("weight", "threshold"))
    default_weight = _positive(top, defaults["weight"], "defaults.weight")
    default_threshold = _positive(top, defaults["threshold"], "defaults.threshold")
    topics: dict[str, Topic] = {}
    for position, raw in enumerate(top.items(data["topics"], "topics"), start=1):
        topic = _read_topic(file, position, raw, sources, default_weight, default_threshold)
        if topic.id in topics:
            raise _Entry(file, f"entry {topic.id!r}").error("duplicate id")
        topics[topic.id] = topic
    return MappingProxyType(topics)


def _positive(entry: _Entry, value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise entry.error(f"{what} must be a positive number, got {value!r}")
    return float(value)


def _read_topic(file: str, position: int, raw: Any, sources: Mapping[str, Source], default_weight: float,
                default_threshold: float) -> Topic:
    entry, body, topic_id = _identified_entry(file, position, raw, "bat-bep")
    entry.require(body, _TOPIC_FIELDS, _TOPIC_OPTIONAL)

    labels = entry.mapping(body["labels"], "labels")
    phrases_raw = entry.mapping(body["phrases"], "phrases")
    phrase_sources = entry.mapping(body["phrase_sources"], "phrase_sources")
    for lang in LANGUAGES:
        for what, section in (("labels", labels), ("phrases", phrases_raw), ("phrase_sources", phrase_sources)):
            if lang not in section:
                raise entry.error(f"{what} has no {lang!r} entry (all of {', '.join(LANGUAGES)} are needed)")
    for section in (labels, phrases_raw, phrase_sources):
        for lang in section:
            entry.language(lang)
    for lang, origin in phrase_sources.items():
        if origin not in PHRASE_SOURCES:
            raise entry.error(f"phrase_sources.{lang} is {origin!r} (expected one of {', '.join(PHRASE_SOURCES)})")

    phrases: dict[str, tuple[str, ...]] = {}
    weights: dict[str, Mapping[str, float]] = {}
    for lang, raw_items in phrases_raw.items():
        lang_weights: dict[str, float] = {}
        for raw_item in entry.items(raw_items, f"phrases.{lang}"):
            if isinstance(raw_item, str):
                phrase, weight = raw_item, default_weight
            else:
                item = entry.mapping(raw_item, f"a phrase in phrases.{lang}")
                entry.require(item, ("phrase", "weight"))
                phrase, weight = item["phrase"], _positive(entry, item["weight"], f"weight of {item['phrase']!r}")
            phrase = entry.term(phrase, f"phrase ({lang})")
            if phrase != phrase.lower():
                raise entry.error(f"phrase {phrase!r} ({lang}) must be lowercase")
            if phrase in lang_weights:
                raise entry.error(f"phrase {phrase!r} ({lang}) is listed twice")
            lang_weights[phrase] = weight
        if not lang_weights:
            raise entry.error(f"phrases.{lang} is empty")
        phrases[lang] = tuple(lang_weights)
        weights[lang] = MappingProxyType(lang_weights)

    threshold = _positive(entry, body.get("threshold", default_threshold), "threshold")
    topic_sources = entry.source_keys(body["sources"], sources)
    return Topic(
        id=topic_id,
        labels=MappingProxyType({lang: entry.text(label, f"label ({lang})") for lang, label in labels.items()}),
        phrases=MappingProxyType(phrases), weights=MappingProxyType(weights), threshold=threshold,
        articles=tuple(str(article) for article in entry.items(body.get("articles", []), "articles")),
        reference_ids=tuple(entry.items(body.get("reference_ids", []), "reference_ids")),
        phrase_sources=MappingProxyType(dict(phrase_sources)), sources=topic_sources)
