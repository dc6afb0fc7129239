"""Build worker: a long-lived process that executes notebooks (Papermill) and exports HTML (nbconvert).

Papermill changes directory with ``os.chdir`` in the calling process, so executions never share a
process: the build starts ``--jobs`` of these workers, each running one job at a time. Workers are
forked from multiprocessing's fork server, which imported Papermill and nbconvert and warmed the
HTML exporter once (:func:`warm_worker`, run by :mod:`analysis.build.preload`); where there is no
fork server they are spawned and warm up themselves. A worker keeps a pre-started kernel ready for
its next job, writes everything into the temporary folder the coordinator gave it and reports back;
the coordinator alone moves folders into place.

Messages to the coordinator (a shared queue): ``("kernel", wid, pid)`` per kernel launch,
``("ready", wid, None)`` once warm, ``("done", wid, JobOutcome)`` per task.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.build import lifetime
from analysis.build.zygote import ZygoteAddress

REPORT_NOTEBOOK = "report.ipynb"
REPORT_HTML = "index.html"
ENGINE = "newsreport"


def quiet_imports() -> None:
    """Make ``import nbformat`` cheap: skip ``rfc3987_syntax`` (≈1.3-2.7 s to import here).

    jsonschema imports it only to register the optional ``iri`` format checker, which nbformat's
    schemas never use; JupyterLab pulls the package in. Blocking it affects this process only.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Task:
    """One job as a worker sees it (plain, picklable data)."""

    name: str
    notebook: str
    parameters: dict[str, Any]
    kernel: str
    tmpdir: str
    prestart_next: bool
    cell_timeout: int | None = None


@dataclass
class JobOutcome:
    """What a worker reports for a task.

    Attributes:
        name: job name.
        ok: True when the report was written completely into the temporary folder.
        seconds: wall-clock seconds of the task in the worker.
        title: report title (first heading) when ok.
        cell: execution count of the failing cell, or None when the failure was not in a cell.
        stage: where it failed (``kernel``, ``execute``, ``export``) when not ok.
        ename, evalue: exception name and first line of its message.
        notebook_saved: the failed executed notebook was written into the temporary folder.
        reason: a plain failure reason that replaces the exception in the ``FAILED`` line
            (``kernel died``, ``timed out after N s``), or empty.
        notes: lines for the console besides the outcome (e.g. input records the loader skipped).
    """

    name: str
    ok: bool
    seconds: float
    title: str = ""
    cell: int | None = None
    stage: str = ""
    ename: str = ""
    evalue: str = ""
    notebook_saved: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    reason: str = ""
    notes: tuple[str, ...] = ()


def _register_engine() -> None:
    """Register a Papermill engine that runs on a pre-started kernel and kills it afterwards."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class PrestartedKernelEngine(NBClientEngine):
        """NBClientEngine that accepts ``km=`` and ``kc=`` and always shuts that kernel down (never reused).

        With ``kc`` (a client already connected and drained, see ``KernelPool.acquire``) the
        notebook client skips opening channels and jupyter_client's ``wait_for_ready``.
        """

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            km=None,
            kc=None,
            **kwargs,
        ):
            client = PapermillNotebookClient(
                nb_man,
                km=km,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                shutdown_kernel="immediate",
            )
            client.kc = kc
            return client.execute(cleanup_kc=True)

    papermill_engines.register(ENGINE, PrestartedKernelEngine)


_EXPORTER_WARM = False


def _warm_exporter() -> None:
    """Render a one-cell notebook once: the first export compiles templates and reads CSS (≈2 s)."""
    global _EXPORTER_WARM
    if _EXPORTER_WARM:
        return
    import nbformat

    from analysis.build import export

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("warm-up"))
    export.to_html(nb, "warm-up")
    _EXPORTER_WARM = True


def warm_worker() -> None:
    """Import Papermill and nbconvert, register the build's engine and warm the HTML exporter."""
    quiet_imports()
    _register_engine()
    _warm_exporter()


