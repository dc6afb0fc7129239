"""Figures: each draws a titled, labelled Figure on small and empty tables; PNGs are deterministic."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import figures as F
from analysis.actors import MENTION_COLUMNS
from analysis.figures import elements, layout


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
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


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


def _actor_periods() -> pd.DataFrame:
    """Store-style actor × month shares, March empty (analysis.corpus.aggregates.actor_periods)."""
    return pd.DataFrame(
        {
            "period": ["2022-01", "2022-01", "2022-02", "2022-02", "2022-03", "2022-03"],
            "actor_id": ["RUS", "UKR"] * 3,
            "name": ["Russia", "Ukraine"] * 3,
            "share": [0.5, 1.0, 0.25, None, None, None],
        }
    )


def _outlets() -> pd.DataFrame:
    return pd.DataFrame({"outlet": ["Daily A", "Weekly B"], "articles": [12, 3], "tone": [-0.2, 0.05]})


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
    "plot_period_matrix": (
        lambda: F.plot_period_matrix(_actor_periods(), "share", "Share per month", label="share"),
        lambda: F.plot_period_matrix(_actor_periods().iloc[0:0], "share", "Share per month", label="share"),
    ),
    "plot_outlets": (
        lambda: F.plot_outlets(_outlets()),
        lambda: F.plot_outlets(_outlets().iloc[0:0]),
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
    # the same tables in another row order give the same bytes (two separately built figures)
    assert F.png_bytes(F.plot_relation_network(_relations(), _actors())) == F.png_bytes(
        F.plot_relation_network(_relations().iloc[::-1], _actors().iloc[::-1])
    )
    assert F.png_bytes(F.plot_tone_arc(_arc(), _sentences())) == F.png_bytes(
        F.plot_tone_arc(_arc().iloc[::-1], _sentences().iloc[::-1])
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
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[:2] == [r"\$5 billion", r"\$x\$"]  # category labels, top first, then the values
    assert texts[2:] == ["2", "1"]


def test_tone_arc_marks_extremes():
    fig = F.plot_tone_arc(_arc(), _sentences())
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "most positive (sentence 3)" in legend
    assert "most negative (sentence 1)" in legend


def test_heatmap_is_symmetric_counts():
    fig = F.plot_cooccurrence_heatmap(_edges(), _actors())
    (cells,) = [c for c in fig.axes[0].collections if c.get_array() is not None]
    n = 4  # actors in the edges: every cell is drawn (zeros too), row by row
    img = np.asarray(cells.get_array()).reshape(n, n)
    assert (img == img.T).all()
    assert img.max() == 5 and img.trace() == 0
    assert fig.axes[0].get_ylim() == (n - 0.5, -0.5)  # first row on top


def test_matrix_cells_leave_missing_values_blank_and_label_dark_cells_in_white():
    relations = _relations()
    fig = F.plot_speaker_target_matrix(relations, _actors())
    ax = fig.axes[0]
    (cells,) = [c for c in ax.collections if c.get_array() is not None]
    named = relations.dropna(subset=["source"])
    pairs = set(zip(named["source"], named["target"], strict=True))
    assert len(cells.get_array()) == len(pairs)  # one cell per speaker-target pair, none for the rest
    inks = {t.get_text(): str(t.get_color()) for t in ax.texts}
    assert inks["accuse"] == "white" and inks["warn"] == "black"  # tone -0.7 is a dark red, -0.4 light
    assert elements._inks(np.array([[0.05, 0.0, 0.1, 1.0], [0.9, 0.9, 0.9, 1.0]])).tolist() == [
        "white",
        "black",
    ]


def test_apply_style_fixes_rcparams():
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = None
    F.apply_style()
    assert matplotlib.rcParams["svg.hashsalt"] == "newsreport"
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
    assert matplotlib.get_backend().lower() == "agg"


def _long_names() -> pd.DataFrame:
    names = [
        "Organization for Security and Co-operation in Europe",
        "North Atlantic Treaty Organization Parliamentary Assembly",
        "UN",
        "Ministry of Foreign Affairs of the Russian Federation",
    ]
    return pd.DataFrame(
        {
            "actor_id": ["a", "b", "c", "d"],
            "name": names,
            "type": ["organization"] * 4,
            "mentions": [12, 8, 3, 1],
            "tone": [-0.9, 0.95, 0.0, -0.2],
        }
    )


LONG_CASES = {
    "mentions": lambda: F.plot_mentions_by_type(_long_names()),
    "tone": lambda: F.plot_actor_tone(_long_names()),
    "heatmap": lambda: F.plot_cooccurrence_heatmap(
        pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"], "count": [5, 2, 1]}),
        _long_names(),
    ),
    "matrix": lambda: F.plot_speaker_target_matrix(
        pd.DataFrame(
            {"source": ["a", "a", "b"], "target": ["b", "c", "d"], "act": ["threaten", "accuse", "support"]}
        ),
        _long_names(),
    ),
    "bigrams": lambda: F.plot_top_bigrams(
        pd.DataFrame({"ngram": [("extraordinarily", "uncharacteristically")] * 15, "count": range(15, 0, -1)})
    ),
}


def _texts(fig: Figure) -> list:
    texts = list(fig.texts)
    for ax in fig.axes:
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = min(lo, hi), max(lo, hi)  # only ticks inside the view are drawn
            texts += [t.label1 for t in axis.get_major_ticks() if lo - 1e-9 <= t.get_loc() <= hi + 1e-9]
        if ax.get_legend() is not None:
            texts += ax.get_legend().get_texts()
    return [t for t in texts if t.get_visible() and t.get_text()]


@pytest.mark.parametrize(
    "make",
    [c[i] for c in CASES.values() for i in (0, 1)] + list(LONG_CASES.values()),
    ids=[f"{n}-{k}" for n in CASES for k in ("small", "empty")] + [f"long-{n}" for n in LONG_CASES],
)
def test_no_text_is_clipped_by_the_figure_edge(make):
    fig = make()
    F.png_bytes(fig)  # draws: positions and extents are final
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    for t in _texts(fig):
        ext = t.get_window_extent(renderer)
        assert box.x0 - 0.5 <= ext.x0 and ext.x1 <= box.x1 + 0.5, t.get_text()
        assert box.y0 - 0.5 <= ext.y0 and ext.y1 <= box.y1 + 0.5, t.get_text()


def test_category_labels_do_not_overlap_the_axis_label():
    fig = LONG_CASES["mentions"]()
    F.png_bytes(fig)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    ylabel = ax.yaxis.label.get_window_extent(renderer)
    labels = [t.get_window_extent(renderer) for t in ax.texts if "Organization" in t.get_text()]
    assert labels and all(ylabel.x1 < b.x0 for b in labels)
    assert all(b.x1 < ax.get_window_extent(renderer).x0 for b in labels)


def test_text_width_estimate_is_close_and_not_too_small():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.font_manager import FontProperties

    renderer = FigureCanvasAgg(Figure(dpi=F.DPI)).get_renderer()
    for text in ["Organization for Security and Co-operat…", "Volodymyr Zelenskyy (2)", "−0.50", "WWW iii"]:
        w, _, _ = renderer.get_text_width_height_descent(
            text, FontProperties(family="DejaVu Sans", size=9), False
        )
        estimate = layout._text_width(text, 9) * F.DPI
        assert w <= estimate <= 1.15 * w + 3, text


def test_png_decodes_to_the_drawn_pixels():
    import io

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig = F.plot_tone_distribution(_sentiment())
    png = F.png_bytes(fig)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    drawn = np.asarray(canvas.buffer_rgba())
    decoded = np.asarray(Image.open(io.BytesIO(png)))
    assert decoded.shape == drawn.shape[:2] + (3,)
    assert (decoded == drawn[..., :3]).all()
    assert (drawn[..., 3] == 255).all()  # opaque: dropping alpha loses nothing


def test_date_runs_split_at_long_gaps():
    dates = ["2022-01-01", "2022-01-03", "2022-01-20", "2022-06-01", "2022-06-02", "2023-01-01"]
    assert F.date_runs(dates, max_gap_days=30) == [slice(0, 3), slice(3, 5), slice(5, 6)]
    assert F.date_runs(dates, max_gap_days=400) == [slice(0, 6)]
    assert F.date_runs(["2022-01-01", "2022-01-31"], max_gap_days=30) == [slice(0, 2)]  # 30 days bridge
    assert F.date_runs([]) == []


def test_corpus_tone_line_does_not_bridge_long_gaps():
    """Articles months apart get separate rolling-mean lines, each averaging only its own run."""
    dates = [f"2022-01-{d:02d}" for d in range(1, 7)] + [f"2022-09-{d:02d}" for d in range(1, 7)]
    tones = [-0.5] * 6 + [0.5] * 6
    overview = pd.DataFrame({"article_id": [f"a{i}" for i in range(12)], "date": dates, "mean_tone": tones})
    fig = F.plot_corpus_tone(overview, window=6)
    lines = [ln for ln in fig.axes[0].get_lines() if len(ln.get_xdata()) > 1 and ln.get_color() == "#000000"]
    assert len(lines) == 2
    assert [list(ln.get_ydata()) for ln in lines] == [[-0.5] * 6, [0.5] * 6]  # no mixing across the gap
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("gaps over 30 days" in t for t in legend) and len(legend) == 2


def test_date_runs_count_calendar_days_and_refuse_bad_input():
    berlin = pd.to_datetime(["2022-10-01", "2022-10-31"]).tz_localize("Europe/Berlin")  # a DST change between
    assert F.date_runs(berlin, max_gap_days=30) == [slice(0, 2)]
    assert F.date_runs(["2022-01-01", "2022-01-20 10:30", "2022-01-21T08:00:00+02:00"]) == [slice(0, 3)]
    with pytest.raises(ValueError, match="missing or unreadable"):
        F.date_runs(["2022-01-01", None, "2022-09-01"])
    with pytest.raises(ValueError, match="not sorted"):
        F.date_runs(["2022-09-01", "2022-01-01"])


def test_corpus_tone_reads_dates_in_mixed_formats_and_offsets():
    overview = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "date": ["2022-01-01", "2022-01-02T10:00:00+03:00", "2022-01-03 09:00"],
            "mean_tone": [0.1, -0.2, 0.3],
        },
        index=[10, 20, 30],  # not a RangeIndex: dates must stay with their rows
    )
    fig = F.plot_corpus_tone(overview)
    assert fig.axes[0].get_xlabel() == "publication date"  # all three dated: the time view
    points = fig.axes[0].collections[0].get_offsets()
    assert len(points) == 3 and list(points[:, 1]) == [0.1, -0.2, 0.3]


def _font_is_inherited(parent_font_id: int, queue) -> None:
    queue.put((id(layout._style_font()) == parent_font_id, layout._text_width("Ωmega", 10.0)))


def test_style_font_is_reopened_after_fork():
    """Kernels forked from the build's zygote must not share its FreeType face (nor its file offset)."""
    import multiprocessing

    expected = layout._text_width("Ωmega", 10.0)
    parent = layout._style_font()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_font_is_inherited, args=(id(parent), queue))
    child.start()
    inherited, width = queue.get(timeout=30)
    child.join(timeout=30)
    assert not inherited
    assert width == expected


