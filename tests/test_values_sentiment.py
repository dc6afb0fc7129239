"""Sentiment values against references: NLTK's own VADER code, pandas, and counts made by hand.

``PackagedVader.polarity_scores`` re-implements NLTK's scoring for speed; here it must give
exactly NLTK's four numbers (``SentimentIntensityAnalyzer.polarity_scores`` called on the same
analyzer) on a few hundred generated sentences dense in what changes a valence (negations,
boosters and dampeners at each distance, capitals, "but", "never so", "least", idioms,
"kind of", exclamation and question marks). Aggregates are checked against pandas and hand
counts.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
import pytest
from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText, VaderConstants

from analysis import sentiment as S

WORDS = (
    "good bad GOOD BAD great terrible Terrible peace war love hate hope fear support attack "
    "not never no isn't don't nor without doubt so this very extremely slightly barely sort kind of "
    "least at but BUT the talks were and a it is yeah right cut mustard kiss death hand to mouth "
    "bad ass shit bomb the the :) :( ok VERY EXTREMELY fine FINE okay"
).split()
PUNCT = ["", "", "", "", "!", "!!", "?", "??", "???", ",", ".", "...", "'", '"']


def _sentences(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = []
        for _ in range(rng.randint(1, 12)):
            w = rng.choice(WORDS)
            if rng.random() < 0.15:
                w = rng.choice(PUNCT) + w if rng.random() < 0.3 else w + rng.choice(PUNCT)
            words.append(w)
        out.append(" ".join(words) + rng.choice(PUNCT))
    return out


GENERATED = _sentences(400, seed=15)
HAND = [
    "Not good at all.",
    "never so good",
    "never this bad",
    "It was at least good, the very least bad.",
    "least good",
    "The talks were good but the war is terrible!!!",
    "GOOD talks, bad war",
    "extremely good and slightly bad",
    "very very good",
    "kind of good",
    "the kind of peace",
    "yeah right, good",
    "it was the shit",
    "a bad ass war",
    "cut the mustard good",
    "hand to mouth bad",
    "sort of good ??",
    "Good?? Bad???? Peace????",
    "without doubt good",
    "isn't bad",
    "good good good GOOD",
    # all capitals (no capital differential), capital boosters and small valences in capitals
    "GOOD",
    "GOOD BAD WAR",
    "the talks were VERY good",
    "the talks were VERY bad",
    "the talks were FINE",
    # "never so/this" two words back, "least" at the start and after a lexicon word
    "we never so much good",
    "we never this much bad",
    "least good at",
    "good least bad",
    # idioms need three words before the lexicon word (and a non-lexicon word three back)
    "we all saw the shit",
    "we all saw the bomb",
    "we all saw kiss of death",
    "we all saw bad ass good",
    "we all saw bad ass",
    "we all said yeah right",
    "the shit all good",
    "we sort of all good",
    "we all sort of good",
    # as much positive as negative, then "!": the emphasis goes to neither side
    "worthy atab!",
]


@pytest.mark.parametrize("amended", [True, False])
def test_polarity_scores_equal_nltk_on_generated_and_hand_sentences(amended):
    an = S.analyzer(amended)
    differ = [
        t
        for t in GENERATED + HAND
        if an.polarity_scores(t) != SentimentIntensityAnalyzer.polarity_scores(an, t)
    ]
    assert differ == []
    # the generated sentences do reach the rules: many are scored, with both signs
    comps = [an.polarity_scores(t)["compound"] for t in GENERATED]
    assert sum(c > 0 for c in comps) > 50 and sum(c < 0 for c in comps) > 50


def test_equal_sums_sentence_really_balances():
    lex = S.analyzer().lexicon
    assert lex["worthy"] == -lex["atab"] > 0


def test_vader_tokens_equal_nltk_sentitext():
    regex = VaderConstants.REGEX_REMOVE_PUNCTUATION
    for text in GENERATED + HAND + ["a", "!", "'x'", "--", ":-)", "''good''", "(bad)", "it's", "U.S."]:
        nltk_words = SentiText(text, VaderConstants.PUNC_LIST, regex).words_and_emoticons
        ours = [t for t in map(S.vader_token, text.split()) if t]
        assert ours == nltk_words, text


def test_lexicon_changes_set_and_remove_words():
    text = "word\tvalence\treason\nfoo\t2.5\tmade up\nlike\t0\tpreposition\n"
    an = S.PackagedVader(S.lexicon_text(), S.parse_lexicon_changes(text))
    plain = S.analyzer(False)
    assert an.lexicon["foo"] == 2.5 and "foo" not in plain.lexicon
    assert "like" not in an.lexicon and "like" in plain.lexicon
    assert len(an.lexicon) == len(plain.lexicon)  # one added, one removed
    # removing a word the lexicon does not hold is not an error
    assert len(S.PackagedVader(S.lexicon_text(), {"zzzz-not-a-word": 0}).lexicon) == len(plain.lexicon)
    assert an.polarity_scores("foo") == SentimentIntensityAnalyzer.polarity_scores(an, "foo")
    assert an.polarity_scores("foo")["compound"] == pytest.approx(round(2.5 / math.sqrt(2.5**2 + 15), 4))


def test_parse_lexicon_changes_values_and_errors():
    text = "# a comment\n\nword\tvalence\treason\nGood\t-1.5\twhy\nwar\t4.0\tlimit\ncalm\t-4\tlimit\n"
    assert S.parse_lexicon_changes(text) == {"good": -1.5, "war": 4.0, "calm": -4.0}
    assert S.parse_lexicon_changes("kind of\t-1\ta two-word entry, tab-separated\n") == {"kind of": -1.0}
    bad = {
        "a\t1\n": "line 1",
        "a\t1\t \n": "line 1",
        "a\tx\tr\n": "valence 'x' is not a number",
        "a\t4.01\tr\n": "outside",
        "a\t-4.5\tr\n": "outside",
        "a\t1\tr\nA\t2\tr\n": "line 2.*twice",
    }
    for content, message in bad.items():
        with pytest.raises(S.SentimentError, match=message):
            S.parse_lexicon_changes(content)


def _sent_df(texts: list[str]) -> pd.DataFrame:
    rows, pos = [], 0
    for i, t in enumerate(texts):
        rows.append((i, 0, pos, pos + len(t), t))
        pos += len(t) + 1
    return pd.DataFrame(rows, columns=["sid", "paragraph", "start", "end", "text"])


def test_sentence_sentiment_rows_equal_nltk_scores_and_thresholds():
    texts = HAND[:12]
    sents = _sent_df(texts).iloc[::-1]  # input row order is kept
    got = S.sentence_sentiment(sents)
    assert list(got["sid"]) == list(sents["sid"])
    assert list(got["start"]) == list(sents["start"]) and list(got["end"]) == list(sents["end"])
    an = S.analyzer()
    for row in got.itertuples(index=False):
        ref = SentimentIntensityAnalyzer.polarity_scores(an, texts[row.sid])
        assert (row.neg, row.neu, row.pos, row.compound) == (
            ref["neg"],
            ref["neu"],
            ref["pos"],
            ref["compound"],
        )
        expected = (
            "positive" if ref["compound"] >= 0.05 else "negative" if ref["compound"] <= -0.05 else "neutral"
        )
        assert row.label == expected
        assert S.score_text(texts[row.sid]) == ref["compound"]


@pytest.mark.parametrize(
    ("compound", "label"),
    [
        (0.05, "positive"),
        (0.0499, "neutral"),
        (0.0, "neutral"),
        (-0.0499, "neutral"),
        (-0.05, "negative"),
        (1.0, "positive"),
    ],
)
def test_label_thresholds_by_hand(compound, label):
    assert S.label(compound) == label


def test_article_tone_shares_mean_and_gdelt_by_hand():
    comps = [0.5, -0.25, 0.0, 0.75, -0.6, 0.05]
    labels = ["positive", "negative", "neutral", "positive", "negative", "positive"]
    sent_sent = pd.DataFrame(
        {
            "sid": range(6),
            "start": 0,
            "end": 0,
            "neg": 0.0,
            "neu": 0.0,
            "pos": 0.0,
            "compound": comps,
            "label": labels,
        }
    )
    lex = S.analyzer().lexicon
    norms = ["peace", "war", "the", "great", "talks", ",", "hope", "killed", "1999"]
    alpha = [any(c.isalpha() for c in w) for w in norms]
    toks = pd.DataFrame({"tid": range(9), "sid": 0, "norm": norms, "is_alpha": alpha, "is_stop": False})
    tone = S.article_tone(sent_sent, toks)
    assert tone["mean_compound"] == pytest.approx(0.45 / 6)
    assert (tone["share_positive"], tone["share_negative"], tone["share_neutral"]) == (3 / 6, 2 / 6, 1 / 6)
    assert tone["n_sentences"] == 6
    words = [w for w, a in zip(norms, alpha, strict=True) if a]
    assert len(words) == 7
    pos = sum(lex.get(w, 0) > 0 for w in words)
    neg = sum(lex.get(w, 0) < 0 for w in words)
    assert (pos, neg) == (3, 2)  # peace, great, hope; war, killed
    assert tone["gdelt_tone"] == pytest.approx(100 * (pos - neg) / 7)
    assert tone["gdelt_polarity"] == pytest.approx(100 * (pos + neg) / 7)
    no_words = S.article_tone(sent_sent, toks[~toks["is_alpha"]])
    assert math.isnan(no_words["gdelt_tone"]) and math.isnan(no_words["gdelt_polarity"])
    assert no_words["mean_compound"] == pytest.approx(0.45 / 6)


@pytest.mark.parametrize("window", [1, 2, 3, 4, 5, 7, 8, 9, 30])
def test_tone_arc_is_pandas_centred_rolling_mean(window):
    rng = np.random.default_rng(window)
    n = 9
    comps = np.round(rng.uniform(-1, 1, n), 4)
    sent_sent = pd.DataFrame(
        {"sid": range(n), "start": np.arange(n) * 10, "end": np.arange(n) * 10 + 8, "compound": comps}
    )
    shuffled = sent_sent.sample(frac=1.0, random_state=window)
    arc = S.tone_arc(shuffled, window=window)
    assert list(arc["sid"]) == list(range(n))
    assert list(arc["start"]) == list(sent_sent["start"]) and list(arc["end"]) == list(sent_sent["end"])
    assert list(arc["compound"]) == list(comps)
    expected = pd.Series(comps).rolling(window, center=True, min_periods=1).mean()
    np.testing.assert_allclose(arc["arc"].to_numpy(), expected.to_numpy(), rtol=0, atol=1e-12)


@pytest.mark.parametrize("window", [0, -1, 2.0, True, "3"])
def test_tone_arc_refuses_a_bad_window(window):
    with pytest.raises(S.SentimentError, match="window"):
        S.tone_arc(pd.DataFrame({"sid": [0], "start": [0], "end": [1], "compound": [0.1]}), window=window)


def test_missing_columns_are_named():
    with pytest.raises(S.SentimentError, match=r"^sentences table lacks columns \['text'\]"):
        S.sentence_sentiment(pd.DataFrame({"sid": [0], "start": [0], "end": [1]}))
    with pytest.raises(S.SentimentError, match=r"^sentence sentiment table lacks columns \['compound'\]"):
        S.tone_arc(pd.DataFrame({"sid": [0], "start": [0], "end": [1]}))
    with pytest.raises(S.SentimentError, match=r"^sentence sentiment table lacks columns \['label'\]"):
        S.article_tone(pd.DataFrame({"compound": [0.1]}), pd.DataFrame({"norm": ["a"], "is_alpha": [True]}))
    with pytest.raises(S.SentimentError, match=r"^tokens table lacks columns \['is_alpha'\]"):
        S.article_tone(
            pd.DataFrame({"compound": [0.1], "label": ["positive"]}), pd.DataFrame({"norm": ["a"]})
        )


def test_tone_arc_default_window_is_five_sentences():
    comps = [0.9, -0.5, 0.1, 0.4, -0.8, 0.3, 0.0, 0.6]
    ss = pd.DataFrame({"sid": range(8), "start": range(8), "end": range(8), "compound": comps})
    expected = pd.Series(comps).rolling(5, center=True, min_periods=1).mean()
    np.testing.assert_allclose(S.tone_arc(ss)["arc"].to_numpy(), expected.to_numpy(), atol=1e-12)


def test_gdelt_counts_words_of_small_positive_valence():
    lex = S.analyzer().lexicon
    assert 0 < lex["fine"] <= 1
    sent_sent = pd.DataFrame({"compound": [0.2], "label": ["positive"]})
    toks = pd.DataFrame({"norm": ["fine", "day", "war"], "is_alpha": [True, True, True]})
    tone = S.article_tone(sent_sent, toks)
    assert tone["gdelt_tone"] == pytest.approx(0.0) and tone["gdelt_polarity"] == pytest.approx(200 / 3)
