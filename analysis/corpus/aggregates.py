"""Corpus tables from the store, by streaming: actors, tone, events and outlets per period.

Every function scans the store part by part (a part holds whole articles), projecting only the
columns it needs, reduces each part to partial sums and combines them: memory follows the number
of actors, dyads and periods, not the number of articles. Periods (``day``, ``week``, ``month``;
``"auto"`` chooses from the corpus span) run from the first dated article to the last with empty
periods kept (zero articles, NaN tone). Undated articles count in outlet tables, not in period ones.
Shares are per article (``share`` = articles naming the actor / articles in the period), so a
month with 68 articles and a month with one compare.

Reads the store; writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus.periods import check_freq, choose_period, period_of, period_range
from analysis.corpus.store import Store
from analysis.corpus.trim import release_memory

ARTICLE_COUNT_COLUMNS = ["period", "articles", "words"]
ACTOR_PERIOD_COLUMNS = ["period", "actor_id", "name", "type", "articles", "share", "mentions"]
TONE_PERIOD_COLUMNS = ["period", "actor_id", "name", "tone", "n_sentences", "se"]
DYAD_COLUMNS = ["period", "source", "target", "event", "events", "articles"]
#: Rows per chunk of a streamed table (whole articles; bounds memory, keeps per-chunk work cheap).
CHUNK_ROWS = 100_000
OUTLET_COLUMNS = [
    "outlet",
    "articles",
    "words",
    "sentences",
    "tone",
    "share_negative",
    "quotes",
    "top_actors",
]
OUTLET_ACTOR_COLUMNS = [
    "outlet",
    "actor_id",
    "name",
    "articles",
    "share",
    "tone",
    "n_sentences",
    "voice_share",
]


def resolve_period(store: Store, period: str = "auto") -> str:
    """``period`` itself, or for ``"auto"`` the one the store's date span suggests."""
    if period != "auto":
        return check_freq(period)
    dates = store.index["date"].dropna()
    return choose_period(dates.min(), dates.max()) if len(dates) else "month"


def article_periods(store: Store, period: str = "auto") -> pd.Series:
    """Period label per article id (None where undated)."""
    idx = store.index
    return pd.Series(
        period_of(idx["date"], resolve_period(store, period)).to_numpy(), index=idx["article_id"]
    )


def all_periods(store: Store, period: str = "auto") -> list[str]:
    """Every period from the first dated article to the last (empty ones included)."""
    dates = store.index["date"].dropna()
    if not len(dates):
        return []
    return period_range(dates.min(), dates.max(), resolve_period(store, period))


def _stream(
    store: Store, table: str, columns: Sequence[str], reduce: Callable[[pd.DataFrame], pd.DataFrame]
) -> pd.DataFrame:
    """Apply ``reduce`` to each chunk's projected rows and concatenate the partial results."""
    parts = []
    for t in store.scan(table, columns, min_rows=CHUNK_ROWS):
        part = reduce(t.to_pandas())
        if len(part):
            parts.append(part)
        del t
        release_memory()  # what a chunk freed, before the next one allocates
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def article_counts(store: Store, period: str = "auto") -> pd.DataFrame:
    """Articles and words per period: ``[period, articles, words]``, empty periods with 0."""
    idx = store.table("articles", ["article_id", "date", "words"])
    p = period_of(idx["date"], resolve_period(store, period))
    g = (
        idx.assign(period=p.to_numpy())
        .dropna(subset=["period"])
        .groupby("period")
        .agg(articles=("article_id", "size"), words=("words", "sum"))
    )
    g = g.reindex(all_periods(store, period), fill_value=0).rename_axis("period").reset_index()
    return g[ARTICLE_COUNT_COLUMNS].astype({"articles": int, "words": int})


def _names(store: Store) -> pd.DataFrame:
    """Actor id -> name, type (first seen in id order of the actors table), by streaming."""
    return store.memo("actor names", lambda: _scan_names(store))


