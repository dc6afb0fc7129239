"""Argument types of the ``newsreport`` command line, shared by its subcommands.

Holds no state; prints nothing (argparse turns the errors into its usage message and exit 2).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def int_at_least(minimum: int) -> Callable[[str], int]:
    """An argparse ``type=``: the value as an integer, refused unless it is ``>= minimum``."""

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {value[:40]!r}") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}")
        return n

    return parse
