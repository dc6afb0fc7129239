"""Tests for analysis.articles: loading, cleaning, encodings and refusals."""

from __future__ import annotations

import hashlib
import json
import random
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.articles import (
    MAX_ARTICLE_CHARS,
    Article,
    ArticleError,
    ArticleWarning,
    DecodingWarning,
    Removal,
    article_from_text,
    clean_text,
    load_article,
    load_articles,
)

SEED_TITLE = "Tensions Grow Over Ukraine With the Trading of Threats"

BODY = (
    "Russian and Ukrainian negotiators met again on Monday in Istanbul to discuss a ceasefire.\n\n"
    "Officials on both sides said the talks were difficult but that they would continue next week."
)


def kinds(article: Article) -> list[str]:
    return [r.kind for r in article.removed]


def check_offsets(article: Article) -> None:
    assert article.paragraphs, "an article has at least one paragraph"
    for start, end in article.paragraphs:
        chunk = article.text[start:end]
        assert chunk and chunk == chunk.strip()
    assert article.id == hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------- seed


@pytest.fixture(scope="module")
def seed(seed_path) -> Article:
    return load_article(seed_path)


def test_seed_title_and_repeated_title(seed):
    assert seed.title == SEED_TITLE
    assert Removal("repeated-title", SEED_TITLE) in seed.removed
    assert SEED_TITLE not in seed.text


def test_seed_widget_and_copy_protection_removed(seed):
    assert Removal("share-widget", "Share:") in seed.removed
    assert Removal("copy-protection", "error: Content is protected !!") in seed.removed
    assert "Share:" not in seed.text
    assert "Content is protected" not in seed.text
    assert seed.text.endswith("countered Ukraine analyst Hanna Shelest.")


def test_seed_summary_removed_lede_kept(seed):
    summaries = [r.text for r in seed.removed if r.kind == "summary"]
    assert summaries == [
        "U.S. Secretary of State Antony Blinken has met face-to-face with his Russian counterpart "
        "to demand Russia pull back troops from the border with Ukraine."
    ]
    assert "has met face-to-face" not in seed.text
    assert seed.text.startswith("U.S. Secretary of State Antony Blinken met face-to-face")


def test_seed_dateline(seed):
    assert seed.dateline == "WASHINGTON"
    assert not seed.text.startswith("WASHINGTON")
    assert Removal("dateline", "WASHINGTON —") in seed.removed


def test_seed_offsets_id_and_metadata(seed, seed_path):
    check_offsets(seed)
    assert len(seed.id) == 16 and all(c in "0123456789abcdef" for c in seed.id)
    assert seed.encoding == "utf-8"
    assert seed.path == str(seed_path)
    assert "\n\n\n" not in seed.text
    # paragraphs hold no newline: single newlines are joined into the paragraph
    assert all("\n" not in seed.text[s:e] for s, e in seed.paragraphs)
    assert len(seed.paragraphs) == seed.text.count("\n\n") + 1


def test_seed_loading_is_deterministic(seed, seed_path):
    again = load_article(seed_path)
    assert again == seed and again.id == seed.id


# -------------------------------------------------------------------------------------------- cleaning


def test_clean_text_normalises_whitespace_and_newlines():
    raw = "\ufeffFirst  line   of\r\nthe    first paragraph.\r\n\r\n\r\n\r\nSecond\tparagraph\u00a0here.\r"
    text, dateline, removed = clean_text(raw, None)
    assert text == "First line of the first paragraph.\n\nSecond paragraph here."
    assert dateline is None and removed == ()


def test_clean_text_nfc():
    text, _, _ = clean_text("Zelenskyy visited Kharkiv and Mariupol, said Kule\u0301ba today.", None)
    assert "\u0301" not in text and "Kuléba" in text


def test_one_paragraph_per_line_without_blank_lines():
    text, _, _ = clean_text(
        "Officials met in Geneva on Monday.\nThe talks will resume later this week.", None
    )
    assert text == "Officials met in Geneva on Monday.\n\nThe talks will resume later this week."


def test_hard_wrapped_paragraph_is_joined():
    raw = "Officials met in Geneva and\nagreed to meet again.\n\nThe talks will resume\nlater this week."
    text, _, _ = clean_text(raw, None)
    assert (
        text == "Officials met in Geneva and agreed to meet again.\n\nThe talks will resume later this week."
    )


def test_boilerplate_line_inside_a_block():
    text, _, removed = clean_text(f"{BODY}\nShare:\nerror: Content is protected !!", None)
    assert text == BODY
    assert [r.kind for r in removed] == ["share-widget", "copy-protection"]


