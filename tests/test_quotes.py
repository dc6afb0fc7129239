"""Quotes: detection, speaker attribution (every pattern), the seed's quotations, voice share."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import actors, tokens
from analysis.articles import article_from_text, load_article, paragraph_spans
from analysis.quotes import (
    KINDS,
    QUOTE_COLUMNS,
    VOICE_COLUMNS,
    QuoteError,
    find_quotation_marks,
    quoted_spans,
    quotes,
    voice_share,
)


@pytest.fixture(scope="module")
def registry():
    return actors.load_registry()


def analyse(text: str, registry, **meta):
    art = article_from_text(text, title=meta.pop("title", "Test"), **meta)
    sents = tokens.sentences(art)
    mentions, _ = actors.find_mentions(art, sents, registry)
    return art, sents, mentions, quotes(art, sents, mentions, registry)


@pytest.fixture(scope="module")
def seed(seed_path, registry):
    art = load_article(seed_path)
    sents = tokens.sentences(art)
    mentions, _ = actors.find_mentions(art, sents, registry)
    return art, sents, mentions, quotes(art, sents, mentions, registry)


def row(q: pd.DataFrame, prefix: str) -> pd.Series:
    """The one row holding a quotation (its own span or a fragment) that starts with ``prefix``."""
    hits = [
        i
        for i, (txt, start, frags) in enumerate(zip(q["text"], q["start"], q["fragments"], strict=True))
        if any(txt[a - start : b - start].startswith(prefix) for a, b in frags)
    ]
    assert len(hits) == 1, f"expected one quote starting {prefix!r}, got {len(hits)}:\n{q[['kind', 'text']]}"
    return q.iloc[hits[0]]


# --------------------------------------------------------------------------- seed acceptance

SEED_QUOTES = [
    ("The United States and our allies", "antony_blinken", "tell"),
    ("to respect Ukraine’s sovereignty", "antony_blinken", "urge"),
    ("return forces to normal peaceful positions.", "antony_blinken", "urge"),
    ("Ukraine is in no way posing a threat", "antony_blinken", "insist"),
    ("playing with fire", "sergey_lavrov", "charge"),
    ("I want to make it crystal clear", "sergey_lavrov", "say"),
    ("long-term and legally binding security guarantees", "sergey_lavrov", "state"),
    ("He’s simply not going to get", "vershbow", "tell"),
    ("It would be very costly", "vershbow", "say"),
    ("are closely working together", "dmytro_kuleba", "tweet"),
    ("testing Ukraine. He’s testing the West.", "herbst", "say"),
    ("hoping now simply to get", "herbst", "argue"),
    ("Putin is definitely as serious", "shelest", "counter"),
]


@pytest.mark.parametrize("prefix, speaker, cue", SEED_QUOTES)
def test_seed_quote_speakers(seed, prefix, speaker, cue):
    q = seed[3]
    r = row(q, prefix)
    assert r["kind"] in ("direct", "partial", "indirect")
    assert r["speaker"] is not None and speaker in r["speaker"], (r["speaker"], r["speaker_surface"])
    assert r["cue"] == cue


def test_seed_red_line_never_a_person(seed):
    q, mentions = seed[3], seed[2]
    r = row(q, "red line")
    persons = set(mentions.loc[mentions["type"] == "person", "actor_id"])
    assert r["kind"] == "scare" or r["speaker"] == "RUS"
    assert r["speaker"] not in persons


def test_seed_pronoun_and_role_surfaces(seed):
    q = seed[3]
    assert row(q, "It would be very costly")["speaker_surface"] == "he"
    assert row(q, "Ukraine is in no way")["speaker_surface"] == "the American secretary of state"
    assert row(q, "Putin is definitely")["speaker_surface"].endswith("Hanna Shelest")


def test_seed_every_quotation_found_once(seed):
    """Each of the 14 quotations is one row's fragment, once: a partial quote inside a reported
    clause is a fragment of the clause's row, not a row of its own."""
    art, _, _, q = seed
    marked = [r for r in find_quotation_marks(art.text, art.paragraphs)]
    fragments = [f for frags in q["fragments"] for f in frags]
    assert len(marked) == 14
    assert sorted(fragments) == sorted((r.start, r.end) for r in marked)
    quoted = q[q["kind"] != "indirect"]
    for s, e, frags in zip(quoted["start"], quoted["end"], quoted["fragments"], strict=True):
        assert frags == ((s, e),)
    for s, e, frags in zip(q["start"], q["end"], q["fragments"], strict=True):
        assert all(s <= a < b <= e for a, b in frags)
    spans = sorted(zip(q["start"], q["end"], strict=True))
    nested = [(a, b) for a, b in zip(spans, spans[1:], strict=False) if b[0] >= a[0] and b[1] <= a[1]]
    assert not nested, "a row inside a row"


