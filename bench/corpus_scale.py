"""Corpus at scale: ingest into the feature store with 1 and 2 Dask workers, grow it by 1%, report.

Makes corpora of N articles (default 10,000 and 100,000) from the real corpus in
``../shared/eval/corpus/`` by recombining its paragraphs (seeded; no two articles share the same
paragraph sequence) with new ids, dates over 2022-2024 and 40 made-up outlets, written as JSONL
files of 5,000 records into a temporary folder (removed afterwards; never committed). For each
size it prints:

- articles/s and words/s of a cold ingest with 1 worker and with 2 workers (``--one-worker-max``
  caps the 1-worker run to the first files, so that a 100,000-article run stays affordable);
- the peak RSS of every process (client/scheduler, nannies, workers), sampled every 0.2 s;
- store size against the raw text (UTF-8 bytes of the ``text`` fields) and the JSONL files;
- the time to ingest 1% more articles (a new JSONL file) into the 2-worker store, against cold;
- the time and peak memory of the corpus report from the store: ``newsreport build`` of the
  corpus notebook (kernel, the notebook's no-op ingest check, tables, figures, HTML).

Usage: ``.venv/bin/python bench/corpus_scale.py --sizes 1000,10000`` (targets in issue 12:
2 workers >= 1.7x one, peak RSS <= 500 MB, +1% <= 3% of cold, report over 100k <= 60 s,
store <= 5x raw text).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.corpus.run import analyze_to_store  # noqa: E402

CORPUS = ROOT.parent / "shared" / "eval" / "corpus"
FILE_RECORDS = 5000
MB = 2**20


def paragraphs() -> list[str]:
    """Every paragraph of the real corpus, in file order."""
    out = []
    for f in sorted(CORPUS.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line).get("text") or ""
                out.extend(p.strip() for p in text.split("\n\n") if len(p.split()) >= 8)
    return out


def make_corpus(folder: Path, n: int, paras: list[str], seed: int, start: int = 0) -> tuple[int, int]:
    """Write ``n`` recombined articles as JSONL files; return (text bytes, words)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[tuple[int, ...]] = set()
    text_bytes = words = 0
    outlets = [
        (f"Outlet {i:02d}", ["GB", "US", "PL", "UA", "DE", "FR", "BY", "RU"][i % 8]) for i in range(40)
    ]
    fh = None
    for i in range(start, start + n):
        if (i - start) % FILE_RECORDS == 0:
            if fh:
                fh.close()
            fh = (folder / f"part-{i // FILE_RECORDS:05d}-{seed}.jsonl").open("w", encoding="utf-8")
        while True:
            pick = tuple(rng.sample(range(len(paras)), rng.randint(3, 9)))
            if pick not in seen:
                seen.add(pick)
                break
        text = "\n\n".join(paras[j] for j in pick)
        day = rng.randrange(0, 900)
        outlet, country = outlets[rng.randrange(len(outlets))]
        date = time.strftime("%Y-%m-%d", time.gmtime(1640995200 + day * 86400))
        rec = {"id": f"gen-{seed}-{i:07d}", "date": date, "outlet": outlet, "country": country, "text": text}
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        text_bytes += len(text.encode("utf-8"))
        words += len(text.split())
    if fh:
        fh.close()
    return text_bytes, words


class PeakRSS:
    """Samples the RSS of this process and all its descendants every 0.2 s; keeps each one's peak."""

    def __init__(self) -> None:
        self.peaks: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, float] = {}  # CPU seconds of each process at its last sample
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        me = psutil.Process()
        while not self.stop.is_set():
            for p in [me, *me.children(recursive=True)]:
                try:
                    rss = p.memory_info().rss
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                    cmd = " ".join(p.cmdline())
                except psutil.Error:
                    continue
                if p.pid == me.pid:
                    role = "client + scheduler + nannies (this process)"
                elif "resource_tracker" in cmd:
                    role = "multiprocessing resource tracker"
                elif "spawn_main" in cmd:
                    role = "dask worker"
                elif "newsreport build" in cmd:
                    role = "newsreport build"
                elif "-m analysis" in cmd or "ipykernel" in cmd:
                    role = "kernel (or its zygote): " + cmd.split(" -m ", 1)[-1][:40]
                else:
                    role = cmd[:60]
                old = self.peaks.get(p.pid, (role, 0))
                self.peaks[p.pid] = (old[0] or role, max(old[1], rss))  # an exiting process has no cmdline
            self.stop.wait(0.2)

    def __enter__(self) -> PeakRSS:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def worker_cpu(self) -> float:
        """CPU seconds the Dask workers used (to the last sample)."""
        return sum(self.cpu.get(pid, 0.0) for pid, (role, _) in self.peaks.items() if role == "dask worker")

    def lines(self) -> list[str]:
        return [
            f"    pid {pid} {role}: {rss / 2**20:.0f} MB" for pid, (role, rss) in sorted(self.peaks.items())
        ]


def _load() -> str:
    """The machine's load (it is shared: other processes slow every figure down)."""
    return "load average {:.1f} / {:.1f} / {:.1f} on {} cores".format(*os.getloadavg(), os.cpu_count())


