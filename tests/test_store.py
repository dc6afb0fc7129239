"""The Parquet feature store and its Dask fan-out, with real LocalClusters on 127.0.0.1.

Corpora are small JSONL files written here. A run is held mid-way deterministically by an
exclusive lock on one input file (workers read inputs under a shared lock): the other units
finish, the held one waits until the test releases the lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from distributed import Client, LocalCluster

from analysis.corpus import aggregates, changes, kwic
from analysis.corpus.rows import TABLES
from analysis.corpus.run import analyze_to_store, kept_environ
from analysis.corpus.store import Store, StoreError, open_store

ROOT = Path(__file__).resolve().parents[1]
MONTHS = ["2022-01", "2022-02", "2022-04"]  # March has no article


def _text(i: int, month: int) -> str:
    lines = [
        f"Russia and Ukraine held talks in round {i} of the negotiations in Geneva.",
        f"The United States imposed new sanctions on Russia after meeting {i}."
        if i % 2 == 0
        else f"NATO said the alliance stood with Ukraine in week {i}.",
    ]
    if month == 1:  # February
        lines.append(f"France welcomed the sanctioned banks' closure number {i}.")
    return "\n\n".join(lines)


def _records(n: int, start: int = 0) -> list[dict]:
    out = []
    for i in range(start, start + n):
        m = i % 3
        out.append(
            {
                "id": f"art-{i:03d}",
                "date": f"{MONTHS[m]}-{10 + i % 15:02d}",
                "outlet": ["Daily A", "Weekly B"][i % 2],
                "country": "GB",
                "title": f"Story {i}",
                "text": _text(i, m),
            }
        )
    return out


def _write(path: Path, records: list[dict], extra: list[str] = ()) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + "".join(extra), encoding="utf-8")
    return path


@pytest.fixture(scope="module", autouse=True)
def _environment_kept():
    """A nanny leaves its pre-spawn variables in this process's environment: undo that for the
    test modules that run after this one (their kernels would inherit them)."""
    with kept_environ():
        yield


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    _write(d / "a.jsonl", _records(8))
    _write(d / "b.jsonl", _records(7, start=8))
    return d


def _tables(store_dir: Path) -> dict[str, pd.DataFrame]:
    s = open_store(store_dir)
    return {t: s.table(t) for t in TABLES}


def _assert_same(x: dict[str, pd.DataFrame], y: dict[str, pd.DataFrame]) -> None:
    for t in TABLES:
        pd.testing.assert_frame_equal(x[t], y[t], check_dtype=False, obj=t)


@pytest.fixture(scope="module")
def two_workers(corpus, cluster, tmp_path_factory):
    store = tmp_path_factory.mktemp("s2") / "store"
    r = analyze_to_store(corpus, store, scheduler=cluster.scheduler_address, chunk_bytes=600)
    return store, r


def test_two_workers_analyse_every_record_in_several_batches(two_workers):
    store, r = two_workers
    assert (r.analysed, r.skipped, r.failed) == (15, 0, [])
    assert r.units > 2 and r.batches == r.units
    s = open_store(store)
    assert s.index["article_id"].tolist() == [f"art-{i:03d}" for i in range(15)]
    arts = s.table("articles", ["article_id", "title", "outlet", "country", "ref"])
    assert arts.loc[3].tolist() == ["art-003", "Story 3", "Weekly B", "GB", "a.jsonl:4"]


def test_one_worker_two_workers_and_two_halves_give_identical_tables(corpus, two_workers, tmp_path):
    one = tmp_path / "one"
    env = dict(os.environ)
    r1 = analyze_to_store(corpus, one, workers=1, chunk_bytes=600)
    assert dict(os.environ) == env  # the local cluster's nanny variables are not left behind
    assert r1.workers == 1 and r1.analysed == 15
    halves = tmp_path / "halves"
    ra = analyze_to_store(corpus / "a.jsonl", halves, workers=0)
    rb = analyze_to_store(corpus / "b.jsonl", halves, workers=0)
    assert (ra.analysed, rb.analysed) == (8, 7)
    reference = _tables(two_workers[0])
    assert len(reference["mentions"]) > 30
    _assert_same(_tables(one), reference)
    _assert_same(_tables(halves), reference)


def test_rerun_analyses_only_new_records(corpus, cluster, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    _write(src / "a.jsonl", _records(8))
    store = tmp_path / "store"
    analyze_to_store(src, store, scheduler=cluster.scheduler_address)
    _write(src / "c.jsonl", _records(2, start=40))
    r = analyze_to_store(src, store, scheduler=cluster.scheduler_address)
    assert (r.analysed, r.skipped) == (2, 8)
    assert len(open_store(store)) == 10


def test_changed_registry_reanalyses_and_keys_never_mix(corpus, tmp_path):
    store = tmp_path / "store"
    analyze_to_store(corpus / "a.jsonl", store, workers=0)
    reg = tmp_path / "mine.yaml"
    reg.write_text(
        "actors:\n  - id: geneva_talks\n    name: Geneva talks\n    type: group\n    aliases: [Geneva]\n",
        encoding="utf-8",
    )
    r = analyze_to_store(corpus / "a.jsonl", store, workers=0, registry=reg)
    assert (r.analysed, r.skipped) == (8, 0)
    mine = open_store(store, registry=reg).table("mentions", ["actor_id"])
    default = open_store(store).table("mentions", ["actor_id"])
    assert (mine["actor_id"] == "geneva_talks").sum() == 8
    assert (default["actor_id"] == "geneva_talks").sum() == 0
    with pytest.raises(StoreError, match="no analysis under the current key"):
        open_store(store, window="paragraph")


def test_concurrent_writers_corrupt_nothing(tmp_path, two_workers):
    """Two writers commit overlapping batches at the same moment while a reader reads."""
    src = open_store(two_workers[0])
    parts = {t: src.table(t) for t in TABLES}
    ids = parts["articles"]["article_id"].tolist()
    import pyarrow as pa

    def batch(sel: list[str]) -> dict[str, pa.Table]:
        return {
            t: pa.Table.from_pandas(df[df["article_id"].isin(sel)], preserve_index=False)
            for t, df in parts.items()
        }

    dest = Store(tmp_path / "store", src.key)
    (dest.dir / "batches").mkdir(parents=True)
    (dest.dir / "tmp").mkdir()
    go = threading.Barrier(3)
    errors: list[BaseException] = []
    seen: list[int] = []

    def writer(chunks: list[list[str]]) -> None:
        try:
            go.wait(timeout=30)
            for c in chunks:
                Store(dest.root, dest.key).write_batch(batch(c))
        except BaseException as e:  # reported below
            errors.append(e)

    def reader() -> None:
        try:
            go.wait(timeout=30)
            for _ in range(5):
                seen.append(len(Store(dest.root, dest.key).refresh().table("articles", ["article_id"])))
        except BaseException as e:
            errors.append(e)

    first = [ids[i : i + 3] for i in range(0, len(ids), 3)]
    second = [ids[i : i + 4] for i in range(1, len(ids), 4)] + [ids[:1]]
    threads = [
        threading.Thread(target=writer, args=(first,)),
        threading.Thread(target=writer, args=(second,)),
    ]
    threads.append(threading.Thread(target=reader))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert all(0 <= n <= len(ids) for n in seen)
    assert not list((dest.dir / "tmp").iterdir())
    got = {t: Store(dest.root, dest.key).table(t) for t in TABLES}
    _assert_same(got, parts)


class _Held:
    """An exclusive lock on an input file: units reading it wait until :meth:`release`."""

    def __init__(self, path: Path):
        self.fh = path.open("rb")
        fcntl.flock(self.fh, fcntl.LOCK_EX)

    def release(self) -> None:
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def test_killed_worker_loses_no_finished_article_and_the_run_completes(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    _write(src / "a.jsonl", _records(6))
    _write(src / "z.jsonl", _records(2, start=50))
    store = tmp_path / "store"
    held = _Held(src / "z.jsonl")
    all_but_one = threading.Event()
    out: dict = {}

    def progress(r, units):
        if r.units_done == units - 1:
            all_but_one.set()

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as cl,
        Client(cl) as client,
    ):

        def run():
            out["result"] = analyze_to_store(
                src, store, scheduler=cl.scheduler_address, chunk_bytes=600, progress=progress
            )

        t = threading.Thread(target=run)
        t.start()
        try:
            assert all_but_one.wait(timeout=120)
            busy = [w for w, keys in client.processing().items() if keys]
            assert len(busy) == 1
            pid = client.run(os.getpid, workers=busy)[busy[0]]
            os.kill(pid, signal.SIGKILL)
            assert len(Store(store).refresh()) == 6  # finished units are committed and readable
        finally:
            held.release()
            t.join(timeout=120)
    r = out["result"]
    assert (r.analysed, r.failed) == (8, [])
    s = open_store(store)
    assert len(s) == 8 and not s.index["article_id"].duplicated().any()
    again = analyze_to_store(src, store, workers=0)
    assert (again.analysed, again.skipped) == (0, 8)


def _sigint_ignored() -> None:
    """As in a job started in the background or by cron: SIGINT ignored, inherited across exec."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_cli_leaves_a_readable_store(tmp_path, signum):
    src = tmp_path / "src"
    src.mkdir()
    _write(src / "a.jsonl", _records(4))
    _write(src / "z.jsonl", _records(2, start=60))
    store = tmp_path / "store"
    held = _Held(src / "z.jsonl")
    cmd = [sys.executable, "-m", "analysis.cli", "analyze", str(src), "--store", str(store), "--workers", "2"]
    proc = subprocess.Popen(
        cmd, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, preexec_fn=_sigint_ignored
    )
    try:
        for line in proc.stderr:
            if line.startswith("1/2 units"):
                break
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=120)
    finally:
        held.release()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signum, err
    s = open_store(store)
    assert s.index["article_id"].tolist() == [f"art-{i:03d}" for i in range(4)]
    assert all(len(s.table(t)) >= 0 for t in TABLES)
    r = analyze_to_store(src, store, workers=0)
    assert (r.analysed, r.skipped) == (2, 4)


