"""One call from an article to every table: :func:`analyze`, and its result :class:`ArticleAnalysis`.

The stages pass each other lightweight :class:`analysis.tables.Table` objects (typed columns);
an :class:`ArticleAnalysis` turns each into its DataFrame the first time it is read, so an
analysis whose tables are never all read never pays for building them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import actors as _actors
from analysis import cooccurrence as _cooc
from analysis import events as _events
from analysis import quotes as _quotes
from analysis import sentiment as _sentiment
from analysis import tokens as _tokens
from analysis.articles import Article, load_article
from analysis.tables import Table, deferred

RegistryLike = _actors.Registry | str | Path | Sequence[str | Path] | None


class _TableField:
    """A dataclass field holding a DataFrame, or a :class:`~analysis.tables.Table` that becomes
    its DataFrame (kept) the first time the field is read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj: Any, objtype: Any = None) -> pd.DataFrame:
        if obj is None:  # the class itself: no default value (the field is required)
            raise AttributeError(self.slot[1:])
        value = obj.__dict__[self.slot]
        if isinstance(value, Table):
            value = obj.__dict__[self.slot] = value.to_frame()
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.slot] = value


@dataclass
class ArticleAnalysis:
    """Every table of one article. All offsets point into ``article.text``.

    Attributes:
        article: the cleaned :class:`~analysis.articles.Article`.
        registry: the actor registry used.
        sentences, tokens, sentiment, tone_arc, mentions, actors, unresolved, edges,
        quotes, events, voice: DataFrames (columns in docs/data-model.md); ``relations`` is
        the former name of ``events`` (kept for one release).
        tone: article-level tone figures (dict).
        window, level: the co-occurrence settings used for ``edges``.
    """

    article: Article
    registry: _actors.Registry
    sentences: pd.DataFrame = _TableField()  # type: ignore[assignment]
    tokens: pd.DataFrame = _TableField()  # type: ignore[assignment]
    sentiment: pd.DataFrame = _TableField()  # type: ignore[assignment]
    tone: dict[str, float]
    tone_arc: pd.DataFrame = _TableField()  # type: ignore[assignment]
    mentions: pd.DataFrame = _TableField()  # type: ignore[assignment]
    actors: pd.DataFrame = _TableField()  # type: ignore[assignment]
    unresolved: pd.DataFrame = _TableField()  # type: ignore[assignment]
    edges: pd.DataFrame = _TableField()  # type: ignore[assignment]
    quotes: pd.DataFrame = _TableField()  # type: ignore[assignment]
    events: pd.DataFrame = _TableField()  # type: ignore[assignment]
    voice: pd.DataFrame = _TableField()  # type: ignore[assignment]
    window: str | int = "sentence"
    level: str = "actor"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def relations(self) -> pd.DataFrame:
        """The events table under its former name (kept for one release)."""
        return self.events

    def summary(self) -> str:
        """A one-screen plain-text summary of the article's analysis."""
        a = self.article
        lines = [
            f"{a.title or '(untitled)'}",
            f"  id {a.id} | date {a.date or '-'} | source {a.source or '-'} | dateline {a.dateline or '-'}",
            f"  {a.n_words} words, {len(self.sentences)} sentences, {len(a.paragraphs)} paragraphs;"
            f" cleaning removed {len(a.removed)} item(s)",
            f"  tone: mean compound {self.tone.get('mean_compound', float('nan')):+.3f},"
            f" {self.tone.get('share_negative', 0):.0%} negative /"
            f" {self.tone.get('share_positive', 0):.0%} positive sentences",
        ]
        top = self.actors.sort_values(["mentions", "first_start"], ascending=[False, True]).head(8)
        if len(top):
            lines.append(
                "  actors: "
                + ", ".join(f"{n} ({m})" for n, m in zip(top["name"], top["mentions"], strict=True))
            )
        if len(self.edges):
            e = self.edges.head(5)
            lines.append(
                f"  top pairs ({self.window}, {self.level}): "
                + ", ".join(
                    f"{s}–{t} ({c})" for s, t, c in zip(e["source"], e["target"], e["count"], strict=True)
                )
            )
        if len(self.quotes):
            attributed = int(self.quotes["speaker"].notna().sum())
            lines.append(f"  quotes: {len(self.quotes)} ({attributed} attributed)")
        if len(self.events):
            ev = self.events.head(5)
            lines.append(
                f"  events: {len(self.events)}: "
                + ", ".join(
                    f"{s}→{t} {p}" for s, t, p in zip(ev["source"], ev["target"], ev["plover"], strict=True)
                )
            )
        if len(self.voice):
            v = self.voice.head(5)
            lines.append(
                "  voice: " + ", ".join(f"{n} {s:.0%}" for n, s in zip(v["name"], v["share"], strict=True))
            )
        if len(self.unresolved):
            lines.append("  unresolved: " + ", ".join(self.unresolved["name"].head(8)))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<ArticleAnalysis {self.article.id} {self.article.title[:50]!r}>"


def resolve_registry(registry: RegistryLike) -> _actors.Registry:
    """A :class:`~analysis.actors.Registry` from None (the default), a registry, or YAML path(s)."""
    if isinstance(registry, _actors.Registry):
        return registry
    if registry is None:
        return _actors.load_registry()
    if isinstance(registry, str | Path):
        return _actors.load_registry([registry])
    return _actors.load_registry(list(registry))


def analyze(
    article_or_path: Article | str | Path,
    *,
    registry: RegistryLike = None,
    window: str | int = "sentence",
    level: str = "actor",
) -> ArticleAnalysis:
    """Analyse one article: sentences, tokens, sentiment, actors, co-occurrence, quotes and events.

    Args:
        article_or_path: an :class:`Article` or a path to an article file.
        registry: None for the default actor registry, a Registry, or YAML file path(s)
            that extend or override the default.
        window: co-occurrence window (``sentence``, ``paragraph``, ``article`` or an int k).
        level: ``actor`` or ``affiliation`` for the co-occurrence edges.

    Returns:
        An :class:`ArticleAnalysis` whose attributes are DataFrames.
    """
    _cooc.check_options(window, level)  # fail before any work
    article = article_or_path if isinstance(article_or_path, Article) else load_article(article_or_path)
    reg = resolve_registry(registry)
    with deferred():  # the stages pass Tables; the result builds each DataFrame when first read
        return _analyze(article, reg, window, level)


def _analyze(article: Article, reg: _actors.Registry, window: str | int, level: str) -> ArticleAnalysis:
    sents = _tokens.sentences(article)
    toks = _tokens.tokens(article, sents)
    sent_sent = _sentiment.sentence_sentiment(sents)
    mentions, unresolved = _actors.find_mentions(article, sents, reg)
    quotes = _quotes.quotes(article, sents, mentions, reg)
    return ArticleAnalysis(
        article=article,
        registry=reg,
        sentences=sents,
        tokens=toks,
        sentiment=sent_sent,
        tone=_sentiment.article_tone(sent_sent, toks),
        tone_arc=_sentiment.tone_arc(sent_sent),
        mentions=mentions,
        actors=_actors.actor_table(mentions, sent_sent),
        unresolved=unresolved,
        edges=_cooc.edges(mentions, sents, sent_sent, window=window, level=level),
        quotes=quotes,
        events=_events.events(article, sents, mentions, quotes, reg, sentiment=sent_sent),
        voice=_quotes.voice_share(quotes, mentions),
        window=window,
        level=level,
    )
