"""Periods: days, ISO weeks (labelled by their Monday) or months, and every period of a span.

Pure functions over ISO date strings; an undated or unparsable date has no period (None).
"""

from __future__ import annotations

import pandas as pd

FREQS = ("day", "week", "month")


class PeriodError(ValueError):
    """An unknown period name."""


def check_freq(freq: str) -> str:
    """``freq`` if it is ``day``, ``week`` or ``month``; else a :class:`PeriodError`."""
    if freq not in FREQS:
        raise PeriodError(f"period must be one of {', '.join(FREQS)} (or 'auto'), not {freq!r}")
    return freq


def choose_period(first: str | None, last: str | None) -> str:
    """The period for a span: days up to 6 weeks, weeks up to a year, months beyond."""
    if not first or not last:
        return "month"
    days = (pd.Timestamp(last) - pd.Timestamp(first)).days
    return "day" if days <= 42 else "week" if days <= 366 else "month"


def _dates(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(pd.Series(dates, dtype=object), errors="coerce", format="%Y-%m-%d")


def _label(d: pd.Series, freq: str) -> pd.Series:
    if freq == "day":
        out = d.dt.strftime("%Y-%m-%d")
    elif freq == "week":
        out = (d - pd.to_timedelta(d.dt.weekday, unit="D")).dt.strftime("%Y-%m-%d")
    else:
        out = d.dt.strftime("%Y-%m")
    return out.astype(object).where(d.notna(), None)


def period_of(dates: pd.Series, freq: str) -> pd.Series:
    """The period label of each ISO date (None where undated)."""
    return _label(_dates(dates), check_freq(freq))


def period_range(first: str, last: str, freq: str) -> list[str]:
    """Every period label from the one holding ``first`` to the one holding ``last``, in order."""
    check_freq(freq)
    step = {"day": "D", "week": "W-MON", "month": "MS"}[freq]
    start = _label(_dates(pd.Series([first])), freq).iloc[0]
    stop = _label(_dates(pd.Series([last])), freq).iloc[0]
    days = pd.date_range(
        pd.Timestamp(start if freq != "month" else start + "-01"),
        pd.Timestamp(stop if freq != "month" else stop + "-01"),
        freq=step,
    )
    return list(_label(pd.Series(days), freq))
