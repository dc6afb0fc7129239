"""Attribution: each quotation and reported clause of an article with its speaker frame.

Pairs the quotation marks (:mod:`analysis.quotes.marks`) with the cue verbs
(:mod:`analysis.quotes.lexicon`) of their sentence and finds reported (indirect) clauses around
the cues no quotation consumed. Returns plain rows of offsets; :mod:`analysis.quotes.tables`
turns them into the quotes table.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from analysis.quotes.context import QuoteContext
from analysis.quotes.lexicon import Cue, VerbLexicon
from analysis.quotes.marks import RawQuote
from analysis.quotes.schema import KINDS
from analysis.quotes.speakers import _LEAD_ADV, _TIME_ADV, Frame, speaker_frame

#: A quote of at most this many words with no speech cue is a scare quote.
SCARE_WORDS = 4
#: Cue recorded for a quotation signed with a dash and a name ("“...” ― Jane Doe").
DASH_CUE = "dash"
#: A quote of at most this many words, all capitalised (function words aside), is a title: kind scare.
TITLE_WORDS = 8
#: Fewest words an indirect (reported) clause must have.
MIN_INDIRECT_WORDS = 3


@dataclass(frozen=True)
class _Row:
    kind: str
    start: int
    end: int
    frame: Frame | None


_DASH_NAME = re.compile(
    r"[,.]?[ \t\u00a0]*[―—–][ \t\u00a0]*([A-Z][\w.’'-]*(?:[ \t\u00a0]+[A-Z][\w.’'-]*){0,4})"
)
_TITLE_WORD = r"(?:[A-Z0-9][\w’'&.:-]*|a|an|the|of|and|in|on|for|to|with|at|by|or|is|my|our|your)"
_TITLE = re.compile(rf"[A-Z0-9][\w’'&.:-]*(?:[ \u00a0]+{_TITLE_WORD})*[,.!?]?")
_ONLY_PUNCT = re.compile(r"^[\W_]*$")
_CONNECTOR = re.compile(r"^\s*(?:,|and|or|but|;|—|–|-|\s)*\s*$")
_THAT = re.compile(r"\s*(?:[^\s,.;:“”\"]+\s+){0,5}?that\b\s*")
_CLAUSE_BAD_START = re.compile(r"(?:to|by|for|about|on|in|at|with|of|from|and|or|as|it\.|so\b)\b", re.I)
_END_PUNCT = re.compile(r"[\s.!?;:,]+$")


def _sentence_bounds(ctx: QuoteContext, pos: int) -> tuple[int, int]:
    i = ctx.sid_of(pos)
    return ctx.s_start[i], ctx.s_end[i]


def _clause_end(ctx: QuoteContext, pos: int, raw: list[RawQuote], q_open: list[int]) -> int:
    """End of the sentence containing ``pos``, extended past a quotation it would cut."""
    _, end = _sentence_bounds(ctx, pos)
    for _ in range(4):
        i = bisect_right(q_open, end - 1) - 1
        if i >= 0 and raw[i].open < end < raw[i].close:
            end = _sentence_bounds(ctx, raw[i].close - 1)[1]
        else:
            break
    return end


def _trim_content(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    m = _END_PUNCT.search(text, s, e)
    if m and m.end() == e:
        e = m.start()
    return s, e


def _indirect_content(
    text: str, ctx: QuoteContext, cue: Cue, frame: Frame, lo: int, clause_end: int, lex: VerbLexicon
) -> tuple[int, int]:
    """The reported clause of a cue: after it ("X said (that) ..."), before it ("..., X said"),
    or around "according to X". (-1, -1) when there is none."""
    if cue.according:
        before = text[lo : cue.start]
        if _ONLY_PUNCT.match(before) or _LEAD_ADV.fullmatch(before.strip() + " "):
            comma = text.find(",", frame.speaker_end, clause_end)
            if comma < 0:
                return -1, -1
            return _trim_content(text, comma + 1, clause_end)
        comma = text.rfind(",", lo, cue.start)
        if comma < 0:
            return -1, -1
        return _trim_content(text, lo, comma)
    p = frame.speaker_end if frame.inverted else cue.end
    m = _THAT.match(text, p, clause_end)
    if m:
        s, e = _trim_content(text, m.end(), clause_end)
    elif cue.lemma in lex.object_lemmas or cue.lemma not in lex.bare_lemmas:
        s, e = -1, -1
    else:
        t = _TIME_ADV.match(text, p, clause_end)
        q = t.end() if t else p
        s, e = _trim_content(text, q, clause_end)
        if s < e and (text[s] in ",.;:" or _CLAUSE_BAD_START.match(text, s, e)):
            s, e = -1, -1
    if s >= 0 and len(text[s:e].split()) >= MIN_INDIRECT_WORDS:
        return s, e
    # backward: "CLAUSE, X said." / "CLAUSE, said X."
    head = frame.speaker_start if not frame.inverted else cue.start
    tail = text[max(frame.speaker_end, cue.end) : clause_end]
    if len(tail.split()) > 5 or "that" in tail.split():
        return -1, -1
    comma = text.rfind(",", lo, head)
    if comma < 0 or text[comma + 1 : head].strip():
        return -1, -1
    s, e = _trim_content(text, lo, comma)
    if len(text[s:e].split()) >= MIN_INDIRECT_WORDS:
        return s, e
    return -1, -1


def _attribute(ctx: QuoteContext, raw: list[RawQuote], cues: list[Cue], lex: VerbLexicon) -> list[_Row]:
    """Rows for every quotation and reported clause, with their (unresolved) speaker frames."""
    text = ctx.text
    cue_pos = [c.start for c in cues]
    q_open = [q.open for q in raw]
    rows: list[_Row] = []
    consumed: set[int] = set()
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
            f = frames[key] = speaker_frame(text, cues[k], lo, hi)
        return f

    for i, q in enumerate(raw):
        s_lo, s_hi = _sentence_bounds(ctx, q.open)
        lo = s_lo
        if i > 0 and s_lo <= raw[i - 1].close <= q.open:
            lo = raw[i - 1].close
        _, r_hi = _sentence_bounds(ctx, max(q.close - 1, q.open))
        if r_hi <= q.close:  # the sentence ended inside the closing punctuation
            r_hi = (
                _sentence_bounds(ctx, q.close)[1] if ctx.sid_of(q.close) != ctx.sid_of(q.close - 1) else r_hi
            )
        hi = r_hi
        if i + 1 < len(raw) and q.close <= raw[i + 1].open < hi:
            hi = raw[i + 1].open
        left_text = text[lo : q.open]
        left_empty = bool(_ONLY_PUNCT.match(left_text))
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
            consumed.add(rcues[0])
        elif lcues:
            k = lcues[-1]
            c = cues[k]
            frame = frame_of(k, lo, q.open)
            between = text[c.end : q.open]
            if _ONLY_PUNCT.match(between) or (
                frame.inverted and _ONLY_PUNCT.match(text[frame.speaker_end : q.open])
            ):
                direct = True
                consumed.add(k)
            elif c.lemma in lex.object_lemmas and len(between.split()) <= 3 and not _THAT.match(between):
                consumed.add(k)  # "urged Russia “to respect ...”": the quote is the content
        elif rcues:
            frame = frame_of(rcues[0], q.close, hi)
            consumed.add(rcues[0])
        elif i > 0 and i - 1 in framed and _CONNECTOR.match(left_text) and raw[i - 1].close >= s_lo:
            frame = framed[i - 1]  # "“...” and “...”": same speaker as the quote before
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
        rows.append(_Row(kind, q.start, q.end, frame))

    # reported (indirect) speech
    for k, c in enumerate(cues):
        if k in consumed:
            continue
        s_lo, s_hi = _sentence_bounds(ctx, c.start)
        j = bisect_right(q_open, c.start) - 1
        lo = raw[j].close if j >= 0 and s_lo <= raw[j].close <= c.start else s_lo
        hi = raw[j + 1].open if j + 1 < len(raw) and c.end <= raw[j + 1].open < s_hi else s_hi
        frame = frame_of(k, lo, hi)
        if frame.speaker_start < 0:
            continue
        clause_end = _clause_end(ctx, c.start, raw, q_open)
        s, e = _indirect_content(text, ctx, c, frame, lo, clause_end, lex)
        if s < 0:
            continue
        # content entirely inside one quotation is that quotation, not reported speech
        jq = bisect_right(q_open, s) - 1
        if jq >= 0 and raw[jq].open <= s and e <= raw[jq].close:
            continue
        rows.append(_Row("indirect", s, e, frame))
    rows.sort(key=lambda r: (r.start, KINDS.index(r.kind), r.end))
    return rows
