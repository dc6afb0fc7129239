"""A built report's ``tables/*.csv`` hold the numbers ``analyze()`` gives for the same input.

One real build (``newsreport build``: Papermill, a real kernel, nbconvert) of a copied project
holding the seed article, with an article job and a corpus job, runs once for this module: the
tests below only read what it wrote. Each CSV is compared cell by cell with the table computed
here, in the test process, by ``analyze()`` / ``analyze_corpus()`` on the same file. Display
tables (quotes with their speakers, the extreme sentences, the overview card) are rebuilt here
from the analysis tables by their documented rules, not through the report helpers that made
them.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import corpus
from analysis.pipeline import analyze
from analysis.tokens import term_frequencies

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_8edc49b2fd314639.txt"
CONFIG = """\
output: reports
code_root: .
jobs:
  - name: article
    notebook: notebooks/article_report.ipynb
    parameters:
      input_path: seeds/{seed}
      top_n: 15
      min_mentions: 2
  - name: corpus
    notebook: notebooks/corpus_report.ipynb
    parameters:
      corpus_path: seeds
      top_n: 15
      min_mentions: 2
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copied project built once by the ``newsreport`` console script; returns its reports folder."""
    proj = tmp_path_factory.mktemp("tables_project")
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    shutil.copytree(ROOT / "analysis", proj / "analysis", ignore=ignore)
    shutil.copytree(ROOT / "notebooks", proj / "notebooks", ignore=ignore)
    shutil.copy2(ROOT / "requirements.lock", proj / "requirements.lock")
    (proj / "seeds").mkdir()
    shutil.copy2(SEED, proj / "seeds" / SEED.name)
    (proj / "reports.yml").write_text(CONFIG.format(seed=SEED.name), encoding="utf-8")
    exe = Path(sys.executable).with_name("newsreport")
    done = subprocess.run(
        [str(exe), "build", "--config", str(proj / "reports.yml"), "--jobs", "2"],
        cwd=proj,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return proj / "reports"


@pytest.fixture(scope="module")
def a():
    return analyze(SEED)


def read_csv(path: Path) -> pd.DataFrame:
    """A report CSV as text cells ("" for an empty cell)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def assert_same_cell(got: str, expected, where: str) -> None:
    """A CSV cell (text) equals a table value: numbers to the CSV's 6 significant digits."""
    if isinstance(expected, tuple | list):
        assert got == " ".join(map(str, expected)), where
    elif _missing(expected):
        assert got == "", where
    elif isinstance(expected, bool):
        assert got == str(expected), where
    elif isinstance(expected, int | float) or hasattr(expected, "dtype"):
        e = float(expected)
        assert math.isclose(float(got), e, rel_tol=1e-5, abs_tol=1e-9), f"{where}: {got} != {e}"
    else:
        assert got == str(expected), where


def assert_csv_equals(path: Path, expected: pd.DataFrame) -> None:
    """Every header, row and cell of the CSV at ``path`` equals ``expected`` (index ignored)."""
    got = read_csv(path)
    assert list(got.columns) == [str(c) for c in expected.columns], path.name
    assert len(got) == len(expected), f"{path.name}: {len(got)} rows, expected {len(expected)}"
    for col in expected.columns:
        for i, (g, e) in enumerate(zip(got[str(col)], expected[col].tolist(), strict=True)):
            assert_same_cell(g, e, f"{path.name} row {i} column {col}")


def test_article_report_has_the_tables(built):
    names = {p.stem for p in (built / "article" / "tables").glob("*.csv")}
    assert {"overview", "terms", "tone-extremes", "actors", "unresolved", "edges", "quotes"} <= names


def test_quotes_csv_has_every_quote_with_its_speaker(built, a):
    q = a.quotes
    assert len(q) >= 5 and q["speaker_name"].notna().sum() >= 5  # the seed quotes Blinken and Lavrov
    speaker = [
        n if isinstance(n, str) and n else (s if isinstance(s, str) and s else "?")
        for n, s in zip(q["speaker_name"], q["speaker_surface"], strict=True)
    ]
    expected = pd.DataFrame(
        {
            "qid": q["qid"],
            "speaker": speaker,
            "cue": q["cue"],
            "kind": q["kind"],
            "quote": q["text"],
            "tone": q["tone"],
        }
    )
    assert_csv_equals(built / "article" / "tables" / "quotes.csv", expected)
    got = read_csv(built / "article" / "tables" / "quotes.csv")
    assert {"Antony Blinken", "Sergey Lavrov"} <= set(got["speaker"])


