"""Quotes: who said what about whom.

Finds quotations (straight and curly marks, ``''`` pairs, nested single marks, multi-sentence
and multi-paragraph quotes, partial quotes inside a sentence, scare quotes) and reported
(indirect) speech, attributes each to a speaker phrase through a reporting verb (the cue),
maps the speaker to an actor through the mentions table, and scores the content's tone.

Attribution patterns (all anchored on a reporting verb from ``data/reporting_verbs.yaml``):
``X said``, ``said X`` (inverted, also ``countered Ukraine analyst Hanna Shelest``),
``X told reporters``, ``X, a former ambassador, said`` (appositive skipped),
``according to X``, a pronoun (``he said``: the last person speaker, else the last person
mention), a role phrase (``the American secretary of state insisted``: resolved by the actors
module's ``role`` mentions), a second quote of the same sentence (``“...” and “...”``), a
quote-only sentence or paragraph (the speaker of the sentence before), and a quote signed with a
dash (``“...” ― Jane Doe``, cue ``dash``). A short all-capitalised quote (``“Fox News Sunday”``)
is a title, kind scare. A quote with no cue gets
speaker None: never a guess. A short quote (at most ``SCARE_WORDS`` words) with no cue is a
scare quote.

The detector is regex-driven: one pass over the text for quotation marks, one for cues; every
other step works on those few matches (no per-character loops, no row-wise pandas).

Directed relations live in :mod:`analysis.relations`; :func:`relations`,
:func:`relation_graph` here delegate to it so the public API matches docs/data-model.md.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.articles import Article
from analysis.datafiles import file_stamp, read_yaml
from analysis.tables import column, frame

QUOTE_COLUMNS = [
    "qid",
    "kind",
    "text",
    "start",
    "end",
    "sids",
    "speaker_surface",
    "speaker_start",
    "speaker_end",
    "speaker",
    "speaker_name",
    "speaker_affiliation",
    "cue",
    "tone",
    "targets",
]
VOICE_COLUMNS = [
    "actor_id",
    "name",
    "quotes",
    "direct",
    "indirect",
    "quoted_words",
    "share",
    "first_qid",
    "last_qid",
]
KINDS = ("direct", "partial", "indirect", "scare")
#: A quote of at most this many words with no speech cue is a scare quote.
SCARE_WORDS = 4
#: Most words a speaker phrase may have.
MAX_SPEAKER_WORDS = 9
#: Cue recorded for a quotation signed with a dash and a name ("“...” ― Jane Doe").
DASH_CUE = "dash"
#: A quote of at most this many words, all capitalised (function words aside), is a title: kind scare.
TITLE_WORDS = 8
#: Contents of at most this many words are scored by VADER directly (see ``_tone``).
TONE_WORDS = 12
#: Fewest words an indirect (reported) clause must have.
MIN_INDIRECT_WORDS = 3


class QuoteError(ValueError):
    """Bad input to the quotes module (missing columns, malformed verb list)."""


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class VerbLexicon:
    """Reporting verbs: form -> lemma, and the lemmas that take a hearer object."""

    forms: dict[str, str]
    ambiguous: dict[str, str]
    object_lemmas: frozenset[str]
    bare_lemmas: frozenset[str]
    pattern: re.Pattern[str]


def _build_lexicon(entries: list[dict[str, Any]]) -> VerbLexicon:
    forms: dict[str, str] = {}
    ambiguous: dict[str, str] = {}
    objects: set[str] = set()
    bare: set[str] = set()
    for e in entries:
        if not isinstance(e, dict) or "lemma" not in e:
            raise QuoteError(f"reporting verb entry without lemma: {e!r}")
        lemma = str(e["lemma"])
        for f in e.get("forms") or []:
            forms[str(f)] = lemma
        for f in e.get("ambiguous") or []:
            ambiguous[str(f)] = lemma
        if e.get("object"):
            objects.add(lemma)
        if e.get("bare"):
            bare.add(lemma)
    alt = trie_alternation(sorted(set(forms) | set(ambiguous)))
    # "according to" is a cue whose speaker follows it; ambiguous (noun-like) forms need "that".
    # The pattern also consumes the character before the word (searched by verb_matches): a
    # leading ASCII character class lets CPython's re skip ahead quickly, where a leading
    # look-behind or \b is tried at every offset.
    pattern = re.compile(rf"[^0-9A-Z_a-z](?:(?P<acc>[Aa]ccording to)|(?P<verb>{alt}))\b")
    return VerbLexicon(forms, ambiguous, frozenset(objects), frozenset(bare), pattern)


def trie_alternation(words: list[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes (much faster than a flat
    ``a|b|c`` with hundreds of words). Spaces in words match any whitespace."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            atom = r"\s+" if ch == " " else re.escape(ch)
            alts.append(atom + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        return body + ("?" if end else "")

    return emit(trie)


def load_reporting_verbs(path: str | None = None) -> VerbLexicon:
    """Load the reporting-verb list (default: ``analysis/data/reporting_verbs.yaml``).

    Cached on the file, its modification time and size: an edited file is read again.
    """
    return _reporting_verbs(None if path is None else file_stamp(path))


@lru_cache(maxsize=8)
def _reporting_verbs(stamp: tuple[str, int, int] | None) -> VerbLexicon:
    data = read_yaml("reporting_verbs.yaml", None if stamp is None else stamp[0]) or {}
    if not isinstance(data.get("verbs"), list):
        raise QuoteError("reporting verb file needs a 'verbs' list")
    return _build_lexicon(data["verbs"])


# --------------------------------------------------------------------------- quotation marks

# Each pattern starts with a character class (look-behinds come after it) because CPython's re
# skips ahead by a leading class but tries a leading look-behind or alternation at every offset.
#: Double quotation marks: one of ``"“”«»„``, two apostrophes or two backticks.
_MARK = re.compile(r"[\"“”«»„'`](?:(?<=')'|(?<=`)`|(?<![`']))")
#: A single opening mark not after a word or another mark, before a letter.
_SINGLE_OPEN = re.compile(r"[‘'](?<![\w’'].)(?=[A-Za-z])")
#: A single closing mark after a word or punctuation, not before a word.
_SINGLE_CLOSE = re.compile(r"[’'](?<=[\w.,!?].)(?![\w])")
_OPENERS = {"“", "«", "„", "``"}
_CLOSERS = {"”", "»"}


@dataclass(frozen=True)
class RawQuote:
    """A quotation found by its marks: mark offsets and content offsets (marks excluded)."""

    open: int  # offset of the opening mark
    close: int  # offset just after the closing mark (or the paragraph end if unclosed)
    start: int  # content start
    end: int  # content end


def _para_index(par_starts: list[int], pos: int) -> int:
    return bisect_right(par_starts, pos) - 1


def _content(text: str, open_end: int, close_start: int) -> tuple[int, int]:
    s, e = open_end, close_start
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1
    return s, e


def find_quotation_marks(text: str, paragraphs: tuple[tuple[int, int], ...] | None = None) -> list[RawQuote]:
    """Find quotations by their marks.

    Double marks (straight, curly, ``''``, guillemets) pair up within a paragraph; a quote whose
    paragraph ends without a closing mark continues when the next paragraph opens with a mark
    (the newspaper convention for multi-paragraph quotes), else it ends at its paragraph's end.
    Single marks (‘...’) count as quotation marks only outside double quotes (British style);
    inside double quotes they are nested quotes and stay part of the content.

    Args:
        text: the article text.
        paragraphs: ``(start, end)`` of each paragraph; None = the whole text is one paragraph.

    Returns:
        Quotes in text order.
    """
    paras = list(paragraphs) if paragraphs else [(0, len(text))]
    par_starts = [p[0] for p in paras]
    out: list[RawQuote] = []
    open_at: int | None = None  # opening mark offset
    open_len = 0
    open_par = -1  # paragraph of the latest (continuation) opening mark

    def close_unclosed() -> None:
        nonlocal open_at
        if open_at is not None:
            pend = paras[open_par][1]
            s, e = _content(text, open_at + open_len, pend)
            if e > s:
                out.append(RawQuote(open_at, pend, s, e))
            open_at = None

    for m in _MARK.finditer(text):
        mark = m.group()
        pos = m.start()
        par = _para_index(par_starts, pos)
        at_par_start = par >= 0 and pos == paras[par][0]
        if open_at is not None and par != open_par:
            if at_par_start and mark not in _CLOSERS and par == open_par + 1:
                open_par = par  # continuation of a multi-paragraph quote
                continue
            close_unclosed()
        if open_at is None:
            if mark in _CLOSERS:
                prev = text[pos - 1] if pos else " "
                if not prev.isspace() and prev not in "([—–-":
                    continue  # stray closing mark
            open_at, open_len, open_par = pos, len(mark), par
            continue
        if mark in _OPENERS:
            # a new opening mark inside an open quote of the same paragraph: the earlier one was
            # never closed; restart here
            open_at, open_len, open_par = pos, len(mark), par
            continue
        s, e = _content(text, open_at + open_len, pos)
        if e > s:
            out.append(RawQuote(open_at, m.end(), s, e))
        open_at = None
    close_unclosed()
    out.extend(_single_quotes(text, paras, par_starts, out))
    out.sort(key=lambda q: q.open)
    return out


def _single_quotes(
    text: str, paras: list[tuple[int, int]], par_starts: list[int], doubles: list[RawQuote]
) -> list[RawQuote]:
    """Top-level single-mark quotes (outside every double quote), paired within a paragraph."""
    if "‘" not in text and " '" not in text and "\n'" not in text:
        return []
    d_open = [q.open for q in doubles]
    d_close = [q.close for q in doubles]
    closes = [m.start() for m in _SINGLE_CLOSE.finditer(text)]
    out: list[RawQuote] = []
    last_end = -1
    for m in _SINGLE_OPEN.finditer(text):
        pos = m.start()
        if pos < last_end:
            continue
        i = bisect_right(d_open, pos) - 1
        if i >= 0 and pos < d_close[i]:
            continue  # nested inside a double quote
        par_end = paras[_para_index(par_starts, pos)][1] if paras else len(text)
        j = bisect_right(closes, pos)
        if j >= len(closes) or closes[j] >= par_end:
            continue
        c = closes[j]
        k = bisect_right(d_open, pos)
        if k < len(d_open) and d_open[k] < c:
            continue  # a double quote starts before it closes: not a pair
        s, e = _content(text, pos + 1, c)
        if e > s:
            out.append(RawQuote(pos, c + 1, s, e))
            last_end = c + 1
    return out


# --------------------------------------------------------------------------- speaker phrases

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
_LEAD_ADV = re.compile("^" + _LEAD_ADV_BODY)
#: Leading sentence adverbs at the offset given to ``match(text, pos, endpos)``.
_LEAD_ADV_AT = re.compile(_LEAD_ADV_BODY)
_CUT_WORDS = frozenset(
    "that which who whom whose because while when whereas if but so than after before since although "
    "though where to as until unless".split()
)
_SKIP_START = frozenset(
    "a an in at on during after before with without according for from by under over about "
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
_TIME_ADV = re.compile(
    r"\s*,?\s*(?:(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:yesterday|today|tonight|earlier|later|afterward|afterwards|again|also|recently|repeatedly|"
    r"last\s+(?:week|month|year|night)|this\s+(?:week|month|year)|in\s+a\s+(?:statement|tweet|"
    r"speech|post|interview|letter|briefing)|on\s+(?:Twitter|Telegram|Facebook|X|television|TV)|"
    r"in\s+an\s+(?:interview|address|op-ed)))\b\s*,?"
)


@dataclass(frozen=True)
class Frame:
    """A reporting verb with its speaker phrase: ``speaker_start/end`` are -1 when none."""

    cue_start: int
    cue_end: int
    lemma: str
    speaker_start: int
    speaker_end: int
    inverted: bool


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
            return _leading_subject(text, cs, ce)
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


# --------------------------------------------------------------------------- article context


@dataclass
class QuoteContext:
    """Sentence and mention offsets of one article as plain lists (bisect-friendly).

    Built by :func:`quote_context`; shared by :func:`quotes` and :func:`analysis.relations.relations`.
    Mentions are in text order (``start``, then ``end``); ``sid_of`` and the other methods return
    row numbers of the sentences table, ``sid_value`` the ``sid`` a table reports for a row.
    """

    text: str
    s_start: list[int]
    s_end: list[int]
    sents: pd.DataFrame | None
    m_start: list[int]
    m_end: list[int]
    m_actor: list[Any]
    m_name: list[Any]
    m_type: list[Any]
    m_aff: list[Any]
    m_how: list[Any] = field(default_factory=list)
    m_maxlen: int = 0
    paragraphs: tuple[tuple[int, int], ...] = ()
    _s_text: list[str] | None = None
    _raw: list[RawQuote] | None = None
    s_sid: list[int] | None = None  # the sentences' sid values (None: row number = sid)

    def raw_quotes(self) -> list[RawQuote]:
        """The article's quotations by their marks (computed once)."""
        if self._raw is None:
            self._raw = find_quotation_marks(self.text, self.paragraphs)
        return self._raw

    def sid_of(self, pos: int) -> int:
        """Row (in the sentences table) of the sentence holding ``pos``."""
        return max(bisect_right(self.s_start, pos) - 1, 0)

    def sid_value(self, row: int) -> int:
        """The ``sid`` of the sentence in ``row`` (what tables report)."""
        return self.s_sid[row] if self.s_sid is not None else row

    def sid_values(self, rows: range) -> tuple[int, ...]:
        """The ``sid`` values of the sentences in ``rows``."""
        return tuple(rows) if self.s_sid is None else tuple(self.s_sid[row] for row in rows)

    def sids(self, start: int, end: int) -> range:
        """Rows of the sentences that ``[start, end)`` spans."""
        return range(self.sid_of(start), self.sid_of(max(start, end - 1)) + 1)

    def s_text(self, sid: int) -> str:
        """Text of the sentence in row ``sid``."""
        if self._s_text is None:
            if self.sents is not None and "text" in self.sents.columns:
                self._s_text = column(self.sents, "text")
            else:
                self._s_text = [self.text[a:b] for a, b in zip(self.s_start, self.s_end, strict=True)]
        return self._s_text[sid]

    def mentions_in(self, start: int, end: int) -> list[int]:
        """Indices of mentions overlapping [start, end), in order."""
        if start < 0 or end <= start:
            return []
        j = bisect_left(self.m_start, end)
        i = bisect_left(self.m_start, start - self.m_maxlen)
        m_end = self.m_end
        return [k for k in range(i, j) if m_end[k] > start]


