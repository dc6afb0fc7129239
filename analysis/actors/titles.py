"""Title phrases of the registry ("secretary of state", "prime minister") compiled into fast matchers.

Holds the "<country> <title>" and "<title> of <country>" regexes behind cheap word tests. Pure regex
work over the registry's title map; it knows nothing of actors or articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


def _title_key(s: str) -> str:
    return " ".join(s.lower().split())


_TITLE_PREFIXES = ("former", "then", "acting", "new")
_LETTERS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class _TitleMatcher:
    """The title regexes, behind word tests that rule out most positions without running them.

    The regexes try every title at every position, which is slow; a title can only match where the
    word next to the country mention is one of the titles' first (or last) words. ``opener`` matches
    the words that open a title after a mention (``after`` without the rest of each title, with the
    same case folding); the test of last words compares lower-cased ASCII words, so it is skipped for
    non-ASCII text, where case folding differs. Both tests are only used when every title is ASCII
    (``opener`` and ``last_words`` are None otherwise).
    """

    after: re.Pattern[str]  # "<country>['s] [former] <title>", matched at the end of the mention
    before: re.Pattern[str]  # "<title> of [the] <country>", searched before the mention
    opener: re.Pattern[str] | None  # "['s] <first word of a title, or a prefix such as 'former'>"
    last_words: tuple[str, ...] | None  # last word of each title

    def match_after(self, text: str, pos: int) -> re.Match[str] | None:
        """``after.match(text, pos)``."""
        if self.opener is not None and self.opener.match(text, pos) is None:
            return None
        return self.after.match(text, pos)

    def search_before(self, text: str, lo: int, hi: int) -> re.Match[str] | None:
        """``before.search(text, lo, hi)``."""
        if self.last_words is not None:
            tail = text[max(lo, hi - 7) : hi]
            if tail.isascii():
                tail = tail.lower()
                core_end = hi - 7 if tail.endswith("of the ") else hi - 3 if tail.endswith("of ") else -1
                if core_end >= lo:
                    core = text[lo:core_end]
                    title = core.rstrip(" \t")
                    if len(title) == len(core):
                        return None  # no space between the title and "of"
                    if title.isascii() and not title.lower().endswith(self.last_words):
                        return None
        return self.before.search(text, lo, hi)


def _title_matcher(titles: Iterable[str]) -> _TitleMatcher | None:
    """The matcher for "<country> <title>" (after a country mention) and "<title> of" (before one)."""
    alts = sorted({_title_key(t) for t in titles}, key=lambda t: (-len(t), t))
    if not alts:
        return None
    alt = "|".join(r"[ \t]+".join(re.escape(w) for w in t.split()) for t in alts)
    after = re.compile(
        rf"(?:['’]s)?[ \t]+(?:(?:{'|'.join(_TITLE_PREFIXES)})[ \t]+)?({alt})(?![\w-])", re.IGNORECASE
    )
    before = re.compile(rf"(?<![\w-])({alt})[ \t]+of[ \t]+(?:the[ \t]+)?$", re.IGNORECASE)
    first = [_LETTERS.match(t) for t in alts]
    if all(t.isascii() for t in alts) and all(first):
        # the letters a title (or a prefix) opens with, as a whole word: the next character of each
        # title is ASCII but no letter, so where ``after`` matches, so does ``opener``
        words = sorted({m.group() for m in first if m is not None} | set(_TITLE_PREFIXES))
        opener = re.compile(rf"(?:['’]s)?[ \t]+(?:{'|'.join(words)})(?![a-z])", re.IGNORECASE)
        return _TitleMatcher(after, before, opener, tuple(t.split()[-1] for t in alts))
    return _TitleMatcher(after, before, None, None)
