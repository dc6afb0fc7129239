"""Actor phrases of a sentence: mentions grouped into noun phrases and coordinations.

"U.S. Secretary of State Antony Blinken" is one phrase whose head is Blinken; "Ukraine's Crimean
Peninsula" one whose head is Crimea; "China's ministry of foreign affairs" one whose head is
China; "Russian forces" one whose head is Russia; "the US and Britain" one phrase with two
members. Pure functions over the mentions of one sentence; no lexicon, no events here.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: Between two mentions of one noun phrase: capitalised words, "of", "the", a possessive.
_SAME_NP = re.compile(r"(?:[’']s)?(?:\s+(?:[A-Z][\w.’'&-]*|of|the))*\s*")
#: Lower-case words between a demonym or country and a person: "Russian official Maria ...".
_TITLE_WORDS = re.compile(r"(?:\s+[a-z][a-z-]+){1,2}\s+")
#: Between members of a coordination: ", ", " and ", ", and ", optionally "the"/a title word.
_COORD = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s*and\s+|\s*,?\s*as well as\s+)(?:the\s+|both\s+)?(?:[A-Z][\w.-]*\s+){0,2}"
)
_AND = re.compile(r"\band\b|\bas well as\b")
_POSSESSIVE = re.compile(r"[’']s\b")


class Member(NamedTuple):
    """One actor of a phrase: actor id, type and the span of its head mention."""

    actor: str
    type: str
    start: int
    end: int
    how: str


class Phrase(NamedTuple):
    """A run of mentions read as one noun phrase or a coordination of them.

    ``members``: the actors (one per conjunct); ``start``/``end``: the span of its mentions;
    ``tail``: whether the phrase can carry lower-case head words after it ("Russian forces",
    "China's ministry"): its last conjunct ends in a demonym or a possessive.
    """

    members: tuple[Member, ...]
    start: int
    end: int
    tail: bool


class Sentence(NamedTuple):
    """One sentence being read: its row, id, span, tone and actor phrases."""

    sid: int
    lo: int
    hi: int
    tone: float
    phrases: list[Phrase]


def _head(text: str, np: list[Member]) -> Member:
    """The head of one noun phrase: the last mention, unless it is a discovered non-person that a
    registry actor before it qualifies ("UN Human Rights Council"), or a possessor is followed
    by no other mention (then the possessor heads: "China's ministry")."""
    last = np[-1]
    if last.how == "discovered" and last.type != "person":
        known = [m for m in np[:-1] if m.how != "discovered"]
        if known:
            return known[-1]
    return last


def phrases(text: str, ms: list[Member], lo: int, hi: int) -> list[Phrase]:
    """Group one sentence's mentions (in text order, within ``text[lo:hi]``) into phrases."""
    nps: list[list[Member]] = []
    for m in ms:
        if nps:
            prev = nps[-1][-1]
            gap = text[prev.end : m.start]
            if (_SAME_NP.fullmatch(gap) and "\n" not in gap) or (
                m.type == "person"
                and (prev.how == "demonym" or prev.type in ("country", "organization"))
                and _TITLE_WORDS.fullmatch(gap)
            ):
                nps[-1].append(m)
                continue
        nps.append([m])
    out: list[Phrase] = []
    group: list[tuple[Member, int, int, bool]] = []
    for np in nps:
        head = _head(text, np)
        after = text[np[-1].end : np[-1].end + 2]
        tail = head.how == "demonym" or bool(_POSSESSIVE.match(after))
        item = (head, np[0].start, np[-1].end, tail)
        if group and _COORD.fullmatch(text[group[-1][2] : np[0].start]):
            group.append(item)
            continue
        out.extend(_flush(text, group))
        group = [item]
    out.extend(_flush(text, group))
    return out


def _flush(text: str, group: list[tuple[Member, int, int, bool]]) -> list[Phrase]:
    """A coordination needs a conjunction: "Blinken, Lavrov charged" is two phrases, "A, B and C" one."""
    if not group:
        return []
    gaps = [text[a[2] : b[1]] for a, b in zip(group, group[1:], strict=False)]
    if gaps and not any(_AND.search(g) for g in gaps):
        return [_phrase([g]) for g in group]
    return [_phrase(group)]


def _phrase(group: list[tuple[Member, int, int, bool]]) -> Phrase:
    seen: list[Member] = []
    for head, *_ in group:
        if all(head.actor != s.actor for s in seen):
            seen.append(head)
    return Phrase(tuple(seen), group[0][1], group[-1][2], group[-1][3])
