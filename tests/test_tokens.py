"""Tests of analysis.tokens: sentence splitting, tokens, counts, keyness and KWIC."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.articles import Article, article_id, load_article, paragraph_spans
from analysis.tokens import (
    STOPWORDS,
    TokensError,
    collocations,
    keyness,
    kwic,
    ngrams,
    sentences,
    split_sentences,
    term_frequencies,
    tokens,
)


def make_article(text: str) -> Article:
    return Article(id=article_id(text), title="", text=text, paragraphs=paragraph_spans(text))


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.fixture(scope="module")
def seed(seed_path) -> Article:
    return load_article(seed_path)


@pytest.fixture(scope="module")
def seed_sents(seed) -> pd.DataFrame:
    return sentences(seed)


# --------------------------------------------------------------------------- splitting

CASES = [
    # abbreviations inside a sentence
    ("Sen. Ted Cruz and Rep. Adam Schiff met Gov. Kathy Hochul.", 1),
    ("Gen. Mark Milley spoke with Lt. Col. Alexander Vindman.", 1),
    ("Mr. Putin met Mrs. Merkel and Dr. Fauci on Jan. 6 at St. Peter's Square.", 1),
    ("The bill passed No. 2 vs. No. 3 in committee.", 1),
    ("I work for the U.S. Government in Virginia.", 1),
    ("U.S. Secretary of State Antony Blinken met Sergey Lavrov.", 1),
    ("They met in the U.K. last week.", 1),
    # abbreviations at the end of a sentence
    ("I live in the U.S. How about you?", 2),
    ("Talks stalled in the U.S. The allies waited.", 2),
    ("They sent tanks, drones, etc. Russia protested.", 2),
    ("The deal was signed by Pitt, Briggs & Co. It closed yesterday.", 2),
    # initials
    ("John F. Kennedy and J.R.R. Tolkien never met.", 1),
    ("We make a good team, you and I. Did you see Albert I. Jones?", 2),
    # decimals, money, percentages
    ("Aid rose to $1.5 billion, or 3.5% of the budget. It was approved.", 2),
    ("She has $100.00. It is in her bag.", 2),
    ("Turn to p. 55 for the 14,000 figures.", 1),
    # quotes closing a sentence
    ('He said, "This is great." She agreed.', 2),
    ("He called it a “red line.” Moscow denied it.", 2),
    ("Was it a ‘provocation?’ Nobody knew.", 2),
    ('She turned to him, "This is great." she said.', 1),
    # ellipses
    ("I never meant that.... She left the store.", 2),
    ("I wasn’t really ... well, what I mean...see . . . what I'm saying.", 1),
    ('"Bohr [...] used the analogy [...]" (Smith 55).', 1),
    # numbered lists and parentheses
    ("1. The first item 2. The second item", 2),
    ("1) The first item 2) The second item", 2),
    ("a. The first item b. The second item c. The third item", 3),
    ("• Sanctions on banks • Export controls", 2),
    ("He teaches science (He worked for 5 years as an engineer.) at the university.", 1),
    # ! and ?
    ("Hello!! Long time no see.", 2),
    ("She works at Yahoo! in the accounting department.", 1),
    # headlines and lines without final punctuation
    ("Tensions Grow Over Ukraine\nWASHINGTON — Troops massed on the border.", 2),
    ("Russia warns NATO\nThe Kremlin said on Monday it would respond.", 2),
    ("It was a cold \nnight in the city.", 1),
    # no whitespace between sentences
    ("Hello world.Today is Tuesday.Mr. Smith bought 1,000.That is a lot.", 4),
]


@pytest.mark.parametrize(("text", "n"), CASES, ids=[c[0][:40] for c in CASES])
def test_split_cases(text: str, n: int) -> None:
    got = split(text)
    assert len(got) == n, got


def test_split_exact_boundaries() -> None:
    assert split("I live in the U.S. How about you?") == ["I live in the U.S.", "How about you?"]
    assert split("He called it a “red line.” Moscow denied it.") == [
        "He called it a “red line.”",
        "Moscow denied it.",
    ]
    assert split("Was it a ‘provocation?’ Nobody knew.") == ["Was it a ‘provocation?’", "Nobody knew."]
    assert split("At 5 a.m. Mr. Smith left. He came back at 6 P.M. Mr. Smith then slept.") == [
        "At 5 a.m. Mr. Smith left.",
        "He came back at 6 P.M.",
        "Mr. Smith then slept.",
    ]
    assert split("1.) The first item 2.) The second item") == ["1.) The first item", "2.) The second item"]


def test_split_blank_line_is_boundary() -> None:
    assert split("First paragraph without a stop\n\nsecond paragraph") == [
        "First paragraph without a stop",
        "second paragraph",
    ]


def test_split_empty_and_whitespace() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


# --------------------------------------------------------------------------- seed


def test_seed_us_secretary_stays_together(seed_sents) -> None:
    texts = seed_sents["text"].tolist()
    assert any(t.startswith("U.S. Secretary of State Antony Blinken met") for t in texts)
    assert not any(t.startswith(("S.", "Secretary")) for t in texts)
    assert not any(t.endswith("U.S.") for t in texts)


def test_seed_red_line_ends_after_quote(seed, seed_sents) -> None:
    ends = [t for t in seed_sents["text"] if "“red line." in t]
    assert len(ends) == 1
    assert ends[0].endswith("“red line.”")


def test_seed_sentence_table_contract(seed, seed_sents) -> None:
    assert list(seed_sents.columns) == ["sid", "paragraph", "start", "end", "text"]
    assert seed_sents["sid"].tolist() == list(range(len(seed_sents)))
    assert len(seed_sents) > 20
    for row in seed_sents.itertuples():
        assert seed.text[row.start : row.end] == row.text
        ps, pe = seed.paragraphs[row.paragraph]
        assert ps <= row.start < row.end <= pe  # never crosses a paragraph
    assert seed_sents["start"].is_monotonic_increasing


def test_sentences_never_cross_paragraphs() -> None:
    art = make_article("One headline without stop\n\nand a lower-case paragraph. Second one.")
    df = sentences(art)
    assert df["text"].tolist() == ["One headline without stop", "and a lower-case paragraph.", "Second one."]
    assert df["paragraph"].tolist() == [0, 1, 1]


# --------------------------------------------------------------------------- offsets (property)

ALPHABET = st.sampled_from(
    list("abcdeXYZ UAS019")
    + [
        " ",
        " ",
        "\n",
        "\n\n",
        ".",
        ".",
        "!",
        "?",
        ",",
        "$",
        "%",
        "'",
        '"',
        "“",
        "”",
        "’",
        "(",
        ")",
        "-",
        "…",
        "•",
        "\t",
        "é",
    ]
)


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    prev_end = 0
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        prev_end = e


@settings(max_examples=150, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_spans_slice_and_are_ordered(text: str) -> None:
    spans = split_sentences(text)
    _check_spans(text, spans)
    # every non-whitespace character belongs to a sentence
    covered = sum(len("".join(text[s:e].split())) for s, e in spans)
    assert covered == len("".join(text.split()))
    if text.strip():
        art = make_article(text)
        sents = sentences(art)
        toks = tokens(art, sents)
        _check_spans(text, list(zip(toks["start"], toks["end"], strict=True)))
        assert all(text[s:e] == t for s, e, t in zip(toks["start"], toks["end"], toks["token"], strict=True))
        for sid, s, e in zip(toks["sid"], toks["start"], toks["end"], strict=True):
            assert sents["start"][sid] <= s and e <= sents["end"][sid]


# --------------------------------------------------------------------------- tokens


def test_tokens_table_and_forms() -> None:
    text = "The Kremlin-friendly U.S. envoy hasn’t paid $1.5 billion (3.5%) to 14,000 of Ukraine’s troops."
    art = make_article(text)
    toks = tokens(art)
    assert list(toks.columns) == ["tid", "sid", "start", "end", "token", "norm", "is_stop", "is_alpha"]
    assert toks["token"].tolist() == [
        "The",
        "Kremlin-friendly",
        "U.S.",
        "envoy",
        "hasn’t",
        "paid",
        "$1.5",
        "billion",
        "(",
        "3.5%",
        ")",
        "to",
        "14,000",
        "of",
        "Ukraine",
        "’s",
        "troops",
        ".",
    ]
    row = toks.set_index("token")
    assert row.loc["hasn’t", "norm"] == "hasn't"
    assert row.loc["The", "norm"] == "the"
    assert bool(row.loc["The", "is_stop"]) and bool(row.loc["hasn’t", "is_stop"])
    assert not bool(row.loc["Kremlin-friendly", "is_stop"])
    assert not bool(row.loc["$1.5", "is_alpha"]) and not bool(row.loc[".", "is_alpha"])
    assert bool(row.loc["U.S.", "is_alpha"])
    assert all(text[s:e] == t for s, e, t in zip(toks["start"], toks["end"], toks["token"], strict=True))


def test_tokens_of_seed_slice_and_follow_sentences(seed, seed_sents) -> None:
    toks = tokens(seed, seed_sents)
    assert toks["tid"].tolist() == list(range(len(toks)))
    assert toks["sid"].is_monotonic_increasing and toks["start"].is_monotonic_increasing
    assert all(seed.text[s:e] == t for s, e, t in zip(toks["start"], toks["end"], toks["token"], strict=True))
    assert set(toks["sid"]) == set(seed_sents["sid"])


def test_tokens_only_inside_given_sentences() -> None:
    art = make_article("Kyiv was shelled. Odesa was calm. Lviv waited.")
    sents = sentences(art)
    toks = tokens(art, sents[sents["sid"] == 1])
    assert toks["token"].tolist() == ["Odesa", "was", "calm", "."]
    assert set(toks["sid"]) == {1}
    assert tokens(art, sents.iloc[0:0]).empty


def test_stopwords_list() -> None:
    assert 250 <= len(STOPWORDS) <= 400
    assert {"the", "of", "and", "hasn't", "'s"} <= STOPWORDS
    assert "ukraine" not in STOPWORDS and "said" not in STOPWORDS
    assert all(w == w.lower() and "’" not in w for w in STOPWORDS)


# --------------------------------------------------------------------------- counts


def test_term_frequencies() -> None:
    toks = tokens(make_article("Russia warned Ukraine. Russia and the West. Russia!"))
    tf = term_frequencies(toks)
    assert list(tf.columns) == ["term", "count", "share"]
    assert tf.iloc[0].tolist()[:2] == ["russia", 3]
    assert "the" not in set(tf["term"]) and "!" not in set(tf["term"])
    assert tf["share"].sum() == pytest.approx(1.0)
    assert "the" in set(term_frequencies(toks, drop_stopwords=False)["term"])


def test_ngrams_do_not_cross_sentences() -> None:
    toks = tokens(make_article("Talks failed in Geneva. Sanctions followed, quickly. Talks failed again."))
    grams = ngrams(toks, 2, drop_stopwords=False)
    got = dict(zip(grams["ngram"], grams["count"], strict=True))
    assert got["talks failed"] == 2
    assert "geneva sanctions" not in got and "quickly talks" not in got
    assert got["followed quickly"] == 1  # punctuation inside a sentence is skipped
    assert grams["count"].is_monotonic_decreasing
    # stopword drop: n-grams beginning or ending with a stopword go
    assert "failed in" not in set(ngrams(toks, 2)["ngram"])
    tri = set(ngrams(toks, 3)["ngram"])
    assert "failed in geneva" in tri
    with pytest.raises(TokensError):
        ngrams(toks, 0)


def test_collocations_scores() -> None:
    text = " ".join(["Foreign Minister Lavrov spoke."] * 3 + ["The minister left early."] * 2)
    col = collocations(tokens(make_article(text)), min_count=2)
    assert list(col.columns) == ["ngram", "count", "pmi", "llr"]
    top = col.iloc[0]
    assert top["ngram"] in {"foreign minister", "minister lavrov", "lavrov spoke", "left early"}
    assert (col["count"] >= 2).all() and (col["llr"] > 0).all()
    assert col["llr"].is_monotonic_decreasing


def test_keyness_sign() -> None:
    target = tokens(make_article("Sanctions hit Russia. Sanctions hurt Russia. Sanctions again."))
    reference = tokens(make_article("Talks in Geneva. Talks about Russia. The weather in Geneva."))
    kw = keyness(target, reference)
    assert list(kw.columns) == ["term", "target_count", "reference_count", "log_likelihood", "log_ratio"]
    row = kw.set_index("term")
    assert row.loc["sanctions", "log_likelihood"] > 0 and row.loc["sanctions", "log_ratio"] > 0
    assert row.loc["geneva", "log_likelihood"] < 0 and row.loc["geneva", "log_ratio"] < 0
    assert kw.iloc[0]["term"] == "sanctions"
    assert kw["log_likelihood"].is_monotonic_decreasing


# --------------------------------------------------------------------------- KWIC


def test_kwic_seed_blinken(seed, seed_sents) -> None:
    hits = kwic(seed, "Blinken", width=30, sents=seed_sents)
    assert list(hits.columns) == ["sid", "start", "end", "left", "keyword", "right"]
    n = sum(1 for _ in __import__("re").finditer(r"\bBlinken\b", seed.text))
    assert len(hits) == n >= 5
    for row in hits.itertuples():
        assert seed.text[row.start : row.end] == row.keyword == "Blinken"
        s, e = seed_sents.loc[row.sid, ["start", "end"]]
        assert s <= row.start and row.end <= e
        assert len(row.left) <= 30 and len(row.right) <= 30
    assert hits["start"].is_monotonic_increasing


def test_kwic_multiword_case_insensitive_and_spans() -> None:
    art = make_article("The Secretary of\nState spoke. A secretary of state listened. Ukraine’s army moved.")
    hits = kwic(art, "secretary of state", width=5)
    assert hits["keyword"].tolist() == ["Secretary of\nState", "secretary of state"]
    assert hits["sid"].tolist() == [0, 1]
    assert kwic(art, "Ukraine's")["keyword"].tolist() == ["Ukraine’s"]
    assert kwic(art, "secret").empty  # whole words only
    by_span = kwic(art, [(4, 13)], width=4)
    assert by_span.iloc[0][["left", "keyword", "right"]].tolist() == ["The ", "Secretary", " of "]
    with pytest.raises(TokensError):
        kwic(art, [(0, 10_000)])


def test_chinese_and_japanese_sentence_ends():
    zh = "俄罗斯和乌克兰的谈判代表周一再次会面。双方官员表示，会谈很困难！他们会继续吗？会的。"
    assert split(zh) == [
        "俄罗斯和乌克兰的谈判代表周一再次会面。",
        "双方官员表示，会谈很困难！",
        "他们会继续吗？",
        "会的。",
    ]
    ja = "東京で会談が行われた。次の会談は来週だ｡「本当か？」誰もが尋ねた。"
    assert split(ja) == ["東京で会談が行われた。", "次の会談は来週だ｡", "「本当か？」", "誰もが尋ねた。"]
    # offsets point into the text, and English rules are unchanged beside them
    mixed = "Talks resumed. 谈判恢复了。 The end."
    assert split(mixed) == ["Talks resumed.", "谈判恢复了。", "The end."]
