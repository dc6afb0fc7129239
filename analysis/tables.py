"""Building the package's DataFrames: typed columns in, no per-call type inference.

Every table of an article is small (tens to hundreds of rows) and an analysis builds a
dozen of them, so pandas' constructor overhead (type inference, consolidation checks)
costs more than the rows. :func:`frame` takes the column types up front and builds pandas'
blocks and block manager itself. Those are pandas internals: pandas is pinned (pyproject.toml)
and ``tests/test_tables.py`` checks the frames against ``pd.DataFrame``'s, so a pandas upgrade
that changes them fails there first.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas._libs import lib
from pandas._libs.internals import BlockPlacement
from pandas.core.arrays._mixins import NDArrayBacked
from pandas.core.internals.blocks import ExtensionBlock, NumpyBlock
from pandas.core.internals.managers import BlockManager

STR = pd.StringDtype(na_value=np.nan)  # pandas' default string dtype ("str")
_STR_ARRAY = STR.construct_array_type()

# one code per column: i = int64, f = float64, b = bool, s = str (None -> NaN), o = any object
_NUMERIC = {"i": np.int64, "f": np.float64, "b": np.bool_}


def _strings(values: Sequence[Any]) -> Any:
    """A string extension array (None -> NaN), as ``StringArray._from_sequence`` builds it.

    The same two steps without its dtype resolution: pandas' own conversion of each value
    (``ensure_string_array``), then the array wrapped without re-validation.
    """
    objects = np.empty(len(values), dtype=object)
    objects[:] = values
    result = lib.ensure_string_array(objects, na_value=np.nan, copy=False)
    out = _STR_ARRAY.__new__(_STR_ARRAY)
    NDArrayBacked.__init__(out, result, STR)
    return out


@functools.lru_cache(maxsize=256)
def _index(columns: tuple[str, ...]) -> pd.Index:
    """One Index per column list, built once: building an Index costs more than small rows.

    Callers take a view (:meth:`pandas.Index._view`): it shares the labels but not ``name``,
    which a user may set on one table's columns.
    """
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
        the same typed arrays. The columns of one numeric or object kind go into one 2-D block
        built directly (what pandas' consolidation would make of them, at half the cost).
    """
    if len(kinds) != len(columns):
        raise ValueError(f"{len(columns)} columns but {len(kinds)} kinds")
    if not data:
        data = [()] * len(columns)
    n = len(data[0]) if data else 0  # no columns: no rows
    if any(len(values) != n for values in data):
        raise ValueError(f"columns of different lengths: {[len(values) for values in data]}")
    places: dict[str, list[int]] = {}
    for i, k in enumerate(kinds):
        places.setdefault(k, []).append(i)
    blocks = []
    for k, idx in places.items():
        if k == "s":  # extension arrays are 1-D blocks, one per column
            blocks.extend(ExtensionBlock(_strings(data[i]), ndim=2, placement=BlockPlacement(i)) for i in idx)
            continue
        if k == "o":
            # fromiter stores each value as it is: tuples stay tuples, never become a dimension
            flat = itertools.chain.from_iterable(data[i] for i in idx)
            values = np.fromiter(flat, dtype=object, count=len(idx) * n).reshape(len(idx), n)
        elif k in _NUMERIC:
            values = np.array([data[i] for i in idx], dtype=_NUMERIC[k]).reshape(len(idx), n)
        else:
            raise ValueError(f"unknown column kind {k!r}")
        blocks.append(NumpyBlock(values, ndim=2, placement=BlockPlacement(np.array(idx, dtype=np.intp))))
    # the blocks are consistent by construction: pandas' integrity check would only repeat it
    axes = [_index(tuple(columns))._view(), pd.RangeIndex._simple_new(range(n))]
    manager = BlockManager(blocks, axes, verify_integrity=False)
    return pd.DataFrame._from_mgr(manager, axes)


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
