"""The report helpers' display tables, value by value, on analyses assembled by hand.

``analysis.report`` turns an analysis into the tables a report shows and saves. Here each
helper gets a small stand-in analysis (plain DataFrames written in the test) and its output
is compared with what the documented rule gives for those rows, worked out by hand.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import report


def _quotes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "qid": [0, 1, 2, 3],
            "kind": ["direct", "indirect", "direct", "scare"],
            "text": ["We will respond", "talks were useful", "No comment", "peace"],
            "speaker_surface": ["Lavrov", "the minister", None, ""],
            "speaker": ["sergey_lavrov", None, None, None],
            "speaker_name": ["Sergey Lavrov", None, "", None],
            "cue": ["said", "said", "told", None],
            "tone": [0.1, 0.44, float("nan"), 0.5],
        }
    )


def test_quotes_table_names_each_speaker_by_the_documented_fallbacks():
    got = report.quotes_table(SimpleNamespace(quotes=_quotes()))
    assert list(got.columns) == ["qid", "speaker", "cue", "kind", "quote", "tone"]
    # name, else the surface, else "?"
    assert list(got["speaker"]) == ["Sergey Lavrov", "the minister", "?", "?"]
    assert list(got["quote"]) == list(_quotes()["text"])
    assert list(got["qid"]) == [0, 1, 2, 3] and list(got["kind"]) == list(_quotes()["kind"])
    assert list(got["cue"])[:3] == ["said", "said", "told"]
    assert got["tone"].iloc[1] == 0.44 and math.isnan(got["tone"].iloc[2])
    empty = report.quotes_table(SimpleNamespace(quotes=_quotes().iloc[0:0]))
    assert empty.empty and list(empty.columns) == list(got.columns)


def _analysis(**extra) -> SimpleNamespace:
    sentences = pd.DataFrame({"sid": [0, 1, 2, 3], "text": ["Zero.", "One.", "Two.", "Three."]})
    sentiment = pd.DataFrame({"sid": [3, 1, 0, 2], "compound": [0.7, -0.6, 0.7, -0.6]})
    actors = pd.DataFrame(
        {
            "actor_id": ["RUS", "UKR", "USA", "nato"],
            "name": ["Russia", "Ukraine", "United States", "NATO"],
            "mentions": [3, 3, 1, 2],
            "first_start": [40, 10, 0, 5],
        }
    )
    return SimpleNamespace(sentences=sentences, sentiment=sentiment, actors=actors, **extra)


def test_extreme_sentences_take_the_highest_and_lowest_compound_first_sentence_on_ties():
    got = report.extreme_sentences(_analysis())
    assert list(got.columns) == ["which", "sid", "compound", "text"]
    # 0.7 in s0 and s3 -> s0; -0.6 in s1 and s2 -> s1
    assert got.values.tolist() == [["most positive", 0, 0.7, "Zero."], ["most negative", 1, -0.6, "One."]]
    two = report.extreme_sentences(_analysis(), n=2)
    assert two["sid"].tolist() == [0, 3, 1, 2]
    assert two["which"].tolist() == ["most positive"] * 2 + ["most negative"] * 2
    none = _analysis()
    none.sentiment = none.sentiment.iloc[0:0]
    assert report.extreme_sentences(none).empty


def test_top_actor_ids_by_mentions_then_first_appearance():
    actors = _analysis().actors
    assert report.top_actor_ids(actors, 10) == ["UKR", "RUS", "nato", "USA"]  # 3 (first at 10), 3 (40), 2, 1
    assert report.top_actor_ids(actors, 2) == ["UKR", "RUS"]
    assert report.top_actor_ids(actors, 10, min_mentions=2) == ["UKR", "RUS", "nato"]
    assert report.top_actor_ids(actors, 10, min_mentions=3) == ["UKR", "RUS"]
    assert report.top_actor_ids(actors.iloc[0:0], 5) == []


def test_events_table_shows_names_and_keeps_unknown_ids():
    events = pd.DataFrame(
        {
            "source": ["RUS", "USA", "person:x"],
            "target": ["UKR", "nato", "RUS"],
            "plover": ["THREATEN", "SUPPORT", "ACCUSE"],
            "quad": ["verbal conflict", "verbal cooperation", "verbal conflict"],
            "act": ["threaten", "back", "accuse"],
            "cue": ["warned", "backed", "accused"],
            "tone": [-0.5, 0.3, -0.2],
            "nominal": [False, False, True],
            "sid": [0, 2, 3],
        }
    )
    got = report.events_table(_analysis(events=events))
    assert list(got.columns) == ["source", "plover", "quad", "target", "cue", "nominal", "tone", "sid"]
    assert got.values.tolist() == [
        ["Russia", "THREATEN", "verbal conflict", "Ukraine", "warned", False, -0.5, 0],
        ["United States", "SUPPORT", "verbal cooperation", "NATO", "backed", False, 0.3, 2],
        ["person:x", "ACCUSE", "verbal conflict", "Russia", "accused", True, -0.2, 3],
    ]
    assert report.events_table(_analysis(events=events.iloc[0:0])).empty
    assert report.relations_table is report.events_table  # the former name


def _article(**kw) -> SimpleNamespace:
    removed = [
        SimpleNamespace(kind="share", text="Share:"),
        SimpleNamespace(kind="advert", text="Advertisement"),
    ]
    base = dict(
        title="Talks",
        date="2022-01-10",
        source="Wire",
        url="http://x",
        dateline="GENEVA",
        n_words=600,
        paragraphs=((0, 5), (6, 9)),
        removed=removed,
        id="abc123",
    )
    base.update(kw)
    return SimpleNamespace(**base)


def test_overview_card_fields():
    a = _analysis(article=_article(), tone={"mean_compound": -0.12345}, quotes=_quotes())
    card = dict(report.overview_card(a).itertuples(index=False, name=None))
    assert card == {
        "title": "Talks",
        "date": "2022-01-10",
        "source": "Wire",
        "url": "http://x",
        "dateline": "GENEVA",
        "words": "600",
        "sentences": "4",
        "paragraphs": "2",
        "reading time": "3 min",  # 600 words / 238 per minute = 2.5 -> 3
        "mean tone": "-0.123",
        "actors": "4",
        "quotes": "4",
        "cleaning removed": "2 item(s): advert ×1, share ×1",
        "article id": "abc123",
    }
    bare = _analysis(
        article=_article(title="", date=None, source=None, url=None, dateline=None, n_words=50, removed=[]),
        tone={},
        quotes=_quotes().iloc[0:0],
    )
    card = dict(report.overview_card(bare).itertuples(index=False, name=None))
    assert card["title"] == "(untitled)" and card["date"] == "unknown" and card["source"] == "unknown"
    assert card["url"] == "" and card["dateline"] == ""
    assert card["reading time"] == "1 min"  # never 0
    assert card["cleaning removed"] == "nothing" and card["mean tone"] == "+nan"
    assert report.removed_table(_article()).values.tolist() == [
        ["share", "Share:"],
        ["advert", "Advertisement"],
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
        (1 / 3, "0.333"),
        (2.0, "2.000"),
        (-0.0005, "-0.001"),
        (7, "7"),
        ((1, "a", 0.5), "1, a, 0.500"),
        ([], ""),
        ("<b>", "<b>"),
        (True, "True"),
    ],
)
def test_cell_text(value, text):
    assert report.cell_text(value) == text


def test_table_html_cells_alignment_and_notes():
    df = pd.DataFrame({"name": ["a<b", "c"], "n": [1, 2], "x": [0.5, None], "flag": [True, False]})
    html = report.table_html(df, caption="Cap & co", max_rows=None)
    head = '<th style="text-align:left">name</th><th>n</th><th>x</th><th style="text-align:left">flag</th>'
    assert head in html
    assert '<td style="text-align:left">a&lt;b</td><td>1</td><td>0.500</td>' in html
    assert "<td></td>" in html  # the missing float
    assert html.count("<tr>") == 3
    assert "rows</p>" not in html and "(no rows)" not in html
    assert html.endswith(report.caption_html("Cap & co")) and "Cap &amp; co" in html
    short = report.table_html(df, max_rows=1)
    assert short.count("<tr>") == 2 and "first 1 of 2 rows</p>" in short
    assert "nr-caption" not in short
    empty = report.table_html(df.iloc[0:0])
    assert "(no rows)" in empty and "first" not in empty


def test_provenance_table_rows():
    t = report.provenance_table({"window": 2, "top_n": 15, "registry_files": []}, {"b": "2", "a": 1.5})
    rows = t.values.tolist()
    assert rows[:5] == [
        ["parameter", "window", "2"],
        ["parameter", "top_n", "15"],
        ["parameter", "registry_files", ""],
        ["input", "a", "1.500"],
        ["input", "b", "2"],
    ]
    packages = [r[1] for r in rows if r[0] == "package"]
    assert packages == ["python", *report.PACKAGES]
    assert all(r[2] for r in rows if r[0] == "package")


def test_validate_params_normalises_window_and_registry_files(seed_path, tmp_path):
    reg = tmp_path / "r.yaml"
    reg.write_text("actors: []\n")
    base = dict(
        input_path=str(seed_path),
        registry_files=str(reg),
        window=" 3 ",
        level="affiliation",
        top_n=1,
        min_mentions=1,
    )
    got = report.validate_params(**base, output_dir=str(tmp_path / "new"))
    assert got == {**base, "registry_files": [str(reg)], "window": 3, "output_dir": str(tmp_path / "new")}
    assert list(got) == list(report.ARTICLE_PARAMS)
    assert report.validate_params(**{**base, "registry_files": None}, output_dir=None)["registry_files"] == []
    assert report.validate_params(**{**base, "window": "paragraph"}, output_dir=None)["window"] == "paragraph"
    for bad in ({"window": 0}, {"window": "0"}, {"window": True}, {"window": "sentences"}):
        with pytest.raises(ValueError, match="'window'"):
            report.validate_params(**{**base, **bad}, output_dir=None)
    for name in ("top_n", "min_mentions"):
        for bad in (0, True, 1.0, "2"):
            with pytest.raises(ValueError, match=f"'{name}'"):
                report.validate_params(**{**base, name: bad}, output_dir=None)
    with pytest.raises(ValueError, match="'level'"):
        report.validate_params(**{**base, "level": "person"}, output_dir=None)
    with pytest.raises(ValueError, match="'registry_files'"):
        report.validate_params(**{**base, "registry_files": 5}, output_dir=None)
    with pytest.raises(ValueError, match="'output_dir'"):
        report.validate_params(**base, output_dir="")


class Sink:
    def __init__(self):
        self.items = []

    def __call__(self, obj):
        self.items.append(obj)


def test_report_output_paths_and_headings(tmp_path):
    sink = Sink()
    out = report.ReportOutput(tmp_path / "out", display=sink)
    out.table(pd.DataFrame({"a": [1, 2]}), "t-1", "c")
    out.heading("Title <x>", 2)
    assert out.saved == [tmp_path / "out" / "tables" / "t-1.csv"]
    assert (tmp_path / "out" / "tables" / "t-1.csv").read_text() == "a\n1\n2\n"
    assert sink.items[-1].data == "<h2>Title &lt;x&gt;</h2>"
    for level in (0, 4):
        with pytest.raises(ValueError, match="heading level"):
            out.heading("x", level)
    for name in ("A", "-a", "a b", "a/b", ""):
        with pytest.raises(ValueError, match="output name"):
            out.table(pd.DataFrame(), name, "c")


def test_validate_params_messages_name_the_parameter_and_the_choices(seed_path, tmp_path):
    base = dict(
        input_path=str(seed_path),
        registry_files=[],
        window=1,
        level="actor",
        top_n=1,
        min_mentions=1,
        output_dir=None,
    )
    ok = report.validate_params(**base)
    assert ok["window"] == 1 and ok["output_dir"] is None
    names = "input_path, registry_files, window, level, top_n, min_mentions, output_dir"

    def refused(message: str, **change) -> None:
        params = {k: v for k, v in {**base, **change}.items() if v is not ...}
        with pytest.raises(ValueError) as err:
            report.validate_params(**params)
        assert str(err.value).startswith(message), str(err.value)

    refused(f"unknown parameter(s): bogus, extra; expected {names}", bogus=1, extra=2)
    refused("missing parameter(s): top_n, min_mentions", top_n=..., min_mentions=...)
    refused(
        "parameter 'window' must be one of sentence, paragraph, article or a positive integer", window="x"
    )
    refused("parameter 'level' must be one of actor, affiliation, not 'x'", level="x")
    refused("parameter 'input_path' must be a file path, not 5", input_path=5)
    refused("parameter 'input_path' must be a file path, not ''", input_path="")
    refused(
        f"parameter 'input_path': no such file: {tmp_path / 'no.txt'}", input_path=str(tmp_path / "no.txt")
    )
    refused("parameter 'registry_files': no such file: nope.yaml", registry_files=["nope.yaml"])
    corpus = {k: v for k, v in base.items() if k != "input_path"} | {"period": "auto", "kwic_pattern": "x*"}
    seeds = seed_path.parent
    assert report.validate_params(corpus_path=f"{seeds}/*.txt", **corpus)["corpus_path"] == f"{seeds}/*.txt"
    assert report.validate_params(corpus_path=seeds, **corpus)["corpus_path"] == str(seeds)
    for bad, message in [
        (None, "parameter 'corpus_path' must be a folder, glob, JSONL or CSV path, not None"),
        ("", "parameter 'corpus_path' must be a folder, glob, JSONL or CSV path, not ''"),
        (f"{seeds}/*.none", f"parameter 'corpus_path': nothing matches {seeds}/*.none"),
    ]:
        with pytest.raises(ValueError) as err:
            report.validate_params(corpus_path=bad, **corpus)
        assert str(err.value).startswith(message), str(err.value)


def test_validate_params_checks_the_corpus_period_and_kwic_pattern(seed_path):
    corpus = dict(
        corpus_path=str(seed_path.parent),
        registry_files=[],
        window=1,
        level="actor",
        top_n=1,
        min_mentions=1,
        period="auto",
        kwic_pattern="sanction*",
        output_dir=None,
    )
    for period in ("auto", "day", "week", "month"):
        assert report.validate_params(**{**corpus, "period": period})["period"] == period
    for pattern in ("threat*", "Russia?", "  sanction*  relief "):
        assert report.validate_params(**{**corpus, "kwic_pattern": pattern})["kwic_pattern"] == pattern
    names = ", ".join(report.CORPUS_PARAMS)
    assert names.endswith("min_mentions, period, kwic_pattern, output_dir")
    for change, message in [
        ({"period": "weekly"}, "parameter 'period' must be one of auto, day, week, month, not 'weekly'"),
        ({"period": "Week"}, "parameter 'period' must be one of auto, day, week, month, not 'Week'"),
        ({"period": None}, "parameter 'period' must be one of auto, day, week, month, not None"),
        ({"period": 7}, "parameter 'period' must be one of auto, day, week, month, not 7"),
        ({"kwic_pattern": ""}, "parameter 'kwic_pattern' must be a non-empty glob pattern"),
        ({"kwic_pattern": "   "}, "parameter 'kwic_pattern' must be a non-empty glob pattern"),
        ({"kwic_pattern": ["sanction*"]}, "parameter 'kwic_pattern' must be a non-empty glob pattern"),
        ({"kwic_pattern": "sanction* **"}, "parameter 'kwic_pattern': KWIC pattern word '**' has no letters"),
        ({"kwic_pattern": "?"}, "parameter 'kwic_pattern': KWIC pattern word '?' has no letters"),
        ({"kwic_pattern": ...}, "missing parameter(s): kwic_pattern"),
        ({"period": ...}, "missing parameter(s): period"),
    ]:
        params = {k: v for k, v in {**corpus, **change}.items() if v is not ...}
        with pytest.raises(ValueError) as err:
            report.validate_params(**params)
        assert str(err.value).startswith(message), str(err.value)
    # the article notebook takes neither
    article = {k: v for k, v in corpus.items() if k != "corpus_path"} | {"input_path": str(seed_path)}
    with pytest.raises(ValueError, match="unknown parameter.*kwic_pattern, period"):
        report.validate_params(**article)


def test_empty_display_tables_keep_their_columns():
    empty_events = pd.DataFrame(
        columns=["source", "target", "plover", "quad", "cue", "nominal", "tone", "sid"]
    )
    got = report.events_table(_analysis(events=empty_events))
    assert got.empty and list(got.columns) == [
        "source",
        "plover",
        "quad",
        "target",
        "cue",
        "nominal",
        "tone",
        "sid",
    ]
    no_scores = _analysis()
    no_scores.sentiment = pd.DataFrame({"sid": [], "compound": []})
    got = report.extreme_sentences(no_scores)
    assert got.empty and list(got.columns) == ["which", "sid", "compound", "text"]
    got = report.removed_table(_article(removed=[]))
    assert got.empty and list(got.columns) == ["kind", "text"]


@pytest.fixture(scope="module")
def small():
    from analysis.articles import article_from_text
    from analysis.pipeline import analyze

    text = (
        "Russia warned Ukraine. Sergey Lavrov met Antony Blinken.\n\n"
        "Russia and the United States disagreed. Ukraine waited."
    )
    return analyze(article_from_text(text, title="Small"))


def test_actor_kwic_lists_the_top_actors_mentions_in_text_order(small):
    got = report.actor_kwic(small, top_n=2, width=10)
    # Russia and Ukraine are mentioned twice each (Russia first in the text), then the rest once
    assert list(got.columns) == ["actor", "sid", "left", "keyword", "right"]
    text = small.article.text
    rus = [m.start() for m in __import__("re").finditer("Russia", text)]
    ukr = [m.start() for m in __import__("re").finditer("Ukraine", text)]
    assert got["actor"].tolist() == ["Russia", "Russia", "Ukraine", "Ukraine"]
    assert got["keyword"].tolist() == ["Russia", "Russia", "Ukraine", "Ukraine"]
    assert got["left"].tolist() == [text[max(0, s - 10) : s].replace("\n", " ") for s in rus + ukr]
    assert got["sid"].tolist() == [0, 2, 0, 3]
    assert report.actor_kwic(small, top_n=1, per_actor=1)["keyword"].tolist() == ["Russia"]
    assert report.actor_kwic(small, top_n=5, min_mentions=3).empty


def test_affiliation_tables_roll_people_up(small):
    edges, nodes = report.affiliation_tables(small)
    # Lavrov -> Russia, Blinken -> United States: Russia 3 mentions, Ukraine 2, United States 2
    assert nodes.values.tolist() == [
        ["RUS", "Russia", "country", 3],
        ["UKR", "Ukraine", "country", 2],
        ["USA", "United States", "country", 2],
    ]
    pairs = {(s, t): c for s, t, c in zip(edges["source"], edges["target"], edges["count"], strict=True)}
    assert pairs == {("RUS", "UKR"): 1, ("RUS", "USA"): 2}
    assert report.cooccurrence_tables(small)[1] is small.actors