def test_repeated_title_after_boilerplate():
    text, _, removed = clean_text(f"Advertisement\n\nTalks Resume!\n\n{BODY}", "Talks resume")
    assert text == BODY
    assert [r.kind for r in removed] == ["advertisement", "repeated-title"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("16:14", "timestamp"),
        ("Updated 10:32 AM EST, Fri January 28, 2022", "timestamp"),
        ("Watch: Zelensky addresses the nation", "media-prompt"),
        ("Newsletter As news happens", "newsletter"),
        ("CLICK HERE TO GET THE FOX NEWS APP", "read-more"),
        ("MOSCOW LOOKS TO SEVER MINSK AGREEMENTS AS RUSSIA, UKRAINE CONFLICT PERSISTS", "read-more"),
        ("Share this article", "share-widget"),
        ("Share on Facebook", "share-widget"),
        ("Share on Twitter", "share-widget"),
        ("error: Content is protected !!", "copy-protection"),
        ("Advertisement", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("Read more", "read-more"),
        ("Read More: Russia recalls its ambassador", "read-more"),
        ("Sign up for our newsletter to get the latest news in your inbox.", "newsletter"),
        ("(Photo by Jane Doe/Getty Images)", "photo-credit"),
        ("Photo: AP", "photo-credit"),
        ("AP Photo/Efrem Lukatsky", "photo-credit"),
        ("By John Smith", "byline"),
        ("By JOHN SMITH and Jane Doe, Associated Press", "byline"),
    ],
)
def test_boilerplate_lines_removed_and_recorded(line, kind):
    raw = f"{BODY.split(chr(10))[0]}\n\n{line}\n\n{BODY.split(chr(10))[-1]}"
    text, _, removed = clean_text(raw, None)
    assert removed == (Removal(kind, line),)
    assert line not in text
    assert text == BODY


@pytest.mark.parametrize(
    "prose",
    [
        "Russia will share intelligence with its allies, the minister said on Tuesday.",
        "The advertisement, which ran in several newspapers, urged Russians to enlist.",
        "Officials said they would read more of the documents before commenting on the talks.",
        "By Monday, Russian troops had withdrawn from the outskirts of the capital.",
        "Share prices fell sharply in Moscow after the announcement of new sanctions.",
        "Photographs of the destroyed bridge circulated widely on social media on Sunday.",
        "The photo by a local journalist showed the damaged bridge near the city.",
        "Newsletters published in Kyiv were shut down.",
        "Published reports say 3 soldiers died near the border on Sunday.",
        "Watch out for more sanctions, the minister warned reporters on Friday.",
        "1. FIREWORKS FLY IN FIRST ONE-ON-ONE DEMOCRATIC DEBATE.",
    ],
)
def test_prose_mentioning_boilerplate_words_is_kept(prose):
    text, _, removed = clean_text(f"{prose}\n\n{BODY}", None)
    assert text.startswith(prose)
    assert removed == ()


@pytest.mark.parametrize(
    ("lede", "place", "cut"),
    [
        ("WASHINGTON — Officials met on Monday to discuss the crisis.", "WASHINGTON", "WASHINGTON —"),
        (
            "KYIV, Ukraine (AP) — Officials met on Monday to discuss the crisis.",
            "KYIV",
            "KYIV, Ukraine (AP) —",
        ),
        ("MOSCOW (Reuters) - Officials met on Monday to discuss the crisis.", "MOSCOW", "MOSCOW (Reuters) -"),
        ("LONDON: Officials met on Monday to discuss the crisis.", "LONDON", "LONDON:"),
        ("NEW YORK, Feb 3 (Reuters) - Officials met on Monday to discuss the crisis.", "NEW YORK", None),
        ("Kyiv, Ukraine CNN — Officials met on Monday to discuss the crisis.", "Kyiv", None),
    ],
)
def test_dateline_cut_and_returned(lede, place, cut):
    text, dateline, removed = clean_text(lede, None)
    assert dateline == place
    assert text == "Officials met on Monday to discuss the crisis."
    assert removed[-1].kind == "dateline"
    if cut is not None:
        assert removed[-1].text == cut


@pytest.mark.parametrize(
    "lede",
    [
        "U.S. officials met on Monday to discuss the crisis.",
        "NATO allies met on Monday to discuss the crisis - and failed to agree.",
        "EXCLUSIVE: Officials met on Monday to discuss the crisis.",
        "BUSTED: Emails Reveal Campaign Aide And Reporter Caught Conspiring",
        "FIX IS IN: PBS Moderators Ignore Clinton Scandals.",
        "Moscow - Officials met on Monday to discuss the crisis.",
    ],
)
def test_no_false_dateline(lede):
    text, dateline, removed = clean_text(lede, None)
    assert dateline is None and text == lede and removed == ()


