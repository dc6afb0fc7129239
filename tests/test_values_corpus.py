"""Corpus aggregates, value by value, on a tiny corpus whose every number is known by hand.

Three articles of short sentences written here. Who is mentioned in which sentence, who
co-occurs with whom, who is quoted and who does what to whom are hand-counted tables below;
sentence tones come from NLTK's own ``SentimentIntensityAnalyzer.polarity_scores`` (the
reference implementation the project's faster scorer must equal) applied to the sentences as
written; aggregations of those hand tables are done with plain Python or pandas groupby.
Nothing expected is read back from the functions under test.
"""

from __future__ import annotations

import math
from collections import defaultdict
from types import SimpleNamespace

import pandas as pd
import pytest
from nltk.sentiment.vader import SentimentIntensityAnalyzer

from analysis.articles import article_from_text
from analysis.corpus import (
    actor_mentions,
    corpus_actors,
    corpus_edges,
    corpus_quotes,
    corpus_relations,
    corpus_voice,
    overview,
    summary_table,
    tone_per_article,
    top_pairs,
)
from analysis.pipeline import analyze
from analysis.sentiment import analyzer

LAVROV_1 = "\u201cWe will never retreat,\u201d Sergey Lavrov said."
LAVROV_2 = "\u201cWe will respond firmly and calmly,\u201d Sergey Lavrov said."
BLINKEN_2 = "\u201cPeace is welcome,\u201d Antony Blinken said."

# (title, date, sentences, actors named in each sentence (in order), relations (source, target))
CORPUS = [
    (
        "Russia attacks Ukraine",
        "2022-01-10",
        [
            "Russia attacked Ukraine on Monday.",
            "Russia and Ukraine are far apart.",
            "The deadly war is a terrible disaster.",
            LAVROV_1,
            "The United States supported Ukraine.",
        ],
        [["RUS", "UKR"], ["RUS", "UKR"], [], ["sergey_lavrov"], ["USA", "UKR"]],
        {("RUS", "UKR"), ("USA", "UKR")},
    ),
    (
        "Far apart",
        "2022-01-12",
        [
            "Russia and the United States are far apart.",
            LAVROV_2,
            "Antony Blinken said the talks were useful.",
        ],
        [["RUS", "USA"], ["sergey_lavrov"], ["antony_blinken"]],
        set(),
    ),
    (
        "Undated note",
        None,
        ["The United States strongly supported Ukraine.", BLINKEN_2],
        [["USA", "UKR"], ["antony_blinken"]],
        {("USA", "UKR")},
    ),
]
NAMES = {
    "RUS": "Russia",
    "UKR": "Ukraine",
    "USA": "United States",
    "sergey_lavrov": "Sergey Lavrov",
    "antony_blinken": "Antony Blinken",
}
AFFILIATION = {"sergey_lavrov": "RUS", "antony_blinken": "USA"}
# (article index, kind, quote text, speaker, words inside quotation marks)
QUOTES = [
    (0, "direct", "We will never retreat", "sergey_lavrov", 4),
    (1, "direct", "We will respond firmly and calmly", "sergey_lavrov", 6),
    (1, "indirect", "the talks were useful", "antony_blinken", 0),
    (2, "direct", "Peace is welcome", "antony_blinken", 3),
]


def nltk_compound(sentence: str) -> float:
    """NLTK's own VADER scoring (the base class method) with the project's lexicon."""
    return SentimentIntensityAnalyzer.polarity_scores(analyzer(), sentence)["compound"]


@pytest.fixture(scope="module")
def analyses():
    arts = [
        article_from_text(" ".join(sents), title=title, date=date, source="test")
        for title, date, sents, _, _ in CORPUS
    ]
    return [analyze(a) for a in arts]


def test_sentences_are_the_ones_written(analyses):
    for a, (_, _, sents, _, _) in zip(analyses, CORPUS, strict=True):
        assert list(a.sentences["text"]) == sents


