"""What a shop's country suggests: its currency and the interface language (CLDR data)."""

from __future__ import annotations

from dataclasses import dataclass
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
    """What a country proposes at first start: its currency and a language."""

    country: str
    currency: str | None
    language: str


# ISO 3166 codes of today's countries: those with a currency in use in CLDR's currency
# table (tests/core/test_settings.py checks the list against babel's). Written out, so that
# checking the shop's stored country at start-up reads no locale data (about 5 ms).
_COUNTRIES = """
    AC AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL
    BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CP CR CU CV
    CW CX CY CZ DE DG DJ DK DM DO DZ EA EC EE EG EH ER ES ET EU FI FJ FK FM FO FR GA
    GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU IC ID IE
    IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI
    LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW
    MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS
    PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA
    VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW ZZ
"""


def country_codes() -> tuple[str, ...]:
    """ISO 3166 codes of today's countries, sorted."""
    return _COUNTRY_CODES


_COUNTRY_CODES = tuple(_COUNTRIES.split())


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
