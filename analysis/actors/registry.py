"""The actor registry: YAML files of people, countries and organisations with dated roles.

Holds the data classes (:class:`Actor`, :class:`Role`, :class:`Registry`), reading and validating the
YAML files, and the lookup tables compiled for matching. It reads files but never looks at articles.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from analysis.actors.lexing import _ADJACENT, _SPACED, _norm, _strict, _tokenize
from analysis.actors.titles import _title_key, _title_matcher, _TitleMatcher
from analysis.datafiles import DataFileError, file_stamp, read_yaml_file
from analysis.errors import PathError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_REGISTRY = DATA_DIR / "actors.yaml"

ACTOR_TYPES = ("person", "country", "organization", "group", "place")
_COUNTRY_LIKE = ("country", "organization", "group")  # actors that are their own "country" for titles


def _country(a: Actor) -> str | None:
    """The country (or organization, group) an actor stands for beside a title or as an affiliation:
    itself when it is country-like, else its affiliation."""
    return a.id if a.type in _COUNTRY_LIKE else a.affiliation


class RegistryError(PathError):
    """An actor registry file is invalid.

    Attributes:
        path: the YAML file at fault.
        reason: what is wrong with it.
    """

    unnamed = "<registry>"


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
        raw = read_yaml_file(path)
    except DataFileError as exc:  # unreadable, not UTF-8 (byte offset named) or invalid YAML
        raise RegistryError(path, exc.reason) from exc
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
