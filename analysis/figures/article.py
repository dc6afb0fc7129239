"""Article figures: terms, tone arc and distribution, actors, voice and speakers' tone.

Each function draws the tables it is given and returns a Figure; none reads files.
"""

from __future__ import annotations

import matplotlib
import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib import cbook
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.figures.elements import (
    _barh,
    _categories,
    _empty,
    _few_ticks,
    _names,
    _new,
    _ngram_text,
    _no_data,
    _rects,
    _tone_colorbar,
    _tone_colors,
)
from analysis.figures.layout import (
    EDGE,
    TONE_TICKS,
    XAXIS,
    _cbar_margin,
    _fit,
    _label,
    _left,
    _max_width,
    _trunc,
)
from analysis.figures.style import (
    OKABE_ITO,
    OTHER_COLOR,
    TONE_CMAP,
    TONE_NORM,
    TYPE_COLORS,
)

# --------------------------------------------------------------------------- text


def plot_top_terms(terms: pd.DataFrame, top_n: int = 20) -> Figure:
    """Horizontal bars of the most frequent terms.

    Args:
        terms: ``term_frequencies`` table ``[term, count, share]``.
        top_n: number of terms shown.
    """
    title, xl, yl = f"Top {top_n} terms", "occurrences", "term"
    if _empty(terms, "term", "count"):
        return _no_data(title, xl, yl)
    df = terms.sort_values(["count", "term"], ascending=[False, True], kind="mergesort").head(top_n)
    fig, _ = _barh(title, [str(t) for t in df["term"]], [int(c) for c in df["count"]], OKABE_ITO[4], xl, yl)
    return fig


def plot_top_bigrams(bigrams: pd.DataFrame, top_n: int = 20) -> Figure:
    """Horizontal bars of the most frequent bigrams (``ngrams`` table ``[ngram, count]``)."""
    title, xl, yl = f"Top {top_n} bigrams", "occurrences", "bigram"
    if _empty(bigrams, "ngram", "count"):
        return _no_data(title, xl, yl)
    df = bigrams.assign(_t=[_ngram_text(g) for g in bigrams["ngram"]])
    df = df.sort_values(["count", "_t"], ascending=[False, True], kind="mergesort").head(top_n)
    fig, _ = _barh(title, list(df["_t"]), [int(c) for c in df["count"]], OKABE_ITO[2], xl, yl)
    return fig


# --------------------------------------------------------------------------- tone


def plot_tone_arc(arc: pd.DataFrame, sentences: pd.DataFrame | None = None) -> Figure:
    """Tone across the article: sentence compounds, their moving average, extremes marked.

    Args:
        arc: ``tone_arc`` table ``[sid, start, end, compound, arc]``.
        sentences: optional ``sentences`` table; when given, the extremes are labelled
            with the opening words of their sentence.
    """
    title, xl, yl = "Tone arc across the article", "sentence (text order)", "tone (VADER compound)"
    if _empty(arc, "sid", "compound"):
        return _no_data(title, xl, yl)
    df = arc.sort_values("sid", kind="mergesort")
    sid = df["sid"].to_numpy()
    comp = df["compound"].astype(float).to_numpy()
    fig, ax = _new(title, xl, yl, (9.0, 4.2))
    ax.axhline(0, color="#777777", linewidth=0.7)
    ax.vlines(sid, 0, comp, colors=_tone_colors(comp), linewidth=2.2, alpha=0.9)
    ax.scatter(
        sid,
        comp,
        c=comp,
        cmap=TONE_CMAP,
        norm=TONE_NORM,
        s=14,
        edgecolors="#333333",
        linewidths=0.3,
        zorder=3,
        label="sentence compound",
    )
    if "arc" in df.columns:
        ax.plot(
            sid, df["arc"].astype(float).to_numpy(), color="#000000", linewidth=1.6, label="moving average"
        )
    texts = {}
    if sentences is not None and not _empty(sentences, "sid", "text"):
        texts = dict(zip(sentences["sid"], sentences["text"], strict=True))
    hi, lo = int(np.argmax(comp)), int(np.argmin(comp))
    for idx, name, marker, dy in ((hi, "most positive", "^", 12), (lo, "most negative", "v", -16)):
        if name == "most negative" and hi == lo:
            continue
        ax.scatter(
            [sid[idx]],
            [comp[idx]],
            marker=marker,
            s=90,
            facecolors="none",
            edgecolors="#000000",
            linewidths=1.3,
            zorder=4,
            label=f"{name} (sentence {sid[idx]})",
        )
        snippet = texts.get(sid[idx])
        if snippet:
            ax.annotate(
                _label(snippet, 48),
                (sid[idx], comp[idx]),
                xytext=(0, dy),
                textcoords="offset points",
                ha="left" if sid[idx] <= np.median(sid) else "right",
                va="bottom" if dy > 0 else "top",
                fontsize=7,
            )
    ax.set_ylim(-1.3, 1.3)
    ax.set_yticks(TONE_TICKS)
    _few_ticks(ax.xaxis, integer=True)
    legend_h = 0.3
    _fit(fig, ax, _left(["−1.0"]), _cbar_margin(), EDGE + legend_h + XAXIS, below=legend_h)
    ax.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, EDGE / fig.get_size_inches()[1]),
        bbox_transform=fig.transFigure,
        fontsize=7,
        frameon=False,
        ncols=4,
    )
    _tone_colorbar(fig, ax)
    return fig


