"""Keyword in context (:func:`kwic`): occurrences of a term or given spans with their surroundings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.tokens.errors import TokensError
from analysis.tokens.splitting import sentences

if TYPE_CHECKING:
    from analysis.articles import Article

_WS = re.compile(r"\s")


def _term_pattern(term: str) -> re.Pattern[str]:
    words = term.split()
    if not words:
        raise TokensError("kwic: empty search term")
    parts = ["['’]".join(map(re.escape, re.split("['’]", w))) for w in words]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def kwic(
    article: Article,
    term_or_spans: str | Iterable[Sequence[int]],
    *,
    width: int = 40,
    sents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of a term (or given spans) with its surroundings.

    Args:
        article: the article.
        term_or_spans: a term (case-insensitive whole-word match; several words match across
            any whitespace; straight and curly apostrophes match each other) or an iterable
            of ``(start, end)`` offsets into ``article.text`` (e.g. an actor's mentions).
        width: characters of context on each side (whitespace shown as single spaces).
        sents: the :func:`sentences` table (computed when None).

    Returns:
        DataFrame[sid, start, end, left, keyword, right] sorted by start, end.
    """
    if width < 0:
        raise TokensError(f"kwic: width must be >= 0, got {width}")
    text = article.text
    if isinstance(term_or_spans, str):
        spans = [m.span() for m in _term_pattern(term_or_spans).finditer(text)]
    else:
        spans = []
        for sp in term_or_spans:
            s, e = int(sp[0]), int(sp[1])
            if not 0 <= s <= e <= len(text):
                raise TokensError(f"kwic: span ({s}, {e}) outside the text (length {len(text)})")
            spans.append((s, e))
        spans = sorted(set(spans))
    if sents is None:
        sents = sentences(article)
    sent_starts = sents["start"].to_numpy(dtype=np.int64)
    sids_col = sents["sid"].to_numpy(dtype=np.int64)
    starts = np.asarray([s for s, _ in spans], dtype=np.int64)
    idx = np.searchsorted(sent_starts, starts, side="right") - 1
    sids = sids_col[np.clip(idx, 0, None)] if len(sids_col) else np.full(len(spans), -1, dtype=np.int64)
    if len(sids_col):
        sids = np.where(idx >= 0, sids, -1)
    return pd.DataFrame(
        {
            "sid": np.asarray(sids, dtype=np.int64),
            "start": starts,
            "end": np.asarray([e for _, e in spans], dtype=np.int64),
            "left": [_WS.sub(" ", text[max(0, s - width) : s]) for s, _ in spans],
            "keyword": [text[s:e] for s, e in spans],
            "right": [_WS.sub(" ", text[e : e + width]) for _, e in spans],
        },
        columns=["sid", "start", "end", "left", "keyword", "right"],
    )
