"""Events: who does what to whom, typed on the PLOVER ontology (CAMEO's successor).

* :mod:`analysis.events.lexicon`: the PLOVER types and quads; the verb and noun lexicon
  (``analysis/data/plover_verbs.yaml``, user-extensible).
* :mod:`analysis.events.units`: mentions grouped into actor phrases and coordinations.
* :mod:`analysis.events.clauses`: what makes an act unreal (negated, conditional, planned) or background.
* :mod:`analysis.events.verbs`: events from verbs (subject, object, voice, clause tests).
* :mod:`analysis.events.nominal`: events from nouns (flagged ``nominal``).
* :mod:`analysis.events.extract`: :func:`events`, the events table (reads the mentions and quotes tables).
* :mod:`analysis.events.graph`: :func:`event_graph`.

``relations``/``relation_graph`` are the former names, kept for one release.
"""

from __future__ import annotations

from analysis.events.extract import CLAIM_CUES, EVENT_COLUMNS, empty_events, events
from analysis.events.graph import event_graph
from analysis.events.lexicon import (
    PLOVER_TYPES,
    QUAD_OF,
    QUADS,
    EventLexicon,
    LexiconError,
    VerbEntry,
    inflect,
    load_lexicon,
)

#: Former names (the relations table became the events table): kept for one release.
relations = events
relation_graph = event_graph

__all__ = [
    "CLAIM_CUES",
    "EVENT_COLUMNS",
    "PLOVER_TYPES",
    "QUAD_OF",
    "QUADS",
    "EventLexicon",
    "LexiconError",
    "VerbEntry",
    "empty_events",
    "event_graph",
    "events",
    "inflect",
    "load_lexicon",
    "relation_graph",
    "relations",
]
