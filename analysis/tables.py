"""Building the package's DataFrames: typed columns in, no per-call type inference.

Every table of an article is small (tens to hundreds of rows) and an analysis builds a
dozen of them, so pandas' constructor overhead (type inference, consolidation checks)
costs more than the rows. :func:`frame` takes the column types up front.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

STR = pd.StringDtype(na_value=np.nan)  # pandas' default string dtype ("str")
_STR_ARRAY = STR.construct_array_type()

# one code per column: i = int64, f = float64, b = bool, s = str (None -> NaN), o = any object
_NUMERIC = {"i": np.int64, "f": np.float64, "b": np.bool_}


def _column(kind: str, values: Sequence[Any], n: int) -> Any:
    if kind in _NUMERIC:
        return np.asarray(values, dtype=_NUMERIC[kind]).reshape(n)
    if kind == "s":
        return _STR_ARRAY._from_sequence(list(values), dtype=STR)
    if kind == "o":
        out = np.empty(n, dtype=object)
        for i, v in enumerate(values):  # element-wise: tuples must stay tuples
            out[i] = v
        return out
    raise ValueError(f"unknown column kind {kind!r}")


@functools.lru_cache(maxsize=256)
def _index(columns: tuple[str, ...]) -> pd.Index:
    """One shared (immutable) Index per column list: building an Index costs more than small rows."""
    return pd.Index(columns)


def frame(columns: Sequence[str], data: Sequence[Sequence[Any]], kinds: str) -> pd.DataFrame:
    """A DataFrame from column sequences whose types are given.

    Args:
        columns: column names.
        data: one sequence of values per column (all the same length), or ``[]`` for no rows.
        kinds: one code per column: ``i`` int64, ``f`` float64, ``b`` bool, ``s`` string,
            ``o`` object (tuples, mixed).

    Returns:
        The DataFrame, with a RangeIndex; identical to what ``pd.DataFrame`` would build from
        the same typed arrays.
    """
    if len(kinds) != len(columns):
        raise ValueError(f"{len(columns)} columns but {len(kinds)} kinds")
    if not data:
        data = [()] * len(columns)
    n = len(data[0])
    arrays = [_column(k, v, n) for k, v in zip(kinds, data, strict=True)]
    return pd.DataFrame._from_arrays(
        arrays, columns=_index(tuple(columns)), index=pd.RangeIndex(n), verify_integrity=False
    )


def frame_from_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], kinds: str) -> pd.DataFrame:
    """Like :func:`frame`, from row tuples."""
    return frame(columns, list(zip(*rows, strict=True)) if rows else [], kinds)


def array(df: pd.DataFrame, name: str) -> Any:
    """The values of column ``name`` (a NumPy array or pandas extension array), without building a Series.

    Selecting a column as a Series costs tens of microseconds in pandas 3; hot paths read many
    small tables, so they read the underlying array instead.
    """
    loc = df.columns.get_loc(name)
    if isinstance(loc, int):
        return df._get_column_array(loc)
    return df[name].to_numpy()  # duplicate column names: let pandas decide


def column(df: pd.DataFrame, name: str) -> list[Any]:
    """The values of column ``name`` as a Python list (missing strings are NaN, as in ``Series.tolist``)."""
    return array(df, name).tolist()
