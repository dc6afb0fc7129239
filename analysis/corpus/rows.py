"""Store rows: analysed articles gathered into the feature store's tables (Arrow tables).

:class:`BatchBuilder` collects the tables of each :class:`~analysis.pipeline.ArticleAnalysis`
(keeping references, copying nothing per article) and turns a batch of them into one Arrow table
per store table, each with ``article_id`` first. Columns are kept as
:func:`analysis.pipeline.analyze` makes them (tuples such as quote sentence ids, edge evidence and
quote targets become Arrow lists), plus the record facts in ``articles`` and each mention's
sentence tone (``tone``) in ``mentions``, so tone per actor needs no join.

Pure: no I/O.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

#: The store's tables, in writing order (``articles`` last: it marks a batch's articles).
TABLES = ("sentences", "mentions", "actors", "edges", "quotes", "relations", "voice", "articles")
ARTICLE_COLUMNS = [
    "article_id",
    "content_id",
    "input_key",
    "ref",
    "title",
    "date",
    "outlet",
    "country",
    "url",
    "dateline",
    "words",
    "sentences",
    "mean_tone",
    "share_positive",
    "share_negative",
    "text",
]
SENTENCE_COLUMNS = ["article_id", "sid", "paragraph", "start", "end", "neg", "neu", "pos", "compound"]


SENTIMENT_COLUMNS = ("neg", "neu", "pos", "compound")
_FRAMES = ("mentions", "actors", "edges", "quotes", "relations", "voice")


def _sentence_tone(sentiment: pd.DataFrame, sids: np.ndarray) -> np.ndarray:
    """Compound tone of each given sentence id."""
    keys = sentiment["sid"].to_numpy()
    tone = sentiment["compound"].to_numpy(dtype=float)
    if len(keys) and np.array_equal(keys, np.arange(len(keys))):
        return tone[sids] if len(sids) else np.empty(0)
    order = np.argsort(keys)
    return tone[order][np.searchsorted(keys[order], sids)] if len(sids) else np.empty(0)


def article_record(
    a: Any, *, article_id: str, input_key: str, ref: str, fields: dict[str, Any]
) -> dict[str, Any]:
    """The ``articles`` row of one analysed article."""
    art, tone = a.article, a.tone
    return {
        "article_id": article_id,
        "content_id": art.id,
        "input_key": input_key,
        "ref": ref,
        "title": fields.get("title") or "",
        "date": art.date,
        "outlet": fields.get("outlet"),
        "country": fields.get("country"),
        "url": art.url,
        "dateline": art.dateline,
        "words": art.n_words,
        "sentences": len(a.sentences),
        "mean_tone": float(tone.get("mean_compound", float("nan"))),
        "share_positive": float(tone.get("share_positive", float("nan"))),
        "share_negative": float(tone.get("share_negative", float("nan"))),
        "text": art.text,
    }


class BatchBuilder:
    """Gathers analysed articles; :meth:`tables` gives the store tables of the batch."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self.frames: dict[str, list[pd.DataFrame]] = {t: [] for t in ("sentences", *_FRAMES)}
        self.ids: dict[str, list[str]] = {t: [] for t in self.frames}
        self.counts: dict[str, list[int]] = {t: [] for t in self.frames}
        self.mention_tone: list[np.ndarray] = []
        self.sentiment: list[np.ndarray] = []

    def __len__(self) -> int:
        return len(self.records)

    def add(self, a: Any, *, article_id: str, input_key: str, ref: str, fields: dict[str, Any]) -> None:
        """Take in one :class:`~analysis.pipeline.ArticleAnalysis` under ``article_id``."""
        self.records.append(
            article_record(a, article_id=article_id, input_key=input_key, ref=ref, fields=fields)
        )
        sent = a.sentences[["sid", "paragraph", "start", "end"]]
        sids = sent["sid"].to_numpy()
        keys = a.sentiment["sid"].to_numpy()
        pos = np.searchsorted(keys, sids) if len(sids) else np.empty(0, dtype=int)
        self.sentiment.append(
            np.column_stack([a.sentiment[c].to_numpy(dtype=float)[pos] for c in SENTIMENT_COLUMNS])
            if len(sids)
            else np.empty((0, len(SENTIMENT_COLUMNS)))
        )
        self.mention_tone.append(_sentence_tone(a.sentiment, a.mentions["sid"].to_numpy()))
        for t, df in (("sentences", sent), *((t, getattr(a, t)) for t in _FRAMES)):
            if len(df):
                self.frames[t].append(df)
                self.ids[t].append(article_id)
                self.counts[t].append(len(df))

    def _table(self, t: str) -> pa.Table | None:
        frames = self.frames[t]
        if not frames:
            return None
        df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
        tbl = pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None)
        tbl = tbl.cast(pa.schema([pa.field(f.name, _plain_type(f.type)) for f in tbl.schema]))
        if t == "sentences":
            vals = np.concatenate(self.sentiment)
            for i, c in enumerate(SENTIMENT_COLUMNS):
                tbl = tbl.append_column(c, pa.array(vals[:, i], pa.float64()))
        if t == "mentions":
            tbl = tbl.append_column("tone", pa.array(np.concatenate(self.mention_tone), pa.float64()))
        ids = np.repeat(np.array(self.ids[t], dtype=object), self.counts[t])
        return tbl.add_column(0, "article_id", pa.array(ids, pa.string()))

    def tables(self) -> dict[str, pa.Table | None]:
        """One Arrow table per store table (None where the batch has no rows)."""
        out = {t: self._table(t) for t in self.frames}
        out["articles"] = pa.Table.from_pylist(self.records, schema=ARTICLES_SCHEMA) if self.records else None
        return out


def _plain_type(t: pa.DataType) -> pa.DataType:
    """Large strings as strings, nulls as strings: the same types in every part."""
    if pa.types.is_large_string(t) or pa.types.is_null(t) or pa.types.is_string_view(t):
        return pa.string()
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return pa.list_(_plain_type(t.value_type))
    return t


ARTICLES_SCHEMA = pa.schema(
    [
        pa.field(
            c,
            pa.int64()
            if c in ("words", "sentences")
            else pa.float64()
            if c in ("mean_tone", "share_positive", "share_negative")
            else pa.string(),
        )
        for c in ARTICLE_COLUMNS
    ]
)
