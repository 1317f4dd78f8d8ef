"""What a shop's country suggests: its currency and the interface language (CLDR data)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from babel import Locale
from babel.core import get_global

from duka.core.currency import territory_currency
from duka.core.errors import InvalidInput
from duka.i18n import DEFAULT_LANGUAGE, N_
from duka.i18n.languages import best_language

_OFFICIAL = ("official", "de_facto_official")


@dataclass(frozen=True, slots=True)
class CountryDefaults:
    country: str
    currency: str | None
    language: str


@cache
def country_codes() -> tuple[str, ...]:
    """ISO 3166 codes of today's countries (those with a currency in use), sorted.

    Read from the currency table rather than a locale's country names: checking a stored
    country then costs no locale data at start-up.
    """
    spans = get_global("territory_currencies")
    return tuple(
        sorted(
            code
            for code, uses in spans.items()
            if len(code) == 2 and code.isalpha() and any(end is None for _c, _s, end, _t in uses)
        )
    )


def country_name(code: str, language: str) -> str:
    return str(Locale.parse(language).territories.get(code, code))


def check_country(code: str) -> str:
    code = code.strip().upper()
    if code not in country_codes():
        raise InvalidInput(N_("“{code}” is not a country code."), code=code)
    return code


def suggested_language(country: str) -> str:
    """The most spoken official language of `country` that Duka speaks, else English."""
    spoken = get_global("territory_languages").get(country.upper(), {})
    ranked = sorted(
        spoken.items(),
        key=lambda item: (
            item[1].get("official_status") not in _OFFICIAL,
            -float(item[1].get("population_percent") or 0),
        ),
    )
    for code, facts in ranked:
        # CLDR names "pt" and "zh_Hans" where Duka ships pt_BR and zh_CN
        shipped = best_language(str(code))
        if shipped is not None and facts.get("official_status") in _OFFICIAL:
            return shipped
    return DEFAULT_LANGUAGE


def country_defaults(country: str) -> CountryDefaults:
    code = check_country(country)
    return CountryDefaults(code, territory_currency(code), suggested_language(code))


# CLDR's paperSize data: where US Letter is the usual paper; A4 everywhere else.
LETTER_COUNTRIES = frozenset(
    ["BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"]
)


def paper_size(country: str) -> Literal["A4", "Letter"]:
    return "Letter" if country.upper() in LETTER_COUNTRIES else "A4"
