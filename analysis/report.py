"""Notebook-side helpers: safe display, deterministic saving of figures and tables, and the
parameter validation of :mod:`analysis.parameters` (re-exported here).

Everything an article contributes to a report (titles, sentences, names, quotes) is
untrusted: it may hold ``<script>``, ``<img onerror=...>``, raw HTML or Markdown. This
module is the only place notebooks turn tables and text into display output, and every
string it emits as HTML goes through :func:`html.escape` (``quote=True``). Nothing is
ever emitted as Markdown. A table cell becomes a link only to a relative href (:func:`safe_href`:
no scheme such as ``javascript:``, no leading ``/``).

Tables saved as ``tables/<name>.csv`` hold every row; a displayed table shows at most
:data:`MAX_DISPLAY_ROWS` rows whatever the caller asks, and says "first N of M rows". Text cells
that a spreadsheet would evaluate as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return, also after leading whitespace) are written with a leading ``'`` (OWASP's rule
against CSV injection) unless the caller asks for raw cells: ``write_csv(..., safe=False)``,
``ReportOutput(..., safe_csv=False)`` or the environment variable ``NEWSREPORT_CSV_SAFE=0``.

No Papermill or nbconvert here: those live in :mod:`analysis.build`.
"""

from __future__ import annotations

import html
import math
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from analysis import figures

# re-exported: notebooks call report.validate_params
from analysis.parameters import ARTICLE_PARAMS, CORPUS_PARAMS, LEVELS, PERIODS, WINDOWS, validate_params  # noqa: F401
from analysis.versions import package_versions

#: Packages whose versions the provenance section lists.
PACKAGES = ("newsreport", "nltk", "vaderSentiment", "pandas", "numpy", "matplotlib", "networkx", "PyYAML")
#: Words per minute used for the reading-time estimate.
READING_WPM = 238
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
#: Most rows any displayed table shows (the CSV in ``tables/`` keeps them all).
MAX_DISPLAY_ROWS = 200
#: Environment variable that, set to ``0``, writes CSV cells raw (no formula neutralising).
CSV_SAFE_ENV = "NEWSREPORT_CSV_SAFE"


# --------------------------------------------------------------------------- escaping


def esc(value: Any) -> str:
    """HTML-escaped text of any value (quotes included)."""
    return html.escape(cell_text(value), quote=True)


def cell_text(value: Any) -> str:
    """Plain text of a table cell: floats to 3 decimals, tuples comma-joined, missing as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.3f}"
    if isinstance(value, tuple | list):
        return ", ".join(cell_text(v) for v in value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def caption_html(caption: str) -> str:
    """A one-line caption paragraph, escaped."""
    return f'<p class="nr-caption" style="font-style:italic;margin:0.2em 0 1.2em 0">{esc(caption)}</p>'


def text_html(text: str) -> str:
    """A block of plain text, escaped, whitespace preserved."""
    return f'<pre class="nr-text" style="white-space:pre-wrap">{esc(text)}</pre>'


#: A URL scheme (``javascript:``, ``https:``, ``data:`` ...) at the start of a link.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def safe_href(value: Any) -> str | None:
    """``value`` if it is a relative link a report may hold, else None.

    Refused: anything but non-empty text, a scheme (``javascript:``, ``http:``, ``data:`` ...), a
    leading ``/`` (absolute, or ``//host``), a backslash, whitespace or control characters
    (browsers drop those inside a scheme: ``java\tscript:``). The result still needs escaping.
    """
    if not isinstance(value, str) or not value or value.startswith("/") or _SCHEME.match(value):
        return None
    if "\\" in value or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    return value


def _cell_html(value: Any, href: Any = None) -> str:
    """A cell's escaped text, as a link when ``href`` is a safe relative link."""
    link = safe_href(href)
    if link is None:
        return esc(value)
    return f'<a href="{html.escape(link, quote=True)}">{esc(value)}</a>'


def table_html(
    df: pd.DataFrame,
    caption: str = "",
    max_rows: int | None = 20,
    csv_name: str | None = None,
    *,
    links: Mapping[str, str] | None = None,
) -> str:
    """An HTML table of ``df`` where every header and cell is escaped text.

    Args:
        df: the table (index ignored).
        caption: one-line caption shown under the table.
        max_rows: rows shown, at most :data:`MAX_DISPLAY_ROWS` (None = that cap); a note says
            "first N of M rows" when rows were left out.
        csv_name: name of the saved ``tables/<name>.csv`` the note points to, if any.
        links: ``{column: href column}``: each cell of ``column`` links to its row's value in
            ``href column`` when that is a relative link (:func:`safe_href`; others show no link);
            href columns are not shown.

    Raises:
        ValueError: a column named in ``links`` is not in ``df``.
    """
    links = dict(links or {})
    missing = sorted({c for pair in links.items() for c in pair} - set(df.columns))
    if missing:
        raise ValueError(f"links name column(s) not in the table: {', '.join(map(str, missing))}")
    hidden = set(links.values())
    cols = [c for c in df.columns if c not in hidden]
    cap = MAX_DISPLAY_ROWS if max_rows is None else min(max(max_rows, 0), MAX_DISPLAY_ROWS)
    shown = df.head(cap)
    # numbers line up on the right, text reads from the left
    align = [
        ""
        if pd.api.types.is_numeric_dtype(df[c].dtype) and not pd.api.types.is_bool_dtype(df[c].dtype)
        else ' style="text-align:left"'
        for c in cols
    ]
    head = "".join(f"<th{al}>{esc(c)}</th>" for c, al in zip(cols, align, strict=True))
    pos = {c: i for i, c in enumerate(df.columns)}
    href_of = [pos[links[c]] if c in links else None for c in cols]
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{al}>{_cell_html(row[pos[c]], None if h is None else row[h])}</td>"
            for c, al, h in zip(cols, align, href_of, strict=True)
        )
        + "</tr>"
        for row in shown.itertuples(index=False, name=None)
    )
    note = ""
    if len(shown) < len(df):
        where = f"; all rows in tables/{csv_name}.csv" if csv_name else ""
        note = f'<p class="nr-note">first {len(shown)} of {len(df)} rows{esc(where)}</p>'
    if df.empty:
        note = '<p class="nr-note">(no rows)</p>'
    return (
        f'<table class="dataframe nr-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        f"{note}{caption_html(caption) if caption else ''}"
    )


