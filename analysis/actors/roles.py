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
            out.append((m.start, t.end(), scan.reg.titles[_title_key(t.group(1))], country, mk))
            continue
        if not text[max(0, m.start - 8) : m.start].lower().endswith(("of ", "of the ")):
            continue
        b = titles.search_before(text, max(0, m.start - 60), m.start)
        if b is not None:
            out.append((b.start(1), m.end, scan.reg.titles[_title_key(b.group(1))], country, mk))
    return out


def _resolve_roles(scan: _Scan, phrases: list[tuple[int, int, str, str, int]]) -> None:
    reg = scan.reg
    mentioned = {m.actor_id for m in scan.mentions}
    drop: set[int] = set()
    for start, end, role, country, replaced in phrases:
        holders = reg._holders.get((role, country), ())
        if scan.day:
            ok = sorted({a for a, r in holders if r.holds_on(scan.day)})
        else:
            ok = sorted({a for a, _ in holders if a in mentioned})
        if len(ok) != 1:
            continue
        drop.add(replaced)
        a = reg.actors[ok[0]]
        scan.mentions.append(_Mention(start, end, a.id, "role", a.name, a.type))
    if drop:
        scan.mentions = [m for k, m in enumerate(scan.mentions) if k not in drop]
