"""Co-occurrence counts, Jaccard, NPMI, tone and evidence for every window kind, worked out by hand.

Six sentences in three paragraphs; who is named where (a repeated name counts once):

    paragraph 0:  s0 A B     s1 A
    paragraph 1:  s2 B C     s3 -        (s3 has no sentiment row)
    paragraph 2:  s4 A C C   s5 B

Sentence compounds: s0 0.4, s1 -0.2, s2 0.6, s4 -0.8, s5 0.1. For each window kind the
docstring of its test lists the windows, the windows naming each actor and each pair, and the
numbers follow from the definitions: count = shared windows, Jaccard = n_ab / (n_a + n_b - n_ab),
NPMI = ln(p_ab / (p_a p_b)) / -ln(p_ab) with p = windows / all windows (1 when p_ab = 1),
tone = mean over shared windows of the mean compound of the window's scored sentences.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from analysis.cooccurrence import edges, graph, windows, write_graphml

SENTS = pd.DataFrame(
    {
        "sid": [0, 1, 2, 3, 4, 5],
        "paragraph": [0, 0, 1, 1, 2, 2],
        "start": [0, 10, 20, 30, 40, 50],
        "end": [9, 19, 29, 39, 49, 59],
    }
)
SENT_SENT = pd.DataFrame({"sid": [0, 1, 2, 4, 5], "compound": [0.4, -0.2, 0.6, -0.8, 0.1]})
COLUMNS = ["mid", "actor_id", "name", "type", "affiliation", "surface", "sid", "start", "end", "resolved_by"]
NAMED = [("A", 0), ("B", 0), ("A", 1), ("B", 2), ("C", 2), ("A", 4), ("C", 4), ("C", 4), ("B", 5)]
MENTIONS = pd.DataFrame(
    [[i, a, a, "country", a, a, sid, sid * 10, sid * 10 + 1, "alias"] for i, (a, sid) in enumerate(NAMED)],
    columns=COLUMNS,
)


def npmi(p_ab: float, p_a: float, p_b: float) -> float:
    return 1.0 if p_ab == 1 else math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)


def table(e: pd.DataFrame) -> dict[tuple[str, str], tuple]:
    return {
        (s, t): (c, j, n, tone, ev)
        for s, t, c, j, n, tone, ev in e[
            ["source", "target", "count", "jaccard", "npmi", "tone", "evidence"]
        ].itertuples(index=False)
    }


def assert_edges(
    e: pd.DataFrame, expected: dict[tuple[str, str], tuple], order: list[tuple[str, str]]
) -> None:
    assert list(zip(e["source"], e["target"], strict=True)) == order
    got = table(e)
    assert set(got) == set(expected)
    for pair, (count, jac, np_, tone, evidence) in expected.items():
        g = got[pair]
        assert g[0] == count, pair
        assert g[1] == pytest.approx(jac, abs=1e-12), pair
        assert g[2] == pytest.approx(np_, abs=1e-12), pair
        assert g[3] == pytest.approx(tone, abs=1e-12), pair
        assert tuple(g[4]) == evidence, pair


def test_sentence_windows():
    """6 windows; A in s0 s1 s4 (3), B in s0 s2 s5 (3), C in s2 s4 (2); AB s0, BC s2, AC s4."""
    assert windows(SENTS, "sentence") == [(0,), (1,), (2,), (3,), (4,), (5,)]
    expected = {
        ("A", "B"): (1, 1 / 5, npmi(1 / 6, 3 / 6, 3 / 6), 0.4, (0,)),
        ("A", "C"): (1, 1 / 4, npmi(1 / 6, 3 / 6, 2 / 6), -0.8, (4,)),
        ("B", "C"): (1, 1 / 4, npmi(1 / 6, 3 / 6, 2 / 6), 0.6, (2,)),
    }
    assert expected[("B", "C")][2] == pytest.approx(0.0)  # p_bc = p_b p_c
    assert expected[("A", "B")][2] == pytest.approx(math.log(2 / 3) / math.log(6))
    assert_edges(edges(MENTIONS, SENTS, SENT_SENT), expected, [("A", "B"), ("A", "C"), ("B", "C")])


def test_paragraph_windows():
    """P0 = s0 s1 (A B), P1 = s2 s3 (B C), P2 = s4 s5 (A B C): A 2, B 3, C 2; AB P0 P2, BC P1 P2, AC P2.

    Window tones: P0 (0.4 - 0.2) / 2 = 0.1, P1 0.6 (s3 unscored), P2 (-0.8 + 0.1) / 2 = -0.35.
    """
    assert windows(SENTS, "paragraph") == [(0, 1), (2, 3), (4, 5)]
    expected = {
        ("A", "B"): (2, 2 / 3, npmi(2 / 3, 2 / 3, 1.0), (0.1 - 0.35) / 2, (0, 1, 4, 5)),
        ("B", "C"): (2, 2 / 3, npmi(2 / 3, 1.0, 2 / 3), (0.6 - 0.35) / 2, (2, 4, 5)),
        ("A", "C"): (1, 1 / 3, npmi(1 / 3, 2 / 3, 2 / 3), -0.35, (4,)),
    }
    assert expected[("A", "C")][2] == pytest.approx(math.log(3 / 4) / math.log(3))
    got = edges(MENTIONS, SENTS, SENT_SENT, window="paragraph")
    assert_edges(got, expected, [("A", "B"), ("B", "C"), ("A", "C")])


def test_sliding_windows_of_two_sentences():
    """W0 s0 s1 (A B), W1 s1 s2 (A B C), W2 s2 s3 (B C), W3 s3 s4 (A C), W4 s4 s5 (A B C).

    Each actor is in 4 of 5 windows and each pair in 3: AB W0 W1 W4, AC W1 W3 W4, BC W1 W2 W4.
    Window tones: 0.1, 0.2, 0.6, -0.8, -0.35.
    """
    assert windows(SENTS, 2) == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    n = npmi(3 / 5, 4 / 5, 4 / 5)
    assert n == pytest.approx(math.log(15 / 16) / math.log(5 / 3))
    expected = {
        ("A", "B"): (3, 3 / 5, n, (0.1 + 0.2 - 0.35) / 3, (0, 1, 2, 4, 5)),
        ("A", "C"): (3, 3 / 5, n, (0.2 - 0.8 - 0.35) / 3, (1, 2, 4)),
        ("B", "C"): (3, 3 / 5, n, (0.2 + 0.6 - 0.35) / 3, (2, 4, 5)),
    }
    got = edges(MENTIONS, SENTS, SENT_SENT, window=2)
    assert_edges(got, expected, [("A", "B"), ("A", "C"), ("B", "C")])


def test_article_window():
    """One window: every pair once, Jaccard 1, NPMI 1, tone = mean of the five scored sentences."""
    tone = (0.4 - 0.2 + 0.6 - 0.8 + 0.1) / 5
    expected = {
        ("A", "B"): (1, 1.0, 1.0, tone, (0, 1, 2, 4, 5)),
        ("A", "C"): (1, 1.0, 1.0, tone, (0, 1, 2, 4)),
        ("B", "C"): (1, 1.0, 1.0, tone, (0, 2, 4, 5)),
    }
    for window in ("article", 6, 60):
        got = edges(MENTIONS, SENTS, SENT_SENT, window=window)
        assert_edges(got, expected, [("A", "B"), ("A", "C"), ("B", "C")])


def test_tone_is_nan_only_where_no_shared_sentence_is_scored():
    only_s3 = pd.DataFrame({"sid": [3, 2], "compound": [0.9, -0.4]})
    got = table(edges(MENTIONS, SENTS, only_s3))
    assert math.isnan(got[("A", "B")][3]) and math.isnan(got[("A", "C")][3])
    assert got[("B", "C")][3] == pytest.approx(-0.4)
    assert all(math.isnan(v[3]) for v in table(edges(MENTIONS, SENTS)).values())
    assert all(math.isnan(v[3]) for v in table(edges(MENTIONS, SENTS, SENT_SENT.iloc[0:0])).values())


def test_affiliation_level_counts_windows_of_the_rolled_up_actors():
    """A and C belong to X: X in s0 s1 s2 s4, B in s0 s2 s5; X-B shares s0 and s2 (no X-X pair)."""
    m = MENTIONS.assign(affiliation=MENTIONS["actor_id"].map({"A": "X", "B": "B", "C": "X"}))
    got = edges(m, SENTS, SENT_SENT, level="affiliation")
    expected = {("B", "X"): (2, 2 / (4 + 3 - 2), npmi(2 / 6, 4 / 6, 3 / 6), (0.4 + 0.6) / 2, (0, 2))}
    assert_edges(got, expected, [("B", "X")])


def test_empty_inputs():
    assert windows(SENTS.iloc[0:0], "paragraph") == []
    assert windows(SENTS.iloc[0:0], 3) == []
    assert edges(MENTIONS, SENTS.iloc[0:0]).empty
    alone = MENTIONS[MENTIONS["actor_id"] == "A"]
    assert edges(alone, SENTS, SENT_SENT).empty


def test_graph_carries_the_table_and_the_nodes(tmp_path):
    e = edges(MENTIONS, SENTS, SENT_SENT, window="paragraph")
    nodes = pd.DataFrame(
        {"actor_id": ["C", "A", "B", "D"], "name": ["Cc", "Aa", "Bb", "Dd"], "mentions": [3, 3, 3, 0]}
    )
    G = graph(e, nodes)
    assert sorted(G.nodes) == ["A", "B", "C", "D"] and G.degree("D") == 0
    assert {n: d["name"] for n, d in G.nodes(data=True)} == {"A": "Aa", "B": "Bb", "C": "Cc", "D": "Dd"}
    for s, t, c, j, n, tone, ev in e.itertuples(index=False):
        d = G.edges[s, t]
        assert (d["count"], d["jaccard"], d["npmi"], d["tone"], d["evidence"]) == (c, j, n, tone, ev)
    back = nx.read_graphml(write_graphml(G, tmp_path / "g.graphml"))
    assert back.edges["A", "B"]["evidence"] == "0 1 4 5"
    assert float(back.edges["A", "B"]["tone"]) == pytest.approx(-0.125)
    assert back.nodes["D"]["name"] == "Dd"


def test_one_sentence_windows_and_the_default_window():
    assert windows(SENTS) == windows(SENTS, "sentence") == windows(SENTS, 1)
    assert table(edges(MENTIONS, SENTS, SENT_SENT, window=1)) == table(edges(MENTIONS, SENTS, SENT_SENT))


@pytest.mark.parametrize("level", ["person", "", None])
def test_unknown_level_is_a_value_error_naming_it(level):
    with pytest.raises(ValueError, match="level must be"):
        edges(MENTIONS, SENTS, level=level)


def test_pair_sharing_a_one_sentence_paragraph_and_a_longer_one():
    """Paragraphs (s0) and (s1 s2): A and B meet in both; evidence s0 plus the sentences naming them in P1."""
    sents = pd.DataFrame({"sid": [0, 1, 2], "paragraph": [0, 1, 1], "start": [0, 10, 20], "end": [9, 19, 29]})
    named = [("A", 0), ("B", 0), ("A", 1), ("B", 2)]
    m = pd.DataFrame(
        [[i, a, a, "country", a, a, s, s * 10, s * 10 + 1, "alias"] for i, (a, s) in enumerate(named)],
        columns=COLUMNS,
    )
    sent_sent = pd.DataFrame({"sid": [0, 1, 2], "compound": [0.5, 0.1, -0.3]})
    got = table(edges(m, sents, sent_sent, window="paragraph"))
    assert got == {("A", "B"): (2, 1.0, 1.0, pytest.approx((0.5 + (0.1 - 0.3) / 2) / 2), (0, 1, 2))}


def test_graph_without_a_node_table_has_the_edge_ends_in_sorted_order():
    e = edges(MENTIONS, SENTS, SENT_SENT)  # A-B, A-C, B-C: A only a source, C only a target
    G = graph(e)
    assert list(G.nodes) == ["A", "B", "C"]
    assert all(d == {} for _, d in G.nodes(data=True))
    assert graph(e, nodes=e.iloc[0:0].rename(columns={"source": "actor_id"})).number_of_nodes() == 3


def test_missing_attributes_are_left_out_and_numpy_and_other_values_written_plainly(tmp_path):
    import datetime

    e = edges(MENTIONS, SENTS)  # no sentiment: every tone is NaN
    nodes = pd.DataFrame(
        {
            "actor_id": ["A", "B", "C"],
            "name": ["Aa", None, "Cc"],
            "rank": pd.Series([np.int64(3), np.int64(1), np.int64(2)], dtype=object),
            "since": [datetime.date(2022, 1, 1)] * 3,
            "weight": [0.5, float("nan"), 1.5],
        }
    )
    G = graph(e, nodes)
    assert "name" not in G.nodes["B"] and "weight" not in G.nodes["B"]
    assert math.isnan(G.edges["A", "B"]["tone"])  # kept in the graph, left out of the file
    back = nx.read_graphml(write_graphml(G, tmp_path / "g.graphml"))
    assert back.nodes["A"]["rank"] == 3 and isinstance(back.nodes["A"]["rank"], int)
    assert back.nodes["A"]["since"] == "2022-01-01"
    assert back.nodes["C"]["weight"] == 1.5
    assert "tone" not in back.edges["A", "B"] and "weight" not in back.nodes["B"]
