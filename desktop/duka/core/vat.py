"""EU VAT numbers and the reverse charge.

An EU shop that sells to a business registered for VAT in another member state charges no
VAT: the buyer accounts for it (Council Directive 2006/112/EC, articles 138 and 196), and the
invoice says so ("Reverse charge"). Duka applies it when the shop's tax number is an EU VAT
number, its country a member state, and the customer's tax number a VAT number of another
member state; every line then carries the REVERSE_CHARGE rate: 0%, no tax.
"""

from __future__ import annotations

import re
from decimal import Decimal

from duka.core.tax import TaxRate
from duka.i18n import N_

# Member states by the prefix of their VAT numbers (Greece writes EL, Northern Ireland XI).
EU_VAT_PREFIXES = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "XI",
    }
)
_VAT_COUNTRY = {"EL": "GR", "XI": "GB"}
_VAT_SHAPE = re.compile(r"[A-Z]{2}[0-9A-Z+*]{2,12}")
_SEPARATORS = re.compile(r"[\s.\-/]")

REVERSE_CHARGE_CODE = "VATEX-EU-AE"  # the EN 16931 exemption reason code, never a shop's
REVERSE_CHARGE_NAME = N_("Reverse charge")
REVERSE_CHARGE = TaxRate(REVERSE_CHARGE_CODE, REVERSE_CHARGE_NAME, Decimal(0), exempt=True)


def eu_vat_number(tax_id: str) -> str | None:
    """`tax_id` in compact form (FR 40 303 265 045 -> FR40303265045) when it looks like an
    EU VAT number (a member state's prefix and 2-12 letters and digits), else None."""
    compact = _SEPARATORS.sub("", tax_id).upper()
    if compact[:2] not in EU_VAT_PREFIXES or not _VAT_SHAPE.fullmatch(compact):
        return None
    return compact if any(c.isdigit() for c in compact[2:]) else None


def vat_country(vat_number: str) -> str:
    """The ISO country code of an EU VAT number's prefix (EL -> GR)."""
    prefix = vat_number[:2].upper()
    return _VAT_COUNTRY.get(prefix, prefix)


def is_reverse_charge(rate: TaxRate | None) -> bool:
    return rate is not None and rate.code == REVERSE_CHARGE_CODE


def reverse_charge_applies(shop_country: str, shop_tax_id: str, buyer_tax_id: str) -> bool:
    """An EU shop with a VAT number selling to a business with the VAT number of another
    member state."""
    seller = eu_vat_number(shop_tax_id)
    buyer = eu_vat_number(buyer_tax_id)
    if seller is None or buyer is None:
        return False
    home = vat_country(seller)
    if shop_country and shop_country.upper() != home:
        return False  # a VAT number of another country than the shop's: not ours to judge
    return vat_country(buyer) != home
