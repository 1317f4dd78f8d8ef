"""Currency facts from CLDR (through babel): digits, and what a country uses."""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel.core import get_global
from babel.numbers import get_currency_precision

from duka.core.errors import InvalidInput
from duka.i18n import N_


@cache
def currency_digits(code: str) -> int:
    """How many decimals amounts of `code` carry (KES 2, UGX 0, KWD 3), per CLDR."""
    return int(get_currency_precision(code))


@cache
def known_currencies() -> frozenset[str]:
    """ISO codes of the currencies some territory uses today."""
    codes: set[str] = set()
    for spans in get_global("territory_currencies").values():
        for code, _start, end, tender in spans:
            if end is None and tender:
                codes.add(code)
    return frozenset(codes)


def check_currency(code: str) -> str:
    code = code.strip().upper()
    if code not in known_currencies():
        raise InvalidInput(N_("“{code}” is not a currency code in use."), code=code)
    return code


def territory_currency(country: str, on: dt.date | None = None) -> str | None:
    """The legal tender a country uses today (KE -> KES), or None if CLDR has none."""
    spans = get_global("territory_currencies").get(country.upper(), [])
    day = on or dt.date.today()
    for code, start, end, tender in spans:
        if not tender:
            continue
        started = start is None or dt.date(*start) <= day
        ended = end is not None and dt.date(*end) <= day
        if started and not ended:
            return str(code)
    return None


@cache
def cash_step(code: str) -> int:
    """The smallest cash amount, in minor units, where CLDR says cash is rounded: CHF 0.05
    (5), DKK 0.50 (50), SEK 1.00 (100); 1 where cash is paid to the minor unit."""
    fractions = get_global("currency_fractions")
    digits, _rounding, cash_digits, cash_rounding = fractions.get(code, fractions["DEFAULT"])
    step = max(int(cash_rounding), 1) * 10 ** (int(digits) - int(cash_digits))
    return max(int(step), 1)


# The notes (and large coins) people hand over, in whole currency units; quick-pay buttons
# offer the amounts these make just above the total. Currencies not listed get 1-2-5 steps.
_NOTES: dict[str, tuple[int, ...]] = {
    "AED": (5, 10, 20, 50, 100, 200, 500),
    "BDT": (10, 20, 50, 100, 200, 500, 1000),
    "BRL": (2, 5, 10, 20, 50, 100, 200),
    "CHF": (10, 20, 50, 100, 200),
    "EGP": (5, 10, 20, 50, 100, 200),
    "EUR": (5, 10, 20, 50, 100, 200),
    "GBP": (5, 10, 20, 50),
    "GHS": (1, 2, 5, 10, 20, 50, 100, 200),
    "IDR": (2000, 5000, 10000, 20000, 50000, 100000),
    "INR": (10, 20, 50, 100, 200, 500),
    "KES": (50, 100, 200, 500, 1000),
    "MAD": (20, 50, 100, 200),
    "NGN": (50, 100, 200, 500, 1000),
    "PKR": (10, 20, 50, 100, 500, 1000, 5000),
    "RWF": (500, 1000, 2000, 5000),
    "SAR": (5, 10, 50, 100, 500),
    "TZS": (500, 1000, 2000, 5000, 10000),
    "UGX": (1000, 2000, 5000, 10000, 20000, 50000),
    "USD": (1, 5, 10, 20, 50, 100),
    "XOF": (500, 1000, 2000, 5000, 10000),
    "ZAR": (10, 20, 50, 100, 200),
}


def usual_notes(code: str) -> tuple[int, ...]:
    """The notes of `code` in whole units, smallest first (1-2-5 steps when not known)."""
    return _NOTES.get(code, (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000))


def quick_cash(due_minor: int, code: str, count: int = 4) -> list[int]:
    """Amounts (minor units) a customer is likely to hand over for `due_minor`: the next
    multiples of each usual note above it, smallest first, without the exact amount."""
    unit = 10 ** currency_digits(code)
    found = set()
    for note in usual_notes(code):
        step = note * unit
        amount = -(-due_minor // step) * step  # rounded up to a multiple of this note
        if amount > due_minor:
            found.add(amount)
    return sorted(found)[:count]
