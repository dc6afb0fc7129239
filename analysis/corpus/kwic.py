"""Corpus-wide keyword in context over the store, with glob patterns (``sanction*``, ``Russia?``).

A pattern is one or more words; in each word ``*`` matches any run of letters or digits and ``?``
one; words match whole, case-insensitively, across any whitespace. The articles' texts are
scanned part by part (only the text and a few metadata columns are read), so memory follows the
number of matches kept, not the corpus. Offsets point into each article's stored text.

Reads the store; writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
import pyarrow.compute as pc

from analysis.corpus.store import Store
from analysis.corpus.trim import release_memory

KWIC_COLUMNS = ["article_id", "title", "date", "outlet", "start", "end", "left", "keyword", "right"]


class PatternError(ValueError):
    """An empty or unusable KWIC pattern."""


def glob_regex(pattern: str) -> re.Pattern[str]:
    """The regular expression of a glob pattern (whole words, case-insensitive)."""
    words = pattern.split()
    if not words:
        raise PatternError(f"empty KWIC pattern {pattern!r}")
    parts = []
    for w in words:
        out = "".join(r"\w*" if ch == "*" else r"\w" if ch == "?" else re.escape(ch) for ch in w)
        if not out.strip("\\w*"):
            raise PatternError(f"KWIC pattern word {w!r} has no letters")
        parts.append(out)
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def prefilter_regex(pattern: str) -> str:
    """A case-insensitive RE2 pattern (Arrow's regex engine) that matches wherever the glob
    pattern's regular expression does, and maybe more (no word boundaries): used to skip texts."""
    word = r"[\pL\pN\pM_]"
    parts = [
        "".join(word + "*" if ch == "*" else word if ch == "?" else re.escape(ch) for ch in w)
        for w in pattern.split()
    ]
    space = r"[\s\x{0b}\x{1c}-\x{1f}\x{85}\pZ]+"  # every character Python's \s matches
    return "(?i)" + space.join(parts)


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    left = " ".join(text[max(0, start - width) : start].split())
    right = " ".join(text[end : end + width].split())
    return left, " ".join(text[start:end].split()), right


def corpus_kwic(
    store: Store,
    pattern: str,
    *,
    width: int = 50,
    limit: int | None = 200,
    outlet: str | Iterable[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    actor: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every occurrence of ``pattern`` in the store's articles, latest articles first.

    Args:
        store: an open :class:`~analysis.corpus.store.Store`.
        pattern: glob words, e.g. ``"sanction*"`` or ``"peace talk*"``.
        width: characters of context on each side.
        limit: keep at most this many rows (the latest); None keeps all.
        outlet, start, end, actor: only articles of these outlets, dates or naming these actors.

    Returns:
        ``[article_id, title, date, outlet, start, end, left, keyword, right]`` sorted by date
        (latest first, undated last), article id and offset; ``attrs["matches"]`` holds the total.
    """
    rx = glob_regex(pattern)
    flt = store.article_filter(actor=actor, outlet=outlet, start=start, end=end)
    # only texts that may match are read into Python (the prefilter matches at least what rx does)
    may = pc.match_substring_regex(pc.field("text"), pattern=prefilter_regex(pattern))
    flt = may if flt is None else flt & may
    rows: list[tuple] = []
    total = 0
    for t in store.scan("articles", ["article_id", "title", "date", "outlet", "text"], flt):
        for aid, title, date, out, text in zip(
            *(t.column(c).to_pylist() for c in t.column_names), strict=True
        ):
            for m in rx.finditer(text):
                total += 1
                rows.append(
                    (aid, title, date, out, m.start(), m.end(), *_context(text, m.start(), m.end(), width))
                )
        if limit is not None and len(rows) > 4 * limit + 1000:
            rows = _latest(rows, limit)
    release_memory()
    k = pd.DataFrame(_latest(rows, limit), columns=KWIC_COLUMNS)
    k.attrs["matches"] = total
    return k


def _latest(rows: list[tuple], limit: int | None) -> list[tuple]:
    """Rows sorted latest date first (undated last), then article id and offset; the first ``limit``."""
    rows = sorted(rows, key=lambda r: (r[0], r[4]))
    rows.sort(key=lambda r: r[2] or "", reverse=True)
    return rows if limit is None else rows[:limit]
