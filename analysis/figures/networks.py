"""Network figures: co-occurrence heatmap and networks, affiliation network, relation network
and the speaker–target matrix.

Each function draws the tables it is given and returns a Figure; none reads files.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.figures.elements import (
    _categories,
    _cells,
    _empty,
    _inks,
    _names,
    _new,
    _no_data,
    _tone_colorbar,
    _tone_colors,
)
from analysis.figures.layout import (
    _PT,
    EDGE,
    TOP,
    _bottom,
    _cbar_margin,
    _colorbar,
    _count_ticks,
    _fit,
    _label,
    _left,
    _line,
)
from analysis.figures.style import (
    LAYOUT_SEED,
    OTHER_COLOR,
    STYLE,
    TONE_CMAP,
    TONE_NORM,
    TYPE_COLORS,
)

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
        ax.text(j, i, str(mat[i, j]), ha="center", va="center", fontsize=7, color=inks[i, j])
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


def _relation_rows(relations: pd.DataFrame) -> list[tuple[str, str, str, float]]:
    """(source, target, label, tone) rows; the label is the PLOVER type of an events table, else the act."""
    rows = []
    for s, t, a, tn in zip(
        relations["source"],
        relations["target"],
        relations["plover"] if "plover" in relations.columns else relations["act"],
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
        ax.text(
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


#: Where along an arc (0 = source, 1 = target) a label may sit, in the order tried.
_LABEL_AT = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)
#: Width of one character of a label, in font sizes (DejaVu Sans averages ~0.6 of the size).
_LABEL_W = 0.62


def _draw_arcs(
    fig: Figure,
    ax,
    ends: Sequence[tuple[tuple[float, float], tuple[float, float]]],
    widths: Sequence[float],
    colors: Sequence[Any],
    labels: Sequence[str],
    node_radius: float,
    rad: float = 0.18,
    obstacles: Sequence[tuple[float, float, float, float]] = (),
    order: Sequence[int] | None = None,
) -> int:
    """Curved arrows between node centres, stopping at the node circles, each labelled on its arc.

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
        obstacles: ``(x, y, width, height)`` boxes labels must not cover (centre in data
            coordinates, size in points): the nodes and their names.
        order: placement priority per arrow (lower first; default: the given order).

    Returns:
        The number of labels left out because no place along their arc was free.
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
    # each label at the first point along its arc (middle first) where its box overlaps no label
    # placed before it and no node: with many arrows, labels slide along their arcs instead of
    # piling up; one that finds no free place is left out (and counted)
    taken = [(x * sx, y * sy, w, h) for x, y, w, h in obstacles]
    omitted = 0
    for i in sorted(range(len(ends)), key=lambda k: order[k] if order is not None else k):
        ((ax0, ay0), (ax1, ay1)), label = ends[i], labels[i]
        p0, p2 = np.array([ax0 * sx, ay0 * sy]), np.array([ax1 * sx, ay1 * sy])
        d = p2 - p0
        c = (p0 + p2) / 2 + rad * np.array([d[1], -d[0]])
        w, h = _LABEL_W * 6.5 * len(label) + 4.0, 6.5 * 1.3 + 3.0
        for f in _LABEL_AT:
            x, y = (1 - f) ** 2 * p0 + 2 * (1 - f) * f * c + f**2 * p2
            if not any(abs(x - ox) * 2 < w + ow and abs(y - oy) * 2 < h + oh for ox, oy, ow, oh in taken):
                taken.append((x, y, w, h))
                ax.text(
                    x / sx,
                    y / sy,
                    label,
                    fontsize=6.5,
                    ha="center",
                    va="center",
                    bbox=box,
                    zorder=1.5,
                    clip_on=True,
                )
                break
        else:
            omitted += 1
    return omitted


def _spread(ranked: list[str]) -> list[str]:
    """Ring order that spreads the first (most involved) actors around the circle: slot ``k``
    of ``n`` gets the next actor at a golden-ratio step, so the busiest arrows do not all run
    between neighbours. The first actor keeps slot 0 (on top)."""
    n = len(ranked)
    ring: list[str | None] = [None] * n
    k = 0.0
    for a in ranked:
        slot = int(round(k * n)) % n
        while ring[slot] is not None:
            slot = (slot + 1) % n
        ring[slot] = a
        k = (k + 0.381966) % 1.0
    return [a for a in ring if a is not None]


