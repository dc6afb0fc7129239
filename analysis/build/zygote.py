"""Kernel zygote: fork fresh kernels from a process that has already imported what reports need.

A kernel's start-up is mostly imports (IPython, ipykernel, numpy, pandas, matplotlib, the
``analysis`` package): about 2 CPU-seconds per kernel, paid again for every report. The build
therefore starts one *zygote* per build: a single-threaded Python process, launched exactly as the
kernel spec would launch the kernel (same interpreter, flags, environment and working folder),
that imports those modules, fills the read-only caches of ``analysis`` (registry, lexicons) and
then waits. Each job's kernel is a ``fork()`` of it that becomes an ipykernel, so every report
still runs in its own fresh process that ran no other report's code, and dies with its job.

Protocol (Unix socket, one request per connection): the client sends one JSON line
``{"argv": [...], "env": {...}, "cwd": "..."}``; the forked child starts a new session, answers
``{"pid": N}`` and runs ``ipykernel`` with ``argv``. The zygote exits when its stdin closes (its
owner ended or died) or on SIGTERM.

Linux only (``os.pidfd_open``); elsewhere :func:`supported` is False and kernels launch normally.
"""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.build import lifetime

#: Variables that only matter after start-up and that jupyter_client adds or changes per kernel.
RUNTIME_ENV = frozenset({"JPY_PARENT_PID", "JPY_SESSION_NAME"})
LAUNCHER = ("-m", "ipykernel_launcher")
CONNECT_TIMEOUT = 120.0
SOCKET_NAME = "zygote.sock"
#: What ipykernel imports to start (and then while initialising: debugger, completer, history,
#: object inspector, the default storemagic extension, tornado's asyncio loop).
KERNEL_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "IPython.utils.wildcard",
    "faulthandler",
    "sqlite3",
    "tornado.gen",
    "tornado.locks",
    "tornado.platform.asyncio",
    "tornado.queues",
)


class ZygoteError(RuntimeError):
    """The zygote could not fork a kernel (the caller launches one the normal way)."""


def supported() -> bool:
    """True where kernels can be forked from a zygote (Linux: fork and pidfd)."""
    return hasattr(os, "fork") and hasattr(os, "pidfd_open") and sys.platform.startswith("linux")


def interpreter_argv(kernel_argv: list[str]) -> list[str] | None:
    """The part of a kernel spec's argv before ``-m ipykernel_launcher`` (interpreter and flags).

    None when the kernel is not launched as ``<python> [flags] -m ipykernel_launcher ...``.
    """
    for i in range(1, len(kernel_argv) - 1):
        if tuple(kernel_argv[i : i + 2]) == LAUNCHER:
            return list(kernel_argv[:i])
    return None


