"""Jobs: what a build runs, read from ``reports.yml`` or derived from ``seeds/``, validated up front.

Nothing here imports Papermill or nbconvert: a notebook's declared parameters are read from its
JSON with :mod:`ast`, so a no-op build stays cheap.
"""

from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.build.kernels import WARM_MODULES
from analysis.build.naming import (
    COLLECTION_SUFFIXES,
    CORPUS_JOB,
    RESERVED_NAMES,
    SEED_SUFFIXES,
    ConfigError,
    safe_output,
    seed_files,
    seed_job_names,
    shorten,
)

__all__ = [
    "COLLECTION_SUFFIXES",
    "CORPUS_JOB",
    "RESERVED_NAMES",
    "SEED_SUFFIXES",
    "BuildConfig",
    "ConfigError",
    "Job",
    "check_defaults",
    "load_config",
    "make_job",
    "notebook_kernel",
    "notebook_parameters",
    "safe_output",
    "seed_article_names",
    "seed_jobs",
    "shorten",
]

ARTICLE_NOTEBOOK = "article_report.ipynb"
CORPUS_NOTEBOOK = "corpus_report.ipynb"
#: Seconds a job may run (``timeout:`` in reports.yml, ``--timeout``) and a cell may run
#: (``cell_timeout:``, ``--cell-timeout``) before it fails; generous for scheduled builds, finite so
#: a hung kernel never holds the build (and its lock) forever.
DEFAULT_TIMEOUT = 1800
DEFAULT_CELL_TIMEOUT = 600
# Parameters whose values are paths the notebook reads: resolved against the config folder and hashed.
PATH_PARAMETERS = ("input_path", "corpus_path")
PATH_LIST_PARAMETERS = ("registry_files",)
# Set by the builder, never by the user: the notebook saves figures/ and tables/ there.
OUTPUT_PARAMETER = "output_dir"
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
    "timeout",
    "cell_timeout",
}
_JOB_KEYS = {"name", "notebook", "parameters", "inputs", "output"}


@dataclass(frozen=True)
class Job:
    """One report to build.

    Attributes:
        name: unique job name (also the default output subfolder).
        notebook: absolute path of the notebook to execute.
        parameters: notebook parameters as the kernel gets them (``output_dir`` excluded). Path
            parameters are relative to the report's folder, where the kernel runs, so a report
            names no machine path and its ``report.ipynb`` re-runs where it lies.
        inputs: absolute paths the notebook reads (files or folders), hashed into the key.
        output: output subfolder, relative to the build's output folder (POSIX form).
        base: the project folder (the config's folder): inputs and the notebook are named
            relative to it in keys and provenance.
    """

    name: str
    notebook: Path
    parameters: dict[str, Any]
    inputs: tuple[Path, ...]
    output: str
    base: Path | None = None

    def relative(self, path: Path) -> str:
        """``path`` relative to :attr:`base` (POSIX), as keys and provenance name it."""
        return relative_name(path, self.base)