#: The last :func:`quote_context` call: its (article, sents, mentions) and the context.
_LAST_CONTEXT: tuple[Article, pd.DataFrame, pd.DataFrame | None, QuoteContext] | None = None


def quote_context(article: Article, sents: pd.DataFrame, mentions: pd.DataFrame | None) -> QuoteContext:
    """The offsets of an article's sentences and mentions as plain lists.

    The context of the last call is reused when the same three objects come again (identity, not
    equality): the pipeline passes one article, sentences and mentions table to :func:`quotes`
    and then to :func:`relations`, which so build it (and find the quotation marks) once. Tables
    are not expected to change in place between those calls.
    """
    global _LAST_CONTEXT
    last = _LAST_CONTEXT
    if last is not None and last[0] is article and last[1] is sents and last[2] is mentions:
        return last[3]
    ctx = _build_context(article, sents, mentions)
    _LAST_CONTEXT = (article, sents, mentions, ctx)
    return ctx


def _build_context(article: Article, sents: pd.DataFrame, mentions: pd.DataFrame | None) -> QuoteContext:
    for col in ("start", "end"):
        if col not in sents.columns:
            raise QuoteError(f"sentences table lacks column {col!r}")
    if len(sents):
        ss = column(sents, "start")
        se = column(sents, "end")
    else:
        ss, se = [0], [len(article.text)]
    if mentions is not None and len(mentions):
        ms = column(mentions, "start")
        me = column(mentions, "end")
        cols = [
            column(mentions, c) if c in mentions.columns else [None] * len(ms)
            for c in ("actor_id", "name", "type", "affiliation", "resolved_by")
        ]
        if ms != sorted(ms):
            order = sorted(range(len(ms)), key=lambda i: (ms[i], me[i]))
            ms, me = [ms[i] for i in order], [me[i] for i in order]
            cols = [[c[i] for i in order] for c in cols]
        maxlen = max(map(operator.sub, me, ms))
    else:
        ms, me, cols, maxlen = [], [], [[], [], [], [], []], 0
    ctx = QuoteContext(
        article.text,
        ss,
        se,
        sents if len(sents) else None,
        ms,
        me,
        *cols,
        m_maxlen=maxlen,
        paragraphs=article.paragraphs,
    )
    if len(sents):
        sid_values = column(sents, "sid")
        if sid_values != list(range(len(sid_values))):
            ctx.s_sid = sid_values
    return ctx


