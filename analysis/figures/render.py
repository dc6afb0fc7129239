"""Rendering figures to deterministic PNG bytes and files (Agg canvas, Pillow's PNG encoder).

Draws nothing of its own: takes finished figures and turns them into bytes or files. Uses
matplotlib's and Pillow's public API only.
"""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from analysis.figures.style import DPI, PNG_COMPRESS_LEVEL


def png_bytes(fig: Figure) -> bytes:
    """Render ``fig`` to PNG bytes at :data:`DPI` (byte-identical for identical input).

    The figure is drawn once on an Agg canvas and written by Pillow as an 8-bit RGB PNG (the
    figures are opaque, so an alpha channel would carry nothing) at zlib level
    :data:`PNG_COMPRESS_LEVEL`, with no software, date or resolution metadata.
    """
    canvas = FigureCanvasAgg(fig)
    dpi = fig.dpi
    if dpi != DPI:
        fig.set_dpi(DPI)
    try:
        canvas.draw()
        width, height = canvas.get_width_height(physical=True)
        rgba = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        out = io.BytesIO()
        rgba.convert("RGB").save(out, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
        return out.getvalue()
    finally:
        if dpi != DPI:
            fig.set_dpi(dpi)


def save_png(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` as a deterministic PNG at ``path`` (parents created); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(fig))
    return path
