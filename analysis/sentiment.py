"""Sentiment: NLTK's VADER per sentence, aggregated into article tone and a tone arc.

The analyzer is NLTK's :class:`~nltk.sentiment.vader.SentimentIntensityAnalyzer`, with
the lexicon file shipped inside the ``vaderSentiment`` package (read through
:mod:`importlib.resources`, so nothing is downloaded and ``nltk.data.path`` is untouched).
Documented amendments in ``analysis/data/lexicon_changes.tsv`` (see ``docs/lexicon.md``)
are applied on load.

VADER's compound saturates on long texts, so an article's tone is always an aggregate of
its sentences, never one call on the whole text. Scores of identical sentence strings
are memoised (real corpora repeat sentences and whole articles).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText, VaderConstants

from analysis.tables import array, column, frame

#: Compound at or above which a text is "positive" (at or below minus it: "negative").
THRESHOLD = 0.05
#: Size of the memo of scores keyed by sentence text.
CACHE_SIZE = 1 << 16

SENTIMENT_COLUMNS = ["sid", "start", "end", "neg", "neu", "pos", "compound", "label"]
ARC_COLUMNS = ["sid", "start", "end", "compound", "arc"]
TONE_KEYS = (
    "mean_compound",
    "share_positive",
    "share_negative",
    "share_neutral",
    "gdelt_tone",
    "gdelt_polarity",
    "n_sentences",
)

_LEXICON_PACKAGE = "vaderSentiment"
_LEXICON_FILE = "vader_lexicon.txt"
_CHANGES_FILE = "lexicon_changes.tsv"


class SentimentError(ValueError):
    """A sentiment input was malformed (missing columns, bad window, bad lexicon change)."""


_PUNCT = string.punctuation
_PUNCT_CHARS = frozenset(_PUNCT)
_PUNC_AFFIXES = frozenset(VaderConstants.PUNC_LIST)


class _SentiText(SentiText):
    """NLTK's ``SentiText`` with the same tokens, found without building a table of every (affix, word) pair.

    NLTK strips a leading or trailing punctuation affix (one of ``PUNC_LIST``) from a token
    when the rest is a punctuation-free word of the text, by building a dict of all 17
    (affix, word) pairs of the sentence: about 60% of VADER's time. Words of the text hold no
    punctuation, so the affix must be the token's whole leading (or trailing) punctuation
    run: checking that per token gives the same list (tested against NLTK's own class).
    """

    def _words_and_emoticons(self) -> list[str]:
        words_only = {w for w in self.REGEX_REMOVE_PUNCTUATION.sub("", self.text).split() if len(w) > 1}
        out = []
        for we in self.text.split():
            if len(we) < 2:
                continue
            if we[0] in _PUNCT_CHARS:
                rest = we.lstrip(_PUNCT)
                if rest in words_only and we[: len(we) - len(rest)] in _PUNC_AFFIXES:
                    we = rest
            elif we[-1] in _PUNCT_CHARS:
                rest = we.rstrip(_PUNCT)
                if rest in words_only and we[len(rest) :] in _PUNC_AFFIXES:
                    we = rest
            out.append(we)
        return out


class PackagedVader(SentimentIntensityAnalyzer):
    """NLTK's VADER built from lexicon text in memory instead of ``nltk.data.load``.

    NLTK's own ``__init__`` loads the lexicon through ``nltk.data`` (which needs a
    download, and refuses ``file:`` URLs outside its search path); this one takes the
    text and otherwise does exactly what NLTK's does.

    Args:
        lexicon_text: the lexicon file's content (``word<TAB>valence<TAB>...`` lines).
        changes: word -> new valence, applied after loading; valence 0 removes the word.
    """

    def __init__(self, lexicon_text: str, changes: Mapping[str, float] | None = None):
        self.lexicon_file = lexicon_text.strip("\n")
        self.lexicon = self.make_lex_dict()
        for word, valence in sorted((changes or {}).items()):
            if valence == 0:
                self.lexicon.pop(word, None)
            else:
                self.lexicon[word] = valence
        self.constants = VaderConstants()

    def polarity_scores(self, text: str) -> dict[str, float]:
        """NLTK's ``polarity_scores`` (same body), with the faster tokenisation of :class:`_SentiText`."""
        sentitext = _SentiText(text, self.constants.PUNC_LIST, self.constants.REGEX_REMOVE_PUNCTUATION)
        sentiments: list[float] = []
        words_and_emoticons = sentitext.words_and_emoticons
        # NLTK looks each token up with list.index(): the position of its first occurrence
        first_index = {token: idx for idx, token in reversed(list(enumerate(words_and_emoticons)))}
        lowers = [w.lower() for w in words_and_emoticons]
        lexicon, boosters, last = self.lexicon, self.constants.BOOSTER_DICT, len(words_and_emoticons) - 1
        for item, lower in zip(words_and_emoticons, lowers, strict=True):
            if lower not in lexicon or lower in boosters:  # NLTK appends 0 for both
                sentiments.append(0)
                continue
            i = first_index[item]
            if lower == "kind" and i < last and lowers[i + 1] == "of":  # "kind of": a hedge, not kindness
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        sentiments = self._but_check(words_and_emoticons, sentiments)
        return self.score_valence(sentiments, text)


