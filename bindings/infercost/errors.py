"""Exceptions raised by infercost. Every one derives from :class:`Error`.

The classes are defined by the compiled core, with the library's own hierarchy: ``InputError`` (also a
``ValueError``) carries ``file``, ``line``, ``column``, ``field`` and ``reason`` when the input came from a
file; ``NotFoundError`` (also a ``KeyError``) carries ``kind``, ``id`` and the closest known ids in
``suggestions``; ``CurrencyError`` is money in two currencies combined without a dated rate.
"""

from __future__ import annotations

from ._core import CurrencyError, Error, InputError, NotFoundError

__all__ = ["Error", "InputError", "NotFoundError", "CurrencyError"]
