"""Former home of the relations table, now :mod:`analysis.events` (kept for one release).

Only a compatibility alias: ``analysis.quotes.relations``/``relation_graph`` still import these
names lazily. New code imports :func:`analysis.events.events` and :func:`analysis.events.event_graph`.
"""

from __future__ import annotations

from analysis.events import EVENT_COLUMNS, event_graph, events

RELATION_COLUMNS = EVENT_COLUMNS
relations = events
relation_graph = event_graph

__all__ = ["RELATION_COLUMNS", "relation_graph", "relations"]
