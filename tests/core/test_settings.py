from decimal import Decimal

import pytest

from duka.core import settings as spec
from duka.core.errors import InvalidInput
from duka.core.settings import SETTINGS, ShopSettings
from duka.core.tax import TaxMode, TaxRate
from duka.core.territory import country_codes, country_defaults, suggested_language

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_every_setting_is_declared_once_with_a_label_and_a_valid_default() -> None:
    keys = [s.key for s in SETTINGS]
    assert len(keys) == len(set(keys))
    for setting in SETTINGS:
        assert setting.label
        if not setting.required and setting.kind is not spec.Kind.COUNTRY:
            assert setting.clean(setting.default) == setting.default


def test_the_issue_lists_these_settings() -> None:
    wanted = {
        "shop_name",
        "address",
        "phone",
        "tax_id",
        "country",
        "currency",
        "language",
        "prices_include_tax",
        "tax_rates",
        "receipt_width_mm",
        "logo",
    }
    assert wanted <= {s.key for s in SETTINGS}


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        (spec.SHOP_NAME, "Duka  la   Mama"),
        (spec.ADDRESS, "Moi Avenue 12\nNairobi"),
        (spec.COUNTRY, "ke"),
        (spec.CURRENCY, "kes"),
        (spec.LANGUAGE, "ar"),
        (spec.PRICES_INCLUDE_TAX, False),
        (spec.RECEIPT_WIDTH, 58),
        (
            spec.TAX_RATES,
            (
                TaxRate("S", "VAT 16%", Decimal("16.00")),
                TaxRate("E", "Exempt", Decimal(0), exempt=True),
            ),
        ),
        (spec.LOGO, PNG),
        (spec.LOGO, None),
    ],
)
def test_values_survive_storage(setting: spec.Setting[object], value: object) -> None:
    cleaned = setting.clean(value)
    assert setting.decode(setting.encode(cleaned)) == cleaned


def test_cleaning_tidies_what_was_typed() -> None:
    assert spec.SHOP_NAME.clean("  Duka  la   Mama ") == "Duka la Mama"
    assert spec.COUNTRY.clean("ke") == "KE"
    assert spec.CURRENCY.clean(" kes ") == "KES"
    rates = spec.TAX_RATES.clean((TaxRate("S", "VAT", Decimal("16.00")),))
    assert str(rates[0].percent) == "16"


@pytest.mark.parametrize(
    ("setting", "value", "says"),
    [
        (spec.SHOP_NAME, "   ", "Shop name cannot be empty"),
        (spec.SHOP_NAME, "x" * 201, "too long"),
        (spec.COUNTRY, "XX", "not a country code"),
        (spec.CURRENCY, "ABC", "not a currency code"),
        (spec.LANGUAGE, "ja", "does not speak"),
        (spec.PRICES_INCLUDE_TAX, "yes", "yes or no"),
        (spec.RECEIPT_WIDTH, 72, "must be one of 58, 80"),
        (spec.LOGO, b"GIF89a", "PNG or JPEG"),
        (spec.LOGO, PNG + b"\x00" * 1_000_000, "too large"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(
    setting: spec.Setting[object], value: object, says: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        setting.clean(value)
    assert says in caught.value.message


def test_duplicate_tax_codes_are_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        spec.TAX_RATES.clean((TaxRate("S", "A", Decimal(1)), TaxRate("s", "B", Decimal(2))))
    assert "codes must differ" in caught.value.message


def test_damaged_stored_values_are_refused() -> None:
    for stored in ("{not json", '"ZZZ"', "42"):
        with pytest.raises(InvalidInput):
            spec.CURRENCY.decode(stored)
    with pytest.raises(InvalidInput):
        spec.TAX_RATES.decode('[{"code": "S"}]')


def test_shop_settings_reads_typed_values_with_defaults() -> None:
    values = ShopSettings({"shop_name": "Duka", "prices_include_tax": False})
    assert values[spec.SHOP_NAME] == "Duka"
    assert values[spec.RECEIPT_WIDTH] == 80
    assert values.tax_mode is TaxMode.EXCLUSIVE
    assert values.is_set_up
    assert not ShopSettings().is_set_up
    with pytest.raises(KeyError):
        ShopSettings({"nope": 1})


@pytest.mark.parametrize(
    ("country", "currency", "language"),
    [
        ("KE", "KES", "sw"),
        ("IN", "INR", "hi"),
        ("EG", "EGP", "ar"),
        ("FR", "EUR", "fr"),
        ("SN", "XOF", "fr"),
        ("MA", "MAD", "ar"),
        ("UG", "UGX", "sw"),
        ("BR", "BRL", "pt_BR"),
        ("CN", "CNY", "zh_CN"),
        ("TW", "TWD", "zh_CN"),  # the nearest Duka speaks
        ("PK", "PKR", "ur"),
        ("BD", "BDT", "bn"),
        ("TH", "THB", "th"),
        ("LK", "LKR", "ta"),
    ],
)
def test_a_country_proposes_its_currency_and_a_language_duka_speaks(
    country: str, currency: str, language: str
) -> None:
    proposal = country_defaults(country)
    assert (proposal.currency, proposal.language) == (currency, language)


def test_country_list_is_todays_countries() -> None:
    from babel.core import get_global

    codes = country_codes()
    # The written-out list is CLDR's: the codes with a currency in use today.
    spans = get_global("territory_currencies")
    in_use = sorted(
        code
        for code, uses in spans.items()
        if len(code) == 2 and code.isalpha() and any(end is None for _c, _s, end, _t in uses)
    )
    assert list(codes) == in_use
    assert {"KE", "IN", "EG", "FR", "BR"} <= set(codes)
    assert "YU" not in codes and "SU" not in codes  # gone countries are not offered
    assert suggested_language("ZZ") == "en"


def test_mobile_money_is_a_tidy_list_that_survives_storage() -> None:
    setting = spec.MOBILE_MONEY
    cleaned = setting.clean(" M-Pesa ,airtel  money, , M-PESA,Airtel Money")
    assert cleaned == ("M-Pesa", "airtel money")  # repeats dropped whatever their case
    assert setting.decode(setting.encode(cleaned)) == cleaned
    with pytest.raises(InvalidInput):
        setting.clean(["M-Pesa", 3])


@pytest.mark.parametrize(
    ("typed", "kept"), [("", ""), (" 400 200 ", "400200"), ("123456", "123456")]
)
def test_a_till_or_paybill_is_digits(typed: str, kept: str) -> None:
    assert spec.MPESA_PAYBILL.clean(typed) == kept
