"""Nominal events: a lexicon noun with its actors (:class:`NounReader`), flagged ``nominal``.

"the blockade of Ukrainian ports by Russia's fleet", "a China-EU summit", "a deal agreed between
Finland, Sweden and Turkey", "during his meeting with Blinken", "Lithuania announced a delivery of
missiles to Ukraine". Background nominalisations ("since Russia's invasion of Ukraine") and
possessive material-conflict nouns ("Russia's invasion") are not events.

A mixin of :class:`analysis.events.extract._Extractor` (text, lexicon, ``add``, ``group``,
``in_quote``, ``last_person``). Reads no tables itself.
"""

from __future__ import annotations

import re
from typing import Any

from analysis.events import clauses as C
from analysis.events.lexicon import QUAD_OF, VerbEntry
from analysis.events.units import Member, Phrase, Sentence

_POSS_PRONOUN = re.compile(r"\b(?:his|her|His|Her)\s+(?:[a-z-]+\s+)?$")
_NOUN_SOURCE_VERB = re.compile(
    r"\s+(?:has\s+|have\s+|had\s+)?(?:also\s+)?[a-z]+(?:ed|s)\s+(?:(?:a|an|the|its|their|new|more|another|further|fresh|\d+\w*)\s+)?(?:[a-z-]+\s+)?$"
)
_BETWEEN = re.compile(r"\s+(?:[a-z]+\s+){0,2}?between\s+(?:the\s+)?")


class NounReader:
    """Events from nouns: hyphenated pairs, "between" groups, possessors, agents and targets of nouns."""

    text: str
    lex: Any

    def noun_events(self, s: Sentence, nouns: list[tuple[int, int, re.Match[str]]]) -> None:
        text = self.text
        for n, n_end, mt in nouns:
            word = mt.group("w").lower()
            plover = self.lex.nouns.get(word)
            if plover is None or self.in_quote(n, s.lo, s.hi):
                continue
            symmetric = plover in ("CONSULT", "AGREE", "COOPERATE")
            sym_entry = VerbEntry(word, plover, symmetric=True)
            # "a China-EU summit"
            before = [p for p in s.phrases if p.end <= n]
            if len(before) >= 2 and symmetric:
                a, b = before[-2], before[-1]
                if text[a.end : b.start] == "-" and text[b.end : n].strip() == "":
                    self.add(
                        s.sid, a.members, b.members, plover, word, n, n_end, nominal=True, symmetric=True
                    )
                    continue
            # "a deal agreed between Finland, Sweden and Turkey"
            after = [p for p in s.phrases if p.start >= n_end]
            if (
                after
                and symmetric
                and _BETWEEN.fullmatch(text[n_end : after[0].start])
                and len(after[0].members) > 1
            ):
                self.group(s, after[0], sym_entry, n, n_end, nominal=True)
                continue
            pre = text[max(s.lo, n - 60) : n]
            if C.BACKGROUND.search(pre) and not re.search(
                r"\b(?:during|at)\s+(?:his|her|their|the|a)\s+(?:[a-z-]+\s+)?$", pre, re.I
            ):
                continue
            if C.NOMINAL_UNREAL_VERB.search(pre):
                continue
            src = self._noun_source(s, n, n_end, before, after, plover)
            if src is None:
                continue
            tgts = self._noun_targets(n_end, after, plover)
            if tgts:
                self.add(s.sid, src, tgts, plover, word, n, n_end, nominal=True, symmetric=symmetric)

    def _noun_source(
        self, s: Sentence, n: int, n_end: int, before: list[Phrase], after: list[Phrase], plover: str
    ) -> tuple[Member, ...] | None:
        text = self.text
        if before and QUAD_OF[plover] != "material conflict":
            p = before[-1]
            gap = text[p.end : n]
            if re.fullmatch(r"[’']s\s+(?:[a-z-]+\s+){0,2}", gap) or (
                p.tail and re.fullmatch(r"\s+(?:[a-z-]+\s+){0,1}", gap)
            ):
                return p.members
        m = _POSS_PRONOUN.search(text, max(s.lo, n - 30), n)
        if m and QUAD_OF[plover] != "material conflict":  # "his invasion of Ukraine": background
            firsts = [q for q in after if q.members[0].type == "person"]
            if not before and firsts:
                # "During his meeting with Blinken, Lavrov charged": the main clause's subject
                cands = [q for q in after if q.members[0].type == "person"]
                if len(cands) >= 2:
                    return cands[1].members
            p0 = self.last_person(n)
            return (p0,) if p0 else None
        # "the blockade of Ukrainian ports by Russia's fleet"
        agent = self._phrase_after(n_end, after[:3], 8, r"\bby\s+(?:the\s+)?$")
        if agent is not None:
            return agent
        # "Lithuania announced a delivery of ..."
        if before:
            p = before[-1]
            gap = text[p.end : n]
            if _NOUN_SOURCE_VERB.fullmatch(gap) and not C.UNREAL.search(gap):
                return p.members
        m = re.search(r"\b(?:he|she)\s+[a-z]+ed\s+(?:[a-z]+\s+){0,1}$", text[max(s.lo, n - 40) : n])
        if m:
            p0 = self.last_person(n)
            return (p0,) if p0 else None
        return None

    def _phrase_after(
        self, n_end: int, after: list[Phrase], max_words: int, gap_end: str
    ) -> tuple[Member, ...] | None:
        """The members of the first phrase of ``after`` whose gap from ``n_end`` ends in a match
        of ``gap_end``; None once a gap crosses a clause boundary or exceeds ``max_words`` words."""
        for q in after:
            g = self.text[n_end : q.start]
            if C.BOUNDARY.search(g) or len(g.split()) > max_words:
                return None
            if re.search(gap_end, g):
                return q.members
        return None

    def _noun_targets(self, n_end: int, after: list[Phrase], plover: str) -> tuple[Member, ...]:
        text = self.text
        if plover in ("AID", "MOBILIZE"):
            recipient = self._phrase_after(n_end, after[:4], 10, rf"\b(?:to|into)\s+{C.DET}$")
            if recipient is not None:
                return recipient
        preps = (
            r"(?:with|to)"
            if plover in ("CONSULT", "AGREE", "COOPERATE")
            else r"(?:of|on|against|to|into|for)"
        )
        for q in after[:1]:
            if re.fullmatch(rf"\s+{preps}\s+{C.DET}", text[n_end : q.start]):
                return q.members
        return ()
