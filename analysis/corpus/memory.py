"""Corpus in memory: analyse a small collection of articles and aggregate their tables.

:func:`analyze_corpus` loads a folder, glob, JSONL or CSV with
:func:`analysis.articles.load_articles` and runs :func:`analysis.pipeline.analyze` on each
article (one registry, loaded once). The other functions are pure: they take a list of
:class:`~analysis.pipeline.ArticleAnalysis` and return DataFrames with a deterministic row
order (input order for articles; counts descending then ids for actors and pairs).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

OVERVIEW_COLUMNS = ["article_id", "title", "date", "source", "words", "sentences", "mean_tone", "actors"]
TONE_COLUMNS = ["article_id", "title", "date", "mean_tone", "share_positive", "share_negative", "n_sentences"]
MENTION_COLUMNS = ["article_id", "actor_id", "name", "type", "mentions"]
ACTOR_COLUMNS = ["actor_id", "name", "type", "mentions", "articles", "tone"]
EDGE_COLUMNS = ["source", "target", "count", "articles", "tone"]
PAIR_COLUMNS = ["source", "target", "source_name", "target_name", "count", "articles", "tone"]
VOICE_COLUMNS = ["actor_id", "name", "quotes", "direct", "indirect", "quoted_words", "share", "articles"]


@dataclass(repr=False)
class CorpusAnalysis:
    """The analyses of a corpus.

    Attributes:
        source: what was loaded (path, folder or glob).
        analyses: one :class:`~analysis.pipeline.ArticleAnalysis` per distinct article, input order.
        registry: the actor registry used for every article.
        window, level: co-occurrence settings.
        duplicates: ids of articles skipped because an identical cleaned text came earlier.
        warnings: messages of input lines that could not be read.
    """

    source: str
    analyses: list[Any]
    registry: Any
    window: str | int = "sentence"
    level: str = "actor"
    duplicates: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.analyses)

    def __repr__(self) -> str:
        extra = f", {len(self.duplicates)} duplicates skipped" if self.duplicates else ""
        extra += f", {len(self.warnings)} unreadable" if self.warnings else ""
        n = len(self.analyses)
        return f"<CorpusAnalysis {self.source!r}: {n} articles{extra}; {self.window}, {self.level}>"


def title(corpus: CorpusAnalysis) -> str:
    """The corpus report's heading, e.g. ``"Corpus report: 447 articles"``."""
    n = len(corpus)
    return f"Corpus report: {n} article{'' if n == 1 else 's'}"


def analyze_corpus(
    source: str | Path | Sequence[Any],
    *,
    registry: Any = None,
    window: str | int = "sentence",
    level: str = "actor",
) -> CorpusAnalysis:
    """Load and analyse every article of a corpus.

    Args:
        source: folder, glob, JSONL or CSV path, or a sequence of Articles.
        registry: None (default registry), a Registry, or YAML path(s); loaded once.
        window: co-occurrence window (``sentence``, ``paragraph``, ``article`` or an int k).
        level: ``actor`` or ``affiliation``.

    Returns:
        A :class:`CorpusAnalysis`; articles whose cleaned text repeats an earlier one are
        analysed once and listed in ``duplicates``.
    """
    from analysis.articles import load_articles
    from analysis.pipeline import analyze, resolve_registry

    reg = resolve_registry(registry)
    caught: list[str] = []
    if isinstance(source, str | Path):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            articles = load_articles(source)
        caught = [str(x.message) for x in w]
        name = str(source)
    else:
        articles = list(source)
        name = "<articles>"
    seen: set[str] = set()
    analyses, dups = [], []
    for art in articles:
        if art.id in seen:
            dups.append(art.id)
            continue
        seen.add(art.id)
        analyses.append(analyze(art, registry=reg, window=window, level=level))
    return CorpusAnalysis(name, analyses, reg, window, level, dups, caught)


def _list(corpus: CorpusAnalysis | Sequence[Any]) -> list[Any]:
    return list(corpus.analyses) if isinstance(corpus, CorpusAnalysis) else list(corpus)


def overview(corpus: CorpusAnalysis | Sequence[Any]) -> pd.DataFrame:
    """One row per article: ``[article_id, title, date, source, words, sentences, mean_tone, actors]``."""
    rows = [
        (
            a.article.id,
            a.article.title,
            a.article.date,
            a.article.source,
            a.article.n_words,
            len(a.sentences),
            float(a.tone.get("mean_compound", float("nan"))),
            len(a.actors),
        )
        for a in _list(corpus)
    ]
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)


