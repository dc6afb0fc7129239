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
from the labels' advance widths (:func:`_fit`), axis labels and colour bars are placed
explicitly, categorical axes are labelled with texts rather than Ticks, bars, boxes, arrows
and matrix cells are drawn as collections (no images to resample), numeric axes carry at most
six ticks, glyphs are unhinted, and PNGs are encoded without row filters at zlib level 1.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import math
import os
import struct
import weakref
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import cbook, colormaps, ft2font  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag  # noqa: E402
from matplotlib.collections import LineCollection, PolyCollection  # noqa: E402
from matplotlib.colors import Normalize  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties, findfont, fontManager  # noqa: E402
from matplotlib.image import BboxImage  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.markers import TICKDOWN, TICKLEFT  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from matplotlib.transforms import Bbox, TransformedBbox, blended_transform_factory, offset_copy  # noqa: E402
from PIL import Image as PILImage  # noqa: E402

from analysis.memo import put_bounded  # noqa: E402

#: Okabe–Ito colour-blind-safe palette (categories).
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
#: Colour of each actor type (Okabe–Ito); unknown types fall back to grey.
TYPE_COLORS: dict[str, str] = {
    "person": "#0072B2",
    "country": "#E69F00",
    "organization": "#009E73",
    "group": "#CC79A7",
    "place": "#56B4E9",
}
OTHER_COLOR = "#999999"
#: Diverging colour-blind-safe map for tone (red negative, blue positive), centred on 0.
TONE_CMAP = "RdBu"
TONE_NORM = Normalize(vmin=-1.0, vmax=1.0)
#: Seed of every network layout.
LAYOUT_SEED = 7
DPI = 110
#: zlib level of the PNGs (1: fastest; 6 costs ~2.5x the time for ~5% smaller files).
PNG_COMPRESS_LEVEL = 1
MAX_LABEL = 38
#: the corpus tone line breaks where consecutive dated articles lie further apart than this
TONE_GAP_DAYS = 30

STYLE: dict[str, Any] = {
    "svg.hashsalt": "newsreport",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.titlesize": 11.0,
    "axes.labelsize": 9.0,
    "axes.titley": 1.0,  # fixed title position: matplotlib need not measure the top ticks
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "savefig.bbox": None,
    "figure.figsize": (8.0, 4.5),
    "axes.prop_cycle": matplotlib.cycler(color=list(OKABE_ITO)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": TONE_CMAP,
    "text.usetex": False,
    # unhinted glyphs: indistinguishable at 110 dpi, and text (most of a figure's drawing cost) ~25% cheaper
    "text.hinting": "no_hinting",
    "path.simplify": True,
}


def apply_style() -> None:
    """Select the Agg backend and fix the rcParams that affect rendered output."""
    matplotlib.use("Agg")
    matplotlib.rcParams.update(STYLE)


apply_style()


#: text layouts and glyph bitmaps kept across figures (entries; emptied when full)
TEXT_CACHE_SIZE = 2048
_TEXT_METRICS: dict[tuple, tuple[float, float, float]] = {}
_TEXT_IMAGES: dict[tuple, tuple[np.ndarray, float, float, float]] = {}


_FONT_FILES: dict[tuple, tuple[str, ...]] = {}
#: the rcParams a family name is looked up in (matplotlib's own font lookup cache is keyed on them)
_FAMILY_LISTS = ("font.serif", "font.sans-serif", "font.cursive", "font.fantasy", "font.monospace")


def _font_files(prop: FontProperties, props: tuple) -> tuple[str, ...]:
    """The font files ``prop`` (whose values are ``props``) resolves to, as Agg's text drawing
    finds them; remembered per properties, rcParams family lists and font list (~4x cheaper)."""
    rc = matplotlib.rcParams
    key = (props, tuple(tuple(rc[k]) for k in _FAMILY_LISTS), id(fontManager), len(fontManager.ttflist))
    fonts = _FONT_FILES.get(key)
    if fonts is None:
        fonts = put_bounded(_FONT_FILES, key, tuple(fontManager._find_fonts_by_props(prop)), TEXT_CACHE_SIZE)
    return fonts


def _text_key(s: str, prop: FontProperties, dpi: float, *more: Any) -> tuple:
    """What Agg's text layout and glyphs depend on: the string, the font file(s) the properties
    resolve to (through the current rcParams), the properties, the dpi and the hinting settings."""
    rc = matplotlib.rcParams
    # what FontProperties hashes and compares, as plain values (the object itself is mutable)
    props = (
        tuple(prop.get_family()),
        prop.get_slant(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size(),
        prop.get_file(),
        prop.get_math_fontfamily(),
    )
    return (s, _font_files(prop, props), props, dpi, rc["text.hinting"], rc["text.hinting_factor"], *more)


def _store_image(key: tuple, font: Any, antialiased: bool) -> tuple[np.ndarray, float, float, float]:
    """Rasterise the text laid out in ``font`` as RendererAgg.draw_text does, and cache it."""
    font.draw_glyphs_to_bitmap(antialiased=antialiased)
    xo, yo = font.get_bitmap_offset()
    entry = (np.array(font), font.get_descent() / 64.0, xo / 64.0, yo / 64.0)
    return put_bounded(_TEXT_IMAGES, key, entry, TEXT_CACHE_SIZE)


class _TextCachingRenderer(RendererAgg):
    """Agg renderer that remembers text metrics and glyph bitmaps across figures.

    A report draws the same strings (actor names, tick labels, axis labels) in many figures, and
    each plain Agg renderer lays them out and rasterises them again with FreeType. This one does
    exactly what :class:`RendererAgg` does (same calls, same bitmap, same rounding, so the pixels
    are identical) once per distinct string, font, size and dpi. Math text goes to Agg unchanged.
    """

    def get_text_width_height_descent(self, s: str, prop: FontProperties, ismath: Any) -> Any:
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        key = _text_key(s, prop, self.dpi)
        metrics = _TEXT_METRICS.get(key)
        if metrics is None:  # RendererAgg's metrics, with the font kept at hand
            font = self._prepare_font(prop)
            font.set_text(s, 0.0, flags=get_hinting_flag())
            w, h = font.get_width_height()
            metrics = put_bounded(
                _TEXT_METRICS, key, (w / 64.0, h / 64.0, font.get_descent() / 64.0), TEXT_CACHE_SIZE
            )
            # nearly every string measured is then drawn: its bitmap costs little now that the
            # glyphs are laid out, and saves laying them out again (most of the cost) to draw it
            antialiased = matplotlib.rcParams["text.antialiased"]
            if (image_key := (*key, antialiased)) not in _TEXT_IMAGES:
                _store_image(image_key, font, antialiased)
        return metrics

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        antialiased = gc.get_antialiased()
        key = _text_key(s, prop, self.dpi, antialiased)
        entry = _TEXT_IMAGES.get(key)
        if entry is None:  # RendererAgg.draw_text up to the bitmap, kept
            font = self._prepare_font(prop)
            font.set_text(s, 0, flags=get_hinting_flag())
            entry = _store_image(key, font, antialiased)
        image, descent, xo, yo = entry
        xd = descent * math.sin(math.radians(angle))
        yd = descent * math.cos(math.radians(angle))
        self._renderer.draw_text_image(image, round(x + xo + xd), round(y + yo + yd) + 1, angle, gc)
        return None


_TEXT_LAYOUTS: dict[tuple, tuple[np.ndarray, tuple, float]] = {}
_PLAIN_LAYOUT = Text._get_layout


def _layout_key(text: Text, renderer: Any) -> tuple | None:
    """What ``Text._get_layout`` depends on, for plain (no math, TeX or wrapping) text drawn by
    :class:`_TextCachingRenderer` (whose metrics depend on nothing else); None otherwise.

    The layout is relative to the text's anchor, so it does not depend on the text's position.
    """
    s = text.get_text()
    if not isinstance(renderer, _TextCachingRenderer) or "$" in s or text.get_usetex() or text.get_wrap():
        return None
    return _text_key(
        s,
        text.get_fontproperties(),
        text.get_figure(root=True).dpi,
        text._linespacing,
        text.get_rotation(),
        text._get_multialignment(),
        text.get_horizontalalignment(),
        text.get_verticalalignment(),
        text.get_rotation_mode(),
    )


def _cached_layout(self: Text, renderer: Any) -> tuple[Bbox, list, float]:
    """``Text._get_layout``, computed once per distinct key (see :func:`_layout_key`)."""
    key = _layout_key(self, renderer)
    if key is None:
        return _PLAIN_LAYOUT(self, renderer)
    hit = _TEXT_LAYOUTS.get(key)
    if hit is None:
        bbox, info, descent = _PLAIN_LAYOUT(self, renderer)
        hit = put_bounded(
            _TEXT_LAYOUTS, key, (bbox.get_points().copy(), tuple(info), descent), TEXT_CACHE_SIZE
        )
    points, info, descent = hit
    return Bbox(points.copy()), list(info), descent


@contextlib.contextmanager
def _cached_text_layouts() -> Iterator[None]:
    """While drawing a figure: text layouts come from :func:`_cached_layout` (same values)."""
    Text._get_layout = _cached_layout
    try:
        yield
    finally:
        Text._get_layout = _PLAIN_LAYOUT


class _Canvas(FigureCanvasAgg):
    """An Agg canvas drawing with :class:`_TextCachingRenderer` and cached text layouts."""

    def draw(self) -> None:
        with _cached_text_layouts():
            super().draw()

    def get_renderer(self) -> RendererAgg:
        w, h = self.figure.bbox.size
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = _TextCachingRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def png_bytes(fig: Figure) -> bytes:
    """Render ``fig`` to PNG bytes at :data:`DPI` (byte-identical for identical input).

    The figure is drawn once on an Agg canvas (whose renderer reuses text layouts and glyphs
    drawn for earlier figures, pixel for pixel) and written as an 8-bit RGB PNG (the figures are
    opaque, so an alpha channel would carry nothing) with no software or date metadata.
    """
    canvas = _Canvas(fig)
    dpi = fig.dpi
    if dpi != DPI:
        fig.set_dpi(DPI)
    try:
        canvas.draw()
        width, height = canvas.get_width_height(physical=True)
        rgba = PILImage.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        # Pillow drops the alpha channel ~5x faster than a numpy strided copy
        rgb = np.frombuffer(rgba.convert("RGB").tobytes(), dtype=np.uint8).reshape(height, width, 3)
        return encode_png(rgb)
    finally:
        if dpi != DPI:
            fig.set_dpi(dpi)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rgb: np.ndarray) -> bytes:
    """Encode an ``(height, width, 3)`` uint8 array as PNG (no row filter, zlib :data:`PNG_COMPRESS_LEVEL`).

    On these flat-coloured charts this is ~2.5x faster than Pillow's encoder (whose adaptive row
    filters cost more than the compression) and gives files of about the same size.
    """
    height, width, _ = rgb.shape
    raw = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # filter byte 0 ("None") per row
    raw[:, 1:] = rgb.reshape(height, 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(raw.tobytes(), PNG_COMPRESS_LEVEL)),
            _png_chunk(b"IEND", b""),
        )
    )