# --------------------------------------------------------------------------- cues


@dataclass(frozen=True)
class Cue:
    """A speech (or act) verb at ``text[start:end]`` with its lemma; ``according`` for "according to"."""

    start: int
    end: int
    lemma: str
    according: bool


_WORD_CHAR = re.compile(r"\w")


def verb_matches(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int, re.Match[str]]]:
    r"""Non-overlapping matches of a lexicon pattern in ``text``, not right after a word character.

    Lexicon patterns start with an ASCII non-word character class instead of a look-behind, so
    the regex engine can skip ahead to candidate characters; they are searched over
    ``" " + text`` (the padding lets a word at the very start match). A non-ASCII letter before
    the word is rejected here, as ``(?<!\w)`` would.

    Yields:
        ``(start, end, match)``: where the matched words start and end in ``text``, and the
        match (over the padded text: use its groups, not its offsets).
    """
    padded = " " + text
    search = pattern.search
    m = search(padded)
    while m is not None:
        if _WORD_CHAR.match(padded, m.start()):  # a non-ASCII letter before the word
            m = search(padded, m.start() + 1)
        else:
            yield m.start(), m.end() - 1, m
            m = search(padded, m.end())


def _find_cues(text: str, lex: VerbLexicon, quotes_raw: list[RawQuote]) -> list[Cue]:
    """Reporting-verb matches outside quotation marks, in text order."""
    q_open = [q.open for q in quotes_raw]
    q_close = [q.close for q in quotes_raw]
    out = []
    for pos, end, m in verb_matches(lex.pattern, text):
        i = bisect_right(q_open, pos) - 1
        if i >= 0 and pos < q_close[i]:
            continue
        if m.group("acc"):
            out.append(Cue(pos, end, "according to", True))
            continue
        w = " ".join(m.group("verb").split())  # a multi-word form may span any whitespace
        if w in lex.ambiguous and w not in lex.forms:
            if not text.startswith(" that ", end) or not _subject_before(text, pos):
                continue
            out.append(Cue(pos, end, lex.ambiguous[w], False))
            continue
        out.append(Cue(pos, end, lex.forms[w], False))
    return out


