"""Every figure draws the numbers of its table: read back from the returned Figure's artists.

Bar lengths come from the vertices of the bar collections, cell values from a heatmap's
colour-mapped array, points from scatter offsets, lines from ``Line2D`` data, labels from the
axes' texts, all through public matplotlib API (``Axes.collections``, ``Collection.get_paths``,
``get_offsets``, ``get_array``, ``get_linewidths``, ``Axes.lines``, ``Axes.texts``,
``Text.get_position``). The expected numbers are worked out here from small tables, by hand
or with pandas (sorting, groupby, rolling means), never by the figure code.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from matplotlib import colormaps
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.colors import Normalize, to_rgba

from analysis import figures as F

RDBU = colormaps["RdBu"]
TONE = Normalize(-1.0, 1.0)


# --------------------------------------------------------------------------- reading a figure back


def _bars(ax) -> list[tuple[float, float, float, float]]:
    """(x0, x1, y0, y1) of every rectangle of the axes' polygon collections, in drawing order."""
    out = []
    for coll in ax.collections:
        if isinstance(coll, PolyCollection):
            for path in coll.get_paths():
                v = path.vertices
                out.append((v[:, 0].min(), v[:, 0].max(), v[:, 1].min(), v[:, 1].max()))
    return out


def _category_labels(ax, axis: str = "y") -> dict[float, str]:
    """Category position -> label text, for the labels drawn along the left (y) or bottom (x) edge."""
    out = {}
    for t in ax.texts:
        x, y = t.get_position()
        if axis == "y" and x == 0 and t.get_horizontalalignment() == "right":
            out[float(y)] = t.get_text()
        elif axis == "x" and y == 0 and t.get_verticalalignment() == "top":
            out[float(x)] = t.get_text()
    return out


def hbars(fig) -> list[tuple[str, float]]:
    """(label, signed bar length) of a horizontal bar chart, top bar first."""
    ax = fig.axes[0]
    labels = _category_labels(ax)
    rows = []
    for x0, x1, y0, y1 in _bars(ax):
        y = (y0 + y1) / 2
        length = x0 if x0 < 0 else x1
        assert min(abs(x0), abs(x1)) == 0, "bars start at 0"
        rows.append((y, labels[round(y)], float(length)))
    # first category on top: the y axis is inverted, so the smallest y is drawn highest
    lo, hi = ax.get_ylim()
    assert lo > hi
    return [(label, length) for _, label, length in sorted(rows)]


def value_labels(fig) -> list[str]:
    """The value texts written beside the bars (size 7, not category labels), top bar first."""
    ax = fig.axes[0]
    rows = [(t.get_position()[1], t.get_text()) for t in ax.texts if t.get_fontsize() == 7]
    return [s for _, s in sorted(rows)]


def bar_colors(fig) -> list[tuple[float, ...]]:
    coll = next(c for c in fig.axes[0].collections if isinstance(c, PolyCollection))
    ys = [(p.vertices[:, 1].min(), i) for i, p in enumerate(coll.get_paths())]
    faces = coll.get_facecolors()
    return [tuple(faces[i if len(faces) > 1 else 0]) for _, i in sorted(ys)]


def cells(fig) -> dict[tuple[int, int], float]:
    """(row, column) -> value of a heatmap's drawn cells (unit squares centred on integers)."""
    ax = fig.axes[0]
    coll = next(c for c in ax.collections if isinstance(c, PolyCollection) and c.get_array() is not None)
    out = {}
    for path, value in zip(coll.get_paths(), coll.get_array(), strict=True):
        v = path.vertices
        col, row = (v[:, 0].min() + v[:, 0].max()) / 2, (v[:, 1].min() + v[:, 1].max()) / 2
        out[(round(row), round(col))] = float(value)
    return out


def cell_texts(fig) -> dict[tuple[int, int], str]:
    ax = fig.axes[0]
    return {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
        for t in ax.texts
        if t.get_horizontalalignment() == "center" and t.get_verticalalignment() == "center"
    }


