"""`newsreport` command line: help, usage errors, default seed jobs (no kernel is started here)."""

from __future__ import annotations

import contextlib
import io
import json
import re
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


def test_odd_seed_file_names_get_safe_unique_job_names(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = "Title\n\nRussia spoke on Monday.\n"
    for name in ("plain.txt", "two words.txt", "Genève.md", "-dash.txt", "$HOME.txt", "same.txt", "same.md"):
        (seeds / name).write_text(text, encoding="utf-8")
    (seeds / "corpus.txt").write_text(text, encoding="utf-8")  # the corpus job's name is taken
    monkeypatch.chdir(tmp_path)
    code, out, err = _run("build", "--dry-run")
    assert code == 0, err
    jobs = [ln.split(":")[0] for ln in out.splitlines() if ln.endswith(": new")]
    assert len(jobs) == len(set(jobs)) == 9 and jobs[-1] == "corpus"
    assert "plain" in jobs and "same-txt" in jobs and "same-md" in jobs and "corpus-txt" in jobs
    assert all(re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.=+-]*", j) for j in jobs)
    notes = [ln for ln in out.splitlines() if ln.strip().startswith("note")]
    for name in ("two words.txt", "Genève.md", "-dash.txt", "$HOME.txt", "same.txt", "same.md", "corpus.txt"):
        assert any(repr(name) in n for n in notes), name  # each renamed file is named
    _, again, _ = _run("build", "--dry-run")
    assert again == out  # deterministic


def test_collections_and_links_out_of_seeds_make_no_article_report(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "one.txt").write_text("One\n\nRussia spoke.\n", encoding="utf-8")
    (seeds / "many.jsonl").write_text('{"title": "A", "text": "Russia spoke."}\n', encoding="utf-8")
    (seeds / "table.csv").write_text("title,text\nB,Ukraine spoke.\n", encoding="utf-8")
    secret = tmp_path / "outside.txt"
    secret.write_text("Secret\n\nroot:x:0:0\n", encoding="utf-8")
    (seeds / "passwd.txt").symlink_to(secret)
    monkeypatch.chdir(tmp_path)
    from analysis.build import load_config
    from analysis.build.keys import DigestCache, job_key

    config = load_config(None)
    assert [j.name for j in config.jobs] == ["one", "corpus"]
    assert any("'passwd.txt' skipped" in n and "outside" in n for n in config.notes)
    code, out, _ = _run("build", "--dry-run")
    assert code == 0 and "passwd.txt" in out
    corpus = config.jobs[-1]

    def key() -> str:
        return job_key(corpus, DigestCache(config.code_root)).key

    before = key()
    secret.write_text("changed outside: never read", encoding="utf-8")
    assert key() == before  # the link out of seeds/ is not an input
    (seeds / "many.jsonl").write_text('{"title": "A", "text": "Russia spoke again."}\n', encoding="utf-8")
    assert key() != before  # the collection is one of the corpus report's inputs


def test_config_errors_are_one_clear_line(tmp_path):
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "id": "p",
                "metadata": {"tags": ["parameters"]},
                "source": "input_path = 'x'\noutput_dir = None\n",
                "outputs": [],
                "execution_count": None,
            }
        ],
        "metadata": {"kernelspec": {"name": "no-such-kernel", "display_name": "x", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (tmp_path / "nb.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    cases = {
        "latin1.yml": ("output: r\u00e9ports\n".encode("latin-1"), "not UTF-8"),
        "kernel.yml": (
            b"jobs:\n  - {name: a, notebook: nb.ipynb, parameters: {input_path: a.txt}}\n",
            "no-such-kernel",
        ),
        "huge.yml": (
            b"jobs:\n  - {name: a, notebook: nb.ipynb, parameters: {input_path: "
            + b"x" * 1_000_000
            + b"}}\n",
            "input not found",
        ),
        "timeout.yml": (b"timeout: 0\n", "timeout"),
    }
    for name, (content, message) in cases.items():
        (tmp_path / name).write_bytes(content)
        code, out, err = _run("build", "--config", str(tmp_path / name))
        assert code == 2 and out == "", name
        assert err.count("\n") == 1 and message in err, (name, err[:300])
        assert len(err) < 600, name  # a huge value is cut
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    (tmp_path / "ok.yml").write_text("seeds: .\n", encoding="utf-8")
    (tmp_path / "seed.txt").write_text("Seed\n\nRussia spoke.\n", encoding="utf-8")
    code, _, err = _run("build", "--config", str(tmp_path / "ok.yml"), "--output", str(tmp_path / "file"))
    assert code == 2 and err.count("\n") == 1 and "is a file, not a folder" in err
    code, _, err = _run("build", "--timeout", "0")
    assert code == 2 and "must be >= 1" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "--jobs", "0"], "must be >= 1"),
        (["build", "--jobs", "two"], "not an integer: 'two'"),
        (["analyze", "seeds", "--store", "s", "--workers", "-1"], "must be >= 0"),
        (["analyze", "seeds", "--store", "s", "--workers", "1.5"], "not an integer: '1.5'"),
        (["build", "--cell-timeout", "9" * 80 + "x"], "not an integer: '" + "9" * 39),
    ],
)
def test_integer_options_refuse_bad_values_in_one_line(argv, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing is built or stored: argparse refuses first
    with pytest.raises(SystemExit) as stop, contextlib.redirect_stderr(io.StringIO()) as err:
        cli.main(argv)
    assert stop.value.code == 2 and message in err.getvalue()
    assert not list(tmp_path.iterdir())
    assert "9" * 41 not in err.getvalue()  # a huge value is cut


def test_help_documents_timeouts_and_stop_signals():
    code, out, _ = _run("build", "--help")
    assert code == 0
    for word in ("--timeout", "--cell-timeout", "143", "129", "SIGTERM", "kernel dies"):
        assert word in out


def test_make_lab_starts_jupyterlab_on_the_project_as_root_or_not(tmp_path):
    """`make lab` passes --allow-root exactly when run as root, opens the project folder, and serves."""
    import os
    import shlex
    import socket
    import subprocess

    root = Path(__file__).resolve().parents[1]
    dry = subprocess.run(["make", "-s", "-n", "lab"], cwd=root, capture_output=True, text=True, check=True)
    argv = shlex.split(dry.stdout.strip().splitlines()[-1])
    assert argv[:2] == [".venv/bin/jupyter", "lab"]
    assert ("--allow-root" in argv) == (os.getuid() == 0)
    assert "--ServerApp.root_dir=." in argv  # notebooks made at the top run where seeds/ is
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
    }
    proc = subprocess.Popen(
        [*argv, "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    serving = re.compile(r"http://127\.0\.0\.1:\d+/lab")  # (the next port, if that one was taken)
    try:
        for line in proc.stderr:
            seen.append(line)
            if serving.search(line):
                break
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert any(serving.search(line) for line in seen), "".join(seen[-20:])
    assert any(f"Serving notebooks from local directory: {root}" in line for line in seen), "".join(
        seen[-20:]
    )
