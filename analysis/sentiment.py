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

import math
import string
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd
from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

from analysis.memo import BoundedMemo
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
_NEGATE = frozenset(VaderConstants.NEGATE)
_BOOSTERS = VaderConstants.BOOSTER_DICT
_IDIOMS = VaderConstants.SPECIAL_CASE_IDIOMS
_C_INCR = VaderConstants.C_INCR
_N_SCALAR = VaderConstants.N_SCALAR
_B_DECR = VaderConstants.B_DECR
_SO_THIS = ("so", "this")
# Lower-case words that can change a lexicon word's valence from up to three words before it
# or two after: negations, boosters, "never so", "least", and the longest word of each idiom
# and "kind of"-style phrase (a phrase matches only where all its words are). Without them
# (and without "n't") NLTK's checks leave the valence as it is.
_MODIFIERS = (
    _NEGATE
    | _BOOSTERS.keys()
    | {"never", "so", "this", "least"}
    | {max(phrase.split(), key=len) for phrase in (*_IDIOMS, *_BOOSTERS)}
)
#: Entries of the chunk -> token memo before it is emptied (bounds a long-lived process).
_WORD_MEMO_SIZE = 1 << 16


def vader_token(chunk: str) -> str:
    """The token NLTK's ``SentiText`` makes of one whitespace-delimited chunk ("" if it drops it).

    NLTK drops chunks shorter than 2 characters and strips a leading or trailing punctuation
    affix (one of ``PUNC_LIST``) when the rest is a word of the text's punctuation-free
    version longer than one character, found through a dict of every (affix, word) pair of the
    sentence. Removing punctuation maps each chunk to the chunk minus its punctuation, so the
    rest is such a word exactly when it holds no punctuation and has two or more characters:
    the token depends on the chunk alone (tested against NLTK's own class).
    """
    if len(chunk) < 2:
        return ""
    if chunk[0] in _PUNCT_CHARS:
        rest = chunk.lstrip(_PUNCT)
        affix = chunk[: len(chunk) - len(rest)]
    elif chunk[-1] in _PUNCT_CHARS:
        rest = chunk.rstrip(_PUNCT)
        affix = chunk[len(rest) :]
    else:
        return chunk
    if len(rest) > 1 and affix in _PUNC_AFFIXES and _PUNCT_CHARS.isdisjoint(rest):
        return rest
    return chunk


def _token_entry(chunk: str) -> tuple[str, str, bool] | None:
    """(token, lower-case token, token is all caps) of a chunk, or None for a dropped chunk."""
    token = vader_token(chunk)
    return (token, token.lower(), token.isupper()) if token else None


def _negated(lower: str) -> bool:
    """NLTK's ``VaderConstants.negated`` of a one-word list (lower-cased word)."""
    return lower in _NEGATE or "n't" in lower


def _punctuation_emphasis(text: str) -> float:
    """NLTK's ``_amplify_ep`` + ``_amplify_qm``."""
    ep_amplifier = min(text.count("!"), 4) * 0.292
    qm_count = text.count("?")
    qm_amplifier = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    return ep_amplifier + qm_amplifier


def _idioms(valence: float, words: Sequence[str], i: int) -> float:
    """NLTK's ``_idioms_check`` (idioms and "kind of"-style bigrams before word ``i``)."""
    onezero = f"{words[i - 1]} {words[i]}"
    twoonezero = f"{words[i - 2]} {words[i - 1]} {words[i]}"
    twoone = f"{words[i - 2]} {words[i - 1]}"
    threetwoone = f"{words[i - 3]} {words[i - 2]} {words[i - 1]}"
    threetwo = f"{words[i - 3]} {words[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in _IDIOMS:
            valence = _IDIOMS[seq]
            break
    last = len(words) - 1
    if last > i:
        zeroone = f"{words[i]} {words[i + 1]}"
        if zeroone in _IDIOMS:
            valence = _IDIOMS[zeroone]
    if last > i + 1:
        zeroonetwo = f"{words[i]} {words[i + 1]} {words[i + 2]}"
        if zeroonetwo in _IDIOMS:
            valence = _IDIOMS[zeroonetwo]
    if threetwo in _BOOSTERS or twoone in _BOOSTERS:
        valence = valence + _B_DECR
    return valence


