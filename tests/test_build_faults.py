"""A build left unattended: dead and hung kernels, dying workers, stop signals, SIGKILL, the lock.

Real builds with real kernels, on tiny notebooks written here (the point is the fault, not the
report). A build that must be in flight waits on a file the test creates; the test waits on
files and process states, never on time alone. Seconds are measured and printed (``-s``), not
asserted: time limits here are only safety nets.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
import time
from pathlib import Path

import pytest
from buildkit import (
    alive,
    read_pids,
    run_cli,
    start_build,
    stop,
    tagged,
    tiny_project,
    unique_tag,
    wait_for,
    waiting_cell,
)

from analysis.build import build, load_config, outputs, provenance
from analysis.build.kernels import RUNTIME_PREFIX

SUICIDE = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"
EXITS = "import os\nos._exit(0)\n"
FINE = "print('fine')\n"


def _hangs(pid_file: Path) -> str:
    return f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(3600)\n"


def _runtime_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob(RUNTIME_PREFIX + "*")}


def _leftovers(reports: Path) -> list[Path]:
    return [p for p in reports.rglob("*") if p.name.startswith((".tmp-", ".trash-"))]


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "launched"])
def test_a_dying_kernel_fails_only_its_job(tmp_path, fork):
    """A kernel SIGKILLed from outside mid-cell, one that SIGKILLs itself, one that calls os._exit:
    each job fails with "kernel died"; the other job is built, the lock released, exit 1."""
    flags = tmp_path / "flags"
    flags.mkdir()
    config = tiny_project(
        tmp_path / "p",
        {"victim": (waiting_cell(flags),), "suicide": (SUICIDE,), "exits": (EXITS,), "fine": (FINE,)},
        fork=fork,
    )
    tag = unique_tag("dying")
    proc = start_build(config, "--jobs", "2", tag=tag)
    try:
        wait_for(lambda: (flags / "victim.pid").exists(), "the victim's cell to run")
        kernel, _worker = read_pids(flags, "victim")
        t0 = time.monotonic()
        os.kill(kernel, signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
        how = "forked" if fork else "launched"
        print(f"\nkernel SIGKILLed mid-cell ({how}): build ended {time.monotonic() - t0:.1f} s later")
    finally:
        stop(proc)
    assert proc.returncode == 1, out + err
    failed = sorted(ln for ln in out.splitlines() if ln.startswith("FAILED"))
    assert failed == [
        "FAILED exits: kernel died",
        "FAILED suicide: kernel died",
        "FAILED victim: kernel died",
    ]
    assert out.strip().splitlines()[-1].startswith("1 built, 0 up to date, 3 failed in ")
    reports = config.parent / "reports"
    assert (reports / "fine" / "index.html").is_file()
    assert not (reports / "victim").exists() and not _leftovers(reports)
    with outputs.locked(reports):  # the lock was released
        pass
    wait_for(lambda: not tagged(tag), "every process of the build to end")


def test_a_hung_cell_times_out_and_its_kernel_is_killed(tmp_path):
    pid_file = tmp_path / "kernel.pid"
    config = tiny_project(tmp_path / "p", {"hang": (_hangs(pid_file),), "fine": (FINE,)}, "cell_timeout: 2")
    lines: list[str] = []
    t0 = time.monotonic()
    result = build(load_config(config), jobs=1, echo=lines.append)
    print(f"\ncell timeout 2 s: build took {time.monotonic() - t0:.1f} s")
    assert result.exit_code == 1
    assert [ln for ln in lines if ln.startswith("FAILED")] == [
        "FAILED hang: timed out after 2 s (a cell ran too long)"
    ]
    assert {j.name: j.status for j in result.jobs} == {"hang": "failed", "fine": "built"}
    kernel = int(pid_file.read_text())
    wait_for(lambda: not alive(kernel), "the timed-out kernel to be gone", 30)
    assert not _leftovers(config.parent / "reports")


def test_a_job_over_its_timeout_is_killed_with_its_worker_and_kernel(tmp_path):
    flags = tmp_path / "flags"
    flags.mkdir()
    config = tiny_project(
        tmp_path / "p", {"fine": (FINE,), "slow": (waiting_cell(flags),)}, "cell_timeout: 600"
    )
    tag = unique_tag("job-timeout")
    proc = start_build(config, "--jobs", "1", "--timeout", "4", tag=tag)
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        stop(proc)
    assert proc.returncode == 1, out + err
    assert [ln for ln in out.splitlines() if ln.startswith("FAILED")] == ["FAILED slow: timed out after 4 s"]
    assert (config.parent / "reports" / "fine" / "index.html").is_file()
    # the job's worker and kernel were killed: nothing the build started is left
    wait_for(lambda: not tagged(tag), "every process of the build to end", 30)
    assert not _leftovers(config.parent / "reports")


def test_a_worker_dying_mid_job_fails_that_job_and_its_kernel_is_killed(tmp_path):
    flags = tmp_path / "flags"
    flags.mkdir()
    config = tiny_project(tmp_path / "p", {"orphan": (waiting_cell(flags),), "fine": (FINE,)})
    proc = start_build(config, "--jobs", "1", tag=unique_tag("worker"))
    try:
        wait_for(lambda: (flags / "orphan.pid").exists(), "the job's cell to run")
        kernel, worker = read_pids(flags, "orphan")
        os.kill(worker, signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
    finally:
        stop(proc)
    assert proc.returncode == 1, out + err
    assert [ln for ln in out.splitlines() if ln.startswith("FAILED")] == [
        "FAILED orphan: build worker died (exit code -9)"
    ]
    assert (config.parent / "reports" / "fine" / "index.html").is_file()
    took = wait_for(lambda: not alive(kernel), "the dead worker's kernel to be gone", 30)
    print(f"\nkernel of a killed worker gone {took:.2f} s after the build ended")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_stop_signal_ends_the_build_and_everything_it_started(tmp_path, sig):
    flags = tmp_path / "flags"
    flags.mkdir()
    config = tiny_project(tmp_path / "p", {"one": (waiting_cell(flags),), "two": (waiting_cell(flags),)})
    reports = config.parent / "reports"
    # a report from before (one the build must replace), which must survive the interruption
    (reports / "one").mkdir(parents=True)
    (reports / "one" / "index.html").write_text("the previous report", encoding="utf-8")
    tag = unique_tag(f"signal-{sig.name}")
    proc = start_build(config, "--jobs", "2", "--force", tag=tag)
    try:
        wait_for(lambda: (flags / "one.pid").exists() and (flags / "two.pid").exists(), "both jobs to run")
        assert _leftovers(reports) and len(tagged(tag)) >= 5  # build, fork server, 2 workers, kernels...
        t0 = time.monotonic()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=120)
        ended = time.monotonic() - t0
        gone = wait_for(lambda: not tagged(tag), "every process of the build to end")
        print(
            f"\n{sig.name}: build exited after {ended:.2f} s, every process gone after {ended + gone:.2f} s"
        )
    finally:
        stop(proc)
    assert proc.returncode == 128 + sig, out + err
    assert "interrupted" in err
    assert not _leftovers(reports)
    assert (reports / "one" / "index.html").read_text(encoding="utf-8") == "the previous report"
    assert [p.parent.name for p in reports.glob("*/index.html")] == ["one"]  # no half-written report


def test_after_a_sigkill_the_next_build_cleans_up_and_says_so(tmp_path):
    flags = tmp_path / "flags"
    flags.mkdir()
    config = tiny_project(tmp_path / "p", {"one": (waiting_cell(flags),), "two": (waiting_cell(flags),)})
    reports = config.parent / "reports"
    tag = unique_tag("sigkill")
    runtimes_before = _runtime_dirs()
    proc = start_build(config, "--jobs", "2", tag=tag)
    try:
        wait_for(lambda: (flags / "one.pid").exists() and (flags / "two.pid").exists(), "both jobs to run")
        state = json.loads((reports / outputs.LOCK_FILE).read_text())
        t0 = time.monotonic()
        proc.kill()
        proc.communicate(timeout=120)
        gone = wait_for(lambda: not tagged(tag), "every process of the killed build to end")
        print(f"\nSIGKILL: every process of the build gone {time.monotonic() - t0:.2f} s later ({gone:.2f})")
    finally:
        stop(proc)
    assert state["pid"] == proc.pid and len(state["processes"]) >= 2  # the workers, at least
    runtime = Path(state["runtime"])
    assert runtime.name in _runtime_dirs() - runtimes_before  # left behind by the killed build
    assert len(_leftovers(reports)) == 2
    (flags / "go").write_text("")
    lines: list[str] = []
    result = build(load_config(config), jobs=2, echo=lines.append)
    assert result.exit_code == 0
    cleanup = [ln for ln in lines if "cleanup:" in ln]
    assert len(cleanup) == 1 and "did not finish" in cleanup[0]
    assert str(runtime) in cleanup[0] and "2 temporary folder(s)" in cleanup[0]
    assert not runtime.exists() and not _leftovers(reports)
    assert (reports / outputs.LOCK_FILE).read_text() == ""  # a finished build leaves no state


def test_a_second_build_at_once_exits_2(tmp_path):
    config = tiny_project(tmp_path / "p", {"fine": (FINE,)})
    reports = config.parent / "reports"
    with outputs.locked(reports):  # as a running build holds it
        code, out, err = run_cli("build", "--config", str(config))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "another build is running" in err and str(reports) in err
    assert not (reports / "fine").exists()
    code, out, _ = run_cli("build", "--config", str(config))  # and once it is free
    assert code == 0 and (reports / "fine" / "index.html").is_file()


def test_a_commit_error_fails_only_that_job(tmp_path):
    # the notebook leaves a folder where the build must write provenance.json
    blocker = "import os\nos.mkdir('provenance.json')\n"
    config = tiny_project(tmp_path / "p", {"blocked": (blocker,), "fine": (FINE,)})
    lines: list[str] = []
    result = build(load_config(config), jobs=1, echo=lines.append)
    assert result.exit_code == 1
    failed = [ln for ln in lines if ln.startswith("FAILED")]
    assert len(failed) == 1 and failed[0].startswith("FAILED blocked: commit: IsADirectoryError: ")
    reports = config.parent / "reports"
    assert (reports / "fine" / "index.html").is_file() and not (reports / "blocked").exists()
    assert not _leftovers(reports)
    assert "FAILED blocked: commit" in (reports / "index.html").read_text(encoding="utf-8")


def test_failed_notebooks_are_complete_and_removed_once_the_job_is_good(tmp_path):
    flag = tmp_path / "fail-now"
    flag.write_text("")
    failing = f"import os\nif os.path.exists({str(flag)!r}):\n    raise ValueError('asked to fail')\n"
    config = tiny_project(tmp_path / "p", {"flaky": (failing,), "fine": (FINE,)})
    reports = config.parent / "reports"
    lines: list[str] = []
    assert build(load_config(config), echo=lines.append).exit_code == 1
    assert "FAILED flaky: cell 3: ValueError: asked to fail" in lines
    saved = reports / ".failed" / "flaky.ipynb"
    nb = json.loads(saved.read_text(encoding="utf-8"))
    assert any(o.get("ename") == "ValueError" for c in nb["cells"] for o in c.get("outputs", []))
    # a stray failed notebook of a job that no longer exists goes at the next build
    (reports / ".failed" / "gone.ipynb").write_text("{}", encoding="utf-8")
    flag.unlink()
    lines.clear()
    assert build(load_config(config), force=True, echo=lines.append).exit_code == 0
    assert not (reports / ".failed").exists() or not list((reports / ".failed").iterdir())
    assert ".failed" not in (reports / "index.html").read_text(encoding="utf-8")


def test_a_failed_notebook_is_saved_whole_or_not_at_all(tmp_path, fresh_python):
    """Under a file-size limit (as on a full disk) the saved notebook is never truncated JSON."""
    root = tmp_path / "reports"
    (root / ".failed").mkdir(parents=True)
    earlier = root / ".failed" / "job.ipynb"
    earlier.write_text('{"cells": []}', encoding="utf-8")
    big = tmp_path / "report.ipynb"
    big.write_text(json.dumps({"cells": [{"source": "x" * 200_000}]}), encoding="utf-8")
    truncated = tmp_path / "truncated.ipynb"
    truncated.write_text(big.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    out = fresh_python(
        "import resource, signal\n"
        "from pathlib import Path\n"
        "from analysis.build.outputs import save_failed\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))\n"
        f"print(save_failed(Path({str(root)!r}), 'job', Path({str(big)!r})))\n"
        f"print(save_failed(Path({str(root)!r}), 'job', Path({str(truncated)!r})))\n"
    )
    assert out.split() == ["None", "None"]
    assert earlier.read_text(encoding="utf-8") == '{"cells": []}'  # the earlier one, untouched
    assert [p.name for p in (root / ".failed").iterdir()] == ["job.ipynb"]  # no temporary file left


def test_input_records_the_loader_skips_are_reported_on_the_console(tmp_path):
    data = tmp_path / "p" / "many.jsonl"
    data.parent.mkdir(parents=True)
    data.write_text(
        json.dumps({"title": "Talks", "text": "Russia and Ukraine met in Geneva on Monday, officials said."})
        + "\nnot json\n[1, 2]\n",
        encoding="utf-8",
    )
    load = f"from analysis.articles import load_articles\nprint(len(load_articles({str(data)!r})))\n"
    config = tiny_project(tmp_path / "p", {"reader": (load,)})
    lines: list[str] = []
    assert build(load_config(config), echo=lines.append).exit_code == 0
    notes = [ln.split("skipped input: ", 1)[1] for ln in lines if "note   reader: skipped input:" in ln]
    assert len(notes) == 2
    assert notes[0].startswith(f"{data}:2: invalid JSON") and notes[1].startswith(
        f"{data}:3: not a JSON object"
    )


def test_a_damaged_report_is_rebuilt_even_when_its_size_is_unchanged(tmp_path):
    config = tiny_project(tmp_path / "p", {"table": ("print('a report')\n",), "other": (FINE,)})
    reports = config.parent / "reports"
    assert build(load_config(config), echo=lambda line: None).exit_code == 0
    page = reports / "table" / "index.html"
    good, stat = page.read_bytes(), page.stat()
    damaged = bytearray(good)
    damaged[len(damaged) // 2] ^= 0x01  # one bit flipped: same size, different content
    page.write_bytes(bytes(damaged))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with its time set back
    assert not provenance.intact(reports / "table", provenance.read(reports / "table"))
    code, out, _ = run_cli("build", "--config", str(config), "--dry-run")
    assert code == 0 and out.splitlines()[:2] == ["table: report incomplete", "other: up to date"]
    result = build(load_config(config), echo=lambda line: None)
    assert [(j.name, j.status, j.reason) for j in result.jobs] == [
        ("other", "up to date", "up to date"),
        ("table", "built", "report incomplete"),
    ]
    assert page.read_bytes() == good  # rebuilt, byte-identical to the first build
    assert provenance.intact(reports / "table", provenance.read(reports / "table"))