def test_text_written_in_capitals_is_kept():
    raw = "RUSSIAN TROOPS CROSSED THE BORDER ON THURSDAY.\n\nOFFICIALS SAID THE ATTACK BEGAN AT DAWN."
    text, _, removed = clean_text(raw, None)
    assert text == raw and removed == ()


def test_short_first_paragraph_is_not_a_summary():
    first = "Russia invaded Ukraine."
    second = "Russia invaded Ukraine on Thursday, launching missiles at cities across the country."
    text, _, removed = clean_text(f"{first}\n\n{second}", None)
    assert text.startswith(first) and removed == ()


def test_distinct_first_paragraph_is_not_a_summary():
    first = "The war has entered its third year with no sign of talks between the two governments."
    second = "KYIV — Ukrainian forces repelled an attack near Avdiivka overnight, the general staff said."
    text, dateline, removed = clean_text(f"{first}\n\n{second}", None)
    assert text.startswith(first) and [r.kind for r in removed] == []
    assert dateline is None  # the dateline only counts at the start of the first paragraph


_PIECES = [*"abcXYZ .,:!—-()\n\n\r\t\u00a0\ufeffé\u0301", "Share:", "By Ann Lee", "KYIV", "word "]
_TEXTISH = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)


@settings(max_examples=200, deadline=None)
@given(raw=st.one_of(st.text(max_size=200), _TEXTISH), title=st.one_of(st.none(), st.just(""), _TEXTISH))
def test_any_text_is_an_article_or_an_article_error(raw, title):
    try:
        art = article_from_text(raw, title=title)
    except ArticleError as e:
        assert e.reason == "no article text after cleaning"
        return
    assert art.text == art.text.strip() and "\n\n\n" not in art.text and "\r" not in art.text
    assert all("\n" not in art.text[s:e] for s, e in art.paragraphs)
    assert "\n\n".join(art.text[s:e] for s, e in art.paragraphs) == art.text
    check_offsets(art)


# ----------------------------------------------------------------------------------- article_from_text


def test_article_from_text_title_from_first_line():
    art = article_from_text(f"\n\nTalks Resume in Istanbul\n\n{BODY}", date="March 29, 2022", source="AP")
    assert art.title == "Talks Resume in Istanbul"
    assert art.text == BODY and art.date == "2022-03-29" and art.source == "AP"
    check_offsets(art)


LONG_LEDE = (
    "Russian and Ukrainian negotiators met again on Monday in Istanbul to discuss a ceasefire that both "
    "sides say could end the fighting in the east of the country."
)


@pytest.mark.parametrize(
    ("lede", "kept"),
    [("WASHINGTON — Officials met on Monday.", "Officials met on Monday."), (LONG_LEDE, LONG_LEDE)],
)
def test_article_from_text_prose_first_line_is_not_a_title(lede, kept):
    art = article_from_text(f"{lede}\n\n{BODY}")
    assert art.title == "" and art.text == f"{kept}\n\n{BODY}"


def test_article_from_text_title_ending_with_period():
    art = article_from_text(f"Putin Says West Is Playing With Fire.\n\n{BODY}")
    assert art.title == "Putin Says West Is Playing With Fire." and art.text == BODY


def test_article_from_text_explicit_title_and_metadata():
    art = article_from_text(f"Talks Resume\n\n{BODY}", title="Talks Resume", metadata={"k": 1}, lang="en")
    assert art.title == "Talks Resume" and art.text == BODY
    assert kinds(art) == ["repeated-title"]
    assert art.metadata == {"k": 1, "lang": "en"}


def test_unparseable_date_kept_in_metadata():
    art = article_from_text(BODY, title="", date="sometime in spring")
    assert art.date is None and art.metadata["date"] == "sometime in spring"


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2022-01-25", "2022-01-25"),
        ("2022-01-25T09:00:00Z", "2022-01-25"),
        ("25 January 2022", "2022-01-25"),
        ("Jan. 25, 2022", "2022-01-25"),
        ("Tue, 25 Jan 2022 09:00:00 GMT", "2022-01-25"),
    ],
)
def test_dates_normalised(value, iso):
    assert article_from_text(BODY, title="", date=value).date == iso


