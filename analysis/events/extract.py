"""Directed events between actors, typed on PLOVER: :func:`events`.

One row per event a sentence asserts, from three kinds of evidence:

* a verb of the lexicon with its subject and object phrases: "Russia shelled Kharkiv" (active),
  "Kyiv was hit by Russian drones" (passive), "China supplied drones to Russia" (a target after
  a preposition), "the US and Britain sent tanks to Ukraine" (one event per coordinated actor),
  "Russia and the United States met in Geneva" (a symmetric verb between coordinated actors),
  "Kyiv and Moscow traded accusations" (a reciprocal verb: both directions);
* a noun of the lexicon (flagged ``nominal``): "the blockade of Ukrainian ports by Russia's
  fleet", "a China-EU summit", "a deal agreed between Finland, Sweden and Turkey", "during his
  meeting with Blinken";
* nothing else: an actor merely named in a quotation is no event, and verbs inside quotation
  marks or inside the content of a claim or accusation are not read.

Acts that are negated, conditional, hypothetical, planned or infinitive complements ("urged
Biden to visit Kyiv": the visit is no event) are dropped; so are background nominalisations
("since Russia's invasion of Ukraine"). Subjects and objects are actor phrases built from the
mentions table (:mod:`analysis.events.units`), so metonyms ("the Kremlin"), demonyms ("Russian
forces"), titles ("the Russian president") and discovered names count as the actors module
resolved them; "his Russian counterpart" is resolved through the registry's dated roles.

This module reads the mentions and quotes tables; it never changes them and never imports
anything that imports it (the quotes module does not know about events).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.articles import Article
from analysis.events.lexicon import QUAD_OF, EventLexicon, VerbEntry, load_lexicon
from analysis.events.nominal import NounReader
from analysis.events.units import Member, Phrase, Sentence, phrases
from analysis.events.verbs import VerbReader
from analysis.quotes import verb_matches
from analysis.tables import column, frame

EVENT_COLUMNS = [
    "eid",
    "source",
    "target",
    "plover",
    "quad",
    "act",
    "cue",
    "tone",
    "sid",
    "start",
    "end",
    "cue_start",
    "cue_end",
    "nominal",
    "passive",
    "symmetric",
]
_KINDS = "ioooooofiiiiibbb"
#: Quote cues whose reported content is the speaker's claim, not an asserted event.
CLAIM_CUES = frozenset(
    {"claim", "charge", "accuse", "allege", "deny", "suggest", "insist", "argue", "speculate"}
)

#: A personal pronoun: a sentence with one mention may still hold an event ("he met Putin").
_PERSONAL = re.compile(r"\b(?:he|she|his|her|He|She|His|Her)\b")


def empty_events() -> pd.DataFrame:
    """An empty events table with the documented columns (a fresh copy each call)."""
    return _EMPTY.copy()


def events(
    article: Article,
    sents: pd.DataFrame,
    mentions: pd.DataFrame | None,
    quotes_df: pd.DataFrame | None = None,
    registry: Any = None,
    *,
    sentiment: pd.DataFrame | None = None,
    lexicon: EventLexicon | None = None,
) -> pd.DataFrame:
    """Directed events (who does what to whom) typed on PLOVER.

    Args:
        article: the article.
        sents: ``analysis.tokens.sentences(article)``.
        mentions: the mentions table (``analysis.actors.find_mentions``); None or empty gives no events.
        quotes_df: the quotes table: verbs inside quotation marks or inside a claim's content are
            not read (None: no quotes known).
        registry: the actor registry, for "his Russian counterpart" (None: not resolved).
        sentiment: ``analysis.sentiment.sentence_sentiment(sents)`` for the ``tone`` column
            (None: scored here).
        lexicon: an :class:`EventLexicon` (default :func:`load_lexicon`).

    Returns:
        DataFrame[eid, source, target, plover, quad, act, cue, tone, sid, start, end, cue_start,
        cue_end, nominal, passive, symmetric]: ``source``/``target`` are actor ids; ``act`` the
        lexicon lemma or noun; ``cue`` the surface ``text[cue_start:cue_end]``; ``start``/``end``
        the evidence span (source, cue and target); ``tone`` the sentence's VADER compound.
        Ordered by evidence start, cue start, source, target; one row per (sid, source, target, plover).
    """
    if mentions is None or not len(mentions) or not len(sents):
        return empty_events()
    lex = lexicon or load_lexicon()
    text = article.text
    ex = _Extractor(article, sents, mentions, quotes_df, registry, sentiment, lex)
    rows = ex.run()
    if not rows:
        return empty_events()
    rows.sort(key=lambda r: (r[9], r[11], r[0], r[1]))
    cols: list[list[Any]] = [list(range(len(rows)))] + [[r[i] for r in rows] for i in range(len(rows[0]))]
    del text
    return frame(EVENT_COLUMNS, cols, _KINDS)


@lru_cache(maxsize=4096)
def _actor_kind(registry: Any, actor: str) -> tuple[str, str | None, frozenset[str]]:
    """(type, affiliation or the actor itself; None if discovered, lower-case demonyms) of an actor."""
    a = registry.get(actor)
    if a is None:  # discovered: "person:wang_wenbin"
        return actor.partition(":")[0] if ":" in actor else "person", None, frozenset()
    return a.type, a.affiliation or a.id, frozenset(d.lower() for d in a.demonyms)


_EMPTY = frame(EVENT_COLUMNS, [[] for _ in EVENT_COLUMNS], _KINDS)


class _Extractor(VerbReader, NounReader):
    """One article's state while events are read (mentions as arrays, quote spans, sentences)."""

    def __init__(
        self,
        article: Article,
        sents: pd.DataFrame,
        mentions: pd.DataFrame,
        quotes_df: pd.DataFrame | None,
        registry: Any,
        sentiment: pd.DataFrame | None,
        lex: EventLexicon,
    ):
        self.text = article.text
        self.date = article.date
        self.lex = lex
        self.registry = registry
        self.mentions, self.quotes_df, self.sentiment = mentions, quotes_df, sentiment
        # numbers first (cheap); string columns only once a sentence may hold an event (see run)
        self.m_start = column(mentions, "start")
        self.m_end = column(mentions, "end")
        self.s_start = column(sents, "start")
        self.s_end = column(sents, "end")
        self.s_sid = column(sents, "sid")
        self.members: list[Member] = []
        self.affiliation: dict[str, str] = {}
        self.tones: dict[int, float] | None = None
        self.quoted: list[tuple[int, int, int]] = []
        self.q_start: list[int] = []
        self.rows: list[tuple[Any, ...]] = []
        self.seen: set[tuple[Any, ...]] = set()

    def load(self) -> None:
        """Read the string columns of the mentions and quotes tables, and the sentence tones."""
        m = self.mentions
        actor = column(m, "actor_id")
        if self.registry is not None:
            # types, affiliations and demonyms from the registry: one string column read, not four
            kinds = {a: _actor_kind(self.registry, a) for a in set(actor)}
            text = self.text
            self.members = []
            for a, s, e in zip(actor, self.m_start, self.m_end, strict=True):
                t, aff, demonyms = kinds[a]
                how = (
                    "demonym"
                    if demonyms and text[s:e].lower() in demonyms
                    else "registry"
                    if aff
                    else "discovered"
                )
                self.members.append(Member(str(a), t, s, e, how))
            self.affiliation = {a: (k[1] or a) for a, k in kinds.items()}
        else:
            mtype, how, aff = (column(m, c) for c in ("type", "resolved_by", "affiliation"))
            self.members = [
                Member(str(a), str(t), s, e, str(h))
                for a, t, s, e, h in zip(actor, mtype, self.m_start, self.m_end, how, strict=True)
            ]
            self.affiliation = {
                str(a): (str(f) if isinstance(f, str) else str(a)) for a, f in zip(actor, aff, strict=True)
            }
        sentiment = self.sentiment
        if sentiment is not None and len(sentiment):
            self.tones = dict(
                zip(
                    column(sentiment, "sid"),
                    column(sentiment, "compound"),
                    strict=True,
                )
            )
        q = self.quotes_df
        if q is not None and len(q):
            starts, ends = column(q, "start"), column(q, "end")
            speakers = column(q, "speaker_start")
            kinds, cues = column(q, "kind"), column(q, "cue")
            for kind, s, e, sp, cue in zip(kinds, starts, ends, speakers, cues, strict=True):
                if kind in ("direct", "partial"):
                    self.quoted.append((s, e, sp))
                elif kind == "indirect" and cue in CLAIM_CUES:
                    # a claim's content is never an asserted event; its first clause is the claim
                    # ("accused Nato of messing up Europe, after the UK's foreign secretary told China")
                    comma = self.text.find(",", s, e)
                    self.quoted.append((s, comma if comma > 0 else e, -1))
        self.quoted.sort()
        self.q_start = [s for s, _, _ in self.quoted]

    # ------------------------------------------------------------------ helpers
    def in_quote(self, pos: int, lo: int, hi: int) -> bool:
        """Whether ``pos`` is inside a quotation whose speaker is named in the same sentence ``[lo, hi)``
        (or not at all), or inside a claim's content. The later sentences of a long quotation
        attributed elsewhere are read: they assert what the speaker reports."""
        i = bisect_right(self.q_start, pos) - 1
        while i >= 0:
            s, e, sp = self.quoted[i]
            if s <= pos < e:
                return sp < 0 or lo <= sp < hi
            if e <= pos and i < len(self.quoted) and s < pos - 5000:
                break
            i -= 1
        return False

    def tone(self, k: int) -> float:
        if self.tones is not None:
            return float(self.tones.get(self.s_sid[k], 0.0))
        from analysis.sentiment import score_text

        return float(score_text(self.text[self.s_start[k] : self.s_end[k]]))

    def last_person(self, pos: int) -> Member | None:
        """The last person mentioned before ``pos`` (a pronoun's referent), without its offsets:
        the evidence span of an event stays inside its sentence."""
        k = bisect_right(self.s_start, pos) - 1
        floor = self.s_start[max(0, k - 1)] if k >= 0 else 0  # this sentence or the one before
        i = bisect_left(self.m_start, pos) - 1
        while i >= 0 and self.m_start[i] >= floor:
            m = self.members[i]
            if m.type == "person":
                return m._replace(start=-1, end=-1)
            i -= 1
        return None

    def counterpart(self, src: Member, country: str) -> Member | None:
        """The holder of the source person's role in ``country`` on the article's date."""
        reg = self.registry
        if reg is None or src.type != "person" or src.actor not in reg:
            return None
        day = self.date or ""
        keys = {r.role for r in reg[src.actor].roles if not day or r.holds_on(day)}
        for a in reg.actors.values():
            if a.type == "person" and a.id != src.actor:
                for r in a.roles:
                    if r.role in keys and r.of == country and (r.holds_on(day) if day else r.end is None):
                        return Member(a.id, "person", -1, -1, "role")
        return None

    def add(
        self,
        k: int,
        srcs: Iterable[Member],
        tgts: Iterable[Member],
        plover: str,
        act: str,
        cs: int,
        ce: int,
        *,
        nominal: bool = False,
        passive: bool = False,
        symmetric: bool = False,
    ) -> None:
        tgts = list(tgts)
        for s in srcs:
            for t in tgts:
                if (
                    s.actor == t.actor
                    or self.affiliation.get(s.actor) == t.actor
                    or self.affiliation.get(t.actor) == s.actor
                ):
                    continue
                key = (k, s.actor, t.actor, plover)
                if key in self.seen:
                    continue
                self.seen.add(key)
                span = [x for x in (s.start, t.start, cs) if x >= 0]
                ends = [x for x in (s.end, t.end, ce) if x >= 0]
                self.rows.append(
                    (
                        s.actor,
                        t.actor,
                        plover,
                        QUAD_OF[plover],
                        act,
                        self.text[cs:ce],
                        self.tone(k),
                        self.s_sid[k],
                        min(span),
                        max(ends),
                        cs,
                        ce,
                        nominal,
                        passive,
                        symmetric,
                    )
                )

    # ------------------------------------------------------------------ driver
    def run(self) -> list[tuple[Any, ...]]:
        text = self.text
        matches = [(v, True) for v in verb_matches(self.lex.verb_pattern, text)]
        matches += [(n, False) for n in verb_matches(self.lex.noun_pattern, text)]
        if not matches:
            return self.rows
        # sentences with a cue and two mentions (or one and a personal pronoun)
        todo: dict[int, tuple[list[Any], list[Any]]] = {}
        for m, is_verb in sorted(matches, key=lambda x: x[0][0]):
            k = bisect_right(self.s_start, m[0]) - 1
            if k < 0 or m[0] >= self.s_end[k]:
                continue
            if k not in todo:
                lo, hi = self.s_start[k], self.s_end[k]
                n = bisect_left(self.m_start, hi) - bisect_left(self.m_start, lo)
                if n < 2 and not (n == 1 and _PERSONAL.search(text, lo, hi)):
                    continue
                todo[k] = ([], [])
            todo[k][0 if is_verb else 1].append(m)
        if not todo:
            return self.rows
        self.load()
        for k in sorted(todo):
            lo, hi = self.s_start[k], self.s_end[k]
            a, b = bisect_left(self.m_start, lo), bisect_left(self.m_start, hi)
            ms = [m for m in self.members[a:b] if m.end <= hi]
            s = Sentence(k, lo, hi, 0.0, phrases(text, ms, lo, hi))
            self.verb_events(s, todo[k][0])
            # a noun inside a verb's cue ("signed an agreement with") is that verb's event
            nouns = [
                n
                for n in todo[k][1]
                if not any(
                    v <= n[0] and n[1] <= v_end and v_end - v > n[1] - n[0] for v, v_end, _ in todo[k][0]
                )
            ]
            self.noun_events(s, nouns)
        return self.rows

    def group(
        self,
        s: Sentence,
        p: Phrase,
        entry: VerbEntry,
        cs: int,
        ce: int,
        *,
        nominal: bool = False,
        plover: str | None = None,
        act: str | None = None,
    ) -> None:
        """Events among the members of one coordination: each pair once (both ways if reciprocal)."""
        ms = p.members
        for i in range(len(ms)):
            for j in range(i + 1, len(ms)):
                self.add(
                    s.sid,
                    [ms[i]],
                    [ms[j]],
                    plover or entry.plover,
                    act or entry.lemma,
                    cs,
                    ce,
                    nominal=nominal,
                    symmetric=not entry.reciprocal,
                )
                if entry.reciprocal:
                    self.add(
                        s.sid,
                        [ms[j]],
                        [ms[i]],
                        plover or entry.plover,
                        act or entry.lemma,
                        cs,
                        ce,
                        nominal=nominal,
                    )