def spec_argv(kernel_name: str) -> list[str] | None:
    """The argv of the kernel spec ``kernel_name``, or None for a kernel jupyter_client does not know.

    Reads the first ``kernels/<name>/kernel.json`` on Jupyter's data path, in the order
    jupyter_client searches, without importing jupyter_client (~0.3 s, while the zygote waits to
    start); a spec found only elsewhere (IPython's folder, ipykernel's built-in one) is asked of
    jupyter_client. Either way, a worker forks a kernel only when its own jupyter_client resolves
    the same command (:meth:`ZygoteAddress.serves`).
    """
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("kernels"):
        spec = Path(folder) / kernel_name.lower() / "kernel.json"
        try:
            argv = json.loads(spec.read_text(encoding="utf-8"))["argv"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if isinstance(argv, list) and all(isinstance(a, str) for a in argv):
            return argv
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        return list(KernelSpecManager().get_kernel_spec(kernel_name).argv)
    except Exception:  # noqa: BLE001 - unknown or broken kernel spec
        return None


@dataclass(frozen=True)
class ZygoteAddress:
    """How a build worker reaches the zygote (plain, picklable data).

    Attributes:
        socket_path: the zygote's Unix socket.
        prefix: interpreter argv the zygote was started with (kernel argv up to ``-m``).
        env: the zygote's start-up environment.
    """

    socket_path: str
    prefix: tuple[str, ...]
    env: tuple[tuple[str, str], ...]

    def serves(self, cmd: list[str], env: dict[str, str]) -> bool:
        """True when a kernel launched as ``cmd`` with ``env`` would start exactly like a fork."""
        prefix = interpreter_argv(cmd)
        if prefix is None or tuple(prefix) != self.prefix:
            return False
        mine = dict(self.env)
        keys = (set(mine) | set(env)) - RUNTIME_ENV
        return all(mine.get(k) == env.get(k) for k in keys)

    def fork(self, cmd: list[str], env: dict[str, str], cwd: str) -> int:
        """Ask the zygote for a kernel running ``cmd``'s ipykernel arguments; return its pid.

        Raises:
            ZygoteError: the zygote is gone or did not answer.
        """
        args = cmd[len(self.prefix) + len(LAUNCHER) :]
        request = json.dumps({"argv": args, "env": env, "cwd": cwd}).encode() + b"\n"
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(CONNECT_TIMEOUT)  # the first request waits for the zygote's imports
                sock.connect(self.socket_path)
                sock.sendall(request)
                reply = _read_line(sock)
            return int(json.loads(reply)["pid"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ZygoteError(f"kernel zygote did not fork: {type(exc).__name__}: {exc}") from None


def _read_line(sock: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("connection closed before a reply")
        data += chunk
    return data


@dataclass
class Zygote:
    """A running zygote owned by the build coordinator; :meth:`close` it when the build ends."""

    proc: subprocess.Popen[bytes]
    address: ZygoteAddress
    folder: str

    @classmethod
    def start(
        cls,
        kernel_argv: list[str],
        env: dict[str, str],
        warm_modules: tuple[str, ...],
        runtime_dir: str | None = None,
    ) -> Zygote | None:
        """Start a zygote for kernels launched with ``kernel_argv``; None where not possible.

        Args:
            kernel_argv: the kernel spec's argv, ``<python> [flags] -m ipykernel_launcher -f {...}``.
            env: the kernels' environment.
            warm_modules: modules to import before forking (failures are ignored).
            runtime_dir: folder to make the socket's folder in (default: the temp folder).
        """
        prefix = interpreter_argv(kernel_argv)
        if not supported() or prefix is None:
            return None
        folder = tempfile.mkdtemp(prefix="newsreport-zygote-", dir=runtime_dir)
        path = os.path.join(folder, SOCKET_NAME)
        # bound and listening before the zygote starts: requests queue until it accepts them
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(path)
            listener.listen(16)
            cmd = [*prefix, "-m", "analysis.build.zygote", str(listener.fileno()), *warm_modules]
            proc = subprocess.Popen(
                cmd,
                env=env,
                cwd=folder,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(listener.fileno(),),
            )
        except OSError:
            _remove(folder)
            return None
        finally:
            listener.close()
        address = ZygoteAddress(path, tuple(prefix), tuple(sorted(env.items())))
        return cls(proc=proc, address=address, folder=folder)

    def close(self) -> None:
        """Stop the zygote (kernels it forked are not affected) and remove its socket folder."""
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.terminate()  # it holds no state; it may still be importing
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        _remove(self.folder)


def _remove(folder: str) -> None:
    try:
        os.unlink(os.path.join(folder, SOCKET_NAME))
    except OSError:
        pass
    try:
        os.rmdir(folder)
    except OSError:
        pass


# --------------------------------------------------------------------------- the zygote process


def _warm(modules: list[str]) -> None:
    """Import what kernels need and fill ``analysis``'s read-only caches (failures are ignored)."""
    import importlib

    # what ipykernel would set during start-up, before matplotlib reads it at import
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for name in (*KERNEL_MODULES, *modules):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a kernel imports it again and shows the error
            pass
    try:
        _fill_caches()
    except Exception:  # noqa: BLE001 - kernels fill them on first use instead
        pass


#: A few sentences that touch every cache of ``analysis`` (registry, lexicons, verb lists, fonts).
WARM_TEXT = """Warm-up article

WASHINGTON — The United States warned Russia on Monday, Secretary of State Antony Blinken said.
"We will respond," he told reporters. NATO and the OSCE met in Vienna, according to officials.
"""


#: Blank figures made for each kernel to take (an article report draws 14; a corpus report fewer).
BLANK_FIGURES = 14


def _fill_caches() -> None:
    """Analyse a tiny article and render one figure (loads data files, compiles patterns, opens
    fonts), then make a report's worth of blank figures (:func:`analysis.figures.make_blank_figures`)."""
    from analysis import figures
    from analysis.articles import article_from_text
    from analysis.pipeline import analyze

    result = analyze(article_from_text(WARM_TEXT))
    figures.png_bytes(figures.plot_tone_distribution(result.sentiment))
    figures.make_blank_figures(BLANK_FIGURES)


def _become_kernel(conn: socket.socket, listener: socket.socket, request: dict[str, Any]) -> None:
    """In the forked child: detach, take the request's environment, answer, run ipykernel."""
    try:
        gc.enable()
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        listener.close()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.close(devnull)
        conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
        conn.close()
        # ipykernel's parent poller read JPY_PARENT_PID at import (in the zygote, before this
        # request's environment) and compares it with the zygote: watch the owner ourselves.
        lifetime.exit_with(int(request["env"].get("JPY_PARENT_PID") or 0))
        sys.argv = [_launcher_path(), *request["argv"]]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=list(request["argv"]))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - never return into the zygote's loop
        code = 1
    os._exit(code)


def _launcher_path() -> str:
    """``sys.argv[0]`` of a kernel started as ``-m ipykernel_launcher``: the launcher's file."""
    import importlib.util

    spec = importlib.util.find_spec("ipykernel_launcher")
    return spec.origin if spec is not None and spec.origin else "ipykernel_launcher"


def _serve(listener: socket.socket) -> None:
    while True:
        ready, _, _ = select.select([listener, sys.stdin.buffer], [], [])
        if sys.stdin.buffer in ready and not os.read(sys.stdin.fileno(), 1):
            return  # the owner closed our stdin or died
        if listener not in ready:
            continue
        conn, _ = listener.accept()
        try:
            conn.settimeout(10)
            request = json.loads(_read_line(conn))
        except (OSError, ValueError):
            conn.close()
            continue
        try:
            pid = os.fork()
        except OSError:
            pid = -1  # the client sees the connection close and launches normally
        if pid == 0:
            _become_kernel(conn, listener, request)
        conn.close()


def main(argv: list[str] | None = None) -> int:
    """Zygote entry point: ``python [flags] -m analysis.build.zygote FD [MODULE ...]``.

    ``FD`` is an inherited, listening Unix socket.
    """
    args = sys.argv[1:] if argv is None else argv
    # as ipykernel_launcher does: the working folder is not an import location
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build decides what an interrupt means
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked kernels are reaped automatically
    listener = socket.socket(fileno=int(args[0]))  # requests queue on it while the imports below run
    # As the gc module's documentation advises for a process that forks without exec: no
    # collections while importing (saves ~0.3 s here), then everything that exists is frozen, so
    # kernels' collections never walk (or copy-on-write) the zygote's objects; kernels re-enable
    # it. No collection before freezing either: it would cost ~0.13 s before the first fork to
    # free ~5,000 objects of import-time garbage.
    gc.disable()
    _warm(args[1:])
    gc.freeze()
    try:
        _serve(listener)
    finally:
        listener.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