def _scan_names(store: Store) -> pd.DataFrame:

    def reduce(df: pd.DataFrame) -> pd.DataFrame:
        return df.drop_duplicates("actor_id")

    n = _stream(store, "actors", ["actor_id", "name", "type"], reduce)
    if n.empty:
        return pd.DataFrame(columns=["name", "type"]).rename_axis("actor_id")
    return (
        n.sort_values(["actor_id", "name"], kind="mergesort")
        .drop_duplicates("actor_id")
        .set_index("actor_id")
    )


def actor_totals(store: Store) -> pd.DataFrame:
    """Actors over the store: ``[actor_id, name, type, articles, mentions]`` by articles descending."""
    return store.memo("actor totals", lambda: _scan_totals(store)).copy()


def _scan_totals(store: Store) -> pd.DataFrame:

    def reduce(df: pd.DataFrame) -> pd.DataFrame:
        return (
            df.groupby("actor_id")
            .agg(articles=("article_id", "size"), mentions=("mentions", "sum"))
            .reset_index()
        )

    g = _stream(store, "actors", ["article_id", "actor_id", "mentions"], reduce)
    if g.empty:
        return pd.DataFrame(columns=["actor_id", "name", "type", "articles", "mentions"])
    g = g.groupby("actor_id").sum().join(_names(store)).reset_index()
    g = g.sort_values(["articles", "mentions", "actor_id"], ascending=[False, False, True], kind="mergesort")
    return g[["actor_id", "name", "type", "articles", "mentions"]].reset_index(drop=True)


def _pick_actors(store: Store, actors: Sequence[str] | None, top_n: int | None) -> list[str]:
    if actors is not None:
        return list(actors)
    tot = actor_totals(store)
    return tot["actor_id"].head(top_n).tolist() if top_n else tot["actor_id"].tolist()


def _chosen_in_periods(df: pd.DataFrame, keep: set[str], per: pd.Series) -> pd.DataFrame:
    """Rows of the ``keep`` actors, with the ``period`` of their article (undated ones dropped)."""
    df = df[df["actor_id"].isin(keep)]
    return df.assign(period=df["article_id"].map(per)).dropna(subset=["period"])


def actor_periods(
    store: Store, period: str = "auto", *, actors: Sequence[str] | None = None, top_n: int | None = 20
) -> pd.DataFrame:
    """Articles naming each actor per period, and their share of the period's articles.

    Returns:
        ``[period, actor_id, name, type, articles, share, mentions]``: every period × chosen actor
        (``actors``, else the ``top_n`` named in most articles), empty periods with 0 and share NaN.
    """
    per = article_periods(store, period)
    chosen = _pick_actors(store, actors, top_n)
    keep = set(chosen)

    def reduce(df: pd.DataFrame) -> pd.DataFrame:
        df = _chosen_in_periods(df, keep, per)
        return (
            df.groupby(["period", "actor_id"])
            .agg(articles=("article_id", "size"), mentions=("mentions", "sum"))
            .reset_index()
        )

    g = _stream(store, "actors", ["article_id", "actor_id", "mentions"], reduce)
    periods = all_periods(store, period)
    grid = pd.MultiIndex.from_product([periods, chosen], names=["period", "actor_id"])
    g = g.groupby(["period", "actor_id"]).sum() if len(g) else pd.DataFrame(columns=["articles", "mentions"])
    g = g.reindex(grid, fill_value=0).reset_index()
    counts = article_counts(store, period).set_index("period")["articles"]
    n = g["period"].map(counts).astype(float)
    g["share"] = (g["articles"] / n).where(n > 0)
    g = g.join(_names(store), on="actor_id")
    g["name"] = g["name"].fillna(g["actor_id"])
    return g[ACTOR_PERIOD_COLUMNS].astype({"articles": int, "mentions": int})