# --------------------------------------------------------------------------- bar charts


def test_top_terms_bars_are_the_counts_in_order():
    terms = pd.DataFrame(
        {"term": ["ukraine", "russia", "nato", "talks", "kyiv"], "count": [4, 9, 4, 1, 2], "share": [0.0] * 5}
    )
    got = hbars(F.plot_top_terms(terms, top_n=4))
    # count descending, then term: russia 9, nato 4, ukraine 4, kyiv 2 (talks dropped by top_n)
    assert got == [("russia", 9), ("nato", 4), ("ukraine", 4), ("kyiv", 2)]
    assert value_labels(F.plot_top_terms(terms, top_n=4)) == ["9", "4", "4", "2"]


def test_top_bigrams_bars_join_tuple_ngrams():
    bigrams = pd.DataFrame({"ngram": [("red", "line"), "pull back", "peace talks"], "count": [2, 5, 2]})
    assert hbars(F.plot_top_bigrams(bigrams)) == [("pull back", 5), ("peace talks", 2), ("red line", 2)]


ACTORS = pd.DataFrame(
    {
        "actor_id": ["RUS", "UKR", "USA", "antony_blinken", "nato", "EU"],
        "name": ["Russia", "Ukraine", "United States", "Antony Blinken", "NATO", "European Union"],
        "type": ["country", "country", "country", "person", "organization", "organization"],
        "affiliation": ["RUS", "UKR", "USA", "USA", "nato", "EU"],
        "mentions": [9, 7, 5, 4, 3, 1],
        "first_sid": [0, 0, 1, 0, 2, 5],
        "first_start": [10, 30, 80, 0, 150, 400],
        "tone": [-0.42, 0.1, 0.25, -0.05, -0.7, 0.9],
    }
)


def test_actor_tone_bars_are_the_signed_tones():
    fig = F.plot_actor_tone(ACTORS, min_mentions=2, top_n=20)
    expected = ACTORS[ACTORS["mentions"] >= 2].sort_values("tone", ascending=False)
    labels = [f"{n} (n={m})" for n, m in zip(expected["name"], expected["mentions"], strict=True)]
    got = hbars(fig)
    assert [g[0] for g in got] == labels
    assert [g[1] for g in got] == pytest.approx(list(expected["tone"]))
    assert got[-1] == ("NATO (n=3)", pytest.approx(-0.7))  # drawn left of zero
    assert value_labels(fig) == [f"{t:+.2f}" for t in expected["tone"]]
    # colour = RdBu at the tone on a -1..1 scale
    np.testing.assert_allclose(bar_colors(fig), [RDBU(TONE(t)) for t in expected["tone"]])


def test_actor_tone_top_n_keeps_the_most_mentioned():
    got = hbars(F.plot_actor_tone(ACTORS, min_mentions=1, top_n=3))
    # the 3 most mentioned (Russia 9, Ukraine 7, United States 5), then ordered by tone
    assert got == [("United States (n=5)", 0.25), ("Ukraine (n=7)", 0.1), ("Russia (n=9)", -0.42)]


def test_mentions_by_type_bars_and_legend_totals():
    fig = F.plot_mentions_by_type(ACTORS, top_n=4)
    assert hbars(fig) == [("Russia", 9), ("Ukraine", 7), ("United States", 5), ("Antony Blinken", 4)]
    totals = ACTORS.groupby("type")["mentions"].sum()
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == [f"{t} ({n})" for t, n in totals.items()]
    assert "organization (4)" in legend


def test_voice_share_bars_are_the_shares():
    voice = pd.DataFrame(
        {
            "actor_id": ["sergey_lavrov", "antony_blinken", "nato"],
            "name": ["Sergey Lavrov", "Antony Blinken", "NATO"],
            "quotes": [1, 2, 1],
            "direct": [1, 1, 0],
            "indirect": [0, 1, 1],
            "quoted_words": [3, 8, 0],
            "share": [3 / 11, 8 / 11, 0.0],
            "first_qid": [2, 0, 3],
            "last_qid": [2, 1, 3],
        }
    )
    fig = F.plot_voice_share(voice)
    got = hbars(fig)
    assert [g[0] for g in got] == ["Antony Blinken (2 quotes)", "Sergey Lavrov (1 quotes)", "NATO (1 quotes)"]
    assert [g[1] for g in got] == pytest.approx([8 / 11, 3 / 11, 0.0])
    assert value_labels(fig) == ["73%", "27%", "0%"]


