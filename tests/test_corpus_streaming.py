"""Streaming over the store (analysis/corpus/store.py, aggregates.py, kwic.py, trim.py).

Chunked scans must give the rows of a plain scan, whole articles per chunk; the KWIC prefilter
(Arrow's RE2) must never drop a text that the glob's Python regex matches; keeping only the latest
``limit`` rows while scanning must equal sorting everything and cutting; outlets' top actors (read
from the ``actors`` table) must agree with the per-outlet actor table built from mentions.
A small JSONL corpus written here is analysed into a store in this process.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import aggregates, kwic
from analysis.corpus.run import analyze_to_store, kept_environ
from analysis.corpus.store import open_store
from analysis.corpus.trim import release_memory

SENTENCES = [
    "Russia and Ukraine held talks in Geneva on sanctions.",
    "Germany and France discussed new sanctions against Russia.",
    "The United States sent aid to Ukraine, officials said.",
    "China and Russia met in Beijing; sanctions were not discussed.",
    "Poland and Ukraine signed a deal in Warsaw.",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("streaming")
    records = []
    for i in range(12):
        text = " ".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(1 + i % 4))
        records.append(
            {
                "id": f"r{i:02d}",
                "date": f"2022-0{1 + i % 3}-{10 + i:02d}",
                "outlet": ["Alpha", "Beta", "Gamma"][i % 3],
                "title": f"Story {i}",
                "text": text,
            }
        )
    # one long article with many matches: the KWIC keeps only the latest while scanning
    records.append({"id": "long", "date": "2022-02-01", "outlet": "Beta", "text": "Sanctions again. " * 1100})
    (root / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with kept_environ():
        run = analyze_to_store(root / "news.jsonl", root / "store", workers=0, chunk_bytes=2000)
    assert (run.analysed, run.failed) == (13, [])
    s = open_store(root / "store")
    assert len(s.batches()) >= 2  # several parts: chunks join them
    return s


@pytest.mark.parametrize("min_rows", [0, 1, 7, 10**9])
def test_chunked_scan_gives_the_plain_rows_with_whole_articles(store, min_rows):
    plain = pa.concat_tables(list(store.scan("mentions", ["article_id", "mid"]))).to_pandas()
    chunks = [c.to_pandas() for c in store.scan("mentions", ["article_id", "mid"], min_rows=min_rows)]
    assert all(len(c) >= min_rows for c in chunks[:-1])
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), plain)
    owners = [set(c["article_id"]) for c in chunks]
    for i, a in enumerate(owners):  # no article is split over two chunks
        for b in owners[i + 1 :]:
            assert not a & b
    if min_rows == 10**9:
        assert len(chunks) == 1


def test_kwic_with_a_limit_is_the_head_of_the_full_list(store):
    full = kwic.corpus_kwic(store, "sanction*", limit=None)
    assert full.attrs["matches"] == len(full) > 4 * 1 + 1000  # with limit=1 the scan cuts its list
    assert list(full["keyword"].str.lower().unique()) == ["sanctions"]
    dates = full["date"].tolist()
    assert dates == sorted(dates, reverse=True)
    for limit in (1, 3, 20):
        head = kwic.corpus_kwic(store, "sanction*", limit=limit)
        assert head.attrs["matches"] == len(full)
        pd.testing.assert_frame_equal(head, full.head(limit))


@pytest.mark.parametrize("pattern", ["zzyzx*", "sanction", "peace talk*"])
def test_kwic_without_matches_is_empty_with_its_columns(store, pattern):
    k = kwic.corpus_kwic(store, pattern)  # none in any text, or none as a whole word
    assert k.empty and list(k.columns) == kwic.KWIC_COLUMNS and k.attrs["matches"] == 0


def test_kwic_counts_every_occurrence_in_the_stored_text(store):
    texts = store.table("articles", ["article_id", "text"])
    rx = re.compile(r"(?<!\w)sanctions(?!\w)", re.IGNORECASE)
    expected = sum(len(rx.findall(t)) for t in texts["text"])
    k = kwic.corpus_kwic(store, "SANCTIONS", limit=None)
    assert len(k) == k.attrs["matches"] == expected > 1100
    got = {(a, s, e) for a, s, e in zip(k["article_id"], k["start"], k["end"], strict=True)}
    by_id = texts.set_index("article_id")["text"]
    assert all(by_id[a][s:e].lower() == "sanctions" for a, s, e in got)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("peace talk*", "the peace\u00a0talks began"),  # no-break space: Python's \s matches it
        ("peace talk*", "peace\u2003\u2029talking"),
        ("zelensk?y", "ZELENSKYY"),
        ("kyiv*", "Kyiv’s mayor"),
        ("café", "CAFÉ society"),
        ("u.s.", "the U.S. said"),
        ("a-b", "an a-b test"),
    ],
)
def test_prefilter_keeps_texts_the_pattern_matches(pattern, text):
    assert kwic.glob_regex(pattern).search(text)
    may = pc.match_substring_regex(pa.array([text]), pattern=kwic.prefilter_regex(pattern))
    assert may.to_pylist() == [True]


WORD = st.text(alphabet=st.sampled_from("aBcÉéßøЖж1_*?-."), min_size=1, max_size=5)
SPACE = st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2009", "\u3000", "\x1c", "\x85", "\u2028"])


@settings(max_examples=200, deadline=None)
@given(words=st.lists(WORD, min_size=1, max_size=3), filler=st.lists(st.tuples(WORD, SPACE), max_size=8))
def test_prefilter_never_drops_a_match(words, filler):
    pattern = " ".join(words)
    try:
        rx = kwic.glob_regex(pattern)
    except kwic.PatternError:
        return
    text = "".join(w.replace("*", "x").replace("?", "y") + s for w, s in filler)
    text += " ".join(w.replace("*", "").replace("?", "q") for w in words)  # often a match
    may = pc.match_substring_regex(pa.array([text]), pattern=kwic.prefilter_regex(pattern)).to_pylist()
    if rx.search(text):
        assert may == [True], (pattern, text)


def test_outlet_top_actors_agree_with_the_outlet_actor_table(store):
    o = aggregates.outlets(store, top_actors=2)
    oa = aggregates.outlet_actors(store, top_n=None)
    assert set(o["outlet"]) == {"Alpha", "Beta", "Gamma"}
    for outlet, shown in zip(o["outlet"], o["top_actors"], strict=True):
        sub = oa[oa["outlet"] == outlet].sort_values(
            ["articles", "actor_id"], ascending=[False, True], kind="mergesort"
        )
        want = ", ".join(f"{n} {s:.0%}" for n, s in zip(sub["name"], sub["share"], strict=True))
        assert shown == ", ".join(want.split(", ")[:2])
        assert shown  # every outlet names actors


def test_release_memory_changes_no_result(store):
    before = aggregates.actor_periods(store, "month", top_n=5)
    release_memory()
    release_memory()
    pd.testing.assert_frame_equal(aggregates.actor_periods(store, "month", top_n=5), before)
