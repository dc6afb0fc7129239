"""``newsreport analyze SOURCE --store DIR``: the corpus-to-store command (parser and runner).

:mod:`analysis.cli` registers this subcommand through :func:`add_parser` and calls :func:`run`.
Prints progress (articles done, rate, ETA) to stderr and a summary to stdout; exit code 0 when
every record was analysed or already stored, 1 when some failed (each named with its reason; the
others are kept), 2 for bad usage, 130/143/129 when stopped by SIGINT/SIGTERM/SIGHUP (committed
batches stay readable).
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.arguments import int_at_least

if TYPE_CHECKING:
    from analysis.corpus.run import RunResult

ANALYZE_HELP = """\
Analyses every record of SOURCE (a JSONL/CSV file, a folder or a glob) that the store does not
yet hold under the current analysis key (analysis/ code and data, registries, window, level):
run it again after new files arrive and only those are analysed. Work fans out on Dask: a local
cluster of --workers processes on 127.0.0.1, or an existing cluster at --scheduler (or
$DASK_SCHEDULER_ADDRESS). Workers write their own batches atomically: an interrupted run keeps
every committed batch and the store stays readable.

exit codes:
  0    every record analysed or already stored
  1    some records failed (each printed with its reason; the others are stored)
  2    bad usage (missing source, bad registry ...): nothing ran
  130  interrupted (Ctrl-C; 143 SIGTERM, 129 SIGHUP): committed batches kept
"""


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``analyze`` subcommand to ``newsreport``'s subparsers (``add_subparsers()``'s result)."""
    a = sub.add_parser(
        "analyze",
        help="analyse a corpus into a Parquet feature store (incremental, on Dask)",
        description="Analyse a corpus into a Parquet feature store, only what the store lacks.",
        epilog=ANALYZE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("source", type=Path, help="JSONL/CSV file, folder or glob of articles")
    a.add_argument(
        "--store", type=Path, required=True, metavar="DIR", help="store folder (created if missing)"
    )
    a.add_argument(
        "--workers",
        type=int_at_least(0),
        default=None,
        metavar="N",
        help="Dask worker processes of the local cluster (default: CPU count, or none when at most "
        "200 records are new: they are analysed in this process; 0 = always in this process)",
    )
    a.add_argument("--scheduler", metavar="ADDR", help="existing Dask scheduler, e.g. tcp://host:8786")
    a.add_argument("--registry", action="append", default=[], metavar="FILE", help="actor registry YAML")
    a.add_argument("--window", default="sentence", help="co-occurrence window (default sentence)")
    a.add_argument("--level", default="actor", help="actor or affiliation (default actor)")
    return a


class _Progress:
    """Prints ``done/total units, articles, rate, ETA`` at most twice a second."""

    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, r: RunResult, units: int) -> None:
        now = time.monotonic()
        done = r.units_done
        if now - self.last < 0.5 and done < units:
            return
        self.last = now
        rate = r.analysed / r.seconds if r.seconds > 0 else 0.0
        frac = done / units if units else 1.0
        eta = r.seconds * (1 - frac) / frac if frac > 0 else 0.0
        print(
            f"{done}/{units} units, {r.analysed} articles analysed, {r.skipped} already stored, "
            f"{len(r.failed)} failed, {rate:.1f} articles/s, ETA {eta:.0f} s",
            file=sys.stderr,
            flush=True,
        )


def run(args: argparse.Namespace) -> int:
    """Run ``newsreport analyze`` with parsed arguments; return the exit code."""
    from analysis.actors import RegistryError
    from analysis.build.outputs import Critical
    from analysis.corpus.inputs import InputError
    from analysis.corpus.run import analyze_to_store
    from analysis.corpus.store import StoreError

    window: str | int = int(args.window) if str(args.window).isdigit() else args.window
    stop = Critical()  # SIGINT, SIGTERM and SIGHUP end a run alike, even where SIGINT was ignored
    try:
        with stop.installed():
            result = analyze_to_store(
                args.source,
                args.store,
                registry=args.registry or None,
                window=window,
                level=args.level,
                workers=args.workers,
                scheduler=args.scheduler,
                progress=_Progress(),
            )
    except (InputError, StoreError, RegistryError, ValueError) as exc:
        print(f"newsreport: error: {exc}", file=sys.stderr, flush=True)
        return 2
    except KeyboardInterrupt:
        print(
            "newsreport: interrupted: committed batches kept, the store is readable",
            file=sys.stderr,
            flush=True,
        )
        return 128 + (stop.signum or signal.SIGINT)
    print(result.summary(), flush=True)
    return 1 if result.failed else 0
