"""The build coordinator: plan jobs by key, run the stale ones on worker processes, commit results.

Only this process touches final report folders: workers write into temporary folders it hands
out, and it moves complete reports into place, keeps failed notebooks, and writes
``reports/index.html``. It never imports Papermill or nbconvert, so a no-op build is fast.
"""

from __future__ import annotations

import fnmatch
import multiprocessing as mp
import multiprocessing.connection
import os
import queue
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.build import outputs, provenance
from analysis.build.index import IndexEntry, render_index
from analysis.build.jobs import BuildConfig, ConfigError, Job, notebook_kernel
from analysis.build.keys import DigestCache, JobKey, job_key, reason
from analysis.build.worker import JobOutcome, Task, worker_main
from analysis.build.zygote import Zygote, spec_argv

INDEX = "index.html"
Echo = Callable[[str], None]


@dataclass(frozen=True)
class Plan:
    """A job with its key and why it must run (None = up to date)."""

    job: Job
    key: JobKey
    previous: dict[str, Any] | None
    reason: str | None
    target: Path


@dataclass
class JobStatus:
    """Outcome of one job in a build.

    Attributes:
        name: job name.
        status: ``built``, ``up to date``, ``failed`` or ``would run`` (dry run).
        reason: why it ran (``new``, ``inputs changed``, ``forced``...) or ``up to date``.
        seconds: time spent building it.
        message: the ``FAILED ...`` line for failed jobs.
    """

    name: str
    status: str
    reason: str
    seconds: float = 0.0
    message: str = ""


@dataclass
class BuildResult:
    """What a build did; ``kernel_starts`` counts every kernel launched (a no-op build launches none)."""

    jobs: list[JobStatus] = field(default_factory=list)
    kernel_starts: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    dry_run: bool = False

    def count(self, status: str) -> int:
        """Number of jobs with ``status``."""
        return sum(1 for j in self.jobs if j.status == status)

    @property
    def exit_code(self) -> int:
        """130 when interrupted, 1 when a job failed, else 0."""
        if self.interrupted:
            return 130
        return 1 if self.count("failed") else 0

    def summary(self) -> str:
        """The final line, e.g. ``3 built, 1 up to date, 0 failed in 4.2 s``."""
        if self.dry_run:
            return f"{self.count('would run')} would run, {self.count('up to date')} up to date (dry run)"
        text = (
            f"{self.count('built')} built, {self.count('up to date')} up to date, "
            f"{self.count('failed')} failed in {self.seconds:.1f} s"
        )
        return text + " (interrupted)" if self.interrupted else text


def select(jobs: Sequence[Job], only: Sequence[str]) -> list[Job]:
    """Jobs whose name matches any of the ``fnmatch`` patterns (all when none are given).

    Raises:
        ConfigError: a pattern matches no job.
    """
    if not only:
        return list(jobs)
    chosen = [j for j in jobs if any(fnmatch.fnmatchcase(j.name, p) for p in only)]
    if not chosen:
        raise ConfigError(
            f"--only {' '.join(only)}: no job matches (jobs: {', '.join(j.name for j in jobs)})"
        )
    return chosen


def plan_jobs(config: BuildConfig, jobs: Sequence[Job], *, force: bool = False) -> list[Plan]:
    """Key every job and compare with its previous provenance."""
    cache = DigestCache(config.code_root)
    plans = []
    for job in jobs:
        target = outputs.target_dir(config.output, job.output)
        key = job_key(job, cache)
        previous = provenance.read(target)
        why = reason(key, previous)
        if why is None and not provenance.intact(target, previous):
            why = "report incomplete"
        if force:
            why = "forced"
        plans.append(Plan(job=job, key=key, previous=previous, reason=why, target=target))
    return plans


def worker_context() -> Any:
    """Where workers come from: a fork server that preloaded :mod:`analysis.build.preload`, else spawn.

    The fork server is a fresh interpreter (no state of this process is inherited), started once per
    process; every worker is a fork of it, so Papermill and nbconvert are imported once, not once
    per worker.
    """
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["analysis.build.preload"])
        return ctx
    return mp.get_context("spawn")


