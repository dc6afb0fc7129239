"""Pre-warmed kernels: start the next job's kernel while the current job runs.

Every job gets a fresh kernel that is never reused. A pool keeps (at most) one spare kernel per
kernel name, launched ahead of need and already running a warm-up cell (``import pandas,
matplotlib...``), so kernel start-up and heavy imports leave the critical path. Kernels use the
``ipc`` transport (Unix sockets under a private folder), which avoids the TCP port races parallel
kernels otherwise hit; a kernel that fails to start is retried once.

When the build runs a kernel zygote (:mod:`analysis.build.zygote`), a kernel whose spec it serves
is forked from it instead of launched: same process state as a fresh launch after its imports,
without paying for them again.

Every kernel gets an *asynchronous* client (``AsyncKernelClient``, parented to its manager). A
notebook client given a blocking one reads IOPub with a blocking, timeout-less call and never runs
its kernel-liveness poll or its cell timeout: a kernel that died mid-cell would hang the job
forever. With an asynchronous client, nbclient notices a dead kernel within about a second
(``DeadKernelError``) and honours ``timeout``. The pool itself reads that client's replies through
jupyter_core's ``run_sync`` (the same per-thread event loop nbclient uses).

Imports jupyter_client lazily: use from a build worker only.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.build.zygote import ZygoteAddress, ZygoteError

#: What a spare kernel imports while it waits: the report notebooks' own first imports. Not
#: ``matplotlib.pyplot``: importing it under the inline backend would change what cells display.
WARM_MODULES = (
    "numpy",
    "pandas",
    "matplotlib",
    "networkx",
    "analysis.pipeline",
    "analysis.figures",
    "analysis.report",
)
START_TIMEOUT = 60.0
#: Added to every report kernel's command: no IPython history database (scheduled builds would
#: otherwise add every report cell to the user's ~/.ipython history, and write it as they run).
KERNEL_ARGUMENTS = ("--HistoryManager.enabled=False",)
#: How long a spare's client waits for an IOPub status before asking the kernel again.
IOPUB_WAIT = 0.5
#: How long killing a forked kernel waits for it to be gone (it takes milliseconds).
KILL_WAIT = 2.0
#: Prefix of the private folders holding kernels' sockets and connection files (under the temp dir).
RUNTIME_PREFIX = "newsreport-kernels-"


class KernelStartError(RuntimeError):
    """A kernel did not come up (after one retry)."""


def warm_code(modules: tuple[str, ...] = WARM_MODULES) -> str:
    """Code a spare kernel runs while it waits: import the heavy modules, ignore failures."""
    if not modules:
        return "pass\n"
    names = "".join(f"{m!r}, " for m in modules)
    return (
        "import importlib as _il\n"
        f"for _m in ({names}):\n"
        "    try:\n"
        "        _il.import_module(_m)\n"
        "    except Exception:\n"
        "        pass\n"
        "del _il, _m\n"
    )


def chdir_code(path: Path) -> str:
    """Code that moves a kernel into a job's output folder before the notebook runs."""
    return f"import os as _os\n_os.chdir({str(path)!r})\ndel _os\n"


@dataclass(frozen=True)
class Lease:
    """A job's kernel: its manager and a connected, drained blocking client (both shut by :func:`release`)."""

    km: Any
    kc: Any


@dataclass
class _Spare:
    km: Any
    kc: Any
    msg_id: str
    started: float


