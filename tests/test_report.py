"""Report helpers: parameter validation, escaping of article-derived text, deterministic saving."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import figures, report

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)"> **bold** [x](javascript:alert(3))'


def _params(seed_path, **over):
    p = {
        "input_path": str(seed_path),
        "registry_files": [],
        "window": "sentence",
        "level": "actor",
        "top_n": 10,
        "min_mentions": 1,
        "output_dir": None,
    }
    p.update(over)
    return p


def _fig() -> Figure:
    return figures.plot_top_terms(pd.DataFrame({"term": ["a", "b"], "count": [2, 1], "share": [0.5, 0.25]}))


class Sink:
    """Collects what ReportOutput displays (a real destination, like a notebook's output list)."""

    def __init__(self):
        self.items = []

    def __call__(self, obj):
        self.items.append(obj)

    def html(self) -> str:
        return "".join(getattr(o, "data", "") for o in self.items if type(o).__name__ == "HTML")


# ---------------------------------------------------------------- validate_params


def test_valid_article_params_are_normalised(seed_path):
    out = report.validate_params(**_params(seed_path, window="3"))
    assert out["window"] == 3
    assert out["registry_files"] == []
    assert list(out) == list(report.ARTICLE_PARAMS)


def test_valid_corpus_params(seed_path):
    p = _params(seed_path)
    del p["input_path"]
    out = report.validate_params(corpus_path=str(seed_path.parent), period="week", kwic_pattern="x*", **p)
    assert out["corpus_path"] == str(seed_path.parent)
    assert (out["period"], out["kwic_pattern"]) == ("week", "x*")
    assert list(out) == list(report.CORPUS_PARAMS)


@pytest.mark.parametrize(
    ("override", "name"),
    [
        ({"window": "chapter"}, "window"),
        ({"window": 0}, "window"),
        ({"window": True}, "window"),
        ({"level": "country"}, "level"),
        ({"top_n": 0}, "top_n"),
        ({"top_n": "5"}, "top_n"),
        ({"min_mentions": 0}, "min_mentions"),
        ({"input_path": "/nonexistent/article.txt"}, "input_path"),
        ({"registry_files": ["/nonexistent/actors.yaml"]}, "registry_files"),
        ({"registry_files": 3}, "registry_files"),
        ({"output_dir": 5}, "output_dir"),
    ],
)
def test_bad_params_name_the_parameter(seed_path, override, name):
    with pytest.raises(ValueError, match=name):
        report.validate_params(**_params(seed_path, **override))


def test_unknown_and_missing_params(seed_path):
    with pytest.raises(ValueError, match="unknown parameter.*colour"):
        report.validate_params(**_params(seed_path), colour="red")
    p = _params(seed_path)
    del p["top_n"]
    with pytest.raises(ValueError, match="missing parameter.*top_n"):
        report.validate_params(**p)


def test_output_dir_that_is_a_file_is_rejected(seed_path):
    with pytest.raises(ValueError, match="output_dir"):
        report.validate_params(**_params(seed_path, output_dir=str(seed_path)))


def test_missing_corpus_path_is_rejected(seed_path):
    p = _params(seed_path)
    del p["input_path"]
    with pytest.raises(ValueError, match="corpus_path"):
        report.validate_params(corpus_path="/nonexistent/*.jsonl", period="auto", kwic_pattern="x*", **p)


# ---------------------------------------------------------------- escaping


def test_table_html_escapes_every_cell_and_header():
    df = pd.DataFrame({"<b>col</b>": [EVIL, "ok"], "n": [1.23456, None]})
    out = report.table_html(df, caption=EVIL)
    assert "<script>" not in out
    assert "<img" not in out
    assert "<b>col" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "onerror=&quot;alert(2)&quot;" in out
    assert "1.235" in out


def test_table_html_links_cells_to_relative_hrefs_only():
    hrefs = [
        "../a/index.html",
        '../b"><script>x</script>/index.html',  # relative, but must be escaped
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",  # browsers drop the tab: a scheme in disguise
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://example.org/x",
        "/etc/passwd",
        "//evil.example/x",
        "\\\\evil\\x",
        "",
        None,
    ]
    df = pd.DataFrame({"article_id": [f"id{i}<" for i in range(len(hrefs))], "n": range(len(hrefs))})
    df["report"] = hrefs
    html = report.table_html(df, links={"article_id": "report"})
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    assert len(cells) == 2 * len(hrefs)  # article_id and n: the href column is not shown
    assert "<th>report</th>" not in html and "report" not in re.sub(r"<a href=[^>]*>", "", html)
    assert cells[0] == '<a href="../a/index.html">id0&lt;</a>'
    assert cells[2] == '<a href="../b&quot;&gt;&lt;script&gt;x&lt;/script&gt;/index.html">id1&lt;</a>'
    assert cells[4::2] == [f"id{i}&lt;" for i in range(2, len(hrefs))]  # refused: plain text
    assert html.count("<a ") == 2 and "<script" not in html
    assert "javascript" not in html.lower() and "data:" not in html and "//" not in html
    # without links the table is as before, the href column shown as text
    plain = report.table_html(df.head(1))
    assert (
        plain == report.table_html(df.head(1), links=None) and '<th style="text-align:left">report' in plain
    )
    assert "<a " not in plain
    with pytest.raises(ValueError, match="links name column.*nope"):
        report.table_html(df, links={"article_id": "nope"})
    with pytest.raises(ValueError, match="links name column.*missing"):
        report.table_html(df, links={"missing": "report"})


def test_safe_href():
    assert report.safe_href("../x-1/index.html") == "../x-1/index.html"
    assert report.safe_href("tables/a.csv#row") == "tables/a.csv#row"
    for bad in ("vbscript:x", "file:///etc", "mailto:a@b", "/x", "../a b/", "a\nb", "a\x00b", "", 3, None):
        assert report.safe_href(bad) is None, bad


def test_report_output_table_links_and_keeps_every_column_in_the_csv(tmp_path):
    sink = Sink()
    out = report.ReportOutput(tmp_path, display=sink)
    df = pd.DataFrame(
        {"article_id": ["a1", "r1"], "record": ["a.txt", "n.jsonl:1"], "report": ["../a/index.html", ""]}
    )
    out.table(df, "linked", "Rows link to article reports.", links={"article_id": "report"})
    html = sink.html()
    assert '<a href="../a/index.html">a1</a>' in html and ">r1</td>" in html
    assert "<th" in html and ">report</th>" not in html and ">record</th>" in html
    csv = (tmp_path / "tables" / "linked.csv").read_text(encoding="utf-8")
    assert csv == "article_id,record,report\na1,a.txt,../a/index.html\nr1,n.jsonl:1,\n"
    with pytest.raises(ValueError, match="links name column"):  # refused before anything is saved
        out.table(df, "bad-links", "c", links={"article_id": "href"})
    assert not (tmp_path / "tables" / "bad-links.csv").exists()


def test_table_html_limits_rows():
    out = report.table_html(pd.DataFrame({"x": range(30)}), max_rows=5)
    assert out.count("<tr>") == 6  # header + 5 rows
    assert "first 5 of 30 rows" in out


def test_report_output_displays_escaped_table_and_text(tmp_path):
    sink = Sink()
    out = report.ReportOutput(tmp_path, display=sink)
    out.table(pd.DataFrame({"quote": [EVIL]}), "quotes", caption=f"Quotes by {EVIL}")
    out.text(EVIL)
    html = sink.html()
    assert "<script" not in html and "<img" not in html
    assert html.count("&lt;script&gt;") == 3
    csv = (tmp_path / "tables" / "quotes.csv").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in csv  # the CSV keeps the data as it is


def test_report_output_figure_saves_png_and_displays_image(tmp_path):
    sink = Sink()
    out = report.ReportOutput(tmp_path, display=sink)
    assert out.figure(_fig(), "top-terms", caption=EVIL) is None
    path = tmp_path / "figures" / "top-terms.png"
    assert out.saved == [path]
    assert path.read_bytes() == figures.png_bytes(_fig())
    kinds = [type(o).__name__ for o in sink.items]
    assert kinds == ["Image", "HTML"]
    assert sink.items[0].data[:4] == b"\x89PNG"
    assert "<script" not in sink.html()


def test_report_output_closes_pyplot_figures_and_leaves_pyplot_alone_otherwise(tmp_path, fresh_python):
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.add_subplot().plot([0, 1])
    report.ReportOutput(tmp_path, display=Sink()).figure(fig, "pyplot", "c")
    assert fig.number not in plt.get_fignums()  # not shown a second time by the inline backend
    # a figure pyplot never saw: closing it does not import pyplot (a fresh interpreter tells)
    out = fresh_python(
        "from analysis import figures, report\n"
        "out = report.ReportOutput(None, display=lambda obj: None)\n"
        "out.figure(figures._new('t', 'x', 'y')[0], 'x', 'c')\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    assert out.strip() == "False"


def test_report_output_without_dir_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sink = Sink()
    out = report.ReportOutput(None, display=sink)
    out.figure(_fig(), "x", "c")
    out.table(pd.DataFrame({"a": [1]}), "t", "c")
    assert list(tmp_path.iterdir()) == []
    assert out.saved == []
    assert len(sink.items) == 3


def test_output_names_must_be_safe(tmp_path):
    out = report.ReportOutput(tmp_path, display=Sink())
    with pytest.raises(ValueError, match="output name"):
        out.table(pd.DataFrame({"a": [1]}), "../escape", "c")


def test_csv_is_deterministic(tmp_path):
    df = pd.DataFrame({"a": [1.0 / 3, 2.5], "b": [(1, 2), ()], "c": ["x", None]})
    p1 = report.write_csv(df, tmp_path / "1.csv")
    p2 = report.write_csv(df, tmp_path / "2.csv")
    data = p1.read_bytes()
    assert data == p2.read_bytes()
    assert b"\r\n" not in data
    assert data.splitlines()[1] == b"0.333333,1 2,x"


# ---------------------------------------------------------------- article helpers


def test_overview_card_and_helpers_on_evil_article():
    from analysis.articles import article_from_text
    from analysis.pipeline import analyze

    text = (
        f"{EVIL}\n\nRussia warned Ukraine on Monday. NATO said it was deeply concerned.\n\n"
        '"We will respond," Blinken said. Russia and Ukraine traded threats.'
    )
    a = analyze(article_from_text(text, title="<script>alert('t')</script>"))
    card = report.overview_card(a)
    assert list(card.columns) == ["field", "value"]
    fields = dict(zip(card["field"], card["value"], strict=True))
    assert fields["title"] == "<script>alert('t')</script>"
    assert int(fields["sentences"]) == len(a.sentences)
    html = report.table_html(card)
    assert "<script>" not in html and "&lt;script&gt;" in html
    ext = report.extreme_sentences(a)
    assert list(ext["which"]) == ["most positive", "most negative"]
    assert ext["compound"].iloc[0] >= ext["compound"].iloc[1]
    prov = report.provenance_table({"window": "sentence"})
    assert {"python", "pandas", "matplotlib"} <= set(prov["key"])
    assert not prov["value"].str.contains(r"\d{4}-\d\d-\d\dT").any()


def test_actor_kwic_on_seed(seed_path):
    from analysis.pipeline import analyze

    a = analyze(seed_path)
    k = report.actor_kwic(a, top_n=2, per_actor=3)
    assert list(k.columns) == ["actor", "sid", "left", "keyword", "right"]
    assert 1 <= k["actor"].nunique() <= 2
    assert len(k) <= 6


def test_affiliation_tables_name_organizations_of_a_user_registry(tmp_path):
    from analysis.articles import article_from_text
    from analysis.pipeline import analyze

    registry = tmp_path / "mine.yaml"
    registry.write_text(
        "actors:\n"
        "  - {id: acme, name: Acme Corporation, type: organization, aliases: [Acme Corporation]}\n"
        "  - {id: jane_roe, name: Jane Roe, type: person, aliases: [Jane Roe], affiliation: acme}\n",
        encoding="utf-8",
    )
    art = article_from_text(
        "Talks\n\nJane Roe met Russia's envoy on Monday. Jane Roe said the talks went well."
    )
    a = analyze(art, registry=registry)
    _, nodes = report.affiliation_tables(a)
    acme = nodes[nodes["actor_id"] == "acme"]
    assert acme["name"].tolist() == ["Acme Corporation"] and acme["type"].tolist() == ["organization"]


def test_table_html_aligns_text_left_and_numbers_right():
    html_out = report.table_html(pd.DataFrame({"n": [1], "speaker": ["Lavrov"]}))
    assert "<td>1</td>" in html_out
    assert '<td style="text-align:left">Lavrov</td>' in html_out


# ---------------------------------------------------------------- issue 13: CSV formulas and row caps

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "  =cmd|' /C calc'!A0",
    "\n=1",
]


def test_csv_neutralises_spreadsheet_formulas(tmp_path):
    import csv

    df = pd.DataFrame(
        {
            "text": [*FORMULAS, "-0.5", "plain", "a=b", None],
            "x": [-0.5, 1.0, -3.0, 2.0, 0.0, 1.5, -1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    path = report.write_csv(df, tmp_path / "t.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    cells = [r[0] for r in rows[1:]]
    assert cells[: len(FORMULAS)] == ["'" + v for v in FORMULAS]
    assert cells[len(FORMULAS) :] == ["-0.5", "plain", "a=b", ""]  # a number as text stays a number
    assert [r[1] for r in rows[1:4]] == ["-0.5", "1", "-3"]  # numeric columns are never touched
    # a leading carriage return (Python's csv module leaves a lone CR unquoted: checked on the bytes)
    assert report.write_csv(pd.DataFrame({"t": ["\r=1"]}), tmp_path / "cr.csv").read_bytes() == b"t\n'\r=1\n"


def test_csv_raw_switch(tmp_path, monkeypatch):
    df = pd.DataFrame({"text": ["=1+1"]})
    assert report.write_csv(df, tmp_path / "raw.csv", safe=False).read_text() == "text\n=1+1\n"
    monkeypatch.setenv(report.CSV_SAFE_ENV, "0")
    out = report.ReportOutput(tmp_path, display=Sink())
    out.table(df, "raw2", "c")
    assert (tmp_path / "tables" / "raw2.csv").read_text() == "text\n=1+1\n"
    monkeypatch.delenv(report.CSV_SAFE_ENV)
    out = report.ReportOutput(tmp_path, display=Sink())
    out.table(df, "safe", "c")
    assert (tmp_path / "tables" / "safe.csv").read_text() == "text\n'=1+1\n"


def test_every_displayed_table_is_capped(tmp_path):
    big = pd.DataFrame({"n": range(report.MAX_DISPLAY_ROWS * 3)})
    for max_rows in (None, report.MAX_DISPLAY_ROWS * 2):
        out = report.table_html(big, max_rows=max_rows)
        assert out.count("<tr>") == report.MAX_DISPLAY_ROWS + 1
        assert f"first {report.MAX_DISPLAY_ROWS} of {len(big)} rows" in out
    sink = Sink()
    report.ReportOutput(tmp_path, display=sink).table(big, "big", "All rows.", max_rows=None)
    assert f"first {report.MAX_DISPLAY_ROWS} of 600 rows; all rows in tables/big.csv" in sink.html()
    assert len((tmp_path / "tables" / "big.csv").read_text().splitlines()) == 601