def test_top_pairs_bars_are_the_counts_coloured_by_tone():
    pairs = pd.DataFrame(
        {
            "source": ["RUS", "RUS", "UKR"],
            "target": ["UKR", "USA", "USA"],
            "source_name": ["Russia", "Russia", "Ukraine"],
            "target_name": ["Ukraine", "United States", "United States"],
            "count": [2, 7, 3],
            "articles": [1, 2, 1],
            "tone": [-0.3, 0.1, 0.6],
        }
    )
    fig = F.plot_top_pairs(pairs, top_n=2)
    assert hbars(fig) == [("Russia — United States", 7), ("Ukraine — United States", 3)]
    np.testing.assert_allclose(bar_colors(fig), [RDBU(TONE(0.1)), RDBU(TONE(0.6))])


def test_outlet_bars_are_their_tones_labelled_with_article_counts():
    outlets = pd.DataFrame({"outlet": ["Daily A", "Weekly B"], "articles": [12, 3], "tone": [-0.2, 0.05]})
    fig = F.plot_outlets(outlets)
    assert hbars(fig) == [("Daily A (12)", -0.2), ("Weekly B (3)", 0.05)]
    np.testing.assert_allclose(bar_colors(fig), [RDBU(TONE(-0.2)), RDBU(TONE(0.05))])


def test_period_matrix_cells_are_the_values_and_empty_periods_stay_blank():
    shares = pd.DataFrame(
        {
            "period": ["2022-01", "2022-01", "2022-02", "2022-02", "2022-03", "2022-03"],
            "actor_id": ["RUS", "UKR"] * 3,
            "name": ["Russia", "Ukraine"] * 3,
            "share": [0.5, 1.0, 0.25, None, None, None],
        }
    )
    fig = F.plot_period_matrix(shares, "share", "Share per month", label="share")
    # rows keep the table's actor order, columns are the periods in order; NaN cells are not drawn
    assert cells(fig) == {(0, 0): 0.5, (1, 0): 1.0, (0, 1): 0.25}
    ax = fig.axes[0]
    assert _category_labels(ax, "y") == {0.0: "Russia", 1.0: "Ukraine"}
    assert _category_labels(ax, "x") == {0.0: "2022-01", 1.0: "2022-02", 2.0: "2022-03"}


def test_undated_corpus_tone_is_one_bar_per_article():
    ov = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3"],
            "title": ["One", "Two", ""],
            "date": [None] * 3,
            "mean_tone": [-0.2, 0.1, -0.05],
        }
    )
    got = hbars(F.plot_corpus_tone(ov))
    assert got == [("One", pytest.approx(-0.2)), ("Two", pytest.approx(0.1)), ("a3", pytest.approx(-0.05))]


# --------------------------------------------------------------------------- tone


SENTIMENT = pd.DataFrame(
    {
        "sid": [0, 1, 2, 3, 4, 5, 6],
        "start": [0, 50, 100, 150, 200, 250, 300],
        "end": [40, 90, 140, 190, 240, 290, 340],
        "neg": [0.0] * 7,
        "neu": [1.0] * 7,
        "pos": [0.0] * 7,
        "compound": [0.22, -0.61, 0.0, 0.83, -0.34, 0.12, 0.03],
        "label": ["positive", "negative", "neutral", "positive", "negative", "positive", "neutral"],
    }
)


