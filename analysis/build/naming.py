"""Names and folders of jobs: safe job names and output paths, and the input files of a seeds folder.

Pure checks on names and paths (the seeds folder is only listed, never read). Nothing here runs
a job or writes a file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

CORPUS_JOB = "corpus"
SEED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".csv")
#: Seed files that hold many articles: read by the corpus report only, never an article report.
COLLECTION_SUFFIXES = (".jsonl", ".csv")
#: Longest value quoted in a message (a 5 MB bad path must not make a 5 MB line).
MESSAGE_VALUE_LIMIT = 120
_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.=+-]*$")


class ConfigError(ValueError):
    """The build configuration is unusable (bad YAML, unsafe path, undeclared parameter...)."""


def shorten(value: Any, limit: int = MESSAGE_VALUE_LIMIT) -> str:
    """``repr``-free text of a value for a message, cut to ``limit`` characters (``…`` marks a cut)."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Top-level names of the output folder that the build itself writes.
RESERVED_NAMES = frozenset({"index.html"})


def safe_output(name: str, what: str = "output") -> str:
    """Check that a job name or output subfolder stays inside the output folder.

    Args:
        name: relative POSIX path such as ``seed`` or ``articles/seed``.
        what: what the value is, for the error message.

    Returns:
        the normalized relative path.

    Raises:
        ConfigError: absolute, empty, ``..``, hidden or otherwise unsafe parts.
    """
    shown = shorten(repr(name))
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{what} {shown}: must be a non-empty string")
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise ConfigError(
            f"{what} {shown}: absolute paths are not allowed (it must stay inside the output folder)"
        )
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts:
        raise ConfigError(f"{what} {shown}: must name a subfolder")
    for part in parts:
        if part == "..":
            raise ConfigError(f"{what} {shown}: '..' escapes the output folder")
        if not _SAFE_PART.match(part):
            raise ConfigError(f"{what} {shown}: use letters, digits, '_', '-', '.' (no leading dot)")
    if parts[0].lower() in RESERVED_NAMES:
        raise ConfigError(f"{what} {shown}: {parts[0]!r} is reserved for the build's own files")
    return "/".join(parts)


def seed_files(seeds: Path, notes: list[str] | None = None) -> list[Path]:
    """Input files of a seeds folder (article formats only, hidden files skipped), sorted by name.

    A symbolic link that leads out of the folder is skipped, with a note naming it in ``notes``:
    inputs are read only inside the input folder.
    """
    if not seeds.is_dir():
        raise ConfigError(f"seeds folder not found: {shorten(seeds)}")
    inside = seeds.resolve()
    files = []
    for p in sorted(seeds.iterdir()):
        if p.name.startswith(".") or p.suffix.lower() not in SEED_SUFFIXES or not p.is_file():
            continue
        if p.is_symlink() and not p.resolve().is_relative_to(inside):
            if notes is not None:
                notes.append(f"seed file {p.name!r} skipped: a link to a file outside {seeds.name}/")
            continue
        files.append(p)
    return files


def job_name_for(stem: str) -> str:
    """A safe job name for a file stem: ASCII letters, digits, ``_ . = + -``; other characters
    become ``_`` (accents are dropped first); a leading character other than a letter, digit or
    ``_`` is removed; empty becomes ``article``."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Za-z0-9_.=+-]+", "_", ascii_stem).lstrip(".=+-")
    return name or "article"


def seed_job_names(files: list[Path]) -> tuple[dict[Path, str], list[str]]:
    """A unique, deterministic job name per seed file, and notes for names that had to change.

    The name is the file stem when it is a safe job name; otherwise :func:`job_name_for` of it
    plus the first 8 hex digits of the sha256 of the file name. Files whose names would collide
    (two files with one stem, or the stem ``corpus``) get their suffix appended (``a-txt``).
    """
    names: dict[Path, str] = {}
    for f in files:
        safe = _SAFE_PART.match(f.stem) and f.stem.lower() not in RESERVED_NAMES
        names[f] = f.stem if safe else f"{job_name_for(f.stem)}-{_name_hash(f.name)}"
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name.lower()] = counts.get(name.lower(), 0) + 1
    for f, name in names.items():
        if counts[name.lower()] > 1 or name.lower() == CORPUS_JOB:
            names[f] = f"{name}-{job_name_for(f.suffix.lstrip('.'))}"
    taken: dict[str, Path] = {}
    for f in files:  # still a clash (e.g. "a-txt.md" beside "a.txt" and "a.md"): add the hash
        if names[f].lower() in taken:
            names[f] = f"{names[f]}-{_name_hash(f.name)}"
        taken[names[f].lower()] = f
    notes = [
        f"seed file {shorten(repr(f.name))}: job name {names[f]!r}"
        + (" (the file name has characters a job name cannot hold)" if not _SAFE_PART.match(f.stem) else "")
        for f in files
        if names[f] != f.stem
    ]
    return names, notes


def _name_hash(file_name: str) -> str:
    return hashlib.sha256(file_name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
