"""The package's tables: typed columns, and the DataFrames built from them through pandas' public API.

Every table of an article is small (tens to hundreds of rows) and an analysis builds a dozen
of them. :func:`frame` takes the column types up front, so each column becomes a typed NumPy
array (or pandas' default string array) before pandas sees it, and pandas has nothing to infer.

Building a DataFrame still costs more than the rest of an analysis of a short article, and
most tables of an analysis are read by the next stage only through :func:`column`,
:func:`array`, ``len`` and ``.columns``. So inside :func:`deferred` (which
:func:`analysis.pipeline.analyze` uses), :func:`frame` returns a :class:`Table`: the typed
columns, with the DataFrame built the first time something else is asked of it (and kept).
Outside it, :func:`frame` returns the DataFrame, as every public function promises. Either
way the DataFrame is the same, built by :meth:`Table.to_frame`.

May not touch pandas internals: ``tests/test_public_api.py`` scans the package for them.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

STR = pd.StringDtype(na_value=np.nan)  # pandas' default string dtype ("str")

# one code per column: i = int64, f = float64, b = bool, s = str (None -> NaN), o = any object
_NUMERIC = {"i": np.int64, "f": np.float64, "b": np.bool_}

#: whether :func:`frame` returns :class:`Table` (inside :func:`deferred`) or a DataFrame
_DEFER: contextvars.ContextVar[bool] = contextvars.ContextVar("analysis_tables_defer", default=False)


def _objects(values: Sequence[Any]) -> np.ndarray:
    """A 1-D object array holding each value as it is (tuples stay tuples, never a dimension)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values if not isinstance(values, np.ndarray) else values.astype(object)
    return out


def _typed(values: Sequence[Any], kind: str) -> Any:
    """The column as kept by a :class:`Table`: a typed NumPy array, or a list of strings."""
    if kind in _NUMERIC:
        return np.asarray(values, dtype=_NUMERIC[kind]).reshape(len(values))
    if kind == "o":
        return _objects(values)
    if kind == "s":
        return list(values)
    raise ValueError(f"unknown column kind {kind!r}")


def _pandas_column(values: Any, kind: str) -> Any:
    """What the DataFrame holds for a typed column: the NumPy array, or a pandas string array."""
    return pd.array(_objects(values), dtype=STR) if kind == "s" else values


class Table:
    """Typed columns of one table; its DataFrame is built on first use of anything else, and kept.

    :func:`column`, :func:`array`, ``len(table)`` and ``table.columns`` (a tuple of names) read
    the columns without a DataFrame. Any other attribute, item or operation is the DataFrame's
    (:meth:`to_frame`), so a Table passed to code written for DataFrames still works.
    """

    __slots__ = ("_names", "_kinds", "_data", "_n", "_frame")

    def __init__(self, columns: Sequence[str], data: Sequence[Sequence[Any]], kinds: str) -> None:
        if len(kinds) != len(columns):
            raise ValueError(f"{len(columns)} columns but {len(kinds)} kinds")
        if not data:
            data = [()] * len(columns)
        n = len(data[0]) if data else 0  # no columns: no rows
        if any(len(values) != n for values in data):
            raise ValueError(f"columns of different lengths: {[len(values) for values in data]}")
        self._names = tuple(columns)
        self._kinds = kinds
        self._data = [_typed(values, k) for values, k in zip(data, kinds, strict=True)]
        self._n = n
        self._frame: pd.DataFrame | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names, in order."""
        return self._names

    def __len__(self) -> int:
        return self._n

    def _position(self, name: str) -> int | None:
        """The position of column ``name`` when it is there once, else None."""
        if self._names.count(name) != 1:
            return None
        return self._names.index(name)

    def column(self, name: str) -> list[Any]:
        """Column ``name`` as a Python list, as ``DataFrame[name].tolist()`` gives it."""
        i = self._position(name)
        if i is None:
            return self.to_frame()[name].tolist()
        values, kind = self._data[i], self._kinds[i]
        if kind != "s":
            return values.tolist()
        if not values or set(map(type, values)) == {str}:
            return list(values)
        return _pandas_column(values, kind).tolist()  # missing values and non-strings, as pandas reads them

    def array(self, name: str) -> Any:
        """Column ``name`` as an array: the typed NumPy array; strings as an object array (missing = NaN)."""
        i = self._position(name)
        if i is None:
            return array(self.to_frame(), name)
        values, kind = self._data[i], self._kinds[i]
        return _objects(self.column(name)) if kind == "s" else values

    def to_frame(self) -> pd.DataFrame:
        """The DataFrame of this table (built once): a RangeIndex and one typed column per name."""
        if self._frame is None:
            arrays = {
                i: _pandas_column(values, k)
                for i, (values, k) in enumerate(zip(self._data, self._kinds, strict=True))
            }
            df = pd.DataFrame(arrays, index=pd.RangeIndex(self._n), copy=False)
            df.columns = pd.Index(list(self._names))
            self._frame = df
        return self._frame

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in Table.__slots__:
            raise AttributeError(name)
        return getattr(self.to_frame(), name)

    def __getitem__(self, key: Any) -> Any:
        return self.to_frame()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __repr__(self) -> str:
        return repr(self.to_frame())


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Inside this block (in this thread or task), :func:`frame` returns a :class:`Table`."""
    token = _DEFER.set(True)
    try:
        yield
    finally:
        _DEFER.reset(token)


def frame(columns: Sequence[str], data: Sequence[Sequence[Any]], kinds: str) -> pd.DataFrame:
    """A DataFrame from column sequences whose types are given (a :class:`Table` inside :func:`deferred`).

    Args:
        columns: column names.
        data: one sequence of values per column (all the same length), or ``[]`` for no rows.
        kinds: one code per column: ``i`` int64, ``f`` float64, ``b`` bool, ``s`` string,
            ``o`` object (tuples, mixed).

    Returns:
        The DataFrame, with a RangeIndex; identical to what ``pd.DataFrame`` builds from the
        same typed arrays.
    """
    table = Table(columns, data, kinds)
    return table if _DEFER.get() else table.to_frame()  # type: ignore[return-value]


def frame_from_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], kinds: str) -> pd.DataFrame:
    """Like :func:`frame`, from row tuples."""
    return frame(columns, list(zip(*rows, strict=True)) if rows else [], kinds)


def as_frame(table: Any) -> Any:
    """``table`` as a DataFrame when it is a :class:`Table`; anything else unchanged."""
    return table.to_frame() if isinstance(table, Table) else table


def array(df: pd.DataFrame | Table, name: str) -> Any:
    """The values of column ``name``: a NumPy array, or pandas' array for string columns of a
    DataFrame (an object array for those of a :class:`Table`)."""
    if isinstance(df, Table):
        return df.array(name)
    values = df[name]
    if isinstance(values, pd.DataFrame):  # duplicate column names: all of them, as pandas gives them
        return values.to_numpy()
    return values.array if isinstance(values.dtype, pd.StringDtype) else values.to_numpy()


def column(df: pd.DataFrame | Table, name: str) -> list[Any]:
    """The values of column ``name`` as a Python list (missing strings are NaN, as in ``Series.tolist``)."""
    if isinstance(df, Table):
        return df.column(name)
    return df[name].tolist()