def test_tone_arc_draws_every_compound_and_the_moving_average():
    arc = SENTIMENT[["sid", "start", "end", "compound"]].assign(
        arc=SENTIMENT["compound"].rolling(3, center=True, min_periods=1).mean()
    )
    sents = SENTIMENT[["sid", "start", "end"]].assign(
        paragraph=0, text=[f"Sentence number {i}." for i in range(7)]
    )
    fig = F.plot_tone_arc(arc.iloc[::-1], sents)  # any row order: drawn in sentence order
    ax = fig.axes[0]
    points = next(c for c in ax.collections if isinstance(c, PathCollection))
    assert points.get_offsets().tolist() == [[s, c] for s, c in zip(arc["sid"], arc["compound"], strict=True)]
    line = next(ln for ln in ax.lines if ln.get_label() == "moving average")
    assert list(line.get_xdata()) == list(arc["sid"])
    assert list(line.get_ydata()) == pytest.approx(list(arc["arc"]))
    stems = next(c for c in ax.collections if isinstance(c, LineCollection))
    assert [seg[:, 1].tolist() for seg in stems.get_segments()] == [[0, c] for c in arc["compound"]]
    markers = {c.get_label() for c in ax.collections}
    assert "most positive (sentence 3)" in markers and "most negative (sentence 1)" in markers
    notes = {t.get_text() for t in ax.texts}
    assert {"Sentence number 3.", "Sentence number 1."} <= notes