def test_cli_names_failed_records_keeps_the_others(tmp_path):
    src = tmp_path / "in.jsonl"
    _write(src, _records(3), extra=["{not json\n", json.dumps({"id": "x", "title": "no text"}) + "\n"])
    store = tmp_path / "store"
    done = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "analyze", str(src), "--store", str(store), "--workers", "0"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1
    assert "FAILED in.jsonl:4: invalid JSON" in done.stdout
    assert "FAILED in.jsonl:5: no text field" in done.stdout
    assert len(open_store(store)) == 3


def test_table_filters_by_actor_outlet_and_dates(two_workers):
    s = open_store(two_workers[0])
    b = s.table("articles", ["article_id", "outlet"], outlet="Weekly B")
    assert b["article_id"].tolist() == [f"art-{i:03d}" for i in range(1, 15, 2)]
    feb = s.table("articles", ["article_id", "date"], start="2022-02-01", end="2022-02-28")
    assert feb["article_id"].tolist() == [f"art-{i:03d}" for i in range(1, 15, 3)]
    fra = s.table("mentions", ["article_id", "actor_id"], actor="FRA")
    assert (
        set(fra["actor_id"]) == {"FRA"} and fra["article_id"].unique().tolist() == feb["article_id"].tolist()
    )
    assert len(repr(s)) < 200 and "15 articles" in repr(s)
    assert "<table>" in s._repr_html_()


