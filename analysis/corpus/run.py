"""Analyse a corpus into the store: work units fan out on dask.distributed, workers write parts.

:func:`analyze_to_store` plans units (byte ranges, see :mod:`analysis.corpus.inputs`), then
either runs :func:`process_unit` in this process (``workers=0``, for small corpora and notebooks)
or submits one task per unit to a Dask cluster: a ``LocalCluster`` on 127.0.0.1 (processes, one
thread each) by default, or an existing scheduler given by address (``scheduler=`` or the
``DASK_SCHEDULER_ADDRESS`` environment variable). Each task reads its own bytes, skips records
whose input key the store already holds, analyses the rest and commits them as one batch; it
returns only counts and failures, so nothing proportional to the corpus passes through the client.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.corpus.inputs import Unit, article_fields, plan_units, read_unit, record_articles
from analysis.corpus.rows import BatchBuilder
from analysis.corpus.store import Store, registry_files
from analysis.corpus.trim import release_memory

#: With ``workers=None``, at most this many new records are analysed in this process (starting
#: a cluster costs seconds, about what 200 articles take).
SMALL_RUN = 200
#: Articles per committed batch inside one unit (bounds a worker's memory).
BATCH_ARTICLES = 200
_KNOWN: dict[str, tuple[set[str], set[str]]] = {}  # per store-key folder: batches seen, input keys


@dataclass
class UnitResult:
    """What one task did: counts, words, failures ``(ref, reason)`` and the batches it committed."""

    analysed: int = 0
    skipped: int = 0
    duplicates: int = 0
    words: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    batches: list[str] = field(default_factory=list)


@dataclass
class RunResult:
    """A whole run: totals, failures named with their reasons, and timing."""

    store: str
    key: str
    units: int = 0
    units_done: int = 0
    analysed: int = 0
    skipped: int = 0
    duplicates: int = 0
    words: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    batches: int = 0
    seconds: float = 0.0
    workers: int = 0

    def add(self, r: UnitResult) -> None:
        """Take in one unit's result."""
        self.units_done += 1
        self.analysed += r.analysed
        self.skipped += r.skipped
        self.duplicates += r.duplicates
        self.words += r.words
        self.failed.extend(r.failed)
        self.batches += len(r.batches)

    def summary(self) -> str:
        """A few lines for the terminal."""
        rate = self.analysed / self.seconds if self.seconds > 0 else 0.0
        lines = [
            f"store {self.store} key {self.key}: {self.analysed} analysed, {self.skipped} already stored, "
            f"{len(self.failed)} failed, {self.duplicates} duplicate ids skipped; "
            f"{self.words:,} words in {self.seconds:.1f} s ({rate:.1f} articles/s, {self.workers} worker(s))"
        ]
        lines += [f"FAILED {ref}: {reason}" for ref, reason in sorted(self.failed)]
        return "\n".join(lines)


def _known_keys(store: Store) -> set[str]:
    """Input keys in the store, remembered per worker process (only new batches are read)."""
    import pyarrow.parquet as pq

    where = str(store.dir.resolve())
    batches = store.batches()
    seen, keys = _KNOWN.setdefault(where, (set(), set()))
    if not seen <= set(batches):  # the store was removed or rewritten: start over
        seen, keys = _KNOWN[where] = (set(), set())
    for b in batches:
        if b not in seen:
            t = pq.read_table(store.dir / "batches" / b / "articles.parquet", columns=["input_key"])
            keys.update(t.column(0).to_pylist())
            seen.add(b)
    return keys


def _registry(files: tuple[str, ...]) -> Any:
    from analysis.pipeline import resolve_registry

    return resolve_registry(list(files) or None)


def process_unit(
    unit: Unit,
    root: str,
    store_root: str,
    key: str,
    registry: Sequence[str] = (),
    window: str | int = "sentence",
    level: str = "actor",
) -> UnitResult:
    """Analyse one unit's new records and commit them to the store (runs on a worker)."""
    from analysis.articles import ArticleError
    from analysis.pipeline import analyze

    store = Store(store_root, key)
    known = _known_keys(store)
    reg = _registry(tuple(registry))
    out = UnitResult()
    batch = BatchBuilder()
    ids: set[str] = set()

    def commit() -> None:
        nonlocal batch
        name = store.write_batch(batch.tables())
        if name:
            out.batches.append(name)
        batch = BatchBuilder()
        release_memory()  # a long-lived worker hands back what the batch's tables freed

    for rec in read_unit(unit, Path(root)):
        if rec.key in known:
            out.skipped += 1
            continue
        try:
            articles = record_articles(rec)
        except ArticleError as e:
            out.failed.append((rec.ref, e.reason))
            continue
        for art in articles:
            facts = article_fields(art)
            if facts["article_id"] in ids:
                out.duplicates += 1
                continue
            try:
                a = analyze(art, registry=reg, window=window, level=level)
            except Exception as e:  # one bad article must not lose the others
                out.failed.append((art.path or rec.ref, f"{type(e).__name__}: {e}"))
                continue
            ids.add(facts["article_id"])
            batch.add(
                a, article_id=facts["article_id"], input_key=rec.key, ref=art.path or rec.ref, fields=facts
            )
            out.analysed += 1
            out.words += art.n_words
        if len(batch) >= BATCH_ARTICLES:
            commit()
    if len(batch):
        commit()
    return out


