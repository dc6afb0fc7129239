"""Links from the corpus report's rows to the article reports (analysis/corpus/reporting.py).

A small seeds-like folder written here (text files with front matter, one with a name a job cannot
have, one named like the corpus job, and a JSONL collection) is analysed into a store in this
process; the links are checked against the job names the builder itself gives the same folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.articles import load_article
from analysis.build.jobs import seed_jobs
from analysis.corpus import changes
from analysis.corpus.reporting import article_report_links, with_article_links
from analysis.corpus.run import analyze_to_store, kept_environ
from analysis.corpus.store import open_store

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "a.txt": ("2022-04-11", "Talks in Geneva", "Russia and Ukraine held talks in Geneva on Monday."),
    "Überblick #1.txt": ("2022-05-02", "Berlin talks", "Germany and Russia met in Berlin on Monday."),
    "corpus.txt": ("2022-05-03", "More Berlin talks", "Germany and Russia met in Berlin again on Tuesday."),
}
RECORDS = [
    {"id": "rec-1", "date": "2022-04-12", "title": "Kyiv", "text": "Ukraine and Russia traded threats."},
    {"id": "rec-2", "date": "2022-05-04", "title": "Paris", "text": "Germany and France met in Paris."},
]


@pytest.fixture(scope="module", autouse=True)
def _environment_kept():
    with kept_environ():
        yield


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("links")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, (date, title, text) in FILES.items():
        (seeds / name).write_text(f"---\ndate: {date}\n---\n{title}\n\n{text}\n", encoding="utf-8")
    (seeds / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    store_dir = root / "store"
    run = analyze_to_store(seeds, store_dir, workers=0)
    assert (run.analysed, run.failed) == (5, [])
    # the builder's own job per seed file (input_path is absolute without an output folder)
    jobs = {
        Path(job.parameters["input_path"]).name: job.name
        for job in seed_jobs(seeds, ROOT / "notebooks")
        if "input_path" in job.parameters
    }
    ids = {name: load_article(seeds / name).id for name in FILES}
    return {"seeds": seeds, "store": open_store(store_dir), "jobs": jobs, "ids": ids, "root": root}


def test_seed_files_link_to_their_article_report_collections_do_not(corpus):
    jobs, ids = corpus["jobs"], corpus["ids"]
    # names as the builder gives them: the stem; accents dropped and unsafe runs as "_" plus a hash
    # of the file name; a stem that is the corpus job's name gets its suffix
    assert jobs["a.txt"] == "a" and jobs["corpus.txt"] == "corpus-txt"
    assert jobs["Überblick #1.txt"].startswith("Uberblick_1-") and len(jobs["Überblick #1.txt"]) == 20
    links = article_report_links(corpus["store"], corpus["seeds"], corpus["root"] / "reports" / "corpus")
    assert links == {ids[name]: f"../{jobs[name]}/index.html" for name in FILES}
    assert list(links) == sorted(links)  # deterministic order
    assert not {"rec-1", "rec-2"} & set(links)  # records of a collection have no article report
    # no build folder, or a corpus that is not a seeds folder: nothing to link
    assert article_report_links(corpus["store"], corpus["seeds"], None) == {}
    assert article_report_links(corpus["store"], corpus["seeds"] / "news.jsonl", corpus["root"]) == {}
    # a relative corpus path gives the same links
    rel = Path("../" * len(Path.cwd().parts)) / corpus["seeds"].relative_to("/")
    assert article_report_links(corpus["store"], rel, "reports/corpus") == links


def test_what_changed_rows_carry_their_record_and_report_link(corpus):
    store, ids, jobs = corpus["store"], corpus["ids"], corpus["jobs"]
    links = article_report_links(store, corpus["seeds"], corpus["root"] / "reports" / "corpus")
    w = changes.what_changed(store, "month")
    assert (w.attrs["previous"], w.attrs["latest"]) == ("2022-04", "2022-05")
    linked = with_article_links(store, w, links)
    assert list(linked.columns) == [*w.columns, "record", "report"]
    deu = linked[(linked["kind"] == "actor") & (linked["item"] == "DEU")].iloc[0]
    assert deu["status"] == "new"  # named by three May articles, by no April one
    refs = {ids[name]: name for name in FILES} | {"rec-1": "news.jsonl:1", "rec-2": "news.jsonl:2"}
    for aid, record, report in zip(linked["article_id"], linked["record"], linked["report"], strict=True):
        assert record == refs[aid]
        assert report == (f"../{jobs[record]}/index.html" if record in jobs else "")
    assert set(linked["article_id"]) & {"rec-1", "rec-2"}  # a record row, unlinked, is there too
    # an id the store does not know (or none) keeps empty cells
    odd = with_article_links(store, w.head(2).assign(article_id=["nope", None]), links)
    assert odd[["record", "report"]].values.tolist() == [["", ""], ["", ""]]
