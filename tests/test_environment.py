"""pyproject.toml states ranges; requirements.lock and environment.yml pin the same versions within them."""

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(specs: list[str]) -> dict[str, str]:
    pins = {}
    for spec in specs:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;]+)\s*", spec)
        assert m, f"not an exact pin: {spec!r}"
        pins[_norm(m.group(1))] = m.group(2)
    return pins


def _pyproject_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += extra
    return [Requirement(s) for s in specs]


def _environment_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert any(d.startswith("python=3.11") for d in env["dependencies"] if isinstance(d, str))
    return _pins([s for s in pip_section if not s.startswith("-e")])


def _lock_pins() -> dict[str, str]:
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    return _pins([ln for ln in lines if ln.strip() and not ln.startswith("#")])


def test_pyproject_states_ranges_not_exact_pins():
    for req in _pyproject_requirements():
        assert not any(s.operator in ("==", "===") for s in req.specifier), f"exact pin in pyproject: {req}"
        assert any(s.operator == ">=" for s in req.specifier), f"no tested lower bound: {req}"


def test_lock_pins_every_dependency_within_its_range():
    lock = _lock_pins()
    for req in _pyproject_requirements():
        name = _norm(req.name)
        assert name in lock, f"{name} is not in requirements.lock"
        assert req.specifier.contains(lock[name]), f"{name}: lock {lock[name]} outside {req.specifier}"
        for extra in req.extras:  # dask[distributed] -> distributed pinned too
            assert _norm(extra) in lock, f"{name}[{extra}] is not pinned in requirements.lock"


def test_conda_route_installs_the_locked_versions():
    lock = _lock_pins()
    env = _environment_pins()
    for req in _pyproject_requirements():
        assert _norm(req.name) in env, f"{req.name} missing from environment.yml"
    for name, version in env.items():
        assert lock.get(name) == version, f"{name}: environment.yml {version}, lock {lock.get(name)}"


def test_ci_calls_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
