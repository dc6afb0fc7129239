"""Sentence splitting: :func:`split_sentences` over any text, :func:`sentences` of an article.

The rules are in the package docstring. Pure functions over strings; no tokens here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from analysis.tables import frame
from analysis.tokens.wordlists import _ABBR_CASED, _ABBR_LOWER, STOPWORDS

if TYPE_CHECKING:
    from analysis.articles import Article

# Words that, capitalised, typically begin a sentence (used after ambiguous abbreviations).
_STARTERS = STOPWORDS | {"mr", "mrs", "ms", "dr"}
# A would-be sentence of <= 3 words opening with one of these is a fragment ("At 5 a.m.").
_FRAGMENT_OPENERS = frozenset(
    "at on in by from until till before after since for to with about around near".split()
)

# Words that do not end a line of text that ends a sentence (articles, prepositions, conjunctions).
_NO_END_WORDS = frozenset(
    (
        "a an the of to in into on at by for with from and or but nor than as that"
        " its their his her our your my"
    ).split()
)


_OPENERS = "\"'“‘«([{"
_BULLETS = "•⁃◦▪●‣"
_SPACES = " \t\n\r\f\v\u00a0"

# One candidate boundary: a run of terminal punctuation plus closing quotes/brackets,
# followed by whitespace, the end, or (directly) a capital letter. The pattern starts with a
# character class (CPython's re then skips ahead over other characters; a leading look-ahead
# or alternation is tried at every offset), and each alternative checks that first character
# with a look-behind. The ``ell`` group lacks the first character of the ellipsis.
_RUN = re.compile(
    r"""[\[.…!?。！？｡](?:
        (?<=[。！？｡])(?P<cjk>[。！？｡!?]*[」』”’\"')）\]]*)  # Chinese/Japanese 。！？: always a boundary
      | (?:
        (?<=\[)(?P<brk>(?:\.\.\.|…)\])            # [...] omission: never a boundary
      | (?P<ell>(?<=[.…])(?:[ ]?[.…])+|(?<=…))     # ..., …, ...., . . ., . . . .
      | (?P<strong>(?<=[!?])[!?.]*)                # ! ? !! ?! ?.
      | (?P<period>(?<=\.))
      )
      [\"'”’»)\]]*
      (?=\s|\Z|[A-Z])
    )""",
    re.VERBOSE,
)
_NEXT = re.compile(r"\s*([\"'“‘«(\[]*)(\S*)")
_WORD_LEAD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_HAS_WORDCHAR = re.compile(r"[^\W_]")
_INITIALS = re.compile(r"[A-Za-z](?:\.[A-Za-z])*")
_MARKER = re.compile(r"\d{1,2}|[a-z]")
_ENUM_START = re.compile(rf"[{_BULLETS}]?[ \t]*(\d{{1,2}}|[a-z])(\.\)|\.|\))[ \t]")
_BULLET_SPLIT = re.compile(rf"(?<=\s)[{_BULLETS}]")
_BULLET = re.compile(rf"[{_BULLETS}]")
_LINE_BREAK = re.compile(r"[\r\n]")
_LINE = re.compile(r"[^\r\n]+")
_TERMINAL_END = re.compile(r"[.!?…。！？｡][\"'”’»)\]」』）]*\Z")


def _abbrev_class(word: str) -> str | None:
    """Class of an abbreviation (word without its final period), or None for an ordinary word."""
    kind = _ABBR_CASED.get(word) or _ABBR_LOWER.get(word.lower())
    if kind:
        return kind
    if _INITIALS.fullmatch(word):
        return "abbrev"
    return None


def _next_label(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def _enum_label(text: str, start: int, end: int) -> tuple[str, str] | None:
    """(label, style) if the sentence starting at ``start`` opens with a list marker."""
    m = _ENUM_START.match(text, start, end)
    return (m.group(1), m.group(2)) if m else None


def _is_fragment(text: str, start: int, end: int) -> bool:
    words = text[start:end].split()
    return len(words) <= 3 and bool(words) and words[0].lower() in _FRAGMENT_OPENERS


def _line_break_is_boundary(prev: str, nxt: str) -> bool:
    """Whether a single line break between two non-empty lines ends a sentence."""
    if _TERMINAL_END.search(prev):
        return False  # the punctuation rules decide
    if prev[-1] in ",;-–—(" or prev.rsplit(None, 1)[-1].lower() in _NO_END_WORDS:
        return False  # "... the Secretary of\nState": a wrapped line
    first = nxt.lstrip(_OPENERS + _BULLETS + " ")[:1]
    if not first.islower():
        return True  # headline / label line followed by a new line of text
    # lower-case continuation: a wrapped line, unless both lines are short list items
    return len(prev.split()) <= 3 and len(nxt.split()) <= 3


def _blocks(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Hard blocks inside [lo, hi): split at blank lines, boundary line breaks and bullets."""
    if _LINE_BREAK.search(text, lo, hi):
        lines = [m.span() for m in _LINE.finditer(text, lo, hi) if text[m.start() : m.end()].strip()]
        blocks: list[tuple[int, int]] = []
        if lines:
            b_start = lines[0][0]
            for (ps, pe), (ns, ne) in zip(lines, lines[1:], strict=False):
                gap = text[pe:ns]
                hard = gap.count("\n") >= 2 or gap.count("\r") - gap.count("\r\n") >= 2
                if hard or _line_break_is_boundary(text[ps:pe].strip(), text[ns:ne].strip()):
                    blocks.append((b_start, pe))
                    b_start = ns
            blocks.append((b_start, lines[-1][1]))
    else:
        blocks = [(lo, hi)]
    if _BULLET.search(text, lo, hi):
        out = []
        for bs, be in blocks:
            pos = bs
            for m in _BULLET_SPLIT.finditer(text, bs, be):
                out.append((pos, m.start()))
                pos = m.start()
            out.append((pos, be))
        blocks = out
    return blocks


def _skip_space(text: str, pos: int, hi: int) -> int:
    while pos < hi and text[pos] in _SPACES:
        pos += 1
    return pos


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _word_start(text: str, lo: int, pos: int) -> int:
    """Start of the whitespace-delimited word that ends at ``pos``."""
    i = pos
    while i > lo and not text[i - 1].isspace():
        i -= 1
    return i


def _split_block(text: str, lo: int, hi: int, out: list[tuple[int, int]]) -> None:
    """Append the sentence spans of one hard block [lo, hi) to ``out``."""
    sent_start = _skip_space(text, lo, hi)
    enum = _enum_label(text, sent_start, hi)
    for m in _RUN.finditer(text, lo, hi):
        s, e = m.span()
        if s < sent_start or m.lastgroup == "brk":
            continue
        nm = _NEXT.match(text, e, hi)
        nxt = nm.group(2)
        if not nxt and not nm.group(1):
            continue  # end of block
        c = nxt[:1]
        kind = m.lastgroup
        split_at = -1
        if kind == "cjk":
            split_at = e
        elif e < hi and not text[e].isspace():  # no space: "world.Today", "1,000.That"
            if kind in ("period", "strong") and s > lo and (text[s - 1].islower() or text[s - 1].isdigit()):
                ws = _word_start(text, lo, s)
                word = text[ws:s] + nxt
                if "@" not in word and "://" not in word and "www." not in word:
                    split_at = e
        elif kind == "strong":
            if not c.islower():
                split_at = e
        elif kind == "ell":
            core = text[s : m.end("ell")]
            attached = s > lo and not text[s - 1].isspace()
            if " " in core:
                if attached:
                    if c.isupper():
                        split_at = s + 1  # "compounds. . . . The": the period ends it
                elif core.count(".") >= 4 and c.isupper():
                    split_at = e
            elif c.isupper():
                split_at = e
        else:  # period
            ws = _word_start(text, sent_start, s)
            word = text[ws:s].lstrip(_OPENERS + _BULLETS)
            head = text[sent_start:ws]
            if _MARKER.fullmatch(word) and not head.strip(_SPACES + _BULLETS):
                continue  # "1." / "a." list marker at the start of the sentence
            if enum is not None and word == _next_label(enum[0]):
                enum = (word, enum[1])  # the next item label of an enumeration
                continue
            if c.islower():
                continue
            klass = _abbrev_class(word) if word else None
            if klass == "numeric":
                if c.isdigit():
                    continue
                klass = None
            if klass == "title":
                continue
            if c.isdigit():
                if klass is None:
                    split_at = e
            elif klass is None or klass == "final":
                split_at = e
            else:  # ambiguous abbreviation: split before a typical sentence start
                lead = _WORD_LEAD.match(nxt)
                starter = lead is not None and lead.group().lower().replace("’", "'") in _STARTERS
                if starter and nxt.endswith(".") and _abbrev_class(nxt[:-1]) == "numeric":
                    starter = False  # "vs. No. 3": "No." before a number is no sentence start
                if starter and not _is_fragment(text, sent_start, e):
                    split_at = e
        if split_at < 0 or not _HAS_WORDCHAR.search(text, sent_start, split_at):
            continue
        span = _trimmed(text, sent_start, split_at)
        if span:
            out.append(span)
        sent_start = _skip_space(text, split_at, hi)
        enum = _enum_label(text, sent_start, hi)
    span = _trimmed(text, sent_start, hi)
    if span:
        out.append(span)


def _split_enumerations(text: str, span: tuple[int, int], out: list[tuple[int, int]]) -> None:
    """Split a sentence that opens with "1." / "1)" / "a." before each next label."""
    start, end = span
    found = _enum_label(text, start, end)
    while found is not None:
        label, style = found
        nxt = _next_label(label)
        pat = re.compile(rf"(?<=\s){re.escape(nxt)}{re.escape(style)}(?=\s)")
        m = pat.search(text, start + 1, end)
        if not m:
            break
        piece = _trimmed(text, start, m.start())
        if piece:
            out.append(piece)
        start = m.start()
        found = (nxt, style)
    piece = _trimmed(text, start, end)
    if piece:
        out.append(piece)


def _split_range(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for bs, be in _blocks(text, lo, hi):
        raw: list[tuple[int, int]] = []
        _split_block(text, bs, be, raw)
        for span in raw:
            if _ENUM_START.match(text, span[0], span[1]):
                _split_enumerations(text, span, spans)
            else:
                spans.append(span)
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``, trimmed of whitespace, in text order.

    Blank lines always separate sentences; see the module docstring for the rules.

    Args:
        text: any text.

    Returns:
        ``(start, end)`` offsets with ``text[start:end]`` the sentence.
    """
    return _split_range(text, 0, len(text))


_SENT_COLUMNS = ["sid", "paragraph", "start", "end", "text"]


def sentences(article: Article) -> pd.DataFrame:
    """Sentences of an article, split within each paragraph (never across paragraphs).

    Returns:
        DataFrame[sid, paragraph, start, end, text]; ``paragraph`` indexes ``article.paragraphs``.
    """
    text = article.text
    paras: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for p, (ps, pe) in enumerate(article.paragraphs):
        for s, e in _split_range(text, ps, pe):
            paras.append(p)
            starts.append(s)
            ends.append(e)
    texts = [text[s:e] for s, e in zip(starts, ends, strict=True)]
    return frame(_SENT_COLUMNS, [range(len(starts)), paras, starts, ends, texts], "iiiis")
