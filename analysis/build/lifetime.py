"""Process lifetime of a build: children die with their parent; what a killed build left is found.

A build starts a fork server, workers, kernels and a zygote. Normally it stops them itself; when
the build is killed (SIGKILL, the OOM killer), they must not outlive it:

* workers end when the build process ends (:func:`exit_with`: a thread waits on the build's
  pidfd; their parent is the fork server, which itself ends only when the last worker has);
* forked kernels end with their worker the same way (:mod:`analysis.build.zygote`), launched
  ones through ipykernel's parent poller;
* and, as a last resort, the build records its processes and its runtime folder in a state file
  (:class:`BuildState`); the next build kills what is still running and removes that folder.

Processes are identified by pid *and* start time, so a reused pid is never signalled.
Touches only processes this module's records name; never reads or writes report folders.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Words one of which a recorded process's command line must hold before it is killed.
OUR_COMMANDS = (b"ipykernel", b"analysis.build", b"multiprocessing")


def exit_with(owner: int) -> None:
    """End this process (``os._exit(1)``) as soon as process ``owner`` ends.

    A daemon thread waits on the owner's pidfd (Linux), so this works whoever the owner is: a
    build worker watches the build (its parent is the fork server, which outlives the build as
    long as any worker lives), a forked kernel watches its worker. A no-op where pidfds do not
    exist or ``owner`` is not a real process id; exits at once if the owner is already gone.
    """
    if owner <= 1 or not hasattr(os, "pidfd_open"):
        return
    import select
    import threading

    try:
        fd = os.pidfd_open(owner)
    except OSError:
        os._exit(1)  # the owner is already gone

    def watch() -> None:
        select.select([fd], [], [])
        os._exit(1)

    threading.Thread(target=watch, name="owner-watch", daemon=True).start()


def start_time(pid: int) -> int | None:
    """The start time of process ``pid`` in clock ticks since boot (``/proc``), or None if gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: split after its last ')'
    fields = stat[stat.rfind(b")") + 2 :].split()
    try:
        return int(fields[19])
    except (IndexError, ValueError):
        return None


def _command(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read()
    except OSError:
        return b""


def kill_recorded(pid: int, started: int | None) -> bool:
    """SIGKILL ``pid`` if it is still the process recorded (same start time) and one of ours.

    Returns:
        True when a signal was sent.
    """
    if pid <= 1 or pid == os.getpid():
        return False
    now = start_time(pid)
    if now is None or (started is not None and now != started):
        return False
    if not any(word in _command(pid) for word in OUR_COMMANDS):
        return False
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        return False
    return True


@dataclass
class BuildState:
    """What a running build records in its output folder's lock file (JSON), for the next build.

    Attributes:
        fd: the open lock file (held locked by the build).
        pid: this build's process id.
        runtime: the build's private folder for sockets and connection files.
        processes: ``[pid, start time]`` of the processes it started.
    """

    fd: int
    pid: int = field(default_factory=os.getpid)
    runtime: str | None = None
    processes: list[list[int | None]] = field(default_factory=list)

    def add(self, pid: int | None) -> None:
        """Record a process (kernel, worker, zygote) and save the state."""
        if pid:
            self.processes.append([int(pid), start_time(int(pid))])
            self.save()

    def save(self) -> None:
        """Write the state into the lock file (in place; the lock stays held)."""
        data = {"pid": self.pid, "runtime": self.runtime, "processes": self.processes}
        text = json.dumps(data, separators=(",", ":")).encode()
        os.lseek(self.fd, 0, os.SEEK_SET)
        os.ftruncate(self.fd, 0)
        os.write(self.fd, text)

    def clear(self) -> None:
        """Forget everything: the build ended and cleaned up after itself."""
        self.runtime, self.processes = None, []
        with contextlib.suppress(OSError):
            os.lseek(self.fd, 0, os.SEEK_SET)
            os.ftruncate(self.fd, 0)


def read_previous(fd: int) -> dict[str, Any] | None:
    """The state a previous build left in the lock file, or None (it ended cleanly, or never ran)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = b""
        while chunk := os.read(fd, 1 << 16):
            raw += chunk
        data = json.loads(raw) if raw.strip() else None
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def clean_previous(previous: dict[str, Any] | None, runtime_prefix: str) -> list[str]:
    """Kill what a build that did not end left running and remove its runtime folder.

    Args:
        previous: :func:`read_previous`'s record.
        runtime_prefix: the name prefix a runtime folder must have to be removed.

    Returns:
        what was done, one phrase per item (empty when there was nothing to do).
    """
    if not previous:
        return []
    done = []
    killed = 0
    for item in previous.get("processes") or []:
        try:
            pid, started = int(item[0]), (None if item[1] is None else int(item[1]))
        except (TypeError, ValueError, IndexError):
            continue
        killed += kill_recorded(pid, started)
    if killed:
        done.append(f"killed {killed} leftover process(es)")
    runtime = previous.get("runtime")
    if isinstance(runtime, str) and Path(runtime).name.startswith(runtime_prefix) and Path(runtime).is_dir():
        shutil.rmtree(runtime, ignore_errors=True)
        done.append(f"removed {runtime}")
    return done
