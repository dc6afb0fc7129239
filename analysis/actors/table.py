"""Tables over mentions: their column names, one row per actor, and the roll-up to affiliations.

Pure functions over DataFrames (the registry is only read for the names of affiliations).
"""

from __future__ import annotations

import pandas as pd

from analysis.actors.registry import Registry, load_registry
from analysis.tables import column, frame_from_rows

MENTION_COLUMNS = [
    "mid",
    "actor_id",
    "name",
    "type",
    "affiliation",
    "surface",
    "sid",
    "start",
    "end",
    "resolved_by",
]
UNRESOLVED_COLUMNS = ["actor_id", "name", "type", "mentions", "first_start", "cue"]
ACTOR_TABLE_COLUMNS = [
    "actor_id",
    "name",
    "type",
    "affiliation",
    "mentions",
    "first_sid",
    "first_start",
    "tone",
]


def actor_table(mentions: pd.DataFrame, sent_sent: pd.DataFrame) -> pd.DataFrame:
    """One row per actor: mentions, first appearance, and tone.

    Args:
        mentions: output of :func:`find_mentions` (or :func:`at_level`).
        sent_sent: sentence sentiment (``sid``, ``compound``).

    Returns:
        DataFrame[actor_id, name, type, affiliation, mentions, first_sid, first_start, tone], ordered by
        mentions (descending), then first appearance. ``tone`` = mean compound of the distinct sentences
        that mention the actor (NaN without sentiment).
    """
    compound = (
        dict(zip(column(sent_sent, "sid"), column(sent_sent, "compound"), strict=True))
        if len(sent_sent)
        else {}
    )
    aids, sids, starts = (column(mentions, c) for c in ("actor_id", "sid", "start"))
    stats: dict[str, tuple[list[int], set[int]]] = {}  # actor -> ([mentions, row of the first], sentences)
    for k, (aid, sid, start) in enumerate(zip(aids, sids, starts, strict=True)):
        st = stats.get(aid)
        if st is None:
            stats[aid] = ([1, k], {sid})
            continue
        st[0][0] += 1
        st[1].add(sid)
        if start < starts[st[0][1]]:
            st[0][1] = k
    names, types, affs = (column(mentions, c) for c in ("name", "type", "affiliation"))
    rows = []
    for aid, ((count, k), in_sids) in stats.items():
        tones = [compound[s] for s in sorted(in_sids) if s in compound]
        tone = float(sum(tones) / len(tones)) if tones else float("nan")
        rows.append((aid, names[k], types[k], affs[k], count, min(in_sids), starts[k], tone))
    rows.sort(key=lambda r: (-r[4], r[6], r[0]))
    return frame_from_rows(ACTOR_TABLE_COLUMNS, rows, "ssssiiif")


def at_level(mentions: pd.DataFrame, level: str, registry: Registry | None = None) -> pd.DataFrame:
    """Mentions counted at ``actor`` level (unchanged) or ``affiliation`` level (person -> country).

    Args:
        mentions: output of :func:`find_mentions`.
        level: ``"actor"`` or ``"affiliation"``.
        registry: names/types of affiliations not mentioned themselves (default registry if None).

    Returns:
        A copy of ``mentions``; at affiliation level ``actor_id``, ``name`` and ``type`` are those of
        the affiliation.
    """
    if level == "actor":
        return mentions.copy()
    if level != "affiliation":
        raise ValueError(f"level must be 'actor' or 'affiliation', not {level!r}")
    out = mentions.copy()
    if len(out) == 0:
        return out
    info = {a: (n, t) for a, n, t in zip(out["actor_id"], out["name"], out["type"], strict=True)}
    missing = set(out["affiliation"]) - set(info)
    if missing:
        reg = registry if registry is not None else load_registry()
        for a in missing:
            actor = reg.get(a)
            info[a] = (actor.name, actor.type) if actor is not None else (a, "organization")
    out["actor_id"] = out["affiliation"]
    out["name"] = [info[a][0] for a in out["affiliation"]]
    out["type"] = [info[a][1] for a in out["affiliation"]]
    return out