def test_actor_periods_keep_empty_months_and_normalise(two_workers):
    s = open_store(two_workers[0])
    ap = aggregates.actor_periods(s, "month", actors=["USA", "FRA"])
    assert ap["period"].unique().tolist() == ["2022-01", "2022-02", "2022-03", "2022-04"]
    usa = ap[ap["actor_id"] == "USA"].set_index("period")
    # even ids mention the United States; months cycle Jan, Feb, Apr over ids 0..14
    by_month = {
        m: [i for i in range(15) if i % 3 == k] for k, m in enumerate(["2022-01", "2022-02", "2022-04"])
    }
    for m, ids in by_month.items():
        assert usa.loc[m, "articles"] == sum(1 for i in ids if i % 2 == 0)
        assert usa.loc[m, "share"] == pytest.approx(usa.loc[m, "articles"] / len(ids))
    assert usa.loc["2022-03", "articles"] == 0 and pd.isna(usa.loc["2022-03", "share"])
    counts = aggregates.article_counts(s, "month")
    assert counts["articles"].tolist() == [5, 5, 0, 5]


def test_actor_tone_matches_the_sentences(two_workers):
    s = open_store(two_workers[0])
    t = aggregates.actor_tone_periods(s, "month", actors=["FRA"]).set_index("period")
    sents = s.table("sentences", ["article_id", "sid", "compound"])
    ment = s.table("mentions", ["article_id", "sid", "actor_id"], actor="FRA").drop_duplicates()
    expect = ment.merge(sents, on=["article_id", "sid"])["compound"]
    assert t.loc["2022-02", "n_sentences"] == len(expect) == 5
    assert t.loc["2022-02", "tone"] == pytest.approx(expect.mean())
    assert t.loc["2022-02", "se"] == pytest.approx(expect.std(ddof=1) / len(expect) ** 0.5)
    assert t.loc["2022-01", "n_sentences"] == 0