# --------------------------------------------------------------------------- output


def _ipython_display(obj: Any) -> None:
    from IPython.display import display

    display(obj)


class ReportOutput:
    """Shows figures and tables in a notebook and saves them deterministically.

    Args:
        output_dir: folder receiving ``figures/<name>.png`` and ``tables/<name>.csv``;
            None = display only.
        display: where display objects go (default: IPython's ``display``).
        safe_csv: neutralise spreadsheet formulas in saved CSV cells (None: on unless the
            environment variable ``NEWSREPORT_CSV_SAFE`` is ``0``).
    """

    def __init__(
        self,
        output_dir: str | Path | None,
        *,
        display: Callable[[Any], None] | None = None,
        safe_csv: bool | None = None,
    ):
        self.output_dir = Path(output_dir) if output_dir is not None else None
        self.safe_csv = csv_safe_default() if safe_csv is None else safe_csv
        self._display = display or _ipython_display
        self.saved: list[Path] = []
        figures.apply_style()

    def _path(self, kind: str, name: str, suffix: str) -> Path | None:
        if not _NAME.match(name):
            raise ValueError(f"output name must match {_NAME.pattern}, not {name!r}")
        if self.output_dir is None:
            return None
        path = self.output_dir / kind / f"{name}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.saved.append(path)
        return path

    def figure(self, fig: Figure, name: str, caption: str) -> None:
        """Save ``fig`` as ``figures/<name>.png``, display it with its caption, then close it.

        Returns None (so a notebook cell ending in this call shows no path); saved files
        are listed in :attr:`saved`.
        """
        from IPython.display import HTML, Image

        png = figures.png_bytes(fig)
        path = self._path("figures", name, ".png")
        if path is not None:
            path.write_bytes(png)
        self._display(Image(data=png, format="png", alt=caption))
        self._display(HTML(caption_html(caption)))
        _close(fig)

    def table(
        self,
        df: pd.DataFrame,
        name: str,
        caption: str,
        max_rows: int | None = 20,
        *,
        links: Mapping[str, str] | None = None,
    ) -> None:
        """Save ``df`` as ``tables/<name>.csv`` (all rows, all columns) and display up to
        ``max_rows`` (at most :data:`MAX_DISPLAY_ROWS`), escaped; ``links`` as in :func:`table_html`."""
        from IPython.display import HTML

        # rendered first: a bad ``links`` fails before anything is saved
        shown = table_html(
            df, caption, max_rows, csv_name=name if self.output_dir is not None else None, links=links
        )
        path = self._path("tables", name, ".csv")
        if path is not None:
            write_csv(df, path, safe=self.safe_csv)
        self._display(HTML(shown))

    def heading(self, text: str, level: int = 1) -> None:
        """Display an escaped heading (the report's title when it is the first ``h1``)."""
        from IPython.display import HTML

        if level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, not {level!r}")
        self._display(HTML(f"<h{level}>{esc(text)}</h{level}>"))

    def text(self, text: str) -> None:
        """Display plain text (escaped, never Markdown)."""
        from IPython.display import HTML

        self._display(HTML(text_html(text)))