def test_tone_per_article_equals_mean_of_nltk_sentence_compounds(analyses):
    t = tone_per_article(analyses)
    assert list(t["article_id"]) == [a.article.id for a in analyses]
    assert list(t["title"]) == [c[0] for c in CORPUS]
    for row, (_, _, sents, _, _) in zip(t.itertuples(index=False), CORPUS, strict=True):
        comps = [nltk_compound(s) for s in sents]
        assert row.mean_tone == pytest.approx(sum(comps) / len(comps), abs=1e-12)
        assert row.share_positive == pytest.approx(sum(c >= 0.05 for c in comps) / len(comps))
        assert row.share_negative == pytest.approx(sum(c <= -0.05 for c in comps) / len(comps))
        assert row.n_sentences == len(sents)
    # signs by reading: an attack and a terrible disaster; support and welcome peace
    assert t["mean_tone"].iloc[0] < -0.1
    assert t["mean_tone"].iloc[2] > 0.2
    assert list(overview(analyses)["mean_tone"]) == pytest.approx(list(t["mean_tone"]))


def _hand_mentions(level: str = "actor") -> pd.DataFrame:
    rows = []
    for i, (_, _, _, named, _) in enumerate(CORPUS):
        for sid, actors in enumerate(named):
            for actor in actors:
                key = AFFILIATION.get(actor, actor) if level == "affiliation" else actor
                rows.append((i, sid, key))
    return pd.DataFrame(rows, columns=["article", "sid", "actor_id"])


def test_actor_mentions_equal_the_hand_counted_table(analyses):
    got = actor_mentions(analyses)
    ids = [a.article.id for a in analyses]
    expected = _hand_mentions().groupby(["article", "actor_id"]).size()
    got_counts = {(ids.index(r.article_id), r.actor_id): r.mentions for r in got.itertuples(index=False)}
    assert got_counts == expected.to_dict()
    assert got_counts[(0, "UKR")] == 3 and got_counts[(1, "antony_blinken")] == 1
    assert {r.actor_id: r.name for r in got.itertuples(index=False)} == NAMES
    # order: article order, then mentions descending, then actor id
    keys = [
        (ids.index(a), -m, x)
        for a, m, x in zip(got["article_id"], got["mentions"], got["actor_id"], strict=True)
    ]
    assert keys == sorted(keys)


def test_actor_mentions_at_affiliation_level(analyses):
    got = actor_mentions(analyses, level="affiliation")
    ids = [a.article.id for a in analyses]
    expected = _hand_mentions("affiliation").groupby(["article", "actor_id"]).size().to_dict()
    assert {
        (ids.index(r.article_id), r.actor_id): r.mentions for r in got.itertuples(index=False)
    } == expected
    assert expected[(0, "RUS")] == 3  # Russia twice and Lavrov once


def test_corpus_actors_mentions_articles_and_tone(analyses):
    got = corpus_actors(analyses).set_index("actor_id")
    hand = _hand_mentions()
    sentences = [c[2] for c in CORPUS]
    hand["tone"] = [
        nltk_compound(sentences[i][sid]) for i, sid in zip(hand["article"], hand["sid"], strict=True)
    ]
    expected = hand.groupby("actor_id").agg(
        mentions=("sid", "size"), articles=("article", "nunique"), tone=("tone", "mean")
    )
    assert set(got.index) == set(expected.index)
    for actor, row in expected.iterrows():
        assert got.loc[actor, "mentions"] == row["mentions"], actor
        assert got.loc[actor, "articles"] == row["articles"], actor
        assert got.loc[actor, "tone"] == pytest.approx(row["tone"], abs=1e-12), actor
        assert got.loc[actor, "name"] == NAMES[actor]
    assert (got.loc["UKR", "mentions"], got.loc["UKR", "articles"]) == (4, 2)
    assert (got.loc["USA", "mentions"], got.loc["USA", "articles"]) == (3, 3)
    assert got.loc["RUS", "tone"] < 0 < got.loc["USA", "tone"]
    keys = [(-m, a) for a, m in zip(got.index, got["mentions"], strict=True)]
    assert keys == sorted(keys)


def _hand_pairs() -> dict[tuple[str, str], list[tuple[int, int]]]:
    """(source, target) -> the (article, sentence) windows naming both (sentence window)."""
    pairs: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for i, (_, _, _, named, _) in enumerate(CORPUS):
        for sid, actors in enumerate(named):
            present = sorted(set(actors))
            for x in range(len(present)):
                for y in range(x + 1, len(present)):
                    pairs[(present[x], present[y])].append((i, sid))
    return pairs


