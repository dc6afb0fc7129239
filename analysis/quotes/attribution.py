"""Attribution: each quotation and reported clause of an article with its speaker frame.

Pairs the quotation marks (:mod:`analysis.quotes.marks`) with the cue verbs
(:mod:`analysis.quotes.lexicon`) of their sentence and finds reported (indirect) clauses
(:mod:`analysis.quotes.clauses`) around the cues no direct quotation consumed. Returns plain rows
of offsets (:class:`~analysis.quotes.schema.Row`), each quotation counted once
(:mod:`analysis.quotes.dedup`); :mod:`analysis.quotes.tables` turns them into the quotes table.
Builds no DataFrames and scores no tone; may not import tables.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from analysis.quotes.clauses import (
    ONLY_PUNCT,
    clause_end,
    indirect_content,
    sentence_bounds,
)
from analysis.quotes.context import QuoteContext
from analysis.quotes.dedup import fold_quotations
from analysis.quotes.lexicon import Cue, VerbLexicon
from analysis.quotes.marks import RawQuote
from analysis.quotes.schema import Frame, Row
from analysis.quotes.speakers import MAX_SPEAKER_WORDS, leading_subject, speaker_frame

#: A quote of at most this many words with no speech cue is a scare quote.
SCARE_WORDS = 4
#: Cue recorded for a quotation signed with a dash and a name ("“...” ― Jane Doe").
DASH_CUE = "dash"
#: A quote of at most this many words, all capitalised (function words aside), is a title: kind scare.
TITLE_WORDS = 8

_DASH_NAME = re.compile(
    r"[,.]?[ \t\u00a0]*[―—–][ \t\u00a0]*([A-Z][\w.’'-]*(?:[ \t\u00a0]+[A-Z][\w.’'-]*){0,4})"
)
_TITLE_WORD = r"(?:[A-Z0-9][\w’'&.:-]*|a|an|the|of|and|in|on|for|to|with|at|by|or|is|my|our|your)"
_TITLE = re.compile(rf"[A-Z0-9][\w’'&.:-]*(?:[ \u00a0]+{_TITLE_WORD})*[,.!?]?")
_THAT = re.compile(r"\s*(?:[^\s,.;:“”\"]+\s+){0,5}?that\b\s*")
_WORD = re.compile(r"\w+")
#: A speaker phrase that is only a conjunction ("... and warned"), or starts with one ("and he").
_CONJ = re.compile(r"(?:[Aa]nd|[Bb]ut|[Oo]r)\b\s*")


def _next_sentence_end(ctx: QuoteContext, q: RawQuote) -> int:
    """End of the sentence that starts after quotation ``q`` when ``q`` ends its own sentence
    ("“...?” Vladimir Makei said."); else -1."""
    text = ctx.text
    pos = q.close
    while pos < len(text) and text[pos] in " \t\u00a0":
        pos += 1
    if pos >= len(text) or text[pos] == "\n":
        return -1
    here = ctx.sid_of(max(q.close - 1, q.open))
    nxt = ctx.sid_of(pos)
    if nxt != here + 1 or ctx.s_start[nxt] != pos:
        return -1
    return ctx.s_end[nxt]


#: A one-line paragraph "Name: what they said" (a headline or subhead: "Pence: Flowers Won't Be
#: at Debate"): a name of one to four capitalised words, a colon, at least three words.
_HEADLINE = re.compile(r"([A-Z][\w.’'-]*(?:[ \u00a0]+[A-Z][\w.’'-]*){0,3}):[ \u00a0]+(\S[^\n]*\S)")
#: Labels that open a headline without naming a speaker.
_HEADLINE_LABELS = frozenset(
    "The Latest|Update|Updated|Note|Editor's Note|Editor’s Note|Watch|Video|Photos|Opinion|Analysis|"
    "Exclusive|Breaking|Live|Read|Related|See|Listen|Correction|Source|Sources|Photo|Image|Author|"
    "Authors|By|Credit|Credits|Media|Contact|Tags|Topics|Share|Subscribe|Advertisement".split("|")
)
#: First words of page furniture before a colon ("See Video Gowin:", "VIEW VIDEO ...:").
_HEADLINE_FURNITURE = re.compile(r"(?:See|View|Watch|Read|Listen|VIEW|WATCH|SEE|READ)\b")
#: Fewest words of what a headline attributes.
MIN_HEADLINE_WORDS = 3
#: Most words of a headline paragraph.
HEADLINE_WORDS = 30
COLON_CUE = "colon"


def _headline_colons(ctx: QuoteContext) -> list[Row]:
    """Rows for one-line paragraphs "Name: what they said" (cue ``colon``)."""
    text = ctx.text
    out = []
    for ps, pe in ctx.paragraphs or ((0, len(text)),):
        m = _HEADLINE.fullmatch(text, ps, pe) if pe - ps < 400 else None
        if m is None or m.group(1) in _HEADLINE_LABELS or len(m.group(2).split()) < MIN_HEADLINE_WORDS:
            continue
        if _HEADLINE_FURNITURE.match(m.group(1)):
            continue
        if len(text[ps:pe].split()) > HEADLINE_WORDS:
            continue
        colon = m.end(1)
        s, e = m.start(2), m.end(2)
        while e > s and text[e - 1] in ".;,":
            e -= 1
        out.append(Row("indirect", s, e, Frame(colon, colon + 1, COLON_CUE, m.start(1), m.end(1), False)))
    return out


def attribute(ctx: QuoteContext, raw: list[RawQuote], cues: list[Cue], lex: VerbLexicon) -> list[Row]:
    """Rows for every quotation and reported clause, with their (unresolved) speaker frames.

    A quotation inside a reported clause is a fragment of the clause's row, not a row of its own
    (:func:`~analysis.quotes.dedup.fold_quotations`).
    """
    text = ctx.text
    cue_pos = [c.start for c in cues]
    q_open = [q.open for q in raw]
    rows: list[Row] = []
    consumed: set[int] = set()  # cues whose quotation is their whole content
    framed: dict[int, Frame] = {}  # quote index -> frame
    last_sid_frames: list[tuple[int, Frame]] = []  # (last sid, frame) of attributed rows

    def cues_in(a: int, b: int) -> list[int]:
        return list(range(bisect_left(cue_pos, a), bisect_left(cue_pos, b)))

    frames: dict[tuple[int, int, int], Frame] = {}

    def frame_of(k: int, lo: int, hi: int) -> Frame:
        """The speaker frame of cue ``k`` in ``[lo, hi)``, computed once: a cue left of a quote
        that the quote does not consume comes back as reported speech, mostly with the same bounds."""
        key = (k, lo, hi)
        f = frames.get(key)
        if f is None:
            f = frames[key] = _coordinated(k, speaker_frame(text, cues[k], lo, hi))
        return f

    def _coordinated(k: int, f: Frame) -> Frame:
        """The frame of a cue whose subject is another verb's: "X said ... and warned" (speaker
        "and"), "says X, explaining that" (a participle after a comma)."""
        c = cues[k]
        participle = text[c.start : c.end].endswith("ing") and text[: c.start].rstrip().endswith(",")
        if f.speaker_start >= 0 and not participle:
            m = _CONJ.match(text, f.speaker_start, f.speaker_end)
            if m is None:
                return f
            if m.end() < f.speaker_end:  # "and he said": the pronoun speaks
                return Frame(f.cue_start, f.cue_end, f.lemma, m.end(), f.speaker_end, f.inverted)
        elif f.speaker_start >= 0 and not text[f.speaker_start].isupper():
            return f  # a participle whose clause-initial subject is a pronoun or lower-case phrase
        # the subject of the previous cue of the sentence speaks, else the sentence's subject
        s_lo, _ = sentence_bounds(ctx, c.start)
        for j in reversed(cues_in(s_lo, c.start)):
            g = frame_of(j, s_lo, c.start)
            if g.speaker_start >= 0:
                return Frame(f.cue_start, f.cue_end, f.lemma, g.speaker_start, g.speaker_end, False)
        if f.speaker_start >= 0 and participle:
            return f
        ls, le = leading_subject(text, s_lo, c.start)
        return Frame(f.cue_start, f.cue_end, f.lemma, ls, le, False)

    for i, q in enumerate(raw):
        s_lo, s_hi = sentence_bounds(ctx, q.open)
        lo = s_lo
        if i > 0 and s_lo <= raw[i - 1].close <= q.open:
            lo = raw[i - 1].close
        _, r_hi = sentence_bounds(ctx, max(q.close - 1, q.open))
        if r_hi <= q.close:  # the sentence ended inside the closing punctuation
            nxt = _next_sentence_end(ctx, q)
            # "“...?” Vladimir Makei said.": a next sentence that is only an attribution
            if nxt > 0 and len(text[q.close : nxt].split()) <= MAX_SPEAKER_WORDS + 2:
                r_hi = nxt
        hi = r_hi
        if i + 1 < len(raw) and q.close <= raw[i + 1].open < hi:
            hi = raw[i + 1].open
        left_text = text[lo : q.open]
        left_empty = bool(ONLY_PUNCT.match(left_text))
        lcues = cues_in(lo, q.open)
        rcues = cues_in(q.close, hi) if hi > q.close else []
        frame: Frame | None = None
        direct = left_empty or left_text.rstrip().endswith(":")
        dash = _DASH_NAME.match(text, q.close)
        if dash and (left_empty or not lcues):
            # "“...” ― Christina Lastra": a quotation signed with a dash and a name
            frame = Frame(dash.start(1) - 1, dash.start(1) - 1, DASH_CUE, dash.start(1), dash.end(1), True)
        elif left_empty and rcues:
            frame = frame_of(rcues[0], q.close, hi)
            head = cues[rcues[0]].start if frame.inverted or frame.speaker_start < 0 else frame.speaker_start
            if len(_WORD.findall(text, q.close, head)) >= 3:
                # "“You squeezed employees” to drive up the stock price, she said": the quote
                # opens a clause that the cue reports; that clause's row takes it as a fragment
                direct = False
            else:
                consumed.add(rcues[0])
        elif lcues:
            k = lcues[-1]
            c = cues[k]
            frame = frame_of(k, lo, q.open)
            between = text[c.end : q.open]
            if ONLY_PUNCT.match(between) or (
                frame.inverted and ONLY_PUNCT.match(text[frame.speaker_end : q.open])
            ):
                direct = True
                consumed.add(k)
            elif (
                c.lemma in lex.object_lemmas
                and len(between.split()) <= 3
                and not _THAT.match(between)
                and len(text[q.close : hi].split()) <= 2
            ):
                consumed.add(k)  # "urged Russia “to respect ...”": the quote is the content
        elif rcues:
            # a partial quote before its attribution ("Not paying taxes ''makes me smart,'' Trump
            # said"): the cue also reports the clause around it, which takes the quote as fragment
            frame = frame_of(rcues[0], q.close, hi)
        elif i > 0 and i - 1 in framed and raw[i - 1].close >= s_lo:
            frame = framed[i - 1]  # a later quotation of the sentence: the same speaker
        elif left_empty:
            sid = ctx.sid_of(q.open)
            prev = [f for s, f in last_sid_frames if s == sid - 1]
            if prev:
                frame = prev[-1]
            elif sid > 0:
                ps, pe = ctx.s_start[sid - 1], ctx.s_end[sid - 1]
                pc = cues_in(ps, pe)
                if pc:
                    f = frame_of(pc[-1], ps, pe)
                    if f.speaker_start >= 0:
                        frame = f
        if frame is not None and frame.speaker_start < 0:
            frame = None if not direct else frame
        content = text[q.start : q.end]
        n_words = len(content.split())
        if n_words <= TITLE_WORDS and _TITLE.fullmatch(content):
            frame, kind = None, "scare"  # a title or name in quotes ("Fox News Sunday"): not speech
        elif frame is None and n_words <= SCARE_WORDS:
            kind = "scare"
        else:
            kind = "direct" if direct else "partial"
        if frame is not None:
            framed[i] = frame
            if frame.speaker_start >= 0:
                last_sid_frames.append((ctx.sid_of(max(q.end - 1, q.start)), frame))
        rows.append(Row(kind, q.start, q.end, frame, ((q.start, q.end),)))

    # reported (indirect) speech: its clause runs over partial quotes, up to direct ones
    direct_open = [q.open for q, r in zip(raw, rows, strict=True) if r.kind == "direct"]
    direct_close = [q.close for q, r in zip(raw, rows, strict=True) if r.kind == "direct"]
    clauses: list[Row] = []
    for k, c in enumerate(cues):
        if k in consumed:
            continue
        s_lo, s_hi = sentence_bounds(ctx, c.start)
        j = bisect_right(direct_open, c.start) - 1
        lo = direct_close[j] if j >= 0 and s_lo <= direct_close[j] <= c.start else s_lo
        hi = direct_open[j + 1] if j + 1 < len(direct_open) and c.end <= direct_open[j + 1] < s_hi else s_hi
        frame = frame_of(k, lo, hi)
        if frame.speaker_start < 0:
            continue
        end = clause_end(ctx, c.start, raw, q_open)
        s, e = indirect_content(text, c, frame, lo, end, lex, cues, cue_pos)
        if s < 0:
            continue
        # content entirely inside one quotation is that quotation, not reported speech
        jq = bisect_right(q_open, s) - 1
        if jq >= 0 and raw[jq].open <= s and e <= raw[jq].close:
            continue
        clauses.append(Row("indirect", s, e, frame))
    clauses.extend(_headline_colons(ctx))
    return fold_quotations(rows, clauses)
