"""One numbering system per shop locale: CLDR's default digits where Duka can write them, the
locale's own percent sign, and counts and percents in those digits."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from duka.i18n.digits import numbering_for, percent_sign, zero_digit
from duka.i18n.formatting import Formats, locale_id


def zeros(text: str) -> set[str]:
    """The digit zero of every digit in `text`: one element when the digits agree."""
    return {chr(ord(c) - unicodedata.digit(c)) for c in text if unicodedata.category(c) == "Nd"}


@pytest.mark.parametrize(
    ("language", "country", "numbering"),
    [
        ("ar", "EG", "arab"),
        ("ar", "MA", "latn"),
        ("ar", "KE", "latn"),  # no ar_KE in CLDR: Arabic as CLDR writes it by default
        ("fa", "IR", "arabext"),
        ("bn", "BD", "beng"),
        ("bn", "IN", "beng"),  # Qt writes Bengali with Bengali digits only
        ("hi", "IN", "latn"),
        ("th", "TH", "latn"),
        ("ur", "PK", "latn"),
        ("ur", "IN", "arabext"),
        ("en", "KE", "latn"),
        ("fr", "FR", "latn"),
    ],
)
def test_a_shop_locale_has_one_numbering_for_every_number(
    language: str, country: str, numbering: str
) -> None:
    name = locale_id(language, country)
    assert numbering_for(name) == numbering
    formats = Formats(name)
    zero = zero_digit(numbering)
    for text in (
        formats.number(Decimal(1234)),
        formats.money(Decimal("1234.50"), "KES"),
        formats.percent(Decimal(16)),
        formats.quantity(Decimal("2.5")),
        formats.count(12),
    ):
        assert zeros(text) == {zero}, text


@pytest.mark.parametrize(
    ("name", "sign"),
    [("ar_EG", "\u066a\u061c"), ("fa_IR", "\u066a"), ("ur_PK", "\u066a"), ("fr_FR", "%")],
)
def test_a_percent_carries_the_locales_own_sign(name: str, sign: str) -> None:
    formats = Formats(name)
    assert formats.percent_sign == percent_sign(name, formats.numbering) == sign
    assert sign in formats.percent(Decimal(16))
    # What it writes, it reads back.
    assert formats.parse_percent(formats.percent(Decimal("7.5"))) == Decimal("7.5")


def test_a_turkish_percent_keeps_its_sign_in_front() -> None:
    assert Formats("tr_TR").percent(Decimal(16)) == "%16"


def test_the_table_of_native_digits_is_cldrs() -> None:
    """numbering_for answers shipped languages from a table, without loading locale data:
    it must say what babel says for every locale of those languages."""
    from babel import Locale, localedata

    from duka.i18n.digits import TABLE_LANGUAGES
    from duka.i18n.languages import LANGUAGES

    assert {code.split("_")[0] for code in LANGUAGES} == TABLE_LANGUAGES
    for name in localedata.locale_identifiers():
        if name.split("_")[0] in TABLE_LANGUAGES - {"bn"}:
            cldr = str(Locale.parse(name).default_numbering_system)
            assert numbering_for(name) == cldr, name
