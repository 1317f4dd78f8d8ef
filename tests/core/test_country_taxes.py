"""The table of countries' tax rates and mobile money that the first start proposes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from duka.core.country_taxes import COUNTRY_TAXES, propose, tax_rates
from duka.core.currency import territory_currency
from duka.core.tax import MAX_RATE
from duka.core.territory import country_codes


def _codes(text: str) -> list[str]:
    return text.split()


ISSUE_LIST = _codes(
    "KE TZ UG RW NG GH ZA EG MA SA AE IN BD PK NP LK ID PH VN TH CN BR MX CO PE FR BE CH DE IT "
    "ES PT PL TR RU IR GB US CA"
)
# Independent countries where a language Duka speaks (French, Arabic, Hindi) is official.
SHOP_LANGUAGES = _codes(
    "BE BF BI BJ CA CD CF CG CH CI CM DJ DZ FR GA GN GQ HT KM LU MA MC MG ML MU NE RW SC SN TD "
    "TG TN VU AE BH EG ER IQ JO KW LB LY MR OM QA SA SD SO SY YE IN"
)


def test_every_country_asked_for_is_in_the_table() -> None:
    missing = sorted(set(ISSUE_LIST + SHOP_LANGUAGES) - set(COUNTRY_TAXES))
    assert missing == []


@pytest.mark.parametrize("country", sorted(COUNTRY_TAXES))
def test_every_entry_is_valid(country: str) -> None:
    entry = COUNTRY_TAXES[country]
    assert country in country_codes()
    assert entry.currency == territory_currency(country)
    for item in entry.rates:
        percent = Decimal(item.rpartition(":")[2])
        assert percent.is_finite() and 0 <= percent < MAX_RATE
    rates = tax_rates(entry)
    codes = [rate.code for rate in rates]
    assert len(codes) == len(set(codes))
    assert len({rate.name for rate in rates}) == len(rates)
    assert all(method.strip() == method and method for method in entry.mobile_money)
    assert len(set(entry.mobile_money)) == len(entry.mobile_money)
    if not rates:
        assert entry.note, "a country with no rate says why"


def test_kenya_proposes_vat_16_zero_and_exempt_with_m_pesa() -> None:
    proposal = propose("ke")
    assert proposal.currency == "KES"
    assert [(r.code, r.name, r.percent, r.exempt) for r in proposal.rates] == [
        ("S", "VAT 16%", Decimal(16), False),
        ("Z", "VAT 0%", Decimal(0), False),
        ("E", "Exempt", Decimal(0), True),
    ]
    assert proposal.mobile_money[0] == "M-Pesa"


def test_a_rate_with_its_own_name_and_reduced_codes() -> None:
    canada = propose("CA")
    names = {r.code: r.name for r in canada.rates}
    assert names["S"] == "GST 5%"
    assert names["R1"] == "HST 13%"
    assert "GST+QST 14.975%" in names.values()
    assert canada.note
    india = propose("IN")
    assert [r.percent for r in india.rates if not r.exempt] == [18, 5, 40, 0]
    assert india.mobile_money == ("UPI",)


def test_the_usa_proposes_no_rate_and_says_so() -> None:
    usa = propose("US")
    assert usa.rates == () and usa.currency == "USD"
    assert "state" in usa.note


def test_a_country_outside_the_table_gets_only_its_currency() -> None:
    assert "AQ" not in COUNTRY_TAXES
    other = propose("NO")
    assert other.rates == () and other.mobile_money == () and other.currency == "NOK"
