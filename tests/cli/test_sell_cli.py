"""`duka sell`: one sale from the command line, through the checkout, with a user's rights;
every refusal exits 2 with one line on stderr and writes nothing."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from duka.core import settings as spec
from duka.core.access import Actor, Role
from duka.core.barcodes import Barcode
from duka.core.customers import NewCustomer
from duka.core.money import Money
from duka.core.products import ProductDraft, Unit
from duka.core.quantity import Quantity
from duka.core.tax import TaxRate
from duka.services.shop import Shop
from tests.cli.conftest import Run

SUGAR = "6161234567890"


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


@pytest.fixture
def shop_file(tmp_path: Path) -> Path:
    """Sugar (barcode), rice sold by weight (SKU RICE), a cashier and a customer on credit."""
    path = tmp_path / "sell.sqlite3"
    with Shop.open(path, backup_dir=tmp_path / "b", actor=Actor.command_line("t")) as shop:
        shop.settings.first_run(
            "Duka la Test", "KE", language="en", owner_name="Zawadi", owner_pin="4321"
        )
        shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
        shop.access.add_user("Wanjiru", Role.CASHIER, "1357")
        shop.products.add(
            ProductDraft(
                "Sukari", kes("180"), kes("150"), tax_code="S", barcodes=(Barcode(SUGAR),)
            ),
            opening_stock=Quantity.of(50),
        )
        shop.products.add(
            ProductDraft("Mchele", kes("120"), kes("90"), unit=Unit.KILOGRAM, sku="RICE"),
            opening_stock=Quantity.of(20),
        )
        shop.customers.add(NewCustomer(name="Njeri", credit_limit=kes("500"), phone="0712"))
    return path


def counts(path: Path) -> tuple[int, int, int, int]:
    db = sqlite3.connect(path)
    try:
        return tuple(
            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("sales", "cash_sessions", "stock_movements", "customer_ledger")
        )
    finally:
        db.close()


def test_a_cash_sale_prints_its_number_and_the_change(duka: Run, shop_file: Path) -> None:
    done = duka("sell", "--db", str(shop_file), SUGAR, "0.5*RICE", "--pay", "cash:500")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines == ["S-000001", "change\t260.00"]  # 180 + 60 from 500
    db = sqlite3.connect(shop_file)
    sale = db.execute("SELECT gross, change, session_id, actor FROM sales").fetchone()
    assert sale[:3] == (24000, 26000, 1) and sale[3].startswith("command line")
    lines_sold = db.execute("SELECT name, quantity FROM sale_lines ORDER BY id").fetchall()
    assert lines_sold == [("Sukari", 1000), ("Mchele", 500)]
    assert db.execute("SELECT computer FROM cash_sessions").fetchone()[0]  # this computer's


def test_a_split_sale_by_a_cashier_on_account(duka: Run, shop_file: Path) -> None:
    done = duka(
        "sell", "--db", str(shop_file), "--user", "Wanjiru", "--customer", "Njeri",
        "2*" + SUGAR, "--pay", "account:300", "--pay", "mobile",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "S-000001"
    db = sqlite3.connect(shop_file)
    assert db.execute("SELECT actor, customer_id FROM sales").fetchone() == ("Wanjiru", 1)
    paid = db.execute("SELECT method, amount FROM sale_payments ORDER BY id").fetchall()
    assert paid == [("account", 30000), ("mobile", 6000)]
    assert duka("verify", "--db", str(shop_file)).returncode == 0


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["12345"], "No product has the code “12345”"),
        ([SUGAR, "--pay", "cash:100"], "The cash given is less than the 180.00 KES due"),
        ([SUGAR, "--pay", "cheque"], "--pay takes cash, card, mobile or account"),
        (["x*" + SUGAR], "is not a quantity"),
        ([SUGAR, "--user", "Nobody"], "There is no user called “Nobody”"),
        (["4*" + SUGAR, "--customer", "Njeri", "--pay", "account"], "credit limit"),
        (
            ["4*" + SUGAR, "--customer", "Njeri", "--pay", "account", "--user", "Wanjiru",
             "--over-limit"],
            "Wanjiru may not sell on account beyond",
        ),
        (["1.5*" + SUGAR], "cannot have more than 0 decimals"),
    ],
)  # fmt: skip
def test_a_refused_sale_exits_2_and_writes_nothing(
    duka: Run, shop_file: Path, args: list[str], reason: str
) -> None:
    before = counts(shop_file)
    done = duka("sell", "--db", str(shop_file), *args)
    assert done.returncode == 2, done
    assert done.stdout == ""
    assert reason in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert counts(shop_file) == before


def test_the_drawer_setting_refuses_a_sale_until_the_drawer_is_opened(
    duka: Run, shop_file: Path
) -> None:
    with Shop.open(shop_file, backup_dir=shop_file.parent / "b") as shop:
        shop.access.sign_in("4321")
        shop.settings.save({spec.DRAWER_OPENED_FIRST.key: True})
    before = counts(shop_file)
    done = duka("sell", "--db", str(shop_file), SUGAR)
    assert done.returncode == 2 and "F3" in done.stderr
    assert counts(shop_file) == before


def test_the_owner_may_sell_beyond_a_credit_limit_when_asked(duka: Run, shop_file: Path) -> None:
    done = duka(
        "sell", "--db", str(shop_file), "4*" + SUGAR, "--customer", "0712", "--pay", "account",
        "--over-limit",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert counts(shop_file)[3] == 1  # on Njeri's account


REPAIR = "REPAIR"


@pytest.fixture
def asked_file(shop_file: Path) -> Path:
    """The shop with a phone repair whose price is asked at the sale (suggestion 300)."""
    with Shop.open(
        shop_file, backup_dir=shop_file.parent / "b", actor=Actor.command_line("t")
    ) as shop:
        shop.products.add(
            ProductDraft("Phone repair", kes("300"), kes("0"), sku=REPAIR, price_asked=True)
        )
    return shop_file


def test_a_price_asked_at_the_sale_is_given_after_an_at_sign(duka: Run, asked_file: Path) -> None:
    done = duka("sell", "--db", str(asked_file), REPAIR + "@250.50", SUGAR)
    assert done.returncode == 0, done.stderr
    db = sqlite3.connect(asked_file)
    sold = db.execute("SELECT name, unit_price, list_price FROM sale_lines ORDER BY id").fetchall()
    assert sold == [("Phone repair", 25050, 25050), ("Sukari", 18000, 18000)]
    assert duka("verify", "--db", str(asked_file)).returncode == 0


@pytest.mark.parametrize(
    ("item", "user", "reason"),
    [
        (REPAIR, "Zawadi", "The price of “Phone repair” is asked at the sale"),
        (REPAIR + "@0", "Zawadi", "Type a price above zero."),
        (REPAIR + "@abc", "Zawadi", "is not a price"),
        (REPAIR + "@200", "Wanjiru", "Wanjiru may not give discounts above the limit"),
        (SUGAR + "@150", "Wanjiru", "Wanjiru may not give discounts above the limit"),
    ],
)
def test_a_price_asked_refused_writes_nothing(
    duka: Run, asked_file: Path, item: str, user: str, reason: str
) -> None:
    before = counts(asked_file)
    done = duka("sell", "--db", str(asked_file), item, "--user", user)
    assert done.returncode == 2, done
    assert reason in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert counts(asked_file) == before


def test_the_owner_may_change_a_fixed_price_after_an_at_sign(duka: Run, asked_file: Path) -> None:
    done = duka("sell", "--db", str(asked_file), SUGAR + "@150")
    assert done.returncode == 0, done.stderr
    db = sqlite3.connect(asked_file)
    assert db.execute("SELECT unit_price, list_price FROM sale_lines").fetchone() == (15000, 18000)


def test_a_multi_buy_is_applied_and_the_total_shows_it(duka: Run, shop_file: Path) -> None:
    import datetime as dt

    from duka.core.promotions import Kind, PromotionDraft, Scope

    today = dt.date.today()
    with Shop.open(
        shop_file, backup_dir=shop_file.parent / "b", actor=Actor.command_line("t")
    ) as shop:
        shop.promotions.create(
            PromotionDraft(
                "Sukari 3 for 2",
                Kind.MULTI_BUY,
                Scope.PRODUCTS,
                today,
                today + dt.timedelta(days=3),
                products=frozenset({1}),
                buy=3,
                pay=2,
            ),
            confirmed=True,  # 120 a piece against a cost of 150: the shop's choice
        )
    done = duka("sell", "--db", str(shop_file), f"4*{SUGAR}", "--pay", "cash:600")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["S-000001", "saved\t180.00", "change\t60.00"]
    db = sqlite3.connect(shop_file)
    try:
        assert db.execute("SELECT gross, discount FROM sales").fetchone() == (54000, 0)
        line = db.execute(
            "SELECT quantity, discount, amount, promotion_id, promotion_saving FROM sale_lines"
        ).fetchone()
        assert line == (4000, 18000, 54000, 1, 18000)
    finally:
        db.close()
