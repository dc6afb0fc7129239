"""Quotes: the tables' column names, row kinds, the error type and the table builder.

Holds only plain definitions shared by the other modules of :mod:`analysis.quotes`; it may not
import them (every other module of the package may import this one).
"""

from __future__ import annotations

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
