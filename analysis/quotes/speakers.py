"""Speaker phrases: the phrase around a cue verb that names who speaks, and its actor.

:func:`speaker_frame` finds the phrase left of the cue ("X said", appositives skipped), after it
(inverted "said X", "according to X") or at the head of the clause ("X ..., saying that");
:func:`resolve_speakers` maps phrases to actors through the mentions (pronouns through earlier
speakers). Works on offsets only; builds no tables; may not import clauses, attribution or tables.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from analysis.quotes.context import QuoteContext
from analysis.quotes.lexicon import Cue
from analysis.quotes.schema import Frame

#: Most words a speaker phrase may have.
MAX_SPEAKER_WORDS = 9

_CHUNK_SPLIT = re.compile(r"''|,(?!\d)|[;:()\[\]“”\"«»—–]|\s-\s")
#: Adverbs and auxiliaries between a speaker and the cue ("X also said", "X has repeatedly said"),
#: besides any lower-case word ending in "ly" (``_LY_WORD``).
_TRAIL_WORDS = frozenset(
    "also later then again once further previously repeatedly recently publicly privately has have had "
    "would will could may might did does do is was were are not never reportedly".split()
)
_LY_WORD = re.compile(r"[a-z]+ly")
_LEAD_ADV_BODY = (
    r"\s*(?:(?:But|And|Yet|Still|However|Meanwhile|Now|So|Instead|Also|Then|Later|"
    r"Separately|Earlier|Previously|Indeed|Rather|Meantime)\b\s*)+"
)
#: Leading sentence adverbs ("But", "Meanwhile"); the ``^`` matches at the start of the string only.
LEAD_ADV = re.compile("^" + _LEAD_ADV_BODY)
#: Leading sentence adverbs at the offset given to ``match(text, pos, endpos)``.
_LEAD_ADV_AT = re.compile(_LEAD_ADV_BODY)
_CUT_WORDS = frozenset(
    "that which who whom whose what because while when whereas if but so than after before since although "
    "though where to as until unless".split()
)
_SKIP_START = frozenset(
    "in at on during after before with without according for from by under over about "
    "speaking writing addressing".split()
)
_PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "it": "thing",
    "they": "group",
    "we": None,
    "i": None,
    "you": None,
}
_NP_STOP_AFTER = re.compile(
    r"''|[,.;:!?()“”\"«»—–]|\s(?:on|in|at|during|after|before|who|which|that|when|while|as|to|for|"
    r"from|with|of\s+the\s+\w+day)\s"
)
TIME_ADV = re.compile(
    r"\s*,?\s*(?:(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?|"
    r"(?:yesterday|today|tonight|earlier|later|afterward|afterwards|again|also|recently|repeatedly|"
    r"last\s+(?:week|month|year|night)|this\s+(?:week|month|year)|in\s+a\s+(?:statement|tweet|"
    r"speech|post|interview|letter|briefing)|on\s+(?:Twitter|Telegram|Facebook|X|television|TV)|"
    r"in\s+an\s+(?:interview|address|op-ed)))\b\s*,?"
)


def _np_in_chunk(text: str, cs: int, ce: int) -> tuple[int, int]:
    """Speaker NP at the tail of the chunk ``text[cs:ce]``: cut at clause words, at most N words."""
    m = _LEAD_ADV_AT.match(text, cs, ce)
    start = m.end() if m else cs
    body = text[start:ce]
    words = body.split()
    cut = 0  # the NP starts after the last clause word
    for i, w in enumerate(words):
        if w in _CUT_WORDS:
            cut = i + 1
    n = len(words) - cut
    if n < 1 or n > MAX_SPEAKER_WORDS:
        return -1, -1
    end = start + len(body.rstrip())
    if not cut:
        return start + len(body) - len(body.lstrip()), end
    s = end
    for w in reversed(words[cut:]):  # walk back over the NP's words to its first one
        s = text.rfind(w, start, s)
    return s, end


def _trailing_adverbs(text: str, lo: int, hi: int) -> int:
    """Where the adverbs and auxiliaries ending ``text[lo:hi]`` start, with the whitespace before
    them (each needs some), e.g. at the space before "also has"; ``hi`` when it ends in none."""
    body = text[lo:hi].rstrip()
    start = hi
    while body:
        parts = body.rsplit(None, 1)
        if len(parts) == 2:
            head, word = parts
        elif body[0].isspace():
            head, word = "", parts[0]
        else:
            break  # the first word of the segment: no whitespace before it
        if word not in _TRAIL_WORDS and not _LY_WORD.fullmatch(word):
            break
        start, body = lo + len(head), head
    return start


def _left_speaker(text: str, lo: int, v: int) -> tuple[int, int]:
    """Speaker phrase left of the cue at ``v`` (not before ``lo``), or (-1, -1)."""
    seg_end = _trailing_adverbs(text, lo, v)
    chunks = []  # (start, end) of the pieces between punctuation
    cs = lo
    for x in _CHUNK_SPLIT.finditer(text, lo, seg_end):
        chunks.append((cs, x.start()))
        cs = x.end()
    chunks.append((cs, seg_end))
    i = len(chunks) - 1
    # trailing empty chunk: "X, a former ambassador, said" -> the chunk before the comma is an aside
    if not text[chunks[i][0] : chunks[i][1]].strip():
        i -= 1
        if i < 0:
            return -1, -1
        parenthetical = True
    else:
        parenthetical = False
    while i >= 0:
        cs, ce = chunks[i]
        body = text[cs:ce].strip()
        if not body:
            return -1, -1
        first = body.split(None, 1)[0]
        has_before = i > 0 and bool(text[chunks[i - 1][0] : chunks[i - 1][1]].strip())
        aside = (
            first[0].islower()
            and (first in _SKIP_START or first.endswith("ing"))
            and first.lower() not in _PRONOUNS
        )
        if (parenthetical and has_before) or (aside and has_before):
            i -= 1
            parenthetical = False
            continue
        if aside:
            return -1, -1
        if body.endswith(" and"):
            # "Lavrov spoke after the meeting and said": the coordinated verb's subject
            return leading_subject(text, cs, ce)
        return _np_in_chunk(text, cs, ce)
    return -1, -1


def _right_speaker(text: str, v_end: int, hi: int) -> tuple[int, int]:
    """Speaker phrase right after the cue (inverted "said X", "according to X")."""
    seg = text[v_end:hi]
    m = _NP_STOP_AFTER.search(seg)
    stop = v_end + (m.start() if m else len(seg))
    s, e = v_end, stop
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s or len(text[s:e].split()) > MAX_SPEAKER_WORDS:
        return -1, -1
    first = text[s:e].split(None, 1)[0]
    if first.lower() in ("that", "to", "the") and len(text[s:e].split()) == 1:
        return -1, -1
    return s, e


_LEADING_NP = re.compile(
    r"(?:He|She|They|It|We)\b|[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|the|for|and|de|von|van|al))*"
)


#: A leading adverbial phrase up to its comma ("On Friday, ", "In a televised address, ").
_LEAD_PHRASE = re.compile(
    r"(?:In|On|At|During|After|Before|While|When|Following|With|Despite|Although|Since|Last|"
    r"Earlier|Later|Speaking|Addressing|Responding|Writing|Amid|Ahead|Under|From|For|By)\b[^,;:“”\"]{0,80},\s*"
)


def leading_subject(text: str, lo: int, v: int) -> tuple[int, int]:
    """The clause-initial name or pronoun of ``text[lo:v]`` (subject of "..., saying that")."""
    seg_start = lo
    while seg_start < v and text[seg_start].isspace():
        seg_start += 1
    m = _LEAD_ADV_AT.match(text, seg_start, v)
    if m:
        seg_start = m.end()
    m = _LEAD_PHRASE.match(text, seg_start, v)
    if m:
        seg_start = m.end()  # "On Friday, Shoigu presented ..., saying": the subject follows
    m = _LEADING_NP.match(text, seg_start, v)
    if not m:
        return -1, -1
    e = m.end()
    words = text[m.start() : e].split()
    while words and words[-1] in ("of", "the", "for", "and", "de", "von", "van", "al"):
        e = text.rfind(words.pop(), m.start(), e)
    e = m.start() + len(text[m.start() : e].rstrip())
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return -1, -1
    return m.start(), e


_LETTER = re.compile(r"[A-Za-z]")


def speaker_frame(text: str, cue: Cue, lo: int, hi: int, prefer_inverted: bool = False) -> Frame:
    """The speaker of a cue: left subject, else the phrase after it (inverted, "according to").

    ``lo``/``hi`` bound the clause around the cue (the speaker phrase lies inside them).
    """
    if cue.according:
        s, e = _right_speaker(text, cue.end, hi)
        return Frame(cue.start, cue.end, cue.lemma, s, e, True)
    if text[cue.start : cue.end].endswith("ing") and text[lo : cue.start].rstrip().endswith(","):
        # "Lavrov followed up on ..., stating that ...": the main clause's subject speaks
        s, e = leading_subject(text, lo, cue.start)
        return Frame(cue.start, cue.end, cue.lemma, s, e, False)
    if text[lo : cue.start].rstrip().endswith(","):
        # "CLAUSE, says Ziabari": a cue after a comma, a name after the cue
        s2, e2 = _right_speaker(text, cue.end, hi)
        # the phrase is all that follows: not "said Thursday that", not "called Mr. Obama's remarks"
        rest = text[e2:hi].strip()
        ends = not rest or rest[0] in ",;:!?" or rest.rstrip("”\"’'") == "."
        if s2 >= 0 and ends and text[s2].isupper() and text[s2:e2].lower() not in _PRONOUNS:
            return Frame(cue.start, cue.end, cue.lemma, s2, e2, True)
    s, e = _left_speaker(text, lo, cue.start)
    if s >= 0 and not prefer_inverted:
        return Frame(cue.start, cue.end, cue.lemma, s, e, False)
    between = text[lo : cue.start]
    # inverted only when nothing but punctuation or an aside sits before the verb
    if s < 0 and not _LETTER.search(between.split(",")[-1] if "," in between else between):
        s2, e2 = _right_speaker(text, cue.end, hi)
        if s2 >= 0:
            return Frame(cue.start, cue.end, cue.lemma, s2, e2, True)
    if s < 0 and "," in between:
        s2, e2 = _right_speaker(text, cue.end, hi)
        if s2 >= 0 and text[s2].isupper():
            return Frame(cue.start, cue.end, cue.lemma, s2, e2, True)
    return Frame(cue.start, cue.end, cue.lemma, s, e, False)


def resolve_speakers(ctx: QuoteContext, frames: list[Frame | None]) -> list[tuple[Any, Any, Any]]:
    """(actor id, name, affiliation) of each frame's speaker; pronouns through earlier speakers."""
    text = ctx.text
    out: list[tuple[Any, Any, Any]] = []
    last: dict[str, tuple[Any, Any, Any]] = {}
    none = (None, None, None)
    for f in frames:
        if f is None or f.speaker_start < 0:
            out.append(none)
            continue
        surface = text[f.speaker_start : f.speaker_end]
        low = surface.lower()
        if low in _PRONOUNS:
            want = _PRONOUNS[low]
            hit = none
            if want == "person":
                hit = last.get("person") or _last_mention(ctx, f.speaker_start, person=True)
            elif want in ("thing", "group"):
                hit = last.get("other") or _last_mention(ctx, f.speaker_start, person=False)
            out.append(hit or none)
            continue
        idx = ctx.mentions_in(f.speaker_start, f.speaker_end)
        if not idx:
            out.append(none)
            continue
        persons = [i for i in idx if ctx.m_type[i] == "person"]
        i = persons[-1] if persons else idx[0]
        hit = (ctx.m_actor[i], ctx.m_name[i], ctx.m_aff[i])
        last["person" if ctx.m_type[i] == "person" else "other"] = hit
        out.append(hit)
    return out


def _last_mention(ctx: QuoteContext, pos: int, *, person: bool) -> tuple[Any, Any, Any] | None:
    j = bisect_left(ctx.m_start, pos) - 1
    while j >= 0:
        if (ctx.m_type[j] == "person") == person:
            return (ctx.m_actor[j], ctx.m_name[j], ctx.m_aff[j])
        j -= 1
    return None