#: glibc malloc settings of kernels (unless the environment sets them): blocks below 64 MiB come
#: from the heap, and up to 256 MiB of freed memory is kept. A report allocates and frees several
#: megabytes per figure (canvas, pixel rows, PNG); by default each such block is a fresh mmap
#: whose pages the kernel faults in and zeroes again. These cut a report's page faults by ~40%
#: and its figures' CPU by ~3%. Other C libraries ignore the variables.
KERNEL_MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": str(64 << 20), "MALLOC_TRIM_THRESHOLD_": str(256 << 20)}


def kernel_env(code_root: Path) -> dict[str, str]:
    """Environment of kernels: import ``analysis`` from the hashed code root; fixed hash seed;
    :data:`KERNEL_MALLOC_ENV` where not already set."""
    env = {**KERNEL_MALLOC_ENV, **os.environ}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(code_root), env.get("PYTHONPATH", "")) if p)
    env["PYTHONHASHSEED"] = "0"
    return env


def failure_line(outcome: JobOutcome) -> str:
    """``FAILED <job>: cell <n>: <ExceptionName>: <message>`` (stage instead of cell outside cells)."""
    where = f"cell {outcome.cell}" if outcome.cell is not None else outcome.stage or "build"
    return f"FAILED {outcome.name}: {where}: {outcome.ename}: {outcome.evalue}"


@dataclass
class _Worker:
    proc: Any
    tasks: Any
    plan: Plan | None = None
    tmp: Path | None = None
    index: int = 0
    closing: bool = False