def test_tone_distribution_bar_heights_are_the_bin_counts():
    fig = F.plot_tone_distribution(SENTIMENT, bins=10)
    ax = fig.axes[0]
    heights = {}
    for x0, x1, y0, y1 in _bars(ax):
        assert y0 == 0 and x1 - x0 == pytest.approx(0.2)
        heights[round((x0 + 1) / 0.2)] = y1
    # 10 bins of width 0.2 from -1: bin k holds compounds in [-1 + 0.2k, -1 + 0.2(k+1))
    expected = [0] * 10
    for c in SENTIMENT["compound"]:  # on a scale of tenths from -1, two tenths per bin
        expected[math.floor(round((c + 1) * 10, 9)) // 2] += 1
    assert [heights[k] for k in range(10)] == expected
    assert expected[5] == 3  # 0.0, 0.12, 0.03
    mean = next(ln for ln in ax.lines if ln.get_label().startswith("mean"))
    assert list(mean.get_xdata()) == pytest.approx([SENTIMENT["compound"].mean()] * 2)
    assert mean.get_label() == f"mean {SENTIMENT['compound'].mean():+.3f}"


def test_speaker_tone_points_and_boxes():
    quotes = pd.DataFrame(
        {
            "qid": range(6),
            "speaker": ["b", "b", "b", "l", "l", None],
            "speaker_name": ["Antony Blinken"] * 3 + ["Sergey Lavrov"] * 2 + [None],
            "tone": [0.1, -0.3, 0.5, -0.5, -0.1, 0.9],
        }
    )
    fig = F.plot_speaker_tone(quotes)
    ax = fig.axes[0]
    assert _category_labels(ax) == {0.0: "Antony Blinken (n=3)", 1.0: "Sergey Lavrov (n=2)"}
    pts = next(c for c in ax.collections if isinstance(c, PathCollection)).get_offsets()
    rows = {}
    for x, y in pts.tolist():
        rows.setdefault(round(y), []).append(x)
        assert abs(y - round(y)) <= 0.15
    assert sorted(rows[0]) == [-0.3, 0.1, 0.5] and sorted(rows[1]) == [-0.5, -0.1]
    boxes = sorted(_bars(ax), key=lambda b: b[2])
    q = quotes.dropna().groupby("speaker_name")["tone"].quantile([0.25, 0.75]).unstack()
    assert [b[:2] for b in boxes] == [
        pytest.approx(tuple(q.loc["Antony Blinken"])),
        pytest.approx(tuple(q.loc["Sergey Lavrov"])),
    ]


# --------------------------------------------------------------------------- actors along the text


def test_actor_dispersion_ticks_sit_at_mention_offsets():
    mentions = pd.DataFrame(
        {
            "mid": range(6),
            "actor_id": ["RUS", "UKR", "RUS", "RUS", "UKR", "nato"],
            "name": ["Russia", "Ukraine", "Russia", "Russia", "Ukraine", "NATO"],
            "type": ["country", "country", "country", "country", "country", "organization"],
            "affiliation": ["RUS", "UKR", "RUS", "RUS", "UKR", "nato"],
            "surface": ["Russia", "Ukraine", "Moscow", "Russia", "Kyiv", "NATO"],
            "sid": [0, 0, 1, 2, 3, 3],
            "start": [5, 40, 120, 300, 410, 500],
            "end": [11, 47, 126, 306, 414, 504],
            "resolved_by": ["alias"] * 6,
        }
    )
    fig = F.plot_actor_dispersion(mentions, text_length=600, top_n=2)
    ax = fig.axes[0]
    assert _category_labels(ax) == {0.0: "Russia (3)", 1.0: "Ukraine (2)"}  # NATO cut by top_n
    offsets = next(c for c in ax.collections if isinstance(c, PathCollection)).get_offsets().tolist()
    assert sorted(offsets) == sorted([[5, 0], [120, 0], [300, 0], [40, 1], [410, 1]])
    assert ax.get_xlim() == (0, 600)


# --------------------------------------------------------------------------- matrices

EDGES = pd.DataFrame(
    {
        "source": ["RUS", "RUS", "UKR", "RUS", "EU"],
        "target": ["UKR", "USA", "USA", "nato", "nato"],
        "count": [5, 2, 3, 1, 4],
        "jaccard": [0.5, 0.2, 0.3, 0.1, 0.4],
        "npmi": [0.4, 0.1, 0.2, 0.0, 0.3],
        "tone": [-0.5, 0.3, 0.1, -0.9, 0.2],
        "evidence": [(0, 1), (2,), (3,), (4,), (5,)],
    }
)


def test_cooccurrence_heatmap_cells_are_the_symmetric_counts():
    fig = F.plot_cooccurrence_heatmap(EDGES, ACTORS, top_n=4)
    ax = fig.axes[0]
    # the 4 most mentioned actors that have an edge: Russia 9, Ukraine 7, United States 5, NATO 3
    order = ["RUS", "UKR", "USA", "nato"]
    names = dict(zip(ACTORS["actor_id"], ACTORS["name"], strict=True))
    assert _category_labels(ax, "y") == {float(i): names[a] for i, a in enumerate(order)}
    assert _category_labels(ax, "x") == {float(i): names[a] for i, a in enumerate(order)}
    sym = pd.concat([EDGES, EDGES.rename(columns={"source": "target", "target": "source"})])
    mat = sym.pivot_table(index="source", columns="target", values="count", aggfunc="sum", fill_value=0)
    mat = mat.reindex(index=order, columns=order, fill_value=0)
    expected = {(i, j): float(mat.iloc[i, j]) for i in range(4) for j in range(4)}
    assert cells(fig) == expected
    assert cell_texts(fig) == {k: str(int(v)) for k, v in expected.items() if v}
    assert cell_texts(fig)[(0, 1)] == "5" and cell_texts(fig)[(1, 0)] == "5"


RELATIONS = pd.DataFrame(
    {
        "rid": range(6),
        "source": ["USA", "RUS", "USA", "RUS", None, "USA"],
        "target": ["RUS", "USA", "RUS", "nato", "UKR", "RUS"],
        "act": ["threaten", "warn", "demand", "accuse", "support", "threaten"],
        "cue": ["threatened", "warned", "demanded", "accused", "backed", "threatened"],
        "tone": [-0.6, -0.4, -0.2, -0.7, 0.5, -0.4],
        "sid": [1, 2, 3, 4, 5, 6],
        "start": [0, 50, 100, 150, 200, 250],
        "end": [40, 90, 140, 190, 240, 290],
        "origin": ["sentence"] * 6,
    }
)


def test_speaker_target_matrix_cells_are_mean_tones_and_acts():
    fig = F.plot_speaker_target_matrix(RELATIONS, ACTORS)
    ax = fig.axes[0]
    known = RELATIONS.dropna(subset=["source", "target"])
    # speakers by statements (USA 3, RUS 2), targets by statements (RUS 3, USA 1, nato 1 -> by id)
    sources, targets = ["USA", "RUS"], ["RUS", "USA", "nato"]
    names = dict(zip(ACTORS["actor_id"], ACTORS["name"], strict=True))
    assert _category_labels(ax, "y") == {float(i): names[a] for i, a in enumerate(sources)}
    assert _category_labels(ax, "x") == {float(i): names[a] for i, a in enumerate(targets)}
    mean = known.groupby(["source", "target"])["tone"].mean()
    expected = {(sources.index(s), targets.index(t)): v for (s, t), v in mean.items()}
    assert cells(fig) == pytest.approx(expected)
    assert cell_texts(fig) == {(0, 0): "threaten ×2\ndemand", (1, 1): "warn", (1, 2): "accuse"}


def test_corpus_actor_mentions_cells_are_the_pivoted_counts():
    mentions = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a2", "a3", "a3"],
            "actor_id": ["RUS", "UKR", "RUS", "USA", "RUS"],
            "name": ["Russia", "Ukraine", "Russia", "United States", "Russia"],
            "type": ["country"] * 5,
            "mentions": [3, 1, 4, 2, 1],
        }
    )
    ov = pd.DataFrame(
        {"article_id": ["a1", "a2", "a3"], "title": ["One", "Two", "Three"], "date": [None] * 3}
    )
    fig = F.plot_corpus_actor_mentions(mentions, ov, top_n=2)
    ax = fig.axes[0]
    totals = mentions.groupby("actor_id")["mentions"].sum().sort_values(ascending=False)
    top = list(totals.index[:2])
    assert top == ["RUS", "USA"]
    pivot = mentions.pivot_table(index="actor_id", columns="article_id", values="mentions", aggfunc="sum")
    pivot = pivot.reindex(index=top, columns=["a1", "a2", "a3"]).fillna(0)
    assert cells(fig) == {(i, j): float(pivot.iloc[i, j]) for i in range(2) for j in range(3)}
    assert _category_labels(ax, "y") == {0.0: "Russia (8)", 1.0: "United States (2)"}
    assert _category_labels(ax, "x") == {0.0: "One", 1.0: "Two", 2.0: "Three"}