def _rates(r: Any, seconds: float, rss: PeakRSS) -> str:
    cpu = rss.worker_cpu()
    per = f"; workers' CPU {1000 * cpu / r.analysed:.1f} ms/article" if r.analysed and cpu else ""
    return f"{r.analysed / seconds:.1f} articles/s, {r.words / seconds:,.0f} words/s{per}"


def du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def ingest(src: Path, store: Path, workers: int | None) -> tuple[float, Any, PeakRSS]:
    with PeakRSS() as rss:
        t0 = time.perf_counter()
        r = analyze_to_store(src, store, workers=workers, chunk_bytes=1_000_000)
        dt = time.perf_counter() - t0
    return dt, r, rss


def report(src: Path, store_dir: Path, out: Path) -> tuple[float, str]:
    """Build the corpus report as a scheduled build does: ``newsreport build`` runs
    notebooks/corpus_report.ipynb (Papermill, a real kernel, nbconvert) over ``src``, with the
    store the ingest filled (``NEWSREPORT_STORE``); the notebook's own no-op ingest check included.

    Returns:
        (seconds, the build's last line).
    """
    out.mkdir(parents=True, exist_ok=True)
    config = out / "reports.yml"
    config.write_text(
        json.dumps(
            {
                "output": str(out / "reports"),
                "jobs": [
                    {
                        "name": "corpus",
                        "notebook": str(ROOT / "notebooks" / "corpus_report.ipynb"),
                        "parameters": {"corpus_path": str(src), "top_n": 15},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    env = dict(os.environ, NEWSREPORT_STORE=str(store_dir))
    t0 = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "newsreport"), "build", "--config", str(config)],
        env=env,
        capture_output=True,
        text=True,
    )
    dt = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"corpus report failed:\n{done.stdout}\n{done.stderr}")
    return dt, done.stdout.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--one-worker-max", type=int, default=10000, help="articles of the 1-worker run")
    ap.add_argument("--tmp", type=Path, default=None, help="scratch folder (default: a new temp folder)")
    args = ap.parse_args()
    paras = paragraphs()
    print(f"{len(paras)} paragraphs from {CORPUS}")
    scratch = Path(tempfile.mkdtemp(prefix="corpus_scale-", dir=args.tmp))
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            src = scratch / f"c{n}"
            raw_bytes, words = make_corpus(src, n, paras, seed=n)
            jsonl = du(src)
            print(
                f"\n== {n:,} articles: {words:,} words, text {raw_bytes / MB:.1f} MB, "
                f"JSONL {jsonl / MB:.1f} MB"
            )
            n1 = min(n, args.one_worker_max)
            if n1 < n:
                sub = scratch / f"c{n}-first"
                sub.mkdir()
                with (sub / "first.jsonl").open("w", encoding="utf-8") as out:
                    left = n1
                    for f in sorted(src.glob("*.jsonl")):
                        for line in f.open(encoding="utf-8"):
                            if left == 0:
                                break
                            out.write(line)
                            left -= 1
            else:
                sub = src
            dt1, r1, rss1 = ingest(sub, scratch / f"s{n}-1", 1)
            print(f"  1 worker ({r1.analysed:,} articles): {dt1:.1f} s, {_rates(r1, dt1, rss1)}; {_load()}")
            print("\n".join(rss1.lines()))
            dt2, r2, rss2 = ingest(src, scratch / f"s{n}-2", 2)
            print(f"  2 workers ({r2.analysed:,} articles): {dt2:.1f} s, {_rates(r2, dt2, rss2)}; {_load()}")
            print("\n".join(rss2.lines()))
            rate1, rate2 = r1.analysed / dt1, r2.analysed / dt2
            print(f"  speed-up 2 vs 1 worker: {rate2 / rate1:.2f}x (target >= 1.7)")
            print(f"  failed records: {len(r2.failed)}")
            store = scratch / f"s{n}-2"
            size = du(store / f"key-{r2.key}")
            print(
                f"  store {size / MB:.1f} MB = {size / raw_bytes:.2f}x the raw text, "
                f"{size / jsonl:.2f}x the JSONL (target <= 5x text)"
            )
            more = max(1, n // 100)
            make_corpus(src, more, paras, seed=n + 1, start=10_000_000)
            dt3, r3, rss3 = ingest(src, store, None)  # default settings: few new records, no cluster
            print(
                f"  +1% ({r3.analysed:,} new, {r3.skipped:,} skipped, {r3.workers} workers): {dt3:.1f} s = "
                f"{dt3 / dt2:.1%} of cold (target <= 3%)"
            )
            print("\n".join(rss3.lines()))
            with PeakRSS() as rss4:
                dt4, line = report(src, store, scratch / f"r{n}")
            print(
                f"  corpus report (newsreport build of the corpus notebook): {dt4:.1f} s; {line} "
                "(target <= 60 s)"
            )
            print("\n".join(rss4.lines()))
            shutil.rmtree(scratch / f"s{n}-1", ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
