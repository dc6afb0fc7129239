"""Co-occurrence windows, counts and association measures on small hand-made tables."""

import math

import networkx as nx
import pandas as pd
import pytest

from analysis.cooccurrence import edges, graph, windows, write_gexf, write_graphml

SENTS = pd.DataFrame(
    {"sid": [0, 1, 2, 3], "paragraph": [0, 0, 1, 1], "start": [0, 10, 20, 30], "end": [9, 19, 29, 39]}
)
SENT_SENT = pd.DataFrame({"sid": [0, 1, 2, 3], "compound": [0.5, -0.5, 0.0, -1.0]})


def _mentions(rows):
    cols = ["mid", "actor_id", "name", "type", "affiliation", "surface", "sid", "start", "end", "resolved_by"]
    data = []
    for i, (actor, aff, typ, sid) in enumerate(rows):
        data.append([i, actor, actor.title(), typ, aff, actor, sid, sid * 10, sid * 10 + len(actor), "alias"])
    return pd.DataFrame(data, columns=cols)


# s0: A B | s1: A C | s2: B | s3: A B B (a repeated mention counts once per window)
MENTIONS = _mentions(
    [
        ("a", "a", "country", 0),
        ("b", "b", "country", 0),
        ("a", "a", "country", 1),
        ("c", "c", "country", 1),
        ("b", "b", "country", 2),
        ("a", "a", "country", 3),
        ("b", "b", "country", 3),
        ("b", "b", "country", 3),
    ]
)


def _edge(table, a, b):
    row = table[(table.source == a) & (table.target == b)]
    assert len(row) == 1, f"expected one edge {a}-{b}, got {len(row)}"
    return row.iloc[0]


def test_sentence_window_counts_jaccard_npmi_tone_and_evidence():
    e = edges(MENTIONS, SENTS, SENT_SENT)
    assert list(e.columns) == ["source", "target", "count", "jaccard", "npmi", "tone", "evidence"]
    ab = _edge(e, "a", "b")
    assert ab["count"] == 2
    assert ab["jaccard"] == pytest.approx(2 / (3 + 3 - 2))
    assert ab["npmi"] == pytest.approx(math.log(0.5 / (0.75 * 0.75)) / -math.log(0.5))
    assert ab["tone"] == pytest.approx((0.5 + -1.0) / 2)
    assert ab["evidence"] == (0, 3)
    assert _edge(e, "a", "c")["count"] == 1
    assert e[(e.source == "b") & (e.target == "c")].empty
    assert all(e.source < e.target)
    assert list(e["count"]) == sorted(e["count"], reverse=True)


def test_paragraph_k_and_article_windows():
    assert windows(SENTS, "paragraph") == [(0, 1), (2, 3)]
    assert windows(SENTS, 2) == [(0, 1), (1, 2), (2, 3)]
    assert windows(SENTS, 10) == [(0, 1, 2, 3)]
    assert windows(SENTS, "article") == [(0, 1, 2, 3)]
    para = edges(MENTIONS, SENTS, SENT_SENT, window="paragraph")
    assert _edge(para, "a", "b")["count"] == 2
    assert _edge(para, "a", "b")["npmi"] == pytest.approx(1.0)  # together in every window
    assert _edge(para, "b", "c")["count"] == 1
    k2 = edges(MENTIONS, SENTS, window=2)
    assert _edge(k2, "a", "b")["count"] == 3
    assert math.isnan(_edge(k2, "a", "b")["tone"])  # no sentiment given
    art = edges(MENTIONS, SENTS, window="article")
    assert set(art["count"]) == {1}


@pytest.mark.parametrize("bad", ["sentences", 0, -2, True, 1.5])
def test_bad_window_is_refused(bad):
    with pytest.raises(ValueError, match="window"):
        edges(MENTIONS, SENTS, window=bad)


def test_affiliation_level_rolls_people_up_and_drops_self_pairs():
    m = _mentions(
        [
            ("blinken", "usa", "person", 0),
            ("usa", "usa", "country", 0),
            ("rus", "rus", "country", 0),
            ("lavrov", "rus", "person", 1),
            ("usa", "usa", "country", 1),
        ]
    )
    actor_level = edges(m, SENTS, level="actor")
    assert _edge(actor_level, "blinken", "usa")["count"] == 1
    aff = edges(m, SENTS, level="affiliation")
    assert set(zip(aff.source, aff.target, strict=True)) == {("rus", "usa")}
    assert _edge(aff, "rus", "usa")["count"] == 2


def test_no_mentions_gives_an_empty_table_with_the_columns():
    e = edges(MENTIONS.iloc[0:0], SENTS, SENT_SENT)
    assert e.empty and list(e.columns)[:3] == ["source", "target", "count"]


def test_graph_round_trips_through_graphml_and_gexf(tmp_path):
    e = edges(MENTIONS, SENTS, SENT_SENT)
    nodes = pd.DataFrame(
        {"actor_id": ["c", "a", "b", "d"], "name": ["C", "A", "B", "D"], "mentions": [1, 3, 3, 0]}
    )
    G = graph(e, nodes)
    assert list(G.nodes) == ["a", "b", "c", "d"]  # sorted, isolated actors kept
    assert G.edges["a", "b"]["count"] == 2 and G.nodes["a"]["name"] == "A"
    back = nx.read_graphml(write_graphml(G, tmp_path / "g.graphml"))
    assert back.edges["a", "b"]["evidence"] == "0 3"
    assert int(back.edges["a", "b"]["count"]) == 2
    gexf = nx.read_gexf(write_gexf(G, tmp_path / "g.gexf"))
    assert gexf.number_of_edges() == G.number_of_edges()
    first = (tmp_path / "g.graphml").read_bytes()
    write_graphml(graph(e, nodes), tmp_path / "g.graphml")
    assert (tmp_path / "g.graphml").read_bytes() == first