def test_corpus_edges_count_articles_and_tone(analyses):
    got = corpus_edges(analyses)
    pairs = _hand_pairs()
    assert set(pairs) == {("RUS", "UKR"), ("UKR", "USA"), ("RUS", "USA")}
    assert list(zip(got["source"], got["target"], strict=True)) == [
        ("RUS", "UKR"),  # count 2, then source
        ("UKR", "USA"),  # count 2
        ("RUS", "USA"),  # count 1
    ]
    for r in got.itertuples(index=False):
        windows = pairs[(r.source, r.target)]
        assert r.count == len(windows)
        assert r.articles == len({i for i, _ in windows})
        tones = [nltk_compound(CORPUS[i][2][sid]) for i, sid in windows]
        assert r.tone == pytest.approx(sum(tones) / len(tones), abs=1e-12)
    assert got.set_index(["source", "target"]).loc[("UKR", "USA"), "articles"] == 2
    top = top_pairs(analyses, top_n=2)
    assert list(top["source_name"]) == ["Russia", "Ukraine"]
    assert list(top["target_name"]) == ["Ukraine", "United States"]
    assert list(top["count"]) == [2, 2]


def test_corpus_relations_rows_are_the_hand_listed_ones(analyses):
    got = corpus_relations(analyses)
    ids = [a.article.id for a in analyses]
    assert list(got.columns)[0] == "article_id"
    expected = {(ids[i], s, t) for i, c in enumerate(CORPUS) for s, t in c[4]}
    assert len(expected) == 3
    assert set(zip(got["article_id"], got["source"], got["target"], strict=True)) == expected
    assert len(got) == sum(len(a.relations) for a in analyses)
    assert list(corpus_relations([]).columns) == list(got.columns)  # no events: the same columns
    # each row's offsets point into its own article's text, inside the sentence that asserts it
    texts = {a.article.id: a.article.text for a in analyses}
    for r in got.itertuples(index=False):
        span = texts[r.article_id][r.start : r.end]
        assert NAMES[r.source].split()[-1] in span or r.source in span


def test_corpus_quotes_rows_with_speakers(analyses):
    got = corpus_quotes(analyses)
    ids = [a.article.id for a in analyses]
    assert list(got.columns)[0] == "article_id"
    rows = sorted(
        zip(got["article_id"].map(ids.index), got["kind"], got["text"], got["speaker"], strict=True)
    )
    assert rows == sorted((i, k, t, s) for i, k, t, s, _ in QUOTES)
    assert list(got["speaker_name"].map(lambda n: n in NAMES.values())) == [True] * len(QUOTES)
    texts = {a.article.id: a.article.text for a in analyses}
    for r in got.itertuples(index=False):
        assert texts[r.article_id][r.start : r.end] == r.text


def test_corpus_voice_aggregates(analyses):
    got = corpus_voice(analyses).set_index("actor_id")
    q = pd.DataFrame(QUOTES, columns=["article", "kind", "text", "speaker", "words"])
    expected = q.groupby("speaker").agg(
        quotes=("kind", "size"),
        direct=("kind", lambda k: int((k == "direct").sum())),
        indirect=("kind", lambda k: int((k == "indirect").sum())),
        quoted_words=("words", "sum"),
        articles=("article", "nunique"),
    )
    assert set(got.index) == set(expected.index)
    total = expected["quoted_words"].sum()
    assert total == 13
    for speaker, row in expected.iterrows():
        for col in ("quotes", "direct", "indirect", "quoted_words", "articles"):
            assert got.loc[speaker, col] == row[col], (speaker, col)
        assert got.loc[speaker, "share"] == pytest.approx(row["quoted_words"] / total)
    assert list(got.index) == ["sergey_lavrov", "antony_blinken"]  # by quoted words


def test_summary_table_counts(analyses):
    from analysis.corpus import CorpusAnalysis

    corp = CorpusAnalysis("<articles>", analyses, analyses[0].registry)
    s = dict(summary_table(corp).itertuples(index=False, name=None))
    assert s["articles"] == "3"
    assert s["sentences"] == str(sum(len(c[2]) for c in CORPUS))
    assert s["dates"] == "2022-01-10 to 2022-01-12"
    comps = [sum(map(nltk_compound, c[2])) / len(c[2]) for c in CORPUS]
    assert s["mean tone"] == f"{sum(comps) / 3:+.3f}"


