"""Actor mentions of one article: the resolution passes in order, and the mention and unresolved tables.

Resolution order inside one article (see DESIGN.md, "Actor registry"):

0. names that are not actors are fenced off (:mod:`analysis.actors.exclusions`);
1. registry aliases, demonyms and metonyms (:mod:`analysis.actors.matching`); bare surnames only where
   the article supports them (:mod:`analysis.actors.surnames`); city metonyms used as venues become
   places (:mod:`analysis.actors.metonyms`);
2. short forms of a full person name found in the article ("Antony Blinken" ... "Blinken");
3. titles through dated roles ("the American secretary of state" -> the holder on the article's date,
   :mod:`analysis.actors.roles`);
4. discovered proper names that no registry knows (typed by cue words, listed as *unresolved*,
   :mod:`analysis.actors.discovery`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from operator import attrgetter

import pandas as pd

from analysis.actors.discovery import _Found, _headline_pass, _resolve_found, discover
from analysis.actors.exclusions import fence_named_things, fence_phrases
from analysis.actors.matching import _Mention, _Scan
from analysis.actors.metonyms import place_venues
from analysis.actors.registry import Registry, load_registry
from analysis.actors.roles import _resolve_roles, role_phrases
from analysis.actors.surnames import drop_unsupported_surnames
from analysis.actors.table import MENTION_COLUMNS, UNRESOLVED_COLUMNS
from analysis.articles import Article
from analysis.tables import frame, frame_from_rows


def find_mentions(
    article: Article, sents: pd.DataFrame | None, registry: Registry | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actor mentions of one article, and the discovered names no registry knows.

    Args:
        article: the article (``article.date`` resolves dated roles).
        sents: its sentence table (``sid``, ``start``, ``end`` are used).
        registry: the actor registry (default: :func:`load_registry`).

    Returns:
        ``(mentions, unresolved)`` with the columns of docs/data-model.md; mentions ordered by start.
    """
    reg = registry if registry is not None else load_registry()
    scan = _Scan(article, sents, reg)
    fence_phrases(scan)
    scan.registry_pass()
    fence_named_things(scan)
    drop_unsupported_surnames(scan)
    place_venues(scan)
    phrases = role_phrases(scan)
    for start, end, *_ in phrases:
        for t in range(bisect_left(scan.S, start), bisect_left(scan.S, end)):
            scan.blocked[t] = True
    found = discover(scan)
    _resolve_found(scan, found)
    _resolve_roles(scan, phrases)
    _headline_pass(scan)
    return _mention_frame(scan), _unresolved_frame(scan, found)


_KINDS = {"mid": "i", "sid": "i", "start": "i", "end": "i", "mentions": "i", "first_start": "i"}


def _frame(rows: list[tuple], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame from row tuples: integer columns as int64, the others as strings."""
    return frame_from_rows(columns, rows, "".join(_KINDS.get(c, "s") for c in columns))


def _mention_frame(scan: _Scan) -> pd.DataFrame:
    ms = sorted(scan.mentions, key=attrgetter("start", "end"))
    ids = [m.actor_id for m in ms]
    starts = [m.start for m in ms]
    ends = [m.end for m in ms]
    actors = [scan.actors.get(aid) for aid in ids]
    sids, text = scan.sids, scan.text
    columns = (
        range(len(ms)),
        ids,
        [a.name if a is not None else m.name for a, m in zip(actors, ms, strict=True)],
        [a.type if a is not None else m.type for a, m in zip(actors, ms, strict=True)],
        [
            (a.affiliation or a.id) if a is not None else (m.affiliation or m.actor_id)
            for a, m in zip(actors, ms, strict=True)
        ],
        [text[a:b] for a, b in zip(starts, ends, strict=True)],
        [sids[scan.sent_index(start)] for start in starts],
        starts,
        ends,
        [m.kind for m in ms],
    )
    return frame(MENTION_COLUMNS, columns, "".join(_KINDS.get(c, "s") for c in MENTION_COLUMNS))


def _unresolved_frame(scan: _Scan, found: dict[str, _Found]) -> pd.DataFrame:
    by_id: dict[str, list[_Mention]] = defaultdict(list)
    for m in scan.mentions:
        if m.actor_id not in scan.actors:
            by_id[m.actor_id].append(m)
    cue_of = {}
    for f in found.values():
        for i, _j, _w in f.occurrences:
            cue_of[scan.S[i]] = f
    rows = []
    for aid, ms in by_id.items():
        disc = [m for m in ms if m.kind == "discovered"]
        ref = max(disc, key=lambda m: (m.end - m.start, -m.start)) if disc else ms[0]
        f = cue_of.get(ref.start)
        rows.append((aid, ref.name, ref.type, len(ms), min(m.start for m in ms), f.cue if f else ""))
    rows.sort(key=lambda r: (r[4], r[0]))
    return _frame(rows, UNRESOLVED_COLUMNS)
