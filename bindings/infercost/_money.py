"""Money at the Python boundary: an amount that keeps its currency.

A ``Money`` is a ``float`` (its amount), so it works wherever a number is read: ``float(m)``, comparisons with
plain numbers, ``f"{m:.2f}"``, numpy arrays and pandas frames. Arithmetic keeps the currency: adding or
comparing two amounts in different currencies raises :class:`infercost.CurrencyError`, as in C++ (the check
is the C++ library's), and a bare number is not added to an amount, since nothing says which currency it
is in (zero excepted, so ``sum()`` works). Scaling by a number gives Money; dividing two amounts in one
currency gives a plain ratio."""

from __future__ import annotations

import numbers
from typing import Any, Tuple

from . import _core
from .errors import CurrencyError


def _bare(other: Any) -> bool:
    return isinstance(other, numbers.Real) and not isinstance(other, (bool, Money))


class Money(float):
    """An amount of money in one currency (``amount``, ``currency``)."""

    __slots__ = ("_currency",)
    _currency: str

    def __new__(cls, amount: float, currency: str) -> "Money":
        # The C++ library checks the amount (a finite number) and the code (three upper-case letters).
        return _core._money(amount, currency)  # type: ignore[no-any-return]

    @classmethod
    def _make(cls, amount: float, currency: str) -> "Money":
        m = float.__new__(cls, amount)
        m._currency = currency
        return m

    @property
    def amount(self) -> float:
        return float(self)

    @property
    def currency(self) -> str:
        return self._currency

    def _refuse_bare(self, op: str, other: Any) -> "CurrencyError":
        return CurrencyError(f"cannot {op} the bare number {other} and {self}: say which currency it is in, "
                             f"e.g. Money({other}, '{self._currency}')")

    def __add__(self, other: Any) -> "Money":  # type: ignore[override]
        if isinstance(other, Money):
            return _core._money_add(self, other)  # type: ignore[no-any-return]
        if _bare(other):
            if other == 0:
                return self
            raise self._refuse_bare("add", other)
        return NotImplemented

    __radd__ = __add__  # type: ignore[assignment]

    def __sub__(self, other: Any) -> "Money":  # type: ignore[override]
        if isinstance(other, Money):
            return _core._money_subtract(self, other)  # type: ignore[no-any-return]
        if _bare(other):
            if other == 0:
                return self
            raise self._refuse_bare("subtract", other)
        return NotImplemented

    def __rsub__(self, other: Any) -> "Money":  # type: ignore[override]
        if _bare(other):
            if other == 0:
                return -self
            raise self._refuse_bare("subtract", other)
        return NotImplemented

    def __mul__(self, other: Any) -> "Money":  # type: ignore[override]
        if isinstance(other, Money):
            raise TypeError(f"cannot multiply {self} by {other}: an amount is scaled by a plain number")
        if _bare(other):
            return Money._make(float(self) * float(other), self._currency)
        return NotImplemented

    __rmul__ = __mul__  # type: ignore[assignment]

    def __truediv__(self, other: Any) -> Any:
        if isinstance(other, Money):
            return _core._money_ratio(self, other)
        if _bare(other):
            return Money._make(float(self) / float(other), self._currency)
        return NotImplemented

    def __neg__(self) -> "Money":
        return Money._make(-float(self), self._currency)

    def __pos__(self) -> "Money":
        return self

    def __abs__(self) -> "Money":
        return Money._make(abs(float(self)), self._currency)

    def __round__(self, ndigits: Any = None) -> Any:  # type: ignore[override]
        if ndigits is None:
            return round(float(self))
        return Money._make(round(float(self), ndigits), self._currency)

    def _compare(self, other: Any) -> Any:
        """-1, 0 or 1 against another amount (the currencies must agree), or NotImplemented."""
        if isinstance(other, Money):
            return _core._money_compare(self, other)
        return NotImplemented

    def __lt__(self, other: Any) -> bool:
        c = self._compare(other)
        return float.__lt__(self, other) if c is NotImplemented else c < 0  # type: ignore[no-any-return]

    def __le__(self, other: Any) -> bool:
        c = self._compare(other)
        return float.__le__(self, other) if c is NotImplemented else c <= 0  # type: ignore[no-any-return]

    def __gt__(self, other: Any) -> bool:
        c = self._compare(other)
        return float.__gt__(self, other) if c is NotImplemented else c > 0  # type: ignore[no-any-return]

    def __ge__(self, other: Any) -> bool:
        c = self._compare(other)
        return float.__ge__(self, other) if c is NotImplemented else c >= 0  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        # Amounts in two currencies are different amounts; equality never raises (dicts and `in` rely on it).
        if isinstance(other, Money):
            return self._currency == other._currency and float(self) == float(other)
        return float.__eq__(self, other)  # NotImplemented for a non-number: Python asks the other side

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = float.__hash__

    def __repr__(self) -> str:
        return f"Money({float(self)!r}, {self._currency!r})"

    def __str__(self) -> str:
        return _core._money_str(self)  # type: ignore[no-any-return]

    def __format__(self, spec: str) -> str:
        # A format spec formats the amount, as for a float; no spec gives the amount with its currency.
        return str(self) if not spec else float.__format__(self, spec)

    def __reduce__(self) -> Tuple[Any, Tuple[float, str]]:
        return (Money, (float(self), self._currency))


__all__ = ["Money"]
