"""Tokens: sentences, tokens, term counts, n-grams, collocations, keyness and KWIC.

Sentence splitting is rule-based (no trained model, no downloaded data). A sentence ends
after ``.``, ``!``, ``?`` or an ellipsis, together with any closing quotes or brackets
(``.”``, ``?’``, ``.)``), when the next word starts a sentence. The rules:

- ``!``/``?`` end a sentence unless a lower-case word follows ("Yahoo! in ...").
- ``.`` after an ordinary word or number ends a sentence unless a lower-case word follows.
- Abbreviations come from ``analysis/data/abbreviations.txt`` plus letter-period
  patterns (``U.S.``, ``a.m.``, ``J.R.R.``) and single-letter initials. Titles (``Gen.``,
  ``Sen.``) never end a sentence; ``No.``/``p.`` are abbreviations only before a number;
  ``etc.`` ends a sentence before a capital; every other abbreviation ends a sentence only
  when the next word is a typical sentence start: a capitalised stopword ("The", "It",
  "How") or ``Mr.``/``Mrs.``/``Ms.``/``Dr.``. So "U.S. Secretary of State" stays together
  and "in the U.S. How about you?" splits.
- Ellipses: ``...``, ``…`` and ``....`` end a sentence before a capital; the spaced
  omission mark ``. . .`` only when it has four dots; ``[...]`` never.
- Inside a paragraph, a line break after a line without final punctuation is a boundary
  (headlines, list lines) unless the next line continues in lower case (a wrapped line).
- Bullets (``•``) start a sentence; enumerations ``1.``/``1)``/``a.`` followed later by
  the next label (``2.``/``2)``/``b.``) split before that label.

Tokenization is one compiled regular expression. Words keep internal hyphens and
apostrophes ("Kremlin-friendly", "hasn’t" is one token), except the clitic ``’s``, which is
split off ("Ukraine’s" -> "Ukraine" + "’s") so that counts of "Ukraine" include the
possessive. Numbers keep currency signs, decimals, thousands separators and a percent sign
("$1.5", "14,000", "3.5%"); letter-period abbreviations ("U.S.", "a.m.") keep their
periods; URLs are one token; every other punctuation character is its own token (so
"Gen." is "Gen" + "." and an e-mail address is several tokens).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.datafiles import data_text
from analysis.memo import BoundedMemo
from analysis.tables import array, frame

if TYPE_CHECKING:
    from analysis.articles import Article

__all__ = [
    "STOPWORDS",
    "TokensError",
    "collocations",
    "keyness",
    "kwic",
    "ngrams",
    "sentences",
    "split_sentences",
    "term_frequencies",
    "tokens",
]


class TokensError(ValueError):
    """Invalid input to a function of :mod:`analysis.tokens` (bad span, bad argument)."""


# --------------------------------------------------------------------------- data files


def _data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a file in ``analysis/data``."""
    text = data_text(name)
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _load_abbreviations() -> tuple[dict[str, str], dict[str, str]]:
    """(case-sensitive entries, case-insensitive entries): abbreviation -> class."""
    cased: dict[str, str] = {}
    lower: dict[str, str] = {}
    for line in _data_lines("abbreviations.txt"):
        word, _, kind = line.partition(" ")
        kind = kind.strip() or "abbrev"
        if kind not in {"title", "numeric", "final", "abbrev"}:
            raise TokensError(f"abbreviations.txt: unknown class {kind!r} for {word!r}")
        if word != word.lower():
            cased[word] = kind
        else:
            lower[word] = kind
    return cased, lower


STOPWORDS: frozenset[str] = frozenset(_data_lines("stopwords.txt"))
_ABBR_CASED, _ABBR_LOWER = _load_abbreviations()

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

# --------------------------------------------------------------------------- sentences

_OPENERS = "\"'“‘«([{"
_BULLETS = "•⁃◦▪●‣"
_SPACES = " \t\n\r\f\v\u00a0"

