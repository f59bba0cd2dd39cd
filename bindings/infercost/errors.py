"""Exceptions raised by infercost. Every one derives from :class:`Error`."""

from __future__ import annotations

from typing import List, Optional


class Error(Exception):
    """Base of every infercost error."""


class InputError(Error, ValueError):
    """Bad input: a file, an argument, or a request that cannot be priced as given.

    When the input came from a file, ``file``, ``line`` and ``column`` (1-based) say where and ``field``
    names the offending field (e.g. ``offerings[2].versions[0].prices.input``).
    """

    file: Optional[str] = None
    line: Optional[int] = None
    column: Optional[int] = None
    field: Optional[str] = None
    reason: str = ""


class NotFoundError(Error, KeyError):
    """An unknown id. ``suggestions`` holds the closest known ids."""

    kind: str = ""
    id: str = ""
    suggestions: List[str] = []

    def __str__(self) -> str:  # KeyError would show the message quoted
        return str(self.args[0]) if self.args else ""


class CurrencyError(Error, ValueError):
    """Money in two currencies combined without a dated exchange rate, or a rate that is missing."""


__all__ = ["Error", "InputError", "NotFoundError", "CurrencyError"]