def plot_tone_distribution(sent_sent: pd.DataFrame, bins: int = 20) -> Figure:
    """Histogram of sentence compounds (``sentence_sentiment`` table), bars coloured by tone."""
    title, xl, yl = "Distribution of sentence tone", "tone (VADER compound)", "sentences"
    if _empty(sent_sent, "compound"):
        return _no_data(title, xl, yl)
    comp = sent_sent["compound"].astype(float).to_numpy()
    edges = np.linspace(-1.0, 1.0, bins + 1)
    counts, _ = np.histogram(comp, bins=edges)
    centers = (edges[:-1] + edges[1:]) / 2
    fig, ax = _new(title, xl, yl, (7.0, 3.8))
    _rects(
        ax, edges[:-1], edges[1:], 0.0, counts, _tone_colors(centers), edgecolors="#333333", linewidths=0.4
    )
    ax.set_ylim(0, max(1, int(counts.max())) * 1.05)
    ax.set_xticks(TONE_TICKS)
    _few_ticks(ax.yaxis, integer=True)
    mean = float(np.mean(comp))
    ax.axvline(mean, color="#000000", linestyle="--", linewidth=1.0, label=f"mean {mean:+.3f}")
    ax.axvspan(-0.05, 0.05, color="#dddddd", alpha=0.5, zorder=0, label="neutral band (±0.05)")
    ax.set_xlim(-1.0, 1.0)
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    _fit(fig, ax, _left([str(int(counts.max()) * 10)]), EDGE + _max_width(["−1.00"]) / 2)
    return fig


# --------------------------------------------------------------------------- actors


def plot_mentions_by_type(actors: pd.DataFrame, top_n: int = 20) -> Figure:
    """Mentions of the most-mentioned actors, bars coloured by actor type.

    Args:
        actors: ``actor_table`` ``[actor_id, name, type, ..., mentions, ...]``.
        top_n: number of actors shown.
    """
    title, xl, yl = "Actor mentions by type", "mentions", "actor"
    if _empty(actors, "name", "type", "mentions"):
        return _no_data(title, xl, yl)
    df = actors.sort_values(["mentions", "name"], ascending=[False, True], kind="mergesort").head(top_n)
    colors = [TYPE_COLORS.get(str(t), OTHER_COLOR) for t in df["type"]]
    fig, ax = _barh(title, list(df["name"]), [int(m) for m in df["mentions"]], colors, xl, yl)
    totals = actors.groupby("type", sort=True)["mentions"].sum()
    handles = [
        Patch(facecolor=TYPE_COLORS.get(str(t), OTHER_COLOR), label=f"{_label(t)} ({int(n)})")
        for t, n in totals.items()
    ]
    ax.legend(handles=handles, title="type (all mentions)", loc="lower right", fontsize=7, frameon=False)
    return fig


