"""Discovery of proper names that no registry knows, typed by cue words and listed as *unresolved*.

Holds the capitalised runs left after the registry pass, the evidence for a type (person,
organization, place) from titles, nouns, verbs and suffixes around them, short forms of full names
("Antony Blinken" ... "Blinken"), and the ALL-CAPS headline pass. Works on a
:class:`~analysis.actors.matching._Scan`; it may not read files other than the cue words.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from analysis.actors.lexing import _ADJACENT, _SPACED, _norm, _tokenize
from analysis.actors.matching import _Mention, _Scan
from analysis.actors.surnames import surname_ok


@dataclass
class _Found:
    """A discovered name (possibly several occurrences)."""

    key: str
    name: str
    n_tokens: int
    scores: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    cue: str = ""
    affiliation: str | None = None
    occurrences: list[tuple[int, int, bool]] = field(default_factory=list)  # (token i, token j, weak)

    def add_cue(self, kind: str, weight: float, why: str) -> None:
        """Evidence for type ``kind``; ``why`` becomes the cue if it is the first or the strongest."""
        sc = self.scores
        sc[kind] += weight
        if not self.cue or (
            weight >= 2 and sc[kind] == weight and not self.cue.startswith(("title", "preceded"))
        ):
            self.cue = why


_ADJ_ENDINGS = ("an", "ian", "ese", "ish", "ic", "ean", "ern", "i")
_APPOS_DET = re.compile(r",[ \t]+(?:a|an|the|its|his|her|their)[ \t]+")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_AGE = re.compile(r",[ \t]+\d{1,3},")


@functools.lru_cache(maxsize=4096)
def _slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^0-9a-z]+", "_", s).strip("_") or "x"


_ORG_LINKS = frozenset({"of", "for", "and", "the", "on"})  # words inside an organisation's name


def runs(scan: _Scan) -> list[tuple[int, int]]:
    """Maximal capitalised token runs not covered by registry mentions (outside headlines)."""
    out = []
    c = scan.cues
    T, L, G, cap, n = scan.T, scan.L, scan.G, scan.cap, scan.n
    owner = [o if not b else 0 for o, b in zip(scan.owner, scan.blocked, strict=True)]
    i = 0
    while i < n:
        if owner[i] >= 0 or not cap[i] or (T[i].isupper() and scan.shouting(i)):
            i += 1
            continue
        j = i + 1
        org = L[i] in c.org_heads  # inside an organisation's name, links and adjectives go on
        while j < n and owner[j] < 0:
            if G[j] == _SPACED:
                if cap[j] or (org and T[j][:1].isupper()):
                    org = org or L[j] in c.org_heads
                    j += 1
                    continue
                nxt = j + 1 < n and owner[j + 1] < 0 and G[j + 1] == _SPACED and cap[j + 1]
                if nxt and (L[j] in c.name_particles or (L[j] in ("of", "for") and L[j - 1] in c.org_heads)):
                    j += 2
                    continue
                if org and L[j] in _ORG_LINKS:
                    # "Center for Strategic and International Studies", "Institute for the Study of War"
                    k = j
                    while k < n and L[k] in _ORG_LINKS and G[k] == _SPACED and owner[k] < 0:
                        k += 1
                    if k < n and k - j <= 2 and owner[k] < 0 and G[k] == _SPACED and T[k][:1].isupper():
                        j = k + 1
                        continue
            elif G[j] == _ADJACENT and T[j] in ("-", "&") and j + 1 < n and G[j + 1] == _ADJACENT:
                if owner[j + 1] < 0 and cap[j + 1]:
                    j += 2
                    continue
            break
        if org and j - i > 3:
            # "Ministry of Foreign Affairs Oleh Nikolenko": an organisation, then a person's name
            for k in range(j - 2, i + 1, -1):
                if (
                    (L[k - 1] in c.title_tails or L[k - 1] in c.org_suffixes)
                    and all(cap[x] and L[x] not in c.title_tails for x in range(k, j))
                    and L[j - 1] not in c.org_suffixes
                ):
                    out.append((i, k))
                    i = k
                    break
        out.append((i, j))
        i = j
    return out


def discover(scan: _Scan) -> dict[str, _Found]:
    c = scan.cues
    T, L = scan.T, scan.L
    found: dict[str, _Found] = {}
    for i0, j in runs(scan):
        i = i0
        title_cue = ""
        org_like = L[j - 1] in c.org_suffixes
        while i < j:
            w = L[i]
            if w in c.common_words or w == "-":
                i += 1
            elif not org_like and w in c.person_titles and j - i > 1:
                title_cue = title_cue or T[i]
                i += 1
            elif j - i > 1 and scan.initial(i) and scan.used_lowercase(w):
                i += 1
            else:
                break
        # a title inside: "Florida Gov. Ron DeSantis", "Affairs Vladimir Makei" (not "Ministry of ...")
        if not org_like and j - i > 1 and not (L[i] in c.org_heads and not _ORG_LINKS.isdisjoint(L[i:j])):
            for k in range(j - 2, i - 1, -1):
                if L[k] in c.person_titles or L[k] in c.title_tails:
                    title_cue = T[k]
                    i = k + 1
                    break
        while j > i and L[j - 1] in c.name_particles:
            j -= 1
        if i >= j or c.titles_or_not_names.issuperset(L[i:j]):
            continue
        prev = scan.prev_word(scan.S[i]) if i == i0 else ""
        if prev and prev[0].isupper() and (_norm(prev) in c.person_titles or _norm(prev) in c.title_tails):
            title_cue = prev  # "President Sauli Niinisto" where the title is outside the run
        weak = not title_cue and scan.initial(i)
        if (
            weak
            and j - i == 1
            and (L[i] in c.common_words or L[i] in c.person_titles or scan.used_lowercase(L[i]))
        ):
            continue
        org_name = L[i] in c.org_heads and not _ORG_LINKS.isdisjoint(L[i:j])  # "Ministry of Foreign Affairs"
        if (L[j - 1] in c.title_ends and not org_name) or L[j - 1] in c.outlet_suffixes:
            continue  # a job title ("Prosecutor General", "Florida Gov.") or an outlet ("Times Radio")
        if j - i == 1 and (
            len(T[i]) == 1
            or L[i] in c.org_suffixes
            or L[i] in c.place_suffixes
            or L[i] in c.title_tails
            or L[i] in c.non_actor_heads
        ):
            continue  # "Ministry", "Sea", "Affairs", "War", "D": a word left of a longer name, not a name
        if j - i == 1 and L[i] in c.first_names and _bracketed_first_name(scan, j):
            continue  # "(Russian President Vladimir) Putin": the first name of the person after it
        nxt = scan.next_word(scan.E[j - 1])
        if (
            j - i == 1
            and not title_cue
            and L[i].endswith(_ADJ_ENDINGS)
            and nxt[:1].islower()
            and nxt not in c.common_words
        ):
            continue  # an adjective ("Western guarantees"), not an actor
        name = scan.text[scan.S[i] : scan.E[j - 1]]
        key = " ".join(L[i:j])
        f = found.get(key)
        if f is None:
            f = found[key] = _Found(key, name, j - i)
        f.occurrences.append((i, j, weak))
        _evidence(scan, f, i, j, title_cue, prev, nxt)
    return found


def _bracketed_first_name(scan: _Scan, j: int) -> bool:
    """Whether token j-1 closes an editor's bracket right before a registry person's mention."""
    end = scan.E[j - 1]
    if j >= scan.n or scan.text[end : end + 1] not in (")", "]") or scan.owner[j] < 0:
        return False
    a = scan.actors.get(scan.mentions[scan.owner[j]].actor_id)
    return a is not None and a.type == "person" and scan.S[j] - end <= 3


def _evidence(scan: _Scan, f: _Found, i: int, j: int, title_cue: str, prev: str, nxt: str) -> None:
    c = scan.cues
    T, L = scan.T, scan.L
    sc = f.scores
    cue = f.add_cue
    last, first = L[j - 1], L[i]
    start, end = scan.S[i], scan.E[j - 1]
    if last in c.org_suffixes or "&" in T[i:j]:
        cue("organization", 3, f"organisation word: {T[j - 1]}")
    if first in c.org_heads and not _ORG_LINKS.isdisjoint(L[i:j]):
        cue("organization", 3, f"organisation word: {T[i]}")
    if last in c.place_suffixes:
        cue("place", 2.5, f"place word: {T[j - 1]}")
    if title_cue:
        cue("person", 3, f"title: {title_cue}")
        _affiliation_before(scan, f, scan.S[i] if i > 0 else start)
    if prev and prev[0].islower() and _norm(prev) in c.person_nouns:
        cue("person", 3, f"preceded by: {prev}")
        _affiliation_before(scan, f, start - len(prev) - 1)
    if j - i > 1 and first in c.first_names:
        cue("person", 2.5, f"first name: {T[i]}")
    elif j - i == 1 and first in c.first_names:
        cue("person", 1, f"first name: {T[i]}")
    if scan.text.startswith(",", end):
        _apposition(scan, f, end)
    if nxt and _norm(nxt) in c.person_verbs:
        cue("person", 1, f"followed by: {nxt}")
    if prev and prev[0].islower() and prev in c.place_prepositions:
        cue("place", 1.5, f"preceded by: {prev}")
    if j - i == 1 and len(T[i]) > 1 and T[i].isupper():
        cue("organization", 1.2, "acronym")
    if j - i > 1:
        sc["person"] += 0.5
    else:
        sc["place"] += 0.3
    if not f.cue:
        f.cue = "capitalised"


def _apposition(scan: _Scan, f: _Found, end: int) -> None:
    """ ", a former U.S. ambassador" after a name: a person cue (and maybe an affiliation)."""
    c = scan.cues
    cue = f.add_cue
    m = _APPOS_DET.match(scan.text, end)
    if m is None:
        if _AGE.match(scan.text, end):
            cue("person", 2, "apposition: age")
        return
    prev_end = m.end()
    for k, w in enumerate(_WORD.finditer(scan.text, m.end(), min(len(scan.text), m.end() + 80))):
        if k >= 6 or (w.start() > prev_end and not scan.text[prev_end : w.start()].isspace()):
            return
        word = w.group().rstrip(".")
        prev_end = w.start() + len(word)
        if word[0].islower() and _norm(word) in c.person_nouns:
            cue("person", 2, f"apposition: {scan.text[end + 1 : prev_end].strip()}")
            _affiliation_in(scan, f, m.end(), w.start())
            return
        if word[0].islower() and _norm(word) in c.org_suffixes:
            return
        prev_end = w.end()


_OF = frozenset({"of", "for", "the"})  # inside a title: "Minister of Foreign Affairs"


def _affiliation_before(scan: _Scan, f: _Found, pos: int) -> None:
    """A country mention right before a cue ("Ukraine analyst", "Russian Foreign Minister")."""
    if f.affiliation is not None:
        return
    k = bisect_left(scan.S, pos) - 1
    c = scan.cues
    for x in range(k, max(k - 7, -1), -1):
        gap = scan.text[scan.E[x] : scan.S[x + 1] if x + 1 < scan.n else pos]
        if len(gap) > 3 or any(ch in ".!?:;\n" for ch in gap):
            break  # another sentence or clause: "Lukashenko said so. Professor Mikhail Belousov"
        mk = scan.owner[x]
        if mk >= 0:
            f.affiliation = scan.country_of(mk)
            return
        if scan.L[x] not in c.person_titles and scan.L[x] not in c.title_tails and scan.L[x] not in _OF:
            break
    prev = scan.prev_word(pos)
    if prev and ((p := _norm(prev)) in scan.cues.person_nouns or p in scan.cues.person_titles):
        mk = scan.mention_ending_before(pos - len(prev) - 1)
        if mk >= 0:
            f.affiliation = scan.country_of(mk)
            return
    mk = scan.mention_ending_before(pos)
    if mk >= 0:
        f.affiliation = scan.country_of(mk)


def _affiliation_in(scan: _Scan, f: _Found, lo: int, hi: int) -> None:
    """The first country mention between characters lo and hi."""
    if f.affiliation is not None:
        return
    for x in range(bisect_left(scan.S, lo), bisect_left(scan.S, hi)):
        mk = scan.owner[x]
        if mk >= 0 and scan.country_of(mk):
            f.affiliation = scan.country_of(mk)
            return


def _resolve_found(scan: _Scan, found: dict[str, _Found]) -> None:
    """Type the discovered names, attach short forms, and add them as mentions."""
    reg = scan.reg
    persons_seen: dict[str, list[tuple[int, str]]] = defaultdict(list)  # surname key -> [(start, actor id)]
    for m in scan.mentions:
        a = scan.actors.get(m.actor_id)
        if a is not None and a.type == "person":
            k = bisect_left(scan.S, m.start)
            j = bisect_left(scan.S, m.end)
            if j - k > 1:
                persons_seen[scan.L[j - 1]].append((m.start, a.id))
    typed: dict[str, tuple[str, str]] = {}
    for key in sorted(found):
        f = found[key]
        sc = f.scores
        if all(w for _, _, w in f.occurrences) and max(sc.values(), default=0) < 1:
            continue  # only ever sentence-initial, with no evidence: a common word
        typ = max(sorted(sc), key=sc.__getitem__) if sc else "place"
        typed[key] = (typ, f"{typ}:{_slug(f.name)}")
        if typ == "person" and f.n_tokens > 1:
            for i, _j, _w in f.occurrences:
                persons_seen[key.split()[-1]].append((scan.S[i], typed[key][1]))
    info = {aid: (found[k].name, typ, found[k].affiliation or aid) for k, (typ, aid) in typed.items()}
    for key in sorted(found, key=lambda k: found[k].occurrences[0][0]):
        f = found[key]
        for i, j, _weak in f.occurrences:
            start, end = scan.S[i], scan.E[j - 1]
            target = None
            if f.n_tokens == 1:
                target = _short_form(persons_seen.get(key), start)
                if target is None and key in reg._surnames and len(reg._surnames[key]) == 1:
                    a = scan.actors[reg._surnames[key][0]]
                    if surname_ok(scan, i, a, False):
                        target = a.id
            if target is not None:
                scan._own(_Mention(start, end, target, "short_form", *info.get(target, ("", "", ""))), i, j)
            elif key in typed:
                typ, aid = typed[key]
                scan._own(_Mention(start, end, aid, "discovered", f.name, typ, f.affiliation or aid), i, j)


def _short_form(seen: list[tuple[int, str]] | None, pos: int) -> str | None:
    """The full name nearest before character ``pos`` (else the first one after it)."""
    if not seen:
        return None
    before = [(t, a) for t, a in seen if t < pos]
    return max(before)[1] if before else min(seen)[1]


def _headline_pass(scan: _Scan) -> None:
    """ALL-CAPS headlines: match names already discovered in the body (e.g. "LEICESTERSHIRE")."""
    upper = [i for i, t in enumerate(scan.T) if t.isupper() and len(t) > 1]
    if not any(scan.owner[i] < 0 and scan.shouting(i) for i in upper):
        return
    known: dict[tuple[str, ...], _Mention] = {}
    for m in scan.mentions:
        if m.kind in ("discovered", "short_form"):
            known.setdefault(tuple(_norm(t) for t in _tokenize(m.name or scan.text[m.start : m.end])[2]), m)
            known.setdefault(tuple(_norm(t) for t in _tokenize(scan.text[m.start : m.end])[2]), m)
    if not known:
        return
    longest = max(len(k) for k in known)
    covered = {t for t in range(scan.n) if scan.owner[t] >= 0}
    i = 0
    while i < scan.n:
        if i in covered or not scan.shouting(i):
            i += 1
            continue
        for k in range(min(longest, scan.n - i), 0, -1):
            m = known.get(tuple(scan.L[i : i + k]))
            if (
                m is not None
                and not covered.intersection(range(i, i + k))
                and all(scan.spaced(x) for x in range(i + 1, i + k))
            ):
                scan.add(
                    _Mention(scan.S[i], scan.E[i + k - 1], m.actor_id, m.kind, m.name, m.type, m.affiliation)
                )
                i += k
                break
        else:
            i += 1