_PREV_TOKEN = re.compile(r"(\S+)\s+$")
_DEMONYM_END = re.compile(r"(?:an|ese|ish|i|ch)$")
_LEADING_NP = re.compile(
    r"(?:He|She|They|It|We)\b|[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|the|for|and|de|von|van|al))*"
)


def _subject_before(text: str, pos: int) -> bool:
    """Whether the token before ``pos`` can end a subject (a name or pronoun, not a demonym)."""
    m = _PREV_TOKEN.search(text, max(0, pos - 40), pos)
    if not m:
        return False
    w = m.group(1).strip("’'")
    if w.lower() in ("he", "she", "it", "they", "we", "i"):
        return True
    return w[:1].isupper() and not _DEMONYM_END.search(w)


def _leading_subject(text: str, lo: int, v: int) -> tuple[int, int]:
    """The clause-initial name or pronoun of ``text[lo:v]`` (subject of "..., saying that")."""
    seg_start = lo
    while seg_start < v and text[seg_start].isspace():
        seg_start += 1
    m = _LEAD_ADV.match(text, seg_start, v)
    if m:
        seg_start = m.end()
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
        s, e = _leading_subject(text, lo, cue.start)
        return Frame(cue.start, cue.end, cue.lemma, s, e, False)
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


# --------------------------------------------------------------------------- attribution


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


