"""analysis.tables builds the same DataFrames pandas would, without inference."""

import numpy as np
import pandas as pd
import pytest

from analysis.tables import array, column, frame, frame_from_rows


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