def test_seed_table_contract(seed):
    art, _, mentions, q = seed
    assert list(q.columns) == QUOTE_COLUMNS
    assert q["qid"].tolist() == list(range(len(q)))
    assert q["start"].is_monotonic_increasing
    assert set(q["kind"]) <= set(KINDS)
    for r in q.itertuples():
        assert art.text[r.start : r.end] == r.text
        if r.kind != "indirect":
            assert r.text and r.text[0] not in '“”"' and r.text[-1] not in '“”"'
        if r.speaker_start >= 0:
            assert art.text[r.speaker_start : r.speaker_end] == r.speaker_surface
        else:
            assert r.speaker_surface is None and r.speaker is None
        assert isinstance(r.sids, tuple) and r.sids == tuple(sorted(r.sids))
        assert isinstance(r.targets, tuple) and list(r.targets) == sorted(r.targets)
        assert r.speaker not in r.targets
        assert -1.0 <= r.tone <= 1.0
    # deterministic
    again = quotes(art, seed[1], mentions)
    pd.testing.assert_frame_equal(q, again)


def test_seed_indirect_speech(seed):
    q = seed[3]
    ind = q[q["kind"] == "indirect"]
    putin = ind[ind["speaker"] == "vladimir_putin"]
    assert len(putin) == 1
    assert putin.iloc[0]["text"].startswith("Moscow would seek Western guarantees")
    lavrov = ind[(ind["speaker"] == "sergey_lavrov") & (ind["cue"] == "charge")]
    assert lavrov.iloc[0]["text"].startswith("the West was “playing with fire”")
    assert "nato" in {t.lower() for t in lavrov.iloc[0]["targets"]}


def test_seed_voice_share(seed):
    _, _, mentions, q = seed
    v = voice_share(q, mentions)
    assert list(v.columns) == VOICE_COLUMNS
    assert v["share"].sum() == pytest.approx(1.0)
    assert v.iloc[0]["actor_id"] == "antony_blinken"
    lav = v[v["actor_id"] == "sergey_lavrov"].iloc[0]
    # one direct quote; two reported clauses holding his partial quotes ("playing with fire",
    # "long-term and legally binding ..."): three quotations, each counted once
    assert (lav["quotes"], lav["direct"], lav["indirect"]) == (3, 1, 2)
    lav_rows = q[q["speaker"] == "sergey_lavrov"]
    words = sum(
        len(t[a - s : b - s].split())
        for t, s, frags in zip(lav_rows["text"], lav_rows["start"], lav_rows["fragments"], strict=True)
        for a, b in frags
    )
    assert lav["quoted_words"] == words > 30
    first = v.sort_values("first_qid").iloc[0]
    assert first["first_qid"] == q[(q["kind"] != "scare") & q["speaker"].notna()]["qid"].min()
    by_aff = voice_share(q, mentions, level="affiliation")
    rus = by_aff[by_aff["actor_id"] == "RUS"].iloc[0]
    assert rus["quoted_words"] >= lav["quoted_words"]
    with pytest.raises(QuoteError):
        voice_share(q, mentions, level="country")


# --------------------------------------------------------------------------- attribution patterns


def test_x_said(registry):
    q = analyse("Antony Blinken arrived in Kyiv.\n\n“We will not back down,” Blinken said.", registry)[3]
    r = row(q, "We will not back down")
    assert (r["kind"], r["speaker"], r["cue"], r["speaker_surface"]) == (
        "direct",
        "antony_blinken",
        "say",
        "Blinken",
    )


def test_said_x_inverted(registry):
    q = analyse("“We will not back down,” said Antony Blinken on Monday.", registry)[3]
    r = row(q, "We will not back down")
    assert r["speaker"] == "antony_blinken" and r["speaker_surface"] == "Antony Blinken"


def test_inverted_with_title(registry):
    q = analyse("“Putin is serious” about the war, countered Ukraine analyst Hanna Shelest.", registry)[3]
    r = row(q, "Putin is serious")
    assert r["cue"] == "counter" and r["speaker_surface"] == "Ukraine analyst Hanna Shelest"
    assert r["speaker_name"] == "Hanna Shelest"