def lexicon_text() -> str:
    """Content of the VADER lexicon file shipped in the ``vaderSentiment`` package."""
    return resources.files(_LEXICON_PACKAGE).joinpath(_LEXICON_FILE).read_text(encoding="utf-8")


def parse_lexicon_changes(text: str) -> dict[str, float]:
    """Parse a lexicon-amendment TSV (header ``word, valence, reason``; ``#`` lines are comments).

    Args:
        text: the file content.

    Returns:
        word (lower case) -> new valence (0 means: remove the word from the lexicon).

    Raises:
        SentimentError: a line without three fields, a non-numeric valence, a duplicate word.
    """
    changes: dict[str, float] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if fields[0] == "word":
            continue
        if len(fields) < 3 or not fields[2].strip():
            raise SentimentError(f"lexicon changes line {n}: need word<TAB>valence<TAB>reason")
        word = fields[0].strip().lower()
        try:
            valence = float(fields[1])
        except ValueError as exc:
            raise SentimentError(f"lexicon changes line {n}: valence {fields[1]!r} is not a number") from exc
        if not -4.0 <= valence <= 4.0:
            raise SentimentError(f"lexicon changes line {n}: valence {valence} outside -4..4")
        if word in changes:
            raise SentimentError(f"lexicon changes line {n}: {word!r} listed twice")
        changes[word] = valence
    return changes


