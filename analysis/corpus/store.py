"""The Parquet feature store: every analysed article's tables, keyed by article id and analysis key.

Layout (one folder per analysis key, so rows of another key are never read)::

    STORE/key-<key>/key.json                  what went into the key
    STORE/key-<key>/batches/<batch>/<table>.parquet   committed batches
    STORE/key-<key>/tmp/<batch>/              batches being written (never read)

A writer puts a batch's tables into ``tmp/<batch>/``, fsyncs them and renames the folder into
``batches/`` (one atomic rename), so a reader sees all of a batch or none of it, whatever crash or
Ctrl-C happens. Batch names are unique per writer (time + random), so concurrent writers never
touch each other's files. An article written twice (two writers, or a re-run after a crash) is
read once: the latest batch holding its id wins.

Reading is streaming: :meth:`Store.scan` yields Arrow record batches of the projected columns and
filtered rows; :meth:`Store.table` collects them into a pandas DataFrame (filterable by actor,
outlet and date range before loading).
"""

from __future__ import annotations

import html
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from analysis.corpus.analysis_key import analysis_key
from analysis.corpus.rows import TABLES
from analysis.corpus.trim import SCAN_POOL, release_memory
from analysis.errors import PathError

#: Age after which a leftover temporary batch is certainly not being written any more.
STALE_TMP_SECONDS = 6 * 3600
_INDEX_COLUMNS = ["article_id", "input_key", "date", "outlet", "country"]


class StoreError(PathError):
    """A store folder cannot be used (names the folder and the reason)."""


def registry_files(registry: str | Path | Sequence[str | Path] | None) -> list[str]:
    """Users' registry files as absolute paths (None: the default registry only)."""
    if registry is None:
        return []
    items = [registry] if isinstance(registry, str | Path) else list(registry)
    out = []
    for f in items:
        p = Path(f)
        if not p.is_file():
            raise StoreError(p, "registry file not found")
        out.append(str(p.resolve()))
    return out


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_batch_name() -> str:
    """A batch name unique to this writer that sorts by creation time."""
    return f"{time.time_ns():020d}-{uuid.uuid4().hex[:12]}"


