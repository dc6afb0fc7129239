"""Figure layout: text measuring, margins in inches, axis-label placement, colour bars, labels.

Pure helpers shared by the figure functions; they never read tables.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib import colormaps, ft2font
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.image import BboxImage
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox, TransformedBbox

from analysis.figures.style import (
    DPI,
    MAX_LABEL,
    STYLE,
)

# --------------------------------------------------------------------------- layout
#
# No layout engine: "constrained" draws every text twice to measure it, which doubled the cost
# of a report's figures. Each figure instead reserves its margins in inches, from the widths of
# its own labels (advance widths of the font, computed once per character) and fixed heights of
# one line of text, then places its colour bar beside the axes.

_PT = 1 / 72
#: Blank border around every figure (inches).
EDGE = 0.1


def _line(size: float) -> float:
    """Height (inches) reserved for one line of text at ``size`` points."""
    return 1.3 * size * _PT


#: Space for the title above the axes (title pad 6 pt).
TOP = EDGE + _line(STYLE["axes.titlesize"]) + 6 * _PT
#: Space for an x axis below the axes: ticks and pad (7 pt), tick labels, label pad (4 pt), label.
XAXIS = 7 * _PT + _line(STYLE["font.size"]) + 4 * _PT + _line(STYLE["axes.labelsize"])
#: Space left of the tick labels for a y-axis label (pad 4 pt + one rotated line).
YLABEL = 4 * _PT + _line(STYLE["axes.labelsize"])
#: Colour bar: gap to the axes, bar, ticks, tick labels (sized for "−0.50"), label.
CBAR_GAP, CBAR_WIDTH = 0.15, 0.14
#: Ticks drawn on every tone colour bar.
TONE_TICKS = (-1.0, -0.5, 0.0, 0.5, 1.0)


#: advance width (em) of each character measured so far: plain numbers, safe to share
_ADVANCES: dict[str, float] = {}


@functools.cache
def _style_font() -> Any:
    """The style's font as a FreeType face, opened once per process.

    Not across processes: a forked child would share the face's open file (and its read offset)
    with its parent and siblings, so glyphs loaded at the same time in two kernels forked from
    the build's zygote came back corrupt ("Could not load charcode (invalid outline)"). The cache
    is emptied in every forked child, as matplotlib does for its own fonts.
    """
    return ft2font.FT2Font(findfont(FontProperties(family=STYLE["font.family"])))


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_style_font.cache_clear)


def _text_width(text: str, size: float) -> float:
    """Width (inches) of one line of ``text`` at ``size`` points, a bit generous (hinting widens glyphs)."""
    cache = _ADVANCES
    em = 0.0
    for ch in text:
        w = cache.get(ch)
        if w is None:
            font = _style_font()
            if font.get_char_index(ord(ch)):
                glyph = font.load_char(
                    ord(ch), flags=ft2font.LoadFlags.NO_SCALE | ft2font.LoadFlags.NO_HINTING
                )
                w = glyph.horiAdvance / font.units_per_EM
            else:  # drawn from a fallback font: assume a wide glyph
                w = 1.0
            cache[ch] = w
        em += w
    return 1.08 * em * size * _PT + 2 / DPI


def _max_width(texts: Sequence[str], size: float = STYLE["font.size"]) -> float:
    return max((_text_width(_unescape(t), size) for t in texts), default=0.0)


def _unescape(text: str) -> str:
    return text.replace(r"\$", "$")


def _rotated_height(texts: Sequence[str], degrees: float, size: float = STYLE["font.size"]) -> float:
    """Vertical extent (inches) of the tallest of ``texts`` rotated by ``degrees``."""
    rad = math.radians(degrees)
    return _max_width(texts, size) * math.sin(rad) + _line(size) * math.cos(rad)


def _left(labels: Sequence[str], size: float = STYLE["font.size"]) -> float:
    """Left margin for y tick ``labels`` and a y-axis label."""
    return EDGE + YLABEL + 7 * _PT + _max_width(labels, size)


def _bottom(labels: Sequence[str], degrees: float, size: float = STYLE["font.size"]) -> float:
    """Bottom margin for x tick ``labels`` rotated by ``degrees`` and an x-axis label."""
    return EDGE + 7 * _PT + _rotated_height(labels, degrees, size) + 4 * _PT + _line(STYLE["axes.labelsize"])


def _cbar_margin(tick_labels: Sequence[str] = ("−1.0",)) -> float:
    """Right margin for a colour bar with ``tick_labels`` and a label."""
    return CBAR_GAP + CBAR_WIDTH + 6 * _PT + _max_width(tick_labels) + YLABEL + EDGE


def _fit(
    fig: Figure,
    ax,
    left: float,
    right: float = EDGE,
    bottom: float = EDGE + XAXIS,
    top: float = TOP,
    below: float = 0.0,
    min_axes: tuple[float, float] = (2.5, 1.2),
) -> None:
    """Set the margins (inches) around ``ax`` and put its axis labels at their outer edges.

    The figure grows when the axes would be smaller than ``min_axes``. The x label sits
    ``below`` inches above the bottom border (room for a legend under it), the y label at the
    left border: placed explicitly, matplotlib need not measure the tick labels to place them.
    """
    w, h = fig.get_size_inches()
    w = max(w, left + right + min_axes[0])
    h = max(h, bottom + top + min_axes[1])
    if (w, h) != tuple(fig.get_size_inches()):
        fig.set_size_inches(w, h)
    fig.subplots_adjust(left=left / w, right=1 - right / w, bottom=bottom / h, top=1 - top / h)
    line = _line(STYLE["axes.labelsize"])
    x_mid, y_mid = (left / w + 1 - right / w) / 2, (bottom / h + 1 - top / h) / 2
    ax.xaxis.set_label_coords(x_mid, (EDGE + below + line) / h, fig.transFigure)
    ax.yaxis.set_label_coords((EDGE + line) / w, y_mid, fig.transFigure)


def _colorbar(fig: Figure, ax, cmap: str, norm: Normalize, label: str, ticks: Sequence[float]) -> None:
    """Colour bar in the right margin reserved by :func:`_cbar_margin`, 80% of the axes' height.

    Drawn as a gradient image, an outline, tick marks and texts placed in figure coordinates:
    it looks like ``fig.colorbar`` but costs no extra Axes (a colour bar Axes with its ticks
    was the most expensive part of several figures).
    """
    pos = ax.get_position()
    w, h = fig.get_size_inches()
    x0, cw = pos.x1 + CBAR_GAP / w, CBAR_WIDTH / w
    y0, ch = pos.y0 + 0.1 * pos.height, 0.8 * pos.height
    box = TransformedBbox(Bbox.from_bounds(x0, y0, cw, ch), fig.transFigure)
    image = BboxImage(box, cmap=colormaps[cmap], norm=norm, interpolation="nearest", origin="lower")
    image.set_data(np.linspace(norm.vmin, norm.vmax, 256).reshape(-1, 1))
    fig.add_artist(image)
    fig.add_artist(Rectangle((x0, y0), cw, ch, transform=fig.transFigure, fill=False, linewidth=0.8))
    tick_len, size = 3.5 * _PT / w, STYLE["font.size"]
    marks = []
    for v in ticks:
        y = y0 + ch * float(norm(v))
        marks.append([(x0 + cw, y), (x0 + cw + tick_len, y)])
        text = f"{v:g}" if float(v).is_integer() and norm.vmin >= 0 else f"{v:.1f}"
        fig.text(x0 + cw + 2 * tick_len, y, text.replace("-", "\N{MINUS SIGN}"), va="center", fontsize=size)
    fig.add_artist(LineCollection(marks, colors="#000000", linewidths=0.8, transform=fig.transFigure))
    fig.text(
        1 - EDGE / w,
        y0 + ch / 2,
        label,
        rotation=90,
        ha="right",
        va="center",
        fontsize=STYLE["axes.labelsize"],
    )


def _count_ticks(vmax: float) -> list[float]:
    """At most 6 integer ticks from 0 to ``vmax``."""
    return [t for t in MaxNLocator(nbins=5, integer=True).tick_values(0, vmax) if 0 <= t <= vmax]


def _trunc(value: Any, limit: int = MAX_LABEL) -> str:
    """Single-line text of ``value``, truncated to ``limit`` characters."""
    s = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    s = " ".join(s.split())
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return s


def _label(value: Any, limit: int = MAX_LABEL) -> str:
    """Plain-text label: single line, truncated, ``$`` escaped so mathtext never parses article text."""
    return _trunc(value, limit).replace("$", r"\$")