@dataclass
class KernelPool:
    """Fresh kernels on demand, one spare pre-started per kernel name.

    Args:
        env: environment of the kernels (e.g. ``PYTHONPATH`` = code root, ``PYTHONHASHSEED=0``).
        warm: code a new kernel runs before it is handed out.
        on_start: called with the kernel's pid after each launch (the build counts starts).
        zygote: where to fork kernels from, or None to launch every kernel as a new process.
    """

    env: dict[str, str]
    warm: str = field(default_factory=warm_code)
    on_start: Any = None
    zygote: ZygoteAddress | None = None
    starts: int = 0
    _spares: dict[str, _Spare] = field(default_factory=dict)
    runtime_dir: str | None = None
    _dir: str = ""

    def __post_init__(self) -> None:
        if self.runtime_dir:
            self._dir = tempfile.mkdtemp(prefix=f"pool-{os.getpid()}-", dir=self.runtime_dir)
        else:
            self._dir = tempfile.mkdtemp(prefix=RUNTIME_PREFIX)

    def _launch(self, kernel_name: str) -> _Spare:
        from jupyter_client.manager import KernelManager

        km = KernelManager(kernel_name=kernel_name, transport="ipc")
        km.connection_file = os.path.join(self._dir, f"k{self.starts}-{os.getpid()}.json")
        if self.zygote is not None:
            km.provisioner = fork_provisioner(km, self.zygote)
        km.start_kernel(
            env=self.env,
            cwd=self._dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            extra_arguments=list(KERNEL_ARGUMENTS),
        )
        self.starts += 1
        if self.on_start is not None:
            self.on_start(_pid(km))
        kc = async_client(km)
        kc.start_channels()
        msg_id = kc.execute(self.warm, silent=True, store_history=False)
        return _Spare(km=km, kc=kc, msg_id=msg_id, started=time.monotonic())

    def prestart(self, kernel_name: str) -> None:
        """Launch a spare kernel for ``kernel_name`` unless one is waiting already."""
        if kernel_name not in self._spares:
            self._spares[kernel_name] = self._launch(kernel_name)

    def acquire(self, kernel_name: str, cwd: Path) -> Lease:
        """A started, warmed kernel running in ``cwd``, with a ready client; release it after use.

        The client has seen the kernel's shell replies and its IOPub messages for the warm-up and
        the move to ``cwd``, so it is connected on both and holds nothing unread: a notebook client
        can use it at once instead of opening new channels and waiting for IOPub to go quiet
        (jupyter_client's ``wait_for_ready`` ends with a 0.2 s silence on IOPub).

        Raises:
            KernelStartError: the kernel failed to come up twice.
        """
        last: Exception | None = None
        for _attempt in range(2):
            spare = self._spares.pop(kernel_name, None) or self._launch(kernel_name)
            try:
                _wait_reply(spare, spare.msg_id)
                spare.started = time.monotonic()
                spare.msg_id = spare.kc.execute(chdir_code(cwd), silent=True, store_history=False)
                _wait_reply(spare, spare.msg_id)
                _sync_iopub(spare, spare.msg_id)
                return Lease(spare.km, spare.kc)
            except Exception as exc:  # noqa: BLE001 - any start failure gets one retry
                last = exc
                _shutdown(spare.km, spare.kc)
        raise KernelStartError(f"kernel {kernel_name!r} did not start: {type(last).__name__}: {last}")

    def close(self) -> None:
        """Shut down every spare kernel and remove the pool's socket folder."""
        for spare in self._spares.values():
            _shutdown(spare.km, spare.kc)
        self._spares.clear()
        try:
            for name in os.listdir(self._dir):
                os.unlink(os.path.join(self._dir, name))
            os.rmdir(self._dir)
        except OSError:
            pass


def async_client(km: Any) -> Any:
    """An asynchronous client of ``km``'s kernel, parented to ``km`` (its ``is_alive`` asks ``km``)."""
    from jupyter_client.asynchronous import AsyncKernelClient

    info = km.get_connection_info(session=True)
    return AsyncKernelClient(**info, connection_file=km.connection_file, parent=km)


def _blocking(method: Any) -> Any:
    """Call an async client's coroutine method synchronously, on this thread's event loop."""
    from jupyter_core.utils import run_sync

    return run_sync(method)


def fork_provisioner(km: Any, zygote: ZygoteAddress) -> Any:
    """A jupyter_client provisioner for ``km`` that forks its kernel from ``zygote`` when it can.

    It falls back to a normal launch when the zygote does not serve the kernel's command and
    environment, or does not answer.
    """
    import uuid

    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            # as jupyter_client's launcher does: the kernel ends when this process does
            env = {**(kwargs.get("env") or os.environ), "JPY_PARENT_PID": str(os.getpid())}
            cwd = str(kwargs.get("cwd") or os.getcwd())
            try:
                if not zygote.serves(cmd, env):
                    raise ZygoteError("the zygote does not serve this kernel")
                pid = zygote.fork(cmd, env, cwd)
                process = ForkedProcess(pid)
            except (ZygoteError, OSError):
                return await super().launch_kernel(cmd, **kwargs)
            self.process = process
            self.pid = self.pgid = pid  # the child started its own session before answering
            self.cwd = cwd
            return self.connection_info

        async def kill(self, restart: bool = False) -> None:
            # jupyter_client then polls for the kernel's end every 0.1 s; a pidfd says at once.
            await super().kill(restart=restart)
            if isinstance(self.process, ForkedProcess):
                try:
                    self.process.wait(timeout=KILL_WAIT)
                except subprocess.TimeoutExpired:
                    pass

    km.kernel_id = km.kernel_id or str(uuid.uuid4())
    return ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)


