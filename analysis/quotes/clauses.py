"""Reported clauses: the words a cue verb reports ("X said (that) CLAUSE", "CLAUSE, X said",
"CLAUSE1, X said, CLAUSE2", "according to X, CLAUSE").

Pure functions over the text, the sentence offsets (:class:`QuoteContext`), a cue and its speaker
frame; they find no cues, speakers or quotation marks themselves.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from analysis.quotes.context import QuoteContext
from analysis.quotes.lexicon import Cue, VerbLexicon
from analysis.quotes.marks import RawQuote
from analysis.quotes.schema import Frame
from analysis.quotes.speakers import LEAD_ADV, TIME_ADV

#: Fewest words an indirect (reported) clause must have.
MIN_INDIRECT_WORDS = 3

ONLY_PUNCT = re.compile(r"^[\W_]*$")
_THAT = re.compile(r"\s*(?:[^\s,.;:]+\s+){0,5}?that\b\s*")
#: "says at a campaign stop in Toledo, Ohio, that ...": a longer gap, closed by ", that".
_COMMA_THAT = re.compile(r"\s*(?:[^\s.;:“”\"]+\s+){0,10}?[^\s.;:“”\"]*,\s+that\b\s*")
_CLAUSE_BAD_START = re.compile(r"(?:to|by|for|about|on|in|at|with|of|from|and|or|as|it\.|so\b)\b", re.I)
#: A hearer followed by what is asked of it or charged: "urged Russia to ...", "accused Moscow of",
#: "warned of ...".
_HEARER_THEN = re.compile(
    r"\s+(?:(?:[^\s,.;:“”\"]+\s+){1,5}?to\s+[“\"]?[a-z]|(?:[^\s,.;:“”\"]+\s+){0,5}?(?:of|for)\s+\w)"
)
#: Words that do not start an object content ("criticized in a statement", "warned by ...").
_OBJECT_BAD_START = re.compile(
    r"(?:by|in|into|off|up|back|at|from|and|or|as|after|before|during|when|while|since|but|"
    r"it\.)\b",
    re.I,
)
_INDEFINITE = re.compile(r"an?\s")
_END_PUNCT = re.compile(r"[\s.!?;:,]+$")
#: What may sit between a reported clause and a coordinated cue that ends it: "..., and he
#: warned", "... but added", "... and later said" (the text must end where the cue starts).
_COORDINATION = re.compile(
    r"(?:(?:[,;]\s*)?\b(?:and|but)\s+(?:(?:he|she|they|it|we|I)\s+)?|[,;]\s*(?:and|but)\s+(?:[\w’'.-]+\s+){1,6}?)"
    r"(?:(?:also|then|later|again|further|[a-z]+ly)\s+)*$"
)
#: Where a reported clause ends even without a new cue.
_CLAUSE_BREAK = re.compile(
    r";\s|\s(?:--|—|–)\s|,\s+(?:which|as\s+(?:he|she|they|it|we|I)\b|especially|including|"
    r"although|though)|\s+but\s+also\b"
)
#: An object content ends at its first comma before a lower-case word ("called for talks,
#: focusing on ..."): what follows is an adjunct, not the object.
_OBJECT_END = re.compile(r",\s+[a-z]")
#: Words that open an adjunct after an attribution ("..., X said, as they ..."), not the rest of
#: an interrupted clause.
_ADJUNCT = re.compile(
    r"(?:as|while|after|before|because|when|since|although|though|even|but|and|in|at|on|during|"
    r"according|who|which|a|an)$"
)
#: A participle cue after a comma starts a new attribution: "..., adding that ...".
_PARTICIPLE_GAP = re.compile(r"[,;]\s*(?:(?:also|then|later|again|further)\s+)?$")


def sentence_bounds(ctx: QuoteContext, pos: int) -> tuple[int, int]:
    """``(start, end)`` of the sentence holding ``pos``."""
    i = ctx.sid_of(pos)
    return ctx.s_start[i], ctx.s_end[i]


def clause_end(ctx: QuoteContext, pos: int, raw: list[RawQuote], q_open: list[int]) -> int:
    """End of the sentence containing ``pos``, extended past a quotation it would cut."""
    _, end = sentence_bounds(ctx, pos)
    for _ in range(4):
        i = bisect_right(q_open, end - 1) - 1
        if i >= 0 and raw[i].open < end < raw[i].close:
            end = sentence_bounds(ctx, raw[i].close - 1)[1]
        else:
            break
    return end


def trim_content(text: str, s: int, e: int) -> tuple[int, int]:
    """``[s, e)`` without leading whitespace and trailing punctuation."""
    while s < e and text[s].isspace():
        s += 1
    m = _END_PUNCT.search(text, s, e)
    if m and m.end() == e:
        e = m.start()
    return s, e


def next_attribution(text: str, s: int, e: int, cues: list[Cue], cue_pos: list[int]) -> int:
    """Where a clause ``[s, e)`` ends: at a semicolon, a spaced dash or a non-restrictive
    ", which" / ", as he ..." (outside quotation marks), or where a coordinated or participle cue
    starts a new attribution ("X said A, and warned B": A ends before ", and"); else ``e``."""
    b = _CLAUSE_BREAK.search(text, s, e)
    if b is not None:
        e = b.start()
    for k in range(bisect_right(cue_pos, s), bisect_left(cue_pos, e)):
        c = cues[k]
        m = _COORDINATION.search(text, s, c.start)
        if m is None and text[c.start : c.end].endswith("ing"):
            m = _PARTICIPLE_GAP.search(text, s, c.start)
        if m is not None and m.start() > s:
            return m.start()
    return e


def _is_cue_start(text: str, pos: int, cue_pos: list[int]) -> bool:
    """Whether a cue starts at the first word at or after ``pos``."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    i = bisect_left(cue_pos, pos)
    return i < len(cue_pos) and cue_pos[i] == pos