def test_told_reporters_and_colon(registry):
    q = analyse("Sergey Lavrov told reporters: “NATO expansion is unacceptable to us.”", registry)[3]
    r = row(q, "NATO expansion")
    assert (r["kind"], r["speaker"], r["cue"]) == ("direct", "sergey_lavrov", "tell")
    assert r["targets"] == ("NATO",) or "nato" in {t.lower() for t in r["targets"]}


def test_partial_quote_inside_reported_clause_is_one_quotation(registry):
    text = "Sergey Lavrov tweeted that the sanctions “will fail miserably” in the end."
    art, _, _, q = analyse(text, registry)
    assert len(q) == 1
    r = q.iloc[0]
    assert (r["kind"], r["speaker"], r["cue"]) == ("indirect", "sergey_lavrov", "tweet")
    assert r["text"] == "the sanctions “will fail miserably” in the end"
    assert [art.text[a:b] for a, b in r["fragments"]] == ["will fail miserably"]
    v = voice_share(q)
    assert (v.iloc[0]["quotes"], v.iloc[0]["direct"], v.iloc[0]["indirect"], v.iloc[0]["quoted_words"]) == (
        1,
        0,
        1,
        3,
    )


def test_according_to(registry):
    q = analyse(
        "The talks collapsed on Friday after six hours, according to Antony Blinken.\n\n"
        "According to Sergey Lavrov, the West is preparing new sanctions against Moscow.",
        registry,
    )[3]
    ind = q[q["kind"] == "indirect"]
    assert ind["cue"].tolist() == ["according to", "according to"]
    assert ind["speaker"].tolist() == ["antony_blinken", "sergey_lavrov"]
    assert ind["text"].tolist() == [
        "The talks collapsed on Friday after six hours",
        "the West is preparing new sanctions against Moscow",
    ]


def test_said_clause_indirect(registry):
    q = analyse(
        "Vladimir Putin said Wednesday that Moscow would seek guarantees from NATO.\n\n"
        "Antony Blinken said Russia would pay a high price.",
        registry,
    )[3]
    ind = q[q["kind"] == "indirect"]
    assert ind["text"].tolist() == ["Moscow would seek guarantees from NATO", "Russia would pay a high price"]
    assert ind["speaker"].tolist() == ["vladimir_putin", "antony_blinken"]
    assert "RUS" in ind.iloc[1]["targets"]


def test_appositive_skipped(registry):
    q = analyse(
        "Alexander Vershbow, a former U.S. ambassador to Russia, said the West “must stay united.”", registry
    )[3]
    r = row(q, "must stay united")
    assert r["speaker_surface"] == "Alexander Vershbow"


def test_pronoun_resolves_to_last_person_speaker(registry):
    text = (
        "Antony Blinken said the talks were useful. Sergey Lavrov was not in the room.\n\n"
        "“It was a frank exchange,” he added."
    )
    q = analyse(text, registry)[3]
    r = row(q, "It was a frank exchange")
    assert (r["speaker_surface"], r["speaker"], r["cue"]) == ("he", "antony_blinken", "add")


def test_pronoun_falls_back_to_last_person_mention(registry):
    q = analyse("Sergey Lavrov arrived in Geneva on Monday.\n\n“We are ready to talk,” he said.", registry)[3]
    assert row(q, "We are ready")["speaker"] == "sergey_lavrov"


def test_role_title_resolved_through_mentions(registry):
    text = (
        "Antony Blinken met Ukrainian officials in Kyiv.\n\n"
        "“Ukraine is not a threat to anyone,” the American secretary of state insisted."
    )
    art, _, mentions, q = analyse(text, registry, date="2021-12-02")
    r = row(q, "Ukraine is not a threat")
    assert r["speaker_surface"] == "the American secretary of state"
    role = mentions[(mentions["start"] >= r["speaker_start"]) & (mentions["end"] <= r["speaker_end"])]
    assert r["speaker"] == "antony_blinken"
    assert "role" in set(role["resolved_by"])


def test_quote_only_paragraph_takes_previous_speaker(registry):
    text = (
        "Sergey Lavrov spoke after the meeting and said:\n\n"
        "“NATO expansion is unacceptable. We will respond.”"
    )
    q = analyse(text, registry)[3]
    r = row(q, "NATO expansion is unacceptable")
    assert (r["kind"], r["speaker"], r["cue"]) == ("direct", "sergey_lavrov", "say")
    assert len(r["sids"]) == 2


