"""analysis.tables builds the same DataFrames pandas would, without inference."""

import numpy as np
import pandas as pd
import pytest

from analysis.tables import Table, array, as_frame, column, deferred, frame, frame_from_rows


def test_frame_matches_pandas_and_keeps_tuples():
    df = frame(
        ["i", "s", "f", "b", "o"], [[1, 2], ["a", None], [0.5, 1.0], [True, False], [(1, 2), (3, 4)]], "isfbo"
    )
    expected = pd.DataFrame(
        {
            "i": np.array([1, 2], dtype=np.int64),
            "s": pd.array(["a", None], dtype="str"),
            "f": [0.5, 1.0],
            "b": [True, False],
            "o": pd.Series([(1, 2), (3, 4)], dtype=object),
        }
    )
    pd.testing.assert_frame_equal(df, expected)
    assert df["o"].iloc[1] == (3, 4)


def test_empty_and_rows():
    assert frame([], [], "").shape == (0, 0)
    empty = frame(["a", "b"], [], "is")
    assert empty.empty and list(empty.columns) == ["a", "b"]
    assert empty["a"].dtype == np.int64
    rows = frame_from_rows(["a", "b"], [(1, "x"), (2, "y")], "is")
    assert rows["b"].tolist() == ["x", "y"]


def test_kinds_must_match_columns():
    with pytest.raises(ValueError, match="kinds"):
        frame(["a", "b"], [[1], [2]], "i")
    with pytest.raises(ValueError, match="unknown column kind"):
        frame(["a"], [[1]], "z")


def test_column_and_array_read_the_same_values_as_pandas():
    df = frame(["i", "s", "f", "o"], [[3, 4], ["a", None], [0.5, 1.5], [(1,), (2, 3)]], "isfo")
    for name in df.columns:
        expected = df[name].tolist()
        got = column(df, name)
        assert len(got) == len(expected)
        for g, e in zip(got, expected, strict=True):
            assert g == e or (g != g and e != e)  # NaN == NaN here
        as_array = [None if v is None or v != v else v for v in array(df, name)]  # NaN -> None
        assert as_array == [None if v is None or v != v else v for v in df[name].to_numpy()]
    assert column(df, "s")[0] == "a" and column(df, "s")[1] != column(df, "s")[1]
    dup = pd.DataFrame([[1, 2]], columns=["a", "a"])
    assert array(dup, "a").shape == (1, 2)


def test_frames_behave_like_pandas_built_ones():
    """Built from blocks directly, a frame still works with every ordinary operation."""
    cols, kinds = ["s", "i", "t", "f", "u", "o"], "sisfso"
    data = [["b", "a", None], [3, 1, 2], ["x", "y", "z"], [0.5, 1.5, 2.5], [None, "q", "r"], [(1,), (2,), ()]]
    df = frame(cols, data, kinds)
    expected = pd.DataFrame(
        {
            c: pd.array(v, dtype="str") if k == "s" else pd.Series(v, dtype=object if k == "o" else None)
            for c, v, k in zip(cols, data, kinds, strict=True)
        }
    )
    pd.testing.assert_frame_equal(df, expected)
    pd.testing.assert_frame_equal(df.sort_values("i"), expected.sort_values("i"))
    pd.testing.assert_frame_equal(pd.concat([df, df]), pd.concat([expected, expected]))
    pd.testing.assert_frame_equal(
        df[df["i"] > 1].reset_index(drop=True), expected[expected["i"] > 1].reset_index(drop=True)
    )
    df["new"] = df["i"] * 2
    assert df["new"].tolist() == [6, 2, 4] and "new" not in expected
    with pytest.raises(ValueError, match="lengths"):
        frame(["a", "b"], [[1, 2], [3]], "ii")


def test_tables_do_not_share_mutable_index_state():
    """Setting a name on one table's columns or index leaves other tables alone."""
    a = frame(["x", "y"], [[1, 2], ["p", "q"]], "is")
    b = frame(["x", "y"], [[3, 4], ["r", "s"]], "is")
    a.columns.name = "fields"
    a.index.name = "row"
    assert b.columns.name is None and b.index.name is None
    assert frame(["x", "y"], [[5], ["t"]], "is").columns.name is None


# ------------------------------------------------------------------------------ deferred tables

MIXED = (
    ["i", "s", "f", "b", "o", "m"],
    [
        [3, 4, 5],
        ["a", None, 7],
        [0.5, float("nan"), 1.5],
        [True, False, True],
        [(1,), None, "x"],
        ["p", "q", "r"],
    ],
    "isfbos",
)