def _close(fig: Figure) -> None:
    """Close ``fig`` in pyplot if pyplot is in use (a figure pyplot never saw needs nothing, and
    importing pyplot costs a kernel ~30 ms and an inline-backend hook after every cell)."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close(fig)


#: A text cell a spreadsheet would evaluate: ``=``, ``+``, ``-``, ``@`` first (after any
#: whitespace), or a leading tab or carriage return.
_FORMULA = re.compile(r"[\t\r]|\s*[=+\-@]")
#: A plain number written as text ("-0.5", "+3", "1e-3"): a spreadsheet reads it as a number.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_safe_default() -> bool:
    """Whether CSV cells are neutralised by default: yes unless ``NEWSREPORT_CSV_SAFE=0``."""
    return os.environ.get(CSV_SAFE_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def neutralise_cell(value: Any) -> Any:
    """A text cell with ``'`` put before it when a spreadsheet would evaluate it (OWASP's rule).

    Numbers, and text that is a plain number (``"-0.5"``), are returned as they are.
    """
    if isinstance(value, str) and _FORMULA.match(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_csv(df: pd.DataFrame, path: str | Path, *, safe: bool = True) -> Path:
    """Write ``df`` deterministically: no index, ``\\n`` line ends, fixed float format, UTF-8.

    Args:
        df: the table.
        path: the file to write.
        safe: put ``'`` before text cells a spreadsheet would evaluate (see :func:`neutralise_cell`);
            False writes every cell raw, for programs that read the CSV.
    """
    path = Path(path)
    flat = df.copy()
    for col in flat.columns:
        if flat[col].map(lambda v: isinstance(v, tuple | list)).any():
            flat[col] = flat[col].map(lambda v: " ".join(map(str, v)) if isinstance(v, tuple | list) else v)
        if (
            safe
            and not pd.api.types.is_numeric_dtype(flat[col])
            and not pd.api.types.is_bool_dtype(flat[col])
        ):
            flat[col] = flat[col].map(neutralise_cell)
    flat.to_csv(path, index=False, lineterminator="\n", float_format="%.6g", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- article tables


def overview_card(a: Any) -> pd.DataFrame:
    """Overview of one article as ``[field, value]`` rows (display it with :meth:`ReportOutput.table`).

    Args:
        a: an :class:`~analysis.pipeline.ArticleAnalysis`.
    """
    art = a.article
    words = art.n_words
    removed = art.removed
    kinds: dict[str, int] = {}
    for r in removed:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    removed_txt = (
        f"{len(removed)} item(s): " + ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items()))
        if removed
        else "nothing"
    )
    rows = [
        ("title", art.title or "(untitled)"),
        ("date", art.date or "unknown"),
        ("source", art.source or "unknown"),
        ("url", art.url or ""),
        ("dateline", art.dateline or ""),
        ("words", words),
        ("sentences", len(a.sentences)),
        ("paragraphs", len(art.paragraphs)),
        ("reading time", f"{max(1, round(words / READING_WPM))} min"),
        ("mean tone", f"{a.tone.get('mean_compound', float('nan')):+.3f}"),
        ("actors", len(a.actors)),
        ("quotes", len(a.quotes)),
        ("cleaning removed", removed_txt),
        ("article id", art.id),
    ]
    return pd.DataFrame({"field": [r[0] for r in rows], "value": [cell_text(r[1]) for r in rows]})


def removed_table(article: Any) -> pd.DataFrame:
    """What cleaning removed from the article: ``[kind, text]`` in order."""
    return pd.DataFrame(
        {"kind": [r.kind for r in article.removed], "text": [r.text for r in article.removed]}
    )


def extreme_sentences(a: Any, n: int = 1) -> pd.DataFrame:
    """The ``n`` most positive and ``n`` most negative sentences: ``[which, sid, compound, text]``."""
    s = a.sentiment[["sid", "compound"]].merge(a.sentences[["sid", "text"]], on="sid", how="left")
    if s.empty:
        return pd.DataFrame(columns=["which", "sid", "compound", "text"])
    pos = s.sort_values(["compound", "sid"], ascending=[False, True], kind="mergesort").head(n)
    neg = s.sort_values(["compound", "sid"], ascending=[True, True], kind="mergesort").head(n)
    out = pd.concat([pos.assign(which="most positive"), neg.assign(which="most negative")], ignore_index=True)
    return out[["which", "sid", "compound", "text"]]


def top_actor_ids(actors: pd.DataFrame, top_n: int, min_mentions: int = 1) -> list[str]:
    """Ids of the ``top_n`` most-mentioned actors with at least ``min_mentions`` mentions."""
    if actors.empty:
        return []
    df = actors[actors["mentions"] >= min_mentions]
    df = df.sort_values(["mentions", "first_start"], ascending=[False, True], kind="mergesort")
    return [str(x) for x in df["actor_id"].head(top_n)]


def actor_kwic(
    a: Any, top_n: int = 5, *, min_mentions: int = 1, width: int = 50, per_actor: int = 6
) -> pd.DataFrame:
    """Keyword-in-context lines for the top actors' mentions: ``[actor, sid, left, keyword, right]``."""
    from analysis.tokens import kwic

    frames = []
    names = dict(zip(a.actors["actor_id"], a.actors["name"], strict=True)) if len(a.actors) else {}
    for aid in top_actor_ids(a.actors, top_n, min_mentions):
        m = a.mentions[a.mentions["actor_id"] == aid].sort_values("start", kind="mergesort").head(per_actor)
        spans = [(int(s), int(e)) for s, e in zip(m["start"], m["end"], strict=True)]
        k = kwic(a.article, spans, width=width, sents=a.sentences)
        frames.append(k.assign(actor=names.get(aid, aid))[["actor", "sid", "left", "keyword", "right"]])
    if not frames:
        return pd.DataFrame(columns=["actor", "sid", "left", "keyword", "right"])
    return pd.concat(frames, ignore_index=True)