# --------------------------------------------------------------------------- networks and time


def _node_positions(ax) -> dict[str, tuple[float, float]]:
    return {
        t.get_text(): t.get_position()
        for t in ax.texts
        if t.get_horizontalalignment() == "center" and t.get_bbox_patch() is None
    }


@pytest.mark.parametrize("plot", [F.plot_cooccurrence_network, F.plot_affiliation_network, F.plot_network])
def test_network_edges_join_the_named_nodes_with_widths_and_colours(plot):
    fig = plot(EDGES, ACTORS, top_n=25)
    ax = fig.axes[0]
    names = dict(zip(ACTORS["actor_id"], ACTORS["name"], strict=True))
    pos = _node_positions(ax)
    assert set(pos) == {names[a] for a in set(EDGES["source"]) | set(EDGES["target"])}
    nodes = next(c for c in ax.collections if isinstance(c, PathCollection))
    assert sorted(map(tuple, nodes.get_offsets().tolist())) == sorted(pos.values())
    lines = next(c for c in ax.collections if isinstance(c, LineCollection))
    drawn = {}
    for seg, width, color in zip(
        lines.get_segments(), lines.get_linewidths(), lines.get_colors(), strict=True
    ):
        ends = frozenset(n for n, p in pos.items() for q in seg if np.allclose(p, q))
        drawn[ends] = (width, tuple(color))
    cmax = EDGES["count"].max()
    for s, t, c, tone in zip(EDGES["source"], EDGES["target"], EDGES["count"], EDGES["tone"], strict=True):
        width, color = drawn[frozenset((names[s], names[t]))]
        assert width == pytest.approx(0.8 + 5.0 * c / cmax)
        assert color == pytest.approx(to_rgba(RDBU(TONE(tone)), 0.85))
    # node area grows with mentions: Russia (9) is the largest, European Union (1) the smallest
    sizes = dict(zip(map(tuple, nodes.get_offsets().tolist()), nodes.get_sizes(), strict=True))
    by_name = {n: sizes[tuple(p)] for n, p in pos.items()}
    mmax = 9
    for a in set(EDGES["source"]) | set(EDGES["target"]):
        m = int(ACTORS.set_index("actor_id").loc[a, "mentions"])
        assert by_name[names[a]] == pytest.approx(120 + 1400 * m / mmax)