def tone_per_article(corpus: CorpusAnalysis | Sequence[Any]) -> pd.DataFrame:
    """Tone of each article: ``[article_id, title, date, mean_tone, share_positive, share_negative,
    n_sentences]``."""
    rows = [
        (
            a.article.id,
            a.article.title,
            a.article.date,
            float(a.tone.get("mean_compound", float("nan"))),
            float(a.tone.get("share_positive", float("nan"))),
            float(a.tone.get("share_negative", float("nan"))),
            int(a.tone.get("n_sentences", len(a.sentences))),
        )
        for a in _list(corpus)
    ]
    return pd.DataFrame(rows, columns=TONE_COLUMNS)


def _mentions(a: Any, level: str) -> pd.DataFrame:
    if level == "actor" or a.mentions.empty:
        return a.mentions
    from analysis.actors import at_level

    return at_level(a.mentions, level, a.registry)


def actor_mentions(corpus: CorpusAnalysis | Sequence[Any], level: str = "actor") -> pd.DataFrame:
    """Long table of mentions per article and actor: ``[article_id, actor_id, name, type, mentions]``.

    Rows follow article order, then mentions descending, then actor id.
    """
    frames = [
        _mentions(a, level)[["actor_id", "name", "type"]].assign(article_id=a.article.id, _o=i)
        for i, a in enumerate(_list(corpus))
        if len(a.mentions)
    ]
    if not frames:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    m = pd.concat(frames, ignore_index=True)
    g = m.groupby(["_o", "article_id", "actor_id"], sort=True).agg(
        name=("name", "first"), type=("type", "first"), mentions=("name", "size")
    )
    g = g.reset_index().sort_values(
        ["_o", "mentions", "actor_id"], ascending=[True, False, True], kind="mergesort"
    )
    return g[MENTION_COLUMNS].reset_index(drop=True)


def corpus_actors(corpus: CorpusAnalysis | Sequence[Any], level: str = "actor") -> pd.DataFrame:
    """Actors over the corpus: ``[actor_id, name, type, mentions, articles, tone]``.

    ``tone`` = mean compound of the sentences mentioning the actor, weighted by mentions
    (from each article's actor table; at affiliation level, from the rolled-up mentions).
    """
    long = actor_mentions(corpus, level)
    if long.empty:
        return pd.DataFrame(columns=ACTOR_COLUMNS)
    tones = []
    for a in _list(corpus):
        if level == "actor":
            t = a.actors[["actor_id", "mentions", "tone"]]
        else:
            m = _mentions(a, level)
            if m.empty:
                continue
            s = a.sentiment.set_index("sid")["compound"]
            t = (
                m.assign(tone=m["sid"].map(s))
                .groupby("actor_id", sort=True)
                .agg(mentions=("tone", "size"), tone=("tone", "mean"))
                .reset_index()
            )
        tones.append(t)
    tt = (
        pd.concat(tones, ignore_index=True)
        if tones
        else pd.DataFrame(columns=["actor_id", "mentions", "tone"])
    )
    tt = tt[tt["tone"].notna()]
    tt = tt.assign(_w=tt["tone"].astype(float) * tt["mentions"].astype(float))
    wt = tt.groupby("actor_id", sort=True).agg(_w=("_w", "sum"), _n=("mentions", "sum"))
    g = long.groupby("actor_id", sort=True).agg(
        name=("name", "first"),
        type=("type", "first"),
        mentions=("mentions", "sum"),
        articles=("article_id", "nunique"),
    )
    g["tone"] = (wt["_w"] / wt["_n"]).reindex(g.index)
    g = g.reset_index().sort_values(["mentions", "actor_id"], ascending=[False, True], kind="mergesort")
    return g[ACTOR_COLUMNS].reset_index(drop=True)


def corpus_edges(corpus: CorpusAnalysis | Sequence[Any]) -> pd.DataFrame:
    """Corpus-level co-occurrence edges: ``[source, target, count, articles, tone]``.

    ``count`` sums each article's edge counts (at the window and level the articles were
    analysed with); ``tone`` is the count-weighted mean of their tones.
    """
    frames = [a.edges[["source", "target", "count", "tone"]] for a in _list(corpus) if len(a.edges)]
    if not frames:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    e = pd.concat(frames, ignore_index=True)
    tone = e["tone"].astype(float)
    toned = tone.notna().astype(float) * e["count"].astype(float)  # counts of edges that have a tone
    e = e.assign(_w=tone.fillna(0.0) * e["count"].astype(float), _n=toned, articles=1)
    g = e.groupby(["source", "target"], sort=True).agg(
        count=("count", "sum"), articles=("articles", "sum"), _w=("_w", "sum"), _n=("_n", "sum")
    )
    g["tone"] = (g["_w"] / g["_n"]).where(g["_n"] > 0)  # NaN tones count in neither sum
    g = g.reset_index().sort_values(
        ["count", "source", "target"], ascending=[False, True, True], kind="mergesort"
    )
    return g[EDGE_COLUMNS].reset_index(drop=True)