def test_second_quote_of_a_sentence_shares_the_speaker(registry):
    q = analyse("Antony Blinken urged Russia “to pull back its troops” and “return to talks.”", registry)[3]
    a, b = row(q, "to pull back"), row(q, "return to talks")
    assert a["speaker"] == b["speaker"] == "antony_blinken"
    assert a["cue"] == b["cue"] == "urge"


def test_unattributed_quote_has_no_speaker(registry):
    text = "The city was quiet.\n\n“This cannot go on forever, and everyone here knows it.”"
    q = analyse(text, registry)[3]
    r = row(q, "This cannot go on")
    assert r["kind"] == "direct" and r["speaker"] is None and r["speaker_start"] == -1 and r["cue"] is None


# --------------------------------------------------------------------------- quotation marks


def test_scare_quote(registry):
    q = analyse("The so-called “peace plan” stalled in May as fighting resumed.", registry)[3]
    r = row(q, "peace plan")
    assert r["kind"] == "scare" and r["speaker"] is None


def test_straight_marks_and_nested_single(registry):
    q = analyse("\"He told me 'never again' and left the room,\" Antony Blinken said.", registry)[3]
    r = row(q, "He told me")
    assert r["text"] == "He told me 'never again' and left the room"
    assert r["speaker"] == "antony_blinken"
    q2 = analyse("“He told me ‘never again’ and left,” Blinken said of Antony Blinken’s aide.", registry)[3]
    assert row(q2, "He told me")["text"] == "He told me ‘never again’ and left"


def test_multi_paragraph_quote():
    text = (
        "Lavrov said:\n\n“The first paragraph of the statement.\n\n"
        "“The second paragraph, which ends the quote.”\n\nThen he left."
    )
    spans = find_quotation_marks(text, paragraph_spans(text))
    assert len(spans) == 1
    assert text[spans[0].start : spans[0].end] == (
        "The first paragraph of the statement.\n\n“The second paragraph, which ends the quote."
    )


def test_multi_paragraph_quote_attributed(registry):
    text = (
        "Sergey Lavrov said:\n\n“The first paragraph of the statement.\n\n"
        "“The second paragraph, which ends the quote.”\n\nThen the meeting ended."
    )
    q = analyse(text, registry)[3]
    r = row(q, "The first paragraph")
    assert r["text"].endswith("which ends the quote.") and r["speaker"] == "sergey_lavrov"


def test_unclosed_quote_ends_at_paragraph():
    text = "“This quote never closes\n\nA new paragraph."
    spans = find_quotation_marks(text, paragraph_spans(text))
    assert [(text[s.start : s.end]) for s in spans] == ["This quote never closes"]


def test_single_quotes_outside_double_and_apostrophes():
    text = "Officials called it ‘a disaster’ while Russia’s envoys’ plans stalled."
    spans = find_quotation_marks(text)
    assert [text[s.start : s.end] for s in spans] == ["a disaster"]


def test_double_apostrophe_marks():
    text = "''This isn't tax reform,'' said one economist."
    spans = find_quotation_marks(text)
    assert [text[s.start : s.end] for s in spans] == ["This isn't tax reform"]


def test_empty_article_and_bad_sentences(registry):
    art = article_from_text("Nothing is quoted in this short text at all.", title="T")
    sents = tokens.sentences(art)
    q = quotes(art, sents, None)
    assert list(q.columns) == QUOTE_COLUMNS and len(q) == 0
    assert len(voice_share(q)) == 0
    with pytest.raises(QuoteError):
        quotes(art, sents.drop(columns=["start"]), None)


def test_dash_signed_quote(registry):
    text = "Readers wrote in.\n\n“He does not speak for me or my family.” ― Karen Bobadilla"
    q = analyse(text, registry)[3]
    r = row(q, "He does not speak")
    assert (r["speaker_surface"], r["cue"]) == ("Karen Bobadilla", "dash")


def test_title_in_quotes_is_not_speech(registry):
    q = analyse("Antony Blinken told “Fox News Sunday” that the talks would go on.", registry)[3]
    r = row(q, "Fox News Sunday")
    assert r["kind"] == "scare" and r["speaker"] is None