def plot_actor_dispersion(mentions: pd.DataFrame, text_length: int | None = None, top_n: int = 12) -> Figure:
    """Lexical dispersion plot: where each of the top actors is mentioned along the article.

    Args:
        mentions: ``find_mentions`` table ``[mid, actor_id, name, type, ..., start, end, ...]``.
        text_length: length of ``Article.text`` (x-axis extent); defaults to the last mention.
        top_n: number of actors (rows), most mentioned first.
    """
    title, xl, yl = "Where actors are mentioned", "character offset in the article", "actor"
    if _empty(mentions, "actor_id", "name", "start"):
        return _no_data(title, xl, yl)
    counts = mentions.groupby("actor_id", sort=True).size()
    order = sorted(counts.index, key=lambda a: (-int(counts[a]), str(a)))[:top_n]
    names = _names(mentions.drop_duplicates("actor_id"))
    fig, ax = _new(title, xl, yl, (9.0, max(2.5, 0.32 * len(order) + 1.3)))
    row_of = {a: i for i, a in enumerate(order)}
    sub = mentions[mentions["actor_id"].isin(row_of)].sort_values(["actor_id", "start"], kind="mergesort")
    types = {}
    if "type" in sub.columns:
        types = {str(a): str(t) for a, t in zip(sub["actor_id"], sub["type"], strict=True)}
    ax.scatter(  # one collection for every row: the colour of a row is its actor's type
        sub["start"].to_numpy(),
        [row_of[a] for a in sub["actor_id"]],
        marker="|",
        s=160,
        color=[TYPE_COLORS.get(types.get(str(a), ""), OTHER_COLOR) for a in sub["actor_id"]],
        linewidths=1.6,
    )
    ticks = [f"{_label(names.get(a, a), 28)} ({int(counts[a])})" for a in order]
    _categories(ax, ticks)
    ax.set_ylim(len(order) - 0.5, -0.5)
    xmax = text_length if text_length else int(mentions["end"].max()) + 1
    ax.hlines(range(len(order)), 0, xmax, colors="#eeeeee", linewidths=0.6, zorder=0.5)
    ax.set_xlim(0, xmax)
    _few_ticks(ax.xaxis, integer=True)
    _fit(fig, ax, _left(ticks), EDGE + _max_width([f"{xmax:d}"]) / 2)
    return fig


#: What each tone measure of :func:`plot_actor_tone` shows: value column(s), count column(s), title,
#: x label (the first column present is used: the actors table has ``tone``/``mentions``, the
#: ``analysis.actor_tone`` table ``mention_tone``/``n_sentences`` and ``tone_toward``/``n_toward``).
_TONE_MEASURES = {
    "mention_tone": (
        ("mention_tone", "tone"),
        ("n_sentences", "mentions"),
        "Tone of the sentences that mention each actor",
        "mean tone (VADER compound) of the sentences mentioning the actor; n = sentences",
    ),
    "tone_toward": (
        ("tone_toward",),
        ("n_toward",),
        "Tone of what others say or do to each actor",
        "mean tone of quotes naming the actor and events targeting it; n = quotes + events",
    ),
}


def plot_actor_tone(
    actors: pd.DataFrame, min_mentions: int = 3, top_n: int = 20, measure: str = "mention_tone"
) -> Figure:
    """Tone per actor as diverging bars, each labelled with the number behind it.

    Args:
        actors: the actors table (``tone``, ``mentions``) or an ``analysis.actor_tone.actor_tone``
            table (``mention_tone``, ``n_sentences``, ``tone_toward``, ``n_toward``).
        min_mentions: actors mentioned fewer times are left out (for ``tone_toward`` also those
            with fewer quotes + events): one-mention actors would swing to extremes.
        top_n: at most this many actors, the most mentioned first.
        measure: ``mention_tone`` (the sentences that mention the actor) or ``tone_toward``
            (quotes naming it and events done to it; needs an ``actor_tone`` table).
    """
    if measure not in _TONE_MEASURES:
        raise ValueError(f"measure must be one of {sorted(_TONE_MEASURES)}, not {measure!r}")
    values, counts, title, xl = _TONE_MEASURES[measure]
    yl = "actor"
    value = next((c for c in values if c in actors.columns), values[0])
    n_col = next((c for c in counts if c in actors.columns), counts[0])
    if _empty(actors, "name", value, n_col, "mentions"):
        return _no_data(title, xl, yl)
    keep = (actors["mentions"] >= min_mentions) & (actors[n_col] >= min_mentions) & actors[value].notna()
    df = actors[keep]
    df = df.sort_values(["mentions", "name"], ascending=[False, True], kind="mergesort").head(top_n)
    if df.empty:
        return _no_data(title, xl, yl, f"no actor with ≥ {min_mentions} mentions")
    df = df.sort_values([value, "name"], ascending=[False, True], kind="mergesort")
    labels = [f"{_trunc(n, 30)} (n={int(m)})" for n, m in zip(df["name"], df[n_col], strict=True)]
    tones = [float(t) for t in df[value]]
    fig, ax = _barh(title, labels, tones, _tone_colors(tones), xl, yl, "{:+.2f}", "tone (VADER compound)")
    ax.axvline(0, color="#555555", linewidth=0.8)
    lo, hi = ax.get_xlim()
    lim = max(0.25, max(abs(t) for t in tones) * 1.25, -lo, hi)
    ax.set_xlim(-lim, lim)
    return fig


# --------------------------------------------------------------------------- quotes and voice


