"""Counts over a tokens table: term frequencies, n-grams, collocations (PMI, log-likelihood) and keyness."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd

from analysis.tokens.errors import TokensError


def _words(toks: pd.DataFrame) -> pd.DataFrame:
    """Word tokens (with a letter) of a tokens table."""
    return toks.loc[toks["is_alpha"].to_numpy(dtype=bool), ["sid", "norm", "is_stop"]]


def term_frequencies(toks: pd.DataFrame, *, drop_stopwords: bool = True) -> pd.DataFrame:
    """Counts of word terms (normalized tokens with a letter).

    Returns:
        DataFrame[term, count, share] sorted by count desc, then term; ``share`` = count / counted terms.
    """
    words = _words(toks)
    if drop_stopwords:
        words = words[~words["is_stop"].to_numpy(dtype=bool)]
    counts = Counter(words["norm"].tolist())
    total = sum(counts.values())
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame(
        {
            "term": [t for t, _ in rows],
            "count": np.asarray([c for _, c in rows], dtype=np.int64),
            "share": np.asarray([c / total for _, c in rows], dtype=float) if total else np.zeros(0),
        },
        columns=["term", "count", "share"],
    )


def _sentence_words(toks: pd.DataFrame) -> list[tuple[list[str], list[bool]]]:
    """Per sentence: (normalized words, stopword flags), punctuation skipped."""
    words = _words(toks)
    out: list[tuple[list[str], list[bool]]] = []
    last = None
    for sid, norm, stop in zip(
        words["sid"].tolist(), words["norm"].tolist(), words["is_stop"].tolist(), strict=True
    ):
        if sid != last:
            out.append(([], []))
            last = sid
        out[-1][0].append(norm)
        out[-1][1].append(bool(stop))
    return out


def _ngram_counts(toks: pd.DataFrame, n: int, drop_stopwords: bool) -> Counter[tuple[str, ...]]:
    counts: Counter[tuple[str, ...]] = Counter()
    for words, stops in _sentence_words(toks):
        for i in range(len(words) - n + 1):
            if drop_stopwords and (stops[i] or stops[i + n - 1]):
                continue
            counts[tuple(words[i : i + n])] += 1
    return counts


def ngrams(toks: pd.DataFrame, n: int = 2, *, drop_stopwords: bool = True) -> pd.DataFrame:
    """Counts of word n-grams inside sentences (punctuation skipped; never across sentences).

    Args:
        toks: a :func:`tokens` table.
        n: n-gram length (>= 1).
        drop_stopwords: drop n-grams that begin or end with a stopword ("secretary of state"
            stays, "of state" goes).

    Returns:
        DataFrame[ngram, count] (words joined by a space), sorted by count desc, then ngram.
    """
    if n < 1:
        raise TokensError(f"n must be >= 1, got {n}")
    counts = _ngram_counts(toks, n, drop_stopwords)
    rows = sorted(((" ".join(g), c) for g, c in counts.items()), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame(
        {"ngram": [g for g, _ in rows], "count": np.asarray([c for _, c in rows], dtype=np.int64)},
        columns=["ngram", "count"],
    )


def _xlogx_ratio(k: float, expected: float) -> float:
    return k * math.log(k / expected) if k > 0 else 0.0


def _g2(k11: int, k12: int, k21: int, k22: int) -> float:
    """Dunning's log-likelihood G2 of a 2x2 contingency table."""
    n = k11 + k12 + k21 + k22
    r1, r2, c1, c2 = k11 + k12, k21 + k22, k11 + k21, k12 + k22
    if n == 0:
        return 0.0
    return 2.0 * (
        _xlogx_ratio(k11, r1 * c1 / n)
        + _xlogx_ratio(k12, r1 * c2 / n)
        + _xlogx_ratio(k21, r2 * c1 / n)
        + _xlogx_ratio(k22, r2 * c2 / n)
    )


def collocations(toks: pd.DataFrame, *, top_n: int = 20, min_count: int = 2) -> pd.DataFrame:
    """Bigram collocations scored by PMI and Dunning's log-likelihood.

    Bigrams are adjacent words inside a sentence (punctuation skipped) that neither begin nor
    end with a stopword; unigram and bigram totals count every word.

    Returns:
        DataFrame[ngram, count, pmi, llr] (``pmi`` in bits), the ``top_n`` bigrams with
        count >= ``min_count`` by llr desc, then ngram.
    """
    sent_words = _sentence_words(toks)
    uni: Counter[str] = Counter()
    for words, _ in sent_words:
        uni.update(words)
    n_words = sum(uni.values())
    n_bigrams = sum(max(len(w) - 1, 0) for w, _ in sent_words)
    big = _ngram_counts(toks, 2, True)
    rows = []
    for (w1, w2), c12 in big.items():
        if c12 < min_count:
            continue
        c1, c2 = uni[w1], uni[w2]
        pmi = math.log2(c12 * n_words / (c1 * c2)) if n_words else 0.0
        llr = _g2(c12, c1 - c12, c2 - c12, max(n_bigrams - c1 - c2 + c12, 0))
        rows.append((f"{w1} {w2}", c12, pmi, llr))
    rows.sort(key=lambda r: (-r[3], r[0]))
    rows = rows[:top_n]
    return pd.DataFrame(
        {
            "ngram": [r[0] for r in rows],
            "count": np.asarray([r[1] for r in rows], dtype=np.int64),
            "pmi": np.asarray([r[2] for r in rows], dtype=float),
            "llr": np.asarray([r[3] for r in rows], dtype=float),
        },
        columns=["ngram", "count", "pmi", "llr"],
    )


def keyness(target_toks: pd.DataFrame, reference_toks: pd.DataFrame) -> pd.DataFrame:
    """Keywords of a target text against a reference (all word terms, stopwords included).

    ``log_likelihood`` is Dunning's G2, signed: negative when the term is relatively rarer in
    the target than in the reference. ``log_ratio`` is log2 of the ratio of relative
    frequencies (target / reference), a zero count counted as 0.5.

    Returns:
        DataFrame[term, target_count, reference_count, log_likelihood, log_ratio] sorted by
        log_likelihood desc, then term.
    """
    tc = Counter(_words(target_toks)["norm"].tolist())
    rc = Counter(_words(reference_toks)["norm"].tolist())
    nt, nr = sum(tc.values()), sum(rc.values())
    rows = []
    for term in sorted(set(tc) | set(rc)):
        a, b = tc.get(term, 0), rc.get(term, 0)
        g2 = _g2(a, b, nt - a, nr - b)
        ft = (a or 0.5) / nt if nt else 0.0
        fr = (b or 0.5) / nr if nr else 0.0
        lr = math.log2(ft / fr) if ft and fr else 0.0
        sign = -1.0 if nt and nr and a / nt < b / nr else 1.0
        rows.append((term, a, b, sign * g2, lr))
    rows.sort(key=lambda r: (-r[3], r[0]))
    return pd.DataFrame(
        {
            "term": [r[0] for r in rows],
            "target_count": np.asarray([r[1] for r in rows], dtype=np.int64),
            "reference_count": np.asarray([r[2] for r in rows], dtype=np.int64),
            "log_likelihood": np.asarray([r[3] for r in rows], dtype=float),
            "log_ratio": np.asarray([r[4] for r in rows], dtype=float),
        },
        columns=["term", "target_count", "reference_count", "log_likelihood", "log_ratio"],
    )
