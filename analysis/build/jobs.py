"""Jobs: what a build runs, read from ``reports.yml`` or derived from ``seeds/``, validated up front.

Nothing here imports Papermill or nbconvert: a notebook's declared parameters are read from its
JSON with :mod:`ast`, so a no-op build stays cheap.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.build.kernels import WARM_MODULES

ARTICLE_NOTEBOOK = "article_report.ipynb"
CORPUS_NOTEBOOK = "corpus_report.ipynb"
CORPUS_JOB = "corpus"
SEED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".csv")
# Parameters whose values are paths the notebook reads: resolved against the config folder and hashed.
PATH_PARAMETERS = ("input_path", "corpus_path")
PATH_LIST_PARAMETERS = ("registry_files",)
# Set by the builder, never by the user: the notebook saves figures/ and tables/ there.
OUTPUT_PARAMETER = "output_dir"
_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.=+-]*$")
_CONFIG_KEYS = {
    "output",
    "code_root",
    "seeds",
    "notebooks",
    "defaults",
    "jobs",
    "kernel",
    "warm_imports",
    "fork_kernels",
}
_JOB_KEYS = {"name", "notebook", "parameters", "inputs", "output"}


class ConfigError(ValueError):
    """The build configuration is unusable (bad YAML, unsafe path, undeclared parameter...)."""


@dataclass(frozen=True)
class Job:
    """One report to build.

    Attributes:
        name: unique job name (also the default output subfolder).
        notebook: absolute path of the notebook to execute.
        parameters: notebook parameters (paths already absolute; ``output_dir`` excluded).
        inputs: absolute paths the notebook reads (files or folders), hashed into the key.
        output: output subfolder, relative to the build's output folder (POSIX form).
    """

    name: str
    notebook: Path
    parameters: dict[str, Any]
    inputs: tuple[Path, ...]
    output: str


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs besides its options.

    Attributes:
        jobs: jobs in configuration order.
        output: absolute output folder (``reports/``).
        code_root: folder holding the ``analysis`` package the kernels import (its code is hashed).
        kernel: kernel name used when a notebook does not name one.
        source: the config file, or None when jobs were derived from a seeds folder.
        warm_imports: modules a pre-started kernel imports while it waits for its job.
        fork_kernels: fork each job's fresh kernel from a zygote that imported ``warm_imports``
            once per build (:mod:`analysis.build.zygote`; Linux), instead of launching it.
    """

    jobs: tuple[Job, ...]
    output: Path
    code_root: Path
    kernel: str = "python3"
    source: Path | None = None
    warm_imports: tuple[str, ...] = WARM_MODULES
    fork_kernels: bool = True


def default_code_root() -> Path:
    """The folder that holds the ``analysis`` package this builder belongs to."""
    return Path(__file__).resolve().parents[2]


def notebook_parameters(path: Path) -> dict[str, str]:
    """Names assigned in a notebook's ``parameters``-tagged cell, with their source expression.

    Args:
        path: an ``.ipynb`` file.

    Returns:
        ``{name: expression source}`` in cell order.

    Raises:
        ConfigError: unreadable notebook, no ``parameters`` cell, or a cell that is not valid Python.
    """
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read notebook: {exc}") from exc
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            try:
                tree = ast.parse(source)
            except SyntaxError as exc:
                raise ConfigError(f"{path}: parameters cell is not valid Python: {exc.msg}") from exc
            names: dict[str, str] = {}
            for node in tree.body:
                if isinstance(node, ast.Assign):
                    targets = [t for t in node.targets if isinstance(t, ast.Name)]
                    for t in targets:
                        names[t.id] = ast.get_source_segment(source, node.value) or ""
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    value = node.value
                    names[node.target.id] = ast.get_source_segment(source, value) if value else ""
            return names
    raise ConfigError(f"{path}: no cell tagged 'parameters'")


