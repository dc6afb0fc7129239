"""Role phrases: "the American secretary of state", "Russia's foreign minister", "president of Ukraine".

Finds the phrases next to a country mention (before discovery, so their words are not taken for
names) and resolves them through the registry's dated roles (after discovery). Works on a
:class:`~analysis.actors.matching._Scan`; it may not read files.
"""

from __future__ import annotations

import re

from analysis.actors.matching import _UPPER, _Mention, _Scan
from analysis.actors.titles import _title_key

_NAME_NEXT = re.compile(rf"[ \t\u00a0]+[{_UPPER}]")


def role_phrases(scan: _Scan) -> list[tuple[int, int, str, str, int]]:
    """(start, end, role, country id, index of the country mention inside the phrase)."""
    out: list[tuple[int, int, str, str, int]] = []
    titles = scan.reg._titles
    if titles is None:
        return out
    text, title_country = scan.text, scan.reg._title_country
    for mk, m in enumerate(scan.mentions):
        country = title_country.get(m.actor_id)
        if country is None:
            continue
        t = titles.match_after(text, m.end)
        if t is not None:
            if _NAME_NEXT.match(text, t.end()):
                continue  # "Ukrainian President Volodymyr Zelenskyy": the name wins
            if _adjective(scan, t.group(1), t.end()):
                continue  # "Russia's premier academies"
            out.append((m.start, t.end(), scan.reg.titles[_title_key(t.group(1))], country, mk))
            continue
        if not text[max(0, m.start - 8) : m.start].lower().endswith(("of ", "of the ")):
            continue
        b = titles.search_before(text, max(0, m.start - 60), m.start)
        if b is not None:
            out.append((b.start(1), m.end, scan.reg.titles[_title_key(b.group(1))], country, mk))
    return out


def _adjective(scan: _Scan, title: str, end: int) -> bool:
    """Whether ``title`` (ending at ``end``) is an adjective here: a title such as "premier" followed by
    a lower-case word that is neither a function word nor a verb of speech."""
    c = scan.cues
    if title.split()[-1].lower() not in c.adjective_titles:
        return False
    nxt = scan.next_word(end)
    return bool(nxt) and nxt[0].islower() and nxt not in c.common_words and nxt not in c.person_verbs


# a generic "leader" is whichever of these the article names, else the head of state
_LEADER_ROLES = ("head_of_state", "head_of_government")


def _holders(scan: _Scan, role: str, country: str, mentioned: set[str]) -> list[str]:
    """Registry persons holding ``role`` of ``country`` on the article's date (or, undated, mentioned)."""
    reg = scan.reg
    if role == "leader":
        named = sorted(
            {a for r in _LEADER_ROLES for a in _holders(scan, r, country, mentioned) if a in mentioned}
        )
        return named if named else _holders(scan, _LEADER_ROLES[0], country, mentioned)
    holders = reg._holders.get((role, country), ())
    if scan.day:
        return sorted({a for a, r in holders if r.holds_on(scan.day)})
    return sorted({a for a, _ in holders if a in mentioned})


def _resolve_roles(scan: _Scan, phrases: list[tuple[int, int, str, str, int]]) -> None:
    """Replace each role phrase's country mention by the role's holder, or by an unresolved person.

    A role phrase never stands for the country: without exactly one registry holder on the article's
    date it becomes the person ``role:<country>:<role>`` (type person, affiliation the country).
    """
    reg = scan.reg
    mentioned = {m.actor_id for m in scan.mentions}
    drop: set[int] = set()
    for start, end, role, country, replaced in phrases:
        ok = _holders(scan, role, country, mentioned)
        drop.add(replaced)
        if len(ok) == 1:
            a = reg.actors[ok[0]]
            scan.mentions.append(_Mention(start, end, a.id, "role", a.name, a.type))
            continue
        c = reg.actors.get(country)
        name = f"{role.replace('_', ' ')} ({c.name if c is not None else country})"
        scan.mentions.append(_Mention(start, end, f"role:{country}:{role}", "role", name, "person", country))
    if drop:
        scan.mentions = [m for k, m in enumerate(scan.mentions) if k not in drop]