def _stand_in(tone: dict, n_sentences: int = 3) -> SimpleNamespace:
    art = SimpleNamespace(id="x1", title="T", date=None, source=None, n_words=7)
    return SimpleNamespace(
        article=art,
        tone=tone,
        sentences=pd.DataFrame({"sid": range(n_sentences)}),
        actors=pd.DataFrame({"actor_id": ["A", "B"]}),
    )


def test_missing_tone_figures_read_as_nan_and_the_sentence_count():
    t = tone_per_article([_stand_in({})]).iloc[0]
    assert math.isnan(t["mean_tone"]) and math.isnan(t["share_positive"]) and math.isnan(t["share_negative"])
    assert t["n_sentences"] == 3  # counted from the sentences table when the tone lacks it
    given = {"mean_compound": 0.25, "share_positive": 0.5, "share_negative": 0.125, "n_sentences": 5}
    t = tone_per_article([_stand_in(given)]).iloc[0]
    assert (t["mean_tone"], t["share_positive"], t["share_negative"], t["n_sentences"]) == (
        0.25,
        0.5,
        0.125,
        5,
    )
    ov = overview([_stand_in({})]).iloc[0]
    assert math.isnan(ov["mean_tone"])
    assert (ov["words"], ov["sentences"], ov["actors"]) == (7, 3, 2)


def test_corpus_actors_at_affiliation_level(analyses):
    got = corpus_actors(analyses, level="affiliation").set_index("actor_id")
    hand = _hand_mentions("affiliation")
    sentences = [c[2] for c in CORPUS]
    hand["tone"] = [
        nltk_compound(sentences[i][sid]) for i, sid in zip(hand["article"], hand["sid"], strict=True)
    ]
    expected = hand.groupby("actor_id").agg(
        mentions=("sid", "size"), articles=("article", "nunique"), tone=("tone", "mean")
    )
    assert set(got.index) == {"RUS", "UKR", "USA"}  # Lavrov and Blinken rolled up
    for actor, row in expected.iterrows():
        assert got.loc[actor, "mentions"] == row["mentions"], actor
        assert got.loc[actor, "articles"] == row["articles"], actor
        assert got.loc[actor, "tone"] == pytest.approx(row["tone"], abs=1e-12), actor
    assert (got.loc["RUS", "mentions"], got.loc["USA", "mentions"]) == (5, 5)
    assert list(got["name"]) == [NAMES[a] for a in got.index]


def test_summary_table_every_field(analyses):
    from analysis.corpus import CorpusAnalysis

    corp = CorpusAnalysis("src", analyses, analyses[0].registry, 2, "affiliation", ["d1", "d2"], ["w"])
    s = dict(summary_table(corp).itertuples(index=False, name=None))
    words = sum(a.article.n_words for a in analyses)
    comps = [sum(map(nltk_compound, c[2])) / len(c[2]) for c in CORPUS]
    assert s == {
        "source": "src",
        "articles": "3",
        "duplicates skipped": "2",
        "unreadable lines": "1",
        "words": str(words),
        "sentences": "10",
        "dates": "2022-01-10 to 2022-01-12",
        "mean tone": f"{sum(comps) / 3:+.3f}",
        "window": "2",
        "level": "affiliation",
    }
    empty = dict(summary_table(CorpusAnalysis("e", [], None)).itertuples(index=False, name=None))
    assert (empty["articles"], empty["words"], empty["sentences"], empty["dates"], empty["mean tone"]) == (
        "0",
        "0",
        "0",
        "unknown",
        "",
    )


def test_empty_corpus_tables_keep_their_columns():
    first = ["article_id", "eid", "source", "target", "plover", "quad"]
    assert list(corpus_relations([]).columns[:6]) == first
    assert list(corpus_quotes([]).columns) == ["article_id", "qid", "speaker", "speaker_name", "tone"]
    assert list(corpus_voice([]).columns) == [
        "actor_id",
        "name",
        "quotes",
        "direct",
        "indirect",
        "quoted_words",
        "share",
        "articles",
    ]
    assert list(corpus_edges([]).columns) == ["source", "target", "count", "articles", "tone"]
    assert list(corpus_actors([]).columns) == ["actor_id", "name", "type", "mentions", "articles", "tone"]