@pytest.fixture
def no_blanks():
    """Leave the stock of blank figures empty after the test, whatever it made or took."""
    yield
    elements._BLANKS.clear()


def test_figures_drawn_on_blanks_made_ahead_are_identical(no_blanks):
    cases = [CASES[name][i] for name in sorted(CASES) for i in (0, 1)]
    fresh = [F.png_bytes(make()) for make in cases]
    F.make_blank_figures(len(cases))
    assert len(elements._BLANKS) == len(cases)
    blanks = [F.png_bytes(make()) for make in cases]
    assert not elements._BLANKS  # every figure took one
    assert blanks == fresh


def test_blank_figures_are_discarded_once_rcparams_change(no_blanks):
    make = CASES["plot_mentions_by_type"][0]
    F.make_blank_figures(3)
    with matplotlib.rc_context({"axes.linewidth": 3.0, "axes.facecolor": "#eeeeee"}):
        changed = F.png_bytes(make())
        assert not elements._BLANKS  # all three were made under other rcParams
        elements._BLANKS.clear()
        fresh = F.png_bytes(make())
    assert changed == fresh
    assert changed != F.png_bytes(make())


def test_no_figure_imports_pyplot(fresh_python):
    """Figures never load pyplot (networkx's drawing functions would: ~30 ms per kernel, and an
    inline-backend hook after every later cell); a fresh interpreter tells."""
    out = fresh_python(
        "import test_figures as T\n"
        "from analysis import figures as F\n"
        "for small, empty in T.CASES.values():\n"
        "    F.png_bytes(small())\n"
        "    F.png_bytes(empty())\n"
        "print(len(T.CASES), 'matplotlib.pyplot' in sys.modules)\n"
    )
    assert out.split() == [str(len(CASES)), "False"]
