"""Store rows: one article's analysis as the feature store's tables (plain Arrow-friendly columns).

:func:`article_rows` turns an :class:`~analysis.pipeline.ArticleAnalysis` into one DataFrame per
store table, each with ``article_id`` first. Columns are kept as :func:`analysis.pipeline.analyze`
makes them, with two changes so that Parquet parts agree: tuples and lists (quote sentence ids,
edge evidence, quote targets) become JSON strings, and mentions carry their sentence's tone
(``tone``) so tone per actor needs no join. :func:`to_arrow` gives every column a fixed Arrow type
(int64, float64, bool or string).

Pure: no I/O.
"""

from __future__ import annotations

import json
from typing import Any

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


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, tuple | list | set | frozenset):
        return json.dumps([_plain(v) for v in value], ensure_ascii=False)
    return json.dumps(_plain(value), ensure_ascii=False)


def _plain(v: Any) -> Any:
    if hasattr(v, "item"):
        return v.item()
    return v if isinstance(v, str | int | float | bool) or v is None else str(v)


def _with_id(df: pd.DataFrame, article_id: str) -> pd.DataFrame:
    out = df.copy()
    out.insert(0, "article_id", article_id)
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = [_jsonable(v) for v in out[c]]
    return out


def article_rows(
    a: Any, *, article_id: str, input_key: str, ref: str, fields: dict[str, Any]
) -> dict[str, pd.DataFrame]:
    """The store tables of one analysed article.

    Args:
        a: an :class:`~analysis.pipeline.ArticleAnalysis`.
        article_id: the id rows are stored under (the record's own id, else the content hash).
        input_key: digest of the raw input record (what tells the store it has this record).
        ref: where the record is, relative to the corpus root.
        fields: record facts from :func:`analysis.corpus.inputs.article_fields` (title, outlet, country).
    """
    art = a.article
    tone = a.tone
    articles = pd.DataFrame(
        [
            {
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
        ],
        columns=ARTICLE_COLUMNS,
    )
    sent = a.sentiment.set_index("sid")
    sentences = a.sentences[["sid", "paragraph", "start", "end"]].assign(
        **{c: a.sentences["sid"].map(sent[c]).astype(float) for c in ("neg", "neu", "pos", "compound")}
    )
    mentions = a.mentions.assign(tone=a.mentions["sid"].map(sent["compound"]).astype(float))
    return {
        "sentences": _with_id(sentences, article_id),
        "mentions": _with_id(mentions, article_id),
        "actors": _with_id(a.actors, article_id),
        "edges": _with_id(a.edges, article_id),
        "quotes": _with_id(a.quotes, article_id),
        "relations": _with_id(a.relations, article_id),
        "voice": _with_id(a.voice, article_id),
        "articles": articles,
    }


def _arrow_type(series: pd.Series) -> pa.DataType:
    kind = series.dtype.kind
    if kind == "b":
        return pa.bool_()
    if kind in "iu":
        return pa.int64()
    if kind == "f":
        return pa.float64()
    return pa.string()


def to_arrow(frames: list[pd.DataFrame]) -> pa.Table | None:
    """Concatenate one table's frames into an Arrow table with fixed column types (None if no rows)."""
    frames = [f for f in frames if len(f.columns)]
    if not frames:
        return None
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    if df.empty:
        return None
    arrays, fields = [], []
    for c in df.columns:
        t = _arrow_type(df[c])
        col = df[c]
        if t == pa.string():
            col = col.astype(object).where(col.notna(), None)
            values = [v if v is None or isinstance(v, str) else _jsonable(v) for v in col]
            arrays.append(pa.array(values, type=pa.string()))
        else:
            arrays.append(pa.array(col.to_numpy(), type=t, from_pandas=True))
        fields.append(pa.field(str(c), t))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))