def save_png(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` as a deterministic PNG at ``path`` (parents created); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(fig))
    return path


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


_AXES_CLIP: weakref.WeakKeyDictionary[Any, TransformedBbox] = weakref.WeakKeyDictionary()


def _text(ax, x: float, y: float, s: str, **kwargs: Any) -> Text:
    """``ax.text(x, y, s, **kwargs)``, the same Text, clipped (when ``clip_on``) to the axes through
    one clip box per axes: ``Axes.text`` builds a new one from the axes patch for every text,
    half of the ~0.24 ms a text costs to create (a report creates ~400)."""
    text = Text(
        x,
        y,
        s,
        **{
            "verticalalignment": "baseline",
            "horizontalalignment": "left",
            "transform": ax.transData,
            "clip_on": False,
            **kwargs,
        },
    )
    if text.get_clip_path() is None:
        clip = _AXES_CLIP.get(ax)
        if clip is None:
            clip = _AXES_CLIP[ax] = TransformedBbox(Bbox.unit(), ax.patch.get_transform())
        text.set_clip_box(clip)
    return ax._add_text(text)


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
    _text(
        ax, 0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555555", fontsize=12
    )
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
        _text(
            ax,
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
        _text(
            ax,
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


# --------------------------------------------------------------------------- text


def plot_top_terms(terms: pd.DataFrame, top_n: int = 20) -> Figure:
    """Horizontal bars of the most frequent terms.

    Args:
        terms: ``term_frequencies`` table ``[term, count, share]``.
        top_n: number of terms shown.
    """
    title, xl, yl = f"Top {top_n} terms", "occurrences", "term"
    if _empty(terms, "term", "count"):
        return _no_data(title, xl, yl)
    df = terms.sort_values(["count", "term"], ascending=[False, True], kind="mergesort").head(top_n)
    fig, _ = _barh(title, [str(t) for t in df["term"]], [int(c) for c in df["count"]], OKABE_ITO[4], xl, yl)
    return fig


def plot_top_bigrams(bigrams: pd.DataFrame, top_n: int = 20) -> Figure:
    """Horizontal bars of the most frequent bigrams (``ngrams`` table ``[ngram, count]``)."""
    title, xl, yl = f"Top {top_n} bigrams", "occurrences", "bigram"
    if _empty(bigrams, "ngram", "count"):
        return _no_data(title, xl, yl)
    df = bigrams.assign(_t=[_ngram_text(g) for g in bigrams["ngram"]])
    df = df.sort_values(["count", "_t"], ascending=[False, True], kind="mergesort").head(top_n)
    fig, _ = _barh(title, list(df["_t"]), [int(c) for c in df["count"]], OKABE_ITO[2], xl, yl)
    return fig


# --------------------------------------------------------------------------- tone


def plot_tone_arc(arc: pd.DataFrame, sentences: pd.DataFrame | None = None) -> Figure:
    """Tone across the article: sentence compounds, their moving average, extremes marked.

    Args:
        arc: ``tone_arc`` table ``[sid, start, end, compound, arc]``.
        sentences: optional ``sentences`` table; when given, the extremes are labelled
            with the opening words of their sentence.
    """
    title, xl, yl = "Tone arc across the article", "sentence (text order)", "tone (VADER compound)"
    if _empty(arc, "sid", "compound"):
        return _no_data(title, xl, yl)
    df = arc.sort_values("sid", kind="mergesort")
    sid = df["sid"].to_numpy()
    comp = df["compound"].astype(float).to_numpy()
    fig, ax = _new(title, xl, yl, (9.0, 4.2))
    ax.axhline(0, color="#777777", linewidth=0.7)
    ax.vlines(sid, 0, comp, colors=_tone_colors(comp), linewidth=2.2, alpha=0.9)
    ax.scatter(
        sid,
        comp,
        c=comp,
        cmap=TONE_CMAP,
        norm=TONE_NORM,
        s=14,
        edgecolors="#333333",
        linewidths=0.3,
        zorder=3,
        label="sentence compound",
    )
    if "arc" in df.columns:
        ax.plot(
            sid, df["arc"].astype(float).to_numpy(), color="#000000", linewidth=1.6, label="moving average"
        )
    texts = {}
    if sentences is not None and not _empty(sentences, "sid", "text"):
        texts = dict(zip(sentences["sid"], sentences["text"], strict=True))
    hi, lo = int(np.argmax(comp)), int(np.argmin(comp))
    for idx, name, marker, dy in ((hi, "most positive", "^", 12), (lo, "most negative", "v", -16)):
        if name == "most negative" and hi == lo:
            continue
        ax.scatter(
            [sid[idx]],
            [comp[idx]],
            marker=marker,
            s=90,
            facecolors="none",
            edgecolors="#000000",
            linewidths=1.3,
            zorder=4,
            label=f"{name} (sentence {sid[idx]})",
        )
        snippet = texts.get(sid[idx])
        if snippet:
            ax.annotate(
                _label(snippet, 48),
                (sid[idx], comp[idx]),
                xytext=(0, dy),
                textcoords="offset points",
                ha="left" if sid[idx] <= np.median(sid) else "right",
                va="bottom" if dy > 0 else "top",
                fontsize=7,
            )
    ax.set_ylim(-1.3, 1.3)
    ax.set_yticks(TONE_TICKS)
    _few_ticks(ax.xaxis, integer=True)
    legend_h = 0.3
    _fit(fig, ax, _left(["−1.0"]), _cbar_margin(), EDGE + legend_h + XAXIS, below=legend_h)
    ax.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, EDGE / fig.get_size_inches()[1]),
        bbox_transform=fig.transFigure,
        fontsize=7,
        frameon=False,
        ncols=4,
    )
    _tone_colorbar(fig, ax)
    return fig


def plot_tone_distribution(sent_sent: pd.DataFrame, bins: int = 20) -> Figure:
    """Histogram of sentence compounds (``sentence_sentiment`` table), bars coloured by tone."""
    title, xl, yl = "Distribution of sentence tone", "tone (VADER compound)", "sentences"
    if _empty(sent_sent, "compound"):
        return _no_data(title, xl, yl)
    comp = sent_sent["compound"].astype(float).to_numpy()
    edges = np.linspace(-1.0, 1.0, bins + 1)
    counts, _ = np.histogram(comp, bins=edges)
    centers = (edges[:-1] + edges[1:]) / 2
    fig, ax = _new(title, xl, yl, (7.0, 3.8))
    _rects(
        ax, edges[:-1], edges[1:], 0.0, counts, _tone_colors(centers), edgecolors="#333333", linewidths=0.4
    )
    ax.set_ylim(0, max(1, int(counts.max())) * 1.05)
    ax.set_xticks(TONE_TICKS)
    _few_ticks(ax.yaxis, integer=True)
    mean = float(np.mean(comp))
    ax.axvline(mean, color="#000000", linestyle="--", linewidth=1.0, label=f"mean {mean:+.3f}")
    ax.axvspan(-0.05, 0.05, color="#dddddd", alpha=0.5, zorder=0, label="neutral band (±0.05)")
    ax.set_xlim(-1.0, 1.0)
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    _fit(fig, ax, _left([str(int(counts.max()) * 10)]), EDGE + _max_width(["−1.00"]) / 2)
    return fig


# --------------------------------------------------------------------------- actors


def plot_mentions_by_type(actors: pd.DataFrame, top_n: int = 20) -> Figure:
    """Mentions of the most-mentioned actors, bars coloured by actor type.

    Args:
        actors: ``actor_table`` ``[actor_id, name, type, ..., mentions, ...]``.
        top_n: number of actors shown.
    """
    title, xl, yl = "Actor mentions by type", "mentions", "actor"
    if _empty(actors, "name", "type", "mentions"):
        return _no_data(title, xl, yl)
    df = actors.sort_values(["mentions", "name"], ascending=[False, True], kind="mergesort").head(top_n)
    colors = [TYPE_COLORS.get(str(t), OTHER_COLOR) for t in df["type"]]
    fig, ax = _barh(title, list(df["name"]), [int(m) for m in df["mentions"]], colors, xl, yl)
    totals = actors.groupby("type", sort=True)["mentions"].sum()
    handles = [
        Patch(facecolor=TYPE_COLORS.get(str(t), OTHER_COLOR), label=f"{_label(t)} ({int(n)})")
        for t, n in totals.items()
    ]
    ax.legend(handles=handles, title="type (all mentions)", loc="lower right", fontsize=7, frameon=False)
    return fig


def plot_actor_dispersion(mentions: pd.DataFrame, text_length: int | None = None, top_n: int = 12) -> Figure:
    """Lexical dispersion plot: where each of the top actors is mentioned along the article.

    Args:
        mentions: ``find_mentions`` table ``[mid, actor_id, name, type, ..., start, end, ...]``.
        text_length: length of ``Article.text`` (x-axis extent); defaults to the last mention.
        top_n: number of actors (rows), most mentioned first.
    """
    title, xl, yl = "Where actors are mentioned", "character offset in the article", "actor"
    if _empty(mentions, "actor_id", "name", "start"):
        return _no_data(title, xl, yl)
    counts = mentions.groupby("actor_id", sort=True).size()
    order = sorted(counts.index, key=lambda a: (-int(counts[a]), str(a)))[:top_n]
    names = _names(mentions.drop_duplicates("actor_id"))
    fig, ax = _new(title, xl, yl, (9.0, max(2.5, 0.32 * len(order) + 1.3)))
    row_of = {a: i for i, a in enumerate(order)}
    sub = mentions[mentions["actor_id"].isin(row_of)].sort_values(["actor_id", "start"], kind="mergesort")
    types = {}
    if "type" in sub.columns:
        types = {str(a): str(t) for a, t in zip(sub["actor_id"], sub["type"], strict=True)}
    ax.scatter(  # one collection for every row: the colour of a row is its actor's type
        sub["start"].to_numpy(),
        [row_of[a] for a in sub["actor_id"]],
        marker="|",
        s=160,
        color=[TYPE_COLORS.get(types.get(str(a), ""), OTHER_COLOR) for a in sub["actor_id"]],
        linewidths=1.6,
    )
    ticks = [f"{_label(names.get(a, a), 28)} ({int(counts[a])})" for a in order]
    _categories(ax, ticks)
    ax.set_ylim(len(order) - 0.5, -0.5)
    xmax = text_length if text_length else int(mentions["end"].max()) + 1
    ax.hlines(range(len(order)), 0, xmax, colors="#eeeeee", linewidths=0.6, zorder=0.5)
    ax.set_xlim(0, xmax)
    _few_ticks(ax.xaxis, integer=True)
    _fit(fig, ax, _left(ticks), EDGE + _max_width([f"{xmax:d}"]) / 2)
    return fig


def plot_actor_tone(actors: pd.DataFrame, min_mentions: int = 1, top_n: int = 20) -> Figure:
    """Tone toward each actor (mean compound of sentences mentioning it), diverging bars."""
    title, xl, yl = "Tone toward each actor", "mean tone of sentences mentioning the actor", "actor"
    if _empty(actors, "name", "tone", "mentions"):
        return _no_data(title, xl, yl)
    df = actors[(actors["mentions"] >= min_mentions) & actors["tone"].notna()]
    df = df.sort_values(["mentions", "name"], ascending=[False, True], kind="mergesort").head(top_n)
    if df.empty:
        return _no_data(title, xl, yl, f"no actor with ≥ {min_mentions} mentions")
    df = df.sort_values(["tone", "name"], ascending=[False, True], kind="mergesort")
    labels = [f"{_trunc(n, 30)} ({int(m)})" for n, m in zip(df["name"], df["mentions"], strict=True)]
    tones = [float(t) for t in df["tone"]]
    fig, ax = _barh(title, labels, tones, _tone_colors(tones), xl, yl, "{:+.2f}", "tone (VADER compound)")
    ax.axvline(0, color="#555555", linewidth=0.8)
    lo, hi = ax.get_xlim()
    lim = max(0.25, max(abs(t) for t in tones) * 1.25, -lo, hi)
    ax.set_xlim(-lim, lim)
    return fig


# --------------------------------------------------------------------------- co-occurrence


def _top_nodes(edges: pd.DataFrame, nodes: pd.DataFrame | None, top_n: int) -> list[str]:
    """Ids of the ``top_n`` nodes: by mentions when a node table is given, else by weighted degree."""
    weight: dict[str, float] = {}
    for s, t, c in zip(edges["source"], edges["target"], edges["count"], strict=True):
        weight[str(s)] = weight.get(str(s), 0) + float(c)
        weight[str(t)] = weight.get(str(t), 0) + float(c)
    if nodes is not None and not _empty(nodes, "actor_id", "mentions"):
        ment = {str(a): float(m) for a, m in zip(nodes["actor_id"], nodes["mentions"], strict=True)}
        key = {a: (-ment.get(a, 0.0), -weight[a], a) for a in weight}
    else:
        key = {a: (-weight[a], a) for a in weight}
    return sorted(weight, key=lambda a: key[a])[:top_n]


def plot_cooccurrence_heatmap(
    edges: pd.DataFrame, actors: pd.DataFrame | None = None, top_n: int = 15
) -> Figure:
    """Actors × actors matrix of co-occurrence counts.

    Args:
        edges: ``cooccurrence.edges`` table ``[source, target, count, ...]``.
        actors: optional node table ``[actor_id, name, mentions]`` for names and order.
        top_n: number of actors (rows/columns).
    """
    title, xl, yl = "Co-occurrence of actors (shared windows)", "actor", "actor"
    if _empty(edges, "source", "target", "count"):
        return _no_data(title, xl, yl)
    order = _top_nodes(edges, actors, top_n)
    idx = {a: i for i, a in enumerate(order)}
    mat = np.zeros((len(order), len(order)), dtype=int)
    for s, t, c in zip(edges["source"], edges["target"], edges["count"], strict=True):
        if str(s) in idx and str(t) in idx:
            mat[idx[str(s)], idx[str(t)]] += int(c)
            mat[idx[str(t)], idx[str(s)]] += int(c)
    names = _names(actors)
    labels = [_label(names.get(a, a), 24) for a in order]
    vmax = int(mat.max()) if mat.size else 0
    side = len(order) * max(0.42, 2.5 / len(order))
    left = _left(labels)
    bottom = _bottom(labels, 60)
    right = _cbar_margin([str(vmax)])
    fig, ax = _new(title, xl, yl, (left + side + right, TOP + side + bottom))
    norm = Normalize(vmin=0, vmax=max(1, vmax))
    cells = _cells(ax, mat, "Blues", norm)
    _categories(ax, labels, "x", rotation=60)
    _categories(ax, labels)
    inks = _inks(cells.to_rgba(mat))
    for i, j in zip(*np.nonzero(mat), strict=True):
        _text(ax, j, i, str(mat[i, j]), ha="center", va="center", fontsize=7, color=inks[i, j])
    _fit(fig, ax, left, right, bottom)
    _colorbar(fig, ax, "Blues", norm, "shared windows", _count_ticks(norm.vmax))
    return fig


def _network_axes(title: str, key: str, size=(9.0, 7.0)):
    fig, ax = _new(title, key, "", size)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    _fit(fig, ax, EDGE, _cbar_margin(), EDGE + 4 * _PT + _line(STYLE["axes.labelsize"]))
    return fig, ax


def plot_network(
    edges: pd.DataFrame,
    nodes: pd.DataFrame | None = None,
    *,
    top_n: int = 25,
    title: str = "Co-occurrence network",
    seed: int = LAYOUT_SEED,
) -> Figure:
    """Undirected co-occurrence network.

    Node size = mentions, edge width = count, edge colour = tone (diverging, centred on 0).
    The graph is built with nodes and edges in sorted order and laid out with a seeded
    spring layout, so identical tables give identical pictures.

    Args:
        edges: ``[source, target, count, tone, ...]``.
        nodes: optional ``[actor_id, name, type, mentions]`` (actor or affiliation level).
        top_n: number of nodes kept (most mentioned).
        title: figure title.
        seed: layout seed.
    """
    key = "node size = mentions · edge width = co-occurrences · edge colour = tone"
    if _empty(edges, "source", "target", "count"):
        fig = _no_data(title, key, "")
        fig.axes[0].set_ylabel("actors")
        return fig
    keep = set(_top_nodes(edges, nodes, top_n))
    names = _names(nodes)
    ment: dict[str, float] = {}
    types: dict[str, str] = {}
    if nodes is not None and not _empty(nodes, "actor_id", "mentions"):
        ment = {str(a): float(m) for a, m in zip(nodes["actor_id"], nodes["mentions"], strict=True)}
        if "type" in nodes.columns:
            types = {str(a): str(t) for a, t in zip(nodes["actor_id"], nodes["type"], strict=True)}
    rows = sorted(
        (str(s), str(t), float(c), float(tn) if "tone" in edges.columns and pd.notna(tn) else 0.0)
        for s, t, c, tn in zip(
            edges["source"],
            edges["target"],
            edges["count"],
            edges["tone"] if "tone" in edges.columns else [0.0] * len(edges),
            strict=True,
        )
    )
    G = nx.Graph()
    G.add_nodes_from(sorted(keep))
    for s, t, c, tn in rows:
        if s in keep and t in keep and s != t:
            G.add_edge(s, t, count=c, tone=tn)
    pos = nx.spring_layout(G, seed=seed, weight="count", k=1.4 / math.sqrt(max(1, len(G))))
    fig, ax = _network_axes(title, key)
    ax.set_ylabel("")
    elist = sorted(G.edges(data=True))
    cmax = max((d["count"] for _, _, d in elist), default=1.0)
    _draw_edges(
        ax,
        np.asarray([(pos[u], pos[v]) for u, v, _ in elist], dtype=float),
        [0.8 + 5.0 * d["count"] / cmax for _, _, d in elist],
        _tone_colors([d["tone"] for _, _, d in elist]),
        alpha=0.85,
    )
    nlist = list(G.nodes)
    mmax = max([ment.get(n, 1.0) for n in nlist] + [1.0])
    _draw_nodes(
        ax,
        pos,
        nlist,
        [120 + 1400 * ment.get(n, 1.0) / mmax for n in nlist],
        [TYPE_COLORS.get(types.get(n, ""), OTHER_COLOR) for n in nlist],
        edgecolors="#333333",
        linewidths=0.6,
    )
    _draw_node_labels(ax, pos, {n: _label(names.get(n, n), 22) for n in nlist}, 8)
    ax.margins(0.12)
    present = sorted({types.get(n, "") for n in nlist} - {""})
    if present:
        ax.legend(
            handles=[Patch(facecolor=TYPE_COLORS.get(t, OTHER_COLOR), label=_label(t)) for t in present],
            loc="lower left",
            fontsize=7,
            frameon=False,
            title="type",
        )
    _tone_colorbar(fig, ax, "edge tone (mean compound of shared windows)")
    return fig


def plot_cooccurrence_network(
    edges: pd.DataFrame, actors: pd.DataFrame | None = None, *, top_n: int = 25, seed: int = LAYOUT_SEED
) -> Figure:
    """Actor-level co-occurrence network (see :func:`plot_network`)."""
    return plot_network(edges, actors, top_n=top_n, title="Co-occurrence network of actors", seed=seed)


def plot_affiliation_network(
    edges: pd.DataFrame, nodes: pd.DataFrame | None = None, *, top_n: int = 25, seed: int = LAYOUT_SEED
) -> Figure:
    """Affiliation-level network (people rolled up into their country/organization)."""
    return plot_network(
        edges,
        nodes,
        top_n=top_n,
        title="Affiliation-level network (people rolled up to country/organization)",
        seed=seed,
    )


# --------------------------------------------------------------------------- quotes and voice


def plot_voice_share(voice: pd.DataFrame, top_n: int = 15) -> Figure:
    """Share of quoted words per speaker (``voice_share`` table), with quote counts."""
    title, xl, yl = "Who gets a voice: share of quoted words", "share of quoted words", "speaker"
    if _empty(voice, "name", "share"):
        return _no_data(title, xl, yl)
    df = voice.sort_values(["share", "name"], ascending=[False, True], kind="mergesort").head(top_n)
    labels = [
        f"{_trunc(n, 26)} ({int(q)} quotes)" if "quotes" in df.columns else str(n)
        for n, q in zip(df["name"], df["quotes"] if "quotes" in df.columns else df["name"], strict=True)
    ]
    fig, ax = _barh(title, labels, [float(s) for s in df["share"]], OKABE_ITO[0], xl, yl, "{:.0%}")
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlim(0, max(ax.get_xlim()[1], min(1.0, max(float(df["share"].max()) * 1.2, 0.1))))
    return fig


def _relation_rows(relations: pd.DataFrame) -> list[tuple[str, str, str, float]]:
    rows = []
    for s, t, a, tn in zip(
        relations["source"],
        relations["target"],
        relations["act"],
        relations["tone"] if "tone" in relations.columns else [0.0] * len(relations),
        strict=True,
    ):
        if (
            s is None
            or t is None
            or (isinstance(s, float) and pd.isna(s))
            or (isinstance(t, float) and pd.isna(t))
        ):
            continue
        rows.append((str(s), str(t), str(a), 0.0 if tn is None or pd.isna(tn) else float(tn)))
    return sorted(rows)


# Networks are drawn as networkx's drawing functions draw them (same artists, same pixels),
# without them: each imports pyplot, which costs a report kernel ~30 ms and an inline-backend
# hook after every later cell.


def _draw_edges(ax, segments: np.ndarray, widths: Sequence[float], colors, alpha: float) -> None:
    """Straight edges ``(n, 2, 2)`` as one collection under the nodes, the data limits padded by
    5%, as ``networkx.draw_networkx_edges`` draws an undirected graph."""
    if not len(segments):
        return
    ax.add_collection(LineCollection(segments, colors=colors, linewidths=widths, alpha=alpha, zorder=1))
    points = np.asarray(segments, dtype=float).reshape(-1, 2)
    lo, hi = points.min(0), points.max(0)
    ax.update_datalim([lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)])
    ax.autoscale_view()


def _draw_nodes(ax, pos: Mapping[str, Any], nodes: Sequence[str], sizes, colors, **kwargs) -> None:
    """Nodes as one scatter above the edges, as ``networkx.draw_networkx_nodes`` draws them."""
    if not len(nodes):
        return
    xy = np.asarray([pos[n] for n in nodes], dtype=float)
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colors, marker="o", **kwargs).set_zorder(2)


def _draw_node_labels(ax, pos: Mapping[str, Any], labels: Mapping[str, str], size: float) -> None:
    """A centred label on each node, as ``networkx.draw_networkx_labels`` draws them."""
    for n, label in labels.items():
        x, y = pos[n]
        _text(
            ax,
            x,
            y,
            label,
            size=size,
            color="k",
            family="DejaVu Sans",
            weight="normal",
            ha="center",
            va="center",
        )


def _draw_arcs(
    fig: Figure,
    ax,
    ends: Sequence[tuple[tuple[float, float], tuple[float, float]]],
    widths: Sequence[float],
    colors: Sequence[Any],
    labels: Sequence[str],
    node_radius: float,
    rad: float = 0.18,
) -> None:
    """Curved arrows between node centres, stopping at the node circles, each labelled at its middle.

    Same geometry as matplotlib's ``arc3`` connection style with an ``-|>`` head, but drawn as
    one line collection and one polygon collection (one FancyArrowPatch per edge, clipped to the
    nodes by bisection at draw time, cost more than the rest of the figure). Needs the axes'
    position and limits to be final.

    Args:
        ends: ``((x0, y0), (x1, y1))`` per arrow, in data coordinates.
        widths: line width (points) per arrow.
        colors: colour per arrow.
        labels: text at the middle of each arrow.
        node_radius: radius (points) of the node markers.
        rad: curvature (as in ``arc3,rad=...``).
    """
    pos = ax.get_position()
    w, h = fig.get_size_inches()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    # data -> points (a scale per axis), so that curvature, clipping and heads are isotropic
    sx, sy = pos.width * w * 72 / (x1 - x0), pos.height * h * 72 / (y1 - y0)
    t = np.linspace(0.0, 1.0, 41)[:, None]
    lines, heads = [], []
    for ((ax0, ay0), (ax1, ay1)), lw in zip(ends, widths, strict=True):
        p0, p2 = np.array([ax0 * sx, ay0 * sy]), np.array([ax1 * sx, ay1 * sy])
        d = p2 - p0
        c = (p0 + p2) / 2 + rad * np.array([d[1], -d[0]])
        curve = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * c + t**2 * p2
        keep = (np.hypot(*(curve - p0).T) >= node_radius) & (np.hypot(*(curve - p2).T) >= node_radius)
        curve = curve[keep]
        if len(curve) < 2:
            continue
        head_len, half = 5.6 + 1.2 * lw, 2.8 + 0.7 * lw
        tip = curve[-1]
        u = tip - curve[-2]
        u /= np.hypot(*u) or 1.0
        base = tip - head_len * u
        normal = np.array([-u[1], u[0]])
        # the line stops inside the head, so a wide line does not show past the tip's flanks
        shaft = curve[np.hypot(*(curve - tip).T) > 0.6 * head_len]
        lines.append(np.vstack([shaft, base + 0.4 * head_len * u]) / [sx, sy])
        heads.append(np.array([tip, base + half * normal, base - half * normal]) / [sx, sy])
    ax.add_collection(LineCollection(lines, colors=colors, linewidths=widths, capstyle="butt", zorder=1))
    ax.add_collection(PolyCollection(heads, facecolors=colors, edgecolors="none", zorder=1))
    box = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75}
    for ((ax0, ay0), (ax1, ay1)), label in zip(ends, labels, strict=True):
        dx, dy = (ax1 - ax0) * sx, (ay1 - ay0) * sy
        mx = (ax0 + ax1) / 2 + rad * dy / 2 / sx
        my = (ay0 + ay1) / 2 - rad * dx / 2 / sy
        _text(ax, mx, my, label, fontsize=6.5, ha="center", va="center", bbox=box, zorder=1.5, clip_on=True)


def plot_relation_network(
    relations: pd.DataFrame,
    actors: pd.DataFrame | None = None,
    *,
    top_n: int = 20,
    seed: int = LAYOUT_SEED,
    max_arrows: int = 30,
) -> Figure:
    """Directed "who says what about whom" network.

    Built as a ``networkx.MultiDiGraph`` (one edge per source, target, act) in sorted order and
    drawn as one curved arrow per ordered pair, coloured by mean tone, width by number of
    statements, labelled with its acts (× count).

    Args:
        relations: ``relations`` table ``[rid, source, target, act, cue, tone, ...]``.
        actors: optional ``[actor_id, name, ...]`` for display names.
        top_n: number of actors kept (most involved).
        max_arrows: most arrows drawn (ordered pairs with the most statements).
        seed: unused (the layout is a deterministic circle, most involved actor on top); kept
            so every network function takes the same arguments.
    """
    title = "Who says what about whom"
    key = "arrow: source → target · colour = mean tone · width = statements · label = acts (× count)"
    if _empty(relations, "source", "target", "act"):
        return _no_data(title, key, "actors")
    rows = _relation_rows(relations)
    if not rows:
        return _no_data(title, key, "actors")
    involvement: dict[str, int] = {}
    for s, t, _, _ in rows:
        involvement[s] = involvement.get(s, 0) + 1
        involvement[t] = involvement.get(t, 0) + 1
    keep = set(sorted(involvement, key=lambda a: (-involvement[a], a))[:top_n])
    agg: dict[tuple[str, str, str], list[float]] = {}
    for s, t, a, tn in rows:
        if s in keep and t in keep:
            agg.setdefault((s, t, a), []).append(tn)
    G = nx.MultiDiGraph()
    G.add_nodes_from(sorted(keep))
    for (s, t, a), tones in sorted(agg.items()):
        G.add_edge(s, t, key=a, act=a, count=len(tones), tone=float(np.mean(tones)))
    # circular layout, most involved actor on top: arrows stay readable where spring layouts pile up
    ring = sorted(keep, key=lambda a: (-involvement[a], a))
    pos = {n: p for n, p in zip(ring, nx.circular_layout(nx.path_graph(len(ring))).values(), strict=True)}
    pos = {n: (float(-y), float(x)) for n, (x, y) in pos.items()}
    names = _names(actors)
    fig, ax = _network_axes(title, key)
    ax.set_ylabel("")
    nlist = list(G.nodes)
    node_size = 900
    _draw_nodes(ax, pos, nlist, node_size, "#DDDDDD", edgecolors="#333333", linewidths=0.6)
    _draw_node_labels(ax, pos, {n: _label(names.get(n, n), 20) for n in nlist}, 8)
    # one curved arrow per ordered pair (u→v and v→u bend apart); its label lists the acts
    pairs: dict[tuple[str, str], list[tuple[str, int, float]]] = {}
    for u, v, k, d in sorted(G.edges(keys=True, data=True)):
        if u != v:
            pairs.setdefault((u, v), []).append((k, d["count"], d["tone"]))
    cmax = max((sum(c for _, c, _ in acts) for acts in pairs.values()), default=1)
    strongest = sorted(pairs, key=lambda p: (-sum(c for _, c, _ in pairs[p]), p))[:max_arrows]
    # one arrow per ordered pair (a DiGraph edge stands for all the acts of the pair)
    H = nx.DiGraph()
    H.add_nodes_from(G.nodes)
    labels: dict[tuple[str, str], str] = {}
    for u, v in sorted(strongest):
        acts = sorted(pairs[(u, v)], key=lambda x: (-x[1], x[0]))
        total = sum(c for _, c, _ in acts)
        H.add_edge(u, v, total=total, tone=sum(c * t for _, c, t in acts) / total)
        label = ", ".join(_label(a, 14) + (f" ×{c}" if c > 1 else "") for a, c, _ in acts[:2])
        labels[(u, v)] = label + (f" +{len(acts) - 2}" if len(acts) > 2 else "")
    elist = list(H.edges(data=True))
    lim = 1.3
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    if elist:
        _draw_arcs(
            fig,
            ax,
            [(pos[u], pos[v]) for u, v, _ in elist],
            [1.2 + 3.0 * d["total"] / cmax for _, _, d in elist],
            _tone_colors([d["tone"] for _, _, d in elist]),
            [labels[(u, v)] for u, v, _ in elist],
            math.sqrt(node_size) / 2,
        )
    _tone_colorbar(fig, ax, "tone of the statement")
    return fig


def plot_speaker_target_matrix(
    relations: pd.DataFrame, actors: pd.DataFrame | None = None, top_n: int = 12
) -> Figure:
    """Speaker × target matrix of acts ("trading of threats"): cells list acts and counts, shaded by tone."""
    title, xl, yl = "What each actor says about each other actor", "target", "source (speaker)"
    if _empty(relations, "source", "target", "act"):
        return _no_data(title, xl, yl)
    rows = _relation_rows(relations)
    if not rows:
        return _no_data(title, xl, yl)
    sc: dict[str, int] = {}
    tc: dict[str, int] = {}
    for s, t, _, _ in rows:
        sc[s] = sc.get(s, 0) + 1
        tc[t] = tc.get(t, 0) + 1
    srcs = sorted(sc, key=lambda a: (-sc[a], a))[:top_n]
    tgts = sorted(tc, key=lambda a: (-tc[a], a))[:top_n]
    si = {a: i for i, a in enumerate(srcs)}
    ti = {a: i for i, a in enumerate(tgts)}
    tone = np.full((len(srcs), len(tgts)), np.nan)
    acts: dict[tuple[int, int], dict[str, int]] = {}
    tones: dict[tuple[int, int], list[float]] = {}
    for s, t, a, tn in rows:
        if s in si and t in ti:
            cell = (si[s], ti[t])
            acts.setdefault(cell, {})[a] = acts.get(cell, {}).get(a, 0) + 1
            tones.setdefault(cell, []).append(tn)
    for cell, vals in tones.items():
        tone[cell] = float(np.mean(vals))
    names = _names(actors)
    xlabels = [_label(names.get(a, a), 20) for a in tgts]
    ylabels = [_label(names.get(a, a), 20) for a in srcs]
    left = _left(ylabels)
    bottom = _bottom(xlabels, 30)
    right = _cbar_margin()
    axes_w, axes_h = max(3.0, 0.95 * len(tgts)), max(1.5, 0.5 * len(srcs))
    fig, ax = _new(title, xl, yl, (left + axes_w + right, TOP + axes_h + bottom))
    inks = _inks(_cells(ax, tone, TONE_CMAP, TONE_NORM).to_rgba(tone))
    for (i, j), d in sorted(acts.items()):
        top = sorted(d.items(), key=lambda x: (-x[1], x[0]))
        text = "\n".join(f"{_label(a, 14)}" + (f" ×{n}" if n > 1 else "") for a, n in top[:3])
        if len(top) > 3:
            text += f"\n+{len(top) - 3} more"
        _text(ax, j, i, text, ha="center", va="center", fontsize=7, color=inks[i, j])
    _categories(ax, xlabels, "x", rotation=30)
    _categories(ax, ylabels)
    # cell borders
    ax.vlines(np.arange(-0.5, len(tgts)), -0.5, len(srcs) - 0.5, colors="#cccccc", linewidths=0.6)
    ax.hlines(np.arange(-0.5, len(srcs)), -0.5, len(tgts) - 0.5, colors="#cccccc", linewidths=0.6)
    _fit(fig, ax, left, right, bottom)
    _tone_colorbar(fig, ax, "mean tone of the statements")
    return fig


def plot_speaker_tone(quotes: pd.DataFrame, top_n: int = 12) -> Figure:
    """Tone of each speaker's quotes: one point per quote over a box per speaker."""
    title, xl, yl = "Tone of each speaker's quotes", "tone of the quote (VADER compound)", "speaker"
    if _empty(quotes, "tone"):
        return _no_data(title, xl, yl)
    name_col = "speaker_name" if "speaker_name" in quotes.columns else "speaker"
    if name_col not in quotes.columns:
        return _no_data(title, xl, yl)
    df = quotes[quotes[name_col].notna() & quotes["tone"].notna()]
    if df.empty:
        return _no_data(title, xl, yl, "no attributed quotes")
    counts = df.groupby(name_col, sort=True).size()
    order = sorted(counts.index, key=lambda n: (-int(counts[n]), str(n)))[:top_n]
    fig, ax = _new(title, xl, yl, (8.0, max(2.8, 0.42 * len(order) + 1.4)))
    data = [df.loc[df[name_col] == n, "tone"].astype(float).to_numpy() for n in order]
    # box plots (quartiles, median, whiskers at 1.5 IQR, no fliers) as three collections
    stats = cbook.boxplot_stats(data, whis=1.5)
    y = np.arange(len(order), dtype=float)
    q1, q3 = [st["q1"] for st in stats], [st["q3"] for st in stats]
    _rects(ax, q1, q3, y - 0.275, y + 0.275, "#F2F2F2", edgecolors="#666666", linewidths=1.0, zorder=1)
    whiskers = [[(st["whislo"], r), (st["q1"], r)] for st, r in zip(stats, y, strict=True)]
    whiskers += [[(st["q3"], r), (st["whishi"], r)] for st, r in zip(stats, y, strict=True)]
    whiskers += [
        [(st[k], r - 0.1375), (st[k], r + 0.1375)]
        for st, r in zip(stats, y, strict=True)
        for k in ("whislo", "whishi")
    ]
    ax.add_collection(LineCollection(whiskers, colors="#000000", linewidths=1.0, zorder=2), autolim=False)
    medians = [[(st["med"], r - 0.275), (st["med"], r + 0.275)] for st, r in zip(stats, y, strict=True)]
    ax.add_collection(LineCollection(medians, colors="#000000", linewidths=1.0, zorder=2), autolim=False)
    rng = np.random.default_rng(0)
    rows = [row + rng.uniform(-0.15, 0.15, len(vals)) for row, vals in enumerate(data)]
    vals = np.concatenate(data)
    ax.scatter(  # one collection for all speakers
        vals,
        np.concatenate(rows),
        c=vals,
        cmap=TONE_CMAP,
        norm=TONE_NORM,
        s=26,
        edgecolors="#333333",
        linewidths=0.4,
        zorder=3,
    )
    ticks = [f"{_label(n, 28)} ({int(counts[n])})" for n in order]
    _categories(ax, ticks)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.axvline(0, color="#777777", linewidth=0.7)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xticks(TONE_TICKS)
    _fit(fig, ax, _left(ticks), EDGE + _max_width(["−1.00"]) / 2)
    return fig


# --------------------------------------------------------------------------- corpus


def _dates(values: pd.Series) -> pd.Series:
    """Timestamps of ``values`` (strings in any mix of formats, dates, datetimes), index kept.

    Unreadable values become NaT. Time-zone-aware values keep the wall-clock time they were
    written in; when their UTC offsets differ, they are compared in UTC.
    """
    try:
        parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    except ValueError:  # offsets that differ between values
        parsed = pd.to_datetime(values, errors="coerce", format="mixed", utc=True)
    if parsed.dt.tz is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed


def date_runs(dates: Sequence[Any], max_gap_days: float = TONE_GAP_DAYS) -> list[slice]:
    """Runs of sorted dates with no gap of more than ``max_gap_days`` calendar days between neighbours.

    Args:
        dates: sorted dates (strings, dates or datetimes; see :func:`_dates`).
        max_gap_days: the longest gap, in calendar days, that a run bridges.

    Returns:
        One slice of ``dates`` per run, in order; none for no dates.

    Raises:
        ValueError: a date is missing or unreadable, or the dates are not sorted.
    """
    values = _dates(pd.Series(list(dates), dtype=object))
    if values.empty:
        return []
    if values.isna().any():
        raise ValueError("date_runs: a date is missing or unreadable")
    if not values.is_monotonic_increasing:
        raise ValueError("date_runs: the dates are not sorted")
    days = values.dt.normalize().to_numpy().astype("datetime64[D]").astype(np.int64)
    cuts = [i + 1 for i, gap in enumerate(np.diff(days)) if gap > max_gap_days]
    bounds = [0, *cuts, len(values)]
    return [slice(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def plot_corpus_tone(overview: pd.DataFrame, window: int = 15) -> Figure:
    """Tone per article: over time (with a rolling mean) when dates exist, else one bar per article.

    The rolling mean is taken within runs of articles no more than :data:`TONE_GAP_DAYS` apart,
    so the line neither crosses nor averages over a long stretch without articles.

    Args:
        overview: per-article table with ``mean_tone`` and optionally ``date`` and ``title``.
        window: rolling-mean width (articles) for the dated view.
    """
    title, yl = "Tone per article", "mean sentence tone"
    if _empty(overview, "mean_tone"):
        return _no_data(title, "article", yl)
    df = overview.copy()
    dates = _dates(df["date"]) if "date" in df.columns else pd.Series(pd.NaT, df.index)
    df["_d"] = dates
    dated = df[df["_d"].notna()]
    if len(dated) >= 2 and len(dated) >= 0.5 * len(df):
        dated = dated.sort_values(["_d"], kind="mergesort")
        fig, ax = _new(title + " over time", "publication date", yl, (9.0, 4.2))
        tone = dated["mean_tone"].astype(float).to_numpy()
        ax.scatter(
            dated["_d"],
            tone,
            c=tone,
            cmap=TONE_CMAP,
            norm=TONE_NORM,
            s=14,
            edgecolors="#333333",
            linewidths=0.3,
            label=f"article (n={len(dated)})",
        )
        if len(dated) >= 3:
            w = max(1, min(window, len(dated) // 3))
            runs = date_runs(dated["_d"])
            label = f"rolling mean ({w} articles" + (
                f"; breaks at gaps over {TONE_GAP_DAYS} days)" if len(runs) > 1 else ")"
            )
            for run in runs:
                if run.stop - run.start < 2:
                    continue  # a lone article has its dot, not a line
                ax.plot(
                    dated["_d"].iloc[run],
                    pd.Series(tone[run]).rolling(w, min_periods=1, center=True).mean().to_numpy(),
                    color="#000000",
                    linewidth=1.5,
                    label=label,
                )
                label = "_nolegend_"
        ax.axhline(0, color="#777777", linewidth=0.7)
        if len(dated) < len(df):
            _text(
                ax,
                0.01,
                0.02,
                f"{len(df) - len(dated)} undated articles not shown",
                transform=ax.transAxes,
                fontsize=7,
            )
        ax.legend(loc="upper right", fontsize=7, frameon=False)
        bottom = _bottom(["2022-12-31"], 30)
        _fit(fig, ax, _left(["−1.0"]), _cbar_margin(), bottom)
        fig.autofmt_xdate(bottom=bottom / fig.get_size_inches()[1])
        _tone_colorbar(fig, ax)
        return fig
    labels = [
        str(t) if t else str(i)
        for t, i in zip(df.get("title", df.index), df.get("article_id", df.index), strict=True)
    ]
    tones = [float(t) for t in df["mean_tone"]]
    fig, ax = _barh(title, labels[:60], tones[:60], _tone_colors(tones[:60]), yl, "article", "{:+.2f}")
    ax.axvline(0, color="#555555", linewidth=0.8)
    return fig


def plot_corpus_actor_mentions(
    mentions: pd.DataFrame, overview: pd.DataFrame | None = None, top_n: int = 15, max_columns: int = 40
) -> Figure:
    """Mentions of the top actors across articles.

    A heatmap of actors × articles when the corpus is small, actors × months when it is
    larger and dated, else bars of total mentions.

    Args:
        mentions: long table ``[article_id, actor_id, name, type, mentions]``.
        overview: per-article table ``[article_id, title, date, ...]`` (order and dates).
        top_n: number of actors (rows).
        max_columns: most articles shown one per column.
    """
    title = "Actor mentions across articles"
    if _empty(mentions, "article_id", "actor_id", "mentions"):
        return _no_data(title, "article", "actor")
    totals = mentions.groupby("actor_id", sort=True)["mentions"].sum()
    top = sorted(totals.index, key=lambda a: (-int(totals[a]), str(a)))[:top_n]
    names = _names(mentions.drop_duplicates("actor_id"))
    sub = mentions[mentions["actor_id"].isin(top)]
    art_order = (
        list(overview["article_id"])
        if overview is not None and "article_id" in overview.columns
        else sorted(mentions["article_id"].unique())
    )
    dates = {}
    if overview is not None and "date" in overview.columns:
        dates = dict(zip(overview["article_id"], _dates(overview["date"]), strict=True))
    if len(art_order) <= max_columns:
        cols, col_of, xl = art_order, {a: a for a in art_order}, "article"
        titles = (
            dict(zip(overview["article_id"], overview["title"], strict=True))
            if overview is not None and "title" in overview.columns
            else {}
        )
        col_labels = [_label(titles.get(a) or a, 24) for a in cols]
    elif dates and sum(pd.notna(d) for d in dates.values()) >= 0.5 * len(dates):
        col_of = {a: d.strftime("%Y-%m") for a, d in dates.items() if pd.notna(d)}
        cols = sorted(set(col_of.values()))
        col_labels, xl = cols, "month"
    else:
        fig, _ = _barh(
            title,
            [names.get(a, a) for a in top],
            [int(totals[a]) for a in top],
            OKABE_ITO[4],
            "mentions (all articles)",
            "actor",
        )
        return fig
    ci = {c: i for i, c in enumerate(cols)}
    mat = np.zeros((len(top), len(cols)))
    ri = {a: i for i, a in enumerate(top)}
    for art, aid, m in zip(sub["article_id"], sub["actor_id"], sub["mentions"], strict=True):
        c = col_of.get(art)
        if c is not None:
            mat[ri[aid], ci[c]] += float(m)
    step = max(1, len(cols) // 30)
    xticks = [col_labels[i] for i in range(0, len(cols), step)]
    yticks = [f"{_label(names.get(a, a), 24)} ({int(totals[a])})" for a in top]
    left = _left(yticks)
    bottom = _bottom(xticks, 60, 7)
    right = _cbar_margin([str(int(mat.max()))])
    axes_w, axes_h = max(3.0, 0.3 * len(cols)), max(1.5, 0.35 * len(top))
    fig, ax = _new(title, xl, "actor", (left + axes_w + right, TOP + axes_h + bottom))
    norm = Normalize(vmin=0, vmax=max(1.0, float(mat.max())))
    _cells(ax, mat, "Blues", norm)
    _categories(ax, xticks, "x", rotation=60, fontsize=7, positions=range(0, len(cols), step))
    _categories(ax, yticks)
    _fit(fig, ax, left, right, bottom)
    _colorbar(fig, ax, "Blues", norm, "mentions", _count_ticks(norm.vmax))
    return fig


def plot_top_pairs(pairs: pd.DataFrame, top_n: int = 20) -> Figure:
    """Most frequent actor pairs across the corpus (``[source_name, target_name, count, tone]``)."""
    title, xl, yl = "Actor pairs that appear together most", "shared windows (all articles)", "pair"
    if _empty(pairs, "count") or not (
        {"source_name", "target_name"} <= set(pairs.columns) or {"source", "target"} <= set(pairs.columns)
    ):
        return _no_data(title, xl, yl)
    s_col, t_col = ("source_name", "target_name") if "source_name" in pairs.columns else ("source", "target")
    df = pairs.sort_values(["count", s_col, t_col], ascending=[False, True, True], kind="mergesort").head(
        top_n
    )
    labels = [f"{_trunc(s, 18)} — {_trunc(t, 18)}" for s, t in zip(df[s_col], df[t_col], strict=True)]
    colors = _tone_colors(df["tone"]) if "tone" in df.columns else OKABE_ITO[4]
    cbar = "mean tone of the shared windows" if "tone" in df.columns else None
    fig, _ = _barh(title, labels, [int(c) for c in df["count"]], colors, xl, yl, cbar_label=cbar)
    return fig


#: Every figure function, by name (used by tests and the notebooks' provenance).
FIGURES: dict[str, Any] = {
    name: fn for name, fn in sorted(globals().items()) if name.startswith("plot_") and callable(fn)
}