class _Coordinator:
    """Runs plans on ``n`` spawned workers and commits each outcome as it arrives."""

    def __init__(
        self, config: BuildConfig, plans: list[Plan], n: int, echo: Echo, critical: outputs.Critical
    ):
        self.config = config
        self.pending = deque(plans)
        self.total = len(plans)
        self.n = max(1, min(n, len(plans)))
        self.echo = echo
        self.critical = critical
        self.ctx = worker_context()
        self.results = self.ctx.Queue()
        self.env = kernel_env(config.code_root)
        self.workers: dict[int, _Worker] = {}
        self.statuses: dict[str, JobStatus] = {}
        self.kernel_starts = 0
        self.kernel_pids: list[int] = []
        self._packages: dict[str, str | None] | None = None
        self._started = 0
        self._next_wid = 0
        self.zygote: Zygote | None = None

    # -- kernel zygote ------------------------------------------------------------------------
    def _start_zygote(self) -> None:
        """Start the build's kernel zygote for the default kernel (kernels launch normally without it)."""
        if not self.config.fork_kernels:
            return
        argv = spec_argv(self.config.kernel)
        if argv is None:  # an unknown kernel fails in the worker, with a message
            return
        self.zygote = Zygote.start(list(argv), self.env, self.config.warm_imports)

    def _stop_zygote(self) -> None:
        if self.zygote is not None:
            self.zygote.close()
            self.zygote = None

    # -- workers ------------------------------------------------------------------------------
    def _spawn(self) -> int:
        wid = self._next_wid
        self._next_wid += 1
        tasks = self.ctx.Queue()
        proc = self.ctx.Process(
            target=worker_main,
            args=(
                wid,
                tasks,
                self.results,
                self.env,
                self.config.kernel,
                self.config.warm_imports,
                self.zygote.address if self.zygote else None,
            ),
            name=f"newsreport-worker-{wid}",
            daemon=True,
        )
        proc.start()
        self.workers[wid] = _Worker(proc=proc, tasks=tasks)
        return wid

    def _assign(self, wid: int) -> None:
        w = self.workers[wid]
        if not self.pending:
            w.plan, w.tmp = None, None
            if not w.closing:
                w.tasks.put(None)
                w.closing = True
            return
        plan = self.pending.popleft()
        self._started += 1
        w.plan, w.index = plan, self._started
        w.tmp = outputs.make_tmp(self.config.output, plan.job.output)
        w.tasks.put(
            Task(
                name=plan.job.name,
                notebook=str(plan.job.notebook),
                parameters=plan.job.parameters,
                kernel=notebook_kernel(plan.job.notebook, self.config.kernel),
                tmpdir=str(w.tmp),
                prestart_next=len(self.pending) >= self.n,
            )
        )
        self.echo(f"[{w.index}/{self.total}] start  {plan.job.name} ({plan.reason})")

    # -- results ------------------------------------------------------------------------------
    def _packages_once(self) -> dict[str, str | None]:
        if self._packages is None:
            self._packages = provenance.package_versions()
        return self._packages

    def _commit(self, w: _Worker, outcome: JobOutcome) -> None:
        plan, tmp = w.plan, w.tmp
        assert plan is not None and tmp is not None
        root = self.config.output
        prefix = f"[{w.index}/{self.total}]"
        if outcome.ok:
            prov = provenance.record(
                plan.job,
                plan.key,
                title=outcome.title,
                files=provenance.manifest(tmp),
                seconds=outcome.seconds,
                packages=self._packages_once(),
                timings=outcome.timings,
            )
            provenance.write(tmp, prov)
            outputs.replace_dir(tmp, plan.target, self.critical)
            outputs.clear_failed(root, plan.job.name)
            self.statuses[plan.job.name] = JobStatus(
                plan.job.name, "built", plan.reason or "", outcome.seconds
            )
            self.echo(f"{prefix} built  {plan.job.name} in {outcome.seconds:.1f} s")
        else:
            nb = tmp / "report.ipynb"
            if outcome.notebook_saved and nb.exists():
                outputs.save_failed(root, plan.job.name, nb)
            outputs.remove_tree(tmp)
            line = failure_line(outcome)
            self.statuses[plan.job.name] = JobStatus(
                plan.job.name, "failed", plan.reason or "", outcome.seconds, line
            )
            self.echo(line)
        w.plan, w.tmp = None, None

    def _check_dead(self) -> None:
        for wid, w in list(self.workers.items()):
            if w.proc.is_alive():
                continue
            if w.plan is not None:
                outcome = JobOutcome(
                    w.plan.job.name,
                    False,
                    0.0,
                    stage="worker",
                    ename="WorkerDied",
                    evalue=f"build worker exited with code {w.proc.exitcode}",
                )
                self._commit(w, outcome)
            del self.workers[wid]
            if self.pending:
                self._assign(self._spawn())

    def _busy(self) -> bool:
        """Some worker still runs a job (closing workers are joined after the loop, without polling)."""
        return any(w.plan is not None for w in self.workers.values())

    # -- run ----------------------------------------------------------------------------------
    def run(self) -> None:
        """Run every plan; on KeyboardInterrupt stop workers, delete temporary folders, re-raise."""
        try:
            self._start_zygote()
            for _ in range(self.n):
                self._assign(self._spawn())
            while self._busy():
                try:
                    kind, wid, payload = self.results.get(timeout=0.5)
                except queue.Empty:
                    self._check_dead()
                    continue
                if kind == "kernel":
                    self.kernel_starts += 1
                    if payload:
                        self.kernel_pids.append(int(payload))
                elif kind == "done" and wid in self.workers:
                    self._commit(self.workers[wid], payload)
                    self._assign(wid)
            self._join_workers(timeout=30.0)
        except BaseException:
            self._abort()
            raise
        finally:
            self._drain()
            self._stop_zygote()

    def _join_workers(self, timeout: float, grace: float = 5.0) -> None:
        """Wait for closing workers to exit, reading what they still report meanwhile.

        A worker still running after ``timeout`` seconds is terminated (it shuts its kernels down
        on the way out), then killed if it is still there ``grace`` seconds later.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive = [w.proc.sentinel for w in self.workers.values() if w.proc.is_alive()]
            if not alive:
                return
            mp.connection.wait(alive, timeout=0.05)
            self._drain()
        self._stop_workers(grace)

    def _stop_workers(self, grace: float) -> None:
        """Terminate the workers still running (SIGTERM: a worker shuts its kernels down on the way
        out) and kill those still there ``grace`` seconds later."""
        for w in self.workers.values():
            if w.proc.is_alive():
                w.proc.terminate()
        deadline = time.monotonic() + grace
        for w in self.workers.values():
            w.proc.join(timeout=max(0.1, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join(timeout=2)

    def _drain(self) -> None:
        """Count kernel launches reported after the loop ended (spares started near the end)."""
        while True:
            try:
                kind, _wid, payload = self.results.get_nowait()
            except (queue.Empty, OSError, ValueError):
                break
            if kind == "kernel":
                self.kernel_starts += 1
                if payload:
                    self.kernel_pids.append(int(payload))

    def _abort(self) -> None:
        with self.critical.shielded():
            self._stop_workers(grace=5.0)
            self._drain()
            for pid in self.kernel_pids:
                _kill_kernel(pid)
            for w in self.workers.values():
                if w.tmp is not None:
                    outputs.remove_tree(w.tmp)


def _kill_kernel(pid: int) -> None:
    """Kill a kernel this build launched if it outlived its worker (checked to be a kernel)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmdline = fh.read()
        if b"ipykernel" not in cmdline and b"analysis.build.zygote" not in cmdline:
            return
        os.kill(pid, signal.SIGKILL)
    except (OSError, ValueError):
        pass


