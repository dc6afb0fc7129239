"""The event lexicon: PLOVER types, their quads, and the verbs and nouns that assert them.

Reads ``analysis/data/plover_verbs.yaml`` (documented there) and users' files of the same shape,
which extend it. Pure data loading: no text is searched here (see :mod:`analysis.events.extract`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from analysis.datafiles import file_stamp, read_yaml
from analysis.errors import PathError
from analysis.quotes import trie_alternation

#: The 16 PLOVER event types, in the manual's order, and their quad class.
QUAD_OF: dict[str, str] = {
    "AGREE": "verbal cooperation",
    "CONSULT": "verbal cooperation",
    "SUPPORT": "verbal cooperation",
    "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation",
    "AID": "material cooperation",
    "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict",
    "ACCUSE": "verbal conflict",
    "REJECT": "verbal conflict",
    "THREATEN": "verbal conflict",
    "PROTEST": "material conflict",
    "SANCTION": "material conflict",
    "MOBILIZE": "material conflict",
    "COERCE": "material conflict",
    "ASSAULT": "material conflict",
}
PLOVER_TYPES: tuple[str, ...] = tuple(QUAD_OF)
QUADS: tuple[str, ...] = (
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
)
_FLAGS = ("direct", "symmetric", "reciprocal", "passive_from", "content", "infinitive")


class LexiconError(PathError):
    """A malformed event lexicon file: names the file and the reason."""

    unnamed = "analysis/data/plover_verbs.yaml"

    def __init__(self, path: str | None, reason: str):
        super().__init__(path or None, reason)  # an empty path is the packaged file too


@dataclass(frozen=True)
class VerbEntry:
    """One event verb: its lemma, PLOVER type, target prepositions and frame flags."""

    lemma: str
    plover: str
    preps: tuple[str, ...] = ()
    direct: bool = True
    symmetric: bool = False
    reciprocal: bool = False
    passive_from: bool = False
    content: bool = False
    infinitive: bool = False


@dataclass(frozen=True)
class EventLexicon:
    """Verb forms and nouns with their entries, and the two search patterns.

    ``verb_pattern``/``noun_pattern`` match a form (group ``w``) with the character before it:
    search them with :func:`analysis.quotes.verb_matches`.
    """

    verbs: dict[str, VerbEntry]
    nouns: dict[str, str]
    definitions: dict[str, str]
    verb_pattern: re.Pattern[str]
    noun_pattern: re.Pattern[str]


def inflect(lemma: str) -> list[str]:
    """Regular forms of a verb (the first word inflected, particles kept): base, -s, -ed, -ing."""
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith("e"):
        forms = [head, head + "s", head + "d", head[:-1] + "ing"]
    elif re.search(r"[^aeiou]y$", head):
        forms = [head, head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    elif re.search(r"(?:s|sh|ch|x|z)$", head):
        forms = [head, head + "es", head + "ed", head + "ing"]
    else:
        forms = [head, head + "s", head + "ed", head + "ing"]
    return [f + tail for f in forms]


def load_lexicon(path: str | None = None) -> EventLexicon:
    """The packaged event lexicon, extended by the user's file at ``path`` if given.

    Cached on the file, its modification time and size: an edited file is read again.

    Raises:
        LexiconError: the file is malformed (unknown type, entry without lemma ...).
    """
    return _lexicon(None if path is None else file_stamp(path))


def _entries(data: Any, where: str | None) -> tuple[list[VerbEntry | tuple[str, list[str]]], dict[str, str]]:
    if not isinstance(data, dict):
        raise LexiconError(where, "expected a mapping with 'verbs' and/or 'nouns'")
    out: list[Any] = []
    nouns: dict[str, str] = {}
    for section in ("verbs", "nouns"):
        block = data.get(section) or {}
        if not isinstance(block, dict):
            raise LexiconError(where, f"'{section}' must map PLOVER types to lists")
        for plover in block:
            if plover not in QUAD_OF:
                raise LexiconError(where, f"unknown PLOVER type {plover!r} in '{section}'")
            items = block[plover] or []
            if not isinstance(items, list):
                raise LexiconError(where, f"'{section}.{plover}' must be a list")
            for item in items:
                if section == "nouns":
                    nouns[str(item).lower()] = plover
                    continue
                spec = {"lemma": item} if isinstance(item, str) else item
                if not isinstance(spec, dict) or not spec.get("lemma"):
                    raise LexiconError(where, f"verb entry without lemma under {plover}: {item!r}")
                unknown = set(spec) - {"lemma", "forms", "preps", *_FLAGS}
                if unknown:
                    raise LexiconError(where, f"unknown key(s) {sorted(unknown)} in entry {spec['lemma']!r}")
                entry = VerbEntry(
                    lemma=str(spec["lemma"]),
                    plover=plover,
                    preps=tuple(str(p) for p in spec.get("preps") or ()),
                    **{k: bool(spec[k]) for k in _FLAGS if k in spec},
                )
                forms = [str(f) for f in spec.get("forms") or inflect(entry.lemma)]
                out.append((entry, forms))
    return out, nouns


@lru_cache(maxsize=8)
def _lexicon(stamp: tuple[str, int, int] | None) -> EventLexicon:
    base = read_yaml("plover_verbs.yaml")
    definitions = {t: str((base.get("types") or {}).get(t, {}).get("definition", "")) for t in QUAD_OF}
    layers = [_entries(base, None)]
    if stamp is not None:
        try:
            user = read_yaml("plover_verbs.yaml", stamp[0])
        except Exception as e:  # YAML syntax errors and unreadable files alike
            raise LexiconError(stamp[0], f"cannot read ({type(e).__name__}: {e})") from None
        layers.append(_entries(user, stamp[0]))
    verbs: dict[str, VerbEntry] = {}
    nouns: dict[str, str] = {}
    for entries, layer_nouns in layers:
        lemmas = {e.lemma for e, _ in entries}
        verbs = {f: e for f, e in verbs.items() if e.lemma not in lemmas}  # a user lemma replaces ours
        for entry, forms in entries:
            for f in forms:
                verbs[" ".join(f.lower().split())] = entry
        nouns.update(layer_nouns)
    verb_pattern = re.compile(r"[^0-9A-Z_a-z](?P<w>" + trie_alternation(sorted(verbs)) + r")\b")
    noun_pattern = re.compile(r"[^0-9A-Z_a-z](?P<w>" + trie_alternation(sorted(nouns)) + r")\b")
    return EventLexicon(verbs, nouns, definitions, verb_pattern, noun_pattern)