def notebook_kernel(path: Path, default: str = "python3") -> str:
    """The kernel name a notebook asks for (``metadata.kernelspec.name``), or ``default``."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default
    return nb.get("metadata", {}).get("kernelspec", {}).get("name") or default


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
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{what} {name!r}: must be a non-empty string")
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise ConfigError(
            f"{what} {name!r}: absolute paths are not allowed (it must stay inside the output folder)"
        )
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts:
        raise ConfigError(f"{what} {name!r}: must name a subfolder")
    for part in parts:
        if part == "..":
            raise ConfigError(f"{what} {name!r}: '..' escapes the output folder")
        if not _SAFE_PART.match(part):
            raise ConfigError(f"{what} {name!r}: use letters, digits, '_', '-', '.' (no leading dot)")
    if parts[0].lower() in RESERVED_NAMES:
        raise ConfigError(f"{what} {name!r}: {parts[0]!r} is reserved for the build's own files")
    return "/".join(parts)


def seed_files(seeds: Path) -> list[Path]:
    """Input files of a seeds folder (article formats only, hidden files skipped), sorted by name."""
    if not seeds.is_dir():
        raise ConfigError(f"seeds folder not found: {seeds}")
    return sorted(
        p
        for p in seeds.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SEED_SUFFIXES
    )


def _resolve(base: Path, value: Any, what: str) -> Path:
    if not isinstance(value, str | Path) or not str(value):
        raise ConfigError(f"{what}: expected a path, got {value!r}")
    p = Path(value).expanduser()
    return (p if p.is_absolute() else base / p).resolve()


def _resolve_parameters(base: Path, params: dict[str, Any], job: str) -> tuple[dict[str, Any], list[Path]]:
    """Make path parameters absolute; return them with the input paths they name."""
    out = dict(params)
    inputs: list[Path] = []
    for key in PATH_PARAMETERS:
        if out.get(key) is not None:
            p = _resolve(base, out[key], f"job {job}: parameter {key}")
            out[key] = str(p)
            inputs.append(p)
    for key in PATH_LIST_PARAMETERS:
        if out.get(key) is not None:
            values = out[key]
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list):
                raise ConfigError(f"job {job}: parameter {key} must be a list of paths")
            paths = [_resolve(base, v, f"job {job}: parameter {key}") for v in values]
            out[key] = [str(p) for p in paths]
            inputs.extend(paths)
    return out, inputs


def make_job(
    base: Path,
    name: str,
    notebook: Path,
    parameters: dict[str, Any],
    *,
    inputs: list[Any] | None = None,
    output: str | None = None,
) -> Job:
    """Build and validate one job: safe name/output, declared parameters, absolute paths.

    Raises:
        ConfigError: on any problem (the build must not start).
    """
    name = safe_output(name, "job name")
    out = safe_output(output if output is not None else name, f"job {name}: output")
    if not notebook.is_file():
        raise ConfigError(f"job {name}: notebook not found: {notebook}")
    if not isinstance(parameters, dict):
        raise ConfigError(f"job {name}: parameters must be a mapping")
    declared = notebook_parameters(notebook)
    if OUTPUT_PARAMETER in parameters:
        raise ConfigError(f"job {name}: parameter {OUTPUT_PARAMETER!r} is set by the builder")
    if OUTPUT_PARAMETER not in declared:
        raise ConfigError(f"job {name}: notebook {notebook.name} does not declare {OUTPUT_PARAMETER!r}")
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise ConfigError(
            f"job {name}: parameter(s) {', '.join(unknown)} not declared "
            f"in the parameters cell of {notebook.name}"
        )
    try:
        json.dumps(parameters, sort_keys=True)
    except TypeError as exc:
        raise ConfigError(f"job {name}: parameters must be plain YAML/JSON values: {exc}") from exc
    params, path_inputs = _resolve_parameters(base, parameters, name)
    extra = [_resolve(base, p, f"job {name}: inputs") for p in (inputs or [])]
    all_inputs = tuple(dict.fromkeys([*path_inputs, *extra]))
    for p in all_inputs:
        if not p.exists() and not any(ch in str(p) for ch in "*?["):
            raise ConfigError(f"job {name}: input not found: {p}")
    return Job(name=name, notebook=notebook.resolve(), parameters=params, inputs=all_inputs, output=out)


def seed_jobs(
    seeds: Path, notebooks: Path, defaults: dict[str, Any] | None = None, base: Path | None = None
) -> list[Job]:
    """One article job per seed file (name = file stem) plus one corpus job over the folder.

    Args:
        seeds: folder of input articles.
        notebooks: folder holding ``article_report.ipynb`` and ``corpus_report.ipynb``.
        defaults: extra parameters for every job (e.g. ``registry_files``).
        base: folder that relative paths in ``defaults`` are resolved against.
    """
    defaults = dict(defaults or {})
    base = base or seeds
    files = seed_files(seeds)
    names: dict[str, Path] = {}
    for f in files:
        if f.stem in names:
            raise ConfigError(f"two seed files share the job name {f.stem!r}: {names[f.stem].name}, {f.name}")
        if f.stem == CORPUS_JOB:
            raise ConfigError(
                f"seed file {f.name}: job name {CORPUS_JOB!r} is reserved for the corpus report"
            )
        names[f.stem] = f
    jobs = [
        make_job(base, f.stem, notebooks / ARTICLE_NOTEBOOK, {**defaults, "input_path": str(f.resolve())})
        for f in files
    ]
    jobs.append(
        make_job(base, CORPUS_JOB, notebooks / CORPUS_NOTEBOOK, {**defaults, "corpus_path": str(seeds)})
    )
    return jobs


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    from analysis.datafiles import load_yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}: invalid YAML{where}: {problem}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


def load_config(
    config: Path | None = None,
    *,
    base: Path | None = None,
    output: Path | None = None,
    code_root: Path | None = None,
) -> BuildConfig:
    """Read a ``reports.yml`` (or derive seed jobs) and validate every job before anything runs.

    Args:
        config: YAML file; None means seed jobs from ``<base>/seeds``.
        base: folder relative paths resolve against when there is no config (default: cwd).
        output: output folder overriding the config's ``output`` (default ``reports``).
        code_root: folder holding the ``analysis`` package kernels import (default: this package's).

    Raises:
        ConfigError: bad YAML, unknown keys, unsafe names or outputs, undeclared parameters,
            duplicate or nested outputs.
    """
    data: dict[str, Any] = {}
    if config is not None:
        config = config.resolve()
        data = _read_yaml(config)
        base = config.parent
        unknown = sorted(set(data) - _CONFIG_KEYS)
        if unknown:
            raise ConfigError(
                f"{config}: unknown key(s): {', '.join(unknown)} (allowed: {', '.join(sorted(_CONFIG_KEYS))})"
            )
    base = (base or Path.cwd()).resolve()
    root = (
        code_root.resolve()
        if code_root
        else (
            _resolve(base, data["code_root"], "code_root") if data.get("code_root") else default_code_root()
        )
    )
    if not (root / "analysis" / "__init__.py").is_file():
        raise ConfigError(f"code_root {root}: no analysis/ package there")
    out = output.resolve() if output else _resolve(base, data.get("output", "reports"), "output")
    kernel = str(data.get("kernel") or "python3")
    warm = data.get("warm_imports", list(WARM_MODULES))
    if not isinstance(warm, list) or not all(isinstance(m, str) and m for m in warm):
        raise ConfigError("warm_imports: must be a list of module names")
    fork = data.get("fork_kernels", True)
    if not isinstance(fork, bool):
        raise ConfigError("fork_kernels: must be true or false")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ConfigError("defaults: must be a mapping of notebook parameters")
    notebooks = (
        _resolve(base, data["notebooks"], "notebooks") if data.get("notebooks") else root / "notebooks"
    )
    jobs_data = data.get("jobs")
    if jobs_data is None:
        seeds = _resolve(base, data.get("seeds", "seeds"), "seeds")
        jobs = seed_jobs(seeds, notebooks, defaults, base)
    else:
        if not isinstance(jobs_data, list) or not jobs_data:
            raise ConfigError("jobs: must be a non-empty list")
        jobs = []
        for i, item in enumerate(jobs_data):
            if not isinstance(item, dict) or "name" not in item or "notebook" not in item:
                raise ConfigError(f"jobs[{i}]: each job needs at least 'name' and 'notebook'")
            bad = sorted(set(item) - _JOB_KEYS)
            if bad:
                raise ConfigError(f"jobs[{i}] ({item.get('name')}): unknown key(s): {', '.join(bad)}")
            params = item.get("parameters") or {}
            if not isinstance(params, dict):
                raise ConfigError(f"job {item['name']}: parameters must be a mapping")
            inputs = item.get("inputs") or []
            if not isinstance(inputs, list):
                raise ConfigError(f"job {item['name']}: inputs must be a list of paths")
            jobs.append(
                make_job(
                    base,
                    str(item["name"]),
                    _resolve(base, item["notebook"], f"job {item['name']}: notebook"),
                    {**defaults, **params},
                    inputs=inputs,
                    output=item.get("output"),
                )
            )
    _check_unique(jobs)
    return BuildConfig(
        jobs=tuple(jobs),
        output=out,
        code_root=root,
        kernel=kernel,
        source=config,
        warm_imports=tuple(warm),
        fork_kernels=fork,
    )


def _check_unique(jobs: list[Job]) -> None:
    seen_names: set[str] = set()
    outputs: dict[str, str] = {}
    for job in jobs:
        if job.name in seen_names:
            raise ConfigError(f"job name {job.name!r} used twice")
        seen_names.add(job.name)
        for other_out, other in outputs.items():
            if (
                job.output == other_out
                or job.output.startswith(other_out + "/")
                or other_out.startswith(job.output + "/")
            ):
                raise ConfigError(
                    f"jobs {other} and {job.name}: output folders {other_out!r} and {job.output!r} overlap"
                )
        outputs[job.output] = job.name
