"""Corpus: many articles, in memory for small collections or through the Parquet feature store.

In memory (small corpora; :mod:`analysis.corpus.memory`): :func:`analyze_corpus` and the table
functions over its analyses. At scale: :func:`analyze_to_store` (:mod:`~analysis.corpus.run`)
fans analysis out on Dask into a :class:`Store` (:mod:`~analysis.corpus.store`), whose tables
:mod:`~analysis.corpus.aggregates`, :mod:`~analysis.corpus.changes` and
:mod:`~analysis.corpus.kwic` read by streaming.

Names are imported lazily (as in :mod:`analysis`), so ``newsreport``'s parser can register the
``analyze`` command without loading pandas or pyarrow.
"""

from __future__ import annotations

from analysis.exports import lazy_exports as _lazy_exports

_MODULES = {
    "analysis.corpus.memory": (
        "ACTOR_COLUMNS",
        "EDGE_COLUMNS",
        "MENTION_COLUMNS",
        "OVERVIEW_COLUMNS",
        "PAIR_COLUMNS",
        "TONE_COLUMNS",
        "VOICE_COLUMNS",
        "CorpusAnalysis",
        "actor_mentions",
        "analyze_corpus",
        "corpus_actors",
        "corpus_edges",
        "corpus_events",
        "corpus_quotes",
        "corpus_relations",
        "corpus_voice",
        "overview",
        "provenance",
        "summary_table",
        "title",
        "tone_per_article",
        "top_pairs",
    ),
    "analysis.corpus.run": ("RunResult", "analyze_to_store"),
    "analysis.corpus.store": ("Store", "StoreError", "open_store"),
    "analysis.corpus.inputs": ("InputError",),
    "analysis.corpus.periods": ("choose_period",),
    "analysis.corpus.aggregates": (
        "article_counts",
        "actor_periods",
        "actor_tone_periods",
        "dyad_events",
        "outlets",
        "outlet_actors",
        "latest_articles",
    ),
    "analysis.corpus.reporting": ("default_store_dir",),
    "analysis.corpus.changes": ("what_changed",),
    "analysis.corpus.kwic": ("corpus_kwic",),
}
_EXPORTS = {name: module for module, names in _MODULES.items() for name in names}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = _lazy_exports(__name__, _EXPORTS, globals())
