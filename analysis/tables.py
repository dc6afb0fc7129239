"""Building the package's DataFrames from typed columns, through pandas' public API only.

Every table of an article is small (tens to hundreds of rows) and an analysis builds a dozen
of them. :func:`frame` takes the column types up front, so each column becomes a typed NumPy
array (or pandas' default string array) before pandas sees it, and pandas has nothing to infer.
It may not touch pandas internals: ``tests/test_public_api.py`` scans the package for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

STR = pd.StringDtype(na_value=np.nan)  # pandas' default string dtype ("str")

# one code per column: i = int64, f = float64, b = bool, s = str (None -> NaN), o = any object
_NUMERIC = {"i": np.int64, "f": np.float64, "b": np.bool_}


def _objects(values: Sequence[Any]) -> np.ndarray:
    """A 1-D object array holding each value as it is (tuples stay tuples, never a dimension)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values if not isinstance(values, np.ndarray) else values.astype(object)
    return out


def _column(values: Sequence[Any], kind: str) -> Any:
    if kind == "s":
        return pd.array(_objects(values), dtype=STR)
    if kind == "o":
        return _objects(values)
    if kind in _NUMERIC:
        return np.asarray(values, dtype=_NUMERIC[kind]).reshape(len(values))
    raise ValueError(f"unknown column kind {kind!r}")


def frame(columns: Sequence[str], data: Sequence[Sequence[Any]], kinds: str) -> pd.DataFrame:
    """A DataFrame from column sequences whose types are given.

    Args:
        columns: column names.
        data: one sequence of values per column (all the same length), or ``[]`` for no rows.
        kinds: one code per column: ``i`` int64, ``f`` float64, ``b`` bool, ``s`` string,
            ``o`` object (tuples, mixed).

    Returns:
        The DataFrame, with a RangeIndex; identical to what ``pd.DataFrame`` builds from the
        same typed arrays.
    """
    if len(kinds) != len(columns):
        raise ValueError(f"{len(columns)} columns but {len(kinds)} kinds")
    if not data:
        data = [()] * len(columns)
    n = len(data[0]) if data else 0  # no columns: no rows
    if any(len(values) != n for values in data):
        raise ValueError(f"columns of different lengths: {[len(values) for values in data]}")
    arrays = {i: _column(values, k) for i, (values, k) in enumerate(zip(data, kinds, strict=True))}
    df = pd.DataFrame(arrays, index=pd.RangeIndex(n), copy=False)
    df.columns = pd.Index(list(columns))
    return df


def frame_from_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], kinds: str) -> pd.DataFrame:
    """Like :func:`frame`, from row tuples."""
    return frame(columns, list(zip(*rows, strict=True)) if rows else [], kinds)


def array(df: pd.DataFrame, name: str) -> Any:
    """The values of column ``name``: a NumPy array, or pandas' array for string columns."""
    values = df[name]
    if isinstance(values, pd.DataFrame):  # duplicate column names: all of them, as pandas gives them
        return values.to_numpy()
    return values.array if isinstance(values.dtype, pd.StringDtype) else values.to_numpy()


def column(df: pd.DataFrame, name: str) -> list[Any]:
    """The values of column ``name`` as a Python list (missing strings are NaN, as in ``Series.tolist``)."""
    return df[name].tolist()
