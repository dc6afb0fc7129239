"""An article's sentence and mention offsets as plain, bisect-friendly lists (:class:`QuoteContext`).

Shared by quote attribution and by other modules that work on the same article (relations,
events). Knows the sentences and mentions tables' columns; finds nothing itself but the
quotation marks (through :mod:`analysis.quotes.marks`); may not import cues, speakers or attribution.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.articles import Article
from analysis.quotes.marks import RawQuote, find_quotation_marks
from analysis.quotes.schema import QuoteError
from analysis.tables import column


@dataclass
class QuoteContext:
    """Sentence and mention offsets of one article as plain lists (bisect-friendly).

    Built by :func:`quote_context`; shared by :func:`quotes` and by modules that read the same article.
    Mentions are in text order (``start``, then ``end``); ``sid_of`` and the other methods return
    row numbers of the sentences table, ``sid_value`` the ``sid`` a table reports for a row.
    """

    text: str
    s_start: list[int]
    s_end: list[int]
    sents: pd.DataFrame | None
    m_start: list[int]
    m_end: list[int]
    m_actor: list[Any]
    m_name: list[Any]
    m_type: list[Any]
    m_aff: list[Any]
    m_how: list[Any] = field(default_factory=list)
    m_maxlen: int = 0
    paragraphs: tuple[tuple[int, int], ...] = ()
    _s_text: list[str] | None = None
    _raw: list[RawQuote] | None = None
    s_sid: list[int] | None = None  # the sentences' sid values (None: row number = sid)

    def raw_quotes(self) -> list[RawQuote]:
        """The article's quotations by their marks (computed once)."""
        if self._raw is None:
            self._raw = find_quotation_marks(self.text, self.paragraphs)
        return self._raw

    def sid_of(self, pos: int) -> int:
        """Row (in the sentences table) of the sentence holding ``pos``."""
        return max(bisect_right(self.s_start, pos) - 1, 0)

    def sid_value(self, row: int) -> int:
        """The ``sid`` of the sentence in ``row`` (what tables report)."""
        return self.s_sid[row] if self.s_sid is not None else row

    def sid_values(self, rows: range) -> tuple[int, ...]:
        """The ``sid`` values of the sentences in ``rows``."""
        return tuple(rows) if self.s_sid is None else tuple(self.s_sid[row] for row in rows)

    def sids(self, start: int, end: int) -> range:
        """Rows of the sentences that ``[start, end)`` spans."""
        return range(self.sid_of(start), self.sid_of(max(start, end - 1)) + 1)

    def s_text(self, sid: int) -> str:
        """Text of the sentence in row ``sid``."""
        if self._s_text is None:
            if self.sents is not None and "text" in self.sents.columns:
                self._s_text = column(self.sents, "text")
            else:
                self._s_text = [self.text[a:b] for a, b in zip(self.s_start, self.s_end, strict=True)]
        return self._s_text[sid]

    def mentions_in(self, start: int, end: int) -> list[int]:
        """Indices of mentions overlapping [start, end), in order."""
        if start < 0 or end <= start:
            return []
        j = bisect_left(self.m_start, end)
        i = bisect_left(self.m_start, start - self.m_maxlen)
        m_end = self.m_end
        return [k for k in range(i, j) if m_end[k] > start]


#: The last :func:`quote_context` call: its (article, sents, mentions) and the context.
_LAST_CONTEXT: tuple[Article, pd.DataFrame, pd.DataFrame | None, QuoteContext] | None = None


def quote_context(article: Article, sents: pd.DataFrame, mentions: pd.DataFrame | None) -> QuoteContext:
    """The offsets of an article's sentences and mentions as plain lists.

    The context of the last call is reused when the same three objects come again (identity, not
    equality): the pipeline passes one article, sentences and mentions table to :func:`quotes`
    and then to other steps (relations), which so build it (and find the quotation marks) once. Tables
    are not expected to change in place between those calls.
    """
    global _LAST_CONTEXT
    last = _LAST_CONTEXT
    if last is not None and last[0] is article and last[1] is sents and last[2] is mentions:
        return last[3]
    ctx = _build_context(article, sents, mentions)
    _LAST_CONTEXT = (article, sents, mentions, ctx)
    return ctx


def _build_context(article: Article, sents: pd.DataFrame, mentions: pd.DataFrame | None) -> QuoteContext:
    for col in ("start", "end"):
        if col not in sents.columns:
            raise QuoteError(f"sentences table lacks column {col!r}")
    if len(sents):
        ss = column(sents, "start")
        se = column(sents, "end")
    else:
        ss, se = [0], [len(article.text)]
    if mentions is not None and len(mentions):
        ms = column(mentions, "start")
        me = column(mentions, "end")
        cols = [
            column(mentions, c) if c in mentions.columns else [None] * len(ms)
            for c in ("actor_id", "name", "type", "affiliation", "resolved_by")
        ]
        if ms != sorted(ms):
            order = sorted(range(len(ms)), key=lambda i: (ms[i], me[i]))
            ms, me = [ms[i] for i in order], [me[i] for i in order]
            cols = [[c[i] for i in order] for c in cols]
        maxlen = max(map(operator.sub, me, ms))
    else:
        ms, me, cols, maxlen = [], [], [[], [], [], [], []], 0
    ctx = QuoteContext(
        article.text,
        ss,
        se,
        sents if len(sents) else None,
        ms,
        me,
        *cols,
        m_maxlen=maxlen,
        paragraphs=article.paragraphs,
    )
    if len(sents):
        sid_values = column(sents, "sid")
        if sid_values != list(range(len(sid_values))):
            ctx.s_sid = sid_values
    return ctx
