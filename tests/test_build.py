"""`newsreport build` end to end: real kernels, real Papermill, real nbconvert, on copies of a project.

A template project (``analysis/``, ``notebooks/``, ``requirements.lock`` and a seeds folder holding the
seed plus a hostile article) is built once per session; every test gets its own copy of it (reports
included: paths in reports are relative, so a copied project is up to date where it lands). The
copy is also the code root its kernels import, so changing its ``analysis/`` is a real code change.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import time
from pathlib import Path

import pytest
from buildkit import SEED_JOB, copy_project, notebook, run_cli, snapshot

from analysis.build import build, load_config
from analysis.build.index import IndexEntry, render_index
from analysis.build.jobs import ConfigError, notebook_parameters, safe_output
from analysis.build.keys import DigestCache, job_key, reason
from analysis.build.normalize import INJECTED_ID, normalize_notebook

ROOT = Path(__file__).resolve().parents[1]
JOBS = (SEED_JOB, "xss", "corpus")
XSS_TEXT = """---
date: 2021-12-09
---
Talks <script>alert(1)</script> stall in Geneva

GENEVA — Russian Foreign Minister Sergey Lavrov said on Monday that Russia <img src=x onerror=alert(1)> \
would never accept **bold** demands from NATO.

# heading

“We reject <b>raw</b> HTML and <iframe src="http://x"></iframe> threats,” Lavrov said. \
Ukraine and [link](http://x) officials met Antony Blinken, who said the <script>alert(1)</script> \
plan was dead.
"""
PNG_IMG = re.compile(r'<img\b[^>]*\bsrc="data:image/png;base64,')
#: provenance.json fields that say when and how fast a report was built (the only differences
#: between two builds of the same inputs).
BUILD_TIME = ("built_at", "build_seconds", "build_timings")


#: Build defaults that only the corpus notebook declares: the corpus job takes them, article jobs
#: (whose notebook does not declare them) build without them.
DEFAULTS = "defaults: {period: week, kwic_pattern: 'threat*'}\n"


def _seeds() -> dict[str, str | Path]:
    return {f"{SEED_JOB}.txt": ROOT / "seeds" / f"{SEED_JOB}.txt", "xss.txt": XSS_TEXT}


def _project(dest: Path) -> Path:
    """A project holding the seed and the hostile (dated) article, built with :data:`DEFAULTS`."""
    proj = copy_project(dest, _seeds())
    with (proj / "reports.yml").open("a", encoding="utf-8") as fh:
        fh.write(DEFAULTS)
    return proj


def _snapshot(folder: Path) -> dict[str, bytes]:
    return snapshot(folder)


def _run_cli(*args: str) -> tuple[int, str, str]:
    return run_cli(*args)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The template project, built once (never changed by a test: tests take copies)."""
    proj = _project(tmp_path_factory.mktemp("template") / "proj")
    code, out, err = run_cli("build", "--config", str(proj / "reports.yml"), "--jobs", "2")
    return {
        "root": proj,
        "code": code,
        "out": out,
        "err": err,
        "first": {job: snapshot(proj / "reports" / job) for job in JOBS},
    }


@pytest.fixture
def project(template: dict, tmp_path: Path) -> dict:
    """This test's own copy of the built template project."""
    root = tmp_path / "copy"
    shutil.copytree(template["root"], root, symlinks=True)
    return {**template, "root": root, "reports": root / "reports", "built_in": template["root"]}


# ------------------------------------------------------------------------------ end to end


def test_build_executes_both_notebooks(project):
    assert project["code"] == 0, project["out"] + project["err"]
    assert project["first"] == {job: _snapshot(project["reports"] / job) for job in JOBS}
    assert project["out"].strip().splitlines()[-1].startswith("3 built, 0 up to date, 0 failed in ")
    for job in JOBS:
        folder = project["reports"] / job
        names = set(project["first"][job])
        assert {"index.html", "report.ipynb", "provenance.json"} <= names
        assert any(n.startswith("figures/") and n.endswith(".png") for n in names)
        assert any(n.startswith("tables/") and n.endswith(".csv") for n in names)
        prov = json.loads((folder / "provenance.json").read_text())
        assert prov["job"] == job and len(prov["key"]) == 64 and prov["built_at"]
        assert prov["packages"]["papermill"] and prov["python"]
    assert not list(project["reports"].glob(".tmp-*"))


def test_article_html_is_self_contained(project):
    html = (project["reports"] / SEED_JOB / "index.html").read_text(encoding="utf-8")
    assert len(PNG_IMG.findall(html)) >= 12
    # every figure carries its caption as alternative text, and outputs stay keyboard-focusable
    alts = re.findall(r'<img\b[^>]*\balt="([^"]*)"', html)
    captions = re.findall(r'<p class="nr-caption"[^>]*>([^<]*)</p>', html)
    assert len(alts) == len(PNG_IMG.findall(html)) and set(alts) <= set(captions)
    assert "Most frequent terms (stopwords removed)." in alts
    assert html.count('tabindex="0"') >= len(alts)
    for page in project["reports"].glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        tags = re.findall(r"<[a-zA-Z][^<>]*>", text)  # real markup: article text is escaped (&lt;)
        assert not [t for t in tags if re.match(r"<script\b[^>]*\bsrc\s*=", t, re.I)]
        assert not [t for t in tags if re.match(r"<link\b", t, re.I) and "http" in t]
        assert not [t for t in tags if re.search(r"\b(src|href)\s*=\s*[\"']?(https?:)?//", t, re.I)]
        assert not re.search(r"url\(\s*[\"']?(https?:)?//|@import", text, re.I)
        assert "https://" not in text


def test_report_notebook_has_no_run_metadata(project):
    nb = json.loads(project["first"][SEED_JOB]["report.ipynb"])
    assert not {"start_time", "end_time", "duration"} & set(nb["metadata"]["papermill"])
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert [c["id"] for c in injected] == [INJECTED_ID]
    assert all("papermill" not in c["metadata"] and "execution" not in c["metadata"] for c in nb["cells"])


def test_hostile_article_text_is_escaped_everywhere(project):
    for job in ("xss", "corpus"):
        text = (project["reports"] / job / "index.html").read_text(encoding="utf-8")
        assert "<script" not in text.lower()  # nbconvert's own inline scripts are removed as well
        assert "<iframe" not in text.lower()
        assert not re.search(r"<[a-z][^<>]*\sonerror\s*=", text, re.I)
        assert not re.search(r"<b>raw</b>|<strong>bold</strong>|<em>bold|href=\"http://x\"", text)
        assert not re.search(r"<h\d[^>]*>\s*heading\s*</h\d>", text)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # shown, as plain text
    xss = (project["reports"] / "xss" / "index.html").read_text(encoding="utf-8")
    assert "**bold**" in xss and "onerror=alert(1)" in xss


def test_corpus_report_takes_the_period_and_kwic_pattern_defaults(project):
    """reports.yml's `defaults: {period: week, kwic_pattern: 'threat*'}` reach the corpus report."""
    corpus = project["first"]["corpus"]
    # the hostile article is dated Thursday 2021-12-09: its week is labelled by its Monday
    # (a day would be 2021-12-09, a month 2021-12; "auto" picks days for a one-day span)
    counts = list(csv.DictReader(io.StringIO(corpus["tables/articles-per-period.csv"].decode("utf-8"))))
    assert [(row["period"], row["articles"]) for row in counts] == [("2021-12-06", "1")]
    summary = dict(csv.reader(io.StringIO(corpus["tables/summary.csv"].decode("utf-8"))))
    assert summary["period"] == "week"  # the summary names the period the tables use
    kwic = list(csv.DictReader(io.StringIO(corpus["tables/kwic.csv"].decode("utf-8"))))
    # by hand: the seed's body says "threats", "threatened", "threatening", "threat" (its headline,
    # "...Trading of Threats", is the title, not text); the hostile article says "threats"
    assert sorted(row["keyword"].lower() for row in kwic) == [
        "threat",
        "threatened",
        "threatening",
        "threats",
        "threats",
    ]
    html = corpus["index.html"].decode("utf-8")
    assert "The latest of 5 occurrences of 'threat*' across the corpus." in html
    assert "Articles per week (empty periods included)." in html


def test_corpus_report_rows_link_to_the_article_reports(project):
    """The corpus report's article ids link to each seed file's own report, which exists."""
    corpus = project["reports"] / "corpus"
    html = (corpus / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'<a href="([^"]+)">', html))
    assert links == {f"../{job}/index.html" for job in (SEED_JOB, "xss")}
    assert all((corpus / link).resolve().is_file() for link in links)
    latest = list(csv.DictReader(io.StringIO((corpus / "tables" / "latest-articles.csv").read_text())))
    assert {(row["record"], row["report"]) for row in latest} == {
        (f"{SEED_JOB}.txt", f"../{SEED_JOB}/index.html"),
        ("xss.txt", "../xss/index.html"),
    }
    what_changed = (corpus / "tables" / "what-changed.csv").read_text().splitlines()[0].split(",")
    assert what_changed[-3:] == ["article_id", "record", "report"]


