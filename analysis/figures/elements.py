"""Building blocks of the figures: blank figures made ahead, "no data" figures, categorical
axes, rectangles, matrix cells, horizontal bars and tone colours.

Shared by the figure functions of every report section; no figure function lives here.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.collections import PolyCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN, TICKLEFT
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory, offset_copy

from analysis.figures.layout import (
    _PT,
    EDGE,
    TONE_TICKS,
    YLABEL,
    _cbar_margin,
    _colorbar,
    _fit,
    _label,
    _left,
    _line,
    _max_width,
    _text_width,
)
from analysis.figures.style import (
    DPI,
    STYLE,
    TONE_CMAP,
    TONE_NORM,
)

#: Blank figures made ahead of need (:func:`make_blank_figures`), each with the rcParams it was made under.
_BLANKS: list[tuple[Figure, Any, dict[str, Any]]] = []


def make_blank_figures(n: int) -> None:
    """Make ``n`` blank figures (a Figure with one Axes) for the next figure functions to take.

    Constructing a Figure and its Axes is ~12 ms of Python, paid by each of a report's 14
    figures. The build's kernel zygote makes a report's worth before it forks kernels, so each
    forked kernel starts with its own copies, made once per build. A blank is taken only while
    the rcParams equal those it was made under, which makes it indistinguishable from a
    figure made on the spot (same pixels; tested); otherwise it is discarded.
    """
    rc = copy.deepcopy(dict.copy(matplotlib.rcParams))  # a plain dict: RcParams compares slowly
    for _ in range(n):
        fig = Figure(figsize=STYLE["figure.figsize"], dpi=DPI)
        _BLANKS.append((fig, fig.add_subplot(), rc))


def _blank(size: tuple[float, float]) -> tuple[Figure, Any]:
    """A Figure of ``size`` inches at :data:`DPI` with one Axes: made ahead if possible, else now."""
    while _BLANKS:
        fig, ax, rc = _BLANKS.pop()
        if dict.__eq__(rc, matplotlib.rcParams):
            fig.set_size_inches(size)
            return fig, ax
    fig = Figure(figsize=size, dpi=DPI)
    return fig, fig.add_subplot()


def _new(title: str, xlabel: str, ylabel: str, size: tuple[float, float] | None = None):
    fig, ax = _blank(size or STYLE["figure.figsize"])
    ax.set_title(_label(title, 90))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig, ax


def _no_data(title: str, xlabel: str, ylabel: str, message: str = "no data") -> Figure:
    width = max(6.0, _text_width(xlabel, STYLE["axes.labelsize"]) + 2 * EDGE + YLABEL)
    fig, ax = _new(title, xlabel, ylabel, (width, 3.0))
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555555", fontsize=12)
    ax.set_xticks([])
    ax.set_yticks([])
    _fit(fig, ax, EDGE + YLABEL, EDGE + YLABEL, EDGE + 4 * _PT + _line(STYLE["axes.labelsize"]))
    return fig


def _empty(df: pd.DataFrame | None, *columns: str) -> bool:
    return df is None or len(df) == 0 or any(c not in df.columns for c in columns)


def _names(actors: pd.DataFrame | Mapping[str, str] | None) -> dict[str, str]:
    """Actor id -> display name, from an actor table (actor_id, name) or a mapping."""
    if actors is None:
        return {}
    if isinstance(actors, Mapping):
        return {str(k): str(v) for k, v in actors.items()}
    if len(actors) == 0 or "actor_id" not in actors.columns or "name" not in actors.columns:
        return {}
    return {str(a): str(n) for a, n in zip(actors["actor_id"], actors["name"], strict=True)}


def _tone_colors(values: Sequence[float]) -> list[tuple[float, float, float, float]]:
    tones = np.array([0.0 if v is None or pd.isna(v) else float(v) for v in values], dtype=float)
    return [tuple(c) for c in colormaps[TONE_CMAP](TONE_NORM(tones)).tolist()]


def _tone_colorbar(fig: Figure, ax, label: str = "tone (VADER compound)") -> None:
    """Tone colour bar (``RdBu`` from -1 to +1) in the right margin reserved by :func:`_cbar_margin`."""
    _colorbar(fig, ax, TONE_CMAP, TONE_NORM, label, TONE_TICKS)


def _ngram_text(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return " ".join(str(v) for v in value)
    return str(value)


def _few_ticks(axis, integer: bool = False) -> None:
    """At most 6 major ticks on a numeric axis (each tick costs several artists to build and draw)."""
    axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=integer))


def _categories(
    ax,
    labels: Sequence[str],
    axis: str = "y",
    rotation: float = 0.0,
    fontsize: float | None = None,
    positions: Sequence[float] | None = None,
):
    """Label a categorical axis (positions 0..n-1 by default) with tick marks and texts, not Ticks.

    Looks like ``set_yticks(range(n), labels)`` (same marks, pad, font and alignment), but a
    matplotlib Tick is five artists, so a long category axis cost twice its text. y labels
    read downwards from the axes' left edge; x labels hang below the bottom edge, rotated
    about their right end when ``rotation`` is set. Returns the label texts.
    """
    fig = ax.figure
    at = np.arange(len(labels), dtype=float) if positions is None else np.asarray(positions, dtype=float)
    size = fontsize or STYLE["font.size"]
    pad = 3.5 + 3.5  # tick length + label pad (points), matplotlib's defaults
    marks = {"marker": TICKLEFT if axis == "y" else TICKDOWN, "markersize": 3.5, "markeredgewidth": 0.8}
    if axis == "y":
        ax.set_yticks([])
        base = blended_transform_factory(ax.transAxes, ax.transData)
        line = Line2D(np.zeros(len(at)), at, color="#000000", linestyle="none", **marks)
        place = offset_copy(base, fig=fig, x=-pad, units="points")
        align = {"ha": "right", "va": "center_baseline"}
    else:
        ax.set_xticks([])
        base = blended_transform_factory(ax.transData, ax.transAxes)
        line = Line2D(at, np.zeros(len(at)), color="#000000", linestyle="none", **marks)
        place = offset_copy(base, fig=fig, y=-pad, units="points")
        align = {"ha": "right" if rotation else "center", "va": "top", "rotation_mode": "anchor"}
    line.set_transform(base)
    line.set_clip_on(False)
    ax.add_artist(line)
    return [
        ax.text(
            *((0, p) if axis == "y" else (p, 0)),
            text,
            transform=place,
            rotation=rotation,
            fontsize=size,
            clip_on=False,
            **align,
        )
        for p, text in zip(at, labels, strict=True)
    ]


def _rects(ax, x0, x1, y0, y1, colors, **kwargs) -> PolyCollection:
    """Rectangles ``[x0, x1] × [y0, y1]`` (arrays) as one collection: cheaper than one patch per bar."""
    x0, x1, y0, y1 = (np.broadcast_to(np.asarray(v, dtype=float), np.shape(x1)) for v in (x0, x1, y0, y1))
    verts = np.stack(
        [np.stack([x0, y0], 1), np.stack([x1, y0], 1), np.stack([x1, y1], 1), np.stack([x0, y1], 1)], 1
    )
    return ax.add_collection(PolyCollection(verts, facecolors=colors, **kwargs), autolim=False)


def _cells(ax, values: np.ndarray, cmap: str, norm: Normalize) -> PolyCollection:
    """A matrix as coloured unit cells centred on integer positions, first row on top, like
    ``imshow(values, aspect="auto")`` with nearest-neighbour sampling; NaN cells are left blank.

    Drawn as one collection of rectangles without antialiasing (crisp cell edges, no seams):
    about half the cost of an image, which is resampled and colour-mapped pixel by pixel. The
    collection's array holds the drawn cells' values, row by row.
    """
    values = np.asarray(values, dtype=float)
    rows, cols = np.nonzero(~np.isnan(values))
    cells = _rects(ax, cols - 0.5, cols + 0.5, rows - 0.5, rows + 0.5, None, antialiaseds=False, linewidths=0)
    cells.set(array=values[rows, cols], cmap=colormaps[cmap], norm=norm)
    ax.set_xlim(-0.5, values.shape[1] - 0.5)
    ax.set_ylim(values.shape[0] - 0.5, -0.5)
    return cells


def _inks(backgrounds: np.ndarray) -> np.ndarray:
    """For each RGBA colour (last axis), "black" or "white": whichever reads better on it (a cell's
    colour is its collection's ``to_rgba(value)``)."""
    luminance = backgrounds[..., :3] @ np.array([0.2126, 0.7152, 0.0722])
    return np.where(luminance < 0.45, "white", "black")


def _barh(
    title: str,
    labels: list[str],
    values: list[float],
    colors,
    xlabel: str,
    ylabel: str,
    value_fmt: str = "{:g}",
    cbar_label: str | None = None,
) -> tuple[Figure, Any]:
    """Horizontal bars, first label on top, each bar annotated with its value.

    The x limits leave room for the value labels inside the axes; ``cbar_label`` adds a tone
    colour bar.
    """
    height = max(2.5, 0.28 * len(labels) + 1.2)
    fig, ax = _new(title, xlabel, ylabel, (8.0, height))
    y = np.arange(len(labels))
    _rects(ax, 0.0, values, y - 0.4, y + 0.4, colors, edgecolors="#333333", linewidths=0.4)
    ticks = [_label(s) for s in labels]
    _categories(ax, ticks)
    ax.set_ylim(len(labels) - 0.4, -0.6)
    texts = [value_fmt.format(v) for v in values]
    right = _cbar_margin() if cbar_label else EDGE + _max_width(["0.0"])
    _fit(fig, ax, _left(ticks), right)
    # x limits: bars from 0, plus the width of the widest value label (and 3 pt) on each side
    lo, hi = min(0.0, *values), max(0.0, *values)
    pad = {side: 0.0 for side in (-1, 1)}
    for v, t in zip(values, texts, strict=True):
        side = 1 if v >= 0 else -1
        pad[side] = max(pad[side], _text_width(t, 7) + 5 * _PT)
    axes_w = ax.get_position().width * fig.get_size_inches()[0]
    span = (hi - lo) or 1.0
    per_inch = span / max(axes_w - pad[-1] - pad[1], 0.3 * axes_w)
    ax.set_xlim(lo - pad[-1] * per_inch, hi + pad[1] * per_inch)
    _few_ticks(ax.xaxis, integer=all(float(v).is_integer() for v in values))
    right_of = offset_copy(ax.transData, fig=fig, x=3, units="points")
    left_of = offset_copy(ax.transData, fig=fig, x=-3, units="points")
    for yi, v, t in zip(y, values, texts, strict=True):
        ax.text(
            v,
            yi,
            t,
            transform=right_of if v >= 0 else left_of,
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=7,
        )
    if cbar_label:
        _tone_colorbar(fig, ax, cbar_label)
    return fig, ax
