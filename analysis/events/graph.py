"""The event graph: a networkx MultiDiGraph with one edge per events-table row."""

from __future__ import annotations

import networkx as nx
import pandas as pd

#: Edge attributes, in this order (every events column but eid, source and target).
EDGE_ATTRS = ("plover", "quad", "act", "cue", "tone", "sid", "start", "end", "nominal")


def event_graph(events_df: pd.DataFrame) -> nx.MultiDiGraph:
    """A MultiDiGraph: one edge per event row (key = eid), in row order; nodes in order of first use.

    Edge attributes: plover, quad, act, cue, tone, sid, start, end, nominal.
    """
    G = nx.MultiDiGraph()
    if events_df is None or not len(events_df):
        return G
    cols = [events_df[c].tolist() for c in ("eid", "source", "target", *EDGE_ATTRS)]
    for eid, src, tgt, plover, quad, act, cue, tone, sid, s, e, nominal in zip(*cols, strict=True):
        for node in (src, tgt):
            if node not in G:
                G.add_node(node)
        G.add_edge(
            src,
            tgt,
            key=int(eid),
            plover=plover,
            quad=quad,
            act=act,
            cue=cue,
            tone=float(tone),
            sid=int(sid),
            start=int(s),
            end=int(e),
            nominal=bool(nominal),
        )
    return G