def test_index_links_every_report(project):
    index = (project["reports"] / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+)"', index))
    assert links == {f"{job}/index.html" for job in (SEED_JOB, "xss", "corpus")}
    assert all((project["reports"] / link).is_file() for link in links)
    assert index.count('class="status-built"') == 3
    assert "<script" not in index.lower()
    # each report is listed under its own title (the article's headline), escaped
    assert ">Tensions Grow Over Ukraine With the Trading of Threats</a>" in index
    assert "Talks &lt;script&gt;alert(1)&lt;/script&gt; stall in Geneva" in index
    assert ">Corpus report: 2 articles</a>" in index


def test_a_copied_project_is_up_to_date_and_a_second_build_starts_no_kernel(project):
    config = load_config(project["root"] / "reports.yml")
    lines: list[str] = []
    result = build(config, jobs=2, echo=lines.append)
    assert result.kernel_starts == 0  # the copy, in another folder, is up to date: no machine path in keys
    assert [j.status for j in result.jobs] == ["up to date"] * 3
    assert result.exit_code == 0
    assert result.summary().startswith("0 built, 3 up to date, 0 failed")
    for job in (SEED_JOB, "xss", "corpus"):
        assert _snapshot(project["reports"] / job) == project["first"][job]


def test_code_change_rebuilds_all(project):
    target = project["root"] / "analysis" / "articles" / "model.py"
    original = target.read_bytes()
    try:
        target.write_bytes(original + b"\n# a comment counts as a code change\n")
        code, out, _ = _run_cli("build", "--config", str(project["root"] / "reports.yml"), "--dry-run")
    finally:
        target.write_bytes(original)
    assert code == 0
    assert out.splitlines()[:3] == [f"{SEED_JOB}: code changed", "xss: code changed", "corpus: code changed"]
    code, out, _ = _run_cli("build", "--config", str(project["root"] / "reports.yml"), "--dry-run")
    assert out.splitlines()[:3] == [f"{SEED_JOB}: up to date", "xss: up to date", "corpus: up to date"]


