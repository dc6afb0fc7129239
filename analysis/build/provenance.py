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


def intact(folder: Path, prov: dict[str, Any] | None) -> bool:
    """True when every file the provenance lists still exists with its recorded content (sha256).

    Sizes are compared first (cheap); a file of the right size is hashed, so damage that keeps
    the size is found too.
    """
    files = (prov or {}).get("files")
    if not isinstance(files, dict) or not all(rel in files for rel in REPORT_FILES):
        return False
    for rel, entry in files.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            return False
        p = folder / rel
        try:
            if p.stat().st_size != entry.get("size") or file_digest(p) != entry["sha256"]:
                return False
        except OSError:
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
