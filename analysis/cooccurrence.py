"""Co-occurrence of actors: who is named together, how often, how strongly, and in what tone.

A *window* is a set of sentences: one sentence (default), one paragraph, ``k``
consecutive sentences (sliding), or the whole article. A pair of actors counts
once per window that names both, whatever the number of mentions inside it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from itertools import combinations
from pathlib import Path

import networkx as nx
import pandas as pd

from analysis.tables import column, frame

EDGE_COLUMNS = ["source", "target", "count", "jaccard", "npmi", "tone", "evidence"]
Window = str | int
# Which mentions column names the node at each level (see analysis.actors.at_level).
LEVEL_COLUMN = {"actor": "actor_id", "affiliation": "affiliation"}


def check_options(window: Window, level: str = "actor") -> None:
    """Raise ``ValueError`` for a window or level that :func:`edges` does not know."""
    if isinstance(window, bool) or not (
        window in ("sentence", "paragraph", "article") or (isinstance(window, int) and window >= 1)
    ):
        raise ValueError(
            f"window must be 'sentence', 'paragraph', 'article' or a positive int, not {window!r}"
        )
    if level not in LEVEL_COLUMN:
        raise ValueError(f"level must be 'actor' or 'affiliation', not {level!r}")


def windows(sents: pd.DataFrame, window: Window = "sentence") -> list[tuple[int, ...]]:
    """The windows of an article as tuples of sentence ids, in text order.

    Args:
        sents: the sentences table (``sid``, ``paragraph`` ...).
        window: ``"sentence"``, ``"paragraph"``, ``"article"`` or ``k`` (sliding windows
            of ``k`` consecutive sentences; one window when the article is shorter).
    """
    check_options(window)
    sids = column(sents, "sid")
    if not sids:
        return []
    if window == "sentence":
        return [(s,) for s in sids]
    if window == "article":
        return [tuple(sids)]
    if window == "paragraph":
        groups: dict[int, list[int]] = defaultdict(list)
        for sid, para in zip(sids, column(sents, "paragraph"), strict=True):
            groups[para].append(sid)
        return [tuple(groups[p]) for p in sorted(groups)]
    k = int(window)
    if len(sids) <= k:
        return [tuple(sids)]
    return [tuple(sids[i : i + k]) for i in range(len(sids) - k + 1)]


def edges(
    mentions: pd.DataFrame,
    sents: pd.DataFrame,
    sent_sent: pd.DataFrame | None = None,
    *,
    window: Window = "sentence",
    level: str = "actor",
) -> pd.DataFrame:
    """Co-occurrence edges between actors.

    Args:
        mentions: the mentions table from :func:`analysis.actors.find_mentions`.
        sents: the sentences table.
        sent_sent: sentence sentiment (``sid``, ``compound``); without it ``tone`` is NaN.
        window: see :func:`windows`.
        level: ``"actor"`` or ``"affiliation"`` (person → country/organization).

    Returns:
        DataFrame[source, target, count, jaccard, npmi, tone, evidence], ``source < target``,
        sorted by count (descending), then source and target. ``evidence`` is the tuple of
        sentence ids, inside the shared windows, that name either actor.
    """
    check_options(window, level)
    wins = windows(sents, window)
    actors_by_sid: dict[int, set[str]] = {}
    for sid, actor in zip(column(mentions, "sid"), column(mentions, LEVEL_COLUMN[level]), strict=True):
        actors = actors_by_sid.get(sid)
        if actors is None:
            actors_by_sid[sid] = {actor}
        else:
            actors.add(actor)
    compound = {}
    if sent_sent is not None and len(sent_sent):
        compound = dict(zip(column(sent_sent, "sid"), column(sent_sent, "compound"), strict=True))

    n_windows = len(wins)
    per_actor: dict[str, int] = defaultdict(int)
    shared: dict[tuple[str, str], list[int]] = defaultdict(list)
    # window of several sentences -> actor -> its sentences there
    win_sids: dict[int, dict[str, list[int]]] = {}
    for w, sids in enumerate(wins):
        if len(sids) == 1:  # the actors of a one-sentence window are those of its sentence
            present: Collection[str] = actors_by_sid.get(sids[0], ())
        else:
            by_actor: dict[str, list[int]] = {}
            for sid in sids:
                for actor in actors_by_sid.get(sid, ()):
                    if actor in by_actor:
                        by_actor[actor].append(sid)
                    else:
                        by_actor[actor] = [sid]
            present = win_sids[w] = by_actor
        for actor in present:
            per_actor[actor] += 1
        if len(present) > 1:
            for pair in combinations(sorted(present), 2):
                shared[pair].append(w)

    # tone and (for one-sentence windows) evidence depend only on the shared windows: pairs
    # named together in the same sentences share them
    by_windows: dict[tuple[int, ...], tuple[float, tuple[int, ...] | None]] = {}
    share = {actor: n / n_windows for actor, n in per_actor.items()}  # P(actor)
    cols: tuple[list, ...] = ([], [], [], [], [], [], [])
    source, target, counts, jaccards, npmis, tones_col, evidences = cols
    # by count (descending), then source and target: pairs are unique, so ws is never compared
    for _, a, b, ws in sorted((-len(ws), a, b, ws) for (a, b), ws in shared.items()):
        key = tuple(ws)
        known = by_windows.get(key)
        if known is None:
            tones = []
            for w in ws:
                in_window = [compound[sid] for sid in wins[w] if sid in compound]
                if in_window:
                    tones.append(sum(in_window) / len(in_window))
            tone = sum(tones) / len(tones) if tones else math.nan
            one_sentence = all(len(wins[w]) == 1 for w in ws)
            known = by_windows[key] = (
                tone,
                tuple(sorted({wins[w][0] for w in ws})) if one_sentence else None,
            )
        tone, evidence = known
        if evidence is None:
            sids: set[int] = set()
            for w in ws:
                if w in win_sids:
                    sids.update(win_sids[w][a], win_sids[w][b])
                else:
                    sids.update(wins[w])
            evidence = tuple(sorted(sids))
        count = len(ws)
        p_ab = count / n_windows
        if p_ab >= 1.0:
            npmi = 1.0
        else:
            npmi = math.log(p_ab / (share[a] * share[b])) / -math.log(p_ab)
        source.append(a)
        target.append(b)
        counts.append(count)
        jaccards.append(count / (per_actor[a] + per_actor[b] - count))
        npmis.append(npmi)
        tones_col.append(tone)
        evidences.append(evidence)
    return frame(EDGE_COLUMNS, cols, "ooifffo")


def graph(edge_table: pd.DataFrame, nodes: pd.DataFrame | None = None) -> nx.Graph:
    """An undirected networkx graph of the edges, nodes and edges inserted in sorted order.

    Args:
        edge_table: output of :func:`edges`.
        nodes: optional actor table (``actor_id``, ``name``, ``type``, ``mentions`` ...);
            its columns become node attributes and its actors become nodes even when isolated.
    """
    G = nx.Graph()
    attrs: dict[str, dict] = {}
    if nodes is not None and len(nodes):
        for rec in nodes.sort_values("actor_id").to_dict("records"):
            node = rec.pop("actor_id")
            attrs[node] = {k: v for k, v in rec.items() if not _is_missing(v)}
    names = set(attrs) | set(edge_table["source"]) | set(edge_table["target"])
    for node in sorted(names):
        G.add_node(node, **attrs.get(node, {}))
    for rec in edge_table.sort_values(["source", "target"]).to_dict("records"):
        a, b = rec.pop("source"), rec.pop("target")
        G.add_edge(a, b, **rec)
    return G


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _flat(value: object) -> object:
    """A GraphML/GEXF-safe attribute value (tuples become space-separated strings)."""
    if isinstance(value, tuple | list | set | frozenset):
        return " ".join(str(v) for v in value)
    if isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return str(value)


def _flat_graph(G: nx.Graph) -> nx.Graph:
    H = G.__class__()
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _flat(v) for k, v in data.items() if not _is_missing(v)})
    for a, b, data in G.edges(data=True):
        H.add_edge(a, b, **{k: _flat(v) for k, v in data.items() if not _is_missing(v)})
    return H


def write_graphml(G: nx.Graph, path: str | Path) -> Path:
    """Write the graph as GraphML (tuple attributes flattened to strings); returns the path."""
    path = Path(path)
    nx.write_graphml(_flat_graph(G), path)
    return path


def write_gexf(G: nx.Graph, path: str | Path) -> Path:
    """Write the graph as GEXF for Gephi (tuple attributes flattened to strings); returns the path."""
    path = Path(path)
    nx.write_gexf(_flat_graph(G), path)
    return path
