"""Tests for analysis.sentiment: offline VADER, sentence table, article tone, tone arc, memo."""

from __future__ import annotations

import math
import re

import nltk
import pandas as pd
import pytest
from nltk.sentiment.vader import SentimentIntensityAnalyzer

from analysis import sentiment as S
from analysis.articles import Article, article_from_text

_SENT = re.compile(r"[^.!?\s][^.!?]*[.!?]*")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")

POSITIVE_TEXT = (
    "Leaders welcomed the excellent agreement with great joy.\n\n"
    "Negotiators praised the wonderful progress and hoped for lasting friendship. "
    "Everyone was happy and grateful."
)
NEGATIVE_TEXT = (
    "The brutal attack killed dozens and left the city in terror.\n\n"
    "Officials condemned the horrific violence and warned of a devastating war. "
    "Survivors described fear, grief and destruction."
)


def _sentences(article: Article) -> pd.DataFrame:
    """The project's sentence table if analysis.tokens exists yet, else one built here by regex."""
    try:
        from analysis.tokens import sentences
    except ImportError:
        rows = []
        for p, (ps, pe) in enumerate(article.paragraphs):
            for m in _SENT.finditer(article.text, ps, pe):
                s, e = m.start(), m.start() + len(m.group().rstrip())
                rows.append((len(rows), p, s, e, article.text[s:e]))
        return pd.DataFrame(rows, columns=["sid", "paragraph", "start", "end", "text"])
    return sentences(article)


def _tokens(article: Article, sents: pd.DataFrame) -> pd.DataFrame:
    """The project's token table if analysis.tokens exists yet, else one built here by regex."""
    try:
        from analysis.tokens import tokens
    except ImportError:
        rows = []
        for sid, s, e in sents[["sid", "start", "end"]].itertuples(index=False):
            for m in _TOKEN.finditer(article.text, s, e):
                tok = m.group()
                norm = tok.lower().replace("’", "'")
                alpha = any(c.isalpha() for c in tok)
                rows.append((len(rows), sid, m.start(), m.end(), tok, norm, False, alpha))
        cols = ["tid", "sid", "start", "end", "token", "norm", "is_stop", "is_alpha"]
        return pd.DataFrame(rows, columns=cols)
    return tokens(article, sents)


def _sent_df(texts: list[str]) -> pd.DataFrame:
    """A sentences table for sentences joined by single spaces."""
    rows, pos = [], 0
    for i, t in enumerate(texts):
        rows.append((i, 0, pos, pos + len(t), t))
        pos += len(t) + 1
    return pd.DataFrame(rows, columns=["sid", "paragraph", "start", "end", "text"])


# --- analyzer ---------------------------------------------------------------------------


def test_analyzer_loads_offline_from_packaged_lexicon(monkeypatch):
    def no_download(*args, **kwargs):
        raise AssertionError("nltk.download must not be called")

    monkeypatch.setattr(nltk, "download", no_download)
    path_before = list(nltk.data.path)
    S.analyzer.cache_clear()
    try:
        an = S.analyzer()
    finally:
        S.clear_cache()
    assert isinstance(an, SentimentIntensityAnalyzer)
    assert len(an.lexicon) > 7000
    assert an.polarity_scores("good")["compound"] > 0
    assert an.polarity_scores("terrible")["compound"] < 0
    assert nltk.data.path == path_before
    assert S.analyzer() is an  # cached: one instance


TRICKY = [
    "",
    "!!!",
    "Good!!! Really good?!? Not bad...",
    '"Excellent," he said; \'terrible\' -- she replied: "no!"',
    "I :) love it :-( but :D hate (this) [thing], kind of.",
    "The U.S.-led talks weren't great, ok? NOT GOOD at all!",
    "“Curly quotes” are fine — aren’t they? ,a ,bb cc, -dd- 'ee'",
    "Never so good.  Tabs\tand\nnewlines ... ?!?!word word!?!?",
    "So kind of you, kind of good, a KIND OF kind thing; very kind.",
    "Good good GOOD: not good, but good, at least good and very good",
]


@pytest.mark.parametrize("text", TRICKY)
def test_fast_tokenisation_matches_nltk(text):
    an = S.analyzer()
    assert an.polarity_scores(text) == SentimentIntensityAnalyzer.polarity_scores(an, text)


def test_fast_tokenisation_matches_nltk_on_seed(seed_path):
    an = S.analyzer(False)
    art = article_from_text(seed_path.read_text(encoding="utf-8"))
    for text in _sentences(art)["text"]:
        assert an.polarity_scores(text) == SentimentIntensityAnalyzer.polarity_scores(an, text)


