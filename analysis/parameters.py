"""Notebook parameters: what each report notebook takes, and their validation (docs/data-model.md).

:func:`validate_params` checks a notebook's parameters in its first code cell, so a bad value fails
at once with a ``ValueError`` naming the parameter, before any analysis. Re-exported by
:mod:`analysis.report`, where notebooks find it. Reads nothing but the paths it checks exist.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis.corpus.periods import FREQS, PeriodError, check_freq

WINDOWS = ("sentence", "paragraph", "article")
LEVELS = ("actor", "affiliation")
#: Parameters each notebook takes (docs/data-model.md "Notebook parameters").
ARTICLE_PARAMS = ("input_path", "registry_files", "window", "level", "top_n", "min_mentions", "output_dir")
CORPUS_PARAMS = (
    "corpus_path",
    "registry_files",
    "window",
    "level",
    "top_n",
    "min_mentions",
    "period",
    "kwic_pattern",
    "output_dir",
)
#: Values of the corpus notebook's ``period`` parameter: ``auto`` (chosen from the corpus span) or a period.
PERIODS = ("auto", *FREQS)


def _check_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"parameter {name!r} must be an integer >= {minimum}, not {value!r}")
    if value < minimum:
        raise ValueError(f"parameter {name!r} must be >= {minimum}, not {value!r}")
    return value


def _check_window(value: Any) -> str | int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return _check_int("window", value, 1)
    if value in WINDOWS:
        return value
    raise ValueError(
        f"parameter 'window' must be one of {', '.join(WINDOWS)} or a positive integer (k sentences), "
        f"not {value!r}"
    )


def _check_file(name: str, value: Any) -> str:
    if not isinstance(value, str | Path) or not str(value):
        raise ValueError(f"parameter {name!r} must be a file path, not {value!r}")
    if not Path(value).is_file():
        raise ValueError(f"parameter {name!r}: no such file: {value} (relative paths start at {Path.cwd()})")
    return str(value)


def _check_corpus(value: Any) -> str:
    if not isinstance(value, str | Path) or not str(value):
        raise ValueError(f"parameter 'corpus_path' must be a folder, glob, JSONL or CSV path, not {value!r}")
    p = Path(value)
    if not (p.exists() or glob.glob(str(value))):
        raise ValueError(
            f"parameter 'corpus_path': nothing matches {value} (relative paths start at {Path.cwd()})"
        )
    return str(value)


def _check_period(value: Any) -> str:
    try:
        return value if value == "auto" else check_freq(value)
    except PeriodError:
        pass
    raise ValueError(f"parameter 'period' must be one of {', '.join(PERIODS)}, not {value!r}")


def _check_kwic_pattern(value: Any) -> str:
    # imported here: the KWIC module reads the store (pyarrow), which article notebooks never need
    from analysis.corpus.kwic import PatternError, glob_regex

    if not isinstance(value, str) or not value.strip():
        raise ValueError(
            f"parameter 'kwic_pattern' must be a non-empty glob pattern such as 'sanction*', not {value!r}"
        )
    try:
        glob_regex(value)
    except PatternError as exc:
        raise ValueError(f"parameter 'kwic_pattern': {exc}") from None
    return value


def validate_params(**params: Any) -> dict[str, Any]:
    """Check a notebook's parameters and return them normalised; fail early with a clear message.

    Accepts the article notebook's parameters (``input_path`` ...) or the corpus
    notebook's (``corpus_path`` ...), see :data:`ARTICLE_PARAMS` / :data:`CORPUS_PARAMS`.

    The corpus notebook's ``period`` is one of :data:`PERIODS`; its ``kwic_pattern`` is a glob
    pattern that :func:`analysis.corpus.kwic.glob_regex` accepts.

    Returns:
        The parameters, with ``window`` as ``str`` or ``int`` and ``registry_files`` as a list.

    Raises:
        ValueError: naming the first bad, missing or unknown parameter.
    """
    expected = CORPUS_PARAMS if "corpus_path" in params else ARTICLE_PARAMS
    unknown = sorted(set(params) - set(expected))
    if unknown:
        raise ValueError(f"unknown parameter(s): {', '.join(unknown)}; expected {', '.join(expected)}")
    missing = [k for k in expected if k not in params]
    if missing:
        raise ValueError(f"missing parameter(s): {', '.join(missing)}")
    out: dict[str, Any] = {}
    if "input_path" in params:
        out["input_path"] = _check_file("input_path", params["input_path"])
    else:
        out["corpus_path"] = _check_corpus(params["corpus_path"])
    reg = params["registry_files"]
    if reg is None:
        reg = []
    elif isinstance(reg, str | Path):
        reg = [reg]
    if not isinstance(reg, Sequence):
        raise ValueError(f"parameter 'registry_files' must be a list of YAML paths, not {reg!r}")
    out["registry_files"] = [_check_file("registry_files", r) for r in reg]
    out["window"] = _check_window(params["window"])
    if params["level"] not in LEVELS:
        raise ValueError(f"parameter 'level' must be one of {', '.join(LEVELS)}, not {params['level']!r}")
    out["level"] = params["level"]
    out["top_n"] = _check_int("top_n", params["top_n"], 1)
    out["min_mentions"] = _check_int("min_mentions", params["min_mentions"], 1)
    if "corpus_path" in params:
        out["period"] = _check_period(params["period"])
        out["kwic_pattern"] = _check_kwic_pattern(params["kwic_pattern"])
    od = params["output_dir"]
    if od is not None and (not isinstance(od, str | Path) or not str(od)):
        raise ValueError(f"parameter 'output_dir' must be a folder path or None, not {od!r}")
    if od is not None and Path(od).exists() and not Path(od).is_dir():
        raise ValueError(f"parameter 'output_dir' is a file, not a folder: {od}")
    out["output_dir"] = None if od is None else str(od)
    return {k: out[k] for k in expected}
