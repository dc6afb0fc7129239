"""Directed relations (speaker -> target) from quotes and "X <act verb> Y" sentences; the graph."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from analysis import actors, tokens
from analysis.articles import article_from_text, load_article
from analysis.quotes import quotes
from analysis.relations import RELATION_COLUMNS, STATEMENT, load_act_verbs, relation_graph, relations


@pytest.fixture(scope="module")
def registry():
    return actors.load_registry()


def analyse(text: str, registry):
    art = article_from_text(text, title="Test")
    sents = tokens.sentences(art)
    mentions, _ = actors.find_mentions(art, sents, registry)
    q = quotes(art, sents, mentions, registry)
    return art, q, relations(art, sents, mentions, q, registry)


@pytest.fixture(scope="module")
def seed(seed_path, registry):
    art = load_article(seed_path)
    sents = tokens.sentences(art)
    mentions, _ = actors.find_mentions(art, sents, registry)
    q = quotes(art, sents, mentions, registry)
    return art, sents, mentions, q, relations(art, sents, mentions, q, registry)


def edges(rel: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(zip(rel["source"], rel["target"], rel["act"], strict=True))


def test_seed_blinken_appeals_to_russia(seed):
    rel = seed[4]
    hit = rel[
        (rel["source"] == "antony_blinken")
        & (rel["target"] == "RUS")
        & (rel["act"].isin(["appeal", "demand"]))
    ]
    assert len(hit) >= 1
    assert "urged" in set(hit["cue"])


def test_an_act_addressed_to_an_object_is_not_aimed_at_actors_named_in_the_quote(registry):
    _, _, rel = analyse(
        "Blinken urged Russia “to respect Ukraine’s sovereignty and pull back its troops.” "
        "Antony Blinken spoke in Stockholm.",
        registry,
    )
    acts = edges(rel)
    assert ("antony_blinken", "RUS", "appeal") in acts
    assert ("antony_blinken", "UKR", "appeal") not in acts  # Ukraine is talked about, not urged
    assert ("antony_blinken", "UKR", STATEMENT) in acts


def test_seed_lavrov_warns_or_accuses_nato_or_west(seed):
    rel = seed[4]
    hit = rel[(rel["source"] == "sergey_lavrov") & rel["act"].isin(["warn", "accuse"])]
    targets = {t.lower() for t in hit["target"]}
    assert "nato" in targets or any("west" in t for t in targets)


def test_seed_west_threatens_kremlin(seed):
    rel = seed[4]
    hit = rel[(rel["act"] == "threaten") & (rel["target"] == "RUS")]
    assert len(hit) == 1
    src = hit.iloc[0]["source"]
    assert src == "USA" or "west" in src.lower()
    assert hit.iloc[0]["origin"] == "sentence"


def test_seed_table_contract(seed):
    art, sents, mentions, q, rel = seed
    assert list(rel.columns) == RELATION_COLUMNS
    assert rel["rid"].tolist() == list(range(len(rel)))
    assert set(rel["origin"]) == {"quote", "sentence"}
    assert (rel["source"] != rel["target"]).all()
    acts = set(load_act_verbs().cameo) | {STATEMENT}
    assert set(rel["act"]) <= acts
    for r in rel.itertuples():
        assert 0 <= r.start < r.end <= len(art.text)
        assert r.sid in range(len(sents))
    # a speaker's own affiliation is not a target (Lavrov talking about Russia)
    lav = rel[rel["source"] == "sergey_lavrov"]
    assert "RUS" not in set(lav["target"])
    pd.testing.assert_frame_equal(rel, relations(art, sents, mentions, q))


def test_relation_graph(seed):
    rel = seed[4]
    G = relation_graph(rel)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_edges() == len(rel)
    u, v, k, d = next(iter(G.edges(keys=True, data=True)))
    first = rel.iloc[0]
    assert (u, v, k) == (first["source"], first["target"], first["rid"])
    assert set(d) == {"act", "cue", "tone", "sid", "start", "end", "origin"}
    assert list(G.nodes)[:2] == [first["source"], first["target"]]
    assert relation_graph(rel.iloc[0:0]).number_of_nodes() == 0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Antony Blinken accused Russia of lying about its troops.", ("antony_blinken", "RUS", "accuse")),
        (
            "Sergey Lavrov met with Antony Blinken in Geneva on Friday.",
            ("sergey_lavrov", "antony_blinken", "consult"),
        ),
        ("The United States sanctioned Russia over the invasion.", ("USA", "RUS", "sanction")),
        ("Vladimir Putin threatened Ukraine with a wider war.", ("vladimir_putin", "UKR", "threaten")),
        ("Antony Blinken urged Russia to pull back its troops.", ("antony_blinken", "RUS", "appeal")),
        ("Sergey Lavrov warned NATO against expansion.", ("sergey_lavrov", "NATO", "warn")),
    ],
)
def test_sentence_relations(registry, text, expected):
    rel = analyse(text, registry)[2]
    sentence = rel[rel["origin"] == "sentence"]
    got = {(s, t.upper() if t.lower() == "nato" else t, a) for s, t, a in edges(sentence)}
    assert expected in got


def test_no_relation_from_noun_or_adjective(registry):
    # "support" is a noun here and "Russian" qualifies a non-actor ("counterpart")
    rel = analyse(
        "Russia, seeing new European support for Ukraine, stayed silent. "
        "Antony Blinken met his Russian counterpart.",
        registry,
    )[2]
    assert len(rel[rel["origin"] == "sentence"]) == 0


def test_quote_relation_act_from_cue(registry):
    art, q, rel = analyse("Sergey Lavrov warned that NATO troops in Ukraine would be a mistake.", registry)
    quote_rel = rel[rel["origin"] == "quote"]
    assert {("sergey_lavrov", "UKR", "warn")} <= edges(quote_rel)
    row = quote_rel.iloc[0]
    assert art.text[row["start"] : row["end"]] == q[q["kind"] == "indirect"].iloc[0]["text"]


def test_quote_relation_defaults_to_statement(registry):
    rel = analyse("“Ukraine will win this war,” Antony Blinken said.", registry)[2]
    assert edges(rel) == {("antony_blinken", "UKR", STATEMENT)}


def test_a_user_act_file_is_read_again_when_edited(tmp_path):
    mine = tmp_path / "acts.yaml"
    mine.write_text("acts:\n  threaten: {cameo: '13', forms: [threatened]}\n", encoding="utf-8")
    lex = load_act_verbs(str(mine))
    assert lex.forms == {"threatened": "threaten"}
    assert load_act_verbs(str(mine)) is lex
    mine.write_text("acts:\n  threaten: {cameo: '13', forms: [threatened, warned]}\n", encoding="utf-8")
    assert load_act_verbs(str(mine)).forms == {"threatened": "threaten", "warned": "threaten"}
    assert "threatened" in load_act_verbs().forms  # the packaged file is untouched
