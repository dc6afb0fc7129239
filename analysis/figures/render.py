"""Rendering figures to deterministic PNG bytes (Agg canvas, text caches, PNG encoder).

Draws nothing of its own: takes finished figures and turns them into files.
"""

from __future__ import annotations

import contextlib
import math
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image as PILImage

from analysis.figures.style import (
    DPI,
    PNG_COMPRESS_LEVEL,
)
from analysis.memo import put_bounded

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