def test_corpus_kwic_globs(two_workers):
    s = open_store(two_workers[0])
    k = kwic.corpus_kwic(s, "sanction*", limit=None)
    # "sanctions" in even ids (8 of 15), "sanctioned" in February ids (5)
    assert k.attrs["matches"] == 8 + 5 == len(k)
    assert set(k["keyword"].str.lower()) == {"sanctions", "sanctioned"}
    arts = s.table("articles", ["article_id", "text"]).set_index("article_id")["text"]
    row = k.iloc[0]
    assert arts[row.article_id][row.start : row.end] == row.keyword
    assert k["date"].tolist() == sorted(k["date"], reverse=True)
    one = kwic.corpus_kwic(s, "sanction?", limit=None)  # one more character: "sanctions" only
    assert len(one) == 8 and set(one["keyword"]) == {"sanctions"}
    assert len(kwic.corpus_kwic(s, "sanction", limit=None)) == 0  # whole words
    with pytest.raises(kwic.PatternError):
        kwic.corpus_kwic(s, "  ")


def test_what_changed_finds_new_actor_with_evidence(tmp_path):
    src = tmp_path / "in.jsonl"
    recs = _records(6)
    recs += [
        {
            "id": f"late-{i}",
            "date": "2022-05-0" + str(i + 1),
            "text": f"Germany and Russia met in Berlin on day {i}.",
        }
        for i in range(3)
    ]
    _write(src, recs)
    store = tmp_path / "store"
    analyze_to_store(src, store, workers=0)
    w = changes.what_changed(open_store(store), "month")
    assert (w.attrs["previous"], w.attrs["latest"]) == ("2022-04", "2022-05")
    deu = w[(w["kind"] == "actor") & (w["item"] == "DEU")].iloc[0]
    assert deu["status"] == "new" and deu["n_latest"] == 3 and deu["latest"] == 1.0
    assert "Germany" in deu["evidence"] and deu["article_id"].startswith("late-")
    ukr = w[(w["kind"] == "actor") & (w["item"] == "UKR")].iloc[0]
    assert ukr["status"] == "gone"
    assert set(w.columns) == set(changes.CHANGE_COLUMNS)


def test_text_and_csv_files_are_records_with_relative_refs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text(
        "Talks in Geneva\n\nRussia and Ukraine met in Geneva on Monday.\n", encoding="utf-8"
    )
    (src / "rows.csv").write_text(
        'id,title,date,text\nr1,First,2022-03-01,"NATO met in Brussels on Tuesday."\n'
        'r2,Second,2022-03-02,"France called Germany on Wednesday."\n',
        encoding="utf-8",
    )
    store = tmp_path / "store"
    r = analyze_to_store(src, store, workers=0)
    assert (r.analysed, r.failed) == (3, [])
    arts = open_store(store).table("articles", ["article_id", "ref", "title", "date"])
    by_ref = dict(zip(arts["ref"], arts["article_id"], strict=True))
    assert by_ref["rows.csv:2"] == "r1" and by_ref["rows.csv:3"] == "r2"
    assert "one.txt" in by_ref and not any(str(tmp_path) in ref for ref in by_ref)
    assert arts.set_index("ref").loc["one.txt", "title"] == "Talks in Geneva"
    again = analyze_to_store(src, store, workers=0)
    assert (again.analysed, again.skipped) == (0, 2)  # two files: each is one record


def test_store_and_corpus_reprs_are_short(two_workers, seed_path):
    from analysis import corpus

    s = open_store(two_workers[0])
    assert repr(s).startswith("<Store ") and len(repr(s)) < 200
    c = corpus.analyze_corpus(seed_path.parent)
    assert repr(c) == "<CorpusAnalysis 'seeds': 1 articles; sentence, actor>".replace(
        "'seeds'", repr(str(seed_path.parent))
    )