def lexicon_changes() -> dict[str, float]:
    """The project's documented lexicon amendments (empty if the file does not exist)."""
    path = resources.files("analysis").joinpath("data", _CHANGES_FILE)
    if not path.is_file():
        return {}
    return parse_lexicon_changes(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def analyzer(amended: bool = True) -> SentimentIntensityAnalyzer:
    """The project's VADER analyzer (one cached instance).

    Args:
        amended: apply ``analysis/data/lexicon_changes.tsv`` (the default); ``False`` gives
            plain VADER, for before/after measurements.
    """
    return PackagedVader(lexicon_text(), lexicon_changes() if amended else None)


@lru_cache(maxsize=CACHE_SIZE)
def _scores(text: str) -> tuple[float, float, float, float]:
    """(neg, neu, pos, compound) of one text with the default analyzer, memoised by text."""
    s = analyzer().polarity_scores(text)
    return s["neg"], s["neu"], s["pos"], s["compound"]


def label(compound: float) -> str:
    """``positive`` / ``negative`` / ``neutral`` at compound >= 0.05 / <= -0.05 / between."""
    if compound >= THRESHOLD:
        return "positive"
    if compound <= -THRESHOLD:
        return "negative"
    return "neutral"


def score_text(text: str) -> float:
    """VADER compound (-1..1) of one short text (a sentence, a quote), memoised."""
    return _scores(text)[3]


def _require(df: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SentimentError(f"{what} table lacks columns {missing}")


def sentence_sentiment(sents: pd.DataFrame) -> pd.DataFrame:
    """Score every sentence with VADER.

    Args:
        sents: the sentences table ``[sid, paragraph, start, end, text]``.

    Returns:
        ``[sid, start, end, neg, neu, pos, compound, label]``, one row per sentence, in the
        input's row order.
    """
    _require(sents, ["sid", "start", "end", "text"], "sentences")
    scores = [_scores(text) for text in column(sents, "text")]
    table = np.array(scores, dtype=float).reshape(len(scores), 4)
    labels = [label(sc[3]) for sc in scores]
    data = [array(sents, "sid"), array(sents, "start"), array(sents, "end"), *table.T, labels]
    return frame(SENTIMENT_COLUMNS, data, "iiiffffs")


def article_tone(sent_sent: pd.DataFrame, toks: pd.DataFrame) -> dict[str, Any]:
    """Aggregate tone of an article.

    Args:
        sent_sent: output of :func:`sentence_sentiment`.
        toks: the tokens table ``[tid, sid, start, end, token, norm, is_stop, is_alpha]``.

    Returns:
        A dict with
        ``mean_compound`` (mean sentence compound),
        ``share_positive`` / ``share_negative`` / ``share_neutral`` (fractions of sentences by label),
        ``gdelt_tone`` (GDELT-style: % of alphabetic tokens positive in the VADER lexicon minus % negative),
        ``gdelt_polarity`` (% positive + % negative),
        ``n_sentences``.
        With no sentences, the mean and the shares are NaN (undefined) and ``n_sentences`` is 0;
        with no alphabetic tokens, ``gdelt_tone`` and ``gdelt_polarity`` are NaN.
    """
    _require(sent_sent, ["compound", "label"], "sentence sentiment")
    _require(toks, ["norm", "is_alpha"], "tokens")
    nan = float("nan")
    labels = column(sent_sent, "label")
    n = len(labels)
    if n:
        mean = float(np.mean(array(sent_sent, "compound")))
        shares = {k: labels.count(k) / n for k in ("positive", "negative", "neutral")}
    else:
        mean = nan
        shares = dict.fromkeys(("positive", "negative", "neutral"), nan)
    lex = analyzer().lexicon
    is_alpha = array(toks, "is_alpha")
    words = [w for w, keep in zip(column(toks, "norm"), is_alpha.tolist(), strict=True) if keep]
    valences = [lex.get(w, 0.0) for w in words]
    n_pos = sum(1 for v in valences if v > 0)
    n_neg = sum(1 for v in valences if v < 0)
    if words:
        pct_pos, pct_neg = 100.0 * n_pos / len(words), 100.0 * n_neg / len(words)
        gdelt_tone, gdelt_polarity = pct_pos - pct_neg, pct_pos + pct_neg
    else:
        gdelt_tone = gdelt_polarity = nan
    return {
        "mean_compound": mean,
        "share_positive": shares["positive"],
        "share_negative": shares["negative"],
        "share_neutral": shares["neutral"],
        "gdelt_tone": gdelt_tone,
        "gdelt_polarity": gdelt_polarity,
        "n_sentences": n,
    }


def _centred_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Centred rolling mean with ``min_periods=1`` (the window of pandas' ``rolling(center=True)``)."""
    n = len(values)
    csum = np.concatenate(([0.0], np.cumsum(values)))
    idx = np.arange(n)
    lo = np.maximum(idx - window // 2, 0)
    hi = np.minimum(idx + (window - 1) // 2 + 1, n)
    return (csum[hi] - csum[lo]) / (hi - lo)


def tone_arc(sent_sent: pd.DataFrame, window: int = 5) -> pd.DataFrame:
    """Smoothed tone over the course of an article.

    Args:
        sent_sent: output of :func:`sentence_sentiment`.
        window: number of sentences in the centred rolling mean (``min_periods=1``, so the
            ends average over the sentences available; for an even window the extra
            sentence is the earlier one, as in pandas).

    Returns:
        ``[sid, start, end, compound, arc]`` in sentence order.

    Raises:
        SentimentError: ``window`` is not a positive integer, or columns are missing.
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise SentimentError(f"window must be a positive integer, got {window!r}")
    _require(sent_sent, ["sid", "start", "end", "compound"], "sentence sentiment")
    sid = array(sent_sent, "sid")
    order = np.argsort(sid, kind="stable")
    compound = array(sent_sent, "compound").astype(float, copy=False)[order]
    data = [sid[order], array(sent_sent, "start")[order], array(sent_sent, "end")[order], compound]
    return frame(ARC_COLUMNS, [*data, _centred_mean(compound, window)], "iiiff")


def cache_info() -> Any:
    """Hit/miss statistics of the sentence-score memo (``functools`` ``CacheInfo``)."""
    return _scores.cache_info()


def clear_cache() -> None:
    """Empty the sentence-score memo."""
    _scores.cache_clear()


__all__ = [
    "ARC_COLUMNS",
    "CACHE_SIZE",
    "SENTIMENT_COLUMNS",
    "THRESHOLD",
    "TONE_KEYS",
    "PackagedVader",
    "SentimentError",
    "analyzer",
    "article_tone",
    "cache_info",
    "clear_cache",
    "label",
    "lexicon_changes",
    "lexicon_text",
    "parse_lexicon_changes",
    "score_text",
    "sentence_sentiment",
    "tone_arc",
]
