"""Hostile inputs at the level of ``analyze()`` and the loaders (issue 13, items 5-10 and 12).

Each case asserts the precise outcome: the error type and what its message names, or the text
that was decoded. Inputs are written in ``tmp_path``; nothing here reads ``../shared/eval``.
"""

from __future__ import annotations

import contextlib
import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.actors import RegistryError
from analysis.articles import (
    MAX_ARTICLE_CHARS,
    ArticleError,
    ArticleWarning,
    DecodingWarning,
    load_article,
    load_articles,
)
from analysis.corpus import analyze_corpus
from analysis.datafiles import DataFileError, read_yaml, read_yaml_file
from analysis.pipeline import analyze

BODY = (
    "WASHINGTON — Secretary of State Antony Blinken met Sergey Lavrov in Geneva on Friday.\n\n"
    "Both men said the talks were “frank”, and that they would meet again next week. "
    "Vladimir Putin said nothing."
)


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@contextlib.contextmanager
def no_warnings() -> Iterator[None]:
    """A context in which any warning fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ------------------------------------------------------------------------------ empty and binary


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\n \t\r\n", "empty file"),
        ("\ufeff  \n".encode(), "empty file (whitespace only)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data (PNG image)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary data (PDF document)"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary data (ZIP archive, e.g. DOCX or XLSX)"),
        (b"Hello\x00world, a text with a NUL byte in it.", "binary data (NUL bytes)"),
        (
            b"Text \x01\x02\x03\x04\x05\x06 with control bytes \x07\x08\x0e\x0f",
            "binary data (control characters)",
        ),
        (
            "Новости о переговорах на Украине".encode("koi8_r"),
            "undecodable bytes: not UTF-8, UTF-16 or Windows-1252",
        ),
        (b"\xff\xfe\x00\x00T\x00\x00\x00", "undecodable bytes: UTF-32 is not supported"),
    ],
    ids=["empty", "whitespace", "bom-only", "png", "pdf", "zip", "nul", "controls", "koi8", "utf32"],
)
def test_empty_binary_and_undecodable_files(tmp_path, data, reason):
    p = write(tmp_path / "bad.txt", data)
    with pytest.raises(ArticleError) as err:
        analyze(p)
    assert err.value.path == str(p) and err.value.reason.startswith(reason)
    assert str(err.value) == f"{p}: {err.value.reason}"


def test_boilerplate_only_file(tmp_path):
    p = write(tmp_path / "widgets.txt", "Share:\n\nAdvertisement\n\nREAD MORE: Other stories\n")
    with pytest.raises(ArticleError, match=r"widgets\.txt: no article text after cleaning"):
        analyze(p)


# ------------------------------------------------------------------------------ encodings


def test_one_stray_byte_keeps_utf8(tmp_path):
    data = f"Talks in Geneva\n\n{BODY}".encode()
    at = data.index(b"Blinken") + len(b"Blinken")
    p = write(tmp_path / "stray.txt", data[:at] + b"\x97" + data[at:])
    with pytest.warns(DecodingWarning) as record:
        a = analyze(p)
    assert [str(w.message) for w in record] == [
        f"{p}: invalid UTF-8: 1 byte(s) replaced by U+FFFD at byte offset {at}"
    ]
    assert a.article.encoding == "utf-8" and a.article.notes == (record[0].message.args[0].split(": ", 1)[1],)
    assert "Blinken\ufffd met" in a.article.text and "â€" not in a.article.text
    assert set(a.actors["name"]) >= {"Antony Blinken", "Sergey Lavrov", "Vladimir Putin"}
    assert not any("\ufffd" in n or "â" in n for n in a.actors["name"])


def test_windows_1252_file_falls_back_with_a_warning(tmp_path):
    p = write(tmp_path / "cp.txt", f"Talks in Geneva\n\n{BODY}".encode("cp1252"))
    with pytest.warns(
        DecodingWarning, match=r"cp\.txt: not UTF-8 \(invalid from byte offset 28\): decoded as"
    ):
        a = analyze(p)
    assert (
        a.article.encoding == "cp1252" and "“frank”" in a.article.text and a.article.dateline == "WASHINGTON"
    )


def test_mixed_encodings_mostly_cp1252(tmp_path):
    # one UTF-8 dash among Windows-1252 quotes: more invalid bytes than UTF-8 characters
    raw = "Talks in Geneva\n\nBoth men said the talks were “frank” and “open” and “long”.".encode("cp1252")
    p = write(tmp_path / "mixed.txt", raw + " Again — next week.".encode())
    with pytest.warns(DecodingWarning, match="decoded as Windows-1252"):
        art = load_article(p)
    assert art.text == "Both men said the talks were “frank” and “open” and “long”. Again â€” next week."


def test_utf16_jsonl(tmp_path):
    p = write(
        tmp_path / "r.jsonl",
        (json.dumps({"id": "x", "text": BODY}, ensure_ascii=False) + "\n").encode("utf-16"),
    )
    with no_warnings():
        (art,) = load_articles(p)
    assert art.encoding == "utf-16" and art.record_id == "x" and "Blinken" in art.text


# ------------------------------------------------------------------------------ front matter and YAML tags


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: [unclosed\n", "invalid YAML front matter: "),
        ("- a list\n- not a mapping\n", "invalid YAML front matter: expected key: value pairs"),
        ("date: 2022-13-45\n", "invalid YAML front matter: "),
        (
            "x: !!python/object/apply:os.system ['touch PWNED']\n",
            "invalid YAML front matter: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object/apply:os.system' (line 1, column 4)",
        ),
        ("x: !!python/name:os.system\n", "invalid YAML front matter: could not determine a constructor"),
        ("a: &a [*a]\nb: *b\n", "invalid YAML front matter: found undefined alias"),
    ],
    ids=["unclosed", "list", "bad-date", "python-apply", "python-name", "alias"],
)
def test_malformed_front_matter(tmp_path, monkeypatch, front, reason):
    p = write(tmp_path / "fm.md", f"---\n{front}---\n{BODY}\n")
    monkeypatch.chdir(tmp_path)  # where a "touch PWNED" would land
    with pytest.raises(ArticleError) as err:
        analyze(p)
    assert err.value.path == str(p) and err.value.reason.startswith(reason)
    assert not (tmp_path / "PWNED").exists()


def test_unclosed_front_matter_is_text(tmp_path):
    p = write(tmp_path / "open.md", f"---\ntitle: Talks\n\n{BODY}\n")
    art = load_article(p)
    assert art.title == "---" or "title: Talks" in art.text  # never parsed as YAML
    assert art.record_id is None and art.metadata == {}


# ------------------------------------------------------------------------------ broken JSONL and CSV


def test_broken_jsonl_lines(tmp_path):
    lines = [
        json.dumps({"id": "ok1", "text": BODY}),
        '{"id": "cut", "text": "Half a li',
        "[1, 2, 3]",
        json.dumps({"id": "num", "text": 42}),
        "[" * 100_000,
        json.dumps({"id": "ok2", "title": "Second", "body": BODY.replace("Friday", "Monday")}),
    ]
    p = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    with pytest.warns(ArticleWarning) as record:
        arts = load_articles(p)
    assert [str(w.message) for w in record] == [
        f"{p}:2: invalid JSON (Unterminated string starting at)",
        f"{p}:3: not a JSON object",
        f"{p}:4: field 'text' is not a string",
        f"{p}:5: invalid JSON (RecursionError)",
    ]
    assert [(a.record_id, a.path) for a in arts] == [("ok1", f"{p}:1"), ("ok2", f"{p}:6")]


def test_broken_csv(tmp_path):
    p = write(
        tmp_path / "feed.csv",
        'id,title,text\n1,One,"He said ""no"", twice. The talks in Geneva went on."\n2,Two\n'
        '3,Three,"An open quote that never closes.\nOfficials met again in Geneva.\n',
    )
    with pytest.warns(ArticleWarning) as record:
        arts = load_articles(p)
    assert [str(w.message) for w in record] == [f"{p}:3: row has 2 fields, the header has 3"]
    # an unclosed quote at the end of the file runs to its end (nothing is lost)
    assert [(a.record_id, a.text) for a in arts] == [
        ("1", 'He said "no", twice. The talks in Geneva went on.'),
        ("3", "An open quote that never closes.\n\nOfficials met again in Geneva."),
    ]


def test_csv_with_a_nul_in_a_row(tmp_path):
    p = write(
        tmp_path / "nul.csv",
        'id,text\n1,"Officials met again in Geneva on Friday, and said so."\n2,"bad \x00 row"\n',
    )
    with pytest.raises(ArticleError, match=r"nul\.csv: binary data \(NUL bytes\)"):
        load_articles(p)


def test_corpus_of_broken_records_only(tmp_path):
    p = write(tmp_path / "bad.jsonl", '{"id": 1}\nnot json\n')
    with pytest.raises(ArticleError, match=r"bad\.jsonl: no valid article in the file"):
        analyze_corpus(p)
    ok = write(tmp_path / "ok.jsonl", '{"id": 1}\n' + json.dumps({"id": 2, "text": BODY}) + "\n")
    corpus = analyze_corpus(ok)
    assert corpus.warnings == [f"{ok}:1: no text field (expected one of: text, body, content)"]
    assert [a.article.record_id for a in corpus.analyses] == ["2"]


# ------------------------------------------------------------------------------ huge inputs


def test_huge_article_is_refused_by_default(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("w", encoding="utf-8") as f:
        f.write("Huge Title\n\n")
        line = "Officials met again in Geneva on Friday. " * 25 + "\n\n"
        for _ in range(MAX_ARTICLE_CHARS // len(line) + 1):
            f.write(line)
    n = p.stat().st_size
    with pytest.raises(ArticleError) as err:
        analyze(p)
    assert err.value.path == str(p)
    assert (
        err.value.reason == f"article text is {n:,} characters, over the size limit of 2,000,000 (max_chars)"
    )


def test_file_far_over_the_limit_is_not_read(tmp_path):
    p = tmp_path / "sparse.txt"
    with p.open("wb") as f:  # a sparse 9 MB file: refused from its size alone
        f.truncate(4 * MAX_ARTICLE_CHARS + 1)
    with pytest.raises(
        ArticleError, match=r"file is 8,000,001 bytes, over the size limit of 8,000,000 bytes"
    ):
        load_article(p)


def test_huge_record_is_skipped_in_a_corpus(tmp_path):
    p = write(
        tmp_path / "c.jsonl",
        json.dumps({"id": "a", "text": BODY}) + "\n" + json.dumps({"id": "b", "text": BODY * 3}) + "\n",
    )
    with pytest.warns(
        ArticleWarning, match=r"c\.jsonl:2: article text is \d+ characters, over the size limit of 500"
    ):
        arts = load_articles(p, max_chars=500)
    assert [a.record_id for a in arts] == ["a"]


# ------------------------------------------------------------------------------ symlinks


def test_symlinks_out_of_the_input_folder(tmp_path):
    outside = write(tmp_path / "passwd.txt", "root:x:0:0:root:/root:/bin/bash\n" * 3 + f"\n{BODY}\n")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write(seeds / "good.txt", f"Talks in Geneva\n\n{BODY}")
    (seeds / "passwd.txt").symlink_to(outside)
    (seeds / "loop.txt").symlink_to(seeds / "loop.txt")
    (seeds / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(ArticleError) as err:
        analyze(seeds / "passwd.txt")
    assert (
        err.value.path == str(seeds / "passwd.txt") and err.value.reason == f"symlink points outside {seeds}"
    )
    corpus = analyze_corpus(seeds)
    messages = sorted(corpus.warnings)
    assert messages[0] == f"{seeds / 'dangling.txt'}: broken symlink"
    assert messages[1] == f"{seeds / 'loop.txt'}: broken symlink"
    assert messages[2] == f"{seeds / 'passwd.txt'}: symlink points outside {seeds}"
    assert [a.article.path for a in corpus.analyses] == [str(seeds / "good.txt")]
    assert not any("root:x" in a.article.text for a in corpus.analyses)


def test_symlinked_input_folder_is_its_own_root(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    write(real / "a.txt", f"Talks\n\n{BODY}")
    link = tmp_path / "seeds"
    link.symlink_to(real, target_is_directory=True)
    with no_warnings():
        (art,) = load_articles(link)
    assert art.path == str(link / "a.txt")


# ------------------------------------------------------------------------------ odd file names


@pytest.mark.parametrize(
    "name",
    ["with space.txt", "naïve-ünïcode.txt", "$dollar.txt", "-leading-dash.txt", "UPPER.TXT", "a'quote\".md"],
)
def test_odd_file_names(tmp_path, name):
    p = write(tmp_path / name, f"Talks in Geneva\n\n{BODY}")
    a = analyze(p)
    assert a.article.path == str(p) and a.article.title == "Talks in Geneva"


def test_two_files_with_one_stem(tmp_path):
    write(tmp_path / "a.txt", f"Talks in Geneva\n\n{BODY}")
    write(tmp_path / "a.md", f"# Talks in Kyiv\n\n{BODY.replace('Geneva', 'Kyiv')}")
    with no_warnings():
        arts = load_articles(tmp_path)
    assert [(Path(a.path).name, a.title) for a in arts] == [
        ("a.md", "Talks in Kyiv"),
        ("a.txt", "Talks in Geneva"),
    ]


def test_hidden_and_unsupported_files_are_ignored_in_a_folder(tmp_path):
    write(tmp_path / ".hidden.txt", "not loaded")
    write(tmp_path / "notes.docx", b"PK\x03\x04")
    write(tmp_path / "ok.txt", f"Talks\n\n{BODY}")
    with no_warnings():
        assert [Path(a.path).name for a in load_articles(tmp_path)] == ["ok.txt"]


# ------------------------------------------------------------------------------ bad registries and data files


def test_registry_with_a_python_tag(seed_path, tmp_path):
    reg = write(tmp_path / "reg.yaml", "actors:\n  x: !!python/object/apply:os.system ['touch PWNED']\n")
    with pytest.raises(RegistryError) as err:
        analyze(seed_path, registry=reg)
    assert str(reg) in str(err.value) and "could not determine a constructor" in str(err.value)


def test_registry_that_is_not_a_mapping(seed_path, tmp_path):
    reg = write(tmp_path / "reg.yaml", "- just\n- a list\n")
    with pytest.raises(RegistryError, match="top level must be a mapping"):
        analyze(seed_path, registry=reg)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"verbs:\n  - caf\xe9\n", "not UTF-8: invalid byte 0xe9 at byte offset 14 (save it as UTF-8)"),
        (b"\xef\xbb\xbfverbs: [\xff]\n", "not UTF-8: invalid byte 0xff at byte offset 11 (save it as UTF-8)"),
        (b"verbs: [a\n", "invalid YAML: while parsing a flow sequence"),
        (b"x: !!python/object:os.system {}\n", "invalid YAML: could not determine a constructor for the tag"),
    ],
    ids=["latin1", "bom-then-bad-byte", "unclosed", "python-tag"],
)
def test_bad_data_files_give_a_typed_error(tmp_path, data, reason):
    p = write(tmp_path / "reporting_verbs.yaml", data)
    for read in (read_yaml_file, lambda path: read_yaml("reporting_verbs.yaml", path)):
        with pytest.raises(DataFileError) as err:
            read(p)
        assert err.value.path == str(p) and err.value.reason.startswith(reason)
        assert isinstance(err.value, ValueError)


def test_missing_data_file(tmp_path):
    with pytest.raises(DataFileError, match=r"missing\.yaml: cannot read file: No such file or directory"):
        read_yaml_file(tmp_path / "missing.yaml")
