"""The analysis key: one digest of everything an article's stored tables depend on.

The key hashes the ``analysis/`` code and data that produce the tables (every module and data
file except the report side: ``build``, ``figures``, ``report``, ``cli``, its argument and
parameter checks, the error base class and the corpus package's readers), the content of users'
registry files, the co-occurrence settings and the store's format version. Rows written under
one key are never read under another: a changed registry, lexicon or module means every article
is analysed again.

Reads files; writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Bumped when the store's layout or row format changes.
STORE_FORMAT = 1
PACKAGE = Path(__file__).resolve().parents[1]
#: Parts of ``analysis/`` that read or draw stored tables but never change them.
_NOT_ANALYSIS = (
    "build/",
    "figures",
    "report",
    "cli.py",
    "arguments.py",
    "errors.py",
    "parameters.py",
    "versions.py",
    "corpus/",
)
#: Modules of the corpus package that do shape what is stored.
_CORPUS_WRITERS = ("corpus/rows.py", "corpus/inputs.py", "corpus/analysis_key.py")


def _analysis_files(package: Path) -> list[tuple[str, Path]]:
    out = []
    for p in sorted(package.rglob("*")):
        rel = p.relative_to(package).as_posix()
        if not p.is_file() or "__pycache__" in rel or any(s.startswith(".") for s in rel.split("/")):
            continue
        if not (p.suffix == ".py" or rel.startswith("data/")):
            continue
        if rel.startswith(_NOT_ANALYSIS) and rel not in _CORPUS_WRITERS:
            continue
        out.append((rel, p))
    return out


@lru_cache(maxsize=4)
def _code_digest(package: str, stamp: tuple[tuple[str, int, int], ...]) -> str:
    h = hashlib.sha256()
    for rel, _, _ in stamp:
        h.update(rel.encode() + b"\0" + hashlib.sha256((Path(package) / rel).read_bytes()).digest())
    return h.hexdigest()


def code_digest(package: Path = PACKAGE) -> str:
    """sha256 of the analysis code and data files (cached on their names, sizes and mtimes)."""
    files = _analysis_files(package)
    stamp = tuple((rel, p.stat().st_size, p.stat().st_mtime_ns) for rel, p in files)
    return _code_digest(str(package), stamp)


def registry_digest(files: list[str]) -> str:
    """sha256 of the users' registry files' contents, in order (the default is code data)."""
    h = hashlib.sha256()
    for f in files:
        h.update(hashlib.sha256(Path(f).read_bytes()).digest())
    return h.hexdigest()


def analysis_key(registry_files: list[str], window: str | int, level: str) -> tuple[str, dict[str, Any]]:
    """The key (16 hex digits) and what went into it.

    Args:
        registry_files: users' registry YAML files (absolute paths), in load order.
        window, level: co-occurrence settings.
    """
    info = {
        "format": STORE_FORMAT,
        "code": code_digest(),
        "registry": registry_digest(registry_files),
        "registry_files": [Path(f).name for f in registry_files],
        "window": window,
        "level": level,
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
    }
    digest = hashlib.sha256(json.dumps(info, sort_keys=True).encode()).hexdigest()[:16]
    return digest, info
