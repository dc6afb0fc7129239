"""`newsreport` command line: help, usage errors, default seed jobs (no kernel is started here)."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from analysis import cli


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse: --help and usage errors
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_help_documents_options_and_exit_codes():
    code, out, _ = _run("build", "--help")
    assert code == 0
    for word in ("--config", "--jobs", "--force", "--only", "--output", "--dry-run", "exit codes", "130"):
        assert word in out
    assert "  2    bad usage or configuration" in out


@pytest.mark.parametrize("args", [["build", "--jobs", "0"], ["build", "--bogus"], []])
def test_bad_usage_exits_2(args):
    code, _, err = _run(*args)
    assert code == 2 and "usage:" in err


def test_default_jobs_come_from_seeds(tmp_path, seed_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    shutil.copy2(seed_path, tmp_path / "seeds" / seed_path.name)
    (tmp_path / "seeds" / "second.md").write_text("# Second\n\nRussia spoke.\n", encoding="utf-8")
    (tmp_path / "seeds" / ".hidden.txt").write_text("not an input", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("build", "--dry-run")
    assert code == 0
    assert out.splitlines() == [
        f"{seed_path.stem}: new",
        "second: new",
        "corpus: new",
        "3 would run, 0 up to date (dry run)",
    ]
    code, out, _ = _run("build", "--dry-run", "--only", "sec*", "--force")
    assert out.splitlines() == ["second: forced", "1 would run, 0 up to date (dry run)"]
    assert not Path("reports").exists()  # a dry run writes nothing


def test_only_matching_nothing_exits_2(tmp_path, seed_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    shutil.copy2(seed_path, tmp_path / "seeds" / seed_path.name)
    monkeypatch.chdir(tmp_path)
    code, _, err = _run("build", "--only", "nope*")
    assert code == 2 and "no job matches" in err and len(err.strip().splitlines()) == 1
