from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.i18n import set_language
from duka.i18n.formatting import Formats, ParseError, ascii_digits, locale_id


def test_locale_from_language_and_country() -> None:
    assert locale_id("ar", "EG") == "ar_EG"
    assert locale_id("hi", "IN") == "hi_IN"
    assert locale_id("hi", "KE") == "hi"  # CLDR has no hi_KE
    assert locale_id("fr", None) == "fr"


def test_money_in_the_shops_locale() -> None:
    assert Formats("en_KE").money(Decimal("1234.50"), "KES") == "Ksh\u00a01,234.50"
    assert Formats("hi_IN").money(Decimal("1234567.50"), "INR") == "₹12,34,567.50"
    assert Formats("fr_FR").money(Decimal("1234.50"), "EUR") == "1\u202f234,50\xa0€"
    egypt = Formats("ar_EG").money(Decimal("1234.50"), "EGP")
    assert "١٬٢٣٤٫٥٠" in egypt  # Arabic-Indic digits, as Egypt writes them
    assert Formats("ar_MA").money(Decimal("1234.50"), "MAD").count("1.234,50") == 1
    assert Formats("bn_BD").number(Decimal("1234.5")) == "১,২৩৪.৫"
    assert Formats("en_UG").money(Decimal("15000"), "UGX") == "USh\u00a015,000"


def test_quantities_show_only_the_decimals_they_have() -> None:
    assert Formats("en").quantity(Decimal("2")) == "2"
    assert Formats("fr").quantity(Decimal("0.375")) == "0,375"
    assert Formats("hi_IN").quantity(Decimal("125000.5")) == "1,25,000.5"


def test_percent_keeps_a_rates_decimals() -> None:
    assert Formats("en").percent(Decimal(16)) == "16%"
    assert Formats("en").percent(Decimal("7.25")) == "7.25%"
    assert Formats("fr").percent(Decimal("5.5")) == "5,5\xa0%"


def test_a_column_of_margins_has_the_same_decimals_on_every_row() -> None:
    assert Formats("en").percent(Decimal(8), decimals=2) == "8.00%"
    assert Formats("en").percent(Decimal("8.44"), decimals=2) == "8.44%"
    assert Formats("hi_IN").percent(Decimal("123456.5"), decimals=2) == "1,23,456.50%"
    assert Formats("fr").percent(Decimal(-3), decimals=2) == "-3,00\xa0%"


def test_a_decimal_comma_typed_in_english_is_refused_with_a_suggestion() -> None:
    with pytest.raises(ParseError) as caught:
        Formats("en_KE").parse_amount("58,99", "KES")
    assert "Did you mean 58.99?" in caught.value.message


def test_decimal_commas_where_the_locale_uses_them() -> None:
    assert Formats("fr_FR").parse_amount("58,99", "EUR") == Decimal("58.99")
    assert Formats("fr_FR").parse_decimal("1 234,5") == Decimal("1234.5")  # a plain space
    assert Formats("fr_FR").parse_decimal("1\u202f234,5") == Decimal("1234.5")


def test_indian_grouping_and_native_digits_are_accepted() -> None:
    assert Formats("hi_IN").parse_decimal("1,23,456.50") == Decimal("123456.50")
    assert Formats("hi_IN").parse_decimal("१२३.५") == Decimal("123.5")  # Devanagari digits
    assert Formats("ar_EG").parse_decimal("١٢٣٫٥") == Decimal("123.5")  # Arabic-Indic
    assert Formats("ar_EG").parse_decimal("\u200f١٬٢٣٤") == Decimal("1234")
    assert Formats("en").parse_decimal("۱۲۳") == Decimal("123")  # Persian digits
    assert ascii_digits("৫০") == "50"  # Bengali


@pytest.mark.parametrize("text", ["", "  ", "abc", "1.2.3", "12,34,5", "NaN", "Infinity"])
def test_nonsense_is_refused(text: str) -> None:
    with pytest.raises(ParseError):
        Formats("en").parse_decimal(text)


def test_amounts_refuse_more_decimals_than_the_currency_has() -> None:
    with pytest.raises(ParseError) as caught:
        Formats("en").parse_amount("100.5", "UGX")
    assert "no decimals" in caught.value.message
    with pytest.raises(ParseError) as caught:
        Formats("en").parse_amount("1.005", "KES")
    assert "at most 2 decimals" in caught.value.message
    assert Formats("en").parse_amount("KES 12.50", "KES") == Decimal("12.50")
    assert Formats("en").parse_amount("1.005", "KWD") == Decimal("1.005")


def test_quantities_refuse_a_fourth_decimal() -> None:
    assert Formats("en").parse_quantity("0.375") == Decimal("0.375")
    with pytest.raises(ParseError):
        Formats("en").parse_quantity("0.3755")


def test_parse_errors_speak_the_interface_language() -> None:
    set_language("fr")
    with pytest.raises(ParseError) as caught:
        Formats("fr").parse_decimal("abc")
    assert caught.value.message == "« abc » n’est pas un nombre."


LOCALES = ["en_KE", "fr_FR", "ar_EG", "ar_MA", "hi_IN", "en_IN", "fr_SN"]


@given(st.sampled_from(LOCALES), st.integers(min_value=-(10**12), max_value=10**12))
def test_what_is_shown_reads_back_as_the_same_amount(locale: str, minor: int) -> None:
    formats = Formats(locale)
    amount = Decimal(minor).scaleb(-2)
    shown = formats.money(amount, "KES")
    assert formats.parse_amount(shown, "KES") == amount
    assert formats.parse_decimal(formats.number(amount, 2)) == amount


def test_dates_follow_the_locale() -> None:
    import datetime as dt

    day = dt.date(2026, 11, 25)
    assert Formats("en").date(day) == "Nov 25, 2026"
    assert Formats("fr").date(day) == "25 nov. 2026"
    assert "2026" in Formats("hi_IN").date(day) and "नव॰" in Formats("hi_IN").date(day)
    assert Formats("fr").date(day, "short") == "25/11/2026"
    assert "٢٠٢٦" in Formats("ar_EG").date(day)  # the locale's own digits in dates too


def test_dates_are_read_the_way_the_locale_writes_them() -> None:
    import datetime as dt

    day = dt.date(2026, 11, 25)
    assert Formats("fr").parse_date("25/11/2026") == day
    assert Formats("en_US").parse_date("11/25/2026") == day
    assert Formats("en_KE").parse_date("25/11/2026") == day
    assert Formats("ar_EG").parse_date(Formats("ar_EG").date(day, "short")) == day
    assert Formats("hi_IN").parse_date("2026-11-25") == day
    for bad in ("", "32/11/2026", "someday", "25 nov."):
        with pytest.raises(ParseError):
            Formats("fr").parse_date(bad)
