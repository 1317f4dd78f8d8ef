import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from duka.core import settings as spec
from duka.core.errors import Conflict, InvalidInput
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.tax import TaxRate
from duka.services.shop import Shop


def stored_rows(shop: Shop) -> list[tuple[object, ...]]:
    return shop.context.db.execute("SELECT * FROM settings ORDER BY key").fetchall()


def test_a_new_shop_is_not_set_up_and_has_defaults(shop: Shop) -> None:
    values = shop.settings.load()
    assert not values.is_set_up
    assert values[spec.RECEIPT_WIDTH] == 80
    assert stored_rows(shop) == []


def new_shop(folder: Path, name: str) -> Shop:
    return Shop.open(folder / f"{name}.sqlite3", backup_dir=folder / "b")


@pytest.mark.parametrize(
    ("country", "currency", "language", "expected"),
    [
        ("ke", None, None, ("KE", "KES", "sw")),
        ("IN", None, None, ("IN", "INR", "hi")),
        ("SN", "EUR", "ar", ("SN", "EUR", "ar")),
    ],
)
def test_first_run_proposes_currency_and_language_from_the_country(
    tmp_path: Path,
    country: str,
    currency: str | None,
    language: str | None,
    expected: tuple[str, str, str],
) -> None:
    with new_shop(tmp_path, country) as shop:
        values = shop.settings.first_run(
            "  Duka la Amina ", country, currency, language, owner_name="Amina", owner_pin="1234"
        )
        assert values[spec.SHOP_NAME] == "Duka la Amina"
        assert (values[spec.COUNTRY], values[spec.CURRENCY], values[spec.LANGUAGE]) == expected
        assert shop.access.actor is not None and shop.access.actor.name == "Amina"


def test_first_run_happens_once(kenya_shop: Shop) -> None:
    with pytest.raises(Conflict):
        kenya_shop.settings.first_run(
            "Again", "KE", language="en", owner_name="X", owner_pin="5678"
        )
    assert kenya_shop.settings.load()[spec.SHOP_NAME] == "Duka la Test"


@pytest.mark.parametrize(
    ("name", "country", "pin", "says"),
    [
        ("", "KE", "1234", "Shop name cannot be empty"),
        ("Duka", "", "1234", "choose a country"),
        ("Duka", "XX", "1234", "not a country code"),
        ("Duka", "KE", "12", "4 to 8 digits"),
        ("Duka", "KE", "7777", "one digit repeated"),
    ],
)
def test_first_run_refuses_bad_answers_and_writes_nothing(
    shop: Shop, name: str, country: str, pin: str, says: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        shop.settings.first_run(name, country, owner_name="Amina", owner_pin=pin)
    assert says in caught.value.message
    assert stored_rows(shop) == []
    assert not shop.access.has_users()


def test_saving_records_who_and_when(tmp_path: Path, private_home: Path) -> None:
    moment = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)
    with Shop.open(tmp_path / "s.sqlite3", backup_dir=private_home, clock=lambda: moment) as shop:
        shop.settings.first_run("Duka", "KE", language="en", owner_name="amina", owner_pin="1234")
        shop.settings.save({spec.PHONE.key: "+254 700 000 000"})
        row = shop.context.db.execute(
            "SELECT value, updated_at, updated_by FROM settings WHERE key = 'phone'"
        ).fetchone()
        trail = shop.context.db.execute(
            "SELECT actor, action, subject, before, after FROM audit WHERE subject = ?",
            ("setting: phone",),
        ).fetchall()
    assert row == ('"+254 700 000 000"', "2026-11-25T09:30:00+00:00", "amina")
    assert trail == [("amina", "setting_changed", "setting: phone", '""', '"+254 700 000 000"')]


def test_one_bad_value_saves_none_of_the_changes(kenya_shop: Shop) -> None:
    before = stored_rows(kenya_shop)
    with pytest.raises(InvalidInput):
        kenya_shop.settings.save({spec.PHONE.key: "0700", spec.RECEIPT_WIDTH.key: 99})
    assert stored_rows(kenya_shop) == before


def test_only_changed_values_are_written(kenya_shop: Shop) -> None:
    before = stored_rows(kenya_shop)
    kenya_shop.settings.save({spec.SHOP_NAME.key: "Duka la Test"})
    assert stored_rows(kenya_shop) == before


def test_tax_rates_round_trip(kenya_shop: Shop) -> None:
    rates = (TaxRate("S", "VAT 16%", Decimal(16)), TaxRate("E", "Exempt", Decimal(0), True))
    kenya_shop.settings.save({spec.TAX_RATES.key: rates})
    assert kenya_shop.settings.load()[spec.TAX_RATES] == rates


def test_currency_cannot_change_its_decimals_once_amounts_exist(kenya_shop: Shop) -> None:
    kenya_shop.settings.save({spec.CURRENCY.key: "UGX"})  # nothing priced yet: allowed
    kenya_shop.settings.save({spec.CURRENCY.key: "KES"})
    kenya_shop.products.add(ProductDraft("Sugar", Money.of("180", "KES"), Money.of("150", "KES")))
    with pytest.raises(Conflict):
        kenya_shop.settings.save({spec.CURRENCY.key: "UGX"})
    kenya_shop.settings.save({spec.CURRENCY.key: "TZS"})  # same decimals: a relabel
    assert kenya_shop.settings.load()[spec.CURRENCY] == "TZS"


def test_a_value_damaged_outside_duka_reads_as_default_and_is_reported(kenya_shop: Shop) -> None:
    kenya_shop.context.db.execute("UPDATE settings SET value = '\"XYZ\"' WHERE key = 'currency'")
    kenya_shop.context.db.execute("INSERT INTO settings VALUES ('mystery', '1', 'now', NULL)")
    assert kenya_shop.settings.load()[spec.CURRENCY] == spec.CURRENCY.default
    problems = kenya_shop.settings.problems()
    assert any("currency" in p for p in problems)
    assert any("mystery" in p for p in problems)


def test_first_run_saves_the_proposal_the_owner_confirmed(shop: Shop) -> None:
    from duka.core.country_taxes import propose

    kenya = propose("KE")
    values = shop.settings.first_run(
        "Duka",
        "KE",
        owner_name="Amina",
        owner_pin="1357",
        more={
            spec.TAX_RATES.key: kenya.rates,
            spec.MOBILE_MONEY.key: kenya.mobile_money,
            spec.MPESA_TILL.key: "123456",
        },
    )
    assert [r.code for r in values[spec.TAX_RATES]] == ["S", "Z", "E"]
    assert shop.settings.load()[spec.MPESA_TILL] == "123456"


def test_a_refused_proposal_sets_up_nothing(shop: Shop) -> None:
    with pytest.raises(InvalidInput, match="digits only"):
        shop.settings.first_run(
            "Duka", "KE", owner_name="Amina", owner_pin="1357", more={spec.MPESA_TILL.key: "12a"}
        )
    assert not shop.settings.load().is_set_up
    assert not shop.access.has_users()
