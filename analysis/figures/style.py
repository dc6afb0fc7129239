"""Figure style: palette, colour maps, sizes and the rcParams that fix rendered output.

Holds constants and :func:`apply_style` only; draws nothing.
"""

from __future__ import annotations

from typing import Any

import matplotlib
from matplotlib.colors import Normalize

matplotlib.use("Agg")

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
#: zlib level of the PNGs (1: fastest; 6 costs ~1.5x the time for ~5% smaller files).
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
