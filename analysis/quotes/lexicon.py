"""Reporting verbs: the lexicon file, its regex, and the cue verbs found in a text.

``data/reporting_verbs.yaml`` lists each verb's forms, its ambiguous (noun-like) forms, whether it
takes a hearer object, whether it reports a bare clause and whether its object is its content.
:func:`verb_matches` is shared with other lexicon-driven modules (acts, events). Uses the
quotation spans of :mod:`analysis.quotes.marks` (cues inside quotation marks are not cues); may
not import speakers, clauses, attribution or tables.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from analysis.datafiles import file_stamp, read_yaml
from analysis.quotes.marks import RawQuote
from analysis.quotes.schema import QuoteError


@dataclass(frozen=True)
class VerbLexicon:
    """Reporting verbs: form -> lemma; the lemmas that take a hearer object, that report a bare
    clause, and whose object is what they report (``content: object``: "called for X")."""

    forms: dict[str, str]
    ambiguous: dict[str, str]
    object_lemmas: frozenset[str]
    bare_lemmas: frozenset[str]
    pattern: re.Pattern[str]
    content_lemmas: frozenset[str] = frozenset()


def _build_lexicon(entries: list[dict[str, Any]]) -> VerbLexicon:
    forms: dict[str, str] = {}
    ambiguous: dict[str, str] = {}
    objects: set[str] = set()
    bare: set[str] = set()
    content: set[str] = set()
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
        if e.get("content") == "object":
            content.add(lemma)
        elif e.get("content") is not None:
            raise QuoteError(f"reporting verb {lemma!r}: content must be 'object', not {e['content']!r}")
    alt = trie_alternation(sorted(set(forms) | set(ambiguous)))
    # "according to" is a cue whose speaker follows it; ambiguous (noun-like) forms need "that".
    # The pattern also consumes the character before the word (searched by verb_matches): a
    # leading ASCII character class lets CPython's re skip ahead quickly, where a leading
    # look-behind or \b is tried at every offset.
    pattern = re.compile(rf"[^0-9A-Z_a-z](?:(?P<acc>[Aa]ccording to)|(?P<verb>{alt}))\b")
    return VerbLexicon(forms, ambiguous, frozenset(objects), frozenset(bare), pattern, frozenset(content))


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
        if pos and text[pos - 1] == "-":
            continue  # "so-called", "well-said": part of a hyphenated word
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


def _subject_before(text: str, pos: int) -> bool:
    """Whether the token before ``pos`` can end a subject (a name or pronoun, not a demonym)."""
    m = _PREV_TOKEN.search(text, max(0, pos - 40), pos)
    if not m:
        return False
    w = m.group(1).strip("’'")
    if w.lower() in ("he", "she", "it", "they", "we", "i"):
        return True
    return w[:1].isupper() and not _DEMONYM_END.search(w)
