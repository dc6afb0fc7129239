"""Benchmark: seconds per article report through `newsreport build`, against the naive CLI path.

In one run, on N copies of the seed under distinct names in a temporary folder:
  * `newsreport build --jobs 1` and `--jobs 2` (cold: fresh output folder, fresh workers and kernels),
    with the machine's busy and idle core-seconds during `--jobs 2` (from /proc/stat) and the
    seconds per report that work would take with every core busy throughout (the floor for
    this notebook on this machine);
  * `--jobs 2` again with `fork_kernels: false` (every kernel launched, not forked from the zygote);
  * the naive path: `papermill` CLI then `jupyter nbconvert --to html` CLI per report, 2 at a time;
  * a no-op rebuild of 100 unchanged jobs (in-process and as a CLI subprocess; target <= 1 s) — the
    100 reports are built first from a one-cell notebook, since a no-op never looks inside a notebook
    beyond hashing its bytes;
  * the corpus report over the evaluation corpus, cold (target <= 30 s).

The bytecode of ``analysis/`` is compiled first, as ``make bench``/``make report`` do (Python does it
on first import, except where PYTHONDONTWRITEBYTECODE is set, as on these machines).

    .venv/bin/python bench/report_speed.py [--reports 8] [--corpus PATH]
        [--skip-naive] [--skip-launch] [--skip-noop] [--skip-corpus]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEED = ROOT / "seeds" / "000_8edc49b2fd314639.txt"
ARTICLE_NB = ROOT / "notebooks" / "article_report.ipynb"
CORPUS_NB = ROOT / "notebooks" / "corpus_report.ipynb"
DEFAULT_CORPUS = ROOT / ".." / "shared" / "eval" / "corpus" / "ukraine_war_2022_2024.jsonl"


def _yaml_jobs(jobs: list[tuple[str, Path, dict]]) -> str:
    lines = ["jobs:"]
    for name, nb, params in jobs:
        lines.append(
            f"  - name: {name}\n    notebook: {json.dumps(str(nb))}\n    parameters: {json.dumps(params)}"
        )
    return "\n".join(lines) + "\n"


def _cpu_ticks() -> tuple[int, int] | None:
    """(busy, idle) clock ticks of all cores so far, from /proc/stat (None where there is none)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    user, nice, system, idle, iowait, irq, softirq = fields[:7]
    return user + nice + system + irq + softirq, idle + iowait


def _cpu_use(before: tuple[int, int] | None, after: tuple[int, int] | None) -> tuple[float, float] | None:
    """(busy, idle) core-seconds between two :func:`_cpu_ticks` readings."""
    if before is None or after is None:
        return None
    hz = os.sysconf("SC_CLK_TCK")
    return (after[0] - before[0]) / hz, (after[1] - before[1]) / hz


