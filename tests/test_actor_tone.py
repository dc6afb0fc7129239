"""Tone toward an actor: the tone of the sentences that mention it, and of what others say or do
to it, each with its count; figures leave out actors below a minimum."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import actors, figures, tokens
from analysis.actor_tone import ACTOR_TONE_COLUMNS, ActorToneError, actor_tone
from analysis.articles import article_from_text
from analysis.quotes import quotes
from analysis.sentiment import score_text, sentence_sentiment


@pytest.fixture(scope="module")
def registry():
    return actors.load_registry()


def tables(text: str, registry):
    art = article_from_text(text, title="Test")
    sents = tokens.sentences(art)
    mentions, _ = actors.find_mentions(art, sents, registry)
    return sents, mentions, sentence_sentiment(sents), quotes(art, sents, mentions, registry)


def by_actor(t: pd.DataFrame, aid: str) -> pd.Series:
    return t[t["actor_id"] == aid].iloc[0]


def test_mention_tone_is_the_mean_of_the_sentences_naming_the_actor(registry):
    s0 = "Russia shelled Kharkiv and killed twelve people."
    s1 = "Russia and its army praised the wonderful soldiers."
    s2 = "Ukraine thanked its allies."
    sents, mentions, sent_sent, _ = tables(f"{s0} {s1} {s2}", registry)
    t = actor_tone(mentions, sent_sent)
    assert list(t.columns) == ACTOR_TONE_COLUMNS
    rus = by_actor(t, "RUS")
    assert (rus["mentions"], rus["n_sentences"]) == (2, 2)
    assert rus["mention_tone"] == pytest.approx((score_text(s0) + score_text(s1)) / 2)
    assert score_text(s0) < 0 < score_text(s1)
    ukr = by_actor(t, "UKR")
    assert ukr["n_sentences"] == 1 and ukr["mention_tone"] == pytest.approx(score_text(s2))


def test_two_mentions_in_one_sentence_are_one_sentence(registry):
    _, mentions, sent_sent, _ = tables("Russia said Russia would win.", registry)
    rus = by_actor(actor_tone(mentions, sent_sent), "RUS")
    assert (rus["mentions"], rus["n_sentences"]) == (2, 1)


def test_tone_toward_comes_from_quotes_naming_the_actor(registry):
    text = "Antony Blinken said Russia’s brutal attack on Kyiv was a horrific crime."
    _, mentions, sent_sent, q = tables(text, registry)
    t = actor_tone(mentions, sent_sent, q)
    rus = by_actor(t, "RUS")
    assert (rus["n_quotes"], rus["n_events"], rus["n_toward"]) == (1, 0, 1)
    assert rus["tone_toward"] == pytest.approx(float(q.iloc[0]["tone"])) and rus["tone_toward"] < 0
    blinken = by_actor(t, "antony_blinken")  # he speaks; nobody says anything about him
    assert blinken["n_toward"] == 0 and math.isnan(blinken["tone_toward"])


def test_repeated_and_scare_quotes_do_not_count_toward(registry):
    quote = "Russia is a terrible threat to all of us"
    text = (
        f"“{quote},” Antony Blinken said.\n\n“{quote}.”\n\nThe so-called “Russia question” was raised again."
    )
    _, mentions, sent_sent, q = tables(text, registry)
    assert sorted(q["repeat_of"].tolist()) == [-1, -1, 0]
    assert by_actor(actor_tone(mentions, sent_sent, q), "RUS")["n_quotes"] == 1


def test_events_are_optional_and_self_events_do_not_count(registry):
    text = "Antony Blinken said Russia’s brutal attack on Kyiv was a horrific crime."
    _, mentions, sent_sent, q = tables(text, registry)
    events = pd.DataFrame(
        {
            "source": ["USA", "RUS", "RUS"],
            "target": ["RUS", "RUS", "FRA"],
            "plover": ["SANCTION", "MOBILIZE", "ASSAULT"],
            "quad": ["material conflict"] * 3,
            "tone": [-0.5, 0.9, -0.8],
            "sid": [0, 0, 0],
        }
    )
    t = actor_tone(mentions, sent_sent, q, events)
    rus = by_actor(t, "RUS")
    assert (rus["n_quotes"], rus["n_events"], rus["n_toward"]) == (1, 1, 2)
    assert rus["tone_toward"] == pytest.approx((float(q.iloc[0]["tone"]) - 0.5) / 2)
    assert "FRA" not in set(t["actor_id"])  # events do not add actors that are never mentioned


def test_missing_columns_are_a_clear_error(registry):
    _, mentions, sent_sent, q = tables("Russia warned Ukraine.", registry)
    with pytest.raises(ActorToneError, match="events table lacks columns"):
        actor_tone(mentions, sent_sent, q, pd.DataFrame({"source": ["RUS"]}))
    with pytest.raises(ActorToneError, match="mentions table"):
        actor_tone(mentions.drop(columns=["sid"]), sent_sent)


def _tone_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_id": ["RUS", "UKR", "pres"],
            "name": ["Russia", "Ukraine", "Pres"],
            "type": ["country", "country", "person"],
            "mentions": [12, 9, 1],
            "n_sentences": [10, 8, 1],
            "mention_tone": [-0.3, -0.1, 0.65],
            "n_quotes": [4, 0, 0],
            "n_events": [1, 2, 0],
            "n_toward": [5, 2, 0],
            "tone_toward": [-0.4, -0.2, math.nan],
        }
    )


def _ticks(fig) -> list[str]:
    """The category labels of a bar or box chart, top first."""
    return [t.get_text() for t in fig.axes[0].texts if "(n=" in t.get_text()]


def test_a_one_mention_actor_never_tops_the_tone_chart():
    fig = figures.plot_actor_tone(_tone_table())
    assert fig.axes[0].get_title().startswith("Tone of the sentences that mention")
    assert _ticks(fig) == ["Ukraine (n=8)", "Russia (n=10)"]
    with_one = figures.plot_actor_tone(_tone_table(), min_mentions=1)
    assert _ticks(with_one)[0] == "Pres (n=1)"  # only when asked for


def test_tone_toward_figure_needs_enough_quotes_and_events():
    fig = figures.plot_actor_tone(_tone_table(), measure="tone_toward")
    assert fig.axes[0].get_title() == "Tone of what others say or do to each actor"
    assert _ticks(fig) == ["Russia (n=5)"]  # Ukraine: 2 < 3 quotes + events
    with pytest.raises(ValueError, match="measure"):
        figures.plot_actor_tone(_tone_table(), measure="tone")


def test_speaker_tone_leaves_out_single_quotes_and_repeats():
    q = pd.DataFrame(
        {
            "qid": [0, 1, 2, 3, 4],
            "kind": ["direct", "direct", "direct", "direct", "scare"],
            "speaker_name": ["Lavrov", "Lavrov", "Lavrov", "Kuleba", "Kuleba"],
            "tone": [-0.5, 0.2, -0.5, 0.9, 0.1],
            "repeat_of": [-1, -1, 0, -1, -1],
        }
    )
    fig = figures.plot_speaker_tone(q)
    assert _ticks(fig) == ["Lavrov (n=2)"]
    assert "≥ 2" in fig.axes[0].get_title()
