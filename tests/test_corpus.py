"""Corpus aggregation over small articles built in the test, and over the seeds folder."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import corpus
from analysis.articles import article_from_text
from analysis.pipeline import analyze

TEXTS = [
    (
        "Russia warns Ukraine",
        "2022-01-10",
        "Russia warned Ukraine on Monday. Russia and Ukraine traded threats again.\n\n"
        "NATO said it stood with Ukraine. The United States backed NATO.",
    ),
    (
        "Talks in Geneva",
        "2022-01-12",
        "Russia and the United States met in Geneva. Russia and Ukraine were far apart.\n\n"
        "Officials said progress was good.\n\n\u201cWe will respond firmly,\u201d Sergey Lavrov said.",
    ),
    ("Undated note", None, "Ukraine thanked the United States for its strong support. Peace is welcome."),
]


@pytest.fixture(scope="module")
def analyses():
    arts = [article_from_text(t, title=ti, date=d, source="test") for ti, d, t in TEXTS]
    return [analyze(a) for a in arts]


@pytest.fixture(scope="module")
def corp(analyses):
    arts = [a.article for a in analyses]
    return corpus.analyze_corpus([*arts, arts[0]])  # the repeat is skipped


def test_analyze_corpus_skips_duplicates(corp, analyses):
    assert len(corp) == 3
    assert corp.duplicates == [analyses[0].article.id]
    assert [a.article.id for a in corp.analyses] == [a.article.id for a in analyses]


def test_overview_rows_follow_input(analyses):
    ov = corpus.overview(analyses)
    assert list(ov.columns) == corpus.OVERVIEW_COLUMNS
    assert list(ov["title"]) == [t for t, _, _ in TEXTS]
    assert list(ov["date"].iloc[:2]) == ["2022-01-10", "2022-01-12"]
    assert pd.isna(ov["date"].iloc[2])
    assert list(ov["sentences"]) == [len(a.sentences) for a in analyses]
    assert ov["mean_tone"].iloc[2] == pytest.approx(analyses[2].tone["mean_compound"])


def test_tone_per_article(analyses):
    t = corpus.tone_per_article(analyses)
    assert list(t.columns) == corpus.TONE_COLUMNS
    assert t["mean_tone"].between(-1, 1).all()


def test_actor_mentions_long_table_sums_to_article_mentions(analyses):
    long = corpus.actor_mentions(analyses)
    assert list(long.columns) == corpus.MENTION_COLUMNS
    for a in analyses:
        sub = long[long["article_id"] == a.article.id]
        assert sub["mentions"].sum() == len(a.mentions)
    rus = long[long["actor_id"] == "RUS"]
    assert rus["mentions"].tolist() == [
        int((a.mentions["actor_id"] == "RUS").sum())
        for a in analyses
        if (a.mentions["actor_id"] == "RUS").any()
    ]


def test_corpus_actors_aggregate(analyses):
    act = corpus.corpus_actors(analyses)
    assert list(act.columns) == corpus.ACTOR_COLUMNS
    row = act.set_index("actor_id").loc["UKR"]
    assert row["articles"] == 3
    assert row["mentions"] == sum(int((a.mentions["actor_id"] == "UKR").sum()) for a in analyses)
    assert -1 <= row["tone"] <= 1
    assert list(act["mentions"]) == sorted(act["mentions"], reverse=True)


def test_corpus_edges_sum_counts(analyses):
    e = corpus.corpus_edges(analyses)
    assert list(e.columns) == corpus.EDGE_COLUMNS
    expected: dict[tuple[str, str], int] = {}
    for a in analyses:
        for s, t, c in zip(a.edges["source"], a.edges["target"], a.edges["count"], strict=True):
            expected[(s, t)] = expected.get((s, t), 0) + int(c)
    got = {(s, t): int(c) for s, t, c in zip(e["source"], e["target"], e["count"], strict=True)}
    assert got == expected
    assert (e["source"] < e["target"]).all()


def test_top_pairs_have_names(analyses):
    p = corpus.top_pairs(analyses, top_n=2)
    assert list(p.columns) == corpus.PAIR_COLUMNS
    assert len(p) == 2
    assert p["count"].iloc[0] == corpus.corpus_edges(analyses)["count"].max()
    assert "Russia" in set(p["source_name"]) | set(p["target_name"])


def test_voice_relations_quotes_and_summary(corp):
    v = corpus.corpus_voice(corp)
    assert list(v.columns) == corpus.VOICE_COLUMNS
    assert v["quoted_words"].sum() > 0
    assert v["share"].sum() == pytest.approx(1.0)
    r = corpus.corpus_relations(corp)
    assert list(r.columns)[0] == "article_id"
    q = corpus.corpus_quotes(corp)
    assert list(q.columns)[0] == "article_id"
    s = dict(corpus.summary_table(corp).itertuples(index=False, name=None))
    assert s["articles"] == "3" and s["duplicates skipped"] == "1"
    assert s["dates"] == "2022-01-10 to 2022-01-12"
    assert corpus.provenance(corp)["articles"] == "3"


def test_affiliation_level(analyses):
    long = corpus.actor_mentions(analyses, level="affiliation")
    assert "antony_blinken" not in set(long["actor_id"])
    assert long["mentions"].sum() == sum(len(a.mentions) for a in analyses)


def test_empty_corpus_gives_empty_tables():
    assert corpus.overview([]).empty
    assert (
        corpus.actor_mentions([]).empty and list(corpus.actor_mentions([]).columns) == corpus.MENTION_COLUMNS
    )
    assert corpus.corpus_edges([]).empty
    assert corpus.top_pairs([]).empty
    assert corpus.corpus_actors([]).empty


def test_analyze_corpus_on_seeds_folder(seed_path):
    c = corpus.analyze_corpus(seed_path.parent)
    assert len(c) == 1
    assert c.analyses[0].article.path.endswith(seed_path.name)
    assert corpus.overview(c)["words"].iloc[0] > 500


def test_analyze_corpus_jsonl_with_registry_file(tmp_path):
    lines = [json.dumps({"title": ti, "date": d, "text": t}) for ti, d, t in TEXTS] + ["{not json"]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reg = tmp_path / "extra.yaml"
    reg.write_text(
        "actors:\n  - id: geneva_talks\n    name: Geneva talks\n    type: group\n    aliases: [Geneva]\n"
    )
    c = corpus.analyze_corpus(path, registry=[str(reg)])
    assert len(c) == 3
    assert len(c.warnings) == 1
    long = corpus.actor_mentions(c)
    assert "geneva_talks" in set(long["actor_id"])
    geneva = long[long["actor_id"] == "geneva_talks"]
    assert geneva["mentions"].tolist() == [1]  # "met in Geneva", in the second article only


def test_title_counts_articles():
    from analysis.corpus import CorpusAnalysis, title

    assert title(CorpusAnalysis("x", [object()], None)) == "Corpus report: 1 article"
    assert title(CorpusAnalysis("x", [object(), object()], None)) == "Corpus report: 2 articles"


def test_corpus_package_exports_resolve():
    assert all(callable(getattr(corpus, name)) or name.isupper() for name in corpus.__all__)
    with pytest.raises(AttributeError):
        corpus.no_such_name  # noqa: B018