class Store:
    """A feature store folder, read and written under one analysis key.

    Args:
        root: the store folder.
        key: the analysis key to read; None computes the current key from the settings below.
        registry: users' registry file(s) (for the key).
        window, level: co-occurrence settings (for the key).
    """

    def __init__(
        self,
        root: str | Path,
        key: str | None = None,
        *,
        registry: str | Path | Sequence[str | Path] | None = None,
        window: str | int = "sentence",
        level: str = "actor",
    ):
        self.root = Path(root)
        self.info: dict[str, Any] = {}
        if key is None:
            key, self.info = analysis_key(registry_files(registry), window, level)
        self.key = key
        self.dir = self.root / f"key-{key}"
        self._schemas: dict[str, pa.Schema] = {}
        self._batch_index: dict[str, pd.DataFrame] = {}
        self._index: pd.DataFrame | None = None
        self._shadow: dict[str, set[str]] = {}
        self._memo: dict[Any, Any] = {}

    # ---------------------------------------------------------------- writing
    def create(self) -> Store:
        """Make the folders and ``key.json`` (idempotent, safe with concurrent writers)."""
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(self.root, "exists and is not a folder")
        (self.dir / "batches").mkdir(parents=True, exist_ok=True)
        (self.dir / "tmp").mkdir(exist_ok=True)
        self._remove_stale_tmp()
        meta = self.dir / "key.json"
        if not meta.exists() and self.info:
            tmp = self.dir / "tmp" / f"key-{uuid.uuid4().hex}.json"
            tmp.write_text(
                json.dumps({"key": self.key, **self.info}, indent=1, sort_keys=True), encoding="utf-8"
            )
            os.replace(tmp, meta)
        return self

    def _remove_stale_tmp(self, age: float = STALE_TMP_SECONDS) -> None:
        """Remove what writers killed mid-batch left in ``tmp/`` (never read; only old entries,
        so a batch another writer is writing right now stays)."""
        now = time.time()
        for p in (self.dir / "tmp").iterdir():
            try:
                if now - p.stat().st_mtime > age:
                    shutil.rmtree(p) if p.is_dir() else p.unlink()
            except OSError:
                continue

    def write_batch(self, tables: dict[str, pa.Table | None]) -> str | None:
        """Commit one batch of tables atomically; return its name (None when it has no articles)."""
        if tables.get("articles") is None:
            return None
        name = new_batch_name()
        tmp = self.dir / "tmp" / name
        tmp.mkdir(parents=True)
        try:
            for t in TABLES:
                tbl = tables.get(t)
                if tbl is None:
                    continue
                path = tmp / f"{t}.parquet"
                pq.write_table(tbl, path, compression="zstd")
                _fsync(path)
            _fsync(tmp)
            os.rename(tmp, self.dir / "batches" / name)
            _fsync(self.dir / "batches")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return name

    # ---------------------------------------------------------------- reading
    def exists(self) -> bool:
        """True when the store holds a folder for this key."""
        return (self.dir / "batches").is_dir()

    def batches(self) -> list[str]:
        """Committed batch names, oldest first."""
        folder = self.dir / "batches"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))

    def refresh(self) -> Store:
        """Take in batches committed since the store was opened (or last refreshed)."""
        names = self.batches()
        for b in names:
            if b not in self._batch_index:
                t = pq.read_table(self.dir / "batches" / b / "articles.parquet", columns=_INDEX_COLUMNS)
                self._batch_index[b] = t.to_pandas().assign(batch=b)
        frames = [self._batch_index[b] for b in names]
        idx = (
            pd.concat(frames, ignore_index=True)
            if frames
            else pd.DataFrame(columns=[*_INDEX_COLUMNS, "batch"])
        )
        last = ~idx.duplicated("article_id", keep="last")
        self._shadow = {}
        for b, aid in zip(idx.loc[~last, "batch"], idx.loc[~last, "article_id"], strict=True):
            self._shadow.setdefault(b, set()).add(aid)
        self._index = idx[last].drop(columns="batch").sort_values("article_id", kind="mergesort")
        self._index = self._index.reset_index(drop=True)
        if names != getattr(self, "_names", None):
            self._memo = {}
        self._names = names
        return self

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered under ``key`` until new batches are taken in (for aggregates
        several tables share, such as actor names and totals)."""
        if self._index is None:
            self.refresh()
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def index(self) -> pd.DataFrame:
        """One row per stored article: ``[article_id, input_key, date, outlet, country]``, by id."""
        if self._index is None:
            self.refresh()
        assert self._index is not None
        return self._index

    def input_keys(self) -> set[str]:
        """Input keys of every record the store holds (including shadowed copies)."""
        self.refresh()
        return {k for f in self._batch_index.values() for k in f["input_key"]}

    def indexed_batches(self) -> set[str]:
        """Names of the batches whose index (and input keys) this object has read."""
        return set(self._batch_index)

    def __len__(self) -> int:
        return len(self.index)

    def _files(self, table: str) -> tuple[list[str], list[tuple[str, set[str]]]]:
        """Files of a table: those read whole, and those with shadowed article ids to drop."""
        if self._index is None:
            self.refresh()
        whole, partial = [], []
        for b in self._names:
            f = self.dir / "batches" / b / f"{table}.parquet"
            if not f.exists():
                continue
            if b in self._shadow:
                partial.append((str(f), self._shadow[b]))
            else:
                whole.append(str(f))
        return whole, partial

    def schema(self, table: str) -> pa.Schema | None:
        """The table's schema over every part (integer columns with gaps in some parts become floats)."""
        whole, partial = self._files(table)
        files = whole + [f for f, _ in partial]
        if not files:
            return None
        new = [f for f in files if f not in self._schemas]
        for f in new:
            self._schemas[f] = pq.read_schema(f)
        return pa.unify_schemas([self._schemas[f] for f in files], promote_options="permissive")

    def scan(
        self,
        table: str,
        columns: Sequence[str] | None = None,
        filter: pc.Expression | None = None,
        *,
        min_rows: int = 0,
    ) -> Iterator[pa.Table]:
        """Stream a table in chunks that hold whole articles: only ``columns`` (all when None),
        only rows matching ``filter``.

        A chunk is one part (a batch's articles), or with ``min_rows`` consecutive parts joined
        until they hold at least that many rows: fewer, larger chunks make per-chunk work (pandas
        group-bys) cheap while memory stays bounded by the chunk, not the corpus.
        """
        pending: list[pa.Table] = []
        rows = 0
        for part in self._parts(table, columns, filter):
            pending.append(part)
            rows += part.num_rows
            if rows >= min_rows:
                yield pending[0] if len(pending) == 1 else pa.concat_tables(pending, memory_pool=SCAN_POOL)
                pending, rows = [], 0
        if pending:
            yield pa.concat_tables(pending, memory_pool=SCAN_POOL)

    def _parts(
        self, table: str, columns: Sequence[str] | None, filter: pc.Expression | None
    ) -> Iterator[pa.Table]:
        if table not in TABLES:
            raise StoreError(self.dir, f"no table {table!r} (tables: {', '.join(TABLES)})")
        schema = self.schema(table)
        if schema is None:
            return
        cols = [c for c in columns if c in schema.names] if columns is not None else None
        whole, partial = self._files(table)
        scans: list[tuple[list[str], pc.Expression | None]] = [(whole, filter)] if whole else []
        for f, shadowed in partial:
            keep = ~pc.field("article_id").isin(pa.array(sorted(shadowed), pa.string()))
            scans.append(([f], keep if filter is None else keep & filter))
        for files, flt in scans:
            d = ds.dataset(files, format="parquet", schema=schema)
            # a part is one row group of whole articles: one record batch per part
            for b in d.to_batches(columns=cols, filter=flt, batch_size=1 << 24, memory_pool=SCAN_POOL):
                if b.num_rows:
                    yield pa.Table.from_batches([b])

    def table(
        self,
        table: str,
        columns: Sequence[str] | None = None,
        *,
        actor: str | Iterable[str] | None = None,
        outlet: str | Iterable[str] | None = None,
        start: str | None = None,
        end: str | None = None,
        period: str | None = None,
        filter: pc.Expression | None = None,
    ) -> pd.DataFrame:
        """A table as a pandas DataFrame, filtered before loading, sorted by article id then row.

        Args:
            table: one of ``articles, sentences, mentions, actors, edges, quotes, relations, voice``.
            columns: columns to load (all when None).
            actor: only articles naming this actor (or any of these); for ``mentions``, ``actors``
                and ``voice`` also only that actor's rows.
            outlet: only articles of this outlet (or these).
            start, end: only articles dated in ``[start, end]`` (ISO dates; undated ones drop out).
            period: a month (``"2022-03"``) or a day (``"2022-03-01"``): sets ``start`` and ``end``.
            filter: any further pyarrow expression on the table's columns.
        """
        if period is not None:
            start, end = period_bounds(period)
        flt = self.article_filter(actor=actor, outlet=outlet, start=start, end=end)
        if actor is not None and table in ("mentions", "actors", "voice"):
            flt = _and(flt, pc.field("actor_id").isin(pa.array(_as_list(actor), pa.string())))
        flt = _and(flt, filter)
        schema = self.schema(table)
        parts = list(self.scan(table, columns, flt))
        if not parts:
            names = list(columns) if columns is not None else (schema.names if schema is not None else [])
            return pd.DataFrame(columns=names)
        df = pa.concat_tables(parts).to_pandas()
        del parts
        order = [
            c
            for c in ("article_id", "sid", "mid", "qid", "rid", "start", "source", "target", "actor_id")
            if c in df
        ]
        if order:
            df = df.sort_values(order, kind="mergesort").reset_index(drop=True)
        release_memory()
        return df

    def article_filter(
        self,
        *,
        actor: str | Iterable[str] | None = None,
        outlet: str | Iterable[str] | None = None,
        start: str | None = None,
        end: str | None = None,
    ) -> pc.Expression | None:
        """A filter on ``article_id`` for the articles matching all conditions (None: no condition)."""
        if actor is None and outlet is None and start is None and end is None:
            return None
        idx = self.index
        keep = pd.Series(True, index=idx.index)
        if outlet is not None:
            keep &= idx["outlet"].isin(_as_list(outlet))
        if start is not None:
            keep &= idx["date"].fillna("") >= str(start)
        if end is not None:
            keep &= idx["date"].notna() & (idx["date"].fillna("") <= str(end))
        ids = idx.loc[keep, "article_id"].tolist()
        if actor is not None:
            named = {
                a
                for t in self.scan(
                    "mentions",
                    ["article_id"],
                    pc.field("actor_id").isin(pa.array(_as_list(actor), pa.string())),
                )
                for a in t.column(0).to_pylist()
            }
            ids = [a for a in ids if a in named]
        return pc.field("article_id").isin(pa.array(ids, pa.string()))

    # ---------------------------------------------------------------- display
    def summary(self) -> dict[str, str]:
        """The store at a glance: folder, key, articles, batches, dates, outlets."""
        idx = self.index
        dates = idx["date"].dropna()
        return {
            "folder": self.root.name or str(self.root),
            "key": self.key,
            "articles": f"{len(idx):,}",
            "batches": f"{len(self._names):,}",
            "dates": f"{dates.min()} to {dates.max()}" if len(dates) else "none",
            "outlets": f"{idx['outlet'].nunique():,}",
        }

    def __repr__(self) -> str:
        s = self.summary()
        return (
            f"<Store {str(self.root)!r} key {self.key}: {s['articles']} articles, "
            f"{s['batches']} batches, dates {s['dates']}>"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in self.summary().items()
        )
        tables = ", ".join(TABLES)
        return f"<table><caption>Store</caption>{rows}<tr><th>tables</th><td>{tables}</td></tr></table>"


