"""Running stale jobs on worker processes: hand out tasks, watch deadlines and deaths, commit results.

Only this process touches final report folders: workers write into temporary folders it hands
out, and it moves complete reports into place and keeps failed notebooks. A job that outlives its
timeout, or whose worker dies, fails alone: its worker and kernels are killed and a fresh worker
takes the next job. Every process started is recorded in the build's state
(:class:`analysis.build.lifetime.BuildState`) so that even a killed build leaves nothing running.
Never imports Papermill or nbconvert.
"""

from __future__ import annotations

import multiprocessing as mp
import multiprocessing.connection
import os
import queue
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.build import lifetime, outputs, provenance
from analysis.build.jobs import BuildConfig, Job, notebook_kernel
from analysis.build.kernels import RUNTIME_PREFIX
from analysis.build.keys import JobKey
from analysis.build.worker import JobOutcome, Task, worker_main
from analysis.build.zygote import Zygote, spec_argv

Echo = Callable[[str], None]
#: How often the coordinator looks at deadlines and dead workers while no message arrives.
POLL = 0.25


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
#: and its figures' CPU by ~3%. Other C libraries ignore the variables. Arrow allocates from the
#: same C heap (its system pool) rather than its own mimalloc pool, which kept what a corpus
#: report's scans freed: the peak of a report over a 100,000-article store goes from 499 to 408 MB,
#: as :func:`analysis.corpus.trim.release_memory` then returns freed memory to the system.
KERNEL_MALLOC_ENV = {
    "MALLOC_MMAP_THRESHOLD_": str(64 << 20),
    "MALLOC_TRIM_THRESHOLD_": str(256 << 20),
    "ARROW_DEFAULT_MEMORY_POOL": "system",
}


def kernel_env(code_root: Path) -> dict[str, str]:
    """Environment of kernels: import ``analysis`` from the hashed code root; fixed hash seed;
    :data:`KERNEL_MALLOC_ENV` where not already set."""
    env = {**KERNEL_MALLOC_ENV, **os.environ}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(code_root), env.get("PYTHONPATH", "")) if p)
    env["PYTHONHASHSEED"] = "0"
    return env


def failure_line(outcome: JobOutcome) -> str:
    """``FAILED <job>: cell <n>: <ExceptionName>: <message>`` (stage instead of cell outside cells),
    or ``FAILED <job>: <reason>`` for a plain reason (``kernel died``, ``timed out after N s``)."""
    if outcome.reason:
        return f"FAILED {outcome.name}: {outcome.reason}"
    where = f"cell {outcome.cell}" if outcome.cell is not None else outcome.stage or "build"
    return f"FAILED {outcome.name}: {where}: {outcome.ename}: {outcome.evalue}"


def _os_error(exc: OSError) -> dict[str, str]:
    """``ename`` and ``evalue`` of an OSError, naming the file it concerns."""
    where = f": {exc.filename}" if exc.filename else ""
    return {"ename": type(exc).__name__, "evalue": f"{exc.strerror or exc}{where}"}


@dataclass
class Worker:
    """A worker process, the job it runs (if any) and the kernels it started (pid, start time)."""

    proc: Any
    tasks: Any
    plan: Plan | None = None
    tmp: Path | None = None
    index: int = 0
    closing: bool = False
    deadline: float = float("inf")
    kernels: list[tuple[int, int | None]] = field(default_factory=list)


