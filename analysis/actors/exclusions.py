"""Names that are not actors: outlets, page furniture, wars, treaties, pipelines, products, headlines.

Two passes over an article's :class:`~analysis.actors.matching._Scan`, both of which only *block*
tokens (blocked tokens are neither matched against the registry nor discovered):

- :func:`fence_phrases`, before the registry pass: listed phrases (``outlets``, ``page_furniture``,
  ``non_actor_names`` in ``name_cues.yaml``), so that "The Washington Post" never becomes the United
  States and "Topics" never a speaker; and contractions, which no name holds ("Won't Trigger").
- :func:`fence_named_things`, after the registry pass: a capitalised stretch that ends with a
  ``non_actor_heads`` word ("Russo-Ukrainian War", "Rome Statute", "Normandy Format") or opens with one
  before "of"/"on" ("Treaty of Versailles"). Metonyms and demonyms inside it are dropped ("Rome" is not
  Italy there); a registry alias ends the stretch ("Ukraine War" keeps Ukraine) and one that reaches
  beyond it keeps the whole ("North Atlantic Treaty Organization").

It may not add mentions; cue words come from :mod:`analysis.actors.cues`.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from analysis.actors.cues import _cues
from analysis.actors.lexing import _APART, _SPACED, _norm, _tokenize
from analysis.actors.matching import _Scan

_ROMAN = re.compile(r"[IVX]+")
_ORDINALS = frozenset({"first", "second", "third", "fourth", "great"})
_OPENS_OF = frozenset({"of", "on", "for"})


@functools.lru_cache(maxsize=1)
def _phrase_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Lower-case first token -> token keys of the listed non-actor phrases, longest first."""
    c = _cues()
    idx: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for phrase in c.outlets | c.page_furniture | c.non_actor_names:
        keys = tuple(_norm(t) for t in _tokenize(phrase)[2])
        if keys:
            idx[keys[0]].add(keys)
    return {k: tuple(sorted(v, key=lambda x: (-len(x), x))) for k, v in idx.items()}


@functools.lru_cache(maxsize=1)
def _first_keys() -> frozenset[str]:
    """Lookup keys that may open a fenced phrase: first tokens of the phrases, and contractions."""
    return frozenset(_phrase_index()) | _cues().contractions


def _joined(scan: _Scan, i: int) -> bool:
    """Whether token i continues a capitalised stretch from token i-1 (spaces or a hyphen between)."""
    if i <= 0 or i >= scan.n or scan.G[i] == _APART:
        return False
    return bool(scan.cap[i - 1]) or scan.T[i - 1] == "-"


def fence_phrases(scan: _Scan) -> None:
    """Block listed non-actor phrases and stretches with a contraction (before the registry pass)."""
    idx = _phrase_index()
    contractions, org_suffixes, common = (
        scan.cues.contractions,
        scan.cues.org_suffixes,
        scan.cues.common_words,
    )
    L, T, G, blocked = scan.L, scan.T, scan.G, scan.blocked
    firsts = _first_keys()
    hits = [k for k, key in enumerate(L) if key in firsts]
    for i in hits:
        if blocked[i]:
            continue
        key = L[i]
        if key in contractions:
            blocked[i] = True
            continue
        if not T[i][:1].isupper():
            continue
        for keys in idx[key]:
            k = len(keys)
            if tuple(L[i : i + k]) != keys or any(G[x] == _APART for x in range(i + 1, i + k)):
                continue
            nxt = i + k
            if k > 1 and nxt < len(L) and G[nxt] == _SPACED and L[nxt] in org_suffixes:
                continue  # the start of a longer name ("The Atlantic Council")
            if k == 1:
                if len(T[i]) <= 2 and not T[i].isupper():  # "AP", "RT": acronyms only
                    continue
                if (
                    _joined(scan, i)
                    and scan.cap[i - 1]
                    and not blocked[i - 1]
                    and L[i - 1] not in common
                    and L[i - 1] not in scan.reg._index  # "Russian Telegram channel"
                ):
                    continue  # the end of a longer name ("Human Rights Watch")
            blocked[i : i + k] = [True] * k
            break


def fence_named_things(scan: _Scan) -> None:
    """Block names of things that cannot act, by their head word (after the registry pass)."""
    heads = scan.cues.non_actor_heads
    common = scan.cues.common_words
    L, T, G, n, cap, blocked = scan.L, scan.T, scan.G, scan.n, scan.cap, scan.blocked
    drop: set[int] = set()
    for h in [k for k, key in enumerate(L) if key in heads]:
        if blocked[h] or not T[h][:1].isupper() or scan.shouting(h):
            continue
        hi = h + 1
        while hi < n and G[hi] == _SPACED and _ROMAN.fullmatch(T[hi]):  # "World War II"
            hi += 1
        lo = h
        if hi + 1 < n and L[hi] in _OPENS_OF and G[hi] == _SPACED and not _joined(scan, h):
            # "Treaty of Versailles", "Charter of the United Nations"
            x = hi + 1
            if L[x] == "the" and x + 1 < n and G[x + 1] == _SPACED:
                x += 1
            if not cap[x] or G[x] != _SPACED:
                continue
            hi = x + 1
            while hi < n and G[hi] == _SPACED and cap[hi]:
                hi += 1
        else:
            if hi < n and G[hi] == _SPACED and cap[hi] and L[hi] not in common:
                continue  # not the last word ("Treaty Organization"); "War With" is a headline
            while lo > 0 and h - lo < 3 and _joined(scan, lo):
                prev = lo - 1
                if T[prev] == "-":
                    if prev > 0 and G[prev] != _APART and cap[prev - 1]:
                        lo = prev - 1
                        continue
                    break
                if blocked[prev] or (L[prev] in common and L[prev] not in _ORDINALS):
                    break
                o = scan.owner[prev]
                if o >= 0 and scan.mentions[o].kind == "alias":
                    break  # "NATO Troop Training", "Ukraine War": the actor stays
                if scan.initial(prev) and scan.used_lowercase(L[prev]):
                    break
                lo = prev
        if lo > 1 and L[lo - 1] in _OPENS_OF and T[lo - 2][:1].isupper() and not T[lo - 1][:1].isupper():
            continue  # "Institute for the Study of War", "Department of War": part of a longer name
        owners = {scan.owner[x] for x in range(lo, hi) if scan.owner[x] >= 0}
        if any(scan.mentions[k].start < scan.S[lo] or scan.mentions[k].end > scan.E[hi - 1] for k in owners):
            continue  # a registry name reaches beyond the stretch: it is the name, not the thing
        drop |= owners
        blocked[lo:hi] = [True] * (hi - lo)
    if drop:
        scan.drop(drop)
