"""Figures: each draws a titled, labelled Figure on small and empty tables; PNGs are deterministic."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import figures as F


def _actors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_id": ["RUS", "UKR", "USA", "antony_blinken", "NATO"],
            "name": ["Russia", "Ukraine", "United States", "Antony Blinken", "NATO"],
            "type": ["country", "country", "country", "person", "organization"],
            "affiliation": ["RUS", "UKR", "USA", "USA", "NATO"],
            "mentions": [9, 7, 5, 4, 3],
            "first_sid": [0, 0, 1, 0, 2],
            "first_start": [10, 30, 80, 0, 150],
            "tone": [-0.4, 0.1, 0.2, 0.05, -0.1],
        }
    )


MENTION_COLUMNS = [
    "mid",
    "actor_id",
    "name",
    "type",
    "affiliation",
    "surface",
    "sid",
    "start",
    "end",
    "resolved_by",
]


def _mentions() -> pd.DataFrame:
    rows = []
    for i, (aid, name, typ) in enumerate(
        [
            ("RUS", "Russia", "country"),
            ("UKR", "Ukraine", "country"),
            ("antony_blinken", "Antony Blinken", "person"),
        ]
        * 4
    ):
        start = 40 * i
        rows.append([i, aid, name, typ, aid, name, i // 2, start, start + len(name), "alias"])
    return pd.DataFrame(
        rows,
        columns=[
            "mid",
            "actor_id",
            "name",
            "type",
            "affiliation",
            "surface",
            "sid",
            "start",
            "end",
            "resolved_by",
        ],
    )


def _edges() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["RUS", "RUS", "UKR", "NATO"],
            "target": ["UKR", "USA", "USA", "RUS"],
            "count": [5, 2, 3, 1],
            "jaccard": [0.5, 0.2, 0.3, 0.1],
            "npmi": [0.4, 0.1, 0.2, 0.0],
            "tone": [-0.5, 0.3, 0.1, -0.9],
            "evidence": [(0, 1), (2,), (3,), (4,)],
        }
    )


def _sentiment() -> pd.DataFrame:
    comp = [0.2, -0.6, 0.0, 0.8, -0.3, 0.1]
    return pd.DataFrame(
        {
            "sid": range(6),
            "start": [i * 50 for i in range(6)],
            "end": [i * 50 + 40 for i in range(6)],
            "neg": [0.1] * 6,
            "neu": [0.8] * 6,
            "pos": [0.1] * 6,
            "compound": comp,
            "label": ["positive", "negative", "neutral", "positive", "negative", "positive"],
        }
    )


def _arc() -> pd.DataFrame:
    s = _sentiment()
    return s[["sid", "start", "end", "compound"]].assign(arc=s["compound"].rolling(3, min_periods=1).mean())


def _sentences() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sid": range(6),
            "paragraph": [0, 0, 1, 1, 2, 2],
            "start": [i * 50 for i in range(6)],
            "end": [i * 50 + 40 for i in range(6)],
            "text": [f"Sentence {i} costs $5 and $6 <script>" for i in range(6)],
        }
    )


def _quotes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "qid": [0, 1, 2],
            "kind": ["direct", "indirect", "direct"],
            "text": ["We will respond.", "that Russia must pull back", "a red line"],
            "start": [10, 60, 120],
            "end": [26, 86, 130],
            "sids": [(0,), (1,), (2,)],
            "speaker_surface": ["Blinken", "Blinken", "Lavrov"],
            "speaker_start": [0, 50, 110],
            "speaker_end": [7, 57, 116],
            "speaker": ["antony_blinken", "antony_blinken", "sergey_lavrov"],
            "speaker_name": ["Antony Blinken", "Antony Blinken", "Sergey Lavrov"],
            "speaker_affiliation": ["USA", "USA", "RUS"],
            "cue": ["said", "demanded", "warned"],
            "tone": [0.1, -0.3, -0.5],
            "targets": [("RUS",), ("RUS",), ("NATO",)],
        }
    )


def _relations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rid": range(5),
            "source": ["USA", "RUS", "USA", "RUS", None],
            "target": ["RUS", "USA", "RUS", "NATO", "UKR"],
            "act": ["threaten", "warn", "demand", "accuse", "support"],
            "cue": ["threatened", "warned", "demanded", "accused", "backed"],
            "tone": [-0.6, -0.4, -0.2, -0.7, 0.5],
            "sid": [1, 2, 3, 4, 5],
            "start": [0, 50, 100, 150, 200],
            "end": [40, 90, 140, 190, 240],
            "origin": ["sentence", "quote", "quote", "sentence", "sentence"],
        }
    )


def _voice() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_id": ["antony_blinken", "sergey_lavrov"],
            "name": ["Antony Blinken", "Sergey Lavrov"],
            "quotes": [2, 1],
            "direct": [1, 1],
            "indirect": [1, 0],
            "quoted_words": [8, 3],
            "share": [8 / 11, 3 / 11],
            "first_qid": [0, 2],
            "last_qid": [1, 2],
        }
    )


def _overview(dated: bool) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3"],
            "title": ["One", "Two", "Three"],
            "date": ["2022-01-01", "2022-02-01", "2022-03-05"] if dated else [None, None, None],
            "source": ["x", "y", None],
            "words": [100, 200, 300],
            "sentences": [5, 10, 15],
            "mean_tone": [-0.2, 0.1, -0.05],
            "actors": [3, 4, 2],
        }
    )


def _corpus_mentions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a2", "a3"],
            "actor_id": ["RUS", "UKR", "RUS", "USA"],
            "name": ["Russia", "Ukraine", "Russia", "United States"],
            "type": ["country"] * 4,
            "mentions": [3, 1, 4, 2],
        }
    )


def _pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["RUS", "RUS"],
            "target": ["UKR", "USA"],
            "source_name": ["Russia", "Russia"],
            "target_name": ["Ukraine", "United States"],
            "count": [7, 2],
            "articles": [2, 1],
            "tone": [-0.3, 0.1],
        }
    )


# (figure function, synthetic call, empty call)
CASES = {
    "plot_top_terms": (
        lambda: F.plot_top_terms(
            pd.DataFrame({"term": ["russia", "ukraine"], "count": [5, 3], "share": [0.1, 0.06]})
        ),
        lambda: F.plot_top_terms(pd.DataFrame(columns=["term", "count", "share"])),
    ),
    "plot_top_bigrams": (
        lambda: F.plot_top_bigrams(pd.DataFrame({"ngram": [("red", "line"), "pull back"], "count": [2, 1]})),
        lambda: F.plot_top_bigrams(pd.DataFrame(columns=["ngram", "count"])),
    ),
    "plot_tone_arc": (
        lambda: F.plot_tone_arc(_arc(), _sentences()),
        lambda: F.plot_tone_arc(pd.DataFrame(columns=["sid", "start", "end", "compound", "arc"])),
    ),
    "plot_tone_distribution": (
        lambda: F.plot_tone_distribution(_sentiment()),
        lambda: F.plot_tone_distribution(_sentiment().iloc[0:0]),
    ),
    "plot_mentions_by_type": (
        lambda: F.plot_mentions_by_type(_actors()),
        lambda: F.plot_mentions_by_type(_actors().iloc[0:0]),
    ),
    "plot_actor_dispersion": (
        lambda: F.plot_actor_dispersion(_mentions(), 600),
        lambda: F.plot_actor_dispersion(_mentions().iloc[0:0], 600),
    ),
    "plot_actor_tone": (
        lambda: F.plot_actor_tone(_actors(), min_mentions=2),
        lambda: F.plot_actor_tone(_actors().iloc[0:0]),
    ),
    "plot_cooccurrence_heatmap": (
        lambda: F.plot_cooccurrence_heatmap(_edges(), _actors()),
        lambda: F.plot_cooccurrence_heatmap(_edges().iloc[0:0], _actors()),
    ),
    "plot_cooccurrence_network": (
        lambda: F.plot_cooccurrence_network(_edges(), _actors()),
        lambda: F.plot_cooccurrence_network(_edges().iloc[0:0]),
    ),
    "plot_affiliation_network": (
        lambda: F.plot_affiliation_network(_edges(), _actors()),
        lambda: F.plot_affiliation_network(_edges().iloc[0:0], None),
    ),
    "plot_network": (
        lambda: F.plot_network(_edges()),
        lambda: F.plot_network(_edges().iloc[0:0]),
    ),
    "plot_voice_share": (
        lambda: F.plot_voice_share(_voice()),
        lambda: F.plot_voice_share(_voice().iloc[0:0]),
    ),
    "plot_relation_network": (
        lambda: F.plot_relation_network(_relations(), _actors()),
        lambda: F.plot_relation_network(_relations().iloc[0:0]),
    ),
    "plot_speaker_target_matrix": (
        lambda: F.plot_speaker_target_matrix(_relations(), _actors()),
        lambda: F.plot_speaker_target_matrix(_relations().iloc[0:0]),
    ),
    "plot_speaker_tone": (
        lambda: F.plot_speaker_tone(_quotes()),
        lambda: F.plot_speaker_tone(_quotes().iloc[0:0]),
    ),
    "plot_corpus_tone": (
        lambda: F.plot_corpus_tone(_overview(dated=True)),
        lambda: F.plot_corpus_tone(_overview(dated=True).iloc[0:0]),
    ),
    "plot_corpus_actor_mentions": (
        lambda: F.plot_corpus_actor_mentions(_corpus_mentions(), _overview(dated=True)),
        lambda: F.plot_corpus_actor_mentions(_corpus_mentions().iloc[0:0], None),
    ),
    "plot_top_pairs": (
        lambda: F.plot_top_pairs(_pairs()),
        lambda: F.plot_top_pairs(_pairs().iloc[0:0]),
    ),
}


def _assert_readable(fig: Figure) -> None:
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title().strip()
    assert ax.get_xlabel().strip()
    assert ax.get_ylabel().strip() or ax.get_xlabel().startswith(("node size", "arrow"))


def test_every_figure_function_has_a_case():
    assert set(CASES) == set(F.FIGURES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_figure_on_small_input(name):
    fig = CASES[name][0]()
    _assert_readable(fig)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "no data" not in texts


@pytest.mark.parametrize("name", sorted(CASES))
def test_figure_on_empty_input_says_no_data(name):
    fig = CASES[name][1]()
    _assert_readable(fig)
    assert F.png_bytes(fig)[:8] == b"\x89PNG\r\n\x1a\n"
    assert any("no data" in t.get_text() for t in fig.axes[0].texts)


def test_network_png_is_byte_identical():
    a = F.png_bytes(F.plot_cooccurrence_network(_edges(), _actors()))
    b = F.png_bytes(F.plot_cooccurrence_network(_edges().iloc[::-1], _actors().iloc[::-1]))
    assert a == b


def test_relation_network_and_arc_png_are_byte_identical():
    assert F.png_bytes(F.plot_relation_network(_relations(), _actors())) == F.png_bytes(
        F.plot_relation_network(_relations(), _actors())
    )
    assert F.png_bytes(F.plot_tone_arc(_arc(), _sentences())) == F.png_bytes(
        F.plot_tone_arc(_arc(), _sentences())
    )


def test_png_has_no_software_stamp(tmp_path):
    path = F.save_png(F.plot_tone_distribution(_sentiment()), tmp_path / "sub" / "t.png")
    data = path.read_bytes()
    assert b"matplotlib" not in data.lower()
    assert b"Software" not in data


def test_dollar_signs_in_labels_do_not_become_mathtext():
    terms = pd.DataFrame({"term": ["$5 billion", "$x$"], "count": [2, 1], "share": [0.5, 0.25]})
    fig = F.plot_top_terms(terms)
    F.png_bytes(fig)  # would raise on malformed mathtext
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == [r"\$5 billion", r"\$x\$"]


def test_tone_arc_marks_extremes():
    fig = F.plot_tone_arc(_arc(), _sentences())
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "most positive (sentence 3)" in legend
    assert "most negative (sentence 1)" in legend


def test_heatmap_is_symmetric_counts():
    fig = F.plot_cooccurrence_heatmap(_edges(), _actors())
    img = fig.axes[0].get_images()[0].get_array()
    assert (img == img.T).all()
    assert img.max() == 5


def test_apply_style_fixes_rcparams():
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = None
    F.apply_style()
    assert matplotlib.rcParams["svg.hashsalt"] == "newsreport"
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
    assert matplotlib.get_backend().lower() == "agg"
