"""Tokenization: :func:`tokens` of an article, sentence by sentence (one compiled regular expression)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.memo import BoundedMemo
from analysis.tables import array, frame
from analysis.tokens.splitting import sentences
from analysis.tokens.wordlists import STOPWORDS

if TYPE_CHECKING:
    from analysis.articles import Article

_TOKEN_COLUMNS = ["tid", "sid", "start", "end", "token", "norm", "is_stop", "is_alpha"]


_TOKEN_RX = r"""
      (?i:https?://)[^\s<>"“”]*[^\s<>"“”.,;:!?)\]'’]         # URL
    | (?:[A-Za-z]\.){2,}                                     # U.S., U.K., J.R.R., a.m.
    | [$€£]?\d+(?:[.,:]\d+)*+%?(?![\w'’-])                   # $1.5, 14,000, 3.5%, 10:30
    | [^\W_]++(?:(?:['’](?![sS](?![^\W_]))|[-‑])[^\W_]++)*+  # words, Kremlin-friendly, hasn’t
    | ['’][sS](?![^\W_])                                      # clitic ’s
    | \.{2,}                                                  # ...
    | \S                                                      # any other character
"""
_TOKEN = re.compile(_TOKEN_RX, re.VERBOSE)
# The text is split at single spaces into pieces (which may hold other whitespace, or be
# empty). No token spans whitespace and no token rule looks behind or past whitespace, so a
# piece's tokens do not depend on its context and are memoised by piece.
#: Entries of the piece -> tokens memo before it is emptied (bounds a long-lived process).
_PIECE_MEMO_SIZE = 1 << 16

# Each token is a record of _FIELDS values (token, norm, is_stop, is_alpha, start, length),
# ``start`` relative to the piece. A piece's records are stored flat, one after another, so
# that the records of a text are one list whose columns are slices ``[k::_FIELDS]``.
_FIELDS = 6
_FlatRecords = tuple
# token, norm, is_stop, is_alpha: one sequence per column
_TokenColumns = list[Sequence]


def _piece_records(piece: str) -> _FlatRecords:
    """Flat token records of one piece of text."""
    records: list = []
    for m in _TOKEN.finditer(piece):
        token = m.group()
        norm = token.lower().replace("’", "'")
        alpha = any(map(str.isalpha, token))
        records += (token, norm, norm in STOPWORDS, alpha, m.start(), len(token))
    return tuple(records)


#: piece -> its flat token records
_PIECE_TOKENS = BoundedMemo(_piece_records, _PIECE_MEMO_SIZE)


def _scan(text: str, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, _TokenColumns]:
    """(starts, ends, [token, norm, is_stop, is_alpha] columns) of the tokens of text[lo:hi]."""
    pieces = text[lo:hi].split(" ")
    records = list(map(_PIECE_TOKENS.__getitem__, pieces))
    flat = list(chain.from_iterable(records))
    # piece k starts after the pieces before it and one space each
    steps = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)) + 1
    piece_starts = np.cumsum(steps) - steps + lo
    counts = np.fromiter(map(len, records), dtype=np.int64, count=len(records)) // _FIELDS
    starts = np.repeat(piece_starts, counts) + np.array(flat[4::_FIELDS], dtype=np.int64)
    ends = starts + np.array(flat[5::_FIELDS], dtype=np.int64)
    return starts, ends, [flat[k::_FIELDS] for k in range(4)]


def _inside(
    starts: np.ndarray, ends: np.ndarray, s_start: np.ndarray, s_end: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """(positions of the tokens inside a sentence, position of the sentence of each).

    A token belongs to the last sentence starting at or before it, and is inside when it
    ends by that sentence's end. None when a token runs over that end or sentences overlap.
    """
    n = len(starts)
    if n and len(s_start) and not np.any(s_start > s_end) and not np.any(s_start[1:] < s_end[:-1]):
        # sentences in text order: the tokens inside sentence k are a run, from the first one
        # starting at or after its start to the last one ending by its end
        first = np.searchsorted(starts, s_start, side="left")
        stop = np.searchsorted(ends, s_end, side="right")
        after = starts[np.minimum(stop, n - 1)]  # start of the first token ending after the sentence
        if np.any((stop < n) & (after >= s_start) & (after < s_end)):
            return None
        counts = np.maximum(stop - first, 0)
        sent = np.repeat(np.arange(len(s_start)), counts)
        if len(sent) == n:
            return np.arange(n), sent
        return np.concatenate(
            [np.arange(a, b) for a, b in zip(first.tolist(), stop.tolist(), strict=True) if a < b]
        ), sent
    idx = np.searchsorted(s_start, starts, side="right") - 1
    inside = idx >= 0
    safe = np.clip(idx, 0, None)
    if len(s_start):
        inside &= ends <= s_end[safe]
        crossing = (idx >= 0) & (starts < s_end[safe]) & (ends > s_end[safe])
    else:
        inside[:] = False
        crossing = inside
    if crossing.any() or (len(s_start) > 1 and np.any(s_start[1:] < s_end[:-1])):
        return None
    keep = np.flatnonzero(inside)
    return keep, safe[keep]


def tokens(article: Article, sents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tokens of an article, sentence by sentence (text outside ``sents`` is not tokenized).

    Args:
        article: the article.
        sents: its :func:`sentences` table (computed when None).

    Returns:
        DataFrame[tid, sid, start, end, token, norm, is_stop, is_alpha].
    """
    if sents is None:
        sents = sentences(article)
    text = article.text
    s_start = array(sents, "start").astype(np.int64, copy=False)
    s_end = array(sents, "end").astype(np.int64, copy=False)
    s_sid = array(sents, "sid").astype(np.int64, copy=False)
    starts, ends, columns = _scan(text, 0, len(text))
    found = _inside(starts, ends, s_start, s_end)
    if found is None:
        # a token runs over a sentence end (or sentences overlap): tokenize sentence by sentence
        parts = [_scan(text, int(a), int(b)) for a, b in zip(s_start, s_end, strict=True)]
        starts = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        ends = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        columns = [[v for p in parts for v in p[2][c]] for c in range(4)]
        sids = np.repeat(s_sid, [len(p[0]) for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    else:
        keep, sent = found
        if len(keep) < len(starts):
            keep_list = keep.tolist()
            columns = [[col[i] for i in keep_list] for col in columns]
            starts, ends = starts[keep], ends[keep]
        sids = s_sid[sent] if len(keep) else np.zeros(0, dtype=np.int64)
    n = len(starts)
    return frame(_TOKEN_COLUMNS, [np.arange(n), sids, starts, ends, *columns], "iiiissbb")