class PackagedVader(SentimentIntensityAnalyzer):
    """NLTK's VADER built from lexicon text in memory, with a faster ``polarity_scores``.

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
        self._tokens = BoundedMemo(_token_entry, _WORD_MEMO_SIZE)  # chunk -> _token_entry

    def polarity_scores(self, text: str) -> dict[str, float]:
        """NLTK's ``polarity_scores``, with work per lexicon word instead of per token.

        Same scores as NLTK's method (tested on the corpus and on generated texts full of
        negations, boosters, idioms, capitals and punctuation). Tokens outside the lexicon
        score 0 in NLTK and only matter as neighbours of lexicon words, through the count of
        tokens, the all-caps differential and the first "but"; so only lexicon words are
        scored. NLTK scores a token at the position of its first occurrence (``list.index``),
        so repeats of a word reuse the first one's valence.
        """
        tokens = list(filter(None, map(self._tokens.__getitem__, text.split())))
        if not tokens:
            return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        words, lowers, caps = zip(*tokens, strict=True)
        lexicon = self.lexicon
        hits = [p for p, lower in enumerate(lowers) if lower in lexicon]
        if not hits:
            return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
        n = len(words)
        is_cap_diff = 0 < n - sum(caps) < n
        has_nt = "n't" in text.lower()
        but = lowers.index("but") if "but" in lowers else -1
        first: dict[str, float] = {}  # word -> valence at its first occurrence
        sentiments = []  # NLTK's sentiments at the positions of `hits`, after the "but" check
        for p in hits:
            valence = first.get(words[p])
            if valence is None:
                valence = first[words[p]] = self._valence(words, lowers, p, is_cap_diff, has_nt)
            if but >= 0:
                if p < but:
                    valence = valence * 0.5
                elif p > but:
                    valence = valence * 1.5
            sentiments.append(valence)
        return _score(sentiments, n, text)

    def _valence(
        self, words: Sequence[str], lowers: Sequence[str], i: int, is_cap_diff: bool, has_nt: bool
    ) -> float:
        """Valence of lexicon word ``i``: NLTK's booster/"kind of" skip and ``sentiment_valence``.

        ``has_nt``: some word of the sentence may contain "n't" (a negation).
        """
        lower = lowers[i]
        if lower in _BOOSTERS or (lower == "kind" and i < len(words) - 1 and lowers[i + 1] == "of"):
            return 0
        lexicon = self.lexicon
        valence = lexicon[lower]
        if is_cap_diff and words[i].isupper():
            valence = valence + _C_INCR if valence > 0 else valence - _C_INCR
        if not has_nt and _MODIFIERS.isdisjoint(lowers[max(i - 3, 0) : i + 3]):
            return valence  # the usual case: nothing around the word modifies it
        for start_i in range(min(i, 3)):
            j = i - (start_i + 1)
            if lowers[j] in lexicon:
                continue
            # scalar_inc_dec: a preceding booster/dampener, damped with its distance
            s = 0.0
            if lowers[j] in _BOOSTERS:
                s = _BOOSTERS[lowers[j]]
                if valence < 0:
                    s *= -1
                if words[j].isupper() and is_cap_diff:
                    s = s + _C_INCR if valence > 0 else s - _C_INCR
                if start_i == 1:
                    s = s * 0.95
                elif start_i == 2:
                    s = s * 0.9
            valence = valence + s
            # _never_check
            if start_i == 0:
                if _negated(lowers[j]):
                    valence = valence * _N_SCALAR
            elif start_i == 1:
                if words[i - 2] == "never" and words[i - 1] in _SO_THIS:
                    valence = valence * 1.5
                elif _negated(lowers[j]):
                    valence = valence * _N_SCALAR
            else:
                if (words[i - 3] == "never" and words[i - 2] in _SO_THIS) or words[i - 1] in _SO_THIS:
                    valence = valence * 1.25
                elif _negated(lowers[j]):
                    valence = valence * _N_SCALAR
                valence = _idioms(valence, words, i)
        # _least_check
        if i > 1 and lowers[i - 1] not in lexicon and lowers[i - 1] == "least":
            if lowers[i - 2] != "at" and lowers[i - 2] != "very":
                valence = valence * _N_SCALAR
        elif i > 0 and lowers[i - 1] not in lexicon and lowers[i - 1] == "least":
            valence = valence * _N_SCALAR
        return valence


def _score(sentiments: list[float], n: int, text: str) -> dict[str, float]:
    """NLTK's ``score_valence`` of ``n`` tokens whose non-lexicon sentiments (all 0) are left out.

    Leaving zeros out changes no sum: a running sum that starts at 0 is never -0.0, so
    adding 0 leaves it as it is.
    """
    sum_s = float(sum(sentiments))
    punct_emph_amplifier = _punctuation_emphasis(text)
    if sum_s > 0:
        sum_s += punct_emph_amplifier
    elif sum_s < 0:
        sum_s -= punct_emph_amplifier
    compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
    pos_sum = 0.0
    neg_sum = 0.0
    neu_count = n
    for score in sentiments:
        if score > 0:
            pos_sum += float(score) + 1
            neu_count -= 1
        elif score < 0:
            neg_sum += float(score) - 1
            neu_count -= 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += punct_emph_amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= punct_emph_amplifier
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return {
        "neg": round(math.fabs(neg_sum / total), 3),
        "neu": round(math.fabs(neu_count / total), 3),
        "pos": round(math.fabs(pos_sum / total), 3),
        "compound": round(compound, 4),
    }


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
    words = np.asarray(array(toks, "norm"), dtype=object)[np.asarray(array(toks, "is_alpha"), dtype=bool)]
    n_words = len(words)
    valences = np.fromiter(map(lex.get, words, repeat(0.0)), dtype=float, count=n_words)
    n_pos = int(np.count_nonzero(valences > 0))
    n_neg = int(np.count_nonzero(valences < 0))
    if n_words:
        pct_pos, pct_neg = 100.0 * n_pos / n_words, 100.0 * n_neg / n_words
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