class ForkedProcess:
    """The part of :class:`subprocess.Popen` jupyter_client uses, for a kernel forked by the zygote.

    The kernel is the zygote's child, not ours: it is watched and signalled through a pidfd, which
    cannot reach another process once the kernel's pid is reused. Its exit status is not ours to
    collect: ``returncode`` is minus the last signal sent through this object, else 0.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self._signal = 0
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:
            self._fd, self.returncode = None, 0  # already gone

    def poll(self) -> int | None:
        """None while the kernel runs, else its (approximate) return code."""
        if self.returncode is None and self._fd is not None:
            if select.select([self._fd], [], [], 0)[0]:
                self._exited()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to exit (raises :class:`subprocess.TimeoutExpired` after ``timeout``)."""
        if self.returncode is None and self._fd is not None:
            if not select.select([self._fd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            self._exited()
        return self.returncode or 0

    def send_signal(self, sig: int) -> None:
        """Signal the kernel (nothing happens once it has exited)."""
        if self._fd is not None and self.returncode is None:
            signal.pidfd_send_signal(self._fd, sig)
            self._signal = sig

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def _exited(self) -> None:
        self.returncode = -self._signal if self._signal else 0
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _pid(km: Any) -> int | None:
    prov = getattr(km, "provisioner", None)
    proc = getattr(prov, "process", None)
    return getattr(proc, "pid", None)


def _parent_id(msg: dict[str, Any]) -> str | None:
    return msg.get("parent_header", {}).get("msg_id")


def _wait_for(
    spare: _Spare, get: Any, done: Any, what: str, limit: float = START_TIMEOUT
) -> dict[str, Any] | None:
    """Read messages with ``get`` until ``done(msg)`` and return it.

    Raises if the kernel died or start-up timed out; returns None after ``limit`` seconds.
    """
    from queue import Empty

    deadline = spare.started + START_TIMEOUT
    give_up = time.monotonic() + limit
    while True:
        try:
            msg = get(timeout=min(max(0.01, min(deadline, give_up) - time.monotonic()), 1.0))
        except Empty:
            if not spare.km.is_alive():
                raise RuntimeError("kernel died during start-up") from None
            if time.monotonic() >= deadline:
                raise TimeoutError(f"kernel sent no {what} within {START_TIMEOUT:.0f} s") from None
            if time.monotonic() >= give_up:
                return None
            continue
        if done(msg):
            return msg


def _wait_reply(spare: _Spare, msg_id: str) -> None:
    """Wait for the shell reply to ``msg_id``; raise if the kernel died, erred or timed out."""
    get = _blocking(spare.kc.get_shell_msg)
    msg = _wait_for(spare, get, lambda m: _parent_id(m) == msg_id, "reply")
    content = msg["content"] if msg else {}
    if content.get("status") != "ok":
        raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")


def _sync_iopub(spare: _Spare, msg_id: str) -> None:
    """Read IOPub up to the kernel's ``idle`` status for the last request, ``msg_id``.

    Seeing it proves IOPub is connected and leaves nothing unread. A subscriber that connected
    late misses messages, so when the status does not come, ask again (``kernel_info``) until one
    does, as jupyter_client's ``wait_for_ready`` does, but without its final 0.2 s of silence.
    """

    def idle_after(request: str) -> Any:
        return lambda msg: (
            msg.get("msg_type") == "status"
            and _parent_id(msg) == request
            and msg["content"].get("execution_state") == "idle"
        )

    get = _blocking(spare.kc.get_iopub_msg)
    while _wait_for(spare, get, idle_after(msg_id), "idle status", IOPUB_WAIT) is None:
        msg_id = spare.kc.kernel_info()
        _wait_reply(spare, msg_id)


def release(lease: Lease) -> None:
    """Close a job's client and shut its kernel down (immediately; it is never reused)."""
    _shutdown(lease.km, lease.kc)


def _shutdown(km: Any, kc: Any) -> None:
    try:
        if kc is not None:
            kc.stop_channels()
    except Exception:  # noqa: BLE001 - best effort on the way out
        pass
    try:
        km.shutdown_kernel(now=True)
    except Exception:  # noqa: BLE001
        pass
    try:
        km.cleanup_resources()
    except Exception:  # noqa: BLE001
        pass
