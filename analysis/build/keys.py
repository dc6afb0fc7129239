"""Incremental build keys: sha256 digests of everything a report depends on.

A job's key combines five component digests (notebook, parameters, inputs, code, environment), so
a build can say *why* a job must run. Digests of shared things (the code tree, a seeds folder read
by many jobs) are computed once per build through :class:`DigestCache`.
"""

from __future__ import annotations

import glob
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.build.jobs import Job

COMPONENTS = ("notebook", "parameters", "inputs", "code", "environment")
#: Why a job runs, by the first component that changed.
REASONS = {
    "notebook": "notebook changed",
    "parameters": "parameters changed",
    "inputs": "inputs changed",
    "code": "code changed",
    "environment": "environment changed",
}
LOCK_FILE = "requirements.lock"
_CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """sha256 hex digest of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _visible_files(folder: Path) -> list[Path]:
    """Files under ``folder`` (recursive), skipping hidden names, ``__pycache__`` and links that
    lead out of ``folder`` (never read), sorted."""
    out = []
    inside = folder.resolve()
    for p in folder.rglob("*"):
        rel = p.relative_to(folder).parts
        if any(part.startswith(".") or part == "__pycache__" for part in rel):
            continue
        if p.is_symlink() and not p.resolve().is_relative_to(inside):
            continue
        if p.is_file():
            out.append(p)
    return sorted(out, key=lambda p: p.relative_to(folder).as_posix())


def tree_digest(files: list[tuple[str, Path]]) -> str:
    """Digest of named files: each relative name and the digest of its bytes, in the given order."""
    h = hashlib.sha256()
    for name, path in files:
        h.update(name.encode("utf-8") + b"\0" + file_digest(path).encode("ascii") + b"\n")
    return h.hexdigest()


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: the form parameters are hashed in."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def code_files(code_root: Path) -> list[tuple[str, Path]]:
    """The files of ``analysis/`` that count as code: every ``*.py`` and everything under ``data/``."""
    pkg = code_root / "analysis"
    out = []
    for p in _visible_files(pkg):
        rel = p.relative_to(pkg).as_posix()
        if p.suffix == ".py" or rel.startswith("data/"):
            out.append((f"analysis/{rel}", p))
    return out


def environment_text(code_root: Path) -> str:
    """What stands for the locked environment: the lock file's content and the Python version."""
    lock = code_root / LOCK_FILE
    content = lock.read_text(encoding="utf-8") if lock.is_file() else "<no requirements.lock>"
    version = ".".join(map(str, sys.version_info[:3]))
    return f"python {version}\n{content}"


class DigestCache:
    """Per-build memo of file, folder and code digests (many jobs share inputs and all share code)."""

    def __init__(self, code_root: Path):
        self.code_root = code_root
        self._paths: dict[Path, str] = {}
        self._code: str | None = None
        self._env: str | None = None

    def path(self, path: Path) -> str:
        """Digest of an input: a file's bytes, a folder's sorted files, or a glob's sorted matches."""
        if path not in self._paths:
            if path.is_file():
                self._paths[path] = file_digest(path)
            elif path.is_dir():
                self._paths[path] = tree_digest(
                    [(p.relative_to(path).as_posix(), p) for p in _visible_files(path)]
                )
            else:
                matches = sorted(Path(m) for m in glob.glob(str(path), recursive=True))
                files = [(m.as_posix(), m) for m in matches if m.is_file()]
                self._paths[path] = tree_digest(files) if files else "missing"
        return self._paths[path]

    def code(self) -> str:
        """Digest of the analysis code and data files."""
        if self._code is None:
            self._code = tree_digest(code_files(self.code_root))
        return self._code

    def environment(self) -> str:
        """Digest of the locked environment."""
        if self._env is None:
            self._env = hashlib.sha256(environment_text(self.code_root).encode("utf-8")).hexdigest()
        return self._env


@dataclass(frozen=True)
class JobKey:
    """A job's key and the component digests it was made from.

    Attributes:
        key: sha256 over the components.
        components: digest per name in :data:`COMPONENTS`.
        inputs: digest per input, named relative to the project folder (for provenance).
    """

    key: str
    components: dict[str, str]
    inputs: dict[str, str]


def job_key(job: Job, cache: DigestCache) -> JobKey:
    """Compute a job's key from its notebook, parameters, inputs, the code tree and the environment."""
    inputs = {job.relative(p): cache.path(p) for p in job.inputs}
    components = {
        "notebook": cache.path(job.notebook),
        "parameters": hashlib.sha256(canonical_json(job.parameters).encode("utf-8")).hexdigest(),
        "inputs": hashlib.sha256(canonical_json(inputs).encode("utf-8")).hexdigest(),
        "code": cache.code(),
        "environment": cache.environment(),
    }
    key = hashlib.sha256(canonical_json(components).encode("utf-8")).hexdigest()
    return JobKey(key=key, components=components, inputs=inputs)


def reason(current: JobKey, previous: dict[str, Any] | None) -> str | None:
    """Why a job must run given its previous provenance, or None when its key is unchanged.

    Returns:
        ``"new"`` without a previous build, else the first changed component's reason.
    """
    if not previous:
        return "new"
    if previous.get("key") == current.key:
        return None
    old = previous.get("components") or {}
    for name in COMPONENTS:
        if old.get(name) != current.components[name]:
            return REASONS[name]
    return "new"