def _one_line(text: Any, limit: int = 300) -> str:
    lines = [ln.strip() for ln in str(text).splitlines() if ln.strip()]
    line = lines[0] if lines else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def run_task(task: Task, pool: Any, before_export: Any = None) -> JobOutcome:
    """Execute one job into its temporary folder: notebook, normalized report.ipynb, index.html.

    Args:
        task: the job.
        pool: the worker's :class:`~analysis.build.kernels.KernelPool`.
        before_export: called before HTML export (waits for the exporter warm-up thread).
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from analysis.build import export, kernels, normalize

    t0 = time.monotonic()
    tmp = Path(task.tmpdir)
    out_nb = tmp / REPORT_NOTEBOOK
    timings: dict[str, float] = {}

    def failed(stage: str, exc: BaseException, **details: Any) -> JobOutcome:
        details.setdefault("ename", type(exc).__name__)
        details.setdefault("evalue", _one_line(exc))
        details.setdefault("reason", failure_reason(exc, task.cell_timeout))
        return JobOutcome(task.name, False, time.monotonic() - t0, stage=stage, **details)

    try:
        lease = pool.acquire(task.kernel, tmp)
    except Exception as exc:  # noqa: BLE001 - reported as a failed job
        return failed("kernel", exc)
    timings["kernel"] = time.monotonic() - t0
    if task.prestart_next:
        try:
            pool.prestart(task.kernel)
        except Exception:  # noqa: BLE001 - the next acquire starts (and retries) on demand
            pass
    try:
        with open(task.notebook, encoding="utf-8") as fh:
            source_ids = normalize.source_cell_ids(nbformat.read(fh, as_version=4))
        nb = papermill.execute_notebook(
            task.notebook,
            str(out_nb),
            parameters={**task.parameters, "output_dir": "."},
            engine_name=ENGINE,
            kernel_name=task.kernel,
            request_save_on_cell_execute=False,
            progress_bar=False,
            execution_timeout=task.cell_timeout,
            km=lease.km,
            kc=lease.kc,
        )
    except PapermillExecutionError as exc:
        return failed(
            "execute",
            exc,
            cell=exc.exec_count,
            ename=exc.ename,
            evalue=_one_line(exc.evalue),
            notebook_saved=out_nb.exists(),
        )
    except Exception as exc:  # noqa: BLE001 - kernel death, bad notebook...
        return failed("execute", exc, notebook_saved=out_nb.exists())
    finally:
        kernels.release(lease)
    timings["execute"] = time.monotonic() - t0 - timings["kernel"]
    notes = skipped_inputs(nb)
    t1 = time.monotonic()
    try:
        if before_export is not None:
            before_export()
        normalize.normalize_notebook(nb, source_ids)
        title = normalize.first_heading(nb) or task.name
        nbformat.write(nb, str(out_nb))
        (tmp / REPORT_HTML).write_text(export.to_html(nb, title), encoding="utf-8")
    except Exception as exc:  # noqa: BLE001
        return failed("export", exc, notebook_saved=out_nb.exists())
    timings["export"] = time.monotonic() - t1
    return JobOutcome(task.name, True, time.monotonic() - t0, title=title, timings=timings, notes=notes)


#: How the article loaders' warnings (a skipped JSONL/CSV record or file) appear on a cell's stderr.
LOADER_WARNING = re.compile(r"ArticleWarning: (.+)")
#: At most this many skipped-input lines per job go to the console (the report lists them all).
MAX_NOTES = 20


def skipped_inputs(nb: Any) -> tuple[str, ...]:
    """What the article loaders skipped while a notebook ran (from its cells' stderr), for the console."""
    found: list[str] = []
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = out.get("text", "")
                text = "".join(text) if isinstance(text, list) else str(text)
                found.extend("skipped input: " + _one_line(m) for m in LOADER_WARNING.findall(text))
    found = list(dict.fromkeys(found))
    if len(found) > MAX_NOTES:
        found = [*found[:MAX_NOTES], f"... and {len(found) - MAX_NOTES} more (listed in the report)"]
    return tuple(found)


def failure_reason(exc: BaseException, cell_timeout: int | None) -> str:
    """``kernel died`` for a dead kernel, ``timed out after N s`` for a cell timeout, else ``""``."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(exc, DeadKernelError):
        return "kernel died"
    if isinstance(exc, CellTimeoutError):
        return f"timed out after {cell_timeout} s (a cell ran too long)"
    return ""


def _terminate(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _own_signals() -> None:
    """SIGINT ignored (the coordinator decides), SIGTERM exits through ``finally``.

    Set again after every job: nbclient installs its own handlers while it executes and resets
    them to the defaults afterwards.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminate)


def worker_main(
    wid: int,
    tasks: Any,
    results: Any,
    env: dict[str, str],
    kernel: str,
    warm_imports: tuple[str, ...],
    zygote: ZygoteAddress | None = None,
    runtime_dir: str | None = None,
    owner: int | None = None,
) -> None:
    """Entry point of a worker process: warm up, then run tasks until a ``None`` arrives.

    SIGINT is ignored (the coordinator decides what an interrupt means); SIGTERM exits through
    ``finally`` so spare kernels are shut down. The worker ends when process ``owner`` (the
    build) ends, so a killed build leaves no worker behind (and no kernel: they watch the worker).
    """
    _own_signals()
    if owner is not None:
        lifetime.exit_with(owner)
    quiet_imports()
    from analysis.build.kernels import KernelPool, warm_code

    pool = KernelPool(
        env=env,
        warm=warm_code(warm_imports),
        on_start=lambda pid: results.put(("kernel", wid, pid)),
        zygote=zygote,
        runtime_dir=runtime_dir,
    )
    try:
        pool.prestart(kernel)  # boots while this process imports Papermill (when not forked warm)
        _register_engine()
        warm = threading.Thread(target=_warm_exporter, name="warm-exporter", daemon=True)
        warm.start()  # a no-op when forked warm; else overlaps the first job's execution
        results.put(("ready", wid, None))
        while True:
            task = tasks.get()
            if task is None:
                break
            try:
                outcome = run_task(task, pool, before_export=warm.join)
            except Exception as exc:  # noqa: BLE001 - never lose the worker over one job
                traceback.print_exc()
                outcome = JobOutcome(
                    task.name, False, 0.0, stage="worker", ename=type(exc).__name__, evalue=_one_line(exc)
                )
            _own_signals()
            results.put(("done", wid, outcome))
    finally:
        pool.close()
