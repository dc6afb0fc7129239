"""Counting each quotation once: quotations inside reported clauses, nested clauses, repeats.

A partial quote inside a reported clause ("Lavrov said the West was “playing with fire”") is
one quotation: the clause's row, with the quote as one of its ``fragments``. A reported clause
inside another one (nested reported speech, or a clause that a later cue reports again) is
counted by the outer clause. A quotation repeated word for word in one article (a pull quote)
keeps its row but points to the first one (``repeat_of``), so counts can skip it.
Pure functions over rows of offsets and their texts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from analysis.quotes.schema import KINDS, Row

_NOT_WORD = re.compile(r"[\W_]+")


def fold_quotations(quotations: list[Row], clauses: list[Row]) -> list[Row]:
    """One row per quotation: quotations inside a reported clause become its fragments.

    Args:
        quotations: rows of the quotations found by their marks (kind direct, partial, scare),
            each with itself as its only fragment.
        clauses: rows of reported clauses (kind indirect), without fragments.

    Returns:
        The rows in text order (start, kind, end): clauses nested in an earlier, longer clause
        dropped; every quotation inside a kept clause moved into that clause's fragments.
    """
    outer: list[Row] = []
    reach = -1
    for r in sorted(clauses, key=lambda r: (r.start, -r.end)):
        if r.end <= reach:
            continue  # inside an earlier clause: that clause counts it
        outer.append(r)
        reach = r.end
    starts = [r.start for r in outer]
    inside: dict[int, list[tuple[int, int]]] = {}
    rows: list[Row] = []
    for q in quotations:
        # kept clauses have increasing starts and ends: the last one starting at or before q
        # is the only one that can hold it
        i = bisect_right(starts, q.start) - 1
        if i >= 0 and outer[i].start <= q.start and q.end <= outer[i].end:
            inside.setdefault(i, []).extend(q.fragments)
        else:
            rows.append(q)
    for i, r in enumerate(outer):
        frags = inside.get(i)
        rows.append(Row(r.kind, r.start, r.end, r.frame, tuple(sorted(frags)) if frags else ()))
    rows.sort(key=lambda r: (r.start, KINDS.index(r.kind), r.end))
    return rows


def repeats(kinds: Sequence[str], texts: Sequence[str]) -> list[int]:
    """For each row, the index of the first earlier row with the same words (a pull quote or a
    repeated quotation), else -1. Scare quotes are never repeats; case, punctuation and spacing
    are ignored."""
    first: dict[str, int] = {}
    out = []
    for i, (kind, text) in enumerate(zip(kinds, texts, strict=True)):
        key = _NOT_WORD.sub(" ", text).strip().lower()
        if kind == "scare" or not key:
            out.append(-1)
            continue
        out.append(first.setdefault(key, i))
        if out[-1] == i:
            out[-1] = -1
    return out