# One candidate boundary: a run of terminal punctuation plus closing quotes/brackets,
# followed by whitespace, the end, or (directly) a capital letter. The pattern starts with a
# character class (CPython's re then skips ahead over other characters; a leading look-ahead
# or alternation is tried at every offset), and each alternative checks that first character
# with a look-behind. The ``ell`` group lacks the first character of the ellipsis.
_RUN = re.compile(
    r"""[\[.…!?](?:
        (?<=\[)(?P<brk>(?:\.\.\.|…)\])            # [...] omission: never a boundary
      | (?P<ell>(?<=[.…])(?:[ ]?[.…])+|(?<=…))     # ..., …, ...., . . ., . . . .
      | (?P<strong>(?<=[!?])[!?.]*)                # ! ? !! ?! ?.
      | (?P<period>(?<=\.))
    )
    [\"'”’»)\]]*
    (?=\s|\Z|[A-Z])""",
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
_TERMINAL_END = re.compile(r"[.!?…][\"'”’»)\]]*\Z")


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
        if e < hi and not text[e].isspace():  # no space: "world.Today", "1,000.That"
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
_TOKEN_COLUMNS = ["tid", "sid", "start", "end", "token", "norm", "is_stop", "is_alpha"]


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


# --------------------------------------------------------------------------- tokens

_TOKEN_RX = r"""
      (?i:https?://)[^\s<>"“”]*[^\s<>"“”.,;:!?)\]'’]         # URL
    | (?:[A-Za-z]\.){2,}                                     # U.S., U.K., J.R.R., a.m.
    | [$€£]?\d+(?:[.,:]\d+)*+%?(?![\w'’-])                   # $1.5, 14,000, 3.5%, 10:30
    | [^\W_]++(?:(?:['’](?![sS](?![^\W_]))|[-‑])[^\W_]++)*+  # words, Kremlin-friendly, hasn’t
    | ['’][sS](?![^\W_])                                      # clitic ’s
    | \.{2,}                                                  # ...
    | \S                                                      # any other character
"""
_TOKEN = re.compile(_TOKEN_RX, re.VERBOSE)
# The text is split at single spaces into pieces (which may hold other whitespace, or be
# empty). No token spans whitespace and no token rule looks behind or past whitespace, so a
# piece's tokens do not depend on its context and are memoised by piece.
#: Entries of the piece -> tokens memo before it is emptied (bounds a long-lived process).
_PIECE_MEMO_SIZE = 1 << 18

# Each token is a record of _FIELDS values (token, norm, is_stop, is_alpha, start, length),
# ``start`` relative to the piece. A piece's records are stored flat, one after another, so
# that the records of a text are one list whose columns are slices ``[k::_FIELDS]``.
_FIELDS = 6
_FlatRecords = tuple
# token, norm, is_stop, is_alpha: one sequence per column
_TokenColumns = list[Sequence]


def _piece_records(piece: str) -> _FlatRecords:
    """Flat token records of one piece of text."""
    records: list = []
    for m in _TOKEN.finditer(piece):
        token = m.group()
        norm = token.lower().replace("’", "'")
        alpha = any(map(str.isalpha, token))
        records += (token, norm, norm in STOPWORDS, alpha, m.start(), len(token))
    return tuple(records)


#: piece -> its flat token records
_PIECE_TOKENS = BoundedMemo(_piece_records, _PIECE_MEMO_SIZE)


def _scan(text: str, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, _TokenColumns]:
    """(starts, ends, [token, norm, is_stop, is_alpha] columns) of the tokens of text[lo:hi]."""
    pieces = text[lo:hi].split(" ")
    records = list(map(_PIECE_TOKENS.__getitem__, pieces))
    flat = list(chain.from_iterable(records))
    # piece k starts after the pieces before it and one space each
    steps = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)) + 1
    piece_starts = np.cumsum(steps) - steps + lo
    counts = np.fromiter(map(len, records), dtype=np.int64, count=len(records)) // _FIELDS
    starts = np.repeat(piece_starts, counts) + np.array(flat[4::_FIELDS], dtype=np.int64)
    ends = starts + np.array(flat[5::_FIELDS], dtype=np.int64)
    return starts, ends, [flat[k::_FIELDS] for k in range(4)]