def test_actors_edges_unresolved_and_terms_csv_equal_analyze(built, a):
    tables = built / "article" / "tables"
    assert len(a.actors) >= 5 and len(a.edges) >= 5
    assert_csv_equals(tables / "actors.csv", a.actors)
    assert_csv_equals(tables / "edges.csv", a.edges)
    assert_csv_equals(tables / "unresolved.csv", a.unresolved)
    assert_csv_equals(tables / "terms.csv", term_frequencies(a.tokens))
    # mention counts in the actors table are the mentions table's, counted here with pandas
    counts = a.mentions.groupby("actor_id").size()
    got = read_csv(tables / "actors.csv")
    assert {k: int(v) for k, v in zip(got["actor_id"], got["mentions"], strict=True)} == counts.to_dict()


def test_events_csv_names_each_event(built, a):
    path = built / "article" / "tables" / "events.csv"
    names = dict(zip(a.actors["actor_id"], a.actors["name"], strict=True))
    got = read_csv(path)
    assert len(got) == len(a.events) > 0
    assert list(got["source"]) == [names.get(s, s) for s in a.events["source"]]
    assert list(got["target"]) == [names.get(t, t) for t in a.events["target"]]
    assert list(got["plover"]) == list(a.events["plover"])


def test_tone_extremes_and_overview_csv(built, a):
    tables = built / "article" / "tables"
    s = a.sentiment.merge(a.sentences[["sid", "text"]], on="sid")
    top = s.loc[s["compound"].idxmax()]
    low = s.loc[s["compound"].idxmin()]
    got = read_csv(tables / "tone-extremes.csv")
    assert list(got["which"]) == ["most positive", "most negative"]
    assert [int(x) for x in got["sid"]] == [int(top["sid"]), int(low["sid"])]
    assert [float(x) for x in got["compound"]] == pytest.approx([top["compound"], low["compound"]])
    assert list(got["text"]) == [top["text"], low["text"]]
    card = dict(read_csv(tables / "overview.csv").itertuples(index=False, name=None))
    assert card["title"] == a.article.title
    assert card["sentences"] == str(len(a.sentences))
    assert card["actors"] == str(len(a.actors))
    assert card["quotes"] == str(len(a.quotes))
    assert card["article id"] == a.article.id
    assert card["mean tone"] == f"{a.sentiment['compound'].mean():+.3f}"


@pytest.fixture(scope="module")
def corp():
    return corpus.analyze_corpus(SEED.parent)


def test_corpus_report_tables_equal_the_corpus_functions(built, corp):
    tables = built / "corpus" / "tables"
    assert len(corp) == 1  # the seeds folder holds the seed only
    ov = corpus.overview(corp)  # the report reads its feature store; the in-memory functions agree
    latest = pd.DataFrame(
        {
            "date": ov["date"],
            "outlet": ov["source"],
            "title": ov["title"],
            "words": ov["words"],
            "mean_tone": ov["mean_tone"],
            "article_id": ov["article_id"],
            # the seed file, and where a build without jobs in reports.yml puts its article report
            # (links follow that layout: this config names its article job "article")
            "record": [SEED.name],
            "report": [f"../{SEED.stem}/index.html"],
        }
    )
    assert_csv_equals(tables / "latest-articles.csv", latest)
    outlets = read_csv(tables / "outlets.csv")
    assert outlets[["articles", "words", "sentences", "quotes"]].values.tolist() == [
        [str(n) for n in (1, ov["words"][0], ov["sentences"][0], len(corp.analyses[0].quotes))]
    ]  # read_csv keeps cells as text
    assert float(outlets["tone"][0]) == pytest.approx(
        ov["mean_tone"][0], abs=1e-6
    )  # one article: its sentences' mean (CSV keeps 6 decimals)
    summary = dict(read_csv(tables / "summary.csv").itertuples(index=False, name=None))
    assert summary["articles"] == "1"
    assert summary["sentences"] == str(len(corp.analyses[0].sentences))