@pytest.mark.parametrize("chunk", [1, 50, 120, 10_000])
def test_units_cover_every_line_once_with_its_line_number(tmp_path, chunk):
    from analysis.corpus.inputs import plan_units, read_unit

    lines = [json.dumps({"id": i, "text": "x" * (i * 7 % 40)}) for i in range(23)]
    lines.insert(5, "")  # blank line 6
    f = tmp_path / "c.jsonl"
    f.write_text("\n".join(lines), encoding="utf-8")  # no newline at the end
    root, units = plan_units(f, chunk_bytes=chunk)
    refs = [r.ref for u in units for r in read_unit(u, root)]
    expect = [f"c.jsonl:{n}" for n in range(1, 25) if n != 6]
    assert refs == expect
    assert sum(u.nbytes for u in units) == f.stat().st_size
    assert len(units) == 1 if chunk == 10_000 else len(units) > 2


def test_period_filter_and_scheduler_from_the_environment(corpus, cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.scheduler_address)
    r = analyze_to_store(corpus / "b.jsonl", tmp_path / "store", chunk_bytes=600)
    assert r.workers == 2 and r.analysed == 7  # the existing cluster, not a new one
    s = open_store(tmp_path / "store")
    feb = s.table("articles", ["article_id"], period="2022-02")
    assert feb["article_id"].tolist() == [f"art-{i:03d}" for i in range(8, 15) if i % 3 == 1]
    assert s.table("articles", ["article_id"], period="2022-02-20")["article_id"].tolist() == ["art-010"]
    assert s.table("articles", ["article_id"], period="2022-03").empty  # no article in March


def test_period_matrix_leaves_empty_periods_blank(two_workers):
    from analysis import figures

    s = open_store(two_workers[0])
    shares = aggregates.actor_periods(s, "month", actors=["USA", "FRA"])
    fig = figures.plot_period_matrix(shares, "share", "Share", label="share")
    cells = [c for c in fig.axes[0].collections if c.get_array() is not None]
    drawn = cells[0].get_array()
    assert len(drawn) == int(shares["share"].notna().sum()) == 6  # 2 actors x 3 months with articles
    assert sorted(round(float(v), 6) for v in drawn) == sorted(
        round(float(v), 6) for v in shares["share"].dropna()
    )


def test_leftovers_of_a_killed_writer_are_invisible_and_cleaned_when_old(tmp_path, corpus):
    store = tmp_path / "store"
    analyze_to_store(corpus / "a.jsonl", store, workers=0)
    s = open_store(store)
    old, fresh = s.dir / "tmp" / "0-dead", s.dir / "tmp" / "1-busy"
    for d in (old, fresh):
        d.mkdir()
        (d / "articles.parquet").write_bytes(b"PAR1 half written")
    os.utime(old, (0, 0))
    assert len(open_store(store)) == 8 and len(open_store(store).table("articles")) == 8
    Store(store).create()
    assert not old.exists() and fresh.exists()


def test_cli_bad_usage_exits_2_and_names_the_problem(tmp_path, capsys):
    from analysis import cli

    missing = tmp_path / "nothing-here"
    assert cli.main(["analyze", str(missing), "--store", str(tmp_path / "s")]) == 2
    assert f"{missing}: no such file or directory" in capsys.readouterr().err
    (tmp_path / "a.jsonl").write_text(json.dumps(_records(1)[0]) + "\n", encoding="utf-8")
    assert (
        cli.main(["analyze", str(tmp_path / "a.jsonl"), "--store", str(tmp_path / "s"), "--level", "x"]) == 2
    )
    assert "level must be 'actor' or 'affiliation'" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()  # nothing ran


def test_a_few_new_records_are_analysed_without_a_cluster(corpus, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    _write(src / "a.jsonl", _records(8))
    store = tmp_path / "store"
    first = analyze_to_store(src, store)  # workers=None: 8 new records, no cluster started
    assert (first.workers, first.analysed) == (0, 8)
    _write(src / "c.jsonl", _records(1, start=70))
    r = analyze_to_store(src, store)
    assert (r.workers, r.analysed, r.skipped, r.units_done) == (0, 1, 8, 2)
    assert len(open_store(store)) == 9


def test_a_removed_store_is_filled_again_in_the_same_process(corpus, tmp_path):
    import shutil

    store = tmp_path / "store"
    assert analyze_to_store(corpus / "a.jsonl", store, workers=0).analysed == 8
    shutil.rmtree(store)
    assert analyze_to_store(corpus / "a.jsonl", store, workers=0).analysed == 8
    assert len(open_store(store)) == 8
