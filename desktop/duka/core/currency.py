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
