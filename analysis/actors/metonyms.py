"""City metonyms: "Washington warned" is the United States, "met in Stockholm" is a place, not Sweden.

A registry metonym (a capital or seat of government) stands for its state where it acts. Where it is a
venue (right after a preposition such as "in" or "at") or a modifier of a lower-case noun ("a Washington
think tank", "the Moscow region"), the mention becomes the place itself: id ``place:<name>``, type
``place``, ``resolved_by`` ``venue``, its own affiliation (a venue does not count for the country).
Works on a :class:`~analysis.actors.matching._Scan` after the registry pass; it may not read files.
"""

from __future__ import annotations

from analysis.actors.discovery import _slug
from analysis.actors.matching import _Scan


def place_venues(scan: _Scan) -> None:
    """Turn metonym mentions used as venues or modifiers into place mentions."""
    cues = scan.cues
    preps, nouns, text = cues.venue_prepositions, cues.venue_nouns, scan.text
    for m in scan.mentions:
        if m.kind != "metonym":
            continue
        prev = scan.prev_word(m.start)
        nxt = scan.next_word(m.end)
        if not (prev in preps or (nxt[:1].islower() and nxt in nouns)):
            continue
        surface = text[m.start : m.end]
        m.actor_id = f"place:{_slug(surface)}"
        m.kind = "venue"
        m.name = surface
        m.type = "place"
        m.affiliation = m.actor_id