def plot_voice_share(voice: pd.DataFrame, top_n: int = 15) -> Figure:
    """Share of quoted words per speaker (``voice_share`` table), with quote counts."""
    title, xl, yl = "Who gets a voice: share of quoted words", "share of quoted words", "speaker"
    if _empty(voice, "name", "share"):
        return _no_data(title, xl, yl)
    df = voice.sort_values(["share", "name"], ascending=[False, True], kind="mergesort").head(top_n)
    labels = [
        f"{_trunc(n, 26)} ({int(q)} quotes)" if "quotes" in df.columns else str(n)
        for n, q in zip(df["name"], df["quotes"] if "quotes" in df.columns else df["name"], strict=True)
    ]
    fig, ax = _barh(title, labels, [float(s) for s in df["share"]], OKABE_ITO[0], xl, yl, "{:.0%}")
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlim(0, max(ax.get_xlim()[1], min(1.0, max(float(df["share"].max()) * 1.2, 0.1))))
    return fig


def plot_speaker_tone(quotes: pd.DataFrame, top_n: int = 12, min_quotes: int = 2) -> Figure:
    """Tone of what each speaker says: one point per quotation over a box per speaker.

    Scare quotes and repeated pull quotes (``repeat_of`` >= 0) are left out, and so are speakers
    with fewer than ``min_quotes`` quotations (a box of one point says nothing). Labels give n.
    """
    title = f"Tone of each speaker's quotations (speakers with ≥ {min_quotes})"
    xl, yl = "tone of the quotation (VADER compound); n = quotations", "speaker"
    if _empty(quotes, "tone"):
        return _no_data(title, xl, yl)
    name_col = "speaker_name" if "speaker_name" in quotes.columns else "speaker"
    if name_col not in quotes.columns:
        return _no_data(title, xl, yl)
    keep = quotes[name_col].notna() & quotes["tone"].notna()
    if "kind" in quotes.columns:
        keep &= quotes["kind"] != "scare"
    if "repeat_of" in quotes.columns:
        keep &= ~(quotes["repeat_of"] >= 0)
    df = quotes[keep]
    if df.empty:
        return _no_data(title, xl, yl, "no attributed quotes")
    counts = df.groupby(name_col, sort=True).size()
    counts = counts[counts >= min_quotes]
    if counts.empty:
        return _no_data(title, xl, yl, f"no speaker with ≥ {min_quotes} quotations")
    order = sorted(counts.index, key=lambda n: (-int(counts[n]), str(n)))[:top_n]
    fig, ax = _new(title, xl, yl, (8.0, max(2.8, 0.42 * len(order) + 1.4)))
    data = [df.loc[df[name_col] == n, "tone"].astype(float).to_numpy() for n in order]
    # box plots (quartiles, median, whiskers at 1.5 IQR, no fliers) as three collections
    stats = cbook.boxplot_stats(data, whis=1.5)
    y = np.arange(len(order), dtype=float)
    q1, q3 = [st["q1"] for st in stats], [st["q3"] for st in stats]
    _rects(ax, q1, q3, y - 0.275, y + 0.275, "#F2F2F2", edgecolors="#666666", linewidths=1.0, zorder=1)
    whiskers = [[(st["whislo"], r), (st["q1"], r)] for st, r in zip(stats, y, strict=True)]
    whiskers += [[(st["q3"], r), (st["whishi"], r)] for st, r in zip(stats, y, strict=True)]
    whiskers += [
        [(st[k], r - 0.1375), (st[k], r + 0.1375)]
        for st, r in zip(stats, y, strict=True)
        for k in ("whislo", "whishi")
    ]
    ax.add_collection(LineCollection(whiskers, colors="#000000", linewidths=1.0, zorder=2), autolim=False)
    medians = [[(st["med"], r - 0.275), (st["med"], r + 0.275)] for st, r in zip(stats, y, strict=True)]
    ax.add_collection(LineCollection(medians, colors="#000000", linewidths=1.0, zorder=2), autolim=False)
    rng = np.random.default_rng(0)
    rows = [row + rng.uniform(-0.15, 0.15, len(vals)) for row, vals in enumerate(data)]
    vals = np.concatenate(data)
    ax.scatter(  # one collection for all speakers
        vals,
        np.concatenate(rows),
        c=vals,
        cmap=TONE_CMAP,
        norm=TONE_NORM,
        s=26,
        edgecolors="#333333",
        linewidths=0.4,
        zorder=3,
    )
    ticks = [f"{_label(n, 28)} (n={int(counts[n])})" for n in order]
    _categories(ax, ticks)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.axvline(0, color="#777777", linewidth=0.7)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xticks(TONE_TICKS)
    _fit(fig, ax, _left(ticks), EDGE + _max_width(["−1.00"]) / 2)
    return fig
