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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.articles import Article
from analysis.events import clauses as C
from analysis.events.lexicon import QUAD_OF, EventLexicon, VerbEntry, load_lexicon
from analysis.events.units import Member, Phrase, phrases
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
#: Types whose verb may govern a purpose infinitive of the same subject ("met ... to demand").
PURPOSE_TYPES = frozenset({"CONSULT", "AID", "MOBILIZE", "COOPERATE"})
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\s*$")
_POSS_PRONOUN = re.compile(r"\b(?:his|her|His|Her)\s+(?:[a-z-]+\s+)?$")
#: Types whose target must be an actor that can respond, not a place.
_ACTOR_TARGETS = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT"})
#: A determiner before a verb form makes it an adjective or noun: "an annexed Crimea".
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|its|their|his|her|our)\s+$", re.I)
_INFINITIVE = re.compile(
    r"(?:[’']s\s+[a-z]+)?\s+(?:to\s+[a-z]|(?:that\s+)?(?:it|they|he|she)\s+(?:should|must|ought|needed|needs|had\s+to)\b)"
)
_PERSONAL = re.compile(r"\b(?:he|she|his|her|He|She|His|Her)\b")
_IT = re.compile(r"\b(?:it|they|It|They|we|We|I|you|You)\s*$")
_AND = re.compile(r"(?:,\s*|\s+)(?:and|but|then|before|after)\s*$")
_TO = re.compile(r"\bto\s*$")
_PARTICIPLE = re.compile(r",\s*(?:in\s+particular\s+|also\s+|while\s+)?$")
_BY = re.compile(r"\s*(?:[a-z]+ly\s+)?by\s+(?:the\s+|a\s+|an\s+)?")
_FROM = re.compile(r"\s*from\s+(?:the\s+|a\s+|an\s+)?")
_COUNTERPART = re.compile(r"\s+(?:counterpart|counterparts|opposite\s+number)\b")
_DET = r"(?:(?:the|a|an|his|her|its|their|our|both)\s+)?"
_NOUN_SOURCE_VERB = re.compile(
    r"\s+(?:has\s+|have\s+|had\s+)?(?:also\s+)?[a-z]+(?:ed|s)\s+(?:(?:a|an|the|its|their|new|more|another|further|fresh|\d+\w*)\s+)?(?:[a-z-]+\s+)?$"
)
_BETWEEN = re.compile(r"\s+(?:[a-z]+\s+){0,2}?between\s+(?:the\s+)?")


@dataclass
class _Sentence:
    sid: int
    lo: int
    hi: int
    tone: float
    phrases: list[Phrase]


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


