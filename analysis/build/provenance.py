"""provenance.json: what a report was built from, and whether a previous report is intact.

The build time lives here and nowhere else in a report folder. Paths are relative (the notebook
and inputs to the project folder, path parameters to the report's folder): no machine path.
Integrity is by content: the sha256 of every file of the report.
"""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis.build.jobs import Job
from analysis.build.keys import JobKey, file_digest

PROVENANCE = "provenance.json"
REPORT_FILES = ("index.html", "report.ipynb")
#: Distributions whose versions a report records.
PACKAGES = (
    "newsreport",
    "papermill",
    "nbconvert",
    "nbformat",
    "nbclient",
    "jupyter_client",
    "ipykernel",
    "nltk",
    "vaderSentiment",
    "pandas",
    "numpy",
    "matplotlib",
    "networkx",
    "PyYAML",
)


def package_versions() -> dict[str, str | None]:
    """Installed versions of Python and :data:`PACKAGES` (None when one is missing)."""
    from analysis.versions import package_versions as versions

    return versions(PACKAGES)


def read(folder: Path) -> dict[str, Any] | None:
    """The provenance of a report folder, or None when missing or unreadable."""
    try:
        data = json.loads((folder / PROVENANCE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """Relative path -> ``{"sha256": hex, "size": bytes}`` of every file of a report folder except
    provenance.json, sorted by path."""
    out = {}
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            p = Path(root) / name
            rel = p.relative_to(folder).as_posix()
            if rel != PROVENANCE:
                out[rel] = {"sha256": file_digest(p), "size": p.stat().st_size}
    return dict(sorted(out.items()))


class HashCache:
    """sha256 digests of report files remembered by their stat signature, so a no-op build does not
    read every report again.

    A file is hashed again when its size, modification time, status-change time or inode differ
    from what was remembered. The status-change time (``ctime``) changes with any write and
    cannot be set back by a user, so damage of the same size, even with ``mtime`` restored, is
    still found. Kept in ``<output>/.newsreport-hashes.json``, beside (never inside) the reports;
    only entries used by the last build are kept.
    """

    NAME = ".newsreport-hashes.json"

    def __init__(self, root: Path):
        self.root = root
        self.path = root / self.NAME
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.data: dict[str, list[Any]] = data if isinstance(data, dict) else {}
        self.used: dict[str, list[Any]] = {}

    def _key(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @staticmethod
    def _signature(path: Path) -> list[int]:
        st = path.stat()
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]

    def digest(self, path: Path) -> str:
        """The sha256 of ``path`` (from memory when its stat signature is unchanged)."""
        key, sig = self._key(path), self._signature(path)
        hit = self.data.get(key)
        if isinstance(hit, list) and len(hit) == 5 and hit[:4] == sig and isinstance(hit[4], str):
            digest = hit[4]
        else:
            digest = file_digest(path)
        self.used[key] = [*sig, digest]
        return digest

    def remember(self, path: Path, digest: str) -> None:
        """Record the digest of a file just written (its content is known)."""
        self.used[self._key(path)] = [*self._signature(path), digest]

    def save(self) -> None:
        """Write what this build used (best effort: without it, the next build hashes again)."""
        from analysis.build.outputs import write_atomic

        try:
            write_atomic(self.path, json.dumps(self.used, sort_keys=True, separators=(",", ":")))
        except OSError:
            pass


def intact(folder: Path, prov: dict[str, Any] | None, cache: HashCache | None = None) -> bool:
    """True when every file the provenance lists still exists with its recorded content (sha256).

    Sizes are compared first (cheap); a file of the right size is hashed (or its digest taken
    from ``cache`` when the file is untouched since), so damage that keeps the size is found too.
    """
    files = (prov or {}).get("files")
    if not isinstance(files, dict) or not all(rel in files for rel in REPORT_FILES):
        return False
    for rel, entry in files.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            return False
        p = folder / rel
        try:
            if p.stat().st_size != entry.get("size"):
                return False
            digest = cache.digest(p) if cache is not None else file_digest(p)
        except OSError:
            return False
        if digest != entry["sha256"]:
            return False
    return True


def record(
    job: Job,
    key: JobKey,
    *,
    title: str,
    files: dict[str, dict[str, Any]],
    seconds: float,
    packages: dict[str, str | None],
    timings: dict[str, float] | None = None,
    built_at: datetime | None = None,
) -> dict[str, Any]:
    """The provenance record of a freshly built report."""
    when = (built_at or datetime.now(UTC)).replace(microsecond=0)
    return {
        "job": job.name,
        "title": title,
        "notebook": job.relative(job.notebook),
        "parameters": job.parameters,
        "inputs": key.inputs,
        "key": key.key,
        "components": key.components,
        "python": platform.python_version(),
        "packages": packages,
        "built_at": when.isoformat(),
        "build_seconds": round(seconds, 3),
        "build_timings": {k: round(v, 3) for k, v in sorted((timings or {}).items())},
        "files": files,
    }


def write(folder: Path, prov: dict[str, Any]) -> None:
    """Write provenance.json into a (temporary) report folder."""
    text = json.dumps(prov, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (folder / PROVENANCE).write_text(text, encoding="utf-8")
