"""Word lists of :mod:`analysis.tokens` read from ``analysis/data``: stopwords and abbreviations."""

from __future__ import annotations

from analysis.datafiles import data_text
from analysis.tokens.errors import TokensError


def _data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a file in ``analysis/data``."""
    text = data_text(name)
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _load_abbreviations() -> tuple[dict[str, str], dict[str, str]]:
    """(case-sensitive entries, case-insensitive entries): abbreviation -> class."""
    cased: dict[str, str] = {}
    lower: dict[str, str] = {}
    for line in _data_lines("abbreviations.txt"):
        word, _, kind = line.partition(" ")
        kind = kind.strip() or "abbrev"
        if kind not in {"title", "numeric", "final", "abbrev"}:
            raise TokensError(f"abbreviations.txt: unknown class {kind!r} for {word!r}")
        if word != word.lower():
            cased[word] = kind
        else:
            lower[word] = kind
    return cased, lower


STOPWORDS: frozenset[str] = frozenset(_data_lines("stopwords.txt"))
_ABBR_CASED, _ABBR_LOWER = _load_abbreviations()
