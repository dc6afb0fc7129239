"""Report folders on disk: temporary folders, atomic replacement, failed notebooks, the build lock.

A job writes into ``<parent>/.tmp-<name>-<random>`` beside its target; only a complete report
is moved into place: the old folder is renamed to a trash name, the new one renamed into place,
then the trash deleted. SIGINT is deferred while the two renames run (see :class:`Critical`).
"""

from __future__ import annotations

import contextlib
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


class Critical:
    """Defer SIGINT while a folder swap runs, then deliver it as KeyboardInterrupt."""

    def __init__(self) -> None:
        self.active = 0
        self.pending = False

    def handler(self, signum: int, frame: object) -> None:
        """SIGINT handler: raise now, or remember it until the critical section ends."""
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
        """Ignore SIGINT during a block (cleanup after an interrupt must finish)."""
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1
            self.pending = False

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Install :meth:`handler` for SIGINT (main thread only) for the duration of the block."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        old = signal.signal(signal.SIGINT, self.handler)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, old)


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


def save_failed(root: Path, name: str, notebook: Path) -> Path:
    """Move a failed executed notebook out of its temporary folder to :func:`failed_path`."""
    dest = failed_path(root, name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(notebook, dest)
    return dest


def clear_failed(root: Path, name: str) -> None:
    """Forget a job's failed notebook after it built successfully."""
    with contextlib.suppress(FileNotFoundError):
        failed_path(root, name).unlink()


def remove_tree(path: Path) -> None:
    """Delete a temporary folder (missing is fine)."""
    shutil.rmtree(path, ignore_errors=True)


def sweep(folders: set[Path]) -> list[Path]:
    """Clean up after interrupted builds inside ``folders``.

    ``.tmp-*`` folders are deleted. A ``.trash-<job>-*`` folder is the previous report of a
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
def locked(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for a build.

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
            raise BuildLockedError(f"another build is running in {root}") from None
        yield
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str) -> None:
    """Write a text file through a temporary file and ``os.replace``."""
    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