def period_bounds(period: str) -> tuple[str, str]:
    """First and last ISO day of a month label (``YYYY-MM``) or a day label (``YYYY-MM-DD``)."""
    p = pd.Period(period, freq="M" if len(period) == 7 else "D")
    return p.start_time.strftime("%Y-%m-%d"), p.end_time.strftime("%Y-%m-%d")


def _as_list(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _and(a: pc.Expression | None, b: pc.Expression | None) -> pc.Expression | None:
    if a is None:
        return b
    return a if b is None else a & b


def store_keys(root: str | Path) -> list[str]:
    """Analysis keys that have a folder in the store, sorted."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p.name[4:] for p in root.iterdir() if p.is_dir() and p.name.startswith("key-"))


def open_store(
    root: str | Path,
    *,
    registry: str | Path | Sequence[str | Path] | None = None,
    window: str | int = "sentence",
    level: str = "actor",
) -> Store:
    """Open a store for reading under the current analysis key.

    Raises:
        StoreError: the folder holds nothing for the current key (names the keys it does hold).
    """
    s = Store(root, registry=registry, window=window, level=level)
    if not s.exists():
        others = store_keys(root)
        hint = f"it holds key(s) {', '.join(others)} of other code or settings" if others else "it is empty"
        raise StoreError(root, f"no analysis under the current key {s.key}: {hint}; run `newsreport analyze`")
    return s.refresh()