def test_touching_a_seed_rebuilds_only_its_readers(project):
    seed = project["root"] / "seeds" / "xss.txt"  # the short article: its rebuild is the cheaper one
    seed.write_text(
        seed.read_text(encoding="utf-8") + "\nRussia and Ukraine met again on Friday.\n", encoding="utf-8"
    )
    config = load_config(project["root"] / "reports.yml")
    result = build(config, jobs=2, echo=lambda line: None)
    status = {j.name: (j.status, j.reason) for j in result.jobs}
    assert status == {
        "xss": ("built", "inputs changed"),
        "corpus": ("built", "inputs changed"),
        SEED_JOB: ("up to date", "up to date"),
    }
    assert result.kernel_starts >= 2 and result.exit_code == 0
    assert _snapshot(project["reports"] / SEED_JOB) == project["first"][SEED_JOB]
    assert (project["reports"] / "xss" / "index.html").read_bytes() != project["first"]["xss"]["index.html"]


def test_failing_job_keeps_previous_report_and_others_run(project):
    root = project["root"]
    before = _snapshot(root / "reports" / SEED_JOB)
    xss_before = _snapshot(root / "reports" / "xss")
    (root / "fail.yml").write_text(
        "output: reports\ncode_root: .\njobs:\n"
        f"  - {{name: {SEED_JOB}, notebook: notebooks/article_report.ipynb,"
        f" parameters: {{input_path: seeds/{SEED_JOB}.txt, window: bogus}}}}\n"
        "  - {name: xss, notebook: notebooks/article_report.ipynb,"
        " parameters: {input_path: seeds/xss.txt}}\n",
        encoding="utf-8",
    )
    code, out, _ = _run_cli("build", "--config", str(root / "fail.yml"), "--force", "--jobs", "2")
    assert code == 1
    failed = [ln for ln in out.splitlines() if ln.startswith("FAILED")]
    assert len(failed) == 1 and re.fullmatch(
        rf"FAILED {SEED_JOB}: cell \d+: ValueError: .*window.*", failed[0]
    )
    assert out.strip().splitlines()[-1].startswith("1 built, 0 up to date, 1 failed in ")
    assert _snapshot(root / "reports" / SEED_JOB) == before  # previous good report, byte-identical
    saved = json.loads((root / "reports" / ".failed" / f"{SEED_JOB}.ipynb").read_text(encoding="utf-8"))
    assert any(o.get("ename") == "ValueError" for c in saved["cells"] for o in c.get("outputs", []))
    # Determinism: the forced rebuild of an unchanged job is byte-identical except provenance's build time.
    xss_after = _snapshot(root / "reports" / "xss")
    assert xss_after.keys() == xss_before.keys()
    for name in xss_before:
        if name != "provenance.json":
            assert xss_after[name] == xss_before[name], name
    p1, p2 = (json.loads(s["provenance.json"]) for s in (xss_before, xss_after))
    for p in (p1, p2):
        p.pop("built_at"), p.pop("build_seconds"), p.pop("build_timings")
    assert p1 == p2
    index = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert "status-failed" in index and f".failed/{SEED_JOB}.ipynb" in index