# --------------------------------------------------------------------------- resolution


def _resolve(ctx: QuoteContext, rows: list[_Row]) -> list[tuple[Any, Any, Any]]:
    """(actor id, name, affiliation) of each row's speaker; pronouns through earlier speakers."""
    text = ctx.text
    out: list[tuple[Any, Any, Any]] = []
    last: dict[str, tuple[Any, Any, Any]] = {}
    none = (None, None, None)
    for r in rows:
        f = r.frame
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


# --------------------------------------------------------------------------- public API

_INT_COLUMNS = frozenset(
    {
        "qid",
        "start",
        "end",
        "speaker_start",
        "speaker_end",
        "rid",
        "sid",
        "quotes",
        "direct",
        "indirect",
        "quoted_words",
        "first_qid",
        "last_qid",
    }
)
_FLOAT_COLUMNS = frozenset({"tone", "share"})


def table(cols: dict[str, list[Any]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame from column lists (int64/float64 by column name, object otherwise: None stays None)."""
    return frame(columns, [cols.get(c, []) for c in columns], _kinds(tuple(columns)))


@lru_cache(maxsize=32)
def _kinds(columns: tuple[str, ...]) -> str:
    """The :func:`analysis.tables.frame` type codes of ``columns``."""
    return "".join("i" if c in _INT_COLUMNS else "f" if c in _FLOAT_COLUMNS else "o" for c in columns)


def empty_quotes() -> pd.DataFrame:
    """An empty quotes table with the documented columns."""
    return table({}, QUOTE_COLUMNS)


def quotes(
    article: Article,
    sents: pd.DataFrame,
    mentions: pd.DataFrame | None,
    registry: Any = None,
    *,
    verbs: VerbLexicon | None = None,
) -> pd.DataFrame:
    """Quotations and reported speech of an article, attributed to speakers.

    Args:
        article: the article (offsets point into ``article.text``).
        sents: ``analysis.tokens.sentences(article)``.
        mentions: ``analysis.actors.find_mentions(...)[0]`` (may be empty or None).
        registry: unused (speakers resolve through ``mentions``); kept for the documented signature.
        verbs: a reporting-verb lexicon (default: :func:`load_reporting_verbs`).

    Returns:
        DataFrame[qid, kind, text, start, end, sids, speaker_surface, speaker_start, speaker_end,
        speaker, speaker_name, speaker_affiliation, cue, tone, targets], in text order.
    """
    from analysis.sentiment import score_text

    lex = verbs or load_reporting_verbs()
    ctx = quote_context(article, sents, mentions)
    text = article.text
    raw = ctx.raw_quotes()
    cues = _find_cues(text, lex, raw)
    rows = _attribute(ctx, raw, cues, lex)
    if not rows:
        return empty_quotes()
    speakers = _resolve(ctx, rows)
    m_actor = ctx.m_actor
    recs = []
    for qid, (r, (sid_, sname, saff)) in enumerate(zip(rows, speakers, strict=True)):
        f = r.frame
        has_sp = f is not None and f.speaker_start >= 0
        content = text[r.start : r.end]
        targets = {
            m_actor[i]
            for i in ctx.mentions_in(r.start, r.end)
            if m_actor[i] is not None and m_actor[i] != sid_
        }
        sids = ctx.sids(r.start, r.end)
        recs.append(
            (
                qid,
                r.kind,
                content,
                r.start,
                r.end,
                ctx.sid_values(sids),
                text[f.speaker_start : f.speaker_end] if has_sp else None,
                f.speaker_start if has_sp else -1,
                f.speaker_end if has_sp else -1,
                sid_,
                sname,
                saff,
                f.lemma if f is not None else None,
                _tone(ctx, sids, content, score_text),
                tuple(sorted(targets)),
            )
        )
    return table({c: [r[i] for r in recs] for i, c in enumerate(QUOTE_COLUMNS)}, QUOTE_COLUMNS)


def _tone(ctx: QuoteContext, sids: range, content: str, score: Any) -> float:
    """VADER compound of a content of at most ``TONE_WORDS`` words; longer contents take the mean
    compound of the sentences (rows ``sids``) they span (VADER is per sentence in this project, and
    sentence scores are memoised, so this costs nothing after ``sentence_sentiment``)."""
    if len(content.split()) <= TONE_WORDS:
        return float(score(content))
    return float(sum(score(ctx.s_text(i)) for i in sids) / len(sids))


def present(v: Any) -> bool:
    """Not None and not NaN."""
    return v is not None and v == v


def voice_share(
    quotes_df: pd.DataFrame, mentions: pd.DataFrame | None = None, *, level: str = "actor"
) -> pd.DataFrame:
    """Who gets to speak: quotes and quoted words per speaker.

    Args:
        quotes_df: the :func:`quotes` table.
        mentions: the mentions table (names of affiliations at ``level="affiliation"``).
        level: ``"actor"`` (the speaker) or ``"affiliation"`` (the speaker's country/organization).

    Returns:
        DataFrame[actor_id, name, quotes, direct, indirect, quoted_words, share, first_qid, last_qid]:
        ``quotes`` counts attributed rows (scare quotes excluded), ``direct`` direct + partial,
        ``quoted_words`` the words inside quotation marks (direct + partial), ``share`` that over
        all attributed quoted words (0 when nobody is quoted verbatim). Sorted by quoted words,
        then quotes, descending, then first_qid.
    """
    if level not in ("actor", "affiliation"):
        raise QuoteError(f"level must be 'actor' or 'affiliation', not {level!r}")
    kinds = column(quotes_df, "kind")
    speakers = column(quotes_df, "speaker")
    keep = [i for i, (k, sp) in enumerate(zip(kinds, speakers, strict=True)) if k != "scare" and present(sp)]
    if not keep:
        return table({}, VOICE_COLUMNS)

    def kept(values: list[Any]) -> list[Any]:
        return [values[i] for i in keep]

    spk = kept(speakers)
    if level == "actor":
        keys = spk
    else:
        affs = kept(column(quotes_df, "speaker_affiliation"))
        keys = [a if present(a) else s for a, s in zip(affs, spk, strict=True)]
    names: dict[Any, Any] = dict(zip(spk, kept(column(quotes_df, "speaker_name")), strict=True))
    if mentions is not None and len(mentions) and not names.keys() >= set(keys):
        # an affiliation nobody speaks for is named after its first mention
        for a, n in zip(column(mentions, "actor_id"), column(mentions, "name"), strict=True):
            names.setdefault(a, n)
    stats: dict[Any, list[Any]] = {}
    texts = kept(column(quotes_df, "text"))
    qids = kept(column(quotes_df, "qid"))
    for key, kind, txt, qid in zip(keys, kept(kinds), texts, qids, strict=True):
        s = stats.setdefault(key, [0, 0, 0, 0, int(qid), int(qid)])
        s[0] += 1
        if kind == "indirect":
            s[2] += 1
        else:
            s[1] += 1
            s[3] += len(txt.split())
        s[5] = int(qid)
    total = sum(s[3] for s in stats.values())
    recs = [
        (k, names.get(k, k), s[0], s[1], s[2], s[3], (s[3] / total) if total else 0.0, s[4], s[5])
        for k, s in stats.items()
    ]
    recs.sort(key=lambda r: (-r[5], -r[2], r[7]))
    return table({c: [r[i] for r in recs] for i, c in enumerate(VOICE_COLUMNS)}, VOICE_COLUMNS)


def relations(
    article: Article,
    sents: pd.DataFrame,
    mentions: pd.DataFrame | None,
    quotes_df: pd.DataFrame,
    registry: Any = None,
) -> pd.DataFrame:
    """Directed speaker -> target relations: see :func:`analysis.relations.relations`."""
    from analysis.relations import relations as _relations

    return _relations(article, sents, mentions, quotes_df, registry)


def relation_graph(relations_df: pd.DataFrame) -> Any:
    """A networkx MultiDiGraph of relations: see :func:`analysis.relations.relation_graph`."""
    from analysis.relations import relation_graph as _graph

    return _graph(relations_df)


__all__ = [
    "QUOTE_COLUMNS",
    "VOICE_COLUMNS",
    "KINDS",
    "QuoteError",
    "RawQuote",
    "Frame",
    "Cue",
    "QuoteContext",
    "VerbLexicon",
    "find_quotation_marks",
    "load_reporting_verbs",
    "quote_context",
    "speaker_frame",
    "present",
    "quotes",
    "verb_matches",
    "voice_share",
    "relations",
    "relation_graph",
    "empty_quotes",
]
