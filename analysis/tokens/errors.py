"""The error type of :mod:`analysis.tokens`."""

from __future__ import annotations


class TokensError(ValueError):
    """Invalid input to a function of :mod:`analysis.tokens` (bad span, bad argument)."""