def test_reports_name_no_machine_path(project):
    """provenance.json, report.ipynb (its injected parameters), tables/*.csv, HTML: no absolute path."""
    built_in = str(project["built_in"])  # where the template was built
    for job in JOBS:
        files = project["first"][job]
        for name, data in files.items():
            text = data.decode("utf-8", "replace")
            assert "/tmp/" not in text and str(ROOT) not in text, (job, name)
            assert built_in not in text, (job, name)
        prov = json.loads(files["provenance.json"])
        assert prov["notebook"] in ("notebooks/article_report.ipynb", "notebooks/corpus_report.ipynb")
        assert all(not Path(k).is_absolute() for k in prov["inputs"])
        nb = json.loads(files["report.ipynb"])
        injected = "".join("".join(c["source"]) for c in nb["cells"] if c["id"] == INJECTED_ID)
        assert 'output_dir = "."' in injected
    article = json.loads(project["first"]["xss"]["provenance.json"])
    assert article["parameters"] == {"input_path": "../../seeds/xss.txt"}  # from the report's folder
    assert article["inputs"].keys() == {"seeds/xss.txt"}  # from the project's folder
    corpus_csv = project["first"]["corpus"]["tables/provenance.csv"].decode("utf-8")
    assert "parameter,corpus_path,../../seeds\n" in corpus_csv
    assert "parameter,period,week\n" in corpus_csv and "parameter,kwic_pattern,threat*\n" in corpus_csv
    # the executed notebook re-runs where it lies: its input path works from the report's folder
    assert (project["reports"] / "xss" / "../../seeds/xss.txt").resolve() == project[
        "root"
    ] / "seeds" / "xss.txt"


def test_two_checkouts_build_byte_identical_reports(template, tmp_path):
    """The same inputs built in another folder (other name, other depth) give the same bytes,
    except the build time in provenance.json (the short article and the corpus: the seed
    article's report is the same kind as the first)."""
    other = _project(tmp_path / "elsewhere" / "deeper" / "checkout")
    config = str(other / "reports.yml")
    code, out, err = _run_cli("build", "--config", config, "--jobs", "2", "--only", "xss", "--only", "corpus")
    assert code == 0, out + err
    for job in ("xss", "corpus"):
        mine, theirs = _snapshot(other / "reports" / job), template["first"][job]
        assert mine.keys() == theirs.keys(), job
        for name in mine:
            if name != "provenance.json":
                assert mine[name] == theirs[name], (job, name)
        p1, p2 = json.loads(mine["provenance.json"]), json.loads(theirs["provenance.json"])
        for p in (p1, p2):
            for key in BUILD_TIME:
                p.pop(key)
        assert p1 == p2, job


# ------------------------------------------------------------------------------ configuration


def _small_notebook(path: Path, params: str = "input_path = 'x'\noutput_dir = None\n") -> Path:
    return notebook(path, params=params)


