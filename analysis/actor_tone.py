"""Tone toward an actor: two measures, each named for what it measures, with its count.

* ``mention_tone``: the mean VADER compound of the distinct sentences that mention the actor
  (``n_sentences`` of them). It is the climate in which the actor appears, not an attitude
  toward it: "Russian shelling killed 12 in Kharkiv" is as negative for Russia as for Kharkiv.
* ``tone_toward``: the mean tone of what others say or do *to* the actor: attributed quotations
  that name it (``n_quotes``: the actor among the quote's ``targets``, spoken by someone else,
  scare quotes and repeated pull quotes left out) and events whose target it is (``n_events``,
  from an events table with ``source``, ``target``, ``tone`` when one is given; an event of an
  actor on itself is left out). NaN when nothing is said or done to it (``n_toward`` = 0).

Values resting on few sentences or quotes swing to extremes: figures leave out actors below a
minimum (:data:`MIN_MENTIONS`); the table keeps every actor with its counts. Reads the mentions,
sentence-sentiment, quotes and events tables as plain DataFrames; may not import the modules
that build them.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analysis.tables import column, frame_from_rows

ACTOR_TONE_COLUMNS = [
    "actor_id",
    "name",
    "type",
    "mentions",
    "n_sentences",
    "mention_tone",
    "n_quotes",
    "n_events",
    "n_toward",
    "tone_toward",
]
#: Fewest mentions an actor needs to be shown in a tone figure (tables keep every actor).
MIN_MENTIONS = 3


class ActorToneError(ValueError):
    """A table given to :func:`actor_tone` lacks a column it needs."""


def _require(df: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ActorToneError(f"{what} table lacks columns {missing}")


def _present(v: Any) -> bool:
    return v is not None and v == v


def _toward(
    quotes: pd.DataFrame | None, events: pd.DataFrame | None
) -> dict[Any, tuple[list[float], list[float]]]:
    """actor -> (tones of quotes naming it, tones of events done to it)."""
    out: dict[Any, tuple[list[float], list[float]]] = {}
    if quotes is not None and len(quotes):
        _require(quotes, ("kind", "speaker", "targets", "tone"), "quotes")
        n = len(quotes)
        repeat = column(quotes, "repeat_of") if "repeat_of" in quotes.columns else [-1] * n
        for kind, spk, targets, tone, rep in zip(
            column(quotes, "kind"),
            column(quotes, "speaker"),
            column(quotes, "targets"),
            column(quotes, "tone"),
            repeat,
            strict=True,
        ):
            if kind == "scare" or not _present(spk) or (_present(rep) and rep >= 0) or not _present(tone):
                continue
            for t in targets if isinstance(targets, tuple | list) else ():
                if t != spk:
                    out.setdefault(t, ([], []))[0].append(float(tone))
    if events is not None and len(events):
        _require(events, ("source", "target", "tone"), "events")
        for src, tgt, tone in zip(
            column(events, "source"), column(events, "target"), column(events, "tone"), strict=True
        ):
            if _present(tgt) and src != tgt and _present(tone):
                out.setdefault(tgt, ([], []))[1].append(float(tone))
    return out


def actor_tone(
    mentions: pd.DataFrame,
    sent_sent: pd.DataFrame,
    quotes: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Both tone measures of every mentioned actor, with the counts behind them.

    Args:
        mentions: the mentions table (``actor_id``, ``name``, ``type``, ``sid``).
        sent_sent: sentence sentiment (``sid``, ``compound``).
        quotes: the quotes table (``kind``, ``speaker``, ``targets``, ``tone``; ``repeat_of``
            when present), or None.
        events: a table of directed events (``source``, ``target``, ``tone``), or None.

    Returns:
        DataFrame[actor_id, name, type, mentions, n_sentences, mention_tone, n_quotes, n_events,
        n_toward, tone_toward], one row per actor of ``mentions``, by mentions (descending), then
        actor id. ``n_toward`` = ``n_quotes`` + ``n_events``; ``tone_toward`` is their mean
        tone (NaN when 0); ``mention_tone`` is NaN without sentence sentiment.

    Raises:
        ActorToneError: a table lacks a column named above.
    """
    _require(mentions, ("actor_id", "name", "type", "sid"), "mentions")
    _require(sent_sent, ("sid", "compound"), "sentence sentiment")
    compound = dict(zip(column(sent_sent, "sid"), column(sent_sent, "compound"), strict=True))
    first: dict[Any, tuple[Any, Any]] = {}
    count: dict[Any, int] = {}
    sids: dict[Any, set[int]] = {}
    for aid, name, typ, sid in zip(
        column(mentions, "actor_id"),
        column(mentions, "name"),
        column(mentions, "type"),
        column(mentions, "sid"),
        strict=True,
    ):
        first.setdefault(aid, (name, typ))
        count[aid] = count.get(aid, 0) + 1
        sids.setdefault(aid, set()).add(int(sid))
    toward = _toward(quotes, events)
    nan = math.nan
    rows = []
    for aid, (name, typ) in first.items():
        tones = [compound[s] for s in sorted(sids[aid]) if s in compound]
        q, e = toward.get(aid, ([], []))
        said_done = q + e
        rows.append(
            (
                aid,
                name,
                typ,
                count[aid],
                len(tones),
                sum(tones) / len(tones) if tones else nan,
                len(q),
                len(e),
                len(said_done),
                sum(said_done) / len(said_done) if said_done else nan,
            )
        )
    rows.sort(key=lambda r: (-r[3], str(r[0])))
    return frame_from_rows(ACTOR_TONE_COLUMNS, rows, "sssiifiiif")


__all__ = ["ACTOR_TONE_COLUMNS", "MIN_MENTIONS", "ActorToneError", "actor_tone"]
