"""Directed events typed on PLOVER: one test per pattern, each from a sentence written here."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from analysis import actors, tokens
from analysis.articles import article_from_text, load_article
from analysis.events import (
    EVENT_COLUMNS,
    PLOVER_TYPES,
    QUAD_OF,
    LexiconError,
    event_graph,
    events,
    inflect,
    load_lexicon,
)
from analysis.quotes import quotes


@pytest.fixture(scope="module")
def registry():
    return actors.load_registry()


def run(text: str, registry, *, date: str | None = "2022-03-01", lexicon=None) -> pd.DataFrame:
    art = article_from_text(text, title="Test", date=date)
    sents = tokens.sentences(art)
    mentions, _ = actors.find_mentions(art, sents, registry)
    q = quotes(art, sents, mentions, registry)
    return events(art, sents, mentions, q, registry, lexicon=lexicon)


def triples(ev: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(zip(ev["source"], ev["target"], ev["plover"], strict=True))


@pytest.fixture(scope="module")
def seed(seed_path, registry):
    art = load_article(seed_path)
    sents = tokens.sentences(art)
    mentions, _ = actors.find_mentions(art, sents, registry)
    q = quotes(art, sents, mentions, registry)
    return art, sents, mentions, q, events(art, sents, mentions, q, registry)


# ---------------------------------------------------------------- acceptance sentences


def test_annexation_invasion_and_shelling(registry):
    text = "Russia annexed Crimea in 2014. Russian forces invaded Ukraine. Russia shelled Kharkiv."
    ev = run(text, registry)
    got = triples(ev)
    assert ("RUS", "crimea", "COERCE") in got  # Crimea: a place of Ukraine in the registry
    assert registry["crimea"].affiliation == "UKR"
    assert ("RUS", "UKR", "ASSAULT") in got  # "Russian forces" = Russia
    assert ("RUS", "kharkiv", "ASSAULT") in got
    assert registry["kharkiv"].affiliation == "UKR"
    assert list(ev["sid"]) == [0, 1, 2]
    assert list(ev["act"]) == ["annex", "invade", "shell"]


def test_supplied_something_to_a_target_is_aid(registry):
    ev = run("China supplied drones to Russia.", registry)
    assert triples(ev) == {("CHN", "RUS", "AID")}
    assert ev["quad"].tolist() == ["material cooperation"]


def test_seed_events(seed):
    art, sents, mentions, q, ev = seed
    got = triples(ev)
    west = [s for s, t, p in got if t == "RUS" and p == "THREATEN"]
    assert west and all("west" in s for s in west)
    assert ("antony_blinken", "RUS", "REQUEST") in got
    consult = {(s, t) for s, t, p in got if p == "CONSULT"}
    assert ("antony_blinken", "sergey_lavrov") in consult or ("sergey_lavrov", "antony_blinken") in consult
    assert "statement" not in set(ev["act"])
    # the conditional attack of the same sentence is no event
    threat = ev[ev["plover"] == "THREATEN"].iloc[0]
    assert "if it launches an attack" in art.text[threat["start"] : sents["end"][threat["sid"]]]
    assert not (ev[ev["sid"] == threat["sid"]]["plover"] == "ASSAULT").any()


def test_seed_table_contract(seed):
    art, sents, mentions, q, ev = seed
    assert list(ev.columns) == EVENT_COLUMNS
    assert ev["eid"].tolist() == list(range(len(ev)))
    assert set(ev["plover"]) <= set(PLOVER_TYPES)
    assert all(QUAD_OF[p] == quad for p, quad in zip(ev["plover"], ev["quad"], strict=True))
    assert (ev["source"] != ev["target"]).all()
    for r in ev.itertuples():
        assert 0 <= r.start <= r.cue_start < r.cue_end <= len(art.text)
        assert r.start < r.end <= len(art.text)
        assert art.text[r.cue_start : r.cue_end] == r.cue
        assert sents["start"][r.sid] <= r.start and r.end <= sents["end"][r.sid]
    assert ev.duplicated(["sid", "source", "target", "plover"]).sum() == 0
    pd.testing.assert_frame_equal(ev, events(art, sents, mentions, q, actors.load_registry()))


# ---------------------------------------------------------------- patterns


def test_passive_voice_with_an_agent(registry):
    ev = run("Kyiv was hit by Russian drones.", registry)
    assert triples(ev) == {("RUS", "UKR", "ASSAULT")}
    assert ev["passive"].tolist() == [True]


def test_agentless_passive_is_no_event(registry):
    assert run("Ukraine says 14 missiles were fired at Kyiv on Sunday.", registry).empty


def test_coordinated_sources_give_one_event_each(registry):
    ev = run("The US and Britain sent tanks to Ukraine.", registry)
    assert triples(ev) == {("USA", "UKR", "AID"), ("GBR", "UKR", "AID")}


def test_coordinated_targets_give_one_event_each(registry):
    ev = run("Poland accused Russia and Belarus of staging the crisis.", registry)
    assert triples(ev) == {("POL", "RUS", "ACCUSE"), ("POL", "BLR", "ACCUSE")}


def test_metonyms_act_as_governments(registry):
    ev = run("The Kremlin condemned Washington on Monday.", registry)
    assert triples(ev) == {("RUS", "USA", "ACCUSE")}


def test_title_resolves_to_the_role_holder(registry):
    ev = run("The Russian president threatened Ukraine on Tuesday.", registry, date="2022-02-15")
    assert triples(ev) == {("vladimir_putin", "UKR", "THREATEN")}


def test_his_counterpart_is_the_role_holder_of_that_country(registry):
    ev = run("Antony Blinken met his Russian counterpart in Geneva.", registry, date="2022-01-21")
    assert triples(ev) == {("antony_blinken", "sergey_lavrov", "CONSULT")}


def test_nominal_event_reported_as_happening(registry):
    ev = run("The blockade of Ukrainian ports by Russia's fleet continued for months.", registry)
    assert triples(ev) == {("RUS", "UKR", "COERCE")}
    assert ev["nominal"].tolist() == [True]
    assert ev["cue"].tolist() == ["blockade"]


def test_background_nominalisation_is_no_event(registry):
    assert run("Prices rose sharply since Russia's invasion of Ukraine.", registry).empty


def test_reported_accusation_is_accuse_and_its_content_no_event(registry):
    ev = run("Zelenskyy accused Moscow of planning to invade Ukraine.", registry)
    assert triples(ev) == {("volodymyr_zelenskyy", "RUS", "ACCUSE")}


def test_content_of_a_claim_is_no_event(registry):
    ev = run("Russia claimed that Ukraine attacked Belgorod.", registry)
    assert not (ev["plover"] == "ASSAULT").any()


@pytest.mark.parametrize(
    "text",
    [
        "Russia could invade Ukraine within weeks.",
        "Russia did not invade Ukraine.",
        "Russia never attacked Ukraine, Lavrov insisted.",
        "Russia plans to invade Ukraine.",
        "If Russia invades Ukraine, the West will respond.",
        "Russia will attack Ukraine, analysts say.",
    ],
)
def test_hypothetical_negated_and_planned_acts_are_no_events(registry, text):
    assert not (run(text, registry)["plover"] == "ASSAULT").any()


def test_actor_named_inside_a_quote_is_no_event(registry):
    assert run("“Ukraine will win this war,” Antony Blinken said.", registry).empty


def test_verbs_inside_quotation_marks_are_not_read(registry):
    assert run("Antony Blinken said: “Russia invaded Ukraine.”", registry).empty


def test_symmetric_meeting_never_takes_the_venue(registry):
    ev = run("Russia and the United States met in Geneva.", registry)
    assert triples(ev) == {("RUS", "USA", "CONSULT")}
    assert ev["symmetric"].tolist() == [True]


def test_reciprocal_verb_gives_both_directions(registry):
    ev = run("Kyiv and Moscow traded accusations over the strikes.", registry)
    assert triples(ev) == {("UKR", "RUS", "ACCUSE"), ("RUS", "UKR", "ACCUSE")}


def test_aside_between_subject_and_verb_is_skipped(registry):
    ev = run("Poland, fearing that Moscow could invade Lithuania, sanctioned Belarus.", registry)
    assert triples(ev) == {("POL", "BLR", "SANCTION")}


def test_infinitive_after_a_request_is_its_content(registry):
    ev = run("Zelenskyy urged Joe Biden to visit Kyiv.", registry)
    assert triples(ev) == {("volodymyr_zelenskyy", "joe_biden", "REQUEST")}


def test_purpose_infinitive_after_a_meeting_is_an_event(registry):
    ev = run("Antony Blinken met Sergey Lavrov on Friday to demand Russia pull back its troops.", registry)
    assert ("antony_blinken", "RUS", "REQUEST") in triples(ev)


def test_second_verb_of_a_coordination_keeps_the_subject(registry):
    ev = run("Russia seized Crimea and shelled Kharkiv.", registry)
    assert triples(ev) == {("RUS", "crimea", "COERCE"), ("RUS", "kharkiv", "ASSAULT")}


@pytest.mark.parametrize(
    "text",
    [
        "Kherson, the only regional capital that Russia has captured, is quiet.",
        "Kherson, which Russia captured in March, is quiet.",
    ],
)
def test_object_relative_clause(registry, text):
    assert triples(run(text, registry)) == {("RUS", "kherson", "COERCE")}


def test_hyphenated_summit_and_deal_between_parties(registry):
    text = "A China-EU summit opened. A deal agreed between Finland, Sweden and Turkey was signed."
    ev = run(text, registry)
    got = triples(ev)
    assert ("CHN", "european_union", "CONSULT") in got
    assert {("FIN", "SWE", "AGREE"), ("FIN", "TUR", "AGREE"), ("SWE", "TUR", "AGREE")} <= got
    assert ev["nominal"].all()


def test_no_mentions_no_events(registry):
    ev = run("It rained in the afternoon.", registry)
    assert list(ev.columns) == EVENT_COLUMNS and ev.empty


# ---------------------------------------------------------------- lexicon and graph


def test_inflect():
    assert inflect("supply") == ["supply", "supplies", "supplied", "supplying"]
    assert inflect("invade") == ["invade", "invades", "invaded", "invading"]
    assert inflect("call on") == ["call on", "calls on", "called on", "calling on"]
    assert inflect("attack") == ["attack", "attacks", "attacked", "attacking"]


def test_packaged_lexicon_types_and_quads():
    lex = load_lexicon()
    assert set(lex.definitions) == set(PLOVER_TYPES) and all(lex.definitions.values())
    assert lex.verbs["invaded"].plover == "ASSAULT"
    assert lex.verbs["supplied"].preps == ("to",)
    assert lex.nouns["blockade"] == "COERCE"
    assert {QUAD_OF[t] for t in PLOVER_TYPES} == {
        "verbal cooperation",
        "material cooperation",
        "verbal conflict",
        "material conflict",
    }


def test_a_user_lexicon_extends_ours_and_is_read_again_when_edited(tmp_path, registry):
    mine = tmp_path / "events.yaml"
    mine.write_text("verbs:\n  ASSAULT: [torch]\n", encoding="utf-8")
    lex = load_lexicon(str(mine))
    assert lex.verbs["torched"].plover == "ASSAULT" and "invaded" in lex.verbs
    assert triples(run("Russia torched Kharkiv.", registry, lexicon=lex)) == {("RUS", "kharkiv", "ASSAULT")}
    assert load_lexicon(str(mine)) is lex
    mine.write_text("verbs:\n  ASSAULT: [torch, {lemma: raze, forms: [razed]}]\n", encoding="utf-8")
    assert "razed" in load_lexicon(str(mine)).verbs
    assert "torched" not in load_lexicon().verbs  # the packaged lexicon is untouched


@pytest.mark.parametrize(
    "body, reason",
    [
        ("verbs:\n  ATTACK: [strike]\n", "unknown PLOVER type"),
        ("verbs:\n  ASSAULT:\n    - {forms: [hit]}\n", "without lemma"),
        ("verbs:\n  ASSAULT:\n    - {lemma: hit, voice: active}\n", "unknown key"),
        ("- just a list\n", "expected a mapping"),
    ],
)
def test_a_bad_lexicon_file_is_a_typed_error_naming_the_file(tmp_path, body, reason):
    bad = tmp_path / "bad.yaml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(LexiconError, match=reason) as err:
        load_lexicon(str(bad))
    assert str(bad.resolve()) in str(err.value)


def test_event_graph(seed):
    ev = seed[4]
    G = event_graph(ev)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_edges() == len(ev)
    u, v, k, d = next(iter(G.edges(keys=True, data=True)))
    first = ev.iloc[0]
    assert (u, v, k) == (first["source"], first["target"], first["eid"])
    assert d["plover"] == first["plover"] and d["quad"] == first["quad"]
    assert event_graph(ev.iloc[0:0]).number_of_nodes() == 0


def test_later_sentences_of_a_quotation_attributed_elsewhere_are_read(registry):
    text = "Antony Blinken said: “We spoke with our allies. Russia shelled Kharkiv again. It must stop.”"
    ev = run(text, registry)
    assert triples(ev) == {("RUS", "kharkiv", "ASSAULT")}
    assert ev["sid"].tolist() == [1]


@pytest.mark.parametrize(
    "text",
    [
        "Analysts fear Russia potentially striking Ukraine.",
        "Chinese firms accused of helping Russia were sanctioned.",
        "Russian jets landed in an annexed Crimea.",
        "Ukraine sent a diplomatic note to Austria.",
        "Aleksandar Vucic gave the Italian newspaper an interview.",
    ],
)
def test_no_event_from_modal_adverbs_accusations_adjectives_or_non_material_objects(registry, text):
    assert run(text, registry).empty


def test_sending_troops_is_a_deployment(registry):
    ev = run("Russia has sent more than ten battalion tactical groups to Belarus.", registry)
    assert triples(ev) == {("RUS", "BLR", "MOBILIZE")}


def test_one_meets_actors_not_places(registry):
    ev = run("Antony Blinken visited Kharkiv and met Volodymyr Zelenskyy.", registry)
    assert triples(ev) == {("antony_blinken", "volodymyr_zelenskyy", "CONSULT")}


def test_pronoun_subject_is_the_last_person_named(registry):
    ev = run("Joe Biden spoke in Warsaw. He accused Russia of war crimes.", registry)
    assert triples(ev) == {("joe_biden", "RUS", "ACCUSE")}
    row = ev.iloc[0]
    assert row["sid"] == 1 and row["start"] >= ev["cue_start"].iloc[0] - 1  # the span stays in its sentence


def test_a_noun_inside_a_verb_phrase_is_not_a_second_event(registry):
    ev = run("Ukraine signed an agreement with Poland.", registry)
    assert triples(ev) == {("UKR", "POL", "SUPPORT")}


def test_report_events_table(seed_path):
    from analysis import report
    from analysis.pipeline import analyze

    a = analyze(seed_path)
    assert a.relations is a.events  # the former name, kept for one release
    t = report.events_table(a)
    assert list(t.columns) == ["source", "plover", "quad", "target", "cue", "nominal", "tone", "sid"]
    assert len(t) == len(a.events)
    assert "Antony Blinken" in set(t["source"])  # display names, not ids
    assert t["plover"].tolist() == a.events["plover"].tolist()


# ---------------------------------------------------------------- figures of events


def _many_events(n_actors: int = 14) -> pd.DataFrame:
    """Every ordered pair among ``n_actors`` countries gets one or two typed events (deterministic)."""
    ids = [f"A{i:02d}" for i in range(n_actors)]
    rows = []
    for i, s in enumerate(ids):
        for j, t in enumerate(ids):
            if s != t and (i * 7 + j * 3) % 5 < 2:
                p = PLOVER_TYPES[(i + j) % len(PLOVER_TYPES)]
                rows.append((s, t, p, QUAD_OF[p], p.lower(), ((i - j) % 9) / 4.5 - 1.0))
    return pd.DataFrame(rows, columns=["source", "target", "plover", "quad", "act", "tone"])


def test_event_network_labels_are_plover_types_and_never_overlap():
    from matplotlib.text import Text

    from analysis import figures as F

    ev = _many_events()
    assert len(ev) > 60
    fig = F.plot_relation_network(ev, top_n=14, max_arrows=40)
    ax = fig.axes[0]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    labels = [t for t in ax.texts if isinstance(t, Text) and t.get_bbox_patch() is not None]
    assert len(labels) >= 20
    words = {w.split(" ×")[0] for t in labels for w in t.get_text().split(", ")}
    assert words <= set(PLOVER_TYPES) | {w for w in words if w.startswith("+")}
    boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in labels]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), (labels[i].get_text(), labels[j].get_text())
    assert ax.get_title() == "Who does what to whom"


def test_event_matrix_cells_list_plover_types():
    from analysis import figures as F

    ev = pd.DataFrame(
        {
            "source": ["RUS", "RUS", "RUS", "USA"],
            "target": ["UKR", "UKR", "UKR", "RUS"],
            "plover": ["ASSAULT", "ASSAULT", "COERCE", "SANCTION"],
            "act": ["shell", "invade", "annex", "sanction"],
            "tone": [-0.5, -0.7, -0.3, -0.2],
        }
    )
    fig = F.plot_speaker_target_matrix(ev)
    texts = sorted(t.get_text() for t in fig.axes[0].texts if t.get_text().split(" ")[0] in PLOVER_TYPES)
    assert texts == ["ASSAULT ×2\nCOERCE", "SANCTION"]
    assert "PLOVER" in fig.axes[0].get_title()


def test_telling_an_actor_to_act_is_a_request_and_telling_reporters_is_not(registry):
    text = (
        "China accused Nato of stirring up conflicts, after Liz Truss told China it should play by the rules."
        " Vladimir Putin told reporters that Ukraine was losing."
        " Joe Biden told Vladimir Putin about the sanctions."
    )
    ev = run(text, registry)
    assert triples(ev) == {("CHN", "nato", "ACCUSE"), ("liz_truss", "CHN", "REQUEST")}


@pytest.mark.parametrize(
    "text",
    [
        "Germany's position on the payment of frozen Russian assets is clear.",
        "Tomasz Grodzki handed over the text of the resolution to Ukraine.",
    ],
)
def test_no_subject_across_a_preposition_and_no_aid_of_documents(registry, text):
    assert run(text, registry).empty
