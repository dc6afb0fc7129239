"""One article's scan: the capitalised stretches of its text, tokenised once, and registry aliases in them.

Holds :class:`_Scan` (token columns, facts about the text around a token, mention bookkeeping) and the
alias pass (longest match first, whole tokens; ALL-CAPS aliases case-sensitive; possessives such as
"Russia's"/"Ukraine’s" keep only the name in the span). Matching never runs one big regex over the
text: token n-grams are looked up in dictionaries keyed by the lower-cased first token, so cost grows
with the text, not with the size of the registry. Discovery and roles live in their own modules.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import add

import pandas as pd

from analysis.actors.cues import _cues
from analysis.actors.lexing import (
    _APART,
    _SPACED,
    _UNSEEN,
    TOKEN_RE,
    _case_ok,
    _gap_kind,
    _norm,
)
from analysis.actors.registry import Registry, _country, _Entry
from analysis.articles import Article
from analysis.tables import column


@functools.lru_cache(maxsize=16384)
def _chunk_tokens(chunk: str) -> tuple[tuple[int, int, str, str, int, bool], ...]:
    """Tokens of a capitalised chunk: (start, end, token, lookup key, gap kind before it, capitalised).

    Offsets are relative to the chunk; the first token's gap kind is _APART (the scan replaces it).
    A token is capitalised if it could start a name: an upper-case first letter and not a "not name".
    ``TOKEN_RE`` has no look-behind, so tokenising the chunk alone equals tokenising its span of the text.
    """
    not_names = _cues().not_names
    out = []
    prev_end = -1
    for m in TOKEN_RE.finditer(chunk):
        a, b = m.span()
        t = m.group()
        key = _norm(t)
        gap = _gap_kind(chunk[prev_end:a]) if prev_end >= 0 else _APART
        out.append((a, b, t, key, gap, t[0].isupper() and key not in not_names))
        prev_end = b
    return tuple(out)


@dataclass(slots=True)
class _Mention:
    start: int  # character offsets into Article.text
    end: int
    actor_id: str
    kind: str  # resolved_by
    name: str = ""
    type: str = ""
    affiliation: str = ""


_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_CAP_FIRST = rf"[{_UPPER}](?<![\w'’].)"  # a capital that starts a word
_CAP_REST = r"[^\W_]*(?:(?:['’](?![sS]\b)|&)[^\W_]+)*(?:\.(?:[^\W\d_]\.)*)?"
_CONNECT = (
    "of|for|and|in|on|the|de|da|di|del|della|der|den|van|von|bin|ibn|al|el|le|la|du|dos|das|y|upon|zu|ter|abu"
)
# Capitalised stretches of text, with connectors such as "of" between capitalised words: the only places
# where names can be, hence the only places that are tokenised. The pattern starts with a character class
# so that the regex engine skips lower-case text quickly.
CHUNK_RE = re.compile(
    rf"{_CAP_FIRST}{_CAP_REST}"
    rf"(?:(?<!\.)(?:[ \t\u00a0]+(?:(?:{_CONNECT})[ \t\u00a0]+)*|-)[{_UPPER}]{_CAP_REST})*"
)
_NEXT_WORD = re.compile(r"[ \t\u00a0]+([^\W\d_][\w'’-]*)")
_OPENERS = frozenset("\"“‘'([—–-*•")
# spaces and openers only (the \s class holds exactly the characters of str.isspace)
_LEAD = re.compile(r"[\s" + "".join(re.escape(ch) for ch in sorted(_OPENERS)) + "]*")
_SHOUT_WORD = re.compile(r"\b[A-Z][A-Z'’.-]+\b")
_ANY_WORD = re.compile(r"\b[^\W\d_]{2,}")


def _sentence_bounds(sents: pd.DataFrame | None, text: str) -> tuple[list[int], list[int], list[int]]:
    if sents is None or len(sents) == 0:
        return [0], [len(text)], [0]
    return (
        column(sents, "start"),
        column(sents, "end"),
        column(sents, "sid"),
    )


class _Scan:
    """State of one article's scan: tokens of the capitalised chunks, registry hits, discovered names."""

    def __init__(self, article: Article, sents: pd.DataFrame | None, reg: Registry):
        self.text = text = article.text
        self.reg = reg
        self.actors = reg._by_id
        self.cues = _cues()
        self.day = (article.date or "")[:10] or None
        chunks = [(c.start(), _chunk_tokens(c.group())) for c in CHUNK_RE.finditer(text)]
        toks = [t for _, ts in chunks for t in ts]
        offsets = [c0 for c0, ts in chunks for _ in ts]  # the start of each token's chunk
        # columns of the tokens; T, L and cap (could start a name) are tuples, read only
        rel_starts, rel_ends, T, L, gaps, self.cap = zip(*toks, strict=True) if toks else ((),) * 6
        S = list(map(add, offsets, rel_starts))
        E = list(map(add, offsets, rel_ends))
        G = list(gaps)  # gap kind between token i-1 and token i
        first = [i for i, a in enumerate(rel_starts) if not a]  # tokens that open a chunk
        for i in first[1:]:  # the gap from the previous chunk: mostly lower-case text
            G[i] = _gap_kind(text[E[i - 1] : S[i]])
        self.S, self.E, self.T, self.L, self.G, self.chunk_first = S, E, T, L, G, set(first)
        self.n = len(T)
        self.s_starts, self.s_ends, self.sids = _sentence_bounds(sents, text)
        self.owner: list[int] = [-1] * self.n  # token -> index in self.mentions
        self.blocked: list[bool] = [False] * self.n  # tokens of role phrases and non-actors: not names
        self.mentions: list[_Mention] = []
        self._shout_cache: dict[int, bool] = {}
        self._lower_cache: dict[str, bool] = {}
        self._initial_cache: dict[int, bool] = {}

    # -- text facts -----------------------------------------------------------------------------------
    def sent_index(self, pos: int) -> int:
        """Index of the sentence holding character ``pos`` (the first one for text before it)."""
        k = bisect_right(self.s_starts, pos) - 1
        return k if k > 0 else 0

    def initial(self, i: int) -> bool:
        """Whether token i opens a sentence or a line (after any opening quote or bracket)."""
        if self.G[i] == _SPACED and i not in self.chunk_first:
            return False
        v = self._initial_cache.get(i)
        if v is None:
            v = self._initial_cache[i] = self._opens(i)
        return v

    def _opens(self, i: int) -> bool:
        """:meth:`initial` for a token that does not follow a name on the same line."""
        s = self.S[i]
        lead = self.s_starts[self.sent_index(s)]
        if lead > s or _LEAD.fullmatch(self.text, lead, s):  # only spaces and openers since its start
            return True
        before = self.text[max(0, s - 3) : s].rstrip(" \t\"“‘'([")
        return not before or before.endswith((":", "\n"))

    def shouting(self, i: int) -> bool:
        """Whether token i sits in an ALL-CAPS sentence (a headline), where capitals say nothing."""
        if not self.T[i].isupper():
            return False
        k = self.sent_index(self.S[i])
        v = self._shout_cache.get(k)
        if v is None:
            seg = self.text[self.s_starts[k] : self.s_ends[k]]
            caps = len(_SHOUT_WORD.findall(seg))
            v = self._shout_cache[k] = caps >= 2 and caps >= 0.6 * len(_ANY_WORD.findall(seg))
        return v

    def used_lowercase(self, word: str) -> bool:
        """Whether ``word`` (lower case) occurs in lower case in the text: then it is a common word."""
        v = self._lower_cache.get(word)
        if v is None:
            text, n = self.text, len(word)
            k = text.find(word)
            v = False
            while k >= 0:
                if (k == 0 or not (text[k - 1].isalnum() or text[k - 1] == "-")) and not (
                    text[k + n : k + n + 1].isalnum() or text[k + n : k + n + 1] == "-"
                ):
                    v = True
                    break
                k = text.find(word, k + 1)
            self._lower_cache[word] = v
        return v

    def prev_word(self, pos: int) -> str:
        """The word right before character ``pos`` (separated by spaces only), or ''."""
        text = self.text
        k = pos
        while k > 0 and text[k - 1] in " \t\u00a0":
            k -= 1
        if k == pos:
            return ""
        j = k
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "'’.-"):
            j -= 1
        w = text[j:k]
        return w if w[:1].isalpha() else ""

    def next_word(self, pos: int) -> str:
        m = _NEXT_WORD.match(self.text, pos)
        return m.group(1) if m else ""

    def spaced(self, i: int) -> bool:
        """Whether only spaces (on one line) separate token i from token i-1."""
        return self.G[i] == _SPACED

    def add(self, m: _Mention) -> int:
        """Add mention ``m``; its tokens now belong to it. Returns its index."""
        return self._own(m, bisect_left(self.S, m.start), bisect_left(self.S, m.end))

    def _own(self, m: _Mention, lo: int, hi: int) -> int:
        """Add mention ``m`` made of tokens lo..hi-1."""
        self.mentions.append(m)
        k = len(self.mentions) - 1
        self.owner[lo:hi] = [k] * (hi - lo)
        return k

    def drop(self, ks: set[int]) -> None:
        """Remove the mentions with indices ``ks``; their tokens belong to no mention any more."""
        remap: dict[int, int] = {}
        kept: list[_Mention] = []
        for k, m in enumerate(self.mentions):
            if k not in ks:
                remap[k] = len(kept)
                kept.append(m)
        self.mentions = kept
        self.owner = [remap.get(o, -1) for o in self.owner]

    def mention_ending_before(self, pos: int) -> int:
        """Index of the mention that ends right before ``pos`` (spaces or a possessive between), or -1."""
        before = self.text[max(0, pos - 4) : pos]
        stripped = before.rstrip()
        if stripped.endswith(("'s", "’s")):
            stripped = stripped[:-2]
        end = pos - len(before) + len(stripped)
        k = bisect_left(self.E, end)
        if k < self.n and self.E[k] == end and self.owner[k] >= 0:
            return self.owner[k]
        return -1

    def country_of(self, mk: int) -> str | None:
        """:func:`_country` of mention ``mk``'s actor (None for an actor no registry knows)."""
        a = self.actors.get(self.mentions[mk].actor_id)
        return None if a is None else _country(a)

    # -- 1. registry -------------------------------------------------------------------------------------
    def registry_pass(self) -> None:
        reg = self.reg
        index, second_keys, token_hits, actors = reg._index, reg._second_keys, reg._token_hits, self.actors
        S, E, T, L, n = self.S, self.E, self.T, self.L, self.n
        nxt = 0  # the first token not inside a mention found so far
        blocked = self.blocked
        for i in [i for i, key in enumerate(L) if key in index]:
            if i < nxt or blocked[i]:
                continue
            key = L[i]
            groups = index[key]
            hit = _UNSEEN
            if groups[-1][0] == 1 and (i + 1 == n or L[i + 1] not in second_keys[key]):
                # no longer entry can match: the cached one-token hit of the token, if any
                hit = token_hits.get(T[i], _UNSEEN)
                groups = groups[-1:]
            if hit is _UNSEEN:
                hit = self._match(i, groups)
            if hit is not None:
                actor = actors[hit.actor_id]
                nxt = i + len(hit.toks)
                self._own(_Mention(S[i], E[nxt - 1], hit.actor_id, hit.kind, actor.name, actor.type), i, nxt)

    def _match(
        self, i: int, groups: Sequence[tuple[int, Mapping[tuple[str, ...], tuple[_Entry, ...]]]]
    ) -> _Entry | None:
        """The first entry (longest first) whose tokens, case and spacing match at token i."""
        n = self.n
        for k, by_keys in groups:
            if k == 1:  # the last group: one-token entries, whose match depends on the token alone
                t = self.T[i]
                hit = self.reg._token_hits.get(t, _UNSEEN)
                if hit is _UNSEEN:
                    entries = by_keys[(self.L[i],)]
                    hit = next(
                        (e for e in entries if e.toks[0] == t or _case_ok(t, e.toks[0], e.strict[0])), None
                    )
                    self.reg._token_hits[t] = hit
                return hit
            if i + k > n:
                continue
            entries = by_keys.get(tuple(self.L[i : i + k]))
            if entries is None:
                continue
            toks, gaps = tuple(self.T[i : i + k]), tuple(self.G[i + 1 : i + k])
            for e in entries:
                if e.gaps == gaps and (e.toks == toks or all(map(_case_ok, toks, e.toks, e.strict))):
                    return e
        return None