def test_a_user_verb_file_replaces_the_packaged_one(tmp_path):
    from analysis.quotes import load_reporting_verbs

    mine = tmp_path / "verbs.yaml"
    mine.write_text("verbs:\n  - {lemma: point out, forms: [pointed out]}\n", encoding="utf-8")
    lex = load_reporting_verbs(str(mine))
    assert lex.forms == {"pointed out": "point out"}
    assert "said" in load_reporting_verbs().forms
    assert load_reporting_verbs(str(mine)) is lex  # cached while the file is unchanged
    mine.write_text("verbs:\n  - {lemma: point out, forms: [pointed out, points out]}\n", encoding="utf-8")
    assert load_reporting_verbs(str(mine)).forms == {"pointed out": "point out", "points out": "point out"}


# --------------------------------------------------------------------------- counted once (issue 11)


def test_question_quote_then_name_said_as_its_own_sentence(registry):
    text = (
        "Belarus hosted the talks.\n\n"
        "“How can we prevent similar events from recurring in the future?” Vladimir Makei said.\n\n"
        "The talks ended."
    )
    r = row(analyse(text, registry)[3], "How can we prevent")
    assert (r["kind"], r["speaker_surface"], r["cue"]) == ("direct", "Vladimir Makei", "say")


def test_question_quote_before_an_unrelated_sentence_keeps_no_speaker(registry):
    text = "“Who will pay for this?”\n\nVladimir Makei said on Monday that Belarus would stay out of the war."
    q = analyse(text, registry)[3]
    assert pd.isna(row(q, "Who will pay")["speaker"])


def test_later_fragments_of_a_sentence_share_its_speaker(registry):
    text = (
        "Antony Blinken said China “can’t have it both ways,” by “putting itself out as a force for "
        "peace in public,” while it continues to “fuel the flames.”"
    )
    art, _, _, q = analyse(text, registry)
    assert len(q) == 1
    r = q.iloc[0]
    assert (r["speaker"], r["cue"]) == ("antony_blinken", "say")
    assert [art.text[a:b] for a, b in r["fragments"]] == [
        "can’t have it both ways",
        "putting itself out as a force for peace in public",
        "fuel the flames.",
    ]


def test_and_warned_takes_the_subject_of_the_first_verb(registry):
    text = (
        "Lloyd Austin said the war is “going to take a while” and warned of the “increasing” "
        "threat of nuclear escalation."
    )
    art, _, _, q = analyse(text, registry)
    assert q["cue"].tolist() == ["say", "warn"]
    assert q["speaker_surface"].tolist() == ["Lloyd Austin", "Lloyd Austin"]
    assert q["text"].tolist() == [
        "the war is “going to take a while”",
        "of the “increasing” threat of nuclear escalation",
    ]
    assert [[art.text[a:b] for a, b in f] for f in q["fragments"]] == [
        ["going to take a while"],
        ["increasing"],
    ]


def test_and_he_warned_ends_the_first_clause(registry):
    q = analyse(
        "Sergey Lavrov said the talks had failed, and he warned that Moscow would respond.", registry
    )[3]
    assert q["text"].tolist() == ["the talks had failed", "Moscow would respond"]
    assert q["speaker_surface"].tolist() == ["Sergey Lavrov", "he"]
    assert q["speaker"].tolist() == ["sergey_lavrov", "sergey_lavrov"]


def test_says_x_explaining_that(registry):
    text = (
        "In fact, the shared values between Iran and Russia are scant, says Ziabari, explaining that "
        "historical grievances have left a bad taste."
    )
    q = analyse(text, registry)[3]
    assert q["cue"].tolist() == ["say", "explain"]
    assert q["speaker_surface"].tolist() == ["Ziabari", "Ziabari"]
    assert q["text"].tolist() == [
        "In fact, the shared values between Iran and Russia are scant",
        "historical grievances have left a bad taste",
    ]


def test_participle_after_a_leading_phrase_takes_the_clause_subject(registry):
    text = (
        "On Friday, Sergei Shoigu presented the pilots with state awards, saying they had prevented a "
        "violation of the airspace."
    )
    r = analyse(text, registry)[3].iloc[0]
    assert (r["speaker_surface"], r["cue"], r["text"]) == (
        "Sergei Shoigu",
        "say",
        "they had prevented a violation of the airspace",
    )


def test_reported_clause_inside_a_reported_clause_counts_once(registry):
    text = (
        "Penny Wong said the meeting had emphasised the government’s commitment to holding Russia to account."
    )
    q = analyse(text, registry)[3]
    assert len(q) == 1 and q.iloc[0]["cue"] == "say"
    assert (
        q.iloc[0]["text"]
        == "the meeting had emphasised the government’s commitment to holding Russia to account"
    )


