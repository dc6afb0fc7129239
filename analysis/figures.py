"""Figures: one function per figure; each draws tables it is given and returns a Figure.

Functions never read files, never call ``plt.show`` and never touch pyplot's global
figure list: they build :class:`matplotlib.figure.Figure` objects directly, so a notebook
shows only what :mod:`analysis.report` displays. Every figure has a title and labelled
axes, uses the Okabe–Ito palette for categories and the diverging ``RdBu`` map centred on
0 for tone, and says "no data" (instead of raising) when its table is empty.

Determinism: :func:`apply_style` fixes the rcParams that influence output, networks use a
seeded spring layout over a graph built in sorted order, and :func:`png_bytes` /
:func:`save_png` write PNGs without software or date stamps.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import colormaps  # noqa: E402
from matplotlib.cm import ScalarMappable  # noqa: E402
from matplotlib.colors import Normalize  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

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
MAX_LABEL = 38
LAYOUT = "constrained"

STYLE: dict[str, Any] = {
    "svg.hashsalt": "newsreport",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.titlesize": 11.0,
    "axes.labelsize": 9.0,
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "savefig.bbox": None,
    "figure.figsize": (8.0, 4.5),
    "axes.prop_cycle": matplotlib.cycler(color=list(OKABE_ITO)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": TONE_CMAP,
    "text.usetex": False,
    "path.simplify": True,
}


def apply_style() -> None:
    """Select the Agg backend and fix the rcParams that affect rendered output."""
    matplotlib.use("Agg")
    matplotlib.rcParams.update(STYLE)


apply_style()


def png_bytes(fig: Figure) -> bytes:
    """Render ``fig`` to PNG bytes with no software/date metadata (byte-identical for identical input)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def save_png(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` as a deterministic PNG at ``path`` (parents created); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(fig))
    return path


# --------------------------------------------------------------------------- helpers


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


def _new(title: str, xlabel: str, ylabel: str, size: tuple[float, float] | None = None):
    fig = Figure(figsize=size or STYLE["figure.figsize"], layout=LAYOUT)
    ax = fig.add_subplot()
    ax.set_title(_label(title, 90))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig, ax


def _no_data(title: str, xlabel: str, ylabel: str, message: str = "no data") -> Figure:
    fig, ax = _new(title, xlabel, ylabel, (6.0, 3.0))
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555555", fontsize=12)
    ax.set_xticks([])
    ax.set_yticks([])
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
    cmap = colormaps[TONE_CMAP]
    return [cmap(TONE_NORM(0.0 if v is None or pd.isna(v) else float(v))) for v in values]


def _tone_colorbar(fig: Figure, ax, label: str = "tone (VADER compound)") -> None:
    sm = ScalarMappable(norm=TONE_NORM, cmap=colormaps[TONE_CMAP])
    fig.colorbar(sm, ax=ax, label=label, shrink=0.8, pad=0.01)


def _ngram_text(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return " ".join(str(v) for v in value)
    return str(value)


def _barh(
    title: str,
    labels: list[str],
    values: list[float],
    colors,
    xlabel: str,
    ylabel: str,
    value_fmt: str = "{:g}",
) -> tuple[Figure, Any]:
    height = max(2.5, 0.28 * len(labels) + 1.2)
    fig, ax = _new(title, xlabel, ylabel, (8.0, height))
    y = np.arange(len(labels))
    ax.barh(y, values, color=colors, edgecolor="#333333", linewidth=0.4)
    ax.set_yticks(y, [_label(s) for s in labels])
    ax.invert_yaxis()
    for yi, v in zip(y, values, strict=True):
        ax.annotate(
            value_fmt.format(v),
            (v, yi),
            xytext=(3 if v >= 0 else -3, 0),
            textcoords="offset points",
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=7,
        )
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
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize=7, frameon=False, ncols=4)
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
    ax.bar(
        centers,
        counts,
        width=edges[1] - edges[0],
        color=_tone_colors(centers),
        edgecolor="#333333",
        linewidth=0.4,
    )
    mean = float(np.mean(comp))
    ax.axvline(mean, color="#000000", linestyle="--", linewidth=1.0, label=f"mean {mean:+.3f}")
    ax.axvspan(-0.05, 0.05, color="#dddddd", alpha=0.5, zorder=0, label="neutral band (±0.05)")
    ax.set_xlim(-1.0, 1.0)
    ax.legend(loc="upper left", fontsize=7, frameon=False)
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
    for row, aid in enumerate(order):
        sub = mentions[mentions["actor_id"] == aid]
        typ = str(sub["type"].iloc[0]) if "type" in sub.columns else ""
        ax.scatter(
            sub["start"].to_numpy(),
            np.full(len(sub), row),
            marker="|",
            s=160,
            color=TYPE_COLORS.get(typ, OTHER_COLOR),
            linewidths=1.6,
        )
    ax.set_yticks(range(len(order)), [f"{_label(names.get(a, a), 28)} ({int(counts[a])})" for a in order])
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlim(0, text_length if text_length else int(mentions["end"].max()) + 1)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.6)
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
    fig, ax = _barh(title, labels, tones, _tone_colors(tones), xl, yl, "{:+.2f}")
    ax.axvline(0, color="#555555", linewidth=0.8)
    lim = max(0.25, max(abs(t) for t in tones) * 1.25)
    ax.set_xlim(-lim, lim)
    _tone_colorbar(fig, ax)
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
    side = max(4.5, 0.42 * len(order) + 2.5)
    fig, ax = _new(title, xl, yl, (side + 1.2, side))
    im = ax.imshow(mat, cmap="Blues", vmin=0, aspect="equal")
    ax.set_xticks(range(len(order)), labels, rotation=60, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(order)), labels)
    vmax = mat.max() if mat.size else 0
    for i in range(len(order)):
        for j in range(len(order)):
            if mat[i, j]:
                ax.text(
                    j,
                    i,
                    str(mat[i, j]),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if mat[i, j] > 0.6 * vmax else "black",
                )
    fig.colorbar(im, ax=ax, label="shared windows", shrink=0.8)
    return fig


def _network_axes(title: str, key: str, size=(9.0, 7.0)):
    fig, ax = _new(title, key, "", size)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
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
    nx.draw_networkx_edges(
        G,
        pos,
        ax=ax,
        edgelist=[(u, v) for u, v, _ in elist],
        width=[0.8 + 5.0 * d["count"] / cmax for _, _, d in elist],
        edge_color=_tone_colors([d["tone"] for _, _, d in elist]),
        alpha=0.85,
    )
    nlist = list(G.nodes)
    mmax = max([ment.get(n, 1.0) for n in nlist] + [1.0])
    nx.draw_networkx_nodes(
        G,
        pos,
        ax=ax,
        nodelist=nlist,
        node_size=[120 + 1400 * ment.get(n, 1.0) / mmax for n in nlist],
        node_color=[TYPE_COLORS.get(types.get(n, ""), OTHER_COLOR) for n in nlist],
        edgecolors="#333333",
        linewidths=0.6,
    )
    nx.draw_networkx_labels(
        G,
        pos,
        ax=ax,
        labels={n: _label(names.get(n, n), 22) for n in nlist},
        font_size=8,
        font_family="DejaVu Sans",
    )
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
    ax.set_xlim(0, min(1.0, max(float(df["share"].max()) * 1.2, 0.1)))
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
    nx.draw_networkx_nodes(
        G,
        pos,
        ax=ax,
        nodelist=nlist,
        node_size=node_size,
        node_color="#DDDDDD",
        edgecolors="#333333",
        linewidths=0.6,
    )
    nx.draw_networkx_labels(
        G, pos, ax=ax, labels={n: _label(names.get(n, n), 20) for n in nlist}, font_size=8
    )
    # one curved arrow per ordered pair (u→v and v→u bend apart); its label lists the acts
    pairs: dict[tuple[str, str], list[tuple[str, int, float]]] = {}
    for u, v, k, d in sorted(G.edges(keys=True, data=True)):
        if u != v:
            pairs.setdefault((u, v), []).append((k, d["count"], d["tone"]))
    cmax = max((sum(c for _, c, _ in acts) for acts in pairs.values()), default=1)
    strongest = sorted(pairs, key=lambda p: (-sum(c for _, c, _ in pairs[p]), p))[:max_arrows]
    # one arrow per ordered pair, drawn in a single call (a MultiDiGraph edge stands for the pair)
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
    if elist:
        style = "arc3,rad=0.18"
        nx.draw_networkx_edges(
            H,
            pos,
            ax=ax,
            edgelist=[(u, v) for u, v, _ in elist],
            edge_color=_tone_colors([d["tone"] for _, _, d in elist]),
            width=[1.2 + 3.0 * d["total"] / cmax for _, _, d in elist],
            arrows=True,
            arrowstyle="-|>",
            arrowsize=14,
            connectionstyle=style,
            node_size=node_size,
        )
        nx.draw_networkx_edge_labels(
            H,
            pos,
            ax=ax,
            edge_labels=labels,
            connectionstyle=style,
            font_size=6.5,
            node_size=node_size,
            rotate=False,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    ax.margins(0.15)
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
    fig, ax = _new(title, xl, yl, (max(6.0, 0.95 * len(tgts) + 3.0), max(3.5, 0.5 * len(srcs) + 2.0)))
    ax.imshow(np.ma.masked_invalid(tone), cmap=TONE_CMAP, norm=TONE_NORM, aspect="auto")
    for (i, j), d in sorted(acts.items()):
        top = sorted(d.items(), key=lambda x: (-x[1], x[0]))
        text = "\n".join(f"{_label(a, 14)}" + (f" ×{n}" if n > 1 else "") for a, n in top[:3])
        if len(top) > 3:
            text += f"\n+{len(top) - 3} more"
        ax.text(j, i, text, ha="center", va="center", fontsize=7)
    ax.set_xticks(
        range(len(tgts)),
        [_label(names.get(a, a), 20) for a in tgts],
        rotation=30,
        ha="right",
        rotation_mode="anchor",
    )
    ax.set_yticks(range(len(srcs)), [_label(names.get(a, a), 20) for a in srcs])
    ax.set_xticks(np.arange(-0.5, len(tgts)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(srcs)), minor=True)
    ax.grid(which="minor", color="#cccccc", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
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
    ax.boxplot(
        data,
        positions=range(len(order)),
        orientation="horizontal",
        widths=0.55,
        showfliers=False,
        patch_artist=True,
        boxprops={"facecolor": "#F2F2F2", "edgecolor": "#666666"},
        medianprops={"color": "#000000"},
    )
    rng = np.random.default_rng(0)
    for row, vals in enumerate(data):
        jitter = rng.uniform(-0.15, 0.15, len(vals))
        ax.scatter(
            vals,
            row + jitter,
            c=vals,
            cmap=TONE_CMAP,
            norm=TONE_NORM,
            s=26,
            edgecolors="#333333",
            linewidths=0.4,
            zorder=3,
        )
    ax.set_yticks(range(len(order)), [f"{_label(n, 28)} ({int(counts[n])})" for n in order])
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.axvline(0, color="#777777", linewidth=0.7)
    ax.set_xlim(-1.05, 1.05)
    return fig


# --------------------------------------------------------------------------- corpus


def plot_corpus_tone(overview: pd.DataFrame, window: int = 15) -> Figure:
    """Tone per article: over time (with a rolling mean) when dates exist, else one bar per article.

    Args:
        overview: per-article table with ``mean_tone`` and optionally ``date`` and ``title``.
        window: rolling-mean width (articles) for the dated view.
    """
    title, yl = "Tone per article", "mean sentence tone"
    if _empty(overview, "mean_tone"):
        return _no_data(title, "article", yl)
    df = overview.copy()
    dates = (
        pd.to_datetime(df["date"], errors="coerce") if "date" in df.columns else pd.Series(pd.NaT, df.index)
    )
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
            ax.plot(
                dated["_d"],
                pd.Series(tone).rolling(w, min_periods=1, center=True).mean().to_numpy(),
                color="#000000",
                linewidth=1.5,
                label=f"rolling mean ({w} articles)",
            )
        ax.axhline(0, color="#777777", linewidth=0.7)
        if len(dated) < len(df):
            ax.text(
                0.01,
                0.02,
                f"{len(df) - len(dated)} undated articles not shown",
                transform=ax.transAxes,
                fontsize=7,
            )
        ax.legend(loc="upper right", fontsize=7, frameon=False)
        fig.autofmt_xdate()
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
        dates = dict(
            zip(overview["article_id"], pd.to_datetime(overview["date"], errors="coerce"), strict=True)
        )
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
    fig, ax = _new(title, xl, "actor", (max(7.0, 0.3 * len(cols) + 4.0), max(3.0, 0.35 * len(top) + 2.0)))
    im = ax.imshow(mat, cmap="Blues", aspect="auto", vmin=0)
    step = max(1, len(cols) // 30)
    ax.set_xticks(
        range(0, len(cols), step),
        [col_labels[i] for i in range(0, len(cols), step)],
        rotation=60,
        ha="right",
        rotation_mode="anchor",
        fontsize=7,
    )
    ax.set_yticks(range(len(top)), [f"{_label(names.get(a, a), 24)} ({int(totals[a])})" for a in top])
    fig.colorbar(im, ax=ax, label="mentions", shrink=0.8)
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
    fig, ax = _barh(title, labels, [int(c) for c in df["count"]], colors, xl, yl)
    if "tone" in df.columns:
        _tone_colorbar(fig, ax, "mean tone of the shared windows")
    return fig


#: Every figure function, by name (used by tests and the notebooks' provenance).
FIGURES: dict[str, Any] = {
    name: fn for name, fn in sorted(globals().items()) if name.startswith("plot_") and callable(fn)
}