def test_frame_is_a_table_only_inside_deferred():
    assert isinstance(frame(*MIXED), pd.DataFrame)
    with deferred():
        table = frame(*MIXED)
        assert isinstance(table, Table) and isinstance(frame_from_rows(["a"], [(1,)], "i"), Table)
    assert isinstance(frame(*MIXED), pd.DataFrame)
    with pytest.raises(RuntimeError), deferred():
        raise RuntimeError("left early")
    assert isinstance(frame(*MIXED), pd.DataFrame)  # reset on the way out, even by an exception


def test_deferred_does_not_leak_into_other_threads():
    from concurrent.futures import ThreadPoolExecutor

    with deferred(), ThreadPoolExecutor(1) as pool:
        assert isinstance(pool.submit(frame, *MIXED).result(), pd.DataFrame)


def _nan_is_nan(value):
    return "NaN" if isinstance(value, float) and value != value else value


def test_table_reads_what_its_dataframe_reads():
    """column() and array() on a Table give the DataFrame's values, without building it."""
    with deferred():
        table = frame(*MIXED)
    df = frame(*MIXED)
    assert len(table) == len(df) == 3 and list(table.columns) == list(df.columns)
    assert "s" in table.columns and "z" not in table.columns
    for name in df.columns:
        got, expected = column(table, name), column(df, name)
        assert [type(v) for v in got] == [type(v) for v in expected], name
        assert all(g == e or (g != g and e != e) for g, e in zip(got, expected, strict=True)), name
        from_table, from_df = (np.asarray(array(t, name), dtype=object) for t in (table, df))
        assert [_nan_is_nan(v) for v in from_table] == [_nan_is_nan(v) for v in from_df], name
    assert column(table, "s")[2] == "7"  # a non-string becomes its text, as pandas' str dtype does
    assert table._frame is None  # noqa: SLF001  (our own attribute: nothing above built the DataFrame)


def test_table_becomes_the_same_dataframe_on_first_other_use():
    with deferred():
        table = frame(*MIXED)
        empty = frame(["a", "b"], [], "is")
    pd.testing.assert_frame_equal(as_frame(table), frame(*MIXED), check_exact=True)
    assert as_frame(table) is as_frame(table)  # built once
    assert table["i"].tolist() == [3, 4, 5]  # items, attributes and methods are the DataFrame's
    assert table.sort_values("i", ascending=False)["i"].tolist() == [5, 4, 3]
    assert table.shape == (3, 6) and not table.empty
    assert as_frame(empty).empty and as_frame(empty)["a"].dtype == np.int64
    df = frame(*MIXED)
    assert as_frame(df) is df


def test_table_checks_its_input_up_front():
    with deferred():
        with pytest.raises(ValueError, match="kinds"):
            frame(["a", "b"], [[1], [2]], "i")
        with pytest.raises(ValueError, match="lengths"):
            frame(["a", "b"], [[1, 2], [3]], "ii")
        with pytest.raises(ValueError, match="unknown column kind"):
            frame(["a"], [[1]], "z")


def test_table_copies_its_input():
    values = ["a", "b"]
    with deferred():
        table = frame(["s"], [values], "s")
    values.append("c")
    assert column(table, "s") == ["a", "b"] and len(as_frame(table)) == 2


def test_an_analysis_builds_each_dataframe_when_first_read(seed_path):
    """analyze() passes Tables between its stages; its result gives DataFrames, each built once."""
    import dataclasses

    from analysis import actors, sentiment, tokens
    from analysis.pipeline import analyze

    result = analyze(seed_path)
    names = [f.name for f in dataclasses.fields(result) if f.type in ("pd.DataFrame", pd.DataFrame)]
    assert len(names) == 11
    assert all(isinstance(vars(result)["_" + n], Table) for n in names)  # nothing built yet
    for name in names:
        df = getattr(result, name)
        assert type(df) is pd.DataFrame and getattr(result, name) is df
    assert isinstance(frame(*MIXED), pd.DataFrame)  # analyze() left deferred mode
    # the same tables as the stages build outside deferred mode
    sents = tokens.sentences(result.article)
    sent_sent = sentiment.sentence_sentiment(sents)
    mentions, unresolved = actors.find_mentions(result.article, sents, result.registry)
    for built, eager in [
        (result.sentences, sents),
        (result.sentiment, sent_sent),
        (result.mentions, mentions),
        (result.unresolved, unresolved),
        (result.actors, actors.actor_table(mentions, sent_sent)),
    ]:
        assert type(eager) is pd.DataFrame
        pd.testing.assert_frame_equal(built, eager, check_exact=True)