class Coordinator:
    """Runs plans on ``n`` workers and commits each outcome as it arrives."""

    def __init__(
        self,
        config: BuildConfig,
        plans: list[Plan],
        n: int,
        echo: Echo,
        critical: outputs.Critical,
        state: lifetime.BuildState | None = None,
        hashes: provenance.HashCache | None = None,
    ):
        self.config = config
        self.pending = deque(plans)
        self.total = len(plans)
        self.n = max(1, min(n, len(plans)))
        self.echo = echo
        self.critical = critical
        self.state = state
        self.hashes = hashes
        self.ctx = worker_context()
        self.results = self.ctx.Queue()
        self.env = kernel_env(config.code_root)
        self.workers: dict[int, Worker] = {}
        self.statuses: dict[str, JobStatus] = {}
        self.kernel_starts = 0
        self._packages: dict[str, str | None] | None = None
        self._started = 0
        self._next_wid = 0
        self.zygote: Zygote | None = None
        self.runtime: str | None = None

    # -- processes ----------------------------------------------------------------------------
    def _record(self, pid: int | None) -> None:
        if self.state is not None:
            self.state.add(pid)

    def _start_runtime(self) -> None:
        """The build's private folder for kernel sockets (removed at the end, or by the next build)."""
        self.runtime = tempfile.mkdtemp(prefix=RUNTIME_PREFIX)
        if self.state is not None:
            self.state.runtime = self.runtime
            self.state.save()

    def _start_zygote(self) -> None:
        """Start the build's kernel zygote for the default kernel (kernels launch normally without it)."""
        if not self.config.fork_kernels:
            return
        argv = spec_argv(self.config.kernel)
        if argv is None:
            return
        self.zygote = Zygote.start(list(argv), self.env, self.config.warm_imports, self.runtime)
        if self.zygote is not None:
            self._record(self.zygote.proc.pid)

    def _stop_zygote(self) -> None:
        if self.zygote is not None:
            self.zygote.close()
            self.zygote = None

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
                self.runtime,
                os.getpid(),
            ),
            name=f"newsreport-worker-{wid}",
            daemon=True,
        )
        proc.start()
        self._record(proc.pid)
        self.workers[wid] = Worker(proc=proc, tasks=tasks)
        return wid

    def _kill(self, w: Worker) -> None:
        """SIGKILL a worker and every kernel it started (a killed worker cannot shut them down)."""
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(timeout=5)
        for pid, started in w.kernels:
            lifetime.kill_recorded(pid, started)

    # -- tasks --------------------------------------------------------------------------------
    def _assign(self, wid: int) -> None:
        w = self.workers[wid]
        if not self.pending:
            w.plan, w.tmp, w.deadline = None, None, float("inf")
            if not w.closing:
                w.tasks.put(None)
                w.closing = True
            return
        plan = self.pending.popleft()
        self._started += 1
        w.plan, w.index = plan, self._started
        try:
            w.tmp = outputs.make_tmp(self.config.output, plan.job.output)
        except OSError as exc:  # its folder cannot be made: this job fails, the others go on
            self._failed(plan, JobOutcome(plan.job.name, False, 0.0, stage="output", **_os_error(exc)))
            w.plan = None
            self._assign(wid)
            return
        w.deadline = time.monotonic() + self.config.timeout
        w.tasks.put(
            Task(
                name=plan.job.name,
                notebook=str(plan.job.notebook),
                parameters=plan.job.parameters,
                kernel=notebook_kernel(plan.job.notebook, self.config.kernel),
                tmpdir=str(w.tmp),
                prestart_next=len(self.pending) >= self.n,
                cell_timeout=min(self.config.cell_timeout, self.config.timeout),
            )
        )
        self.echo(f"[{w.index}/{self.total}] start  {plan.job.name} ({plan.reason})")

    def _packages_once(self) -> dict[str, str | None]:
        if self._packages is None:
            self._packages = provenance.package_versions()
        return self._packages

    def _commit(self, w: Worker, outcome: JobOutcome) -> None:
        plan, tmp = w.plan, w.tmp
        assert plan is not None and tmp is not None
        for note in outcome.notes:
            self.echo(f"       note   {plan.job.name}: {note}")
        if outcome.ok:
            try:
                self._commit_report(w, outcome)
            except OSError as exc:  # the folder cannot be renamed, a disk is full ...
                outcome = JobOutcome(outcome.name, False, outcome.seconds, stage="commit", **_os_error(exc))
        if not outcome.ok:
            nb = tmp / "report.ipynb"
            saved = outcome.notebook_saved and nb.exists()
            if not saved or outputs.save_failed(self.config.output, plan.job.name, nb) is None:
                outputs.clear_failed(self.config.output, plan.job.name)  # an older failure's notebook
            outputs.remove_tree(tmp)
            self._failed(plan, outcome)
        w.plan, w.tmp, w.deadline = None, None, float("inf")

    def _failed(self, plan: Plan, outcome: JobOutcome) -> None:
        line = failure_line(outcome)
        self.statuses[plan.job.name] = JobStatus(
            plan.job.name, "failed", plan.reason or "", outcome.seconds, line
        )
        self.echo(line)

    def _commit_report(self, w: Worker, outcome: JobOutcome) -> None:
        plan, tmp = w.plan, w.tmp
        assert plan is not None and tmp is not None
        files = provenance.manifest(tmp)
        prov = provenance.record(
            plan.job,
            plan.key,
            title=outcome.title,
            files=files,
            seconds=outcome.seconds,
            packages=self._packages_once(),
            timings=outcome.timings,
        )
        provenance.write(tmp, prov)
        outputs.replace_dir(tmp, plan.target, self.critical)
        if self.hashes is not None:
            for rel, entry in files.items():
                self.hashes.remember(plan.target / rel, entry["sha256"])
        outputs.clear_failed(self.config.output, plan.job.name)
        self.statuses[plan.job.name] = JobStatus(plan.job.name, "built", plan.reason or "", outcome.seconds)
        self.echo(f"[{w.index}/{self.total}] built  {plan.job.name} in {outcome.seconds:.1f} s")

    def _fail_and_replace(self, wid: int, reason: str) -> None:
        """Fail a worker's job with ``reason``, kill it and its kernels, start a worker for what is left."""
        w = self.workers[wid]
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(timeout=5)
        self._drain()  # the kernels it reported before it died
        del self.workers[wid]
        self._kill(w)
        if w.plan is not None:
            self._commit(w, JobOutcome(w.plan.job.name, False, 0.0, stage="worker", reason=reason))
        if self.pending:
            self._assign(self._spawn())

    def _check_dead(self) -> None:
        for wid, w in list(self.workers.items()):
            if w.proc.is_alive():
                continue
            if w.plan is not None:
                self._fail_and_replace(wid, f"build worker died (exit code {w.proc.exitcode})")
            else:
                del self.workers[wid]
                self._kill(w)

    def _check_deadlines(self) -> None:
        now = time.monotonic()
        for wid, w in list(self.workers.items()):
            if w.plan is not None and now >= w.deadline:
                self._fail_and_replace(wid, f"timed out after {self.config.timeout} s")

    def _busy(self) -> bool:
        """Some worker still runs a job (closing workers are joined after the loop, without polling)."""
        return any(w.plan is not None for w in self.workers.values())

    def _handle(self, kind: str, wid: int, payload: Any) -> None:
        w = self.workers.get(wid)
        if kind == "kernel":
            self.kernel_starts += 1
            if payload:
                if w is not None:
                    w.kernels.append((int(payload), lifetime.start_time(int(payload))))
                self._record(int(payload))
        elif kind == "done" and w is not None and w.plan is not None:
            self._commit(w, payload)
            self._assign(wid)

    # -- run ----------------------------------------------------------------------------------
    def run(self) -> None:
        """Run every plan; on KeyboardInterrupt kill workers and kernels, delete temporary folders,
        re-raise."""
        try:
            self._start_runtime()
            self._start_zygote()
            for _ in range(self.n):
                self._assign(self._spawn())
            while self._busy():
                nearest = min(w.deadline for w in self.workers.values())
                wait = max(0.0, min(POLL, nearest - time.monotonic()))
                try:
                    kind, wid, payload = self.results.get(timeout=wait)
                except queue.Empty:
                    pass
                else:
                    self._handle(kind, wid, payload)
                self._check_dead()
                self._check_deadlines()
            self._join_workers(timeout=30.0)
        except BaseException:
            self._abort()
            raise
        finally:
            self._drain()
            self._stop_zygote()
            if self.runtime is not None:
                shutil.rmtree(self.runtime, ignore_errors=True)

    def _join_workers(self, timeout: float, grace: float = 5.0) -> None:
        """Wait for closing workers to exit, reading what they still report meanwhile.

        A worker still running after ``timeout`` seconds is terminated (it shuts its kernels down
        on the way out), then killed if it is still there ``grace`` seconds later.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive = [w.proc.sentinel for w in self.workers.values() if w.proc.is_alive()]
            if not alive:
                self._drain()  # what a worker reported just before it exited
                return
            mp.connection.wait(alive, timeout=0.05)
            self._drain()
        self._stop_workers(grace)

    def _stop_workers(self, grace: float) -> None:
        """Terminate the workers still running and kill those still there ``grace`` seconds later."""
        for w in self.workers.values():
            if w.proc.is_alive():
                w.proc.terminate()
        deadline = time.monotonic() + grace
        for w in self.workers.values():
            w.proc.join(timeout=max(0.1, deadline - time.monotonic()))
            if w.proc.is_alive():
                self._kill(w)

    def _drain(self) -> None:
        """Read the messages still queued (kernel launches reported after the loop ended)."""
        while True:
            try:
                kind, wid, payload = self.results.get_nowait()
            except (queue.Empty, OSError, ValueError):
                break
            if kind == "kernel":
                self._handle(kind, wid, payload)

    def _abort(self) -> None:
        """Interrupted: kill every worker and kernel at once, remove the temporary folders."""
        with self.critical.shielded():
            for w in self.workers.values():
                if w.proc.is_alive():
                    w.proc.kill()
            for w in self.workers.values():
                w.proc.join(timeout=5)
            self._drain()
            for w in self.workers.values():
                self._kill(w)
                if w.tmp is not None:
                    outputs.remove_tree(w.tmp)