def test_relation_network_arrows_carry_the_acts_of_each_ordered_pair():
    fig = F.plot_relation_network(RELATIONS, ACTORS)
    ax = fig.axes[0]
    labels = sorted(t.get_text() for t in ax.texts if t.get_bbox_patch() is not None)
    known = RELATIONS.dropna(subset=["source", "target"])
    expected = []
    for (_, _), g in known.groupby(["source", "target"]):
        counts = g["act"].value_counts()
        acts = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        expected.append(", ".join(a + (f" ×{n}" if n > 1 else "") for a, n in acts[:2]))
    assert labels == sorted(expected)
    assert "threaten ×2, demand" in labels
    lines = next(c for c in ax.collections if isinstance(c, LineCollection))
    assert len(lines.get_segments()) == 3  # USA→RUS, RUS→USA, RUS→nato
    total = known.groupby(["source", "target"]).size()
    assert sorted(lines.get_linewidths()) == pytest.approx(sorted(1.2 + 3.0 * n / total.max() for n in total))


def test_dated_corpus_tone_points_and_rolling_mean():
    ov = pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(7)],
            "title": [f"T{i}" for i in range(7)],
            "date": [
                "2022-01-05",
                "2022-01-01",
                "2022-01-03",
                "2022-01-04",
                "2022-01-02",
                "2022-01-06",
                None,
            ],
            "mean_tone": [0.5, -0.2, 0.1, -0.4, 0.3, 0.0, 0.9],
        }
    )
    fig = F.plot_corpus_tone(ov, window=15)
    ax = fig.axes[0]
    dated = ov.dropna(subset=["date"]).assign(d=lambda d: pd.to_datetime(d["date"])).sort_values("d")
    pts = next(c for c in ax.collections if isinstance(c, PathCollection)).get_offsets()
    assert list(pts[:, 1]) == list(dated["mean_tone"])
    import matplotlib.dates as mdates

    assert list(pts[:, 0]) == pytest.approx(list(mdates.date2num(dated["d"])))
    line = next(ln for ln in ax.lines if ln.get_label().startswith("rolling mean"))
    w = max(1, min(15, len(dated) // 3))  # 2 articles
    assert line.get_label() == f"rolling mean ({w} articles)"
    expected = dated["mean_tone"].rolling(w, center=True, min_periods=1).mean()
    assert list(line.get_ydata()) == pytest.approx(list(expected))
    assert any(t.get_text() == "1 undated articles not shown" for t in ax.texts)


def test_every_figure_function_has_a_value_test():
    covered = {
        "plot_top_terms",
        "plot_top_bigrams",
        "plot_actor_tone",
        "plot_mentions_by_type",
        "plot_voice_share",
        "plot_top_pairs",
        "plot_corpus_tone",
        "plot_tone_arc",
        "plot_tone_distribution",
        "plot_speaker_tone",
        "plot_actor_dispersion",
        "plot_cooccurrence_heatmap",
        "plot_speaker_target_matrix",
        "plot_corpus_actor_mentions",
        "plot_cooccurrence_network",
        "plot_affiliation_network",
        "plot_network",
        "plot_relation_network",
        "plot_period_matrix",
        "plot_outlets",
    }
    assert {n for n in dir(F) if n.startswith("plot_")} <= covered
