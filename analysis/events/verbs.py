"""Verb events: a lexicon verb with its subject and object phrases (:class:`VerbReader`).

"Russia shelled Kharkiv" (active), "Kyiv was hit by Russian drones" (passive), "China supplied
drones to Russia" (a target after a preposition), "Russia and the United States met in Geneva"
(a symmetric verb between coordinated actors), "Kherson, which Russia captured" (an object
relative clause), purpose infinitives ("met Lavrov to demand ..."), participles ("...,
staunchly supporting Ukraine"), asides between subject and verb, pronoun subjects.

A mixin of :class:`analysis.events.extract._Extractor`, which holds the article's text, lexicon,
mentions and quote spans and the ``add``/``group``/``in_quote``/``last_person``/``counterpart``
helpers used here. Reads no tables itself.
"""

from __future__ import annotations

import re
from typing import Any

from analysis.events import clauses as C
from analysis.events.lexicon import VerbEntry
from analysis.events.units import Member, Phrase, Sentence

#: Types whose verb may govern a purpose infinitive of the same subject ("met ... to demand").
PURPOSE_TYPES = frozenset({"CONSULT", "AID", "MOBILIZE", "COOPERATE"})
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\s*$")
#: Types whose target must be an actor that can respond, not a place.
_ACTOR_TARGETS = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT"})
#: A determiner before a verb form makes it an adjective or noun: "an annexed Crimea".
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|its|their|his|her|our)\s+$", re.I)
_INFINITIVE = re.compile(
    r"(?:[’']s\s+[a-z]+)?\s+(?:to\s+[a-z]|(?:that\s+)?(?:it|they|he|she)\s+(?:should|must|ought|needed|needs|had\s+to)\b)"
)
_IT = re.compile(r"\b(?:it|they|It|They|we|We|I|you|You)\s*$")
_AND = re.compile(r"(?:,\s*|\s+)(?:and|but|then|before|after)\s*$")
_TO = re.compile(r"\bto\s*$")
_PARTICIPLE = re.compile(r",\s*(?:in\s+particular\s+|also\s+|while\s+)?$")
_BY = re.compile(r"\s*(?:[a-z]+ly\s+)?by\s+(?:the\s+|a\s+|an\s+)?")
_FROM = re.compile(r"\s*from\s+(?:the\s+|a\s+|an\s+)?")
_COUNTERPART = re.compile(r"\s+(?:counterpart|counterparts|opposite\s+number)\b")


class VerbReader:
    """Events from verbs: the subject, object and clause tests of each lexicon verb of a sentence."""

    text: str
    lex: Any
    _src: Member | None = None
    _override: str | None = None

    def phrase_before(self, s: Sentence, pos: int) -> Phrase | None:
        best = None
        for p in s.phrases:
            if p.end <= pos:
                best = p
            else:
                break
        return best

    def subject(self, s: Sentence, v: int, form: str, state: dict[str, Any]) -> tuple[Phrase | None, bool]:
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

    def _real(self, s: Sentence, p: Phrase) -> Phrase | None:
        """``p`` unless a conditional or negation opens its clause ("if Russia invades")."""
        if p.start >= 0 and (
            C.UNREAL_BEFORE.search(self.text, max(s.lo, p.start - 40), p.start)
            or C.CLAIM_BEFORE.search(self.text, max(s.lo, p.start - 50), p.start)
        ):
            return None
        return p

    def objects(self, s: Sentence, entry: VerbEntry, v_end: int) -> tuple[Member, ...]:
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
            pat = re.compile(rf"\b{prep}\s+{C.DET}$")
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

    def _infinitive_after(self, s: Sentence, v_end: int) -> bool:
        """Whether the verb's object phrase is followed by "to <verb>" or "(that) it should/must"."""
        after = [p for p in s.phrases if p.start >= v_end]
        return bool(after) and bool(_INFINITIVE.match(self.text, after[0].end))

    def _relative(self, s: Sentence, p: Phrase) -> Phrase | None:
        """The antecedent of an object relative clause: "Kherson, the only city that Russia has captured"."""
        text = self.text
        m = re.search(r"(?:that|which|whom)\s+$", text[max(s.lo, p.start - 12) : p.start])
        if not m:
            return None
        at = p.start - (len(text[max(s.lo, p.start - 12) : p.start]) - m.start())
        q = self.phrase_before(s, at)
        if q is None or not re.fullmatch(r",\s+(?:(?:the|a|an)\s+(?:[a-z-]+\s+){0,4})?", text[q.end : at]):
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

    def verb_events(self, s: Sentence, verbs: list[tuple[int, int, re.Match[str]]]) -> None:
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
                        self.group(s, nxt[0], entry, v, v_end)
                    continue
                src = nxt[0]
                if len(src.members) > 1 and (entry.symmetric or entry.reciprocal):
                    self.group(s, src, entry, v, v_end)
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
                self.group(s, subj, entry, v, v_end)
            else:
                state["type"] = None  # no event: nothing for a purpose infinitive to attach to
            state["end"] = v_end
