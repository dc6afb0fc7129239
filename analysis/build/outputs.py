"""Report folders on disk: temporary folders, atomic replacement, failed notebooks, the build lock.

A job writes into ``<parent>/.tmp-<name>-<random>`` beside its target; only a complete report
is moved into place: the old folder is renamed to a trash name, the new one renamed into place,
then the trash deleted. Stop signals (SIGINT, SIGTERM, SIGHUP) are deferred while the two
renames run (see :class:`Critical`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

TMP_PREFIX = ".tmp-"
TRASH_PREFIX = ".trash-"
FAILED_DIR = ".failed"
LOCK_FILE = ".newsreport.lock"


class BuildLockedError(RuntimeError):
    """Another build holds the output folder's lock."""


#: Signals that end a build like Ctrl-C (exit code 128 + the signal's number).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Critical:
    """Defer a stop signal while a folder swap runs, then deliver it as KeyboardInterrupt.

    SIGINT, SIGTERM and SIGHUP all stop a build the same way; :attr:`signum` says which came
    (the exit code is ``128 + signum``).
    """

    def __init__(self) -> None:
        self.active = 0
        self.pending = False
        self.signum: int | None = None

    def handler(self, signum: int, frame: object) -> None:
        """Stop-signal handler: raise now, or remember it until the critical section ends."""
        if self.signum is None:
            self.signum = signum
        if self.active:
            self.pending = True
            return
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def section(self) -> Iterator[None]:
        """Run a block that must not be interrupted half-way."""
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1
        if not self.active and self.pending:
            self.pending = False
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def shielded(self) -> Iterator[None]:
        """Ignore stop signals during a block (cleanup after an interrupt must finish)."""
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1
            self.pending = False

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Install :meth:`handler` for :data:`STOP_SIGNALS` (main thread only) during the block."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        old = {sig: signal.signal(sig, self.handler) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in old.items():
                signal.signal(sig, handler)


def target_dir(root: Path, output: str) -> Path:
    """The final folder of a job's report."""
    return root.joinpath(*output.split("/"))


def make_tmp(root: Path, output: str) -> Path:
    """Create the temporary folder beside a job's target (``.tmp-<leaf>-<random>``)."""
    target = target_dir(root, output)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{target.name}-", dir=target.parent))
    os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; a report folder is as readable as any
    return tmp


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace_dir(tmp: Path, target: Path, critical: Critical | None = None) -> None:
    """Move a complete report folder into place, replacing the previous one atomically.

    Readers see either the old folder or the new one; the old one is deleted afterwards.
    """
    trash = None
    section = critical.section() if critical else contextlib.nullcontext()
    with section:
        if target.exists():
            trash = Path(tempfile.mkdtemp(prefix=f"{TRASH_PREFIX}{target.name}-", dir=target.parent))
            os.rmdir(trash)
            os.rename(target, trash)
        os.rename(tmp, target)
        if trash is not None:
            shutil.rmtree(trash, ignore_errors=True)


def failed_path(root: Path, name: str) -> Path:
    """Where the failed executed notebook of a job is kept (``reports/.failed/<job>.ipynb``)."""
    return root / FAILED_DIR / (name.replace("/", "__") + ".ipynb")


def save_failed(root: Path, name: str, notebook: Path) -> Path | None:
    """Move a failed executed notebook out of its temporary folder to :func:`failed_path`.

    Only a notebook that is complete JSON is kept, and it replaces the previous one atomically
    (through a temporary file and ``os.replace``): the index never links a truncated file. When
    it cannot be written (a full disk, a file-size limit), nothing is saved.

    Returns:
        the saved notebook, or None.
    """
    dest = failed_path(root, name)
    try:
        data = notebook.read_bytes()
        json.loads(data)
    except (OSError, ValueError):
        return None
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(dest, data)
    except OSError:
        return None
    return dest


def clear_failed(root: Path, name: str) -> None:
    """Forget a job's failed notebook after it built successfully."""
    with contextlib.suppress(FileNotFoundError):
        failed_path(root, name).unlink()


def prune_failed(root: Path, keep: set[str]) -> list[Path]:
    """Remove ``.failed/*.ipynb`` files except those of the jobs named in ``keep``; return them."""
    folder = root / FAILED_DIR
    if not folder.is_dir():
        return []
    wanted = {failed_path(root, n).name for n in keep}
    removed = []
    for p in sorted(folder.iterdir()):
        if p.is_file() and p.name not in wanted:
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed


def remove_tree(path: Path) -> None:
    """Delete a temporary folder (missing is fine)."""
    shutil.rmtree(path, ignore_errors=True)


def sweep(folders: set[Path]) -> list[Path]:
    """Clean up after interrupted builds inside ``folders``.

    ``.tmp-*`` folders and files are deleted. A ``.trash-<job>-*`` folder is the previous report of a
    replacement that was killed between its two renames: when ``<job>`` is missing it is moved
    back into place (the good report is never lost), otherwise it is deleted.

    Returns:
        the folders removed or restored.
    """
    removed = []
    for folder in sorted(folders):
        if not folder.is_dir():
            continue
        for p in sorted(folder.iterdir()):
            if not p.is_dir():
                if p.name.startswith(TMP_PREFIX) and not p.is_symlink():  # a half-written file
                    with contextlib.suppress(OSError):
                        p.unlink()
                        removed.append(p)
                continue
            if p.name.startswith(TRASH_PREFIX):
                job = folder / p.name[len(TRASH_PREFIX) :].rsplit("-", 1)[0]
                if not job.exists():
                    os.rename(p, job)
                    removed.append(p)
                    continue
            if p.name.startswith((TMP_PREFIX, TRASH_PREFIX)):
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p)
    return removed


@contextlib.contextmanager
def locked(root: Path) -> Iterator[int]:
    """Hold an exclusive lock on the output folder for a build; yield the lock file's descriptor.

    The lock file also holds the build's state (:class:`analysis.build.lifetime.BuildState`).

    Raises:
        BuildLockedError: another build runs on the same folder.
    """
    import fcntl

    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLockedError(
                f"another build is running in {root} (it holds {LOCK_FILE}); try again when it ends"
            ) from None
        yield fd
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str) -> None:
    """Write a text file through a temporary file and ``os.replace``."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary file beside it and ``os.replace`` (all or nothing)."""
    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
