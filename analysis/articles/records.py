"""Loading many-article files: ``.jsonl`` (a JSON object a line) and ``.csv`` (a header, an article a row).

A bad line is skipped with an :class:`~analysis.articles.model.ArticleWarning`. CSV is read in the
standard dialect (RFC 4180, as pandas and spreadsheets write it: comma-separated, cells with a
comma, quote or newline quoted, ``""`` for a quote inside a quoted cell) unless another
delimiter is named; it is never guessed. Header names are matched in lower case.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from analysis.articles.decoding import Decoded, _read
from analysis.articles.fields import _from_fields, _title_field
from analysis.articles.model import Article, ArticleError, _warn
from analysis.articles.options import LoadOptions


def _record(
    fields: Mapping[str, Any], path: Path, lineno: int, decoded: Decoded, options: LoadOptions
) -> Article:
    """One JSONL/CSV record as an Article; raises ArticleError(f"{path}:{lineno}", reason)."""
    where = f"{path}:{lineno}"
    text_fields = options.fields["text"]
    keys = dict.fromkeys(k for name in text_fields for k in (name, name.lower()))
    present = [k for k in keys if fields.get(k) not in (None, "")]
    if not present:
        raise ArticleError(where, f"no text field (expected one of: {', '.join(text_fields)})")
    key = next((k for k in present if isinstance(fields[k], str)), None)
    if key is None:
        raise ArticleError(where, f"field {present[0]!r} is not a string")
    text = fields[key]
    if not text.strip():
        raise ArticleError(where, f"empty {key!r} field")
    record = {k: v for k, v in fields.items() if k != key}
    # a decoding repair concerns the records it touched (all of them after a fallback encoding)
    touched = decoded.encoding == "cp1252" or any("\ufffd" in str(v) for v in fields.values())
    return _from_fields(
        record,
        text,
        title=_title_field(fields, options) or "",
        path=where,
        encoding=decoded.encoding,
        options=options,
        notes=decoded.notes if touched else (),
    )


def _load_jsonl(path: Path, options: LoadOptions) -> list[Article]:
    import json

    decoded = _read(path)
    articles = []
    for lineno, line in enumerate(decoded.text.lstrip("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as e:
            _warn(f"{path}:{lineno}: invalid JSON ({getattr(e, 'msg', type(e).__name__)})")
            continue
        if not isinstance(fields, dict):
            _warn(f"{path}:{lineno}: not a JSON object")
            continue
        try:
            articles.append(_record(fields, path, lineno, decoded, options))
        except ArticleError as e:
            _warn(f"{path}:{lineno}: {e.reason}")
    return articles


def _dialect(delimiter: str | None) -> Any:
    """The standard CSV dialect (``csv.excel``), with another delimiter if one is named."""
    import csv

    if delimiter is None or delimiter == ",":
        return csv.excel

    class Named(csv.excel):
        pass

    Named.delimiter = delimiter
    return Named


def _load_csv(path: Path, options: LoadOptions) -> list[Article]:
    import csv
    import io

    decoded = _read(path)
    text = decoded.text.lstrip("\ufeff")
    dialect = _dialect(options.csv_delimiter)
    text_fields = options.fields["text"]
    _allow_fields_of(len(text) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as e:
        raise ArticleError(path, f"unreadable CSV header ({e or 'no rows'})") from None
    if not any(h in text_fields or h in (f.lower() for f in text_fields) for h in header):
        hint = "" if len(header) > 1 else "; is the delimiter another one (csv_delimiter)?"
        raise ArticleError(
            path,
            f"CSV has no text column (expected one of: {', '.join(text_fields)}; got {header}){hint}",
        )
    return list(_csv_rows(reader, header, path, decoded, options))


_FIELD_LIMIT_LOCK = threading.Lock()


def _allow_fields_of(size: int) -> None:
    """Raise the csv module's (process-wide) field size limit to ``size`` if it is lower.

    The limit only ever grows, under a lock, so that threads reading CSV files at the same time
    (e.g. a Dask worker's) never see it lowered under them.
    """
    import csv

    with _FIELD_LIMIT_LOCK:
        if csv.field_size_limit() < size:
            csv.field_size_limit(size)


def _csv_rows(
    reader: Any, header: list[str], path: Path, decoded: Decoded, options: LoadOptions
) -> Iterator[Article]:
    import csv

    line_end = reader.line_num
    while True:
        lineno = line_end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            _warn(f"{path}:{lineno}: malformed CSV ({e}); the rest of the file is skipped")
            return
        line_end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            _warn(f"{path}:{lineno}: row has {len(row)} fields, the header has {len(header)}")
            continue
        fields = {h: v for h, v in zip(header, row, strict=True) if h and v.strip()}
        try:
            yield _record(fields, path, lineno, decoded, options)
        except ArticleError as e:
            _warn(f"{path}:{lineno}: {e.reason}")