def indirect_content(
    text: str,
    cue: Cue,
    frame: Frame,
    lo: int,
    end: int,
    lex: VerbLexicon,
    cues: list[Cue],
    cue_pos: list[int],
) -> tuple[int, int]:
    """The reported clause of a cue: after it ("X said (that) ..."), before it ("..., X said"),
    around it ("A, he argued, B") or around "according to X". (-1, -1) when there is none.

    Args:
        text: the article text.
        cue, frame: the cue and its speaker frame.
        lo, end: the clause bounds (sentence start or the quotation before; :func:`clause_end`).
        lex: the reporting-verb lexicon.
        cues, cue_pos: every cue of the text and their start offsets (a later coordinated cue
            ends the clause: :func:`next_attribution`).
    """
    if cue.according:
        before = text[lo : cue.start]
        if ONLY_PUNCT.match(before) or LEAD_ADV.fullmatch(before.strip() + " "):
            comma = text.find(",", frame.speaker_end, end)
            if comma < 0:
                return -1, -1
            return trim_content(text, comma + 1, next_attribution(text, comma + 1, end, cues, cue_pos))
        comma = max(
            text.rfind(",", lo, cue.start), text.rfind("—", lo, cue.start), text.rfind("–", lo, cue.start)
        )
        if comma < 0:
            return -1, -1
        return trim_content(text, lo, comma)
    p = frame.speaker_end if frame.inverted else cue.end
    m = _THAT.match(text, p, end) or _COMMA_THAT.match(text, p, end)
    if m:
        s, e = trim_content(text, m.end(), next_attribution(text, m.end(), end, cues, cue_pos))
    elif not frame.inverted and (
        cue.lemma in lex.content_lemmas
        or (cue.lemma in lex.object_lemmas and _HEARER_THEN.match(text, p, end))
    ):
        # "called for a ceasefire", "urged Russia to withdraw": the object is the content
        t = TIME_ADV.match(text, p, end)
        q = t.end() if t else p
        e = next_attribution(text, q, end, cues, cue_pos)
        b = _OBJECT_END.search(text, q, e)
        s, e = trim_content(text, q, b.start() if b else e)
        if s < e and (text[s] in ",.;:" or _OBJECT_BAD_START.match(text, s, e)):
            s, e = -1, -1
        elif cue.lemma == "call" and _INDEFINITE.match(text, s, e):
            s, e = -1, -1  # "called a meeting", "called an election": not naming anyone anything
    elif cue.lemma in lex.object_lemmas or cue.lemma not in lex.bare_lemmas:
        s, e = -1, -1
    else:
        t = TIME_ADV.match(text, p, end)
        q = t.end() if t else p
        s, e = trim_content(text, q, next_attribution(text, q, end, cues, cue_pos))
        if s < e and (text[s] in ",.;:" or _CLAUSE_BAD_START.match(text, s, e)):
            s, e = -1, -1
    if s >= 0 and len(text[s:e].split()) >= MIN_INDIRECT_WORDS:
        return s, e
    return _around(text, cue, frame, lo, end, cues, cue_pos)


def _around(
    text: str,
    cue: Cue,
    frame: Frame,
    lo: int,
    end: int,
    cues: list[Cue],
    cue_pos: list[int],
) -> tuple[int, int]:
    """The clause before an attribution ("CLAUSE, X said." / "CLAUSE, said X, a former envoy.")
    or around it ("CLAUSE1, X said, CLAUSE2": the whole sentence, attribution included)."""
    head = frame.speaker_start if not frame.inverted else cue.start
    comma = text.rfind(",", lo, head)
    # the speaker follows the comma, maybe after words its phrase left out ("advisers to Mr. Obama")
    if comma < 0 or len(text[comma + 1 : head].split()) > 3 or "," in text[comma + 1 : head]:
        return -1, -1
    s, e = trim_content(text, lo, comma)
    after = max(frame.speaker_end, cue.end)
    t = TIME_ADV.match(text, after, end)
    after = t.end() if t else after
    tail = text[after:end]
    comma_after = bool(t and t.group().rstrip().endswith(","))
    if comma_after or tail.lstrip().startswith(","):
        rest_start = after if comma_after else after + tail.index(",") + 1
        rest = text[rest_start:end].split()
        if (
            frame.inverted
            or len(rest) < 2
            or _ADJUNCT.match(rest[0])
            or _is_cue_start(text, rest_start, cue_pos)
        ):
            # "CLAUSE, said X, a senior official": an appositive; "CLAUSE, X said Friday, as ...":
            # an adjunct; "CLAUSE, X said, adding that ...": the next cue reports the rest
            return (s, e) if len(text[s:e].split()) >= MIN_INDIRECT_WORDS else (-1, -1)
        # "A, he argued, b ...": the attribution interrupts one clause (A may be short: "Too often")
        return trim_content(text, s, next_attribution(text, rest_start, end, cues, cue_pos))
    if len(text[s:e].split()) < MIN_INDIRECT_WORDS:
        return -1, -1
    if len(tail.split()) > 5 or "that" in tail.split():
        return -1, -1
    return s, e
