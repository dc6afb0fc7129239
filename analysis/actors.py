"""Actors: a YAML registry of people, countries and organisations, and their mentions in an article.

Resolution order inside one article (see DESIGN.md, "Actor registry"):

1. registry aliases, demonyms and metonyms (longest match first, whole tokens; ALL-CAPS aliases are
   case-sensitive; possessives such as "Russia's"/"Ukraine’s" keep only the name in the span);
2. short forms of a full person name found in the article ("Antony Blinken" ... "Blinken");
3. titles through dated roles ("the American secretary of state" -> the holder on the article's date);
4. discovered proper names that no registry knows (typed by cue words, listed as *unresolved*).

Matching never runs one big regex over the text: the text is tokenised once and token n-grams are
looked up in dictionaries keyed by the lower-cased first token, so cost grows with the text, not with
the size of the registry.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import add, attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
import yaml

from analysis.articles import Article
from analysis.datafiles import file_stamp, load_yaml
from analysis.tables import column, frame, frame_from_rows

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_REGISTRY = DATA_DIR / "actors.yaml"
NAME_CUES = DATA_DIR / "name_cues.yaml"

ACTOR_TYPES = ("person", "country", "organization", "group", "place")
_COUNTRY_LIKE = ("country", "organization", "group")  # actors that are their own "country" for titles
MENTION_COLUMNS = [
    "mid",
    "actor_id",
    "name",
    "type",
    "affiliation",
    "surface",
    "sid",
    "start",
    "end",
    "resolved_by",
]
UNRESOLVED_COLUMNS = ["actor_id", "name", "type", "mentions", "first_start", "cue"]
ACTOR_TABLE_COLUMNS = [
    "actor_id",
    "name",
    "type",
    "affiliation",
    "mentions",
    "first_sid",
    "first_start",
    "tone",
]


def _country(a: Actor) -> str | None:
    """The country (or organization, group) an actor stands for beside a title or as an affiliation:
    itself when it is country-like, else its affiliation."""
    return a.id if a.type in _COUNTRY_LIKE else a.affiliation


class RegistryError(ValueError):
    """An actor registry file is invalid.

    Attributes:
        path: the YAML file at fault.
        reason: what is wrong with it.
    """

    def __init__(self, path: str | Path | None, reason: str):
        self.path = str(path) if path is not None else "<registry>"
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


# --------------------------------------------------------------------------------------------------
# Tokenisation shared by aliases and article text (so that both split the same way)

_ABBREV = "|".join(
    "Mr Mrs Ms Dr Gen Sen Rep Gov Lt Col Capt Sgt Adm Maj Prof Rev St Jr Sr Inc Corp Co Ltd Mt Ft".split()
    + ["Cmdr", "Bros", "Hon"]
)
TOKEN_RE = re.compile(
    rf"(?:{_ABBREV})\.(?![^\W\d_])"  # abbreviations keep their period ("Gen.", "Inc.")
    r"|[^\W\d_](?:\.[^\W\d_])+\.?"  # dotted acronyms ("U.S.", "U.N.")
    r"|[A-Z]\.(?=\s+[A-Z])"  # an initial ("John F. Kennedy")
    r"|[^\W_]+(?:(?:['’](?![sS]\b)|&)[^\W_]+)*"  # words; a possessive 's is not part of the word
    r"|[^\w\s]"  # any other single character
)
_POSSESSIVE = frozenset({"'", "’"})


def _tokenize(text: str) -> tuple[list[int], list[int], list[str]]:
    """Starts, ends and strings of the tokens of ``text``."""
    starts: list[int] = []
    ends: list[int] = []
    strs: list[str] = []
    for m in TOKEN_RE.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        strs.append(m.group())
    return starts, ends, strs


_UNSEEN: Any = object()  # a cache miss

# how token i is separated from token i-1: nothing, spaces on one line, anything else
_ADJACENT, _SPACED, _APART = 0, 1, 2


def _gap_kind(gap: str) -> int:
    """The kind of the text ``gap`` between two tokens (see _ADJACENT, _SPACED, _APART)."""
    if not gap:
        return _ADJACENT
    return _SPACED if gap.isspace() and "\n" not in gap else _APART


@functools.lru_cache(maxsize=16384)
def _chunk_tokens(chunk: str) -> tuple[tuple[int, int, str, str, int, bool], ...]:
    """Tokens of a capitalised chunk: (start, end, token, lookup key, gap kind before it, capitalised).

    Offsets are relative to the chunk; the first token's gap kind is _APART (the scan replaces it).
    A token is capitalised if it could start a name: an upper-case first letter and not a "not name".
    ``TOKEN_RE`` has no look-behind, so tokenising the chunk alone equals tokenising its span of the text.
    """
    not_names = _cues().not_names
    out = []
    prev_end = -1
    for m in TOKEN_RE.finditer(chunk):
        a, b = m.span()
        t = m.group()
        key = _norm(t)
        gap = _gap_kind(chunk[prev_end:a]) if prev_end >= 0 else _APART
        out.append((a, b, t, key, gap, t[0].isupper() and key not in not_names))
        prev_end = b
    return tuple(out)


def _norm(s: str) -> str:
    """Lookup key of a token: lower case, straight apostrophes."""
    return s.lower().replace("’", "'")


def _strict(tok: str) -> bool:
    """ALL-CAPS alias tokens (acronyms) must match exactly."""
    return len(tok) > 1 and tok.isupper()


def _case_ok(t: str, a: str, strict: bool) -> bool:
    """Whether text token ``t`` may stand for alias token ``a`` (already equal when lower-cased)."""
    if t == a:
        return True
    if strict:
        return False
    if t[1:] == a[1:] and t[0].isupper():  # "the Kremlin" alias, "The Kremlin" in text
        return True
    return len(t) > 1 and t.isupper()  # "RUSSIA" in an ALL-CAPS headline


# --------------------------------------------------------------------------------------------------
# Registry


@dataclass(frozen=True)
class Role:
    """A dated role: ``role`` key (see the registry's ``titles``), ``of`` = actor id, ISO dates or None."""

    role: str
    title: str | None = None
    of: str | None = None
    start: str | None = None
    end: str | None = None

    def holds_on(self, day: str) -> bool:
        """Whether the role was held on ISO date ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Actor:
    """One registry actor."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    affiliation: str | None = None
    roles: tuple[Role, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class _Entry:
    """A surface form of an actor, tokenised for matching."""

    toks: tuple[str, ...]
    keys: tuple[str, ...]
    strict: tuple[bool, ...]
    gaps: tuple[int, ...]  # gaps[k]: between token k and k+1 of the alias, _SPACED or _ADJACENT
    actor_id: str
    kind: str  # alias | demonym | metonym


def _entry(surface: str, actor_id: str, kind: str) -> _Entry | None:
    starts, ends, toks = _tokenize(surface)
    while toks and not toks[0][0].isupper():  # "the Kremlin": mentions start at a capital
        starts, ends, toks = starts[1:], ends[1:], toks[1:]
    if not toks:
        return None
    gaps = tuple(_SPACED if ends[k] < starts[k + 1] else _ADJACENT for k in range(len(toks) - 1))
    return _Entry(
        tuple(toks), tuple(_norm(t) for t in toks), tuple(_strict(t) for t in toks), gaps, actor_id, kind
    )


@dataclass(frozen=True, eq=False)
class Registry:
    """Actors by id, the title map, and precompiled lookup tables.

    Attributes:
        actors: actor id -> :class:`Actor` (read-only mapping).
        titles: lower-case title phrase -> role key ("secretary of state" -> "foreign_minister").
        sources: the YAML files the registry was built from, in load order.
    """

    actors: Mapping[str, Actor]
    titles: Mapping[str, str]
    sources: tuple[str, ...] = ()
    # Private lookup tables, built by build_registry and never changed (but for the _token_hits cache);
    # plain dicts, faster to look up than read-only mappings.
    # lower-case first token -> ((n tokens, keys of all tokens -> entries), ...), longest first
    _index: Mapping[str, tuple[tuple[int, Mapping[tuple[str, ...], tuple[_Entry, ...]]], ...]] = field(
        default_factory=dict, repr=False
    )
    _titles: _TitleMatcher | None = field(default=None, repr=False)
    _by_id: dict[str, Actor] = field(default_factory=dict, repr=False)  # the dict behind ``actors``
    # text token -> the one-token entry it matches (None: none), filled as articles are scanned
    _token_hits: dict[str, _Entry | None] = field(default_factory=dict, repr=False)
    # non-person actor id -> the country a title next to it refers to (see _Scan.country_of)
    _title_country: Mapping[str, str] = field(default_factory=dict, repr=False)
    _holders: Mapping[tuple[str, str], tuple[tuple[str, Role], ...]] = field(default_factory=dict, repr=False)
    _surnames: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    # lower-case first token -> lower-case second tokens of its entries of more than one token
    _second_keys: Mapping[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def __getitem__(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def __len__(self) -> int:
        return len(self.actors)

    def get(self, actor_id: str, default: Actor | None = None) -> Actor | None:
        """The actor with ``actor_id`` or ``default``."""
        return self.actors.get(actor_id, default)


def build_registry(
    actors: Iterable[Actor], titles: Mapping[str, str], sources: Sequence[str] = ()
) -> Registry:
    """A :class:`Registry` with its lookup tables compiled.

    Args:
        actors: actors; a later actor with an existing id replaces the earlier one.
        titles: lower-case title phrase -> role key.
        sources: files the data came from (kept for provenance).
    """
    by_id: dict[str, Actor] = {}
    for a in actors:
        by_id[a.id] = a
    index: dict[str, list[_Entry]] = defaultdict(list)
    surnames: dict[str, set[str]] = defaultdict(set)
    holders: dict[tuple[str, str], list[tuple[str, Role]]] = defaultdict(list)
    for aid in sorted(by_id):
        a = by_id[aid]
        forms = [(s, "alias") for s in (a.name, *a.aliases)]
        forms += [(s, "demonym") for s in a.demonyms] + [(s, "metonym") for s in a.metonyms]
        seen: set[tuple[str, str]] = set()
        for surface, kind in forms:
            if not surface or (surface, kind) in seen:
                continue
            seen.add((surface, kind))
            e = _entry(surface, aid, kind)
            if e is not None:
                index[e.keys[0]].append(e)
            if a.type == "person" and kind == "alias" and e is not None and len(e.toks) > 1:
                surnames[e.toks[-1]].add(aid)
        for r in a.roles:
            if r.of:
                holders[(r.role, r.of)].append((aid, r))
    kind_rank = {"alias": 0, "metonym": 1, "demonym": 2}
    frozen_index = {}
    for first, entries in index.items():
        by_length: dict[int, dict[tuple[str, ...], list[_Entry]]] = {}
        for e in sorted(entries, key=lambda e: (-len(e.toks), kind_rank[e.kind], e.actor_id)):
            by_length.setdefault(len(e.toks), {}).setdefault(e.keys, []).append(e)
        frozen_index[first] = tuple(
            (k, {keys: tuple(es) for keys, es in by_keys.items()}) for k, by_keys in by_length.items()
        )
    return Registry(
        actors=MappingProxyType(by_id),
        _by_id=by_id,
        titles=MappingProxyType({_title_key(k): v for k, v in titles.items()}),
        sources=tuple(sources),
        _index=frozen_index,
        _titles=_title_matcher(titles),
        _title_country={
            a.id: country
            for a in by_id.values()
            if a.type != "person" and (country := _country(a)) is not None
        },
        _holders=MappingProxyType(
            {k: tuple(sorted(v, key=lambda x: (x[1].start or "", x[0]))) for k, v in holders.items()}
        ),
        _surnames={k: tuple(sorted(v)) for k, v in surnames.items()},
        _second_keys={
            first: frozenset(e.keys[1] for e in entries if len(e.keys) > 1)
            for first, entries in index.items()
        },
    )


def _iso(value: Any, path: Path, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value.strip()):
        return value.strip()
    raise RegistryError(path, f"{what}: not an ISO date: {value!r}")


def _str_list(value: Any, path: Path, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RegistryError(path, f"{what}: expected a list of strings, got {value!r}")
    return tuple(value)


def _parse_actor(raw: Any, path: Path, n: int) -> Actor:
    if not isinstance(raw, dict):
        raise RegistryError(path, f"actor #{n + 1}: expected a mapping, got {type(raw).__name__}")
    aid = raw.get("id")
    if aid is None or not str(aid).strip():
        raise RegistryError(path, f"actor #{n + 1} ({raw.get('name', '?')}): missing id")
    aid = str(aid).strip()
    typ = raw.get("type")
    if typ not in ACTOR_TYPES:
        raise RegistryError(
            path, f"actor {aid}: unknown type {typ!r} (expected one of {', '.join(ACTOR_TYPES)})"
        )
    name = raw.get("name") or aid
    if not isinstance(name, str):
        raise RegistryError(path, f"actor {aid}: name must be a string")
    roles = []
    for k, r in enumerate(raw.get("roles") or []):
        if not isinstance(r, dict) or not r.get("role"):
            raise RegistryError(path, f"actor {aid}: role #{k + 1} needs a 'role' key")
        roles.append(
            Role(
                role=str(r["role"]),
                title=r.get("title"),
                of=str(r["of"]) if r.get("of") is not None else None,
                start=_iso(r.get("from"), path, f"actor {aid} role {r['role']} 'from'"),
                end=_iso(r.get("to"), path, f"actor {aid} role {r['role']} 'to'"),
            )
        )
    aff = raw.get("affiliation")
    return Actor(
        id=aid,
        name=name,
        type=typ,
        aliases=_str_list(raw.get("aliases"), path, f"actor {aid} aliases"),
        demonyms=_str_list(raw.get("demonyms"), path, f"actor {aid} demonyms"),
        metonyms=_str_list(raw.get("metonyms"), path, f"actor {aid} metonyms"),
        affiliation=str(aff) if aff is not None else None,
        roles=tuple(roles),
        source=str(path),
    )


def read_registry_file(path: str | Path) -> tuple[dict[str, str], list[Actor]]:
    """Parse one registry YAML file into ``(titles, actors)``; raises :class:`RegistryError`."""
    path = Path(path)
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(path, f"cannot read file: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(path, f"invalid YAML: {str(exc).splitlines()[0]}") from exc
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        raise RegistryError(path, "top level must be a mapping with 'titles' and/or 'actors'")
    titles = raw.get("titles") or {}
    if not isinstance(titles, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in titles.items()
    ):
        raise RegistryError(path, "'titles' must map title phrases to role keys")
    raw_actors = raw.get("actors") or []
    if not isinstance(raw_actors, list):
        raise RegistryError(path, "'actors' must be a list")
    return {k.lower().strip(): v for k, v in titles.items()}, [
        _parse_actor(a, path, n) for n, a in enumerate(raw_actors)
    ]


@functools.lru_cache(maxsize=32)
def _load_cached(files: tuple[tuple[str, int, int], ...]) -> Registry:
    titles: dict[str, str] = {}
    actors: dict[str, Actor] = {}
    for f, _mtime, _size in files:
        t, a = read_registry_file(f)
        titles.update(t)
        for actor in a:
            actors[actor.id] = actor
    for actor in actors.values():
        if actor.affiliation is not None and actor.affiliation not in actors:
            raise RegistryError(
                actor.source, f"actor {actor.id}: affiliation to unknown id {actor.affiliation!r}"
            )
        for r in actor.roles:
            if r.of is not None and r.of not in actors:
                raise RegistryError(actor.source, f"actor {actor.id}: role {r.role} of unknown id {r.of!r}")
    return build_registry(actors.values(), titles, [f for f, _, _ in files])


def load_registry(
    paths: str | Path | Sequence[str | Path] | None = None, *, include_default: bool = True
) -> Registry:
    """Load the actor registry: the default file plus users' YAML files (same id = override).

    Args:
        paths: user registry file(s), applied in order after the default.
        include_default: start from ``analysis/data/actors.yaml``.

    Returns:
        A :class:`Registry`; cached on the files, their modification times and sizes (an edit
        within the file system's timestamp resolution still shows in the size, mostly).

    Raises:
        RegistryError: a file is missing or invalid (names the file and the problem).
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    files: list[Path] = []
    if include_default and DEFAULT_REGISTRY.exists():
        files.append(DEFAULT_REGISTRY)
    for p in paths or []:
        p = Path(p)
        if not p.is_file():
            raise RegistryError(p, "registry file not found")
        files.append(p.resolve())
    return _load_cached(tuple(file_stamp(f) for f in files))


# --------------------------------------------------------------------------------------------------
# Cue words for discovering names


@dataclass(frozen=True)
class _Cues:
    person_titles: frozenset[str]
    person_nouns: frozenset[str]
    person_verbs: frozenset[str]
    org_suffixes: frozenset[str]
    org_heads: frozenset[str]
    place_suffixes: frozenset[str]
    place_prepositions: frozenset[str]
    name_particles: frozenset[str]
    not_names: frozenset[str]
    first_names: frozenset[str]
    common_words: frozenset[str]
    titles_or_not_names: frozenset[str] = frozenset()  # person_titles | not_names


@functools.lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw = load_yaml(NAME_CUES.read_text(encoding="utf-8"))
    lists = {
        k: frozenset(str(w).lower() for w in raw.get(k) or [])
        for k in _Cues.__dataclass_fields__
        if k != "titles_or_not_names"
    }
    return _Cues(**lists, titles_or_not_names=lists["person_titles"] | lists["not_names"])


# --------------------------------------------------------------------------------------------------
# Finding mentions


@dataclass(slots=True)
class _Mention:
    start: int  # character offsets into Article.text
    end: int
    actor_id: str
    kind: str  # resolved_by
    name: str = ""
    type: str = ""
    affiliation: str = ""


@dataclass
class _Found:
    """A discovered name (possibly several occurrences)."""

    key: str
    name: str
    n_tokens: int
    scores: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    cue: str = ""
    affiliation: str | None = None
    occurrences: list[tuple[int, int, bool]] = field(default_factory=list)  # (token i, token j, weak)

    def add_cue(self, kind: str, weight: float, why: str) -> None:
        """Evidence for type ``kind``; ``why`` becomes the cue if it is the first or the strongest."""
        sc = self.scores
        sc[kind] += weight
        if not self.cue or (
            weight >= 2 and sc[kind] == weight and not self.cue.startswith(("title", "preceded"))
        ):
            self.cue = why


_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_CAP_FIRST = rf"[{_UPPER}](?<![\w'’].)"  # a capital that starts a word
_CAP_REST = r"[^\W_]*(?:(?:['’](?![sS]\b)|&)[^\W_]+)*(?:\.(?:[^\W\d_]\.)*)?"
_CONNECT = (
    "of|for|and|in|on|the|de|da|di|del|della|der|den|van|von|bin|ibn|al|el|le|la|du|dos|das|y|upon|zu|ter|abu"
)
# Capitalised stretches of text, with connectors such as "of" between capitalised words: the only places
# where names can be, hence the only places that are tokenised. The pattern starts with a character class
# so that the regex engine skips lower-case text quickly.
CHUNK_RE = re.compile(
    rf"{_CAP_FIRST}{_CAP_REST}"
    rf"(?:(?<!\.)(?:[ \t\u00a0]+(?:(?:{_CONNECT})[ \t\u00a0]+)*|-)[{_UPPER}]{_CAP_REST})*"
)
_NEXT_WORD = re.compile(r"[ \t\u00a0]+([^\W\d_][\w'’-]*)")
_OPENERS = frozenset("\"“‘'([—–-*•")
# spaces and openers only (the \s class holds exactly the characters of str.isspace)
_LEAD = re.compile(r"[\s" + "".join(re.escape(ch) for ch in sorted(_OPENERS)) + "]*")
_ADJ_ENDINGS = ("an", "ian", "ese", "ish", "ic", "ean", "ern", "i")
_APPOS_DET = re.compile(r",[ \t]+(?:a|an|the|its|his|her|their)[ \t]+")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_AGE = re.compile(r",[ \t]+\d{1,3},")
_SHOUT_WORD = re.compile(r"\b[A-Z][A-Z'’.-]+\b")
_ANY_WORD = re.compile(r"\b[^\W\d_]{2,}")


@functools.lru_cache(maxsize=4096)
def _slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^0-9a-z]+", "_", s).strip("_") or "x"


def _sentence_bounds(sents: pd.DataFrame | None, text: str) -> tuple[list[int], list[int], list[int]]:
    if sents is None or len(sents) == 0:
        return [0], [len(text)], [0]
    return (
        column(sents, "start"),
        column(sents, "end"),
        column(sents, "sid"),
    )


class _Scan:
    """State of one article's scan: tokens of the capitalised chunks, registry hits, discovered names."""

    def __init__(self, article: Article, sents: pd.DataFrame | None, reg: Registry):
        self.text = text = article.text
        self.reg = reg
        self.actors = reg._by_id
        self.cues = _cues()
        self.day = (article.date or "")[:10] or None
        chunks = [(c.start(), _chunk_tokens(c.group())) for c in CHUNK_RE.finditer(text)]
        toks = [t for _, ts in chunks for t in ts]
        offsets = [c0 for c0, ts in chunks for _ in ts]  # the start of each token's chunk
        # columns of the tokens; T, L and cap (could start a name) are tuples, read only
        rel_starts, rel_ends, T, L, gaps, self.cap = zip(*toks, strict=True) if toks else ((),) * 6
        S = list(map(add, offsets, rel_starts))
        E = list(map(add, offsets, rel_ends))
        G = list(gaps)  # gap kind between token i-1 and token i
        first = [i for i, a in enumerate(rel_starts) if not a]  # tokens that open a chunk
        for i in first[1:]:  # the gap from the previous chunk: mostly lower-case text
            G[i] = _gap_kind(text[E[i - 1] : S[i]])
        self.S, self.E, self.T, self.L, self.G, self.chunk_first = S, E, T, L, G, set(first)
        self.n = len(T)
        self.s_starts, self.s_ends, self.sids = _sentence_bounds(sents, text)
        self.owner: list[int] = [-1] * self.n  # token -> index in self.mentions
        self.blocked: list[bool] = [False] * self.n  # tokens of role phrases: not names
        self.mentions: list[_Mention] = []
        self._shout_cache: dict[int, bool] = {}
        self._lower_cache: dict[str, bool] = {}
        self._initial_cache: dict[int, bool] = {}

    # -- text facts -----------------------------------------------------------------------------------
    def sent_index(self, pos: int) -> int:
        """Index of the sentence holding character ``pos`` (the first one for text before it)."""
        k = bisect_right(self.s_starts, pos) - 1
        return k if k > 0 else 0

    def initial(self, i: int) -> bool:
        """Whether token i opens a sentence or a line (after any opening quote or bracket)."""
        if self.G[i] == _SPACED and i not in self.chunk_first:
            return False
        v = self._initial_cache.get(i)
        if v is None:
            v = self._initial_cache[i] = self._opens(i)
        return v

    def _opens(self, i: int) -> bool:
        """:meth:`initial` for a token that does not follow a name on the same line."""
        s = self.S[i]
        lead = self.s_starts[self.sent_index(s)]
        if lead > s or _LEAD.fullmatch(self.text, lead, s):  # only spaces and openers since its start
            return True
        before = self.text[max(0, s - 3) : s].rstrip(" \t\"“‘'([")
        return not before or before.endswith((":", "\n"))

    def shouting(self, i: int) -> bool:
        """Whether token i sits in an ALL-CAPS sentence (a headline), where capitals say nothing."""
        if not self.T[i].isupper():
            return False
        k = self.sent_index(self.S[i])
        v = self._shout_cache.get(k)
        if v is None:
            seg = self.text[self.s_starts[k] : self.s_ends[k]]
            caps = len(_SHOUT_WORD.findall(seg))
            v = self._shout_cache[k] = caps >= 2 and caps >= 0.6 * len(_ANY_WORD.findall(seg))
        return v

    def used_lowercase(self, word: str) -> bool:
        """Whether ``word`` (lower case) occurs in lower case in the text: then it is a common word."""
        v = self._lower_cache.get(word)
        if v is None:
            text, n = self.text, len(word)
            k = text.find(word)
            v = False
            while k >= 0:
                if (k == 0 or not (text[k - 1].isalnum() or text[k - 1] == "-")) and not (
                    text[k + n : k + n + 1].isalnum() or text[k + n : k + n + 1] == "-"
                ):
                    v = True
                    break
                k = text.find(word, k + 1)
            self._lower_cache[word] = v
        return v

    def prev_word(self, pos: int) -> str:
        """The word right before character ``pos`` (separated by spaces only), or ''."""
        text = self.text
        k = pos
        while k > 0 and text[k - 1] in " \t\u00a0":
            k -= 1
        if k == pos:
            return ""
        j = k
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "'’.-"):
            j -= 1
        w = text[j:k]
        return w if w[:1].isalpha() else ""

    def next_word(self, pos: int) -> str:
        m = _NEXT_WORD.match(self.text, pos)
        return m.group(1) if m else ""

    def spaced(self, i: int) -> bool:
        """Whether only spaces (on one line) separate token i from token i-1."""
        return self.G[i] == _SPACED

    def add(self, m: _Mention) -> int:
        """Add mention ``m``; its tokens now belong to it. Returns its index."""
        return self._own(m, bisect_left(self.S, m.start), bisect_left(self.S, m.end))

    def _own(self, m: _Mention, lo: int, hi: int) -> int:
        """Add mention ``m`` made of tokens lo..hi-1."""
        self.mentions.append(m)
        k = len(self.mentions) - 1
        self.owner[lo:hi] = [k] * (hi - lo)
        return k

    def mention_ending_before(self, pos: int) -> int:
        """Index of the mention that ends right before ``pos`` (spaces or a possessive between), or -1."""
        before = self.text[max(0, pos - 4) : pos]
        stripped = before.rstrip()
        if stripped.endswith(("'s", "’s")):
            stripped = stripped[:-2]
        end = pos - len(before) + len(stripped)
        k = bisect_left(self.E, end)
        if k < self.n and self.E[k] == end and self.owner[k] >= 0:
            return self.owner[k]
        return -1

    def country_of(self, mk: int) -> str | None:
        """:func:`_country` of mention ``mk``'s actor (None for an actor no registry knows)."""
        a = self.actors.get(self.mentions[mk].actor_id)
        return None if a is None else _country(a)

    # -- 1. registry -------------------------------------------------------------------------------------
    def registry_pass(self) -> None:
        reg = self.reg
        index, second_keys, token_hits, actors = reg._index, reg._second_keys, reg._token_hits, self.actors
        S, E, T, L, n = self.S, self.E, self.T, self.L, self.n
        nxt = 0  # the first token not inside a mention found so far
        for i in [i for i, key in enumerate(L) if key in index]:
            if i < nxt:
                continue
            key = L[i]
            groups = index[key]
            hit = _UNSEEN
            if groups[-1][0] == 1 and (i + 1 == n or L[i + 1] not in second_keys[key]):
                # no longer entry can match: the cached one-token hit of the token, if any
                hit = token_hits.get(T[i], _UNSEEN)
                groups = groups[-1:]
            if hit is _UNSEEN:
                hit = self._match(i, groups)
            if hit is not None:
                actor = actors[hit.actor_id]
                nxt = i + len(hit.toks)
                self._own(_Mention(S[i], E[nxt - 1], hit.actor_id, hit.kind, actor.name, actor.type), i, nxt)

    def _match(
        self, i: int, groups: Sequence[tuple[int, Mapping[tuple[str, ...], tuple[_Entry, ...]]]]
    ) -> _Entry | None:
        """The first entry (longest first) whose tokens, case and spacing match at token i."""
        n = self.n
        for k, by_keys in groups:
            if k == 1:  # the last group: one-token entries, whose match depends on the token alone
                t = self.T[i]
                hit = self.reg._token_hits.get(t, _UNSEEN)
                if hit is _UNSEEN:
                    entries = by_keys[(self.L[i],)]
                    hit = next(
                        (e for e in entries if e.toks[0] == t or _case_ok(t, e.toks[0], e.strict[0])), None
                    )
                    self.reg._token_hits[t] = hit
                return hit
            if i + k > n:
                continue
            entries = by_keys.get(tuple(self.L[i : i + k]))
            if entries is None:
                continue
            toks, gaps = tuple(self.T[i : i + k]), tuple(self.G[i + 1 : i + k])
            for e in entries:
                if e.gaps == gaps and (e.toks == toks or all(map(_case_ok, toks, e.toks, e.strict))):
                    return e
        return None

    # -- 3a. role phrases (found before discovery, resolved after) ---------------------------------------
    def role_phrases(self) -> list[tuple[int, int, str, str, int]]:
        """(start, end, role, country id, index of the country mention inside the phrase)."""
        out: list[tuple[int, int, str, str, int]] = []
        titles = self.reg._titles
        if titles is None:
            return out
        text, title_country = self.text, self.reg._title_country
        for mk, m in enumerate(self.mentions):
            country = title_country.get(m.actor_id)
            if country is None:
                continue
            t = titles.match_after(text, m.end)
            if t is not None:
                if _NAME_NEXT.match(text, t.end()):
                    continue  # "Ukrainian President Volodymyr Zelenskyy": the name wins
                out.append((m.start, t.end(), self.reg.titles[_title_key(t.group(1))], country, mk))
                continue
            if not text[max(0, m.start - 8) : m.start].lower().endswith(("of ", "of the ")):
                continue
            b = titles.search_before(text, max(0, m.start - 60), m.start)
            if b is not None:
                out.append((b.start(1), m.end, self.reg.titles[_title_key(b.group(1))], country, mk))
        return out

    # -- 4. discovery -------------------------------------------------------------------------------------
    def runs(self) -> list[tuple[int, int]]:
        """Maximal capitalised token runs not covered by registry mentions (outside headlines)."""
        out = []
        c = self.cues
        T, L, G, cap, n = self.T, self.L, self.G, self.cap, self.n
        owner = [o if not b else 0 for o, b in zip(self.owner, self.blocked, strict=True)]
        i = 0
        while i < n:
            if owner[i] >= 0 or not cap[i] or (T[i].isupper() and self.shouting(i)):
                i += 1
                continue
            j = i + 1
            while j < n and owner[j] < 0:
                if G[j] == _SPACED:
                    if cap[j]:
                        j += 1
                        continue
                    nxt = j + 1 < n and owner[j + 1] < 0 and G[j + 1] == _SPACED and cap[j + 1]
                    if nxt and (
                        L[j] in c.name_particles or (L[j] in ("of", "for") and L[j - 1] in c.org_heads)
                    ):
                        j += 2
                        continue
                elif G[j] == _ADJACENT and T[j] in ("-", "&") and j + 1 < n and G[j + 1] == _ADJACENT:
                    if owner[j + 1] < 0 and cap[j + 1]:
                        j += 2
                        continue
                break
            out.append((i, j))
            i = j
        return out

    def discover(self) -> dict[str, _Found]:
        c = self.cues
        T, L = self.T, self.L
        found: dict[str, _Found] = {}
        for i0, j in self.runs():
            i = i0
            title_cue = ""
            org_like = L[j - 1] in c.org_suffixes
            while i < j:
                w = L[i]
                if w in c.common_words:
                    i += 1
                elif not org_like and w in c.person_titles and j - i > 1:
                    title_cue = title_cue or T[i]
                    i += 1
                elif j - i > 1 and self.initial(i) and self.used_lowercase(w):
                    i += 1
                else:
                    break
            while j > i and L[j - 1] in c.name_particles:
                j -= 1
            if i >= j or c.titles_or_not_names.issuperset(L[i:j]):
                continue
            prev = self.prev_word(self.S[i]) if i == i0 else ""
            if prev and prev[0].isupper() and _norm(prev) in c.person_titles:
                title_cue = prev  # "President Sauli Niinisto" where the title is outside the run
            weak = not title_cue and self.initial(i)
            if (
                weak
                and j - i == 1
                and (L[i] in c.common_words or L[i] in c.person_titles or self.used_lowercase(L[i]))
            ):
                continue
            nxt = self.next_word(self.E[j - 1])
            if (
                j - i == 1
                and not title_cue
                and L[i].endswith(_ADJ_ENDINGS)
                and nxt[:1].islower()
                and nxt not in c.common_words
            ):
                continue  # an adjective ("Western guarantees"), not an actor
            name = self.text[self.S[i] : self.E[j - 1]]
            key = " ".join(L[i:j])
            f = found.get(key)
            if f is None:
                f = found[key] = _Found(key, name, j - i)
            f.occurrences.append((i, j, weak))
            self._evidence(f, i, j, title_cue, prev, nxt)
        return found

    def _evidence(self, f: _Found, i: int, j: int, title_cue: str, prev: str, nxt: str) -> None:
        c = self.cues
        T, L = self.T, self.L
        sc = f.scores
        cue = f.add_cue
        last, first = L[j - 1], L[i]
        start, end = self.S[i], self.E[j - 1]
        if last in c.org_suffixes or "&" in T[i:j]:
            cue("organization", 3, f"organisation word: {T[j - 1]}")
        if first in c.org_heads and "of" in L[i:j]:
            cue("organization", 3, f"organisation word: {T[i]}")
        if last in c.place_suffixes:
            cue("place", 2.5, f"place word: {T[j - 1]}")
        if title_cue:
            cue("person", 3, f"title: {title_cue}")
            self._affiliation_before(f, self.S[i] if i > 0 else start)
        if prev and prev[0].islower() and _norm(prev) in c.person_nouns:
            cue("person", 3, f"preceded by: {prev}")
            self._affiliation_before(f, start - len(prev) - 1)
        if j - i > 1 and first in c.first_names:
            cue("person", 2.5, f"first name: {T[i]}")
        elif j - i == 1 and first in c.first_names:
            cue("person", 1, f"first name: {T[i]}")
        if self.text.startswith(",", end):
            self._apposition(f, end)
        if nxt and _norm(nxt) in c.person_verbs:
            cue("person", 1, f"followed by: {nxt}")
        if prev and prev[0].islower() and prev in c.place_prepositions:
            cue("place", 1.5, f"preceded by: {prev}")
        if j - i == 1 and len(T[i]) > 1 and T[i].isupper():
            cue("organization", 1.2, "acronym")
        if j - i > 1:
            sc["person"] += 0.5
        else:
            sc["place"] += 0.3
        if not f.cue:
            f.cue = "capitalised"

    def _apposition(self, f: _Found, end: int) -> None:
        """ ", a former U.S. ambassador" after a name: a person cue (and maybe an affiliation)."""
        c = self.cues
        cue = f.add_cue
        m = _APPOS_DET.match(self.text, end)
        if m is None:
            if _AGE.match(self.text, end):
                cue("person", 2, "apposition: age")
            return
        prev_end = m.end()
        for k, w in enumerate(_WORD.finditer(self.text, m.end(), min(len(self.text), m.end() + 80))):
            if k >= 6 or (w.start() > prev_end and not self.text[prev_end : w.start()].isspace()):
                return
            word = w.group().rstrip(".")
            prev_end = w.start() + len(word)
            if word[0].islower() and _norm(word) in c.person_nouns:
                cue("person", 2, f"apposition: {self.text[end + 1 : prev_end].strip()}")
                self._affiliation_in(f, m.end(), w.start())
                return
            if word[0].islower() and _norm(word) in c.org_suffixes:
                return
            prev_end = w.end()

    def _affiliation_before(self, f: _Found, pos: int) -> None:
        """A country mention right before a cue ("Ukraine analyst", "Russian Foreign Minister")."""
        if f.affiliation is not None:
            return
        k = bisect_left(self.S, pos) - 1
        for x in range(k, max(k - 4, -1), -1):
            mk = self.owner[x]
            if mk >= 0:
                f.affiliation = self.country_of(mk)
                return
            if self.L[x] not in self.cues.person_titles:
                break
        prev = self.prev_word(pos)
        if prev and ((p := _norm(prev)) in self.cues.person_nouns or p in self.cues.person_titles):
            mk = self.mention_ending_before(pos - len(prev) - 1)
            if mk >= 0:
                f.affiliation = self.country_of(mk)
                return
        mk = self.mention_ending_before(pos)
        if mk >= 0:
            f.affiliation = self.country_of(mk)

    def _affiliation_in(self, f: _Found, lo: int, hi: int) -> None:
        """The first country mention between characters lo and hi."""
        if f.affiliation is not None:
            return
        for x in range(bisect_left(self.S, lo), bisect_left(self.S, hi)):
            mk = self.owner[x]
            if mk >= 0 and self.country_of(mk):
                f.affiliation = self.country_of(mk)
                return


_NAME_NEXT = re.compile(rf"[ \t\u00a0]+[{_UPPER}]")


def _title_key(s: str) -> str:
    return " ".join(s.lower().split())


_TITLE_PREFIXES = ("former", "then", "acting", "new")
_LETTERS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class _TitleMatcher:
    """The title regexes, behind word tests that rule out most positions without running them.

    The regexes try every title at every position, which is slow; a title can only match where the
    word next to the country mention is one of the titles' first (or last) words. ``opener`` matches
    the words that open a title after a mention (``after`` without the rest of each title, with the
    same case folding); the test of last words compares lower-cased ASCII words, so it is skipped for
    non-ASCII text, where case folding differs. Both tests are only used when every title is ASCII
    (``opener`` and ``last_words`` are None otherwise).
    """

    after: re.Pattern[str]  # "<country>['s] [former] <title>", matched at the end of the mention
    before: re.Pattern[str]  # "<title> of [the] <country>", searched before the mention
    opener: re.Pattern[str] | None  # "['s] <first word of a title, or a prefix such as 'former'>"
    last_words: tuple[str, ...] | None  # last word of each title

    def match_after(self, text: str, pos: int) -> re.Match[str] | None:
        """``after.match(text, pos)``."""
        if self.opener is not None and self.opener.match(text, pos) is None:
            return None
        return self.after.match(text, pos)

    def search_before(self, text: str, lo: int, hi: int) -> re.Match[str] | None:
        """``before.search(text, lo, hi)``."""
        if self.last_words is not None:
            tail = text[max(lo, hi - 7) : hi]
            if tail.isascii():
                tail = tail.lower()
                core_end = hi - 7 if tail.endswith("of the ") else hi - 3 if tail.endswith("of ") else -1
                if core_end >= lo:
                    core = text[lo:core_end]
                    title = core.rstrip(" \t")
                    if len(title) == len(core):
                        return None  # no space between the title and "of"
                    if title.isascii() and not title.lower().endswith(self.last_words):
                        return None
        return self.before.search(text, lo, hi)


def _title_matcher(titles: Iterable[str]) -> _TitleMatcher | None:
    """The matcher for "<country> <title>" (after a country mention) and "<title> of" (before one)."""
    alts = sorted({_title_key(t) for t in titles}, key=lambda t: (-len(t), t))
    if not alts:
        return None
    alt = "|".join(r"[ \t]+".join(re.escape(w) for w in t.split()) for t in alts)
    after = re.compile(
        rf"(?:['’]s)?[ \t]+(?:(?:{'|'.join(_TITLE_PREFIXES)})[ \t]+)?({alt})(?![\w-])", re.IGNORECASE
    )
    before = re.compile(rf"(?<![\w-])({alt})[ \t]+of[ \t]+(?:the[ \t]+)?$", re.IGNORECASE)
    first = [_LETTERS.match(t) for t in alts]
    if all(t.isascii() for t in alts) and all(first):
        # the letters a title (or a prefix) opens with, as a whole word: the next character of each
        # title is ASCII but no letter, so where ``after`` matches, so does ``opener``
        words = sorted({m.group() for m in first if m is not None} | set(_TITLE_PREFIXES))
        opener = re.compile(rf"(?:['’]s)?[ \t]+(?:{'|'.join(words)})(?![a-z])", re.IGNORECASE)
        return _TitleMatcher(after, before, opener, tuple(t.split()[-1] for t in alts))
    return _TitleMatcher(after, before, None, None)


def _resolve_found(scan: _Scan, found: dict[str, _Found]) -> None:
    """Type the discovered names, attach short forms, and add them as mentions."""
    reg = scan.reg
    persons_seen: dict[str, list[tuple[int, str]]] = defaultdict(list)  # surname key -> [(start, actor id)]
    for m in scan.mentions:
        a = scan.actors.get(m.actor_id)
        if a is not None and a.type == "person":
            k = bisect_left(scan.S, m.start)
            j = bisect_left(scan.S, m.end)
            if j - k > 1:
                persons_seen[scan.L[j - 1]].append((m.start, a.id))
    typed: dict[str, tuple[str, str]] = {}
    for key in sorted(found):
        f = found[key]
        sc = f.scores
        if all(w for _, _, w in f.occurrences) and max(sc.values(), default=0) < 1:
            continue  # only ever sentence-initial, with no evidence: a common word
        typ = max(sorted(sc), key=sc.__getitem__) if sc else "place"
        typed[key] = (typ, f"{typ}:{_slug(f.name)}")
        if typ == "person" and f.n_tokens > 1:
            for i, _j, _w in f.occurrences:
                persons_seen[key.split()[-1]].append((scan.S[i], typed[key][1]))
    info = {aid: (found[k].name, typ, found[k].affiliation or aid) for k, (typ, aid) in typed.items()}
    for key in sorted(found, key=lambda k: found[k].occurrences[0][0]):
        f = found[key]
        for i, j, _weak in f.occurrences:
            start, end = scan.S[i], scan.E[j - 1]
            target = None
            if f.n_tokens == 1:
                target = _short_form(persons_seen.get(key), start)
                if target is None and key in reg._surnames and len(reg._surnames[key]) == 1:
                    target = reg._surnames[key][0]
            if target is not None:
                scan._own(_Mention(start, end, target, "short_form", *info.get(target, ("", "", ""))), i, j)
            elif key in typed:
                typ, aid = typed[key]
                scan._own(_Mention(start, end, aid, "discovered", f.name, typ, f.affiliation or aid), i, j)


def _short_form(seen: list[tuple[int, str]] | None, pos: int) -> str | None:
    """The full name nearest before character ``pos`` (else the first one after it)."""
    if not seen:
        return None
    before = [(t, a) for t, a in seen if t < pos]
    return max(before)[1] if before else min(seen)[1]


def _resolve_roles(scan: _Scan, phrases: list[tuple[int, int, str, str, int]]) -> None:
    reg = scan.reg
    mentioned = {m.actor_id for m in scan.mentions}
    drop: set[int] = set()
    for start, end, role, country, replaced in phrases:
        holders = reg._holders.get((role, country), ())
        if scan.day:
            ok = sorted({a for a, r in holders if r.holds_on(scan.day)})
        else:
            ok = sorted({a for a, _ in holders if a in mentioned})
        if len(ok) != 1:
            continue
        drop.add(replaced)
        a = reg.actors[ok[0]]
        scan.mentions.append(_Mention(start, end, a.id, "role", a.name, a.type))
    if drop:
        scan.mentions = [m for k, m in enumerate(scan.mentions) if k not in drop]


def _headline_pass(scan: _Scan) -> None:
    """ALL-CAPS headlines: match names already discovered in the body (e.g. "LEICESTERSHIRE")."""
    upper = [i for i, t in enumerate(scan.T) if t.isupper() and len(t) > 1]
    if not any(scan.owner[i] < 0 and scan.shouting(i) for i in upper):
        return
    known: dict[tuple[str, ...], _Mention] = {}
    for m in scan.mentions:
        if m.kind in ("discovered", "short_form"):
            known.setdefault(tuple(_norm(t) for t in _tokenize(m.name or scan.text[m.start : m.end])[2]), m)
            known.setdefault(tuple(_norm(t) for t in _tokenize(scan.text[m.start : m.end])[2]), m)
    if not known:
        return
    longest = max(len(k) for k in known)
    covered = {t for t in range(scan.n) if scan.owner[t] >= 0}
    i = 0
    while i < scan.n:
        if i in covered or not scan.shouting(i):
            i += 1
            continue
        for k in range(min(longest, scan.n - i), 0, -1):
            m = known.get(tuple(scan.L[i : i + k]))
            if (
                m is not None
                and not covered.intersection(range(i, i + k))
                and all(scan.spaced(x) for x in range(i + 1, i + k))
            ):
                scan.add(
                    _Mention(scan.S[i], scan.E[i + k - 1], m.actor_id, m.kind, m.name, m.type, m.affiliation)
                )
                i += k
                break
        else:
            i += 1


def find_mentions(
    article: Article, sents: pd.DataFrame | None, registry: Registry | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actor mentions of one article, and the discovered names no registry knows.

    Args:
        article: the article (``article.date`` resolves dated roles).
        sents: its sentence table (``sid``, ``start``, ``end`` are used).
        registry: the actor registry (default: :func:`load_registry`).

    Returns:
        ``(mentions, unresolved)`` with the columns of docs/data-model.md; mentions ordered by start.
    """
    reg = registry if registry is not None else load_registry()
    scan = _Scan(article, sents, reg)
    scan.registry_pass()
    phrases = scan.role_phrases()
    for start, end, *_ in phrases:
        for t in range(bisect_left(scan.S, start), bisect_left(scan.S, end)):
            scan.blocked[t] = True
    found = scan.discover()
    _resolve_found(scan, found)
    _resolve_roles(scan, phrases)
    _headline_pass(scan)
    return _mention_frame(scan), _unresolved_frame(scan, found)


_KINDS = {"mid": "i", "sid": "i", "start": "i", "end": "i", "mentions": "i", "first_start": "i"}


def _frame(rows: list[tuple], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame from row tuples: integer columns as int64, the others as strings."""
    return frame_from_rows(columns, rows, "".join(_KINDS.get(c, "s") for c in columns))


def _mention_frame(scan: _Scan) -> pd.DataFrame:
    ms = sorted(scan.mentions, key=attrgetter("start", "end"))
    ids = [m.actor_id for m in ms]
    starts = [m.start for m in ms]
    ends = [m.end for m in ms]
    actors = [scan.actors.get(aid) for aid in ids]
    sids, text = scan.sids, scan.text
    columns = (
        range(len(ms)),
        ids,
        [a.name if a is not None else m.name for a, m in zip(actors, ms, strict=True)],
        [a.type if a is not None else m.type for a, m in zip(actors, ms, strict=True)],
        [
            (a.affiliation or a.id) if a is not None else (m.affiliation or m.actor_id)
            for a, m in zip(actors, ms, strict=True)
        ],
        [text[a:b] for a, b in zip(starts, ends, strict=True)],
        [sids[scan.sent_index(start)] for start in starts],
        starts,
        ends,
        [m.kind for m in ms],
    )
    return frame(MENTION_COLUMNS, columns, "".join(_KINDS.get(c, "s") for c in MENTION_COLUMNS))


def _unresolved_frame(scan: _Scan, found: dict[str, _Found]) -> pd.DataFrame:
    by_id: dict[str, list[_Mention]] = defaultdict(list)
    for m in scan.mentions:
        if m.actor_id not in scan.actors:
            by_id[m.actor_id].append(m)
    cue_of = {}
    for f in found.values():
        for i, _j, _w in f.occurrences:
            cue_of[scan.S[i]] = f
    rows = []
    for aid, ms in by_id.items():
        disc = [m for m in ms if m.kind == "discovered"]
        ref = max(disc, key=lambda m: (m.end - m.start, -m.start)) if disc else ms[0]
        f = cue_of.get(ref.start)
        rows.append((aid, ref.name, ref.type, len(ms), min(m.start for m in ms), f.cue if f else ""))
    rows.sort(key=lambda r: (r[4], r[0]))
    return _frame(rows, UNRESOLVED_COLUMNS)


# --------------------------------------------------------------------------------------------------
# Tables over mentions


def actor_table(mentions: pd.DataFrame, sent_sent: pd.DataFrame) -> pd.DataFrame:
    """One row per actor: mentions, first appearance, and tone.

    Args:
        mentions: output of :func:`find_mentions` (or :func:`at_level`).
        sent_sent: sentence sentiment (``sid``, ``compound``).

    Returns:
        DataFrame[actor_id, name, type, affiliation, mentions, first_sid, first_start, tone], ordered by
        mentions (descending), then first appearance. ``tone`` = mean compound of the distinct sentences
        that mention the actor (NaN without sentiment).
    """
    compound = (
        dict(zip(column(sent_sent, "sid"), column(sent_sent, "compound"), strict=True))
        if len(sent_sent)
        else {}
    )
    aids, sids, starts = (column(mentions, c) for c in ("actor_id", "sid", "start"))
    stats: dict[str, tuple[list[int], set[int]]] = {}  # actor -> ([mentions, row of the first], sentences)
    for k, (aid, sid, start) in enumerate(zip(aids, sids, starts, strict=True)):
        st = stats.get(aid)
        if st is None:
            stats[aid] = ([1, k], {sid})
            continue
        st[0][0] += 1
        st[1].add(sid)
        if start < starts[st[0][1]]:
            st[0][1] = k
    names, types, affs = (column(mentions, c) for c in ("name", "type", "affiliation"))
    rows = []
    for aid, ((count, k), in_sids) in stats.items():
        tones = [compound[s] for s in sorted(in_sids) if s in compound]
        tone = float(sum(tones) / len(tones)) if tones else float("nan")
        rows.append((aid, names[k], types[k], affs[k], count, min(in_sids), starts[k], tone))
    rows.sort(key=lambda r: (-r[4], r[6], r[0]))
    return frame_from_rows(ACTOR_TABLE_COLUMNS, rows, "ssssiiif")


def at_level(mentions: pd.DataFrame, level: str, registry: Registry | None = None) -> pd.DataFrame:
    """Mentions counted at ``actor`` level (unchanged) or ``affiliation`` level (person -> country).

    Args:
        mentions: output of :func:`find_mentions`.
        level: ``"actor"`` or ``"affiliation"``.
        registry: names/types of affiliations not mentioned themselves (default registry if None).

    Returns:
        A copy of ``mentions``; at affiliation level ``actor_id``, ``name`` and ``type`` are those of
        the affiliation.
    """
    if level == "actor":
        return mentions.copy()
    if level != "affiliation":
        raise ValueError(f"level must be 'actor' or 'affiliation', not {level!r}")
    out = mentions.copy()
    if len(out) == 0:
        return out
    info = {a: (n, t) for a, n, t in zip(out["actor_id"], out["name"], out["type"], strict=True)}
    missing = set(out["affiliation"]) - set(info)
    if missing:
        reg = registry if registry is not None else load_registry()
        for a in missing:
            actor = reg.get(a)
            info[a] = (actor.name, actor.type) if actor is not None else (a, "organization")
    out["actor_id"] = out["affiliation"]
    out["name"] = [info[a][0] for a in out["affiliation"]]
    out["type"] = [info[a][1] for a in out["affiliation"]]
    return out
