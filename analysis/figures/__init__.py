"""Figures: one function per figure; each draws tables it is given and returns a Figure.

Functions never read files, never call ``plt.show`` and never touch pyplot's global
figure list: they build :class:`matplotlib.figure.Figure` objects directly, so a notebook
shows only what :mod:`analysis.report` displays. Every figure has a title and labelled
axes, uses the Okabe–Ito palette for categories and the diverging ``RdBu`` map centred on
0 for tone, and says "no data" (instead of raising) when its table is empty.

Determinism: :func:`apply_style` fixes the rcParams that influence output, networks use a
seeded spring layout over a graph built in sorted order, and :func:`png_bytes` /
:func:`save_png` write PNGs without software or date stamps.

Speed (a report draws 14 figures; ``bench/figure_speed.py`` measures them): text is most of
the cost of a figure, so no layout engine measures it twice. Margins are reserved in inches
from the labels' advance widths (:mod:`analysis.figures.layout`), axis labels and colour bars
are placed explicitly, categorical axes are labelled with texts rather than Ticks, bars, boxes,
arrows and matrix cells are drawn as collections (no images to resample), numeric axes carry at
most six ticks, glyphs are unhinted, and PNGs are compressed at zlib level 1.

Modules, by report section:

- :mod:`~analysis.figures.style`: palette, sizes, rcParams (:func:`apply_style`).
- :mod:`~analysis.figures.render`: PNG bytes and files (:func:`png_bytes`, :func:`save_png`).
- :mod:`~analysis.figures.layout`: text measuring, margins, axis labels, colour bars.
- :mod:`~analysis.figures.elements`: blank figures, categorical axes, bars, matrix cells.
- :mod:`~analysis.figures.article`: terms, tone, actors, voice (article report).
- :mod:`~analysis.figures.networks`: co-occurrence, affiliation and relation networks, matrices.
- :mod:`~analysis.figures.corpus`: corpus figures (tone per article, mentions across articles, pairs).

This package re-exports every public name, so ``from analysis import figures;
figures.plot_top_terms(...)`` and ``from analysis.figures import plot_top_terms`` work.
"""

from __future__ import annotations

from typing import Any

from analysis.figures.article import (
    plot_actor_dispersion,
    plot_actor_tone,
    plot_mentions_by_type,
    plot_speaker_tone,
    plot_tone_arc,
    plot_tone_distribution,
    plot_top_bigrams,
    plot_top_terms,
    plot_voice_share,
)
from analysis.figures.corpus import (
    date_runs,
    plot_corpus_actor_mentions,
    plot_corpus_tone,
    plot_outlets,
    plot_period_matrix,
    plot_top_pairs,
)
from analysis.figures.elements import _BLANKS, _new, make_blank_figures
from analysis.figures.layout import CBAR_GAP, CBAR_WIDTH, EDGE, TONE_TICKS, TOP, XAXIS, YLABEL
from analysis.figures.networks import (
    plot_affiliation_network,
    plot_cooccurrence_heatmap,
    plot_cooccurrence_network,
    plot_network,
    plot_relation_network,
    plot_speaker_target_matrix,
)
from analysis.figures.render import png_bytes, save_png
from analysis.figures.style import (
    DPI,
    LAYOUT_SEED,
    MAX_LABEL,
    OKABE_ITO,
    OTHER_COLOR,
    PNG_COMPRESS_LEVEL,
    STYLE,
    TONE_CMAP,
    TONE_GAP_DAYS,
    TONE_NORM,
    TYPE_COLORS,
    apply_style,
)

#: Every figure function, by name (used by tests and the notebooks' provenance).
FIGURES: dict[str, Any] = {
    name: fn for name, fn in sorted(globals().items()) if name.startswith("plot_") and callable(fn)
}

__all__ = [
    "CBAR_GAP",
    "CBAR_WIDTH",
    "DPI",
    "EDGE",
    "FIGURES",
    "LAYOUT_SEED",
    "MAX_LABEL",
    "OKABE_ITO",
    "OTHER_COLOR",
    "PNG_COMPRESS_LEVEL",
    "STYLE",
    "TONE_CMAP",
    "TONE_GAP_DAYS",
    "TONE_NORM",
    "TONE_TICKS",
    "TOP",
    "TYPE_COLORS",
    "XAXIS",
    "YLABEL",
    "apply_style",
    "date_runs",
    "make_blank_figures",
    "png_bytes",
    "save_png",
    "plot_actor_dispersion",
    "plot_actor_tone",
    "plot_affiliation_network",
    "plot_cooccurrence_heatmap",
    "plot_cooccurrence_network",
    "plot_corpus_actor_mentions",
    "plot_corpus_tone",
    "plot_mentions_by_type",
    "plot_network",
    "plot_relation_network",
    "plot_speaker_target_matrix",
    "plot_speaker_tone",
    "plot_tone_arc",
    "plot_tone_distribution",
    "plot_top_bigrams",
    "plot_outlets",
    "plot_period_matrix",
    "plot_top_pairs",
    "plot_top_terms",
    "plot_voice_share",
]
# ``_BLANKS`` (the stock of blank figures) and ``_new`` stay reachable here for the build's
# tests, which look at them through ``analysis.figures``.
_ = (_BLANKS, _new)
