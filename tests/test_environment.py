"""The pip route (pyproject.toml + requirements.lock) and the conda route (environment.yml) agree."""

import re
import tomllib
from pathlib import Path

import yaml

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


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += extra
    return _pins(specs)


def _environment_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert any(d.startswith("python=3.11") for d in env["dependencies"] if isinstance(d, str))
    return _pins([s for s in pip_section if not s.startswith("-e")])


def _lock_pins() -> dict[str, str]:
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    return _pins([ln for ln in lines if ln.strip() and not ln.startswith("#")])


def test_every_dependency_is_pinned_exactly_and_both_routes_agree():
    assert _pyproject_pins() == _environment_pins()


def test_lock_file_holds_the_same_pins():
    lock = _lock_pins()
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"


def test_ci_calls_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