class _Extractor:
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
        self.m_start = mentions["start"].to_numpy().tolist()
        self.m_end = mentions["end"].to_numpy().tolist()
        self.s_start = sents["start"].to_numpy().tolist()
        self.s_end = sents["end"].to_numpy().tolist()
        self.s_sid = sents["sid"].to_numpy().tolist()
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
                    sentiment["sid"].to_numpy().tolist(),
                    sentiment["compound"].to_numpy().tolist(),
                    strict=True,
                )
            )
        q = self.quotes_df
        if q is not None and len(q):
            starts, ends = q["start"].to_numpy().tolist(), q["end"].to_numpy().tolist()
            speakers = q["speaker_start"].to_numpy().tolist()
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
            s = _Sentence(k, lo, hi, 0.0, phrases(text, ms, lo, hi))
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

    # ------------------------------------------------------------------ verbs
    def phrase_before(self, s: _Sentence, pos: int) -> Phrase | None:
        best = None
        for p in s.phrases:
            if p.end <= pos:
                best = p
            else:
                break
        return best

    def subject(self, s: _Sentence, v: int, form: str, state: dict[str, Any]) -> tuple[Phrase | None, bool]:
        """The subject phrase of a verb at ``v`` and whether the clause before it is unreal."""
        text, lo = self.text, s.lo
        cut = C.strip_trailing(text, lo, v)
        left = text[lo:cut]
        between = text[cut:v]
        if C.UNREAL.search(between) and not re.search(
            r"\b(?:started|began|begun|continued|continues|continue)\s+to\s*$", between
        ):
            return None, True
        if _TO.search(left):
            # "met Lavrov on Friday to demand ...": the purpose of the event just read, no clause between
            if (
                state.get("type") in PURPOSE_TYPES
                and state.get("subject") is not None
                and not C.BOUNDARY.search(text, state["end"], v)
                and "," not in text[state["end"] : v]
            ):
                return state["subject"], False
            return None, True
        if _IT.search(left):
            return None, False
        if _PRONOUN.search(left):
            p = self.last_person(v)
            return (Phrase((p,), -1, -1, False) if p else None), False
        if _AND.search(left) and state.get("subject") is not None:
            return state["subject"], False
        first = state.get("first")
        if form.endswith("ing") and _PARTICIPLE.search(left) and first is not None:
            # "Moldova ..., staunchly supporting Ukraine": the sentence's subject, unless reported speech
            # or another clause comes between
            if not C.BOUNDARY.search(text, first.end, v):
                return first, False
            return None, False
        stripped = left.rstrip()
        if stripped.endswith(","):
            # an aside between subject and verb: "The West, fearing that Moscow could invade Ukraine,"
            comma = lo + len(stripped) - 1
            c0 = text.rfind(",", lo, comma)
            if c0 < 0:
                return None, False
            inner = [q for q in s.phrases if q.start > c0 and q.end <= comma]
            if inner and inner[0].start - c0 <= 2:
                if len(inner) == 1 and text[inner[0].end : comma].strip() == "":
                    if inner[0].members[0].type == "person":
                        return self._real(s, inner[0]), False  # "the then US speaker, Nancy Pelosi, visited"
                return None, False  # "..., Serbia has accepted refugees, condemned": a clause, not an aside
            cut = C.strip_trailing(text, lo, c0)
        p = self.phrase_before(s, cut)
        if p is None:
            return None, False
        gap = text[p.end : cut]
        if gap.strip() in ("", ")") or (p.tail and C.NP_TAIL.fullmatch(gap)):
            if C.UNREAL.search(gap):  # "Polish soldiers could hit"
                return None, True
            state["antecedent"] = self._relative(s, p)
            return self._real(s, p), False
        return None, False

    def _real(self, s: _Sentence, p: Phrase) -> Phrase | None:
        """``p`` unless a conditional or negation opens its clause ("if Russia invades")."""
        if p.start >= 0 and (
            C.UNREAL_BEFORE.search(self.text, max(s.lo, p.start - 40), p.start)
            or C.CLAIM_BEFORE.search(self.text, max(s.lo, p.start - 50), p.start)
        ):
            return None
        return p

    def objects(self, s: _Sentence, entry: VerbEntry, v_end: int) -> tuple[Member, ...]:
        text = self.text
        after = [p for p in s.phrases if p.start >= v_end]
        if not after:
            return ()
        first = after[0]
        gap = text[v_end : first.start]
        # "the Saltivka district of Kharkiv": a discovered place qualifying the next actor
        if entry.direct and len(after) > 1 and first.members[0].how == "discovered":
            if C.DIRECT_GAP.fullmatch(
                text[v_end : after[1].start].replace(text[first.start : first.end], "x", 1)
            ):
                return after[1].members
        if entry.direct and C.DIRECT_GAP.fullmatch(gap):
            if entry.plover == "AID" and C.NOT_MATERIAL.search(text, first.end, min(s.hi, first.end + 60)):
                return ()  # "gave the Italian newspaper an interview"
            return self._counterparts(first)
        for prep in entry.preps:
            pat = re.compile(rf"\b{prep}\s+{_DET}$")
            wide = prep in ("to", "into")  # "supplied drones, missiles and shells to Russia"
            for q in after[:4]:
                g = text[v_end : q.start]
                m = pat.search(g)
                before = g[: m.start()] if m else g
                if (
                    len(g.split()) > (10 if wide else 4)
                    or C.BOUNDARY.search(before)
                    or (not wide and "," in before)
                ):
                    break
                if m:
                    if entry.plover == "AID" and C.NOT_MATERIAL.search(before):
                        return ()  # "sent a note to Austria", "gave an interview to France"
                    if entry.plover == "AID" and C.TROOPS.search(before):
                        self._override = "MOBILIZE"  # "sent ten battalion tactical groups to Belarus"
                    return self._counterparts(q)
        return ()

    def _infinitive_after(self, s: _Sentence, v_end: int) -> bool:
        """Whether the verb's object phrase is followed by "to <verb>" or "(that) it should/must"."""
        after = [p for p in s.phrases if p.start >= v_end]
        return bool(after) and bool(_INFINITIVE.match(self.text, after[0].end))

    def _relative(self, s: _Sentence, p: Phrase) -> Phrase | None:
        """The antecedent of an object relative clause: "Kherson, the only city that Russia has captured"."""
        text = self.text
        m = re.search(r"(?:that|which|whom)\s+$", text[max(s.lo, p.start - 12) : p.start])
        if not m:
            return None
        at = p.start - (len(text[max(s.lo, p.start - 12) : p.start]) - m.start())
        q = self.phrase_before(s, at)
        if q is None or not re.fullmatch(r",\s+(?:the|a|an)\s+(?:[a-z-]+\s+){0,4}", text[q.end : at]):
            return None
        return q

    def _counterparts(self, p: Phrase) -> tuple[Member, ...]:
        """Members of an object phrase; a demonym before "counterpart" is the role holder there."""
        m = p.members[-1]
        if m.how == "demonym" and _COUNTERPART.match(self.text, p.end) and self._src is not None:
            cp = self.counterpart(self._src, m.actor)
            if cp is not None:
                return (Member(cp.actor, "person", p.start, p.end, "role"),)
        return p.members

    _src: Member | None = None
    _override: str | None = None

    def verb_events(self, s: _Sentence, verbs: list[tuple[int, int, re.Match[str]]]) -> None:
        text = self.text
        state: dict[str, Any] = {
            "first": s.phrases[0] if s.phrases and s.phrases[0].start - s.lo < 40 else None
        }
        for v, v_end, mt in verbs:
            form = " ".join(mt.group("w").split())
            entry = self.lex.verbs.get(form)
            if entry is None or self.in_quote(v, s.lo, s.hi):
                continue
            if _DETERMINER_BEFORE.search(text, max(s.lo, v - 8), v):
                continue
            passive = bool(C.PASSIVE_AUX.search(text, max(s.lo, v - 30), v)) and not form.endswith("ing")
            subj, unreal = self.subject(s, v, form, state)
            if unreal:
                continue
            if passive:
                agent = _FROM if entry.passive_from else _BY
                nxt = [p for p in s.phrases if p.start >= v_end]
                if subj is None or not nxt or not agent.fullmatch(text[v_end : nxt[0].start]):
                    if (
                        nxt
                        and agent.fullmatch(text[v_end : nxt[0].start])
                        and (entry.symmetric or entry.reciprocal)
                    ):
                        self._group(s, nxt[0], entry, v, v_end)
                    continue
                src = nxt[0]
                if len(src.members) > 1 and (entry.symmetric or entry.reciprocal):
                    self._group(s, src, entry, v, v_end)
                else:
                    self.add(
                        s.sid, src.members, subj.members, entry.plover, entry.lemma, v, v_end, passive=True
                    )
                continue
            if subj is None:
                continue
            ante = state.pop("antecedent", None)
            state["subject"], state["type"] = subj, entry.plover
            self._src, self._override = subj.members[-1], None
            tgts = self.objects(s, entry, v_end)
            plover = self._override or entry.plover
            self._src = None
            if plover in _ACTOR_TARGETS:  # one consults, agrees with, backs an actor, not a square
                tgts = tuple(t for t in tgts if t.type != "place")
            if entry.infinitive and tgts and not self._infinitive_after(s, v_end):
                tgts = ()  # "told reporters", "told China about": no request
            if (
                not tgts
                and ante is not None
                and entry.direct
                and re.match(r"\s*(?:[,.;]|in\b|on\b|at\b|since\b|last\b|this\b|$)", text[v_end:])
            ):
                tgts = ante.members
            if tgts:
                self.add(s.sid, subj.members, tgts, plover, entry.lemma, v, v_end, symmetric=entry.symmetric)
            elif len(subj.members) > 1 and (entry.symmetric or entry.reciprocal):
                self._group(s, subj, entry, v, v_end)
            else:
                state["type"] = None  # no event: nothing for a purpose infinitive to attach to
            state["end"] = v_end

    def _group(
        self,
        s: _Sentence,
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

    # ------------------------------------------------------------------ nouns
    def noun_events(self, s: _Sentence, nouns: list[tuple[int, int, re.Match[str]]]) -> None:
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
                self._group(s, after[0], sym_entry, n, n_end, nominal=True)
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
        self, s: _Sentence, n: int, n_end: int, before: list[Phrase], after: list[Phrase], plover: str
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
        for q in after[:3]:
            g = text[n_end : q.start]
            if C.BOUNDARY.search(g) or len(g.split()) > 8:
                break
            if re.search(r"\bby\s+(?:the\s+)?$", g):
                return q.members
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

    def _noun_targets(self, n_end: int, after: list[Phrase], plover: str) -> tuple[Member, ...]:
        text = self.text
        if plover in ("AID", "MOBILIZE"):
            for q in after[:4]:
                g = text[n_end : q.start]
                if C.BOUNDARY.search(g) or len(g.split()) > 10:
                    break
                if re.search(rf"\b(?:to|into)\s+{_DET}$", g):
                    return q.members
        preps = (
            r"(?:with|to)"
            if plover in ("CONSULT", "AGREE", "COOPERATE")
            else r"(?:of|on|against|to|into|for)"
        )
        for q in after[:1]:
            if re.fullmatch(rf"\s+{preps}\s+{_DET}", text[n_end : q.start]):
                return q.members
        return ()