def test_boilerplate_only_is_not_an_article():
    with pytest.raises(ArticleError, match="no article text after cleaning"):
        article_from_text("Share:\n\nAdvertisement\n\nerror: Content is protected !!", title="")


# -------------------------------------------------------------------------------------------- formats


def test_front_matter(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(
        "---\ntitle: Talks Resume\ndate: 2022-03-29\nsource: Example Wire\nurl: https://example.com/x\n"
        f"author: Jane Doe\n---\n\n# Talks Resume\n\n{BODY}\n",
        encoding="utf-8",
    )
    art = load_article(p)
    assert art.title == "Talks Resume" and art.text == BODY
    assert art.date == "2022-03-29" and art.source == "Example Wire" and art.url == "https://example.com/x"
    assert art.metadata == {"author": "Jane Doe"}
    assert kinds(art) == ["repeated-title"]


def test_markdown_title_without_front_matter(tmp_path):
    p = tmp_path / "b.md"
    p.write_text(f"# Talks Resume\n\n{BODY}\n", encoding="utf-8")
    art = load_article(p)
    assert art.title == "Talks Resume" and art.text == BODY and art.removed == ()


def test_invalid_front_matter(tmp_path):
    p = tmp_path / "c.txt"
    p.write_text(f"---\ntitle: [unclosed\n---\n{BODY}\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="front matter"):
        load_article(p)


HTML = """<!DOCTYPE html>
<html><head><title>Peace talks stall in Geneva | Example News</title>
<meta property="og:title" content="Peace talks stall in Geneva">
<meta name="date" content="2022-02-03">
<script>var tracking = "SCRIPTSECRET"; function f() { return 1; }</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">NAVMENU World</a></li></ul></nav>
<article>
<h1>Peace talks stall in Geneva</h1>
<p>GENEVA (AP) — Diplomats from Russia and the United States left Geneva on Friday without an agreement,
officials said after a long day of talks about the troops massed near Ukraine.</p>
<p>The two delegations will meet again next month, according to a statement released by the Swiss
foreign ministry late in the evening.</p>
<p>Share this article</p>
</article>
<footer>FOOTERTEXT Copyright 2022 Example News. All rights reserved.</footer>
<script>console.log("SCRIPTSECRET2")</script>
</body></html>
"""


def test_html(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    art = load_article(p)
    assert art.title == "Peace talks stall in Geneva"
    assert art.date == "2022-02-03" and art.dateline == "GENEVA"
    assert art.text.startswith("Diplomats from Russia and the United States left Geneva on Friday")
    assert "foreign ministry late in the evening." in art.text
    for junk in ("SCRIPTSECRET", "NAVMENU", "FOOTERTEXT", "Share this article"):
        assert junk not in art.text
    assert len(art.paragraphs) == 2
    assert {"repeated-title", "share-widget", "dateline"} <= set(kinds(art))
    check_offsets(art)


def test_html_without_article(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><body><nav>Home</nav><script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(ArticleError):
        load_article(p)


def test_jsonl_with_broken_lines(tmp_path):
    p = tmp_path / "c.jsonl"
    good = {
        "id": "a1",
        "title": "Talks Resume",
        "text": BODY,
        "date": "2022-03-29",
        "outlet": "AP",
        "lang": "en",
    }
    lines = [
        json.dumps(good),
        '{"id": "a2", "text": "broken',  # line 2: bad JSON
        json.dumps({"id": "a3", "title": "No text"}),  # line 3: no text field
        "",
        json.dumps({"id": "a5", "body": "Share:\n\nAdvertisement"}),  # line 5: no prose
        json.dumps({"id": "a6", "content": "Second article about the talks in Istanbul on Tuesday."}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.warns(ArticleWarning) as record:
        arts = load_articles(p)
    messages = [str(w.message) for w in record if issubclass(w.category, ArticleWarning)]
    assert len(messages) == 3
    assert messages[0].startswith(f"{p}:2: invalid JSON")
    assert messages[1].startswith(f"{p}:3: no text field")
    assert messages[2] == f"{p}:5: no article text after cleaning"
    assert [a.path for a in arts] == [f"{p}:1", f"{p}:6"]
    first = arts[0]
    assert first.title == "Talks Resume" and first.text == BODY and first.source == "AP"
    assert first.date == "2022-03-29" and first.metadata == {"lang": "en"} and first.record_id == "a1"
    assert arts[1].title == "" and arts[1].metadata == {} and arts[1].record_id == "a6"


def test_jsonl_text_field_fallback(tmp_path):
    p = tmp_path / "n.jsonl"
    p.write_text(json.dumps({"text": None, "body": BODY}) + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_article(p).text == BODY


def test_jsonl_load_article_takes_first_valid(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text("not json\n" + json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    with pytest.warns(ArticleWarning, match=":1: invalid JSON"):
        art = load_article(p)
    assert art.text == BODY and art.path == f"{p}:2"


def test_csv(tmp_path):
    p = tmp_path / "e.csv"
    body = BODY.replace("\n", "\r\n")
    p.write_text(
        f'id,title,text,date,source\r\n1,Talks Resume,"{body}",2022-03-29,AP\r\n2,Empty,,2022-03-30,AP\r\n',
        encoding="utf-8",
        newline="",
    )
    with pytest.warns(ArticleWarning, match=r"e\.csv:5: no text field"):
        arts = load_articles(p)
    assert len(arts) == 1
    assert arts[0].text == BODY and arts[0].title == "Talks Resume" and arts[0].path == f"{p}:2"
    assert arts[0].metadata == {} and arts[0].record_id == "1"


def test_csv_without_text_column(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("id,title,date\n1,Talks,2022-01-01\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="no text column") as err:
        load_articles(p)
    assert str(p) in str(err.value)


def test_folder_and_glob(tmp_path):
    (tmp_path / "b.txt").write_text(f"Second Title\n\n{BODY}", encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"First Title\n\n{BODY}", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    with pytest.warns(ArticleWarning, match=r"c\.txt: empty file"):
        arts = load_articles(tmp_path)
    assert [a.title for a in arts] == ["First Title", "Second Title"]
    with pytest.warns(ArticleWarning):
        assert [a.title for a in load_articles(str(tmp_path / "*.txt"))] == ["First Title", "Second Title"]


def test_missing_and_unsupported(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "missing.txt")
    with pytest.raises(ArticleError, match="no such file or directory"):
        load_articles(tmp_path / "missing")
    with pytest.raises(ArticleError, match="no supported files match"):
        load_articles(str(tmp_path / "*.txt"))
    p = tmp_path / "x.docx"
    p.write_bytes(b"PK\x03\x04")
    with pytest.raises(ArticleError, match="unsupported file type"):
        load_article(p)


# ------------------------------------------------------------------------------------------ encodings


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n  ", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), r"binary data \(PNG image\)"),
        (random.Random(0).randbytes(4096), "binary data|undecodable bytes"),
        (b"Some text\x00with a NUL byte in it, more than enough words here.", r"binary data \(NUL bytes\)"),
        ("Новости о войне на Украине и переговорах".encode("koi8_r"), "undecodable bytes"),
    ],
    ids=["empty", "whitespace", "png", "random", "nul", "koi8"],
)
def test_refused_inputs(tmp_path, data, reason):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(ArticleError, match=reason) as err:
        load_article(p)
    assert err.value.path == str(p)


def test_whitespace_only_utf16(tmp_path):
    p = tmp_path / "ws16.txt"
    p.write_bytes("   \n \n".encode("utf-16"))
    with pytest.raises(ArticleError, match="empty file"):
        load_article(p)


@pytest.mark.parametrize(
    ("codec", "bom", "encoding"),
    [
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
    ],
)
def test_bom_encodings(tmp_path, codec, bom, encoding):
    p = tmp_path / "bom.txt"
    p.write_bytes(bom + f"Talks in Kyiv’s Suburbs\r\n\r\n{BODY}".encode(codec))
    art = load_article(p)
    assert art.encoding == encoding
    assert art.title == "Talks in Kyiv’s Suburbs" and art.text == BODY
    assert not art.title.startswith("\ufeff")


def test_windows_1252(tmp_path):
    p = tmp_path / "cp.txt"
    p.write_bytes(
        b"Talks Resume\r\n\r\nThe minister called the proposal \x93quoted\x94 and \x96 frankly \x96 late."
    )
    with pytest.warns(DecodingWarning, match=r"cp\.txt: not UTF-8 \(invalid from byte offset 49\)"):
        art = load_article(p)
    assert art.encoding == "cp1252"
    assert art.text == "The minister called the proposal \u201cquoted\u201d and \u2013 frankly \u2013 late."
    assert art.notes == ("not UTF-8 (invalid from byte offset 49): decoded as Windows-1252",)


def test_utf8_without_bom_keeps_non_ascii(tmp_path):
    p = tmp_path / "u8.txt"
    p.write_text(f"Zelenskyy’s “Peace Formula”\n\n{BODY}", encoding="utf-8")
    art = load_article(p)
    assert art.encoding == "utf-8" and art.title == "Zelenskyy’s “Peace Formula”"


def test_jsonl_in_utf16(tmp_path):
    p = tmp_path / "u16.jsonl"
    p.write_bytes(b"\xff\xfe" + (json.dumps({"text": BODY}) + "\n").encode("utf-16-le"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        arts = load_articles(p)
    assert [a.text for a in arts] == [BODY] and arts[0].encoding == "utf-16"


def test_csv_semicolons_and_short_row(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text(
        "id;title;text\n1;Talks;Officials met in Geneva on Monday, and talks continue.\n2;only two\n",
        encoding="utf-8",
    )
    # the delimiter is never guessed: standard CSV sees one column and says what to do
    with pytest.raises(ArticleError, match=r"no text column .*csv_delimiter"):
        load_articles(p)
    with pytest.warns(ArticleWarning, match=r"g\.csv:3: row has 2 fields, the header has 3"):
        arts = load_articles(p, csv_delimiter=";")
    assert [(a.title, a.text) for a in arts] == [
        ("Talks", "Officials met in Geneva on Monday, and talks continue.")
    ]


def test_load_article_on_a_folder(tmp_path):
    with pytest.raises(ArticleError, match="is a directory"):
        load_article(tmp_path)


def test_import_does_not_load_html_stack(fresh_python):
    out = fresh_python("import analysis.articles; print('trafilatura' in sys.modules, 'yaml' in sys.modules)")
    assert out.split() == ["False", "False"]


# ------------------------------------------------------------------- issue 13: inputs that leak or mislead

UTF8_BODY = (
    "WASHINGTON — Secretary of State Antony Blinken met Sergey Lavrov in Geneva on Friday.\n\n"
    "Both men said the talks were “frank”, and that they would meet again next week."
)


def test_symlink_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "passwd.txt"
    secret.write_text("Secret Title\n\nroot:x:0:0:root and other secret words that look like prose here.\n")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(f"Talks Resume\n\n{BODY}", encoding="utf-8")
    (seeds / "passwd.txt").symlink_to(secret)
    (seeds / "inside.txt").symlink_to(seeds / "a.txt")  # a link inside the folder is fine
    with pytest.warns(ArticleWarning, match=r"passwd\.txt: symlink points outside .*seeds") as record:
        arts = load_articles(seeds)
    assert [a.path for a in arts] == [str(seeds / "a.txt"), str(seeds / "inside.txt")]
    assert not any("root:x" in a.text for a in arts)
    assert len([w for w in record if "symlink" in str(w.message)]) == 1
    with pytest.raises(ArticleError, match="symlink points outside") as err:
        load_article(seeds / "passwd.txt")
    assert err.value.path == str(seeds / "passwd.txt")
    with pytest.warns(ArticleWarning, match="symlink points outside"):
        assert len(load_articles(str(seeds / "*.txt"))) == 2
    # the caller may name a wider root
    assert "root:x" in load_article(seeds / "passwd.txt", root=tmp_path).text


def test_csv_written_by_pandas_round_trips(tmp_path):
    import pandas as pd

    texts = [
        'He said ""no"" twice, then: "We will not sign, not today."\n\nThe talks in Geneva ended late.',
        "Officials met in Geneva on Monday, and the talks, they said, would continue on Tuesday.",
    ]
    df = pd.DataFrame({"id": ["r1", "r2"], "title": ["Talks, Again", 'A "Quoted" Title'], "text": texts})
    p = tmp_path / "pandas.csv"
    df.to_csv(p, index=False)
    assert '""no""' in p.read_text(encoding="utf-8")  # pandas doubles the quotes
    arts = load_articles(p)
    assert [a.text for a in arts] == texts
    assert [a.title for a in arts] == ["Talks, Again", 'A "Quoted" Title']
    assert [a.record_id for a in arts] == ["r1", "r2"]


def test_csv_title_text_with_quoted_comma(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text(
        'title,text\nTalks,"Officials met in Geneva on Monday, and said the talks would go on."\n',
        encoding="utf-8",
    )
    (art,) = load_articles(p)
    assert (
        art.title == "Talks"
        and art.text == "Officials met in Geneva on Monday, and said the talks would go on."
    )


def test_mostly_utf8_file_keeps_utf8_and_warns(tmp_path):
    p = tmp_path / "stray.txt"
    data = f"Talks in Geneva\n\n{UTF8_BODY}".encode()
    bad = data.index(b"Lavrov") + len(b"Lavrov")
    p.write_bytes(data[:bad] + b"\x97" + data[bad:])
    with pytest.warns(DecodingWarning) as record:
        art = load_article(p)
    assert [str(w.message) for w in record] == [
        f"{p}: invalid UTF-8: 1 byte(s) replaced by U+FFFD at byte offset {bad}"
    ]
    assert art.encoding == "utf-8"
    assert art.text == UTF8_BODY.replace("Lavrov", "Lavrov\ufffd").removeprefix("WASHINGTON — ")
    assert art.dateline == "WASHINGTON" and "â€" not in art.text
    assert art.notes == (f"invalid UTF-8: 1 byte(s) replaced by U+FFFD at byte offset {bad}",)


def test_mostly_utf8_jsonl_notes_only_on_touched_records(tmp_path):
    p = tmp_path / "stray.jsonl"
    good = json.dumps({"id": "g", "text": UTF8_BODY}, ensure_ascii=False).encode()
    bad = json.dumps({"id": "b", "text": "Officials met in Geneva on Monday, X and talks go on."}).encode()
    bad = bad.replace(b"X", b"\xff")
    p.write_bytes(good + b"\n" + bad + b"\n")
    offset = len(good) + 1 + bad.index(b"\xff")
    with pytest.warns(
        DecodingWarning, match=rf"stray\.jsonl: invalid UTF-8: 1 byte\(s\) .* offset {offset}$"
    ):
        arts = load_articles(p)
    assert [a.record_id for a in arts] == ["g", "b"]
    assert arts[0].notes == () and len(arts[1].notes) == 1 and "\ufffd" in arts[1].text


def test_utf8_bom_with_a_bad_byte_is_repaired(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + f"Talks\n\n{BODY}".encode().replace(b"Monday", b"Mon\xe9day"))
    with pytest.warns(DecodingWarning, match=r"at byte offset \d+"):
        art = load_article(p)
    assert art.encoding == "utf-8-sig" and "Mon\ufffdday" in art.text


def test_caseless_scripts_are_never_capitals():
    arabic_title = "روسيا وأوكرانيا تستأنفان المحادثات في إسطنبول اليوم"
    arabic_body = (
        "التقى المفاوضون الروس والأوكرانيون مرة أخرى يوم الاثنين في إسطنبول لمناقشة وقف إطلاق النار."
    )
    art = article_from_text(f"{arabic_title}\n\n{arabic_body}")
    assert (art.title, art.text, art.removed) == (arabic_title, arabic_body, ())
    # an Arabic or Hebrew line inside an English article is prose, not an all-capitals link
    hebrew = "שר החוץ אמר כי השיחות היו קשות אך הן יימשכו בשבוע הבא בז'נבה"
    art = article_from_text(f"{BODY}\n\n{arabic_title}\n\n{hebrew}", title="")
    assert art.removed == ()
    assert art.text == f"{BODY}\n\n{arabic_title}\n\n{hebrew}"
    # capitals with case are still a link
    art = article_from_text(f"{BODY}\n\nCLICK HERE TO GET THE NEWS APP NOW", title="")
    assert art.removed == (Removal("read-more", "CLICK HERE TO GET THE NEWS APP NOW"),)


def test_size_limit_per_article(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("Talks\n\n" + "Officials met again in Geneva. " * 100, encoding="utf-8")
    with pytest.raises(ArticleError, match=r"over the size limit of 1,000 \(max_chars\)") as err:
        load_article(p, max_chars=1000)
    assert err.value.path == str(p) and "3,107 characters" in err.value.reason
    assert load_article(p, max_chars=None).n_words == 500
    # a file that cannot hold an article under the limit is refused without being read
    with pytest.raises(ArticleError, match=r"file is 3,107 bytes, over the size limit of 400 bytes"):
        load_article(p, max_chars=100)
    with pytest.raises(ArticleError, match="over the size limit"):
        article_from_text("Officials met in Geneva. " * 10, max_chars=100)


def test_size_limit_skips_big_records(tmp_path):
    p = tmp_path / "recs.jsonl"
    p.write_text(
        json.dumps({"id": "small", "text": BODY})
        + "\n"
        + json.dumps({"id": "big", "text": BODY * 20})
        + "\n",
        encoding="utf-8",
    )
    with pytest.warns(
        ArticleWarning, match=r"recs\.jsonl:2: article text is 3,\d{3} characters, over the size"
    ):
        arts = load_articles(p, max_chars=1000)
    assert [a.record_id for a in arts] == ["small"]


def test_default_size_limit(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_text("Huge\n\n" + "word " * (MAX_ARTICLE_CHARS // 5 + 1), encoding="utf-8")
    with pytest.raises(ArticleError, match=r"2,000,\d{3} characters, over the size limit of 2,000,000"):
        load_article(p)


# ------------------------------------------------------------------- issue 12: records keep their fields


def test_record_fields_default_mapping(tmp_path):
    p = tmp_path / "feed.jsonl"
    rec = {
        "id": "20220125T090000Z_GB_en_7d015e6984",
        "date": "2022-01-25",
        "outlet_country": "GB",
        "candidate_outlets": ["bbc.co.uk", "theguardian.com"],
        "headline": "Macron to Call Putin",
        "publisher": "BBC",
        "link": "https://example.org/a",
        "n_words": 19,
        "text": BODY,
    }
    p.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (art,) = load_articles(p)
    assert (art.record_id, art.title, art.source, art.country, art.url, art.date) == (
        "20220125T090000Z_GB_en_7d015e6984",
        "Macron to Call Putin",
        "BBC",
        "GB",
        "https://example.org/a",
        "2022-01-25",
    )
    assert art.metadata == {"candidate_outlets": ["bbc.co.uk", "theguardian.com"], "n_words": 19}
    assert art.id == hashlib.sha256(BODY.encode()).hexdigest()[:16]  # the content id is unchanged


def test_record_fields_user_mapping(tmp_path):
    p = tmp_path / "feed.csv"
    p.write_text('Key,Outlets,Body\n7,"a.com;b.com",' + f'"{BODY}"\n', encoding="utf-8")
    (art,) = load_articles(p, fields={"record_id": "Key", "source": ["Outlets"]})
    assert (art.record_id, art.source, art.text) == ("7", "a.com;b.com", BODY)
    assert art.metadata == {}
    with pytest.raises(ArticleError, match="unknown article attribute 'author'"):
        load_articles(p, fields={"author": "by"})


def test_front_matter_id_and_country(tmp_path):
    p = tmp_path / "fm.md"
    p.write_text(f"---\nid: 42\ntitle: Talks\noutlet: AP\ncountry: US\n---\n{BODY}\n", encoding="utf-8")
    art = load_article(p)
    assert (art.record_id, art.title, art.source, art.country, art.metadata) == (
        "42",
        "Talks",
        "AP",
        "US",
        {},
    )


def test_csv_as_a_spreadsheet_writes_it(tmp_path):
    # Excel's "CSV UTF-8": a byte-order mark, CRLF row ends, LF inside a quoted cell, doubled quotes
    p = tmp_path / "excel.csv"
    p.write_bytes(
        b"\xef\xbb\xbfid,Title,Text\r\n"
        b'9,"Talks, Day 2","She said: ""We agree."" Then she left.\nOfficials met again in Geneva."\r\n'
    )
    (art,) = load_articles(p)
    assert (art.record_id, art.title, art.encoding) == ("9", "Talks, Day 2", "utf-8-sig")
    assert art.text == 'She said: "We agree." Then she left.\n\nOfficials met again in Geneva.'


def test_front_matter_values_are_plain_data(tmp_path):
    p = tmp_path / "fm.md"
    p.write_text(
        f"---\ndate: 2022-03-29\nupdated: 2022-03-30 10:15:00\ntags: [2022-01-01, x]\n---\n{BODY}\n",
        encoding="utf-8",
    )
    art = load_article(p)
    assert art.date == "2022-03-29"
    assert art.metadata == {"updated": "2022-03-30T10:15:00", "tags": ["2022-01-01", "x"]}
    assert json.loads(json.dumps(art.metadata)) == art.metadata


def test_csv_cell_over_the_csv_modules_default_limit(tmp_path):
    long_text = "Officials met again in Geneva on Friday. " * 4000  # 164,000 characters
    p = tmp_path / "long.csv"
    p.write_text(f'id,text\n1,"{long_text}"\n', encoding="utf-8")
    (art,) = load_articles(p)
    assert art.text == long_text.strip()


def test_project_paths_work_from_a_notebook_folder(monkeypatch, seed_path):
    """JupyterLab runs notebooks/x.ipynb in notebooks/: 'seeds/...' still names the project's seeds."""
    from analysis.articles import load_article, load_articles

    root = seed_path.parents[1]
    monkeypatch.chdir(root / "notebooks")
    relative = f"seeds/{seed_path.name}"
    assert load_article(relative).text == load_article(seed_path).text
    assert [a.id for a in load_articles("seeds/*.txt")] == [a.id for a in load_articles(root / "seeds")]
    with pytest.raises(ArticleError, match="no such file"):
        load_article("seeds/no-such-article.txt")
