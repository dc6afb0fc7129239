"""Bare surnames: when "Belousov" may stand for a registry person, and when it names someone else.

A one-word alias that is a registry person's surname resolves only where the article supports it:
not right after another capitalised first name ("Professor Mikhail Belousov" is not Andrei Belousov),
not after a title the person never held ("Professor Belousov"), and otherwise only if a title he held
stands before it ("Defence Minister Belousov"), his full name came earlier in the article, or he held a
registry role by the article's date (any role for an undated article). A first name with the
person's own initial is a spelling variant ("Aleksander Lukashenko") and joins the mention. Works
on a :class:`~analysis.actors.matching._Scan` after the alias pass; it adds no mentions.
"""

from __future__ import annotations

import functools
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping

from analysis.actors.lexing import _SPACED, _norm
from analysis.actors.matching import _Scan
from analysis.actors.registry import Actor, Registry


@functools.lru_cache(maxsize=8)
def _title_words(reg: Registry) -> Mapping[str, frozenset[str]]:
    """Last word of each registry title phrase -> the role keys it may name ("minister" -> ...)."""
    out: dict[str, set[str]] = defaultdict(set)
    for phrase, role in reg.titles.items():
        out[phrase.split()[-1]].add(role)
    return {k: frozenset(v) for k, v in out.items()}


def is_bare_surname(actor: Actor, n_tokens: int) -> bool:
    """Whether a one-token alias of ``actor`` is a bare surname (the actor's name has more words)."""
    return actor.type == "person" and n_tokens == 1 and " " in actor.name.strip()


def after_first_name(scan: _Scan, i: int) -> bool:
    """Whether token i follows a capitalised word that is no title: another person's first name."""
    if i > 0 and scan.G[i] == _SPACED and scan.cap[i - 1] and scan.owner[i - 1] < 0:
        w, c = scan.L[i - 1], scan.cues
        return not (w in c.person_titles or w in c.honorifics or w in c.title_tails or w in c.common_words)
    return False


def _initial(word: str) -> str:
    """The first letter of ``word`` without diacritics, lower case ("Ł" -> "l", "Á" -> "a")."""
    base = unicodedata.normalize("NFKD", word[:1])
    return (base[:1] or word[:1]).lower().replace("ł", "l")


def first_name_variant(scan: _Scan, i: int, actor: Actor) -> bool:
    """Whether the first name before surname token i is a spelling of ``actor``'s own first name
    ("Aleksander Lukashenko", "Alaxandr Lukashenko" for Alexander Lukashenko): same initial."""
    first = scan.T[i - 1]
    return any(
        len(parts := alias.split()) > 1 and _initial(parts[0]) == _initial(first) for alias in actor.aliases
    )


def surname_ok(scan: _Scan, i: int, actor: Actor, full_seen: bool) -> bool:
    """Whether token i, a bare surname of ``actor``, may resolve to it in this article.

    Args:
        scan: the article's scan.
        i: index of the surname token.
        actor: the registry person.
        full_seen: whether the person's full name was found earlier in the article.
    """
    cues = scan.cues
    if i > 0 and scan.G[i] == _SPACED and scan.cap[i - 1] and scan.owner[i - 1] < 0:
        w = scan.L[i - 1]
        if not (
            w in cues.person_titles or w in cues.honorifics or w in cues.title_tails or w in cues.common_words
        ):
            return False  # another first name: "Mikhail Belousov"
    prev = _norm(scan.prev_word(scan.S[i])).rstrip(".")
    if prev:
        roles = _title_words(scan.reg).get(prev)
        if roles is not None:
            return any(r.role in roles for r in actor.roles)
        if (
            prev not in cues.honorifics
            and prev + "." not in cues.honorifics
            and (prev in cues.person_titles or prev in cues.person_nouns)
        ):
            return False  # "Professor Belousov", "analyst Belousov"
    if full_seen:
        return True
    day = scan.day
    if day is None:
        return bool(actor.roles)
    return any(r.start is None or r.start <= day for r in actor.roles)


def drop_unsupported_surnames(scan: _Scan) -> None:
    """Drop registry mentions of bare surnames that the article does not support (after the alias pass)."""
    full: set[str] = set()
    drop: set[int] = set()
    others: set[str] = set()  # surnames that another person in the article bears ("Mikhail Belousov")
    actors, S = scan.actors, scan.S
    bare: list[tuple[int, int, Actor]] = []
    for k, m in enumerate(scan.mentions):
        a = actors.get(m.actor_id)
        if a is None or a.type != "person" or m.kind != "alias":
            continue
        i = bisect_left(S, m.start)
        if bisect_left(S, m.end) - i > 1:
            full.add(a.id)
        elif is_bare_surname(a, 1):
            if after_first_name(scan, i) and first_name_variant(scan, i, a):
                m.start = S[i - 1]  # the whole name is his: "Aleksander Lukashenko"
                scan.owner[i - 1] = k
                full.add(a.id)
                continue
            bare.append((k, i, a))
            if after_first_name(scan, i):
                others.add(scan.L[i])
    for k, i, a in bare:
        ok = surname_ok(scan, i, a, a.id in full)
        if ok and scan.L[i] in others and a.id not in full:
            ok = False
        if not ok:
            drop.add(k)
    if drop:
        scan.drop(drop)
