"""Directed relations between actors: who threatens, warns, urges, accuses, meets whom.

Two origins:

* ``quote``: a quotation or reported clause whose speaker is an actor and whose content
  mentions other actors gives one edge speaker -> target per target. The act comes from the
  cue verb (``charged`` -> accuse, ``urged`` -> appeal, ``warned`` -> warn), else from an act
  verb inside the content, else ``statement``. Targets that are the speaker's own
  affiliation (a Russian minister talking about Russia) are not relations and are dropped.
* ``sentence``: "X <act verb> Y" where X (the verb's subject phrase) and Y (the first mention
  at most ``max_gap`` words after the verb) are both actor mentions: "The West ... threatened
  the Kremlin", "Blinken urged Russia", "X met with Y".

The act lexicon is ``analysis/data/act_verbs.yaml`` (CAMEO-inspired, documented there).
"The West" is an actor only if the registry (or the actors module's discovery) makes it one;
when it is not, "Lavrov charged that the West was playing with fire ... NATO expansion" still
gives Lavrov -> NATO (accuse) through the other mention of the reported clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import networkx as nx
import pandas as pd

from analysis.articles import Article
from analysis.datafiles import file_stamp, read_yaml
from analysis.quotes import (
    Cue,
    QuoteError,
    present,
    quote_context,
    speaker_frame,
    table,
    trie_alternation,
    verb_matches,
)
from analysis.tables import column

RELATION_COLUMNS = ["rid", "source", "target", "act", "cue", "tone", "sid", "start", "end", "origin"]
#: Act of a quote whose cue and content carry none.
STATEMENT = "statement"


@dataclass(frozen=True)
class ActLexicon:
    """Act verbs: form -> act, cue lemma -> act, the verb regex and the object gap.

    ``pattern`` matches a form (group ``verb``) with the character before it: search it with
    :func:`analysis.quotes.verb_matches`.
    """

    forms: dict[str, str]
    cues: dict[str, str]
    cameo: dict[str, str]
    pattern: re.Pattern[str]
    max_gap: int


def load_act_verbs(path: str | None = None) -> ActLexicon:
    """Load the act lexicon (default: ``analysis/data/act_verbs.yaml``).

    Cached on the file, its modification time and size: an edited file is read again.
    """
    return _act_verbs(None if path is None else file_stamp(path))


@lru_cache(maxsize=8)
def _act_verbs(stamp: tuple[str, int, int] | None) -> ActLexicon:
    data = read_yaml("act_verbs.yaml", None if stamp is None else stamp[0]) or {}
    acts = data.get("acts")
    if not isinstance(acts, dict):
        raise QuoteError("act verb file needs an 'acts' mapping")
    forms: dict[str, str] = {}
    cues: dict[str, str] = {}
    cameo: dict[str, str] = {}
    for act in sorted(acts):
        spec = acts[act] or {}
        cameo[act] = str(spec.get("cameo", ""))
        for f in spec.get("forms") or []:
            forms.setdefault(str(f), act)
        for c in spec.get("cues") or []:
            cues.setdefault(str(c), act)
    # like the reporting-verb pattern, searched with quotes.verb_matches: the
    # leading character class lets the regex engine skip ahead where a look-behind cannot
    pattern = re.compile(r"[^0-9A-Z_a-z](?P<verb>" + trie_alternation(sorted(forms)) + r")\b")
    return ActLexicon(forms, cues, cameo, pattern, int(data.get("max_gap", 4)))


def empty_relations() -> pd.DataFrame:
    """An empty relations table with the documented columns."""
    return table({}, RELATION_COLUMNS)


_GAP_STOP = re.compile(r"[.;:,“”\"]|\bthat\b")
_FIRST_PERSON_VERB = re.compile(r"\b(?:I|[Ww]e|will|would|must|shall|cannot|can|to)\s+$")
_TRAIL_ADV = re.compile(r"(?:\s+(?:also|has|have|had|would|will|could|did|again|then|[a-z]+ly))+\s*$")


def _quote_act(cue: Any, content: str, lex: ActLexicon) -> str:
    """Act of a quote: from its cue verb, else a verbal act form in the content, else statement."""
    if isinstance(cue, str) and cue in lex.cues:
        return lex.cues[cue]
    for pos, _end, m in verb_matches(lex.pattern, content):
        if _FIRST_PERSON_VERB.search(content, max(0, pos - 12), pos):
            return lex.forms[" ".join(m.group("verb").split())]
    return STATEMENT


def _adjacent(text: str, subject_end: int, verb_start: int) -> bool:
    """Whether the verb follows its subject directly (adverbs, auxiliaries or one aside between)."""
    gap = " " + text[subject_end:verb_start]
    m = _TRAIL_ADV.search(gap)
    gap = (gap[: m.start()] if m else gap).strip()
    return not gap or (gap.startswith(",") and gap.endswith(","))


def relations(
    article: Article,
    sents: pd.DataFrame,
    mentions: pd.DataFrame | None,
    quotes_df: pd.DataFrame,
    registry: Any = None,
    *,
    acts: ActLexicon | None = None,
) -> pd.DataFrame:
    """Directed speaker -> target relations from quotes and from "X <act verb> Y" sentences.

    Args:
        article: the article.
        sents: ``analysis.tokens.sentences(article)``.
        mentions: the mentions table (may be empty or None).
        quotes_df: ``analysis.quotes.quotes(...)``.
        registry: unused; kept for the documented signature.
        acts: an act lexicon (default :func:`load_act_verbs`).

    Returns:
        DataFrame[rid, source, target, act, cue, tone, sid, start, end, origin], ordered by
        evidence start, then origin, target and act; one row per (source, target, act, sid, origin).
    """
    from analysis.sentiment import score_text

    lex = acts or load_act_verbs()
    recs: list[tuple[Any, ...]] = []
    seen: set[tuple[Any, ...]] = set()

    def add(src: Any, tgt: Any, act: str, cue: Any, tone: float, sid: int, s: int, e: int, origin: str):
        key = (src, tgt, act, sid, origin)
        if src is None or tgt is None or src == tgt or key in seen:
            return
        seen.add(key)
        recs.append((src, tgt, act, cue, float(tone), int(sid), int(s), int(e), origin))

    if mentions is not None and len(mentions) and len(sents):
        _sentence_relations(article, sents, mentions, lex, score_text, add)
    # "X urged Russia “to respect Ukraine's sovereignty”": the act is addressed to the verb's object
    # (a sentence relation); actors named inside the quote are only talked about.
    addressed = {(r[0], r[2], r[5]) for r in recs}

    if quotes_df is not None and len(quotes_df):
        cols = [
            column(quotes_df, c)
            for c in (
                "kind",
                "speaker",
                "speaker_affiliation",
                "cue",
                "text",
                "tone",
                "sids",
                "start",
                "end",
                "targets",
            )
        ]
        for kind, spk, aff, cue, txt, tone, sids, s, e, tg in zip(*cols, strict=True):
            if kind == "scare" or not present(spk) or not tg:
                continue
            sid = sids[0] if sids else 0
            act = _quote_act(cue, txt, lex)
            if (spk, act, sid) in addressed:
                act = STATEMENT
            for t in tg:
                if t != aff:
                    add(spk, t, act, cue, tone, sid, s, e, "quote")

    if not recs:
        return empty_relations()
    recs.sort(key=lambda r: (r[6], r[8], str(r[1]), r[2]))
    out = {c: [r[i - 1] for r in recs] for i, c in enumerate(RELATION_COLUMNS) if i}
    out["rid"] = list(range(len(recs)))
    return table(out, RELATION_COLUMNS)


def _sentence_relations(
    article: Article, sents: pd.DataFrame, mentions: pd.DataFrame, lex: ActLexicon, score_text: Any, add: Any
) -> None:
    text = article.text
    ctx = quote_context(article, sents, mentions)
    raw = ctx.raw_quotes()
    q_open = [r.open for r in raw]
    q_close = [r.close for r in raw]
    m_start, m_end, m_actor, m_type = ctx.m_start, ctx.m_end, ctx.m_actor, ctx.m_type
    s_start, s_end = ctx.s_start, ctx.s_end
    n_m = len(m_start)
    for pos, v_end, v in verb_matches(lex.pattern, text):
        # cheap tests first: an object mention soon after the verb, outside quotations
        first = bisect_left(m_start, v_end)
        if first >= n_m:
            continue
        gap = text[v_end : m_start[first]]
        if len(gap.split()) > lex.max_gap or _GAP_STOP.search(gap):
            continue
        i = bisect_right(q_open, pos) - 1
        if i >= 0 and pos < q_close[i]:
            continue
        sid = ctx.sid_of(pos)
        lo, hi = s_start[sid], s_end[sid]
        k = first
        while k < n_m and ctx.m_how[k] == "demonym" and m_start[k] < hi:
            # "Ukrainian Foreign Minister Dmytro Kuleba": the demonym qualifies the next mention;
            # "his Russian counterpart": an adjective of a non-actor, no object
            between = text[m_end[k] : m_start[k + 1]].split() if k + 1 < n_m else ["x"]
            if len(between) > 2 or not all(w[:1].isupper() for w in between):
                k = n_m
                break
            k += 1
        if k >= n_m or m_start[k] >= hi:
            continue
        j = bisect_right(q_close, pos) - 1
        if j >= 0 and lo <= q_close[j] <= pos:
            lo = q_close[j]
        f = speaker_frame(text, Cue(pos, v_end, "", False), lo, pos)
        if f.speaker_start < 0 or f.inverted or not _adjacent(text, f.speaker_end, pos):
            continue
        # subject: the speaker phrase's mentions, persons first, heading the phrase
        subj = ctx.mentions_in(f.speaker_start, f.speaker_end)
        if not subj:
            continue
        persons = [x for x in subj if m_type[x] == "person"]
        head = persons[-1] if persons else subj[-1]
        if len(text[m_end[head] : f.speaker_end].split()) > 2:
            continue
        verb = " ".join(v.group("verb").split())
        add(
            m_actor[head],
            m_actor[k],
            lex.forms[verb],
            verb,
            score_text(ctx.s_text(sid)),
            ctx.sid_value(sid),
            f.speaker_start,
            m_end[k],
            "sentence",
        )


def relation_graph(relations_df: pd.DataFrame) -> nx.MultiDiGraph:
    """A networkx MultiDiGraph: one edge per relation row (key = rid), in row order.

    Edge attributes: act, cue, tone, sid, start, end, origin. Nodes appear in order of first use.
    """
    G = nx.MultiDiGraph()
    if relations_df is None or not len(relations_df):
        return G
    for rid, src, tgt, act, cue, tone, sid, s, e, origin in zip(
        *(relations_df[c] for c in RELATION_COLUMNS), strict=True
    ):
        for node in (src, tgt):
            if node not in G:
                G.add_node(node)
        G.add_edge(
            src,
            tgt,
            key=int(rid),
            act=act,
            cue=cue,
            tone=float(tone),
            sid=int(sid),
            start=int(s),
            end=int(e),
            origin=origin,
        )
    return G
