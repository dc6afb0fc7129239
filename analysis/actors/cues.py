"""Cue words for discovering proper names that no registry knows (``analysis/data/name_cues.yaml``).

Holds the loaded word lists (lower case); reading the file is its only job.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from analysis.datafiles import load_yaml

NAME_CUES = Path(__file__).resolve().parent.parent / "data" / "name_cues.yaml"


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
    outlets: frozenset[str]
    page_furniture: frozenset[str]
    non_actor_names: frozenset[str]
    non_actor_heads: frozenset[str]
    contractions: frozenset[str]
    title_tails: frozenset[str]
    honorifics: frozenset[str]
    title_ends: frozenset[str]
    outlet_suffixes: frozenset[str]
    adjective_titles: frozenset[str]
    venue_prepositions: frozenset[str]
    venue_nouns: frozenset[str]
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