def test_lexicon_changes_are_applied_and_documented():
    changes = S.lexicon_changes()
    plain, default = S.analyzer(False), S.analyzer()
    assert plain is not default
    for word, valence in changes.items():
        if valence == 0:
            assert word not in default.lexicon
        else:
            assert default.lexicon[word] == valence
    # every other entry is untouched
    untouched = {w: v for w, v in plain.lexicon.items() if w not in changes}
    assert all(default.lexicon[w] == v for w, v in untouched.items())
    if "united" in changes:
        assert default.polarity_scores("The United Nations met.")["compound"] == 0.0
        assert plain.polarity_scores("The United Nations met.")["compound"] > 0


def test_parse_lexicon_changes_rejects_bad_lines():
    good = "word\tvalence\treason\n# comment\nFoo\t-1.5\tbecause\nbar\t0\tname sense\n"
    assert S.parse_lexicon_changes(good) == {"foo": -1.5, "bar": 0.0}
    with pytest.raises(S.SentimentError):
        S.parse_lexicon_changes("foo\tnot-a-number\treason\n")
    with pytest.raises(S.SentimentError):
        S.parse_lexicon_changes("foo\t1.0\n")  # no reason
    with pytest.raises(S.SentimentError):
        S.parse_lexicon_changes("foo\t1.0\ta\nfoo\t2.0\tb\n")
    with pytest.raises(S.SentimentError):
        S.parse_lexicon_changes("foo\t9\ttoo strong\n")


# --- labels and score_text --------------------------------------------------------------


@pytest.mark.parametrize(
    ("compound", "expected"),
    [
        (0.05, "positive"),
        (0.0499, "neutral"),
        (0.0, "neutral"),
        (-0.0499, "neutral"),
        (-0.05, "negative"),
        (1.0, "positive"),
        (-1.0, "negative"),
    ],
)
def test_label_thresholds(compound, expected):
    assert S.label(compound) == expected


def test_score_text_signs():
    assert S.score_text("This is a wonderful, happy day.") > 0.5
    assert S.score_text("This is a horrible, deadly disaster.") < -0.5
    assert S.score_text("The meeting is on Thursday.") == 0.0


# --- sentence table ---------------------------------------------------------------------


def test_sentence_sentiment_on_an_article():
    art = article_from_text(POSITIVE_TEXT + "\n\n" + NEGATIVE_TEXT, title="Talks")
    sents = _sentences(art)
    ss = S.sentence_sentiment(sents)
    assert list(ss.columns) == S.SENTIMENT_COLUMNS
    assert len(ss) == len(sents) >= 6
    assert ss["sid"].tolist() == sents["sid"].tolist()
    assert ss["start"].tolist() == sents["start"].tolist() and ss["end"].tolist() == sents["end"].tolist()
    for row in ss.itertuples(index=False):
        text = art.text[row.start : row.end]
        assert row.compound == SentimentIntensityAnalyzer.polarity_scores(S.analyzer(), text)["compound"]
        assert row.label == S.label(row.compound)
        assert math.isclose(row.neg + row.neu + row.pos, 1.0, abs_tol=0.01)
    first = ss.iloc[0]
    last = ss.iloc[-1]
    assert first["label"] == "positive" and last["label"] == "negative"
    assert ss["compound"].dtype == float


def test_sentence_sentiment_on_seed(seed_path):
    art = article_from_text(seed_path.read_text(encoding="utf-8"))
    ss = S.sentence_sentiment(_sentences(art))
    assert len(ss) > 10
    assert ss["compound"].between(-1, 1).all()
    assert set(ss["label"]) <= {"positive", "negative", "neutral"}
    # a confrontation story: more negative than positive sentences
    assert (ss["label"] == "negative").sum() > (ss["label"] == "positive").sum()


def test_sentence_sentiment_empty_and_missing_columns():
    empty = pd.DataFrame(columns=["sid", "paragraph", "start", "end", "text"])
    ss = S.sentence_sentiment(empty)
    assert list(ss.columns) == S.SENTIMENT_COLUMNS and len(ss) == 0
    with pytest.raises(S.SentimentError):
        S.sentence_sentiment(pd.DataFrame({"sid": [0], "text": ["Good."]}))


# --- article tone -----------------------------------------------------------------------


def _tone(text: str) -> dict:
    art = article_from_text(text, title="")
    sents = _sentences(art)
    return S.article_tone(S.sentence_sentiment(sents), _tokens(art, sents))


def test_article_tone_negative_vs_positive():
    pos, neg = _tone(POSITIVE_TEXT), _tone(NEGATIVE_TEXT)
    assert set(pos) == set(S.TONE_KEYS) == set(neg)
    assert pos["mean_compound"] > 0.3 and neg["mean_compound"] < -0.3
    assert pos["share_positive"] > pos["share_negative"]
    assert neg["share_negative"] > neg["share_positive"]
    for t in (pos, neg):
        assert math.isclose(t["share_positive"] + t["share_negative"] + t["share_neutral"], 1.0)
        assert t["n_sentences"] >= 3
    # GDELT-style tone: sign follows the words, polarity counts both directions
    assert pos["gdelt_tone"] > 0 > neg["gdelt_tone"]
    assert pos["gdelt_polarity"] >= abs(pos["gdelt_tone"]) and neg["gdelt_polarity"] >= abs(neg["gdelt_tone"])


