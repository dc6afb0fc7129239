"""Tokenisation shared by registry aliases and article text, so that both split the same way.

Holds the token regex, lookup keys and case rules of alias matching. Pure functions over strings; it may
not import anything else of ``analysis``.
"""

from __future__ import annotations

import re
from typing import Any

_ABBREV = "|".join(
    "Mr Mrs Ms Dr Gen Sen Rep Gov Lt Col Capt Sgt Adm Maj Prof Rev St Jr Sr Inc Corp Co Ltd Mt Ft".split()
    + ["Cmdr", "Bros", "Hon"]
)
TOKEN_RE = re.compile(
    rf"(?:{_ABBREV})\.(?![^\W\d_])"  # abbreviations keep their period ("Gen.", "Inc.")
    r"|[^\W\d_](?:\.[^\W\d_])+\.?"  # dotted acronyms ("U.S.", "U.N.")
    r"|[A-Z]\.(?=\s+[A-Z])"  # an initial ("John F. Kennedy")
    r"|[^\W_]+(?:(?:['’](?![sS]\b)|&)[^\W_]+)*"  # words; a possessive 's is not part of the word
    r"|[^\w\s]"  # any other single character
)
_POSSESSIVE = frozenset({"'", "’"})


def _tokenize(text: str) -> tuple[list[int], list[int], list[str]]:
    """Starts, ends and strings of the tokens of ``text``."""
    starts: list[int] = []
    ends: list[int] = []
    strs: list[str] = []
    for m in TOKEN_RE.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        strs.append(m.group())
    return starts, ends, strs


_UNSEEN: Any = object()  # a cache miss

# how token i is separated from token i-1: nothing, spaces on one line, anything else
_ADJACENT, _SPACED, _APART = 0, 1, 2


def _gap_kind(gap: str) -> int:
    """The kind of the text ``gap`` between two tokens (see _ADJACENT, _SPACED, _APART)."""
    if not gap:
        return _ADJACENT
    return _SPACED if gap.isspace() and "\n" not in gap else _APART


def _norm(s: str) -> str:
    """Lookup key of a token: lower case, straight apostrophes."""
    return s.lower().replace("’", "'")


def _strict(tok: str) -> bool:
    """ALL-CAPS alias tokens (acronyms) must match exactly."""
    return len(tok) > 1 and tok.isupper()


def _case_ok(t: str, a: str, strict: bool) -> bool:
    """Whether text token ``t`` may stand for alias token ``a`` (already equal when lower-cased)."""
    if t == a:
        return True
    if strict:
        return False
    if t[1:] == a[1:] and t[0].isupper():  # "the Kremlin" alias, "The Kremlin" in text
        return True
    return len(t) > 1 and t.isupper()  # "RUSSIA" in an ALL-CAPS headline