@contextlib.contextmanager
def kept_environ() -> Iterator[None]:
    """Undo changes to ``os.environ`` made inside the block.

    A Dask nanny sets its ``pre-spawn-environ`` variables (``MALLOC_TRIM_THRESHOLD_``,
    ``PYTHONHASHSEED`` ...) in the environment of the process that starts it and leaves them
    there; processes that this one starts later (kernels, say) would inherit them.
    """
    saved = dict(os.environ)
    try:
        yield
    finally:
        for k in [k for k in os.environ if k not in saved]:
            del os.environ[k]
        for k, v in saved.items():
            if os.environ.get(k) != v:
                os.environ[k] = v


#: Seconds a client or cluster is given to close at the end of a run (also after Ctrl-C).
CLOSE_SECONDS = 20


def _client(workers: int, scheduler: str | None) -> tuple[Any, Any]:
    from distributed import Client, LocalCluster

    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        return Client(address), None
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    )
    return Client(cluster), cluster


def analyze_to_store(
    source: str | Path,
    store: str | Path,
    *,
    registry: str | Path | Sequence[str | Path] | None = None,
    window: str | int = "sentence",
    level: str = "actor",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[RunResult, int], None] | None = None,
    chunk_bytes: int = 1_000_000,
) -> RunResult:
    """Analyse every record of ``source`` the store lacks under the current key.

    Args:
        source: a file, folder or glob of inputs (JSONL, CSV, text, Markdown, HTML).
        store: the store folder (created when missing).
        registry: users' registry YAML file(s).
        window, level: co-occurrence settings.
        workers: Dask workers of a new LocalCluster; 0 runs in this process; None (default): CPU
            count, or this process when at most :data:`SMALL_RUN` records are new.
        scheduler: address of an existing Dask scheduler (or ``DASK_SCHEDULER_ADDRESS``).
        progress: called on the client after each unit with the running totals and the unit count.
        chunk_bytes: about how many JSONL bytes one task reads.

    Returns:
        A :class:`RunResult`; failed records are named in ``failed`` with their reasons.
    """
    from analysis.cooccurrence import check_options

    check_options(window, level)
    files = registry_files(registry)
    root, units = plan_units(source, chunk_bytes=chunk_bytes)  # bad input fails before the store exists
    s = Store(store, registry=files, window=window, level=level).create()
    result = RunResult(str(store), s.key, units=len(units))
    args = (str(root), str(Path(store).resolve()), s.key, tuple(files), window, level)
    t0 = time.perf_counter()
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    todo, new = units, None
    if not address:  # a quick look (hashes, no parsing) spares tasks with nothing new
        known = s.input_keys()
        # tasks run in this process look the keys up in the same set (read once, not twice)
        _KNOWN[str(s.dir.resolve())] = (s.indexed_batches(), known)
        todo, new = [], 0
        for u in units:
            keys = [r.key for r in read_unit(u, root, lock=False)]
            fresh = sum(1 for k in keys if k not in known)
            if fresh:
                todo.append(u)
                new += fresh
            else:
                result.add(UnitResult(skipped=len(keys)))
    in_process = workers == 0 or (workers is None and new is not None and new <= SMALL_RUN)
    if (in_process or not todo) and not address:
        for u in todo:
            result.add(process_unit(u, *args))
            result.seconds = time.perf_counter() - t0
            if progress:
                progress(result, len(units))
        result.seconds = time.perf_counter() - t0
        return result
    with kept_environ():
        _fan_out(todo, args, result, workers or os.cpu_count() or 1, scheduler, progress, t0, len(units))
    result.seconds = time.perf_counter() - t0
    return result


def _fan_out(
    units: list[Unit],
    args: tuple[Any, ...],
    result: RunResult,
    workers: int,
    scheduler: str | None,
    progress: Callable[[RunResult, int], None] | None,
    t0: float,
    total: int,
) -> None:
    """Submit one task per unit to a cluster and take in the results as they come."""
    from distributed import as_completed

    client, cluster = _client(workers, scheduler)
    try:
        result.workers = len(client.scheduler_info(n_workers=-1)["workers"]) if units else 0
        futures = [client.submit(process_unit, u, *args, pure=False) for u in units]
        unit_of = {f.key: u for f, u in zip(futures, units, strict=True)}
        for fut in as_completed(futures):
            try:
                result.add(fut.result())
            except Exception as e:  # the task itself failed (e.g. its worker died too often)
                first = unit_of[fut.key].spans[0]
                result.units_done += 1
                result.failed.append((f"{Path(first.path).name}@{first.start}", f"{type(e).__name__}: {e}"))
            result.seconds = time.perf_counter() - t0
            if progress:
                progress(result, total)
    finally:
        # bounded: an interrupted run must end even when a worker is stuck in a task (its nanny
        # kills it after a few seconds; a close that still hangs is given up, never waited on)
        with contextlib.suppress(TimeoutError):
            client.close(timeout=CLOSE_SECONDS)
        if cluster is not None:
            with contextlib.suppress(TimeoutError):
                cluster.close(timeout=CLOSE_SECONDS)