def relative_name(path: Path, start: Path | None) -> str:
    """``path`` relative to ``start`` in POSIX form (``..`` where needed); ``path`` when no start."""
    if start is None:
        return Path(path).as_posix()
    return Path(os.path.relpath(path, start)).as_posix()


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
        timeout: seconds a job may run before it fails (its worker and kernel are killed).
        cell_timeout: seconds one cell may run before its job fails.
        notes: lines about the inputs for the console (seed files skipped or renamed).
    """

    jobs: tuple[Job, ...]
    output: Path
    code_root: Path
    kernel: str = "python3"
    source: Path | None = None
    warm_imports: tuple[str, ...] = WARM_MODULES
    fork_kernels: bool = True
    timeout: int = DEFAULT_TIMEOUT
    cell_timeout: int = DEFAULT_CELL_TIMEOUT
    notes: tuple[str, ...] = ()


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


def _resolve(base: Path, value: Any, what: str) -> Path:
    if not isinstance(value, str | Path) or not str(value):
        raise ConfigError(f"{what}: expected a path, got {shorten(repr(value))}")
    try:
        p = Path(value).expanduser()
        return (p if p.is_absolute() else base / p).resolve()
    except (OSError, RuntimeError) as exc:  # a name too long, a symlink loop ...
        raise ConfigError(f"{what}: unusable path {shorten(value)}: {exc.__class__.__name__}") from None


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # e.g. a name too long: not an existing input either
        return False


def _resolve_parameters(
    base: Path, params: dict[str, Any], job: str, report_dir: Path | None
) -> tuple[dict[str, Any], list[Path]]:
    """Resolve path parameters against ``base``; return the parameters as the kernel gets them
    (paths relative to ``report_dir``, where it runs; absolute when None) and the input paths."""
    out = dict(params)
    inputs: list[Path] = []

    def shown(p: Path) -> str:
        return str(p) if report_dir is None else relative_name(p, report_dir)

    for key in PATH_PARAMETERS:
        if out.get(key) is not None:
            p = _resolve(base, out[key], f"job {job}: parameter {key}")
            out[key] = shown(p)
            inputs.append(p)
    for key in PATH_LIST_PARAMETERS:
        if out.get(key) is not None:
            values = out[key]
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list):
                raise ConfigError(f"job {job}: parameter {key} must be a list of paths")
            paths = [_resolve(base, v, f"job {job}: parameter {key}") for v in values]
            out[key] = [shown(p) for p in paths]
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
    output_root: Path | None = None,
    defaults: dict[str, Any] | None = None,
) -> Job:
    """Build and validate one job: safe name/output, declared parameters, resolved paths.

    Args:
        base: the project folder relative paths resolve against.
        parameters: the job's own parameters; each must be declared in the notebook's
            ``parameters`` cell.
        output_root: the build's output folder; path parameters are given to the kernel relative
            to the job's report folder inside it (absolute when None).
        defaults: parameters shared by the build's jobs (``defaults:`` in reports.yml); the job
            takes those its notebook declares, under its own ``parameters``. That every default
            is declared by some job's notebook is :func:`check_defaults`' concern.

    Raises:
        ConfigError: on any problem (the build must not start).
    """
    name = safe_output(name, "job name")
    out = safe_output(output if output is not None else name, f"job {name}: output")
    if not notebook.is_file():
        raise ConfigError(f"job {name}: notebook not found: {shorten(notebook)}")
    if not isinstance(parameters, dict):
        raise ConfigError(f"job {name}: parameters must be a mapping")
    declared = notebook_parameters(notebook)
    if OUTPUT_PARAMETER in parameters or OUTPUT_PARAMETER in (defaults or {}):
        raise ConfigError(f"job {name}: parameter {OUTPUT_PARAMETER!r} is set by the builder")
    if OUTPUT_PARAMETER not in declared:
        raise ConfigError(f"job {name}: notebook {notebook.name} does not declare {OUTPUT_PARAMETER!r}")
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise ConfigError(
            f"job {name}: parameter(s) {', '.join(unknown)} not declared "
            f"in the parameters cell of {notebook.name}"
        )
    parameters = {**{k: v for k, v in (defaults or {}).items() if k in declared}, **parameters}
    try:
        json.dumps(parameters, sort_keys=True)
    except TypeError as exc:
        raise ConfigError(f"job {name}: parameters must be plain YAML/JSON values: {exc}") from exc
    report_dir = None if output_root is None else output_root.joinpath(*out.split("/"))
    params, path_inputs = _resolve_parameters(base, parameters, name, report_dir)
    extra = [_resolve(base, p, f"job {name}: inputs") for p in (inputs or [])]
    all_inputs = tuple(dict.fromkeys([*path_inputs, *extra]))
    for p in all_inputs:
        if not _exists(p) and not any(ch in str(p) for ch in "*?["):
            raise ConfigError(f"job {name}: input not found: {shorten(p)}")
    return Job(
        name=name,
        notebook=notebook.resolve(),
        parameters=params,
        inputs=all_inputs,
        output=out,
        base=base,
    )


def seed_jobs(
    seeds: Path,
    notebooks: Path,
    defaults: dict[str, Any] | None = None,
    base: Path | None = None,
    *,
    output_root: Path | None = None,
    notes: list[str] | None = None,
) -> list[Job]:
    """One article job per seed file plus one corpus job (``corpus``) over the folder.

    A job is named after its file's stem (:func:`seed_article_names`). JSONL and CSV files are
    collections: they are read by the corpus job only.

    Args:
        seeds: folder of input articles.
        notebooks: folder holding ``article_report.ipynb`` and ``corpus_report.ipynb``.
        defaults: extra parameters (e.g. ``registry_files``, ``period``): each job takes those its
            notebook declares; one that neither notebook declares is a :class:`ConfigError`.
        base: folder that relative paths in ``defaults`` are resolved against.
        output_root: the build's output folder (see :func:`make_job`).
        notes: where lines about skipped or renamed seed files go.
    """
    defaults = dict(defaults or {})
    base = base or seeds
    notes = notes if notes is not None else []
    names = seed_article_names(seeds, notes)
    jobs = [
        make_job(
            base,
            name,
            notebooks / ARTICLE_NOTEBOOK,
            {"input_path": str(f.absolute())},
            output_root=output_root,
            defaults=defaults,
        )
        for f, name in names.items()
    ]
    jobs.append(
        make_job(
            base,
            CORPUS_JOB,
            notebooks / CORPUS_NOTEBOOK,
            {"corpus_path": str(seeds)},
            output_root=output_root,
            defaults=defaults,
        )
    )
    check_defaults(defaults, [job.notebook for job in jobs])
    return jobs


def seed_article_names(seeds: Path, notes: list[str] | None = None) -> dict[Path, str]:
    """The single-article files of a seeds folder (not JSONL/CSV collections), each with the name
    of its article job (its report is ``<output>/<name>/``), in file-name order.

    The name is the file's stem, or :func:`seed_job_names`' rename when the stem is not a safe,
    unique job name (a note per rename goes to ``notes``).

    Raises:
        ConfigError: ``seeds`` is not a folder.
    """
    articles = [f for f in seed_files(seeds, notes) if f.suffix.lower() not in COLLECTION_SUFFIXES]
    names, renamed = seed_job_names(articles)
    if notes is not None:
        notes.extend(renamed)
    return names


def check_defaults(defaults: dict[str, Any], notebooks: list[Path]) -> None:
    """Every default parameter is declared by at least one of the jobs' ``notebooks``.

    Raises:
        ConfigError: naming the default(s) no notebook declares (a typo must not pass silently).
    """
    declared: set[str] = set()
    for nb in dict.fromkeys(notebooks):
        declared |= set(notebook_parameters(nb))
    unused = sorted(set(defaults) - declared)
    if unused:
        shown = ", ".join(sorted({nb.name for nb in notebooks}))
        raise ConfigError(
            f"defaults: parameter(s) {', '.join(unused)} not declared in the parameters cell "
            f"of any job's notebook ({shown})"
        )


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    from analysis.datafiles import load_yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8"
        ) from None
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
    job_timeout = seconds_setting(data.get("timeout", DEFAULT_TIMEOUT), "timeout")
    cell_timeout = seconds_setting(data.get("cell_timeout", DEFAULT_CELL_TIMEOUT), "cell_timeout")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ConfigError("defaults: must be a mapping of notebook parameters")
    notebooks = (
        _resolve(base, data["notebooks"], "notebooks") if data.get("notebooks") else root / "notebooks"
    )
    if out.exists() and not out.is_dir():
        raise ConfigError(f"output {shorten(out)}: is a file, not a folder")
    notes: list[str] = []
    jobs_data = data.get("jobs")
    if jobs_data is None:
        seeds = _resolve(base, data.get("seeds", "seeds"), "seeds")
        jobs = seed_jobs(seeds, notebooks, defaults, base, output_root=out, notes=notes)
    else:
        if not isinstance(jobs_data, list) or not jobs_data:
            raise ConfigError("jobs: must be a non-empty list")
        jobs = []
        notebook_paths = []
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
            notebook_paths.append(_resolve(base, item["notebook"], f"job {item['name']}: notebook"))
            jobs.append(
                make_job(
                    base,
                    str(item["name"]),
                    notebook_paths[-1],
                    params,
                    inputs=inputs,
                    output=item.get("output"),
                    output_root=out,
                    defaults=defaults,
                )
            )
        check_defaults(defaults, notebook_paths)
    _check_unique(jobs)
    _check_kernels(jobs, kernel)
    return BuildConfig(
        jobs=tuple(jobs),
        output=out,
        code_root=root,
        kernel=kernel,
        source=config,
        warm_imports=tuple(warm),
        fork_kernels=fork,
        timeout=job_timeout,
        cell_timeout=cell_timeout,
        notes=tuple(notes),
    )


def seconds_setting(value: Any, what: str) -> int:
    """A timeout in whole seconds (a positive integer).

    Raises:
        ConfigError: not a positive integer.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{what}: must be a whole number of seconds >= 1, not {shorten(repr(value))}")
    return value


def _check_kernels(jobs: list[Job], default: str) -> None:
    """Every kernel a job needs is installed (else a clear error before anything runs)."""
    from analysis.build.zygote import spec_argv

    seen: dict[str, bool] = {}
    for job in jobs:
        name = notebook_kernel(job.notebook, default)
        if name not in seen:
            seen[name] = spec_argv(name) is not None
        if not seen[name]:
            raise ConfigError(
                f"job {job.name}: kernel {shorten(repr(name))} is not installed "
                "(`jupyter kernelspec list` shows the installed ones)"
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
