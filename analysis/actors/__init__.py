"""Actors: a YAML registry of people, countries and organisations, and their mentions in an article.

The package re-exports its public names, so ``from analysis.actors import find_mentions`` works.
Where things live:

- :mod:`~analysis.actors.registry`: the registry's data classes, YAML loading and lookup tables;
- :mod:`~analysis.actors.lexing`: tokenisation shared by aliases and text;
- :mod:`~analysis.actors.titles`: title phrases compiled into matchers;
- :mod:`~analysis.actors.cues`: cue words for discovering names;
- :mod:`~analysis.actors.matching`: one article's scan and the registry alias pass;
- :mod:`~analysis.actors.exclusions`: names that are not actors (outlets, page furniture, wars, treaties);
- :mod:`~analysis.actors.surnames`: when a bare surname may stand for a registry person;
- :mod:`~analysis.actors.metonyms`: capitals as venues (places) rather than their states;
- :mod:`~analysis.actors.roles`: role phrases resolved through dated roles;
- :mod:`~analysis.actors.discovery`: proper names no registry knows;
- :mod:`~analysis.actors.mentions`: :func:`find_mentions`, the passes in order;
- :mod:`~analysis.actors.table`: mention/actor table columns, :func:`actor_table`, :func:`at_level`.
"""

from analysis.actors.cues import NAME_CUES
from analysis.actors.lexing import TOKEN_RE
from analysis.actors.matching import CHUNK_RE
from analysis.actors.mentions import find_mentions
from analysis.actors.registry import (
    ACTOR_TYPES,
    DATA_DIR,
    DEFAULT_REGISTRY,
    Actor,
    Registry,
    RegistryError,
    Role,
    build_registry,
    load_registry,
    read_registry_file,
)
from analysis.actors.table import (
    ACTOR_TABLE_COLUMNS,
    MENTION_COLUMNS,
    UNRESOLVED_COLUMNS,
    actor_table,
    at_level,
)

__all__ = [
    "ACTOR_TABLE_COLUMNS",
    "ACTOR_TYPES",
    "CHUNK_RE",
    "DATA_DIR",
    "DEFAULT_REGISTRY",
    "MENTION_COLUMNS",
    "NAME_CUES",
    "TOKEN_RE",
    "UNRESOLVED_COLUMNS",
    "Actor",
    "Registry",
    "RegistryError",
    "Role",
    "actor_table",
    "at_level",
    "build_registry",
    "find_mentions",
    "load_registry",
    "read_registry_file",
]
