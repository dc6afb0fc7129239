"""Helpers of the build tests: projects in temporary folders, tiny notebooks, builds as processes.

Not a test module. Waits here are on files or process states (polled), never on time alone; the
time limits are safety nets that turn a hang into a failure.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from analysis import cli

ROOT = Path(__file__).resolve().parents[1]
SEED_JOB = "000_8edc49b2fd314639"
#: Safety net of every wait (a hang fails the test instead of blocking the suite).
PATIENCE = 120.0


def copy_project(dest: Path, seeds: dict[str, str | Path]) -> Path:
    """A minimal project in ``dest``: ``analysis/``, ``notebooks/``, ``requirements.lock``, a seeds
    folder (name -> text, or a file to copy) and a ``reports.yml`` whose code root is the copy."""
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "analysis", dest / "analysis", ignore=ignore)
    shutil.copytree(ROOT / "notebooks", dest / "notebooks", ignore=ignore)
    shutil.copy2(ROOT / "requirements.lock", dest / "requirements.lock")
    (dest / "seeds").mkdir()
    for name, content in seeds.items():
        if isinstance(content, Path):
            shutil.copy2(content, dest / "seeds" / name)
        else:
            (dest / "seeds" / name).write_text(content, encoding="utf-8")
    (dest / "reports.yml").write_text("seeds: seeds\noutput: reports\ncode_root: .\n", encoding="utf-8")
    return dest


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run ``newsreport`` in this process; return (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse: usage errors
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def notebook(path: Path, *bodies: str, params: str = "output_dir = None\n") -> Path:
    """Write a notebook: a ``parameters`` cell, then one code cell per body."""
    cells = [
        {
            "cell_type": "code",
            "id": "params",
            "metadata": {"tags": ["parameters"]},
            "source": params,
            "outputs": [],
            "execution_count": None,
        }
    ]
    for i, body in enumerate(bodies):
        cells.append(
            {
                "cell_type": "code",
                "id": f"c{i}",
                "metadata": {},
                "source": body,
                "outputs": [],
                "execution_count": None,
            }
        )
    nb = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def waiting_cell(flags: Path) -> str:
    """A cell that writes ``<flags>/<job>.pid`` (its pid, then its worker's) and waits for ``<flags>/go``.

    The job name is the kernel's working folder name (``.tmp-<job>-<random>``).
    """
    return (
        "import os, time\n"
        "_job = os.path.basename(os.getcwd())[len('.tmp-'):].rsplit('-', 1)[0]\n"
        f"_flags = {str(flags)!r}\n"
        "with open(os.path.join(_flags, _job + '.part'), 'w') as _f:\n"
        "    _f.write(f\"{os.getpid()} {os.environ.get('JPY_PARENT_PID', '0')}\")\n"
        "os.replace(os.path.join(_flags, _job + '.part'), os.path.join(_flags, _job + '.pid'))\n"
        "while not os.path.exists(os.path.join(_flags, 'go')):\n"
        "    time.sleep(0.02)\n"
    )


def tiny_project(
    folder: Path, jobs: dict[str, tuple[str, ...]], settings: str = "", *, fork: bool = False
) -> Path:
    """A project of one-cell (or few-cell) notebooks: each job ``name`` runs ``jobs[name]``'s cells.

    The kernels import ``analysis`` from this checkout; nothing is pre-imported (``warm_imports: []``),
    and kernels are launched, not forked (``fork=True`` forks them from a zygote, which pays for
    its warm-up once per build: worth it for real reports, not for a few one-cell notebooks).
    Returns the ``reports.yml``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"code_root: {json.dumps(str(ROOT))}", "output: reports", "warm_imports: []"]
    lines.append(f"fork_kernels: {'true' if fork else 'false'}")
    lines += [s for s in settings.splitlines() if s.strip()]
    lines.append("jobs:")
    for name, bodies in jobs.items():
        notebook(folder / f"{name}.ipynb", *bodies)
        lines.append(f"  - {{name: {name}, notebook: {name}.ipynb}}")
    config = folder / "reports.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def start_build(config: Path, *args: str, tag: str) -> subprocess.Popen[str]:
    """Start ``newsreport build --config <config> ...`` as a process; every process it starts
    carries ``NEWSREPORT_TEST_TAG=<tag>`` in its environment (see :func:`tagged`)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NEWSREPORT_TEST_TAG": tag}
    return subprocess.Popen(
        [sys.executable, "-m", "analysis.cli", "build", "--config", str(config), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=config.parent,
    )


def unique_tag(what: str) -> str:
    """A tag no other build on this machine carries (other test runs may be going on at once)."""
    import uuid

    return f"{what}-{uuid.uuid4().hex}"


def tagged(tag: str) -> list[int]:
    """Pids of live processes whose environment holds ``NEWSREPORT_TEST_TAG=<tag>``."""
    marker = f"NEWSREPORT_TEST_TAG={tag}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                    if state != "Z":
                        pids.append(int(entry.name))
            except (OSError, IndexError):
                continue
    return pids


def wait_for(condition: Callable[[], object], what: str, patience: float = PATIENCE) -> float:
    """Poll ``condition`` until it is true; return the seconds it took (fail after ``patience``)."""
    t0 = time.monotonic()
    while not condition():
        if time.monotonic() - t0 > patience:
            raise AssertionError(f"gave up waiting for {what} after {patience:.0f} s")
        time.sleep(0.02)
    return time.monotonic() - t0


def alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def stop(proc: subprocess.Popen[str]) -> None:
    """Kill a build process a test started (if it still runs) and collect it."""
    if proc.poll() is None:
        proc.kill()
    proc.communicate(timeout=PATIENCE)


def read_pids(flags: Path, job: str) -> tuple[int, int]:
    """(kernel pid, worker pid) that a :func:`waiting_cell` of ``job`` wrote."""
    kernel, worker = (flags / f"{job}.pid").read_text().split()
    return int(kernel), int(worker)