def test_gdelt_tone_exact_percentages():
    # 10 alphabetic tokens: good, great (positive); bad (negative); 7 neutral; "," and "." ignored
    sents = _sent_df(["The good and great plan, a bad idea for Rome."])
    words = ["The", "good", "and", "great", "plan", ",", "a", "bad", "idea", "for", "Rome", "."]
    toks = pd.DataFrame(
        {
            "tid": range(len(words)),
            "sid": 0,
            "start": 0,
            "end": 0,
            "token": words,
            "norm": [w.lower() for w in words],
            "is_stop": False,
            "is_alpha": [any(c.isalpha() for c in w) for w in words],
        }
    )
    tone = S.article_tone(S.sentence_sentiment(sents), toks)
    assert tone["gdelt_tone"] == pytest.approx(100 * 2 / 10 - 100 * 1 / 10)
    assert tone["gdelt_polarity"] == pytest.approx(30.0)
    assert tone["n_sentences"] == 1


def test_article_tone_with_no_sentences():
    ss = S.sentence_sentiment(pd.DataFrame(columns=["sid", "paragraph", "start", "end", "text"]))
    toks = pd.DataFrame(columns=["tid", "sid", "start", "end", "token", "norm", "is_stop", "is_alpha"])
    tone = S.article_tone(ss, toks)
    assert tone["n_sentences"] == 0
    for key in (
        "mean_compound",
        "share_positive",
        "share_negative",
        "share_neutral",
        "gdelt_tone",
        "gdelt_polarity",
    ):
        assert math.isnan(tone[key])


# --- tone arc ---------------------------------------------------------------------------


def test_tone_arc_length_and_smoothing():
    texts = ["Wonderful news.", "Great joy.", "The meeting is Monday.", "Terrible war.", "Deadly attack."]
    ss = S.sentence_sentiment(_sent_df(texts))
    arc = S.tone_arc(ss, window=3)
    assert list(arc.columns) == S.ARC_COLUMNS
    assert len(arc) == len(ss)
    c = ss["compound"].tolist()
    assert arc["arc"].iloc[0] == pytest.approx((c[0] + c[1]) / 2)  # edge: min_periods=1
    assert arc["arc"].iloc[2] == pytest.approx(sum(c[1:4]) / 3)  # centred
    assert arc["arc"].iloc[-1] == pytest.approx((c[-2] + c[-1]) / 2)
    # smoothing shrinks the spread and keeps the trend
    assert arc["arc"].std() < ss["compound"].std()
    assert arc["arc"].iloc[0] > 0 > arc["arc"].iloc[-1]
    # window 1 is the identity; deterministic; input row order does not matter
    assert S.tone_arc(ss, window=1)["arc"].tolist() == c
    pd.testing.assert_frame_equal(S.tone_arc(ss.iloc[::-1], window=3), arc)


@pytest.mark.parametrize("window", [1, 2, 3, 4, 5, 6, 20])
def test_tone_arc_equals_pandas_centred_rolling_mean(window):
    texts = ["Good.", "Bad.", "Great joy.", "Awful.", "Fine.", "Monday.", "Deadly war.", "Hope."]
    ss = S.sentence_sentiment(_sent_df(texts))
    expected = ss["compound"].rolling(window, center=True, min_periods=1).mean()
    assert S.tone_arc(ss, window=window)["arc"].to_numpy() == pytest.approx(expected.to_numpy())


@pytest.mark.parametrize("window", [0, -2, 2.5, True])
def test_tone_arc_rejects_bad_window(window):
    ss = S.sentence_sentiment(_sent_df(["Good."]))
    with pytest.raises(S.SentimentError):
        S.tone_arc(ss, window=window)


# --- memo -------------------------------------------------------------------------------


def test_memo_returns_identical_results():
    S.clear_cache()
    texts = ["Peace talks collapsed in anger.", "Peace talks collapsed in anger.", "Hope returned."]
    sents = _sent_df(texts)
    first = S.sentence_sentiment(sents)
    info = S.cache_info()
    assert info.misses == 2 and info.hits == 1  # the repeated sentence was scored once
    second = S.sentence_sentiment(sents)
    assert S.cache_info().hits == 4
    pd.testing.assert_frame_equal(first, second)
    fresh = S.analyzer().polarity_scores(texts[0])
    row = first.iloc[0]
    assert (row.neg, row.neu, row.pos, row.compound) == (
        fresh["neg"],
        fresh["neu"],
        fresh["pos"],
        fresh["compound"],
    )
    assert first.iloc[0, 3:].tolist() == first.iloc[1, 3:].tolist()
