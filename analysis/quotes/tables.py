"""The quotes table and the voice-share table (who gets to speak).

:func:`quotes` runs the finding, attribution and resolution steps of the package on one article
and scores each row's tone; :func:`voice_share` aggregates a quotes table per speaker;
:func:`quoted_spans` lists the verbatim spans of a quotes table for modules that must not read
inside quotations (events). The only module of the package that builds DataFrames (through
:mod:`analysis.quotes.schema`) or imports sentiment.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.articles import Article
from analysis.quotes.attribution import attribute
from analysis.quotes.context import QuoteContext, quote_context
from analysis.quotes.dedup import repeats
from analysis.quotes.lexicon import VerbLexicon, _find_cues, load_reporting_verbs
from analysis.quotes.schema import QUOTE_COLUMNS, VOICE_COLUMNS, QuoteError, empty_quotes, present, table
from analysis.quotes.speakers import resolve_speakers
from analysis.tables import column

#: Contents of at most this many words are scored by VADER directly (see ``_tone``).
TONE_WORDS = 12


def quotes(
    article: Article,
    sents: pd.DataFrame,
    mentions: pd.DataFrame | None,
    registry: Any = None,
    *,
    verbs: VerbLexicon | None = None,
) -> pd.DataFrame:
    """Quotations and reported speech of an article, attributed to speakers.

    Args:
        article: the article (offsets point into ``article.text``).
        sents: ``analysis.tokens.sentences(article)``.
        mentions: ``analysis.actors.find_mentions(...)[0]`` (may be empty or None).
        registry: unused (speakers resolve through ``mentions``); kept for the documented signature.
        verbs: a reporting-verb lexicon (default: :func:`load_reporting_verbs`).

    Returns:
        DataFrame[qid, kind, text, start, end, sids, speaker_surface, speaker_start, speaker_end,
        speaker, speaker_name, speaker_affiliation, cue, tone, targets, fragments, repeat_of], in
        text order. Each quotation is one row: a partial quote inside a reported clause is one of
        the clause's ``fragments`` (``(start, end)`` spans in quotation marks; a quotation's row
        holds its own span), not a row of its own. ``repeat_of`` is the ``qid`` of an earlier row
        with the same words (a pull quote), else -1.
    """
    from analysis.sentiment import score_text

    lex = verbs or load_reporting_verbs()
    ctx = quote_context(article, sents, mentions)
    text = article.text
    raw = ctx.raw_quotes()
    cues = _find_cues(text, lex, raw)
    rows = attribute(ctx, raw, cues, lex)
    if not rows:
        return empty_quotes()
    speakers = resolve_speakers(ctx, [r.frame for r in rows])
    m_actor = ctx.m_actor
    recs = []
    repeat_of = repeats([r.kind for r in rows], [text[r.start : r.end] for r in rows])
    for qid, (r, (sid_, sname, saff)) in enumerate(zip(rows, speakers, strict=True)):
        f = r.frame
        has_sp = f is not None and f.speaker_start >= 0
        content = text[r.start : r.end]
        targets = {
            m_actor[i]
            for i in ctx.mentions_in(r.start, r.end)
            if m_actor[i] is not None and m_actor[i] != sid_
        }
        sids = ctx.sids(r.start, r.end)
        recs.append(
            (
                qid,
                r.kind,
                content,
                r.start,
                r.end,
                ctx.sid_values(sids),
                text[f.speaker_start : f.speaker_end] if has_sp else None,
                f.speaker_start if has_sp else -1,
                f.speaker_end if has_sp else -1,
                sid_,
                sname,
                saff,
                f.lemma if f is not None else None,
                _tone(ctx, sids, content, score_text),
                tuple(sorted(targets)),
                r.fragments,
                repeat_of[qid],
            )
        )
    return table({c: [r[i] for r in recs] for i, c in enumerate(QUOTE_COLUMNS)}, QUOTE_COLUMNS)


def _tone(ctx: QuoteContext, sids: range, content: str, score: Any) -> float:
    """VADER compound of a content of at most ``TONE_WORDS`` words; longer contents take the mean
    compound of the sentences (rows ``sids``) they span (VADER is per sentence in this project, and
    sentence scores are memoised, so this costs nothing after ``sentence_sentiment``)."""
    if len(content.split()) <= TONE_WORDS:
        return float(score(content))
    return float(sum(score(ctx.s_text(i)) for i in sids) / len(sids))


def voice_share(
    quotes_df: pd.DataFrame, mentions: pd.DataFrame | None = None, *, level: str = "actor"
) -> pd.DataFrame:
    """Who gets to speak: quotes and quoted words per speaker.

    Args:
        quotes_df: the :func:`quotes` table.
        mentions: the mentions table (names of affiliations at ``level="affiliation"``).
        level: ``"actor"`` (the speaker) or ``"affiliation"`` (the speaker's country/organization).

    Returns:
        DataFrame[actor_id, name, quotes, direct, indirect, quoted_words, share, first_qid, last_qid]:
        ``quotes`` counts attributed rows (scare quotes and repeats, ``repeat_of >= 0``, excluded:
        each quotation counts once), ``direct`` direct + partial, ``indirect`` reported clauses,
        ``quoted_words`` the words inside quotation marks (the rows' ``fragments``, so a
        partial quote inside a reported clause counts too), ``share`` that over all attributed
        quoted words (0 when nobody is quoted verbatim). Sorted by quoted words, then quotes,
        descending, then first_qid.
    """
    if level not in ("actor", "affiliation"):
        raise QuoteError(f"level must be 'actor' or 'affiliation', not {level!r}")
    kinds = column(quotes_df, "kind")
    speakers = column(quotes_df, "speaker")
    n = len(kinds)
    repeat_of = column(quotes_df, "repeat_of") if "repeat_of" in quotes_df.columns else [-1] * n
    keep = [
        i
        for i, (k, sp, rep) in enumerate(zip(kinds, speakers, repeat_of, strict=True))
        if k != "scare" and present(sp) and not (present(rep) and rep >= 0)
    ]
    if not keep:
        return table({}, VOICE_COLUMNS)

    def kept(values: list[Any]) -> list[Any]:
        return [values[i] for i in keep]

    spk = kept(speakers)
    if level == "actor":
        keys = spk
    else:
        affs = kept(column(quotes_df, "speaker_affiliation"))
        keys = [a if present(a) else s for a, s in zip(affs, spk, strict=True)]
    names: dict[Any, Any] = dict(zip(spk, kept(column(quotes_df, "speaker_name")), strict=True))
    if mentions is not None and len(mentions) and not names.keys() >= set(keys):
        # an affiliation nobody speaks for is named after its first mention
        for a, n in zip(column(mentions, "actor_id"), column(mentions, "name"), strict=True):
            names.setdefault(a, n)
    stats: dict[Any, list[Any]] = {}
    texts = kept(column(quotes_df, "text"))
    qids = kept(column(quotes_df, "qid"))
    words = _quoted_words(quotes_df, keep, texts)
    for key, kind, n_words, qid in zip(keys, kept(kinds), words, qids, strict=True):
        s = stats.setdefault(key, [0, 0, 0, 0, int(qid), int(qid)])
        s[0] += 1
        s[2 if kind == "indirect" else 1] += 1
        s[3] += n_words
        s[5] = int(qid)
    total = sum(s[3] for s in stats.values())
    recs = [
        (k, names.get(k, k), s[0], s[1], s[2], s[3], (s[3] / total) if total else 0.0, s[4], s[5])
        for k, s in stats.items()
    ]
    recs.sort(key=lambda r: (-r[5], -r[2], r[7]))
    return table({c: [r[i] for r in recs] for i, c in enumerate(VOICE_COLUMNS)}, VOICE_COLUMNS)


def _quoted_words(quotes_df: pd.DataFrame, keep: list[int], texts: list[str]) -> list[int]:
    """Words inside quotation marks of the rows ``keep`` (whose texts are ``texts``): their
    fragments', or (a table without ``fragments``) the whole text of rows that are not indirect."""
    if "fragments" not in quotes_df.columns:
        kinds = column(quotes_df, "kind")
        return [0 if kinds[i] == "indirect" else len(t.split()) for i, t in zip(keep, texts, strict=True)]
    frags = column(quotes_df, "fragments")
    starts = column(quotes_df, "start")
    out = []
    for i, t in zip(keep, texts, strict=True):
        s0 = int(starts[i])
        out.append(sum(len(t[int(a) - s0 : int(b) - s0].split()) for a, b in (frags[i] or ())))
    return out


def quoted_spans(quotes_df: pd.DataFrame) -> list[tuple[int, int, int]]:
    """Every span inside quotation marks of a quotes table, in text order.

    Args:
        quotes_df: the :func:`quotes` table.

    Returns:
        ``(start, end, speaker_start)`` per fragment (``speaker_start`` of its row, -1 when the
        row has no speaker phrase): direct and partial quotations, and the partial quotes inside
        reported clauses, which are fragments of the clause's row, not rows of their own.
    """
    if quotes_df is None or not len(quotes_df):
        return []
    if "fragments" not in quotes_df.columns:
        raise QuoteError("quotes table lacks column 'fragments'")
    out = [
        (int(a), int(b), int(sp))
        for frags, sp in zip(column(quotes_df, "fragments"), column(quotes_df, "speaker_start"), strict=True)
        for a, b in frags
    ]
    out.sort()
    return out
