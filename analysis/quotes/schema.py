"""Quotes: the tables' column names, row kinds, the error type, the row records and the table builder.

Holds only plain definitions shared by the other modules of :mod:`analysis.quotes`; it may not
import them (every other module of the package may import this one).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.tables import frame

QUOTE_COLUMNS = [
    "qid",
    "kind",
    "text",
    "start",
    "end",
    "sids",
    "speaker_surface",
    "speaker_start",
    "speaker_end",
    "speaker",
    "speaker_name",
    "speaker_affiliation",
    "cue",
    "tone",
    "targets",
    "fragments",
    "repeat_of",
]
VOICE_COLUMNS = [
    "actor_id",
    "name",
    "quotes",
    "direct",
    "indirect",
    "quoted_words",
    "share",
    "first_qid",
    "last_qid",
]
KINDS = ("direct", "partial", "indirect", "scare")


class QuoteError(ValueError):
    """Bad input to the quotes module (missing columns, malformed verb list)."""


_INT_COLUMNS = frozenset(
    {
        "qid",
        "start",
        "end",
        "speaker_start",
        "speaker_end",
        "rid",
        "sid",
        "quotes",
        "direct",
        "indirect",
        "quoted_words",
        "first_qid",
        "last_qid",
        "repeat_of",
    }
)
_FLOAT_COLUMNS = frozenset({"tone", "share"})


def table(cols: dict[str, list[Any]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame from column lists (int64/float64 by column name, object otherwise: None stays None)."""
    return frame(columns, [cols.get(c, []) for c in columns], _kinds(tuple(columns)))


@lru_cache(maxsize=32)
def _kinds(columns: tuple[str, ...]) -> str:
    """The :func:`analysis.tables.frame` type codes of ``columns``."""
    return "".join("i" if c in _INT_COLUMNS else "f" if c in _FLOAT_COLUMNS else "o" for c in columns)


def empty_quotes() -> pd.DataFrame:
    """An empty quotes table with the documented columns."""
    return table({}, QUOTE_COLUMNS)


def present(v: Any) -> bool:
    """Not None and not NaN."""
    return v is not None and v == v


#: A span of the text: ``(start, end)`` offsets.
Span = tuple[int, int]


@dataclass(frozen=True)
class Frame:
    """A reporting verb with its speaker phrase: ``speaker_start/end`` are -1 when none."""

    cue_start: int
    cue_end: int
    lemma: str
    speaker_start: int
    speaker_end: int
    inverted: bool


@dataclass(frozen=True)
class Row:
    """One quotation or reported clause before it becomes a table row.

    ``fragments`` are the verbatim (quotation-mark) spans the row holds: its own span for a
    quotation, the partial quotes inside it for a reported clause (empty when it has none).
    """

    kind: str
    start: int
    end: int
    frame: Frame | None
    fragments: tuple[Span, ...] = ()