def _inside(
    starts: np.ndarray, ends: np.ndarray, s_start: np.ndarray, s_end: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """(positions of the tokens inside a sentence, position of the sentence of each).

    A token belongs to the last sentence starting at or before it, and is inside when it
    ends by that sentence's end. None when a token runs over that end or sentences overlap.
    """
    n = len(starts)
    if n and len(s_start) and not np.any(s_start > s_end) and not np.any(s_start[1:] < s_end[:-1]):
        # sentences in text order: the tokens inside sentence k are a run, from the first one
        # starting at or after its start to the last one ending by its end
        first = np.searchsorted(starts, s_start, side="left")
        stop = np.searchsorted(ends, s_end, side="right")
        after = starts[np.minimum(stop, n - 1)]  # start of the first token ending after the sentence
        if np.any((stop < n) & (after >= s_start) & (after < s_end)):
            return None
        counts = np.maximum(stop - first, 0)
        sent = np.repeat(np.arange(len(s_start)), counts)
        if len(sent) == n:
            return np.arange(n), sent
        return np.concatenate(
            [np.arange(a, b) for a, b in zip(first.tolist(), stop.tolist(), strict=True) if a < b]
        ), sent
    idx = np.searchsorted(s_start, starts, side="right") - 1
    inside = idx >= 0
    safe = np.clip(idx, 0, None)
    if len(s_start):
        inside &= ends <= s_end[safe]
        crossing = (idx >= 0) & (starts < s_end[safe]) & (ends > s_end[safe])
    else:
        inside[:] = False
        crossing = inside
    if crossing.any() or (len(s_start) > 1 and np.any(s_start[1:] < s_end[:-1])):
        return None
    keep = np.flatnonzero(inside)
    return keep, safe[keep]


def tokens(article: Article, sents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tokens of an article, sentence by sentence (text outside ``sents`` is not tokenized).

    Args:
        article: the article.
        sents: its :func:`sentences` table (computed when None).

    Returns:
        DataFrame[tid, sid, start, end, token, norm, is_stop, is_alpha].
    """
    if sents is None:
        sents = sentences(article)
    text = article.text
    s_start = array(sents, "start").astype(np.int64, copy=False)
    s_end = array(sents, "end").astype(np.int64, copy=False)
    s_sid = array(sents, "sid").astype(np.int64, copy=False)
    starts, ends, columns = _scan(text, 0, len(text))
    found = _inside(starts, ends, s_start, s_end)
    if found is None:
        # a token runs over a sentence end (or sentences overlap): tokenize sentence by sentence
        parts = [_scan(text, int(a), int(b)) for a, b in zip(s_start, s_end, strict=True)]
        starts = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        ends = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        columns = [[v for p in parts for v in p[2][c]] for c in range(4)]
        sids = np.repeat(s_sid, [len(p[0]) for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    else:
        keep, sent = found
        if len(keep) < len(starts):
            keep_list = keep.tolist()
            columns = [[col[i] for i in keep_list] for col in columns]
            starts, ends = starts[keep], ends[keep]
        sids = s_sid[sent] if len(keep) else np.zeros(0, dtype=np.int64)
    n = len(starts)
    return frame(_TOKEN_COLUMNS, [np.arange(n), sids, starts, ends, *columns], "iiiissbb")


# --------------------------------------------------------------------------- counts


def _words(toks: pd.DataFrame) -> pd.DataFrame:
    """Word tokens (with a letter) of a tokens table."""
    return toks.loc[toks["is_alpha"].to_numpy(dtype=bool), ["sid", "norm", "is_stop"]]


def term_frequencies(toks: pd.DataFrame, *, drop_stopwords: bool = True) -> pd.DataFrame:
    """Counts of word terms (normalized tokens with a letter).

    Returns:
        DataFrame[term, count, share] sorted by count desc, then term; ``share`` = count / counted terms.
    """
    words = _words(toks)
    if drop_stopwords:
        words = words[~words["is_stop"].to_numpy(dtype=bool)]
    counts = Counter(words["norm"].tolist())
    total = sum(counts.values())
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame(
        {
            "term": [t for t, _ in rows],
            "count": np.asarray([c for _, c in rows], dtype=np.int64),
            "share": np.asarray([c / total for _, c in rows], dtype=float) if total else np.zeros(0),
        },
        columns=["term", "count", "share"],
    )


def _sentence_words(toks: pd.DataFrame) -> list[tuple[list[str], list[bool]]]:
    """Per sentence: (normalized words, stopword flags), punctuation skipped."""
    words = _words(toks)
    out: list[tuple[list[str], list[bool]]] = []
    last = None
    for sid, norm, stop in zip(
        words["sid"].tolist(), words["norm"].tolist(), words["is_stop"].tolist(), strict=True
    ):
        if sid != last:
            out.append(([], []))
            last = sid
        out[-1][0].append(norm)
        out[-1][1].append(bool(stop))
    return out


def _ngram_counts(toks: pd.DataFrame, n: int, drop_stopwords: bool) -> Counter[tuple[str, ...]]:
    counts: Counter[tuple[str, ...]] = Counter()
    for words, stops in _sentence_words(toks):
        for i in range(len(words) - n + 1):
            if drop_stopwords and (stops[i] or stops[i + n - 1]):
                continue
            counts[tuple(words[i : i + n])] += 1
    return counts


def ngrams(toks: pd.DataFrame, n: int = 2, *, drop_stopwords: bool = True) -> pd.DataFrame:
    """Counts of word n-grams inside sentences (punctuation skipped; never across sentences).

    Args:
        toks: a :func:`tokens` table.
        n: n-gram length (>= 1).
        drop_stopwords: drop n-grams that begin or end with a stopword ("secretary of state"
            stays, "of state" goes).

    Returns:
        DataFrame[ngram, count] (words joined by a space), sorted by count desc, then ngram.
    """
    if n < 1:
        raise TokensError(f"n must be >= 1, got {n}")
    counts = _ngram_counts(toks, n, drop_stopwords)
    rows = sorted(((" ".join(g), c) for g, c in counts.items()), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame(
        {"ngram": [g for g, _ in rows], "count": np.asarray([c for _, c in rows], dtype=np.int64)},
        columns=["ngram", "count"],
    )


def _xlogx_ratio(k: float, expected: float) -> float:
    return k * math.log(k / expected) if k > 0 else 0.0


def _g2(k11: int, k12: int, k21: int, k22: int) -> float:
    """Dunning's log-likelihood G2 of a 2x2 contingency table."""
    n = k11 + k12 + k21 + k22
    r1, r2, c1, c2 = k11 + k12, k21 + k22, k11 + k21, k12 + k22
    if n == 0:
        return 0.0
    return 2.0 * (
        _xlogx_ratio(k11, r1 * c1 / n)
        + _xlogx_ratio(k12, r1 * c2 / n)
        + _xlogx_ratio(k21, r2 * c1 / n)
        + _xlogx_ratio(k22, r2 * c2 / n)
    )


def collocations(toks: pd.DataFrame, *, top_n: int = 20, min_count: int = 2) -> pd.DataFrame:
    """Bigram collocations scored by PMI and Dunning's log-likelihood.

    Bigrams are adjacent words inside a sentence (punctuation skipped) that neither begin nor
    end with a stopword; unigram and bigram totals count every word.

    Returns:
        DataFrame[ngram, count, pmi, llr] (``pmi`` in bits), the ``top_n`` bigrams with
        count >= ``min_count`` by llr desc, then ngram.
    """
    sent_words = _sentence_words(toks)
    uni: Counter[str] = Counter()
    for words, _ in sent_words:
        uni.update(words)
    n_words = sum(uni.values())
    n_bigrams = sum(max(len(w) - 1, 0) for w, _ in sent_words)
    big = _ngram_counts(toks, 2, True)
    rows = []
    for (w1, w2), c12 in big.items():
        if c12 < min_count:
            continue
        c1, c2 = uni[w1], uni[w2]
        pmi = math.log2(c12 * n_words / (c1 * c2)) if n_words else 0.0
        llr = _g2(c12, c1 - c12, c2 - c12, max(n_bigrams - c1 - c2 + c12, 0))
        rows.append((f"{w1} {w2}", c12, pmi, llr))
    rows.sort(key=lambda r: (-r[3], r[0]))
    rows = rows[:top_n]
    return pd.DataFrame(
        {
            "ngram": [r[0] for r in rows],
            "count": np.asarray([r[1] for r in rows], dtype=np.int64),
            "pmi": np.asarray([r[2] for r in rows], dtype=float),
            "llr": np.asarray([r[3] for r in rows], dtype=float),
        },
        columns=["ngram", "count", "pmi", "llr"],
    )


def keyness(target_toks: pd.DataFrame, reference_toks: pd.DataFrame) -> pd.DataFrame:
    """Keywords of a target text against a reference (all word terms, stopwords included).

    ``log_likelihood`` is Dunning's G2, signed: negative when the term is relatively rarer in
    the target than in the reference. ``log_ratio`` is log2 of the ratio of relative
    frequencies (target / reference), a zero count counted as 0.5.

    Returns:
        DataFrame[term, target_count, reference_count, log_likelihood, log_ratio] sorted by
        log_likelihood desc, then term.
    """
    tc = Counter(_words(target_toks)["norm"].tolist())
    rc = Counter(_words(reference_toks)["norm"].tolist())
    nt, nr = sum(tc.values()), sum(rc.values())
    rows = []
    for term in sorted(set(tc) | set(rc)):
        a, b = tc.get(term, 0), rc.get(term, 0)
        g2 = _g2(a, b, nt - a, nr - b)
        ft = (a or 0.5) / nt if nt else 0.0
        fr = (b or 0.5) / nr if nr else 0.0
        lr = math.log2(ft / fr) if ft and fr else 0.0
        sign = -1.0 if nt and nr and a / nt < b / nr else 1.0
        rows.append((term, a, b, sign * g2, lr))
    rows.sort(key=lambda r: (-r[3], r[0]))
    return pd.DataFrame(
        {
            "term": [r[0] for r in rows],
            "target_count": np.asarray([r[1] for r in rows], dtype=np.int64),
            "reference_count": np.asarray([r[2] for r in rows], dtype=np.int64),
            "log_likelihood": np.asarray([r[3] for r in rows], dtype=float),
            "log_ratio": np.asarray([r[4] for r in rows], dtype=float),
        },
        columns=["term", "target_count", "reference_count", "log_likelihood", "log_ratio"],
    )


# --------------------------------------------------------------------------- KWIC

_WS = re.compile(r"\s")


def _term_pattern(term: str) -> re.Pattern[str]:
    words = term.split()
    if not words:
        raise TokensError("kwic: empty search term")
    parts = ["['’]".join(map(re.escape, re.split("['’]", w))) for w in words]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def kwic(
    article: Article,
    term_or_spans: str | Iterable[Sequence[int]],
    *,
    width: int = 40,
    sents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of a term (or given spans) with its surroundings.

    Args:
        article: the article.
        term_or_spans: a term (case-insensitive whole-word match; several words match across
            any whitespace; straight and curly apostrophes match each other) or an iterable
            of ``(start, end)`` offsets into ``article.text`` (e.g. an actor's mentions).
        width: characters of context on each side (whitespace shown as single spaces).
        sents: the :func:`sentences` table (computed when None).

    Returns:
        DataFrame[sid, start, end, left, keyword, right] sorted by start, end.
    """
    if width < 0:
        raise TokensError(f"kwic: width must be >= 0, got {width}")
    text = article.text
    if isinstance(term_or_spans, str):
        spans = [m.span() for m in _term_pattern(term_or_spans).finditer(text)]
    else:
        spans = []
        for sp in term_or_spans:
            s, e = int(sp[0]), int(sp[1])
            if not 0 <= s <= e <= len(text):
                raise TokensError(f"kwic: span ({s}, {e}) outside the text (length {len(text)})")
            spans.append((s, e))
        spans = sorted(set(spans))
    if sents is None:
        sents = sentences(article)
    sent_starts = sents["start"].to_numpy(dtype=np.int64)
    sids_col = sents["sid"].to_numpy(dtype=np.int64)
    starts = np.asarray([s for s, _ in spans], dtype=np.int64)
    idx = np.searchsorted(sent_starts, starts, side="right") - 1
    sids = sids_col[np.clip(idx, 0, None)] if len(sids_col) else np.full(len(spans), -1, dtype=np.int64)
    if len(sids_col):
        sids = np.where(idx >= 0, sids, -1)
    return pd.DataFrame(
        {
            "sid": np.asarray(sids, dtype=np.int64),
            "start": starts,
            "end": np.asarray([e for _, e in spans], dtype=np.int64),
            "left": [_WS.sub(" ", text[max(0, s - width) : s]) for s, _ in spans],
            "keyword": [text[s:e] for s, e in spans],
            "right": [_WS.sub(" ", text[e : e + width]) for _, e in spans],
        },
        columns=["sid", "start", "end", "left", "keyword", "right"],
    )
