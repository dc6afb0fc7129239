"""What changed: the latest period against the one before, with uncertainty and evidence.

:func:`what_changed` compares two periods of the store (by default the last period with articles
and the period before it) and lists, per kind:

- ``actor``: share of articles naming the actor (new, gone, rising, falling), with a 95% interval
  of the difference of the two shares (normal approximation);
- ``tone``: mean tone of the sentences naming the actor, with a 95% interval of the difference of
  means (standard errors of both periods); listed when the interval excludes 0;
- ``dyad`` and ``event``: events per article between two actors (and per event class), with a
  95% interval from Poisson counts.

Each row carries one evidence sentence of the period it speaks for (the latest; the previous for
what is gone) and that article's id. Only the two periods' articles are read.

Reads the store; writes nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.corpus.aggregates import all_periods, article_periods, event_column, mean_se, tone_partials
from analysis.corpus.store import Store
from analysis.corpus.trim import release_memory

CHANGE_COLUMNS = [
    "kind",
    "item",
    "name",
    "status",
    "previous",
    "latest",
    "change",
    "low",
    "high",
    "n_previous",
    "n_latest",
    "evidence",
    "article_id",
]
Z = 1.96


def _status(prev_n: pd.Series, last_n: pd.Series, low: pd.Series, high: pd.Series, min_n: int) -> pd.Series:
    status = np.where(
        (prev_n == 0) & (last_n >= min_n),
        "new",
        np.where(
            (last_n == 0) & (prev_n >= min_n),
            "gone",
            np.where(low > 0, "rising", np.where(high < 0, "falling", "")),
        ),
    )
    return pd.Series(status, index=prev_n.index)


def _counts(df: pd.DataFrame, keys: list[str], periods: tuple[str, str]) -> pd.DataFrame:
    """Counts per key in the previous and latest period (columns ``prev``, ``last``)."""
    g = df.groupby([*keys, "period"]).size().unstack("period", fill_value=0)
    g = g.reindex(columns=list(periods), fill_value=0)
    g.columns = ["prev", "last"]
    return g


def _count_rows(
    c: pd.DataFrame, x: tuple[pd.Series, pd.Series], se: pd.Series, kind: str, min_n: int
) -> pd.DataFrame:
    """Change rows from the counts ``c`` (``prev``, ``last``), the two values ``x`` and the
    standard error ``se`` of their difference: a 95% interval and a status per row."""
    x1, x2 = x
    out = pd.DataFrame(
        {
            "kind": kind,
            "previous": x1,
            "latest": x2,
            "change": x2 - x1,
            "low": x2 - x1 - Z * se,
            "high": x2 - x1 + Z * se,
            "n_previous": c["prev"],
            "n_latest": c["last"],
        },
        index=c.index,
    )
    out["status"] = _status(c["prev"], c["last"], out["low"], out["high"], min_n)
    return out


def _share_rows(c: pd.DataFrame, n: tuple[int, int], kind: str, min_n: int) -> pd.DataFrame:
    n1, n2 = (max(x, 1) for x in n)
    s1, s2 = c["prev"] / n1, c["last"] / n2
    se = np.sqrt(s1 * (1 - s1) / n1 + s2 * (1 - s2) / n2)
    return _count_rows(c, (s1, s2), se, kind, min_n)


def _rate_rows(c: pd.DataFrame, n: tuple[int, int], kind: str, min_n: int) -> pd.DataFrame:
    n1, n2 = (max(x, 1) for x in n)
    r1, r2 = c["prev"] / n1, c["last"] / n2
    se = np.sqrt(c["prev"] / n1**2 + c["last"] / n2**2)
    return _count_rows(c, (r1, r2), se, kind, min_n)


def _tone_rows(m: pd.DataFrame, periods: tuple[str, str], min_sentences: int) -> pd.DataFrame:
    g = mean_se(tone_partials(m, ["actor_id", "period"]))
    t = g.pivot(index="actor_id", columns="period", values=["tone", "se", "n_sentences"])
    t = t.reindex(columns=pd.MultiIndex.from_product([["tone", "se", "n_sentences"], list(periods)]))
    prev, last = periods
    n1, n2 = t[("n_sentences", prev)].fillna(0), t[("n_sentences", last)].fillna(0)
    diff = t[("tone", last)] - t[("tone", prev)]
    se = np.sqrt(t[("se", prev)] ** 2 + t[("se", last)] ** 2)
    out = pd.DataFrame(
        {
            "kind": "tone",
            "previous": t[("tone", prev)],
            "latest": t[("tone", last)],
            "change": diff,
            "low": diff - Z * se,
            "high": diff + Z * se,
            "n_previous": n1.astype(int),
            "n_latest": n2.astype(int),
        },
        index=t.index,
    )
    ok = (n1 >= min_sentences) & (n2 >= min_sentences)
    out["status"] = np.where(
        ok & (out["low"] > 0), "more positive", np.where(ok & (out["high"] < 0), "more negative", "")
    )
    return out


def _evidence(store: Store, picks: pd.DataFrame) -> pd.DataFrame:
    """Sentence text for ``picks[article_id, sid]`` (one row each, same order)."""
    if picks.empty:
        return picks.assign(evidence=[])
    ids = sorted(set(picks["article_id"]))
    flt = pc.field("article_id").isin(pa.array(ids, pa.string()))
    sents = store.table("sentences", ["article_id", "sid", "start", "end"], filter=flt)
    texts = store.table("articles", ["article_id", "text"], filter=flt).set_index("article_id")["text"]
    span = sents.set_index(["article_id", "sid"])
    out = []
    for aid, sid in zip(picks["article_id"], picks["sid"], strict=True):
        try:
            s, e = span.loc[(aid, int(sid)), ["start", "end"]]
            out.append(" ".join(texts[aid][int(s) : int(e)].split()))
        except (KeyError, ValueError):
            out.append("")
    return picks.assign(evidence=out)


def _pick(rows: pd.DataFrame, keys: list[str], want: pd.DataFrame) -> pd.DataFrame:
    """One (article_id, sid) per wanted key: the strongest-toned sentence, latest article first."""
    if rows.empty or want.empty:
        return pd.DataFrame(columns=[*keys, "article_id", "sid"])
    r = rows.merge(want, on=[*keys, "period"])
    r = r.assign(_a=-r["tone"].abs().fillna(0)).sort_values(
        [*keys, "_a", "article_id", "sid"], kind="mergesort"
    )
    return r.drop_duplicates(keys)[[*keys, "article_id", "sid"]]


def what_changed(
    store: Store,
    period: str = "auto",
    *,
    latest: str | None = None,
    top_n: int = 10,
    min_articles: int = 2,
    min_sentences: int = 5,
) -> pd.DataFrame:
    """What changed in the latest period against the previous one.

    Args:
        store: an open store.
        period: ``day``, ``week``, ``month`` or ``auto``.
        latest: the period to look at (default: the last period with articles).
        top_n: at most this many rows per kind (largest changes first).
        min_articles: how many articles (or events) make something "new" or "gone".
        min_sentences: sentences needed in both periods for a tone shift.

    Returns:
        ``[kind, item, name, status, previous, latest, change, low, high, n_previous, n_latest,
        evidence, article_id]``; ``attrs`` holds ``previous``, ``latest`` and their article counts.
    """
    per = article_periods(store, period)
    periods = all_periods(store, period)
    counts = per.value_counts()
    filled = [p for p in periods if counts.get(p, 0)]
    if latest is None:
        latest = filled[-1] if filled else None
    if latest is None or latest not in periods or periods.index(latest) == 0:
        out = pd.DataFrame(columns=CHANGE_COLUMNS)
        out.attrs.update(previous=None, latest=latest, n_previous=0, n_latest=int(counts.get(latest, 0)))
        return out
    prev = periods[periods.index(latest) - 1]
    two = (prev, latest)
    n = (int(counts.get(prev, 0)), int(counts.get(latest, 0)))
    ids = sorted(per.index[per.isin(two)])
    flt = pc.field("article_id").isin(pa.array(ids, pa.string()))
    pmap = per[per.isin(two)]
    names = (
        store.table("actors", ["actor_id", "name"], filter=flt)
        .drop_duplicates("actor_id")
        .set_index("actor_id")["name"]
    )

    ment = store.table("mentions", ["article_id", "sid", "actor_id", "tone"], filter=flt)
    ment = ment.assign(period=ment["article_id"].map(pmap))
    rel = store.table("relations", filter=flt)
    tables = []
    if len(ment):
        art_actor = ment.drop_duplicates(["article_id", "actor_id"])
        a = _share_rows(_counts(art_actor, ["actor_id"], two), n, "actor", min_articles)
        a = a.assign(item=a.index, name=a.index.map(lambda i: names.get(i, i)))
        t = _tone_rows(ment, two, min_sentences)
        t = t.assign(item=t.index, name=t.index.map(lambda i: names.get(i, i)))
        tables += [(a, ment, ["actor_id"]), (t, ment, ["actor_id"])]
    if len(rel) and {"source", "target"} <= set(rel.columns):
        col = event_column(rel.columns)
        rel = rel.dropna(subset=["source", "target"]).assign(
            period=rel["article_id"].map(pmap), event=rel[col]
        )
        d = _rate_rows(_counts(rel, ["source", "target"], two), n, "dyad", min_articles)
        d = d.assign(
            item=[f"{s} → {t}" for s, t in d.index],
            name=[f"{names.get(s, s)} → {names.get(t, t)}" for s, t in d.index],
        )
        e = _rate_rows(_counts(rel, ["source", "target", "event"], two), n, "event", min_articles)
        e = e.assign(
            item=[f"{s} → {t}: {v}" for s, t, v in e.index],
            name=[f"{names.get(s, s)} → {names.get(t, t)}: {v}" for s, t, v in e.index],
        )
        tables += [(d, rel, ["source", "target"]), (e, rel, ["source", "target", "event"])]
    out = []
    for tab, rows, keys in tables:
        tab = tab[tab["status"] != ""]
        tab = tab.assign(_a=-tab["change"].abs()).sort_values(["_a", "item"], kind="mergesort").head(top_n)
        want = tab.index.to_frame(index=False)
        want.columns = keys
        want["period"] = np.where(tab["status"].to_numpy() == "gone", prev, latest)
        picks = _evidence(store, _pick(rows, keys, want))
        ev = tab.reset_index(drop=True).join(want[keys]).merge(picks, on=keys, how="left")
        out.append(ev)
    res = pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=CHANGE_COLUMNS)
    for c in ("evidence", "article_id"):
        if c not in res:
            res[c] = None
    res = res[CHANGE_COLUMNS].reset_index(drop=True)
    res.attrs.update(previous=prev, latest=latest, n_previous=n[0], n_latest=n[1])
    del ment, rel, tables, out
    release_memory()
    return res