def _names(corpus: CorpusAnalysis | Sequence[Any], level: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for a in _list(corpus):
        m = _mentions(a, level)
        for aid, n in zip(m["actor_id"], m["name"], strict=True):
            names.setdefault(str(aid), str(n))
    return names


def top_pairs(corpus: CorpusAnalysis | Sequence[Any], top_n: int = 20, level: str = "actor") -> pd.DataFrame:
    """The ``top_n`` actor pairs by summed edge count.

    Returns:
        ``[source, target, source_name, target_name, count, articles, tone]``.
    """
    e = corpus_edges(corpus).head(top_n)
    names = _names(corpus, level)
    e = e.assign(
        source_name=[names.get(str(s), str(s)) for s in e["source"]],
        target_name=[names.get(str(t), str(t)) for t in e["target"]],
    )
    return e[PAIR_COLUMNS].reset_index(drop=True)


def corpus_events(corpus: CorpusAnalysis | Sequence[Any]) -> pd.DataFrame:
    """Every article's events with its id first: ``[article_id, eid, source, target, plover, quad, ...]``
    (the columns of :data:`analysis.events.EVENT_COLUMNS`, also when there are no events)."""
    from analysis.events import EVENT_COLUMNS

    frames = [a.events.assign(article_id=a.article.id) for a in _list(corpus) if len(a.events)]
    if not frames:
        return pd.DataFrame(columns=["article_id", *EVENT_COLUMNS])
    r = pd.concat(frames, ignore_index=True)
    return r[["article_id", *[c for c in r.columns if c != "article_id"]]]


#: Former name of :func:`corpus_events` (kept for one release).
corpus_relations = corpus_events


def corpus_voice(corpus: CorpusAnalysis | Sequence[Any]) -> pd.DataFrame:
    """Voice over the corpus: ``[actor_id, name, quotes, direct, indirect, quoted_words, share,
    articles]``."""
    frames = [a.voice.assign(articles=1) for a in _list(corpus) if len(a.voice)]
    if not frames:
        return pd.DataFrame(columns=VOICE_COLUMNS)
    v = pd.concat(frames, ignore_index=True)
    g = v.groupby("actor_id", sort=True).agg(
        name=("name", "first"),
        quotes=("quotes", "sum"),
        direct=("direct", "sum"),
        indirect=("indirect", "sum"),
        quoted_words=("quoted_words", "sum"),
        articles=("articles", "sum"),
    )
    total = float(g["quoted_words"].sum())
    g["share"] = g["quoted_words"] / total if total else 0.0
    g = g.reset_index().sort_values(["quoted_words", "actor_id"], ascending=[False, True], kind="mergesort")
    return g[VOICE_COLUMNS].reset_index(drop=True)


def corpus_quotes(corpus: CorpusAnalysis | Sequence[Any]) -> pd.DataFrame:
    """Every article's quotes with its id first."""
    frames = [a.quotes.assign(article_id=a.article.id) for a in _list(corpus) if len(a.quotes)]
    if not frames:
        return pd.DataFrame(columns=["article_id", "qid", "speaker", "speaker_name", "tone"])
    q = pd.concat(frames, ignore_index=True)
    return q[["article_id", *[c for c in q.columns if c != "article_id"]]]


def summary_table(corpus: CorpusAnalysis) -> pd.DataFrame:
    """The corpus at a glance as ``[field, value]`` rows."""
    ov = overview(corpus)
    dates = sorted(d for d in ov["date"] if isinstance(d, str) and d)
    rows = [
        ("source", corpus.source),
        ("articles", str(len(ov))),
        ("duplicates skipped", str(len(corpus.duplicates))),
        ("unreadable lines", str(len(corpus.warnings))),
        ("words", str(int(ov["words"].sum())) if len(ov) else "0"),
        ("sentences", str(int(ov["sentences"].sum())) if len(ov) else "0"),
        ("dates", f"{dates[0]} to {dates[-1]}" if dates else "unknown"),
        ("mean tone", f"{ov['mean_tone'].mean():+.3f}" if len(ov) else ""),
        ("window", str(corpus.window)),
        ("level", corpus.level),
    ]
    return pd.DataFrame(rows, columns=["field", "value"])


def provenance(corpus: CorpusAnalysis) -> dict[str, str]:
    """Input facts for the provenance table: article count, duplicates, warnings, ids digest."""
    import hashlib

    ids = "\n".join(a.article.id for a in corpus.analyses)
    return {
        "articles": str(len(corpus.analyses)),
        "duplicates skipped": str(len(corpus.duplicates)),
        "unreadable lines": str(len(corpus.warnings)),
        "article ids sha256": hashlib.sha256(ids.encode("utf-8")).hexdigest()[:16],
    }