@pytest.mark.parametrize(
    "job, message",
    [
        ("{name: '../x', notebook: nb.ipynb, parameters: {input_path: a.txt}}", "escapes the output folder"),
        (
            "{name: ok, output: /tmp/elsewhere, notebook: nb.ipynb, parameters: {input_path: a.txt}}",
            "absolute",
        ),
        ("{name: ok, output: a/../../x, notebook: nb.ipynb, parameters: {input_path: a.txt}}", "escapes"),
        (
            "{name: ok, notebook: nb.ipynb, parameters: {input_path: a.txt, colour: red}}",
            "colour not declared",
        ),
        (
            "{name: ok, notebook: nb.ipynb, parameters: {input_path: a.txt, output_dir: x}}",
            "set by the builder",
        ),
    ],
)
def test_bad_config_exits_2_before_anything_runs(tmp_path, job, message):
    _small_notebook(tmp_path / "nb.ipynb")
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "reports.yml").write_text(f"jobs:\n  - {job}\n", encoding="utf-8")
    code, out, err = _run_cli("build", "--config", str(tmp_path / "reports.yml"))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert not (tmp_path / "reports").exists() and not Path("/tmp/elsewhere").exists()


def test_fork_kernels_must_be_a_boolean(tmp_path):
    from analysis.build import ConfigError, load_config

    _small_notebook(tmp_path / "nb.ipynb")
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    jobs = "jobs:\n  - {name: a, notebook: nb.ipynb, parameters: {input_path: a.txt}}\n"
    (tmp_path / "reports.yml").write_text("fork_kernels: sometimes\n" + jobs, encoding="utf-8")
    with pytest.raises(ConfigError, match="fork_kernels"):
        load_config(tmp_path / "reports.yml")
    (tmp_path / "reports.yml").write_text("fork_kernels: false\n" + jobs, encoding="utf-8")
    assert load_config(tmp_path / "reports.yml").fork_kernels is False