def tone_partials(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group: n, sum and sum of squares of the tone of distinct (article, sentence, actor)."""
    df = df.drop_duplicates(["article_id", "sid", "actor_id"]).dropna(subset=["tone"])
    return (
        df.assign(t2=df["tone"] ** 2)
        .groupby(keys)
        .agg(n=("tone", "size"), s=("tone", "sum"), s2=("t2", "sum"))
        .reset_index()
    )


def mean_se(g: pd.DataFrame) -> pd.DataFrame:
    n = g["n"].astype(float)
    mean = (g["s"] / n).where(n > 0)
    var = ((g["s2"] - n * mean**2) / (n - 1)).where(n > 1)
    return g.assign(tone=mean, se=np.sqrt(var.clip(lower=0) / n), n_sentences=g["n"].astype(int))


def actor_tone_periods(
    store: Store, period: str = "auto", *, actors: Sequence[str] | None = None, top_n: int | None = 20
) -> pd.DataFrame:
    """Tone of the sentences naming each actor, per period.

    Returns:
        ``[period, actor_id, name, tone, n_sentences, se]``: mean VADER compound of the distinct
        sentences mentioning the actor, how many sentences, and the standard error of the mean;
        every period × chosen actor (empty: n_sentences 0, tone NaN).
    """
    per = article_periods(store, period)
    chosen = _pick_actors(store, actors, top_n)
    keep = set(chosen)

    def reduce(df: pd.DataFrame) -> pd.DataFrame:
        df = _chosen_in_periods(df, keep, per)
        return tone_partials(df, ["period", "actor_id"])

    g = _stream(store, "mentions", ["article_id", "sid", "actor_id", "tone"], reduce)
    grid = pd.MultiIndex.from_product([all_periods(store, period), chosen], names=["period", "actor_id"])
    g = g.groupby(["period", "actor_id"]).sum() if len(g) else pd.DataFrame(columns=["n", "s", "s2"])
    g = mean_se(g.reindex(grid, fill_value=0).reset_index())
    g = g.join(_names(store)["name"], on="actor_id")
    g["name"] = g["name"].fillna(g["actor_id"])
    return g[TONE_PERIOD_COLUMNS]


def event_column(columns: Sequence[str]) -> str:
    """The relations column that classes an event: ``quad``, else ``plover``, else ``act``."""
    return next((c for c in ("quad", "plover", "act") if c in columns), "act")


def dyad_events(store: Store, period: str = "auto", *, top_n: int | None = 20) -> pd.DataFrame:
    """Events per directed dyad and event class per period.

    Returns:
        ``[period, source, target, event, events, articles]`` for the ``top_n`` (source, target,
        event) triples with most events overall, over every period (empty ones with 0).
    """
    schema = store.schema("relations")
    if schema is None:
        return pd.DataFrame(columns=DYAD_COLUMNS)
    col = event_column(schema.names)
    per = article_periods(store, period)

    def reduce(df: pd.DataFrame) -> pd.DataFrame:
        df = df.dropna(subset=["source", "target"]).rename(columns={col: "event"})
        df = df.assign(period=df["article_id"].map(per).fillna(""))
        return (
            df.groupby(["period", "source", "target", "event"])
            .agg(events=("article_id", "size"), articles=("article_id", "nunique"))
            .reset_index()
        )

    g = _stream(store, "relations", ["article_id", "source", "target", col], reduce)
    if g.empty:
        return pd.DataFrame(columns=DYAD_COLUMNS)
    g = g.groupby(["period", "source", "target", "event"]).sum().reset_index()
    tot = g.groupby(["source", "target", "event"])["events"].sum().reset_index()
    tot = tot.sort_values(
        ["events", "source", "target", "event"], ascending=[False, True, True, True], kind="mergesort"
    )
    top = tot.head(top_n) if top_n else tot
    triples = list(top[["source", "target", "event"]].itertuples(index=False, name=None))
    g = g[g["period"] != ""].set_index(["period", "source", "target", "event"])
    grid = pd.MultiIndex.from_tuples(
        [(p, *t) for p in all_periods(store, period) for t in triples],
        names=["period", "source", "target", "event"],
    )
    g = g.reindex(grid, fill_value=0).reset_index()
    return g[DYAD_COLUMNS].astype({"events": int, "articles": int})


def outlet_column(store: Store, by: str = "auto") -> str:
    """The column outlets are compared by: ``outlet`` when any article has one, else ``country``."""
    if by != "auto":
        return by
    return "outlet" if store.index["outlet"].notna().any() else "country"


def article_outlets(store: Store, by: str = "auto") -> pd.Series:
    """Outlet (or, see :func:`outlet_column`, country) per article id; ``(unknown)`` where none."""
    col = outlet_column(store, by)
    idx = store.index
    return pd.Series(idx[col].fillna("(unknown)").to_numpy(), index=idx["article_id"])


def outlets(store: Store, *, by: str = "auto", top_actors: int = 3) -> pd.DataFrame:
    """Outlets compared: ``[outlet, articles, words, sentences, tone, share_negative, quotes, top_actors]``.

    ``tone`` is the mean compound over the outlet's sentences; ``share_negative`` the share of its
    sentences that are negative; ``top_actors`` the actors named in most of its articles, with the
    share of its articles naming each. Sorted by articles descending.
    """
    of = article_outlets(store, by)
    art = store.table("articles", ["article_id", "words", "sentences", "mean_tone", "share_negative"])
    art = art.assign(outlet=art["article_id"].map(of))
    art["_w"] = art["mean_tone"].fillna(0) * art["sentences"]
    art["_neg"] = art["share_negative"].fillna(0) * art["sentences"]
    g = art.groupby("outlet").agg(
        articles=("article_id", "size"),
        words=("words", "sum"),
        sentences=("sentences", "sum"),
        _w=("_w", "sum"),
        _neg=("_neg", "sum"),
    )
    g["tone"] = (g["_w"] / g["sentences"]).where(g["sentences"] > 0)
    g["share_negative"] = (g["_neg"] / g["sentences"]).where(g["sentences"] > 0)
    q = _stream(
        store,
        "quotes",
        ["article_id"],
        lambda d: (
            d.assign(outlet=d["article_id"].map(of)).groupby("outlet").size().rename("quotes").reset_index()
        ),
    )
    g["quotes"] = (
        (q.groupby("outlet")["quotes"].sum() if len(q) else pd.Series(dtype=int))
        .reindex(g.index)
        .fillna(0)
        .astype(int)
    )
    tops = _outlet_top_actors(store, of, g["articles"], top_actors)
    g["top_actors"] = [tops.get(o, "") for o in g.index]
    g = g.reset_index().sort_values(["articles", "outlet"], ascending=[False, True], kind="mergesort")
    return g[OUTLET_COLUMNS].reset_index(drop=True)


def _outlet_top_actors(store: Store, of: pd.Series, n_art: pd.Series, k: int) -> dict[str, str]:
    """Per outlet: its ``k`` actors named in most of its articles, as ``"Name 40%, ..."``."""

    def reduce(df: pd.DataFrame) -> pd.DataFrame:
        return df.assign(outlet=df["article_id"].map(of)).groupby(["outlet", "actor_id"]).size().reset_index()

    c = _stream(store, "actors", ["article_id", "actor_id"], reduce)
    if c.empty:
        return {}
    c = c.groupby(["outlet", "actor_id"])[0].sum().rename("articles").reset_index()
    c = c.sort_values(["outlet", "articles", "actor_id"], ascending=[True, False, True], kind="mergesort")
    c = c.groupby("outlet", sort=False).head(k).join(_names(store)["name"], on="actor_id")
    c["share"] = c["articles"] / c["outlet"].map(n_art).astype(float)
    return {
        o: ", ".join(
            f"{n} {s:.0%}" for n, s in zip(sub["name"].fillna(sub["actor_id"]), sub["share"], strict=True)
        )
        for o, sub in c.groupby("outlet", sort=False)
    }


def outlet_actors(
    store: Store, *, by: str = "auto", actors: Sequence[str] | None = None, top_n: int | None = 20
) -> pd.DataFrame:
    """Each outlet × actor: share of the outlet's articles naming the actor, tone toward it, voice share.

    Returns:
        ``[outlet, actor_id, name, articles, share, tone, n_sentences, voice_share]`` for the chosen
        actors (``actors``, else the ``top_n`` named in most articles; None: all); ``voice_share``
        is the actor's share of the outlet's quoted words.
    """
    of = article_outlets(store, by)
    n_art = of.value_counts()
    chosen = _pick_actors(store, actors, top_n)
    keep = set(chosen)

    def mentions(df: pd.DataFrame) -> pd.DataFrame:
        df = df[df["actor_id"].isin(keep)]
        df = df.assign(outlet=df["article_id"].map(of))
        t = tone_partials(df, ["outlet", "actor_id"])
        a = (
            df.drop_duplicates(["article_id", "actor_id"])
            .groupby(["outlet", "actor_id"])
            .size()
            .rename("articles")
        )
        return t.set_index(["outlet", "actor_id"]).join(a, how="outer").fillna(0).reset_index()

    def voice(df: pd.DataFrame) -> pd.DataFrame:
        df = df.assign(outlet=df["article_id"].map(of))
        return df.groupby(["outlet", "actor_id"])["quoted_words"].sum().reset_index()

    m = _stream(store, "mentions", ["article_id", "sid", "actor_id", "tone"], mentions)
    if m.empty:
        return pd.DataFrame(columns=OUTLET_ACTOR_COLUMNS)
    m = mean_se(m.groupby(["outlet", "actor_id"]).sum().reset_index())
    v = _stream(store, "voice", ["article_id", "actor_id", "quoted_words"], voice)
    if len(v):
        v = v.groupby(["outlet", "actor_id"])["quoted_words"].sum()
        tot = v.groupby(level="outlet").sum()
        share = (v / v.index.get_level_values("outlet").map(tot).to_numpy()).rename("voice_share")
        m = m.join(share, on=["outlet", "actor_id"])
    else:
        m["voice_share"] = np.nan
    m["voice_share"] = m["voice_share"].fillna(0.0)
    m["articles"] = m["articles"].astype(int)
    m["share"] = m["articles"] / m["outlet"].map(n_art).astype(float)
    m = m.join(_names(store)["name"], on="actor_id")
    m["name"] = m["name"].fillna(m["actor_id"])
    m = m.sort_values(["outlet", "articles", "actor_id"], ascending=[True, False, True], kind="mergesort")
    return m[OUTLET_ACTOR_COLUMNS].reset_index(drop=True)


def store_overview(store: Store, period: str = "auto") -> dict[str, Any]:
    """Facts for a report's summary table (articles, words, sentences, dates, outlets, and the
    period the tables use: ``period``, or for ``"auto"`` the one the date span suggests)."""
    art = store.table("articles", ["article_id", "date", "words", "sentences", "outlet", "country"])
    dates = art["date"].dropna()
    return {
        "articles": len(art),
        "words": int(art["words"].sum()) if len(art) else 0,
        "sentences": int(art["sentences"].sum()) if len(art) else 0,
        "dates": f"{dates.min()} to {dates.max()}" if len(dates) else "unknown",
        "undated articles": int(art["date"].isna().sum()),
        "outlets": int(art["outlet"].nunique()),
        "countries": int(art["country"].nunique()),
        "period": resolve_period(store, period),
    }


def latest_articles(store: Store, n: int = 20) -> pd.DataFrame:
    """The ``n`` latest articles: ``[date, outlet, title, words, mean_tone, article_id]`` (undated last)."""
    art = store.table("articles", ["article_id", "date", "outlet", "title", "words", "mean_tone"])
    art = art.assign(_d=art["date"].fillna("")).sort_values(
        ["_d", "article_id"], ascending=[False, True], kind="mergesort"
    )
    return art[["date", "outlet", "title", "words", "mean_tone", "article_id"]].head(n).reset_index(drop=True)