def quotes_table(a: Any) -> pd.DataFrame:
    """Quotations for display: ``[qid, speaker, cue, kind, quote, tone]`` (unattributed: surface or '?')."""
    q = a.quotes
    if q.empty:
        return pd.DataFrame(columns=["qid", "speaker", "cue", "kind", "quote", "tone"])
    speaker = [
        n if isinstance(n, str) and n else (s if isinstance(s, str) and s else "?")
        for n, s in zip(q["speaker_name"], q["speaker_surface"], strict=True)
    ]
    return pd.DataFrame(
        {
            "qid": q["qid"],
            "speaker": speaker,
            "cue": q["cue"],
            "kind": q["kind"],
            "quote": q["text"],
            "tone": q["tone"],
        }
    )


def affiliation_tables(a: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Affiliation-level co-occurrence ``(edges, nodes)``: people rolled up into their country/organization.

    ``nodes`` has ``[actor_id, name, type, mentions]``.
    """
    from analysis.actors import at_level
    from analysis.cooccurrence import edges

    rolled = at_level(a.mentions, "affiliation", a.registry)
    e = edges(a.mentions, a.sentences, a.sentiment, window=a.window, level="affiliation")
    if rolled.empty:
        return e, pd.DataFrame(columns=["actor_id", "name", "type", "mentions"])
    nodes = (
        rolled.groupby(["actor_id", "name", "type"], sort=True, dropna=False)
        .size()
        .reset_index(name="mentions")
        .sort_values(["mentions", "actor_id"], ascending=[False, True], kind="mergesort")
        .reset_index(drop=True)
    )
    return e, nodes


def cooccurrence_tables(a: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The article's co-occurrence ``(edges, nodes)`` at the level it was analysed with."""
    if a.level == "affiliation":
        return affiliation_tables(a)
    return a.edges, a.actors


def events_table(a: Any) -> pd.DataFrame:
    """Events with display names: ``[source, plover, quad, target, cue, nominal, tone, sid]``."""
    cols = ["source", "plover", "quad", "target", "cue", "nominal", "tone", "sid"]
    r = a.events
    if r.empty:
        return pd.DataFrame(columns=cols)
    names = dict(zip(a.actors["actor_id"], a.actors["name"], strict=True)) if len(a.actors) else {}
    return pd.DataFrame(
        {
            "source": [names.get(s, s) for s in r["source"]],
            "plover": r["plover"],
            "quad": r["quad"],
            "target": [names.get(t, t) for t in r["target"]],
            "cue": r["cue"],
            "nominal": r["nominal"],
            "tone": r["tone"],
            "sid": r["sid"],
        }
    )


#: Former name of :func:`events_table` (kept for one release).
relations_table = events_table


def provenance_table(params: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Parameters and package versions as ``[kind, key, value]`` rows (no timestamps: byte-stable)."""
    rows = [("parameter", k, cell_text(v)) for k, v in params.items()]
    rows += [("input", k, cell_text(v)) for k, v in sorted((extra or {}).items())]
    rows += [("package", k, v or "not installed") for k, v in package_versions(PACKAGES).items()]
    return pd.DataFrame(rows, columns=["kind", "key", "value"])