def test_defaults_go_to_the_jobs_whose_notebook_declares_them(tmp_path):
    """`defaults: {period: week}` reaches the corpus job only (the article notebook does not
    declare it); a default no job's notebook declares is refused by name; a job's own
    parameters must still all be declared."""
    from analysis.build.jobs import make_job

    (tmp_path / "seeds").mkdir()
    shutil.copy2(ROOT / "seeds" / f"{SEED_JOB}.txt", tmp_path / "seeds")
    config = tmp_path / "reports.yml"
    defaults = "defaults: {period: week, kwic_pattern: 'threat*', top_n: 3}\n"
    config.write_text("seeds: seeds\n" + defaults, encoding="utf-8")
    jobs = {job.name: job for job in load_config(config).jobs}
    assert set(jobs) == {SEED_JOB, "corpus"}
    assert jobs[SEED_JOB].parameters == {"input_path": f"../../seeds/{SEED_JOB}.txt", "top_n": 3}
    assert jobs["corpus"].parameters == {
        "period": "week",
        "kwic_pattern": "threat*",
        "top_n": 3,
        "corpus_path": "../../seeds",
    }
    article = f"{{input_path: seeds/{SEED_JOB}.txt}}"
    explicit = (
        "jobs:\n"
        f"  - {{name: a, notebook: notebooks/article_report.ipynb, parameters: {article}}}\n"
        "  - {name: c, notebook: notebooks/corpus_report.ipynb,"
        " parameters: {corpus_path: seeds, period: month}}\n"
    )
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".ipynb_*"))
    config.write_text(defaults + explicit, encoding="utf-8")
    jobs = {job.name: job for job in load_config(config).jobs}
    assert "period" not in jobs["a"].parameters and "kwic_pattern" not in jobs["a"].parameters
    assert jobs["a"].parameters["top_n"] == 3
    # the job's own parameter wins over the default
    assert (jobs["c"].parameters["period"], jobs["c"].parameters["kwic_pattern"]) == ("month", "threat*")

    for text, message in [
        ("seeds: seeds\ndefaults: {perod: week, top_n: 3}\n", "defaults: parameter(s) perod not declared"),
        ("defaults: {perod: week, colour: red}\n" + explicit, "parameter(s) colour, perod not declared"),
        ("defaults: {output_dir: x}\n" + explicit, "'output_dir' is set by the builder"),
        (
            explicit.replace("{input_path:", "{period: week, input_path:"),
            "job a: parameter(s) period not declared",
        ),
    ]:
        config.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            load_config(config)
        assert message in str(err.value), str(err.value)
    # only the corpus notebook's jobs: a default the article notebook alone declares is refused
    config.write_text(
        "defaults: {input_path: x.txt}\njobs:\n"
        "  - {name: c, notebook: notebooks/corpus_report.ipynb, parameters: {corpus_path: seeds}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"input_path not declared .*\(corpus_report.ipynb\)"):
        load_config(config)
    # make_job keeps its signature: positional parameters, defaults by keyword
    nb = tmp_path / "notebooks" / "corpus_report.ipynb"
    job = make_job(tmp_path, "c", nb, {"corpus_path": "seeds"}, defaults={"period": "day", "input_path": "x"})
    assert job.parameters["period"] == "day" and "input_path" not in job.parameters
    assert "period" not in make_job(tmp_path, "c", nb, {"corpus_path": "seeds"}).parameters


def test_bad_yaml_exits_2(tmp_path):
    (tmp_path / "reports.yml").write_text("jobs: [\n  - {name: a\n", encoding="utf-8")
    code, _, err = _run_cli("build", "--config", str(tmp_path / "reports.yml"))
    assert code == 2 and "invalid YAML" in err and len(err.strip().splitlines()) == 1


def test_notebook_parameters_read_without_papermill(tmp_path, fresh_python):
    nb = _small_notebook(tmp_path / "nb.ipynb", "a = 1\nb: int = 2\nc, d = 3, 4\ne = f = 'x'\n")
    assert list(notebook_parameters(nb)) == ["a", "b", "e", "f"]
    # importing the builder and the CLI loads none of Papermill, nbconvert, nbformat, JupyterLab:
    out = fresh_python(
        "import analysis.build, analysis.cli\n"
        "print(sorted(m for m in ('papermill', 'nbconvert', 'nbformat', 'jupyterlab') if m in sys.modules))"
    )
    assert out.strip() == "[]"


def test_safe_output():
    assert safe_output("a/b") == "a/b" and safe_output("./a") == "a"
    for bad in ("../x", "/abs", "a/../../b", ".hidden", "", "a/..", "C:/x", "index.html", "INDEX.HTML/x"):
        with pytest.raises(ConfigError):
            safe_output(bad)


def test_sweep_restores_a_report_left_in_the_trash_and_removes_temporaries(tmp_path):
    from analysis.build.outputs import sweep

    # killed between "old report -> trash" and "new report -> place": the old one must come back
    (tmp_path / ".trash-my-job-ab12cd_3").mkdir()
    (tmp_path / ".trash-my-job-ab12cd_3" / "index.html").write_text("good")
    (tmp_path / ".tmp-my-job-zz99zz00").mkdir()
    # killed after the new report was in place: the trash is just garbage
    (tmp_path / "other").mkdir()
    (tmp_path / ".trash-other-qq11qq22").mkdir()
    sweep({tmp_path})
    assert (tmp_path / "my-job" / "index.html").read_text() == "good"
    assert (tmp_path / "other").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-job", "other"]


# ------------------------------------------------------------------------------ pure parts


def test_keys_follow_inputs_and_report_reasons(tmp_path):
    proj = tmp_path / "p"
    (proj / "analysis" / "data").mkdir(parents=True)
    (proj / "analysis" / "__init__.py").write_text("")
    (proj / "analysis" / "data" / "lex.txt").write_text("a")
    nb = _small_notebook(proj / "nb.ipynb", "corpus_path = 'x'\noutput_dir = None\n")
    (proj / "corpus").mkdir()
    (proj / "corpus" / "a.txt").write_text("one")
    (proj / "reports.yml").write_text(
        "code_root: .\njobs:\n  - {name: c, notebook: nb.ipynb, parameters: {corpus_path: corpus}}\n"
    )
    job = load_config(proj / "reports.yml").jobs[0]

    def key():
        return job_key(job, DigestCache(proj))

    k0 = key()
    prev = {"key": k0.key, "components": k0.components}
    assert reason(k0, None) == "new" and reason(k0, prev) is None
    (proj / "corpus" / "b.txt").write_text("two")  # a new file in a folder input
    assert reason(key(), prev) == "inputs changed"
    (proj / "corpus" / "b.txt").unlink()
    (proj / "analysis" / "data" / "lex.txt").write_text("b")  # data files count as code
    assert reason(key(), prev) == "code changed"
    (proj / "analysis" / "data" / "lex.txt").write_text("a")
    assert key().key == k0.key
    _small_notebook(nb, "corpus_path = 'y'\noutput_dir = None\n")
    assert reason(key(), prev) == "notebook changed"


def test_normalize_notebook_removes_timings_and_random_ids():
    nb = {
        "metadata": {
            "papermill": {
                "start_time": "t",
                "end_time": "t",
                "duration": 1.0,
                "output_path": "/tmp/.tmp-x",
                "parameters": {"a": 1},
            }
        },
        "cells": [
            {
                "id": "fixed",
                "cell_type": "code",
                "metadata": {"papermill": {"duration": 1}, "execution": {"x": 1}},
            },
            {"id": "a1b2c3", "cell_type": "code", "metadata": {"tags": ["injected-parameters"]}},
            {"id": "random9", "cell_type": "markdown", "metadata": {}},
        ],
    }
    normalize_notebook(nb, ["fixed", "other"])
    assert nb["metadata"]["papermill"] == {"parameters": {"a": 1}}
    assert [c["id"] for c in nb["cells"]] == ["fixed", INJECTED_ID, "cell-2"]
    assert nb["cells"][0]["metadata"] == {}


def test_index_page_escapes_titles():
    page = render_index(
        [IndexEntry("a", "<script>x</script>", "built", "2026-01-01 00:00 UTC", "a/index.html")]
    )
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert 'href="a/index.html"' in page


def _stubborn(ignoring) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    ignoring.set()
    time.sleep(60)  # ended by the test's SIGKILL, never by the time running out


def _reports_then_exits(results) -> None:
    results.put(("kernel", 0, 4242))  # the queue's feeder thread flushes it before the process exits


def test_closing_workers_are_joined_promptly_and_a_stuck_one_is_ended():
    """The coordinator reads what closing workers still report, and ends one that does not exit."""
    import multiprocessing

    from analysis.build import coordinator

    ctx = multiprocessing.get_context("fork")
    coord = object.__new__(coordinator.Coordinator)
    coord.results = ctx.Queue()
    coord.kernel_starts, coord.state = 0, None
    polite = ctx.Process(target=_reports_then_exits, args=(coord.results,))
    polite.start()
    polite.join()  # it has reported and exited before the coordinator looks: nothing is lost
    worker = coordinator.Worker(proc=polite, tasks=None, closing=True)
    coord.workers = {0: worker}
    coord._join_workers(timeout=30)
    assert not polite.is_alive()
    assert coord.kernel_starts == 1 and [pid for pid, _ in worker.kernels] == [4242]

    ignoring = ctx.Event()
    stuck = ctx.Process(target=_stubborn, args=(ignoring,))
    stuck.start()
    assert ignoring.wait(timeout=60)  # SIGTERM is ignored before the coordinator sends it
    coord.workers = {0: coordinator.Worker(proc=stuck, tasks=None, closing=True)}
    coord._join_workers(timeout=0.3, grace=0.3)
    assert not stuck.is_alive() and stuck.exitcode == -signal.SIGKILL  # SIGTERM ignored, so killed


def test_worker_fork_server_exits_without_interpreter_teardown(tmp_path, fresh_python):
    """The fork server's preload ends it without unloading its modules (~0.17 s during which it
    held the build's stdout and stderr open), and only it: a process forked from it exits normally."""
    marker = tmp_path / "teardown"
    fresh_python(
        "import atexit, os\n"
        f"mark = lambda: open({str(marker)!r} + ('-child' if os.getpid() != server else ''), 'w').close()\n"
        "atexit.register(mark)\n"
        "server = os.getpid()\n"
        "import analysis.build.preload\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    sys.exit(0)\n"
        "os.waitpid(pid, 0)\n"
    )
    assert (tmp_path / "teardown-child").exists()  # the forked process ran its exit handlers
    assert not marker.exists()  # the fork server skipped them (and the teardown after them)


def test_kernel_env_keeps_freed_memory_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "1000")
    from analysis.build.coordinator import kernel_env

    env = kernel_env(ROOT)
    assert env["MALLOC_MMAP_THRESHOLD_"] == str(64 << 20)
    assert env["MALLOC_TRIM_THRESHOLD_"] == "1000"  # the user's setting wins
    assert env["PYTHONHASHSEED"] == "0" and env["PYTHONPATH"].split(os.pathsep)[0] == str(ROOT)
