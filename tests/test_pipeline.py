"""analyze() end to end: the seed article's acceptance points and the offset property on every table."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.articles import Article, article_from_text, article_id, paragraph_spans
from analysis.pipeline import ArticleAnalysis, analyze


@pytest.fixture(scope="module")
def seed(seed_path) -> ArticleAnalysis:
    return analyze(seed_path)


@pytest.fixture(scope="module")
def seed_affiliation(seed_path) -> ArticleAnalysis:
    return analyze(seed_path, level="affiliation")


def _id(a: ArticleAnalysis, name: str) -> str:
    hits = a.actors[a.actors["name"] == name]
    assert len(hits) == 1, f"{name!r} not found once among actors: {sorted(a.actors['name'])}"
    return hits["actor_id"].iloc[0]


def _has_edge(edges: pd.DataFrame, x: str, y: str) -> bool:
    a, b = sorted((x, y))
    return bool(((edges.source == a) & (edges.target == b)).any())


def check_offsets(a: ArticleAnalysis) -> None:
    """Every offset in every table slices ``article.text`` to the surface it names."""
    text = a.article.text
    for start, end in a.article.paragraphs:
        assert text[start:end].strip() == text[start:end] != ""
    for table, col in [
        (a.sentences, "text"),
        (a.tokens, "token"),
        (a.mentions, "surface"),
        (a.quotes, "text"),
    ]:
        for start, end, surface in zip(table["start"], table["end"], table[col], strict=True):
            assert text[start:end] == surface
    for s, e, surface in zip(
        a.quotes["speaker_start"], a.quotes["speaker_end"], a.quotes["speaker_surface"], strict=True
    ):
        if s >= 0:
            assert text[s:e] == surface
    sid_span = dict(
        zip(a.sentences["sid"], zip(a.sentences["start"], a.sentences["end"], strict=True), strict=True)
    )
    for table in (a.tokens, a.mentions, a.sentiment, a.tone_arc):
        for sid, start, end in zip(table["sid"], table["start"], table["end"], strict=True):
            s0, s1 = sid_span[sid]
            assert s0 <= start <= end <= s1
    for start, end in zip(a.relations["start"], a.relations["end"], strict=True):
        assert 0 <= start < end <= len(text)
    for evidence in a.edges["evidence"]:
        assert set(evidence) <= set(sid_span)
    for start, end, sids in zip(a.quotes["start"], a.quotes["end"], a.quotes["sids"], strict=True):
        assert sids and set(sids) <= set(sid_span)
        assert sid_span[sids[0]][0] <= start and end <= sid_span[sids[-1]][1]  # sids cover the quote


def test_seed_tables_have_the_documented_columns(seed):
    assert list(seed.sentences.columns) == ["sid", "paragraph", "start", "end", "text"]
    assert list(seed.mentions.columns) == [
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
    assert list(seed.edges.columns) == ["source", "target", "count", "jaccard", "npmi", "tone", "evidence"]
    check_offsets(seed)


def test_seed_dateline_is_metadata_not_a_mention(seed):
    assert seed.article.dateline == "WASHINGTON"
    assert "WASHINGTON" not in set(seed.mentions["surface"])


def test_seed_affiliation_edges(seed_affiliation):
    a = seed_affiliation
    rus, ukr, usa, nato = (_id(a, n) for n in ("Russia", "Ukraine", "United States", "NATO"))
    for x, y in [(rus, ukr), (usa, rus), (rus, nato)]:
        assert _has_edge(a.edges, x, y), f"missing edge {x}-{y}"
    # at affiliation level people are rolled up: no person is a node
    people = set(a.mentions.loc[a.mentions["type"] == "person", "actor_id"])
    assert not people & (set(a.edges.source) | set(a.edges.target))


def test_summary_names_the_article_and_its_main_actors(seed):
    text = seed.summary()
    assert "Tensions Grow Over Ukraine" in text
    assert "Blinken" in text and "Russia" in text
    assert len(text.splitlines()) <= 25


def test_windows_change_the_edges(seed_path):
    sentence = analyze(seed_path, window="sentence").edges
    article = analyze(seed_path, window="article").edges
    assert len(article) > len(sentence)
    assert set(article["count"]) == {1}


def test_same_input_gives_identical_tables(seed_path, seed):
    again = analyze(seed_path)
    for name in (
        "sentences",
        "tokens",
        "sentiment",
        "mentions",
        "actors",
        "edges",
        "quotes",
        "relations",
        "voice",
    ):
        pd.testing.assert_frame_equal(getattr(seed, name), getattr(again, name))


FRAGMENTS = [
    "Antony Blinken",
    "Blinken",
    "Russia’s",
    "Russia's",
    "the Kremlin",
    "NATO",
    "the U.S.",
    "Ukraine",
    "Sergey Lavrov",
    "Lavrov",
    "the American secretary of state",
    "Moscow",
    "said",
    "told reporters",
    "warned",
    "urged",
    "threatened",
    "accused",
    "he said",
    "“",
    "”",
    '"',
    "‘",
    "’",
    ".",
    ",",
    "!",
    "?",
    "\n\n",
    "\n",
    " ",
    "troops",
    "sanctions",
    "peace",
    "Mr.",
    "Gen.",
    "3.5%",
    "$1.5 billion",
    "…",
    "<script>alert(1)</script>",
    "**bold**",
    "Hanna Shelest",
    "analyst",
    "according to",
    "Putin",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=3, max_size=60).map(" ".join))
def test_every_offset_in_every_table_slices_the_text(body):
    article = article_from_text("Headline here\n\n" + body + " The end of the story is here.")
    check_offsets(analyze(article))


ODD_TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ .,;:!?'\"“”‘’()—–-$%0123456789\t\n\u00a0\u2028é😀")), max_size=40
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), ODD_TEXT), min_size=1, max_size=30).map(" ".join))
def test_offsets_hold_on_raw_articles_that_skip_cleaning(body):
    text = body.strip() or "x"
    article = Article(
        id=article_id(text), title="", text=text, paragraphs=paragraph_spans(text) or ((0, len(text)),)
    )
    check_offsets(analyze(article))