def _process_table() -> dict[int, tuple[int, int, int]]:
    """pid -> (parent pid, start time, user + system clock ticks) of every process, from /proc."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue  # gone meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(name)] = (int(fields[1]), int(fields[19]), int(fields[11]) + int(fields[12]))
    return table


def _sample_tree(root: int, ticks: dict[tuple[int, int], int]) -> None:
    """Record the CPU ticks so far of ``root`` and every process descended from it."""
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in table:
            _, start, used = table[pid]
            ticks[(pid, start)] = max(used, ticks.get((pid, start), 0))
        stack.extend(children.get(pid, ()))


def _newsreport(config: Path, output: Path, *extra: str) -> tuple[float, str, float | None]:
    """Run ``newsreport build``: (wall seconds, its summary line, CPU seconds of its process tree).

    The CPU seconds are those of the build and every process descended from it (workers, the
    kernel zygote, kernels), sampled from /proc every 50 ms (a process's last < 50 ms are
    missed); unlike wall time they hardly depend on what else the machine runs. None without /proc.
    """
    sampling = os.path.isdir("/proc/self")
    ticks: dict[tuple[int, int], int] = {}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(BIN / "newsreport"), "build", "--config", str(config), "--output", str(output), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    with ThreadPoolExecutor(1) as pool:
        out = pool.submit(proc.communicate)
        while sampling and proc.poll() is None:
            _sample_tree(proc.pid, ticks)
            time.sleep(0.05)
        stdout, stderr = out.result()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"newsreport failed ({proc.returncode}):\n{stdout}\n{stderr}")
    cpu = sum(ticks.values()) / os.sysconf("SC_CLK_TCK") if sampling else None
    return seconds, stdout.strip().splitlines()[-1], cpu


def _naive_one(seed: Path, work: Path) -> None:
    out_dir = work / seed.stem
    out_dir.mkdir()
    executed = out_dir / "report.ipynb"
    subprocess.run(
        [
            str(BIN / "papermill"),
            str(ARTICLE_NB),
            str(executed),
            "-p",
            "input_path",
            str(seed),
            "-p",
            "output_dir",
            str(out_dir),
            "--cwd",
            str(ROOT / "notebooks"),
            "--no-progress-bar",
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    subprocess.run(
        [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


def _naive(seeds: list[Path], work: Path, parallel: int) -> float:
    t0 = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(lambda s: _naive_one(s, work), seeds))
    return time.perf_counter() - t0


def _tiny_notebook(path: Path) -> Path:
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "id": "params",
                "metadata": {"tags": ["parameters"]},
                "source": "input_path = None\noutput_dir = None\n",
                "outputs": [],
                "execution_count": None,
            },
            {
                "cell_type": "code",
                "id": "body",
                "metadata": {},
                "source": "print(open(input_path).read()[:80])\n",
                "outputs": [],
                "execution_count": None,
            },
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def bench_noop(tmp: Path, n: int = 100) -> None:
    from analysis.build import build, load_config

    seeds = tmp / "noop_seeds"
    seeds.mkdir()
    nb = _tiny_notebook(tmp / "tiny.ipynb")
    jobs = []
    for i in range(n):
        p = seeds / f"a{i:03d}.txt"
        shutil.copy2(SEED, p)
        jobs.append((f"a{i:03d}", nb, {"input_path": str(p)}))
    config_path = tmp / "noop.yml"
    config_path.write_text("warm_imports: []\n" + _yaml_jobs(jobs), encoding="utf-8")
    out = tmp / "noop_reports"
    t_build, _, _ = _newsreport(config_path, out, "--jobs", "2")
    print(f"setup: built {n} one-cell reports in {t_build:.1f} s ({t_build / n:.2f} s/report)")
    config = load_config(config_path, output=out)
    t0 = time.perf_counter()
    result = build(config, echo=lambda line: None)
    t_api = time.perf_counter() - t0
    assert result.kernel_starts == 0 and result.count("up to date") == n, result.summary()
    t_cli, summary, _ = _newsreport(config_path, out)
    print(
        f"no-op rebuild of {n} unchanged jobs: {t_api:.3f} s in-process, {t_cli:.3f} s as a CLI process "
        f"(target <= 1 s) [{summary}]"
    )


def bench_corpus(tmp: Path, corpus: Path) -> None:
    config = tmp / "corpus.yml"
    config.write_text(
        _yaml_jobs([("corpus", CORPUS_NB, {"corpus_path": str(corpus.resolve())})]), encoding="utf-8"
    )
    seconds, summary, _ = _newsreport(config, tmp / "corpus_reports")
    print(f"corpus report over {corpus.name} cold: {seconds:.1f} s (target <= 30 s) [{summary}]")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=8, help="number of article reports (copies of the seed)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--skip-launch", action="store_true", help="skip the build with launched kernels")
    ap.add_argument("--skip-noop", action="store_true")
    ap.add_argument("--skip-corpus", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    # as `make bench` does, and as Python does on first import unless PYTHONDONTWRITEBYTECODE is set
    compileall.compile_dir(str(ROOT / "analysis"), quiet=1)
    no_pyc = os.environ.get("PYTHONDONTWRITEBYTECODE", "")
    print(f"analysis/ compiled to bytecode first (PYTHONDONTWRITEBYTECODE={no_pyc!r})")
    with tempfile.TemporaryDirectory(prefix="report-speed-") as td:
        tmp = Path(td)
        seeds_dir = tmp / "seeds"
        seeds_dir.mkdir()
        seeds = []
        for i in range(args.reports):
            p = seeds_dir / f"article_{i:02d}.txt"
            shutil.copy2(SEED, p)
            seeds.append(p)
        config = tmp / "articles.yml"
        config.write_text(
            _yaml_jobs([(s.stem, ARTICLE_NB, {"input_path": str(s)}) for s in seeds]), encoding="utf-8"
        )
        n = len(seeds)
        results = {}
        for jobs in (1, 2):
            before = _cpu_ticks() if jobs == 2 else None  # reported for --jobs 2 only
            seconds, summary, cpu = _newsreport(config, tmp / f"reports_j{jobs}", "--jobs", str(jobs))
            use = _cpu_use(before, _cpu_ticks() if before else None)
            results[jobs] = seconds
            print(
                f"newsreport build --jobs {jobs}: {seconds:.1f} s for {n} reports = "
                f"{seconds / n:.2f} s/report [{summary}]"
            )
            if cpu is not None:
                cores = min(jobs, os.cpu_count() or 1)
                print(
                    f"  CPU of the build's own processes: {cpu:.1f} core-s = {cpu / n:.2f} core-s/report; "
                    f"on {cores} otherwise idle core(s) that is {cpu / n / cores:.2f} s/report"
                )
            if use is not None:
                busy, idle = use
                cores = os.cpu_count() or 1
                print(
                    f"  machine CPU during it: {busy:.1f} core-s busy, {idle:.1f} idle; all of that work "
                    f"packed on {cores} cores with none idle would be {busy / cores / n:.2f} s/report"
                )
        if not args.skip_launch:
            launch = tmp / "articles_launch.yml"
            launch.write_text("fork_kernels: false\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
            seconds, summary, _ = _newsreport(launch, tmp / "reports_launch", "--jobs", "2")
            print(
                f"newsreport build --jobs 2, kernels launched (fork_kernels: false): {seconds:.1f} s = "
                f"{seconds / n:.2f} s/report; forked kernels {seconds / results[2]:.2f}x faster [{summary}]"
            )
        if not args.skip_naive:
            naive_dir = tmp / "naive"
            naive_dir.mkdir()
            naive = _naive(seeds, naive_dir, 2)
            print(
                f"naive papermill CLI + nbconvert CLI, 2 at a time: {naive:.1f} s = {naive / n:.2f} s/report"
            )
            print(
                f"speed-up vs naive: --jobs 2 {naive / results[2]:.2f}x, --jobs 1 {naive / results[1]:.2f}x "
                f"(target >= 3x); --jobs 2 target <= 1.5 s/report"
            )
        if not args.skip_noop:
            bench_noop(tmp)
        if not args.skip_corpus:
            if args.corpus.exists():
                bench_corpus(tmp, args.corpus)
            else:
                print(f"corpus not found: {args.corpus}")
    print(f"load average {os.getloadavg()[0]:.1f} at end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
