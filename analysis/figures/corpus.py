"""Corpus figures: tone per article, actor mentions across articles, top actor pairs.

Each function draws the tables it is given and returns a Figure; none reads files.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from analysis.figures.elements import (
    _barh,
    _categories,
    _cells,
    _empty,
    _names,
    _new,
    _no_data,
    _tone_colorbar,
    _tone_colors,
)
from analysis.figures.layout import (
    TOP,
    _bottom,
    _cbar_margin,
    _colorbar,
    _count_ticks,
    _fit,
    _label,
    _left,
    _trunc,
)
from analysis.figures.style import (
    OKABE_ITO,
    TONE_CMAP,
    TONE_GAP_DAYS,
    TONE_NORM,
)

# --------------------------------------------------------------------------- corpus


def _dates(values: pd.Series) -> pd.Series:
    """Timestamps of ``values`` (strings in any mix of formats, dates, datetimes), index kept.

    Unreadable values become NaT. Time-zone-aware values keep the wall-clock time they were
    written in; when their UTC offsets differ, they are compared in UTC.
    """
    try:
        parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    except ValueError:  # offsets that differ between values
        parsed = pd.to_datetime(values, errors="coerce", format="mixed", utc=True)
    if parsed.dt.tz is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed


def date_runs(dates: Sequence[Any], max_gap_days: float = TONE_GAP_DAYS) -> list[slice]:
    """Runs of sorted dates with no gap of more than ``max_gap_days`` calendar days between neighbours.

    Args:
        dates: sorted dates (strings, dates or datetimes; see :func:`_dates`).
        max_gap_days: the longest gap, in calendar days, that a run bridges.

    Returns:
        One slice of ``dates`` per run, in order; none for no dates.

    Raises:
        ValueError: a date is missing or unreadable, or the dates are not sorted.
    """
    values = _dates(pd.Series(list(dates), dtype=object))
    if values.empty:
        return []
    if values.isna().any():
        raise ValueError("date_runs: a date is missing or unreadable")
    if not values.is_monotonic_increasing:
        raise ValueError("date_runs: the dates are not sorted")
    days = values.dt.normalize().to_numpy().astype("datetime64[D]").astype(np.int64)
    cuts = [i + 1 for i, gap in enumerate(np.diff(days)) if gap > max_gap_days]
    bounds = [0, *cuts, len(values)]
    return [slice(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def plot_corpus_tone(overview: pd.DataFrame, window: int = 15) -> Figure:
    """Tone per article: over time (with a rolling mean) when dates exist, else one bar per article.

    The rolling mean is taken within runs of articles no more than :data:`TONE_GAP_DAYS` apart,
    so the line neither crosses nor averages over a long stretch without articles.

    Args:
        overview: per-article table with ``mean_tone`` and optionally ``date`` and ``title``.
        window: rolling-mean width (articles) for the dated view.
    """
    title, yl = "Tone per article", "mean sentence tone"
    if _empty(overview, "mean_tone"):
        return _no_data(title, "article", yl)
    df = overview.copy()
    dates = _dates(df["date"]) if "date" in df.columns else pd.Series(pd.NaT, df.index)
    df["_d"] = dates
    dated = df[df["_d"].notna()]
    if len(dated) >= 2 and len(dated) >= 0.5 * len(df):
        dated = dated.sort_values(["_d"], kind="mergesort")
        fig, ax = _new(title + " over time", "publication date", yl, (9.0, 4.2))
        tone = dated["mean_tone"].astype(float).to_numpy()
        ax.scatter(
            dated["_d"],
            tone,
            c=tone,
            cmap=TONE_CMAP,
            norm=TONE_NORM,
            s=14,
            edgecolors="#333333",
            linewidths=0.3,
            label=f"article (n={len(dated)})",
        )
        if len(dated) >= 3:
            w = max(1, min(window, len(dated) // 3))
            runs = date_runs(dated["_d"])
            label = f"rolling mean ({w} articles" + (
                f"; breaks at gaps over {TONE_GAP_DAYS} days)" if len(runs) > 1 else ")"
            )
            for run in runs:
                if run.stop - run.start < 2:
                    continue  # a lone article has its dot, not a line
                ax.plot(
                    dated["_d"].iloc[run],
                    pd.Series(tone[run]).rolling(w, min_periods=1, center=True).mean().to_numpy(),
                    color="#000000",
                    linewidth=1.5,
                    label=label,
                )
                label = "_nolegend_"
        ax.axhline(0, color="#777777", linewidth=0.7)
        if len(dated) < len(df):
            ax.text(
                0.01,
                0.02,
                f"{len(df) - len(dated)} undated articles not shown",
                transform=ax.transAxes,
                fontsize=7,
            )
        ax.legend(loc="upper right", fontsize=7, frameon=False)
        bottom = _bottom(["2022-12-31"], 30)
        _fit(fig, ax, _left(["−1.0"]), _cbar_margin(), bottom)
        fig.autofmt_xdate(bottom=bottom / fig.get_size_inches()[1])
        _tone_colorbar(fig, ax)
        return fig
    labels = [
        str(t) if t else str(i)
        for t, i in zip(df.get("title", df.index), df.get("article_id", df.index), strict=True)
    ]
    tones = [float(t) for t in df["mean_tone"]]
    fig, ax = _barh(title, labels[:60], tones[:60], _tone_colors(tones[:60]), yl, "article", "{:+.2f}")
    ax.axvline(0, color="#555555", linewidth=0.8)
    return fig


def plot_corpus_actor_mentions(
    mentions: pd.DataFrame, overview: pd.DataFrame | None = None, top_n: int = 15, max_columns: int = 40
) -> Figure:
    """Mentions of the top actors across articles.

    A heatmap of actors × articles when the corpus is small, actors × months when it is
    larger and dated, else bars of total mentions.

    Args:
        mentions: long table ``[article_id, actor_id, name, type, mentions]``.
        overview: per-article table ``[article_id, title, date, ...]`` (order and dates).
        top_n: number of actors (rows).
        max_columns: most articles shown one per column.
    """
    title = "Actor mentions across articles"
    if _empty(mentions, "article_id", "actor_id", "mentions"):
        return _no_data(title, "article", "actor")
    totals = mentions.groupby("actor_id", sort=True)["mentions"].sum()
    top = sorted(totals.index, key=lambda a: (-int(totals[a]), str(a)))[:top_n]
    names = _names(mentions.drop_duplicates("actor_id"))
    sub = mentions[mentions["actor_id"].isin(top)]
    art_order = (
        list(overview["article_id"])
        if overview is not None and "article_id" in overview.columns
        else sorted(mentions["article_id"].unique())
    )
    dates = {}
    if overview is not None and "date" in overview.columns:
        dates = dict(zip(overview["article_id"], _dates(overview["date"]), strict=True))
    if len(art_order) <= max_columns:
        cols, col_of, xl = art_order, {a: a for a in art_order}, "article"
        titles = (
            dict(zip(overview["article_id"], overview["title"], strict=True))
            if overview is not None and "title" in overview.columns
            else {}
        )
        col_labels = [_label(titles.get(a) or a, 24) for a in cols]
    elif dates and sum(pd.notna(d) for d in dates.values()) >= 0.5 * len(dates):
        col_of = {a: d.strftime("%Y-%m") for a, d in dates.items() if pd.notna(d)}
        cols = sorted(set(col_of.values()))
        col_labels, xl = cols, "month"
    else:
        fig, _ = _barh(
            title,
            [names.get(a, a) for a in top],
            [int(totals[a]) for a in top],
            OKABE_ITO[4],
            "mentions (all articles)",
            "actor",
        )
        return fig
    ci = {c: i for i, c in enumerate(cols)}
    mat = np.zeros((len(top), len(cols)))
    ri = {a: i for i, a in enumerate(top)}
    for art, aid, m in zip(sub["article_id"], sub["actor_id"], sub["mentions"], strict=True):
        c = col_of.get(art)
        if c is not None:
            mat[ri[aid], ci[c]] += float(m)
    step = max(1, len(cols) // 30)
    xticks = [col_labels[i] for i in range(0, len(cols), step)]
    yticks = [f"{_label(names.get(a, a), 24)} ({int(totals[a])})" for a in top]
    left = _left(yticks)
    bottom = _bottom(xticks, 60, 7)
    right = _cbar_margin([str(int(mat.max()))])
    axes_w, axes_h = max(3.0, 0.3 * len(cols)), max(1.5, 0.35 * len(top))
    fig, ax = _new(title, xl, "actor", (left + axes_w + right, TOP + axes_h + bottom))
    norm = Normalize(vmin=0, vmax=max(1.0, float(mat.max())))
    _cells(ax, mat, "Blues", norm)
    _categories(ax, xticks, "x", rotation=60, fontsize=7, positions=range(0, len(cols), step))
    _categories(ax, yticks)
    _fit(fig, ax, left, right, bottom)
    _colorbar(fig, ax, "Blues", norm, "mentions", _count_ticks(norm.vmax))
    return fig


def plot_top_pairs(pairs: pd.DataFrame, top_n: int = 20) -> Figure:
    """Most frequent actor pairs across the corpus (``[source_name, target_name, count, tone]``)."""
    title, xl, yl = "Actor pairs that appear together most", "shared windows (all articles)", "pair"
    if _empty(pairs, "count") or not (
        {"source_name", "target_name"} <= set(pairs.columns) or {"source", "target"} <= set(pairs.columns)
    ):
        return _no_data(title, xl, yl)
    s_col, t_col = ("source_name", "target_name") if "source_name" in pairs.columns else ("source", "target")
    df = pairs.sort_values(["count", s_col, t_col], ascending=[False, True, True], kind="mergesort").head(
        top_n
    )
    labels = [f"{_trunc(s, 18)} — {_trunc(t, 18)}" for s, t in zip(df[s_col], df[t_col], strict=True)]
    colors = _tone_colors(df["tone"]) if "tone" in df.columns else OKABE_ITO[4]
    cbar = "mean tone of the shared windows" if "tone" in df.columns else None
    fig, _ = _barh(title, labels, [int(c) for c in df["count"]], colors, xl, yl, cbar_label=cbar)
    return fig


def plot_period_matrix(
    table: pd.DataFrame,
    value: str,
    title: str,
    *,
    label: str,
    tone: bool = False,
    max_rows: int = 25,
) -> Figure:
    """Actors × periods from a long store table (``[period, actor_id, name, <value>]``).

    Rows keep the table's actor order (the first ``max_rows``); every period of the table is a
    column, empty ones included (blank cells where ``value`` is NaN). ``tone=True`` colours with
    the diverging tone map centred on 0, else counts or shares in blues from 0.
    """
    xl, yl = "period", "actor"
    if _empty(table, "period", "actor_id", value):
        return _no_data(title, xl, yl)
    actors = list(dict.fromkeys(table["actor_id"]))[:max_rows]
    periods = sorted(table["period"].unique())
    names = dict(
        zip(table["actor_id"], table["name"] if "name" in table.columns else table["actor_id"], strict=True)
    )
    grid = table.pivot_table(index="actor_id", columns="period", values=value, aggfunc="first", dropna=False)
    mat = grid.reindex(index=actors, columns=periods).to_numpy(dtype=float)
    step = max(1, len(periods) // 36)
    xticks = [periods[i] for i in range(0, len(periods), step)]
    yticks = [_label(names.get(a, a), 28) for a in actors]
    left, bottom = _left(yticks), _bottom(xticks, 60, 7)
    right = _cbar_margin(["−1.0" if tone else f"{np.nanmax(mat) if np.isfinite(mat).any() else 1:.2f}"])
    axes_w, axes_h = max(3.0, 0.22 * len(periods)), max(1.5, 0.3 * len(actors))
    fig, ax = _new(title, xl, yl, (left + axes_w + right, TOP + axes_h + bottom))
    if tone:
        cmap, norm, ticks = TONE_CMAP, TONE_NORM, [-1.0, -0.5, 0.0, 0.5, 1.0]
    else:
        vmax = float(np.nanmax(mat)) if np.isfinite(mat).any() else 1.0
        cmap, norm = "Blues", Normalize(vmin=0, vmax=max(vmax, 1e-9))
        ticks = _count_ticks(vmax) if vmax > 1 else [0.0, round(vmax / 2, 2), round(vmax, 2)]
    _cells(ax, mat, cmap, norm)
    _categories(ax, xticks, "x", rotation=60, fontsize=7, positions=range(0, len(periods), step))
    _categories(ax, yticks)
    _fit(fig, ax, left, right, bottom)
    _colorbar(fig, ax, cmap, norm, label, ticks)
    return fig


def plot_outlets(outlets: pd.DataFrame, top_n: int = 25) -> Figure:
    """Mean sentence tone per outlet (``[outlet, articles, tone]``), labelled with article counts."""
    title, xl, yl = "Tone by outlet", "mean sentence tone (VADER compound)", "outlet (articles)"
    if _empty(outlets, "outlet", "tone"):
        return _no_data(title, xl, yl)
    df = outlets.head(top_n)
    labels = [f"{_trunc(o, 24)} ({int(n)})" for o, n in zip(df["outlet"], df["articles"], strict=True)]
    tones = [float(t) if pd.notna(t) else 0.0 for t in df["tone"]]
    fig, ax = _barh(title, labels, tones, _tone_colors(tones), xl, yl, "{:+.2f}")
    ax.axvline(0, color="#555555", linewidth=0.8)
    return fig