def plot_relation_network(
    relations: pd.DataFrame,
    actors: pd.DataFrame | None = None,
    *,
    top_n: int = 20,
    seed: int = LAYOUT_SEED,
    max_arrows: int = 30,
) -> Figure:
    """Directed "who does what to whom" network.

    Built as a ``networkx.MultiDiGraph`` (one edge per source, target, type) in sorted order and
    drawn as one curved arrow per ordered pair, coloured by mean tone, width by number of
    events, labelled with its PLOVER types (× count) for an events table (``plover`` column),
    else with its acts. The most involved actors are spread around the circle (not side by
    side), and each label slides along its arc until it overlaps no other label or node; a
    label with no free place is left out and the figure says how many.

    Args:
        relations: the events table ``[eid, source, target, plover, act, tone, ...]`` (or a
            table with ``source, target, act[, tone]``).
        actors: optional ``[actor_id, name, ...]`` for display names.
        top_n: number of actors kept (most involved).
        max_arrows: most arrows drawn (ordered pairs with the most statements).
        seed: unused (the layout is a deterministic circle, most involved actor on top); kept
            so every network function takes the same arguments.
    """
    typed = relations is not None and "plover" in relations.columns
    title = "Who does what to whom" if typed else "Who says what about whom"
    unit, what = ("events", "PLOVER types") if typed else ("statements", "acts")
    key = f"arrow: source → target · colour = mean tone · width = {unit} · label = {what} (× count)"
    if _empty(relations, "source", "target", "plover" if typed else "act"):
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
    ring = _spread(sorted(keep, key=lambda a: (-involvement[a], a)))
    pos = {n: p for n, p in zip(ring, nx.circular_layout(nx.path_graph(len(ring))).values(), strict=True)}
    pos = {n: (float(-y), float(x)) for n, (x, y) in pos.items()}
    names = _names(actors)
    fig, ax = _network_axes(title, key)
    ax.set_ylabel("")
    nlist = list(G.nodes)
    node_size = 900
    _draw_nodes(ax, pos, nlist, node_size, "#DDDDDD", edgecolors="#333333", linewidths=0.6)
    node_labels = {n: _label(names.get(n, n), 20) for n in nlist}
    _draw_node_labels(ax, pos, node_labels, 8)
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
        diameter = math.sqrt(node_size)
        obstacles = [
            (pos[n][0], pos[n][1], max(diameter, _LABEL_W * 8 * len(node_labels[n])), diameter) for n in nlist
        ]
        rank = {p: i for i, p in enumerate(sorted(strongest, key=lambda p: (-H.edges[p]["total"], p)))}
        omitted = _draw_arcs(
            fig,
            ax,
            [(pos[u], pos[v]) for u, v, _ in elist],
            [1.2 + 3.0 * d["total"] / cmax for _, _, d in elist],
            _tone_colors([d["tone"] for _, _, d in elist]),
            [labels[(u, v)] for u, v, _ in elist],
            diameter / 2,
            obstacles=obstacles,
            order=[rank[(u, v)] for u, v, _ in elist],
        )
        if omitted:
            ax.text(
                0.0,
                0.0,
                f"{omitted} of {len(elist)} arrow labels left out where they would overlap",
                transform=ax.transAxes,
                fontsize=7,
                color="#555555",
                ha="left",
                va="bottom",
            )
    _tone_colorbar(fig, ax, f"tone of the {unit[:-1]}")
    return fig


def plot_speaker_target_matrix(
    relations: pd.DataFrame, actors: pd.DataFrame | None = None, top_n: int = 12
) -> Figure:
    """Source × target matrix: cells list the PLOVER types of an events table (else the acts) and
    their counts, shaded by mean tone ("the trading of threats")."""
    typed = relations is not None and "plover" in relations.columns
    if typed:
        title, xl, yl = "What each actor does to each other actor (PLOVER types)", "target", "source"
    else:
        title, xl, yl = "What each actor says about each other actor", "target", "source (speaker)"
    if _empty(relations, "source", "target", "plover" if typed else "act"):
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
        ax.text(j, i, text, ha="center", va="center", fontsize=7, color=inks[i, j])
    _categories(ax, xlabels, "x", rotation=30)
    _categories(ax, ylabels)
    # cell borders
    ax.vlines(np.arange(-0.5, len(tgts)), -0.5, len(srcs) - 0.5, colors="#cccccc", linewidths=0.6)
    ax.hlines(np.arange(-0.5, len(srcs)), -0.5, len(tgts) - 0.5, colors="#cccccc", linewidths=0.6)
    _fit(fig, ax, left, right, bottom)
    _tone_colorbar(fig, ax, "mean tone of the events" if typed else "mean tone of the statements")
    return fig
