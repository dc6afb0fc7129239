"""A build: plan jobs by key, run the stale ones (:mod:`analysis.build.coordinator`), write the index.

Holds the output folder's lock for the whole build, cleans up what a build that did not finish
left behind, turns SIGINT, SIGTERM and SIGHUP into a clean stop (exit code 128 + signal), and
writes ``reports/index.html``. It never imports Papermill or nbconvert, so a no-op build is fast.
"""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from analysis.build import lifetime, outputs, provenance
from analysis.build.coordinator import Coordinator, JobStatus, Plan, kernel_env
from analysis.build.index import IndexEntry, render_index
from analysis.build.jobs import BuildConfig, ConfigError, Job
from analysis.build.kernels import RUNTIME_PREFIX
from analysis.build.keys import DigestCache, job_key, reason

__all__ = ["BuildResult", "JobStatus", "Plan", "build", "index_entries", "kernel_env", "plan_jobs", "select"]

INDEX = "index.html"
Echo = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build did; ``kernel_starts`` counts every kernel launched (a no-op build launches none)."""

    jobs: list[JobStatus] = field(default_factory=list)
    kernel_starts: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    dry_run: bool = False
    signum: int | None = None

    def count(self, status: str) -> int:
        """Number of jobs with ``status``."""
        return sum(1 for j in self.jobs if j.status == status)

    @property
    def exit_code(self) -> int:
        """128 + the signal when stopped (130 SIGINT, 143 SIGTERM, 129 SIGHUP), 1 when a job
        failed, else 0."""
        if self.interrupted:
            return 128 + (self.signum or 2)
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


def plan_jobs(
    config: BuildConfig,
    jobs: Sequence[Job],
    *,
    force: bool = False,
    hashes: provenance.HashCache | None = None,
) -> list[Plan]:
    """Key every job and compare with its previous provenance (and check its report's files)."""
    cache = DigestCache(config.code_root)
    plans = []
    for job in jobs:
        target = outputs.target_dir(config.output, job.output)
        key = job_key(job, cache)
        previous = provenance.read(target)
        why = reason(key, previous)
        if why is None and not provenance.intact(target, previous, hashes):
            why = "report incomplete"
        if force:
            why = "forced"
        plans.append(Plan(job=job, key=key, previous=previous, reason=why, target=target))
    return plans


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
    for note in config.notes:
        echo(f"       note   {note}")
    if dry_run:
        hashes = provenance.HashCache(config.output)  # read, never written, by a dry run
        chosen = [j for j in config.jobs if j.name in selected]
        for plan in plan_jobs(config, chosen, force=force, hashes=hashes):
            status = "would run" if plan.reason else "up to date"
            result.jobs.append(JobStatus(plan.job.name, status, plan.reason or "up to date"))
            echo(f"{plan.job.name}: {plan.reason or 'up to date'}")
        result.seconds = time.monotonic() - t0
        return result
    critical = outputs.Critical()
    with outputs.locked(config.output) as lock_fd, critical.installed():
        try:
            _run_locked(
                config, result, lock_fd, critical, jobs=jobs, force=force, selected=selected, echo=echo
            )
        except KeyboardInterrupt:
            result.interrupted = True
        result.signum = critical.signum
    result.seconds = time.monotonic() - t0
    return result


def _clean_up_after_others(config: BuildConfig, lock_fd: int, echo: Echo) -> None:
    """Remove what a killed build left (its processes, runtime folder, temporary folders); say so."""
    done = lifetime.clean_previous(lifetime.read_previous(lock_fd), RUNTIME_PREFIX)
    swept = outputs.sweep(
        {config.output, config.output / outputs.FAILED_DIR}
        | {outputs.target_dir(config.output, j.output).parent for j in config.jobs}
    )
    if swept:
        done.append(f"removed {len(swept)} temporary folder(s) or file(s) in {config.output.name}/")
    if done:
        echo(f"       cleanup: a previous build did not finish: {'; '.join(done)}")


def _run_locked(
    config: BuildConfig,
    result: BuildResult,
    lock_fd: int,
    critical: outputs.Critical,
    *,
    jobs: int,
    force: bool,
    selected: set[str],
    echo: Echo,
) -> None:
    """The part of :func:`build` that runs under the output folder's lock."""
    _clean_up_after_others(config, lock_fd, echo)
    state = lifetime.BuildState(lock_fd)
    state.save()
    hashes = provenance.HashCache(config.output)
    plans = plan_jobs(config, config.jobs, force=False, hashes=hashes)
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
        coordinator = Coordinator(config, todo, jobs, echo, critical, state, hashes)
        try:
            coordinator.run()
        finally:
            result.kernel_starts = coordinator.kernel_starts
            result.jobs.extend(
                coordinator.statuses[p.job.name] for p in todo if p.job.name in coordinator.statuses
            )
        statuses = coordinator.statuses
    for s in result.jobs:
        statuses.setdefault(s.name, s)
    entries = index_entries(config, plans, statuses)
    with critical.section():
        outputs.prune_failed(
            config.output, {e.name for e in entries if e.status not in ("built", "up to date")}
        )
        outputs.write_atomic(config.output / INDEX, render_index(entries))
    hashes.save()
    state.clear()