def test_attribution_inside_a_clause(registry):
    q = analyse("The latest test, North Korea said, was its biggest yet.", registry)[3]
    assert len(q) == 1
    assert (q.iloc[0]["text"], q.iloc[0]["speaker_surface"]) == (
        "The latest test, North Korea said, was its biggest yet",
        "North Korea",
    )


def test_so_called_is_not_a_cue(registry):
    q = analyse("The so-called “special military operation” began in February.", registry)[3]
    assert q["cue"].isna().all() and (q["kind"] == "scare").all()


def test_pull_quote_counts_once(registry):
    quote = "We will not give up a single inch of our land"
    text = (
        f"Volodymyr Zelenskyy spoke in Kyiv.\n\n“{quote},” Zelenskyy said.\n\n“{quote}.”\n\n"
        f"He added that talks would go on.\n\n“{quote},” Zelenskyy said again."
    )
    q = analyse(text, registry)[3]
    same = q[q["text"].str.startswith(quote)]
    assert len(same) == 3
    first = int(same.iloc[0]["qid"])
    assert same["repeat_of"].tolist() == [-1, first, first]
    v = voice_share(q)
    z = v[v["actor_id"] == same.iloc[0]["speaker"]].iloc[0]
    assert z["quotes"] == 2  # the quote once, the reported "talks would go on" once
    assert z["quoted_words"] == len(quote.split())


def test_object_content_cues(registry):
    q = analyse(
        "Volodymyr Zelenskyy called for a ceasefire along the whole front line.\n\n"
        "Antony Blinken urged Russia to withdraw its troops from the border.",
        registry,
    )[3]
    assert q["cue"].tolist() == ["call for", "urge"]
    assert q["text"].tolist() == [
        "a ceasefire along the whole front line",
        "Russia to withdraw its troops from the border",
    ]


def test_headline_name_colon(registry):
    text = "Pence: Gennifer Flowers Won’t Be at Debate\n\nMike Pence spoke on Sunday."
    art, _, _, q = analyse(text, registry)
    r = q.iloc[0]
    assert (r["cue"], r["speaker_surface"], r["text"]) == (
        "colon",
        "Pence",
        "Gennifer Flowers Won’t Be at Debate",
    )
    for furniture in (
        "The Latest: Russia and Ukraine resume talks",
        "See Video Gowin: the war will end soon",
    ):
        assert (analyse(furniture, registry)[3]["cue"] != "colon").all()


def test_a_quote_opening_a_reported_clause_is_its_fragment(registry):
    text = (
        "Elizabeth Warren spoke at the hearing.\n\n"
        "“You squeezed employees to the breaking point” to drive up the stock price, she said."
    )
    art, _, _, q = analyse(text, registry)
    r = row(q, "You squeezed employees")
    assert (r["kind"], r["speaker_surface"], r["cue"]) == ("indirect", "she", "say")
    assert r["text"] == "“You squeezed employees to the breaking point” to drive up the stock price"
    assert len(q) == 1


def test_parenthetical_attribution_with_a_short_opening(registry):
    q = analyse("Too often, Sergey Lavrov said, the debate over NATO turns into shouting.", registry)[3]
    assert len(q) == 1
    assert q.iloc[0]["text"] == "Too often, Sergey Lavrov said, the debate over NATO turns into shouting"
    assert q.iloc[0]["speaker"] == "sergey_lavrov"


def test_a_source_said_after_the_clause(registry):
    q = analyse("The convoy turned back at the border on Monday, a source said.", registry)[3]
    assert (q.iloc[0]["text"], q.iloc[0]["speaker_surface"]) == (
        "The convoy turned back at the border on Monday",
        "a source",
    )


def test_quoted_spans_include_fragments_of_reported_clauses(registry):
    text = "Sergey Lavrov said the West was “playing with fire”.\n\n“We will respond,” Lavrov said."
    art, _, _, q = analyse(text, registry)
    spans = quoted_spans(q)
    assert [art.text[a:b] for a, b, _ in spans] == ["playing with fire", "We will respond"]
    assert all(art.text[sp : sp + 6] in ("Sergey", "Lavrov") for _, _, sp in spans)
    assert quoted_spans(q.iloc[0:0]) == []


def test_what_he_called(registry):
    text = "Vladimir Putin sent troops into Ukraine in what he called a “special military operation.”"
    r = row(analyse(text, registry)[3], "special military operation")
    assert (r["cue"], r["speaker_surface"], r["speaker"]) == ("call", "he", "vladimir_putin")