def _date(prov: dict[str, Any] | None) -> str:
    when = (prov or {}).get("built_at") or ""
    return when.replace("T", " ")[:16] + (" UTC" if when else "")


def index_entries(config: BuildConfig, plans: list[Plan], statuses: dict[str, JobStatus]) -> list[IndexEntry]:
    """Index rows for every configured job: this build's status, or the on-disk state of the others."""
    entries = []
    for plan in plans:
        job = plan.job
        prov = provenance.read(plan.target)
        has_report = (plan.target / INDEX).is_file()
        st = statuses.get(job.name)
        if st is not None:
            status, message = st.status, st.message
        elif plan.reason is None:
            status, message = "up to date", ""
        else:
            status, message = ("stale" if has_report else "missing"), ""
        failed = outputs.failed_path(config.output, job.name)
        entries.append(
            IndexEntry(
                name=job.name,
                title=(prov or {}).get("title") or job.name,
                status=status,
                date=_date(prov) if has_report else "",
                href=f"{job.output}/{INDEX}" if has_report else None,
                failed_href=failed.relative_to(config.output).as_posix()
                if status == "failed" and failed.exists()
                else None,
                message=message,
            )
        )
    return entries


def build(
    config: BuildConfig,
    *,
    jobs: int = 1,
    force: bool = False,
    only: Sequence[str] = (),
    dry_run: bool = False,
    echo: Echo = print,
) -> BuildResult:
    """Build the reports of ``config`` that are out of date.

    Args:
        config: validated configuration (:func:`analysis.build.jobs.load_config`).
        jobs: number of worker processes (each runs one notebook at a time).
        force: rebuild even when keys are unchanged.
        only: ``fnmatch`` patterns of job names to build (others keep their reports).
        dry_run: only report what would run and why.
        echo: where progress lines go.

    Returns:
        a :class:`BuildResult` (``exit_code`` 0, 1 or 130).

    Raises:
        ConfigError: ``only`` matches nothing.
        outputs.BuildLockedError: another build holds the output folder.
    """
    t0 = time.monotonic()
    selected = {j.name for j in select(config.jobs, only)}
    result = BuildResult(dry_run=dry_run)
    if dry_run:
        for plan in plan_jobs(config, [j for j in config.jobs if j.name in selected], force=force):
            status = "would run" if plan.reason else "up to date"
            result.jobs.append(JobStatus(plan.job.name, status, plan.reason or "up to date"))
            echo(f"{plan.job.name}: {plan.reason or 'up to date'}")
        result.seconds = time.monotonic() - t0
        return result
    critical = outputs.Critical()
    with outputs.locked(config.output), critical.installed():
        outputs.sweep(
            {config.output} | {outputs.target_dir(config.output, j.output).parent for j in config.jobs}
        )
        plans = plan_jobs(config, config.jobs, force=False)
        if force:
            plans = [
                p if p.job.name not in selected else Plan(p.job, p.key, p.previous, "forced", p.target)
                for p in plans
            ]
        todo = [p for p in plans if p.job.name in selected and p.reason]
        for p in plans:
            if p.job.name in selected and not p.reason:
                result.jobs.append(JobStatus(p.job.name, "up to date", "up to date"))
                echo(f"       up to date  {p.job.name}")
        statuses: dict[str, JobStatus] = {}
        if todo:
            coordinator = _Coordinator(config, todo, jobs, echo, critical)
            try:
                coordinator.run()
            except KeyboardInterrupt:
                result.interrupted = True
            statuses = coordinator.statuses
            result.kernel_starts = coordinator.kernel_starts
            result.jobs.extend(statuses[p.job.name] for p in todo if p.job.name in statuses)
        if not result.interrupted:
            for s in result.jobs:
                statuses.setdefault(s.name, s)
            page = render_index(index_entries(config, plans, statuses))
            with critical.section():
                outputs.write_atomic(config.output / INDEX, page)
    result.seconds = time.monotonic() - t0
    return result
