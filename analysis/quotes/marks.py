"""Finding quotations by their marks (no speakers, no tables).

Double marks (straight, curly, ``''``, guillemets) pair within a paragraph and continue across
paragraphs by the newspaper convention; single marks are quotation marks only outside double
quotes. Pure functions over a text and its paragraph offsets; imports nothing else of the package.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Each pattern starts with a character class (look-behinds come after it) because CPython's re
# skips ahead by a leading class but tries a leading look-behind or alternation at every offset.
#: Double quotation marks: one of ``"“”«»„``, two apostrophes or two backticks.
_MARK = re.compile(r"[\"“”«»„'`](?:(?<=')'|(?<=`)`|(?<![`']))")
#: A single opening mark not after a word or another mark, before a letter.
_SINGLE_OPEN = re.compile(r"[‘'](?<![\w’'].)(?=[A-Za-z])")
#: A single closing mark after a word or punctuation, not before a word.
_SINGLE_CLOSE = re.compile(r"[’'](?<=[\w.,!?].)(?![\w])")
_OPENERS = {"“", "«", "„", "``"}
_CLOSERS = {"”", "»"}


@dataclass(frozen=True)
class RawQuote:
    """A quotation found by its marks: mark offsets and content offsets (marks excluded)."""

    open: int  # offset of the opening mark
    close: int  # offset just after the closing mark (or the paragraph end if unclosed)
    start: int  # content start
    end: int  # content end


def _para_index(par_starts: list[int], pos: int) -> int:
    return bisect_right(par_starts, pos) - 1


def _content(text: str, open_end: int, close_start: int) -> tuple[int, int]:
    s, e = open_end, close_start
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1
    return s, e


def find_quotation_marks(text: str, paragraphs: tuple[tuple[int, int], ...] | None = None) -> list[RawQuote]:
    """Find quotations by their marks.

    Double marks (straight, curly, ``''``, guillemets) pair up within a paragraph; a quote whose
    paragraph ends without a closing mark continues when the next paragraph opens with a mark
    (the newspaper convention for multi-paragraph quotes), else it ends at its paragraph's end.
    Single marks (‘...’) count as quotation marks only outside double quotes (British style);
    inside double quotes they are nested quotes and stay part of the content.

    Args:
        text: the article text.
        paragraphs: ``(start, end)`` of each paragraph; None = the whole text is one paragraph.

    Returns:
        Quotes in text order.
    """
    paras = list(paragraphs) if paragraphs else [(0, len(text))]
    par_starts = [p[0] for p in paras]
    out: list[RawQuote] = []
    open_at: int | None = None  # opening mark offset
    open_len = 0
    open_par = -1  # paragraph of the latest (continuation) opening mark

    def close_unclosed() -> None:
        nonlocal open_at
        if open_at is not None:
            pend = paras[open_par][1]
            s, e = _content(text, open_at + open_len, pend)
            if e > s:
                out.append(RawQuote(open_at, pend, s, e))
            open_at = None

    for m in _MARK.finditer(text):
        mark = m.group()
        pos = m.start()
        par = _para_index(par_starts, pos)
        at_par_start = par >= 0 and pos == paras[par][0]
        if open_at is not None and par != open_par:
            if at_par_start and mark not in _CLOSERS and par == open_par + 1:
                open_par = par  # continuation of a multi-paragraph quote
                continue
            close_unclosed()
        if open_at is None:
            if mark in _CLOSERS:
                prev = text[pos - 1] if pos else " "
                if not prev.isspace() and prev not in "([—–-":
                    continue  # stray closing mark
            open_at, open_len, open_par = pos, len(mark), par
            continue
        if mark in _OPENERS:
            # a new opening mark inside an open quote of the same paragraph: the earlier one was
            # never closed; restart here
            open_at, open_len, open_par = pos, len(mark), par
            continue
        s, e = _content(text, open_at + open_len, pos)
        if e > s:
            out.append(RawQuote(open_at, m.end(), s, e))
        open_at = None
    close_unclosed()
    out.extend(_single_quotes(text, paras, par_starts, out))
    out.sort(key=lambda q: q.open)
    return out


def _single_quotes(
    text: str, paras: list[tuple[int, int]], par_starts: list[int], doubles: list[RawQuote]
) -> list[RawQuote]:
    """Top-level single-mark quotes (outside every double quote), paired within a paragraph."""
    if "‘" not in text and " '" not in text and "\n'" not in text:
        return []
    d_open = [q.open for q in doubles]
    d_close = [q.close for q in doubles]
    closes = [m.start() for m in _SINGLE_CLOSE.finditer(text)]
    out: list[RawQuote] = []
    last_end = -1
    for m in _SINGLE_OPEN.finditer(text):
        pos = m.start()
        if pos < last_end:
            continue
        i = bisect_right(d_open, pos) - 1
        if i >= 0 and pos < d_close[i]:
            continue  # nested inside a double quote
        par_end = paras[_para_index(par_starts, pos)][1] if paras else len(text)
        j = bisect_right(closes, pos)
        if j >= len(closes) or closes[j] >= par_end:
            continue
        c = closes[j]
        k = bisect_right(d_open, pos)
        if k < len(d_open) and d_open[k] < c:
            continue  # a double quote starts before it closes: not a pair
        s, e = _content(text, pos + 1, c)
        if e > s:
            out.append(RawQuote(pos, c + 1, s, e))
            last_end = c + 1
    return out
