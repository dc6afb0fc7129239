"""Keyness and collocations against NLTK's association measures and hand-worked 2x2 tables.

The expected numbers never come from ``analysis.tokens``: the words of each sentence are
read off the test's own text with a regular expression, counted with NLTK's
``BigramCollocationFinder`` (or ``collections.Counter``) and scored with NLTK's
``BigramAssocMeasures`` (PMI in bits, likelihood ratio G²) or by Dunning's formula written
out here.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from analysis.articles import Article, article_id, paragraph_spans
from analysis.tokens import STOPWORDS, TokensError, collocations, keyness, kwic, term_frequencies, tokens

# Simple sentences: every word is lower-case letters once lower-cased, every sentence ends in ".".
COLLOCATION_SENTENCES = [
    "Foreign Minister Lavrov spoke in Moscow.",
    "Foreign Minister Lavrov warned the West.",
    "The foreign minister left early.",
    "Prime Minister Johnson spoke in London.",
    "Foreign Minister Lavrov spoke again.",
    "Peace talks failed in Geneva.",
    "Peace talks resumed in Geneva.",
    "The talks failed.",
]

TARGET = "Sanctions hit Russia. Sanctions hurt Russia hard. Sanctions again and again."
REFERENCE = "Talks in Geneva. Talks about Russia. The weather in Geneva was fine. Geneva again."


def _article(text: str) -> Article:
    return Article(id=article_id(text), title="", text=text, paragraphs=paragraph_spans(text))


def _words(sentence: str) -> list[str]:
    return re.findall(r"[a-z]+", sentence.lower())


def test_collocations_equal_nltk_pmi_and_likelihood_ratio():
    text = " ".join(COLLOCATION_SENTENCES)
    got = collocations(tokens(_article(text)), top_n=100, min_count=2)

    docs = [_words(s) for s in COLLOCATION_SENTENCES]
    finder = BigramCollocationFinder.from_documents(docs)  # no bigram across sentences
    n_words = finder.word_fd.N()
    n_bigrams = sum(len(d) - 1 for d in docs)
    assert n_words == sum(len(d) for d in docs)
    expected = {}
    for (w1, w2), c12 in finder.ngram_fd.items():
        if c12 < 2 or w1 in STOPWORDS or w2 in STOPWORDS:
            continue
        c1, c2 = finder.word_fd[w1], finder.word_fd[w2]
        expected[f"{w1} {w2}"] = (
            c12,
            BigramAssocMeasures.pmi(c12, (c1, c2), n_words),
            BigramAssocMeasures.likelihood_ratio(c12, (c1, c2), n_bigrams),
        )
    # the bigrams worked out by hand: "foreign minister" x3 (+1 lower-case), "minister lavrov" x3, ...
    assert set(expected) == {
        "foreign minister",
        "minister lavrov",
        "lavrov spoke",
        "peace talks",
        "talks failed",
    }
    assert expected["foreign minister"][0] == 4
    assert set(got["ngram"]) == set(expected)
    for ngram, count, pmi, llr in got[["ngram", "count", "pmi", "llr"]].itertuples(index=False):
        c12, e_pmi, e_llr = expected[ngram]
        assert count == c12, ngram
        assert pmi == pytest.approx(e_pmi, rel=1e-9), ngram
        assert llr == pytest.approx(e_llr, rel=1e-9, abs=1e-9), ngram
    # PMI of "foreign minister" by hand: 4 bigrams, "foreign" 4 times, "minister" 5,
    # 41 words (6+6+5+6+5+5+5+3)
    assert n_words == 41
    row = got.set_index("ngram").loc["foreign minister"]
    assert row["pmi"] == pytest.approx(math.log2(4 * 41 / (4 * 5)))
    # order: llr descending, then ngram
    keys = [(-llr, g) for g, llr in zip(got["ngram"], got["llr"], strict=True)]
    assert keys == sorted(keys)


def test_collocations_pmi_by_nltk_finder_and_min_count_top_n():
    text = " ".join(COLLOCATION_SENTENCES)
    toks = tokens(_article(text))
    finder = BigramCollocationFinder.from_documents([_words(s) for s in COLLOCATION_SENTENCES])
    by_finder = dict(finder.score_ngrams(BigramAssocMeasures.pmi))
    got = collocations(toks, top_n=100, min_count=1)
    assert len(got) == sum(
        1 for w1, w2 in finder.ngram_fd if w1 not in STOPWORDS and w2 not in STOPWORDS
    )  # every content bigram once with min_count=1
    for ngram, pmi in zip(got["ngram"], got["pmi"], strict=True):
        assert pmi == pytest.approx(by_finder[tuple(ngram.split())], rel=1e-9), ngram
    top2 = collocations(toks, top_n=2, min_count=1)
    assert list(top2["ngram"]) == list(got["ngram"][:2])
    three = collocations(toks, top_n=100, min_count=3)
    assert set(three["ngram"]) == {"foreign minister", "minister lavrov"}


def _dunning(a: int, b: int, c: int, d: int) -> float:
    """G² = 2 Σ O ln(O/E) of the 2x2 table [[a, b], [c, d]], written out."""
    n = a + b + c + d
    cells = [(a, (a + b) * (a + c) / n), (b, (a + b) * (b + d) / n)]
    cells += [(c, (c + d) * (a + c) / n), (d, (c + d) * (b + d) / n)]
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)


def test_keyness_equals_dunning_g2_and_nltk_likelihood_ratio():
    got = keyness(tokens(_article(TARGET)), tokens(_article(REFERENCE)))
    tc = Counter(_words(TARGET))
    rc = Counter(_words(REFERENCE))
    nt, nr = sum(tc.values()), sum(rc.values())
    assert (nt, nr) == (11, 14)  # counted by hand
    assert set(got["term"]) == set(tc) | set(rc)
    for term, a, b, ll, lr in got.itertuples(index=False):
        assert (a, b) == (tc[term], rc[term]), term
        g2 = _dunning(a, b, nt - a, nr - b)
        nltk_g2 = BigramAssocMeasures.likelihood_ratio(a, (a + b, nt), nt + nr)
        assert abs(ll) == pytest.approx(g2, rel=1e-9, abs=1e-12), term
        assert abs(ll) == pytest.approx(nltk_g2, rel=1e-6, abs=1e-9), term
        rarer = a / nt < b / nr
        assert (ll < 0) == (rarer and g2 > 0), term
        expected_lr = math.log2(((a or 0.5) / nt) / ((b or 0.5) / nr))
        assert lr == pytest.approx(expected_lr, rel=1e-12), term
    ll = got.set_index("term")["log_likelihood"]
    # "sanctions": 3 of 11 words in the target, 0 of 14 in the reference; expected counts
    # 3*11/25, 22*11/25 and 22*14/25 for the three non-empty cells
    by_hand = 2 * (
        3 * math.log(3 / (33 / 25)) + 8 * math.log(8 / (242 / 25)) + 14 * math.log(14 / (308 / 25))
    )
    assert ll["sanctions"] == pytest.approx(by_hand, rel=1e-12)
    assert ll["geneva"] < 0
    keys = [(-v, t) for t, v in zip(got["term"], got["log_likelihood"], strict=True)]
    assert keys == sorted(keys)


def test_keyness_of_a_text_against_itself_is_zero():
    toks = tokens(_article(TARGET))
    got = keyness(toks, toks)
    assert (got["log_likelihood"].abs() < 1e-12).all()
    assert (got["log_ratio"] == 0).all()
    assert list(got["target_count"]) == list(got["reference_count"])


def test_keyness_sign_order_and_empty_sides():
    # "war": 1 of 4 words in the target, 3 of 4 in the reference: rarer in the target, negative
    got = keyness(tokens(_article("War peace peace peace.")), tokens(_article("War war war peace.")))
    ll = got.set_index("term")["log_likelihood"]
    assert ll["war"] == pytest.approx(-_dunning(1, 3, 3, 1)) and ll["peace"] == pytest.approx(
        _dunning(3, 1, 1, 3)
    )
    # equal rates: G² is +0.0 (never -0.0), and ties are ordered by term
    same = keyness(tokens(_article(TARGET)), tokens(_article(TARGET)))
    assert not np.signbit(same["log_likelihood"]).any()
    assert list(same["term"]) == sorted(same["term"])
    # a side without words: every log ratio and G² is 0
    none = tokens(_article("1999."))
    for target, reference in ((none, tokens(_article(TARGET))), (tokens(_article(TARGET)), none)):
        k = keyness(target, reference)
        assert len(k) == 7 and (k["log_likelihood"] == 0).all() and (k["log_ratio"] == 0).all()
    empty = keyness(none, none)
    assert empty.empty and list(empty.columns) == [
        "term",
        "target_count",
        "reference_count",
        "log_likelihood",
        "log_ratio",
    ]
    assert [str(t) for t in empty.dtypes[1:]] == ["int64", "int64", "float64", "float64"]


def test_empty_counts_keep_columns_and_types():
    none = tokens(_article("1999."))
    tf = term_frequencies(none)
    assert tf.empty and list(tf.columns) == ["term", "count", "share"]
    assert [str(t) for t in tf.dtypes[1:]] == ["int64", "float64"]
    col = collocations(none)
    assert col.empty and list(col.columns) == ["ngram", "count", "pmi", "llr"]
    assert [str(t) for t in col.dtypes[1:]] == ["int64", "float64", "float64"]


def test_term_frequencies_counts_shares_and_order_by_hand():
    text = "Peace talks. Talks, peace and war. The war talks!"
    got = term_frequencies(tokens(_article(text)))
    # content words: talks 3, peace 2, war 2 ("and", "the" are stopwords)
    assert got.values.tolist() == [["talks", 3, 3 / 7], ["peace", 2, 2 / 7], ["war", 2, 2 / 7]]
    every = term_frequencies(tokens(_article(text)), drop_stopwords=False)
    assert dict(zip(every["term"], every["count"], strict=True)) == {
        "talks": 3,
        "peace": 2,
        "war": 2,
        "and": 1,
        "the": 1,
    }
    assert list(every["term"]) == ["talks", "peace", "war", "and", "the"]
    assert every["share"].sum() == pytest.approx(1.0)


def test_kwic_spans_widths_and_sentence_ids_by_hand():
    text = "Russia warned Ukraine. Kyiv replied."
    art = _article(text)
    got = kwic(art, "ukraine", width=5)
    assert got.values.tolist() == [[0, 14, 21, "rned ", "Ukraine", ". Kyi"]]
    assert kwic(art, [(0, 6)]).iloc[0]["right"] == text[6:46]  # default width 40 (the rest of the text)
    edge = kwic(art, [(0, 0), (len(text), len(text)), (23, 27)], width=0)
    assert edge.values.tolist() == [
        [0, 0, 0, "", "", ""],
        [1, 23, 27, "", "Kyiv", ""],
        [1, 36, 36, "", "", ""],
    ]
    for bad in [(-1, 2), (5, 4), (0, len(text) + 1)]:
        with pytest.raises(TokensError, match=r"^kwic: span .* outside the text \(length 36\)"):
            kwic(art, [bad])
    with pytest.raises(TokensError, match=r"^kwic: width must be >= 0, got -1"):
        kwic(art, "kyiv", width=-1)
    with pytest.raises(TokensError, match=r"^kwic: empty search term"):
        kwic(art, "   ")
    no_sents = pd.DataFrame({"sid": pd.Series([], dtype="int64"), "start": pd.Series([], dtype="int64")})
    assert kwic(art, "kyiv", sents=no_sents)["sid"].tolist() == [-1]
    late = pd.DataFrame({"sid": [7], "start": [20]})
    assert kwic(art, [(0, 6), (23, 27)], sents=late)["sid"].tolist() == [-1, 7]
    none = kwic(art, "moscow")
    assert none.empty and list(none.columns) == ["sid", "start", "end", "left", "keyword", "right"]
