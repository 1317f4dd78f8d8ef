"""Customers' accounts: sales on account, payments, limits, store credit and verification."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duka.core import settings as spec
from duka.core.access import Permission, Role
from duka.core.customers import NewCustomer
from duka.core.errors import Conflict, InvalidInput, NotAllowed
from duka.core.ledger import EntryKind
from duka.core.ledger import PaymentMethod as Paid
from duka.core.money import Money
from duka.core.payment_qr import QrKind
from duka.core.quantity import Quantity
from duka.core.sale import Cart, PaymentMethod, Tender
from duka.services.shop import Shop
from tests.conftest import OWNER_PIN
from tests.services.test_checkout import add, ean, kes, scan_into


@pytest.fixture
def shop(kenya_shop: Shop) -> Shop:
    add(kenya_shop, "Sukari", "100", ean("616400000101"), tax=None)
    return kenya_shop


def customer(shop: Shop, name: str = "Mama Njeri", limit: str = "1000", **more: str) -> int:
    return shop.customers.add(NewCustomer(name, kes(limit), **more))


def sell_on_account(shop: Shop, customer_id: int, units: int = 1, **kw: object) -> str:
    cart: Cart = scan_into(shop, shop.checkout.new_cart(), *[ean("616400000101")] * units)
    cart = cart.with_customer(customer_id)
    total = Money.of(100 * units, "KES")
    return shop.checkout.complete(None, cart, [Tender(PaymentMethod.ACCOUNT, total)], **kw).number


def problems(shop: Shop) -> list[str]:
    return [p for result in shop.maintenance.verify() for p in result.problems]


def test_a_sale_on_account_is_owed_and_a_payment_settles_the_oldest(shop: Shop) -> None:
    njeri = customer(shop)
    first = sell_on_account(shop, njeri, 3)
    second = sell_on_account(shop, njeri, 2)
    assert shop.accounts.balance(njeri) == kes("500")
    assert shop.customers.get(njeri).balance == kes("500")
    number = shop.accounts.receive_payment(njeri, kes("350"), Paid.MOBILE, "QK7X")
    assert number == "CP-000001"
    assert shop.accounts.balance(njeri) == kes("150")
    open_debts = shop.accounts.open_debts(njeri)
    assert [(d.document, d.open) for d in open_debts] == [(second, 15000)]
    assert first != second
    kinds = [(e.kind, e.amount, e.balance) for e in shop.accounts.entries(njeri)]
    assert kinds == [
        (EntryKind.SALE, kes("300"), kes("300")),
        (EntryKind.SALE, kes("200"), kes("500")),
        (EntryKind.PAYMENT, kes("-350"), kes("150")),
    ]
    assert problems(shop) == []


def test_a_payment_can_be_put_against_a_chosen_debt(shop: Shop) -> None:
    njeri = customer(shop)
    sell_on_account(shop, njeri, 3)
    second = sell_on_account(shop, njeri, 2)
    chosen = [d.entry_id for d in shop.accounts.open_debts(njeri) if d.document == second]
    shop.accounts.receive_payment(njeri, kes("200"), Paid.CASH, picked=chosen)
    assert [d.document for d in shop.accounts.open_debts(njeri)] != [second]
    assert shop.accounts.balance(njeri) == kes("300")


def test_bad_payments_are_refused_and_change_nothing(shop: Shop) -> None:
    njeri = customer(shop)
    sell_on_account(shop, njeri, 2)
    db = shop.context.db
    before = db.execute("SELECT count(*) FROM customer_ledger").fetchone()
    for amount in ("-5", "0", "200.01"):
        with pytest.raises(InvalidInput):
            shop.accounts.receive_payment(njeri, kes(amount), Paid.CASH)
    with pytest.raises(InvalidInput):
        shop.accounts.receive_payment(njeri, Money.of("5", "USD"), Paid.CASH)
    with pytest.raises(InvalidInput):  # no reason
        shop.accounts.adjust(njeri, kes("-20"), "  ")
    with pytest.raises(InvalidInput):
        shop.accounts.give_store_credit(njeri, kes("-20"), "goodwill")
    assert db.execute("SELECT count(*) FROM customer_ledger").fetchone() == before
    assert db.execute("SELECT next FROM counters WHERE series = 'customer_payment'").fetchone() in (
        None,
        (1,),
    )


def test_paying_more_than_is_owed_keeps_the_rest_as_store_credit(shop: Shop) -> None:
    njeri = customer(shop, limit="0")
    shop.accounts.receive_payment(njeri, kes("250"), Paid.CASH, keep_as_credit=True)
    assert shop.accounts.balance(njeri) == kes("-250")
    # the credit pays a later sale on account, with no credit limit needed
    sell_on_account(shop, njeri, 2)
    assert shop.accounts.balance(njeri) == kes("-50")
    assert shop.accounts.open_debts(njeri) == []
    assert problems(shop) == []


def test_a_sale_beyond_the_credit_limit_needs_a_manager(shop: Shop) -> None:
    shop.access.add_user("Neema", Role.CASHIER, "1357")
    njeri = customer(shop, limit="300")
    shop.access.sign_in("1357")
    sell_on_account(shop, njeri, 3)  # exactly the limit
    assert shop.checkout.beyond_credit_limit(njeri, kes("1"))
    with pytest.raises(NotAllowed):
        sell_on_account(shop, njeri, 1)
    assert shop.accounts.balance(njeri) == kes("300")
    approval = shop.access.approve(OWNER_PIN, Permission.EXCEED_CREDIT_LIMIT)
    sell_on_account(shop, njeri, 1, credit_approval=approval)
    assert shop.accounts.balance(njeri) == kes("400")


def test_a_refund_to_the_account_lowers_the_debt_and_then_gives_credit(shop: Shop) -> None:
    njeri = customer(shop)
    number = sell_on_account(shop, njeri, 2)
    line = shop.returns.find(number).lines[0].line_id
    shop.returns.refund(number, {line: (Quantity.of("1"), True)}, PaymentMethod.ACCOUNT)
    assert shop.accounts.balance(njeri) == kes("100")
    shop.returns.refund(number, {line: (Quantity.of("1"), True)}, PaymentMethod.ACCOUNT)
    assert shop.accounts.balance(njeri) == kes("0")
    cash_sale = scan_into(shop, shop.checkout.new_cart(), ean("616400000101"))
    done = shop.checkout.complete(
        None, cash_sale.with_customer(njeri), [Tender(PaymentMethod.CASH, kes("100"))]
    )
    line = shop.returns.find(done.number).lines[0].line_id
    shop.returns.refund(done.number, {line: (Quantity.of("1"), True)}, PaymentMethod.ACCOUNT)
    assert shop.accounts.balance(njeri) == kes("-100")  # store credit
    assert problems(shop) == []


def test_adjustments_and_opening_balances_are_restricted(shop: Shop) -> None:
    njeri = customer(shop)
    shop.accounts.set_opening(njeri, kes("700"), "from the notebook")
    with pytest.raises(Conflict):
        shop.accounts.set_opening(njeri, kes("100"))
    assert shop.accounts.adjust(njeri, kes("-50"), "counted a bag twice") == "ADJ-000001"
    assert shop.accounts.give_store_credit(njeri, kes("20"), "late delivery") == "ADJ-000002"
    assert shop.accounts.balance(njeri) == kes("630")
    shop.access.add_user("Neema", Role.CASHIER, "1357")
    shop.access.sign_in("1357")
    with pytest.raises(NotAllowed):
        shop.accounts.adjust(njeri, kes("-50"), "because")
    approval = shop.access.approve(OWNER_PIN, Permission.ADJUST_ACCOUNTS)
    shop.accounts.adjust(njeri, kes("-30"), "rounding", approval)
    assert shop.accounts.balance(njeri) == kes("600")
    shop.access.sign_in(OWNER_PIN)
    assert problems(shop) == []


def test_cash_taken_for_debts_is_expected_in_the_drawer(shop: Shop) -> None:
    njeri = customer(shop)
    shop.cash.open(kes("1000"))
    sell_on_account(shop, njeri, 4)
    shop.accounts.receive_payment(njeri, kes("150"), Paid.CASH)
    shop.accounts.receive_payment(njeri, kes("100"), Paid.MOBILE)
    report = shop.cash.report()
    assert report.sums.account_payments == {"cash": 15000, "mobile": 10000}
    assert report.expected == kes("1150")


def test_receivables_age_each_open_debt(shop: Shop) -> None:
    now = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)
    moments = iter(
        [now - dt.timedelta(days=100), now - dt.timedelta(days=45), now - dt.timedelta(days=2)]
    )
    njeri, baraka = customer(shop), customer(shop, "Baraka")
    for who in (njeri, njeri, baraka):
        moment = next(moments)
        shop.context.clock = lambda moment=moment: moment  # type: ignore[misc]
        sell_on_account(shop, who, 1)
    shop.context.clock = lambda: now
    shop.accounts.receive_payment(njeri, kes("50"), Paid.CASH)
    found = shop.accounts.receivables(dt.date(2026, 11, 25))
    rows = {r.name: r for r in found.rows}
    assert rows["Mama Njeri"].ageing.over_90 == 5000
    assert rows["Mama Njeri"].ageing.days_31_60 == 10000
    assert rows["Baraka"].ageing.current == 10000
    assert found.totals.total == 25000
    assert rows["Mama Njeri"].days_oldest(dt.date(2026, 11, 25)) == 100


def test_verify_finds_an_account_changed_outside_duka(shop: Shop) -> None:
    njeri = customer(shop)
    sell_on_account(shop, njeri, 2)
    db = shop.context.db
    db.execute("UPDATE customer_balances SET balance = 1 WHERE customer_id = ?", (njeri,))
    db.execute("DROP TRIGGER customer_ledger_no_update")
    db.execute("UPDATE customer_ledger SET amount = 5000")
    found = problems(shop)
    assert any("cached balance 1" in p for p in found)
    assert any("customer_ledger_no_update" in p for p in found)
    assert any("on account is missing" in p for p in found)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["sale", "pay", "adjust", "credit"]), st.integers(1, 9)),
        min_size=1,
        max_size=12,
    )
)
def test_the_balance_is_always_the_sum_of_the_entries(shop: Shop, steps: list) -> None:
    njeri = customer(shop, name=f"C{len(steps)}-{id(steps)}", limit="100000")
    for kind, units in steps:
        owed = shop.accounts.balance(njeri)
        if kind == "sale":
            sell_on_account(shop, njeri, units)
        elif kind == "pay":
            amount = kes(str(units * 40))
            shop.accounts.receive_payment(njeri, amount, Paid.CASH, keep_as_credit=amount > owed)
        elif kind == "adjust":
            shop.accounts.adjust(njeri, kes(str(units * 7)), "test")
        else:
            shop.accounts.give_store_credit(njeri, kes(str(units * 11)), "test")
        summed = sum(e.amount.minor for e in shop.accounts.entries(njeri))
        assert shop.accounts.balance(njeri).minor == summed
        debts = shop.accounts.open_debts(njeri)
        assert sum(d.open for d in debts) == max(summed, 0)
    assert problems(shop) == []


def test_statement_and_reminder_in_the_customers_language(shop: Shop, tmp_path: Path) -> None:
    from pypdf import PdfReader

    shop.settings.save(
        {spec.PAYMENT_QR.key: QrKind.TEXT.value, spec.PAYMENT_TEXT.key: "pay {amount} {reference}"}
    )
    amina = customer(shop, "Amina", language="fr")
    sell_on_account(shop, amina, 3)
    shop.accounts.receive_payment(amina, kes("120"), Paid.CASH)
    pages = shop.accounts.statement_pdf(amina, None, None, tmp_path / "s.pdf")
    assert pages == 1
    text = PdfReader(tmp_path / "s.pdf").pages[0].extract_text()
    assert "Amina" in text and "CP-000001" in text
    assert "Relevé client" in text  # French, the customer's language
    assert shop.accounts.payment_code(amina) == f"pay 180.00 C{amina}"
    due = shop.accounts.reminder(amina, tmp_path / "r.pdf", tmp_path / "r.png")
    assert due == kes("180")
    assert (tmp_path / "r.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    reminder = PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    assert "Amina" in reminder
    shop.accounts.receive_payment(amina, kes("180"), Paid.CASH)
    with pytest.raises(InvalidInput):
        shop.accounts.reminder(amina, tmp_path / "r2.pdf")


def test_a_refund_settles_its_own_sale_before_older_debts(shop: Shop) -> None:
    njeri = customer(shop)
    older = sell_on_account(shop, njeri, 2)
    newer = sell_on_account(shop, njeri, 3)
    line = shop.returns.find(newer).lines[0].line_id
    shop.returns.refund(newer, {line: (Quantity.of("1"), True)}, PaymentMethod.ACCOUNT)
    left = {d.document: d.open for d in shop.accounts.open_debts(njeri)}
    assert left == {older: 20000, newer: 20000}


def test_the_ledgers_queries_keep_their_plans(shop: Shop) -> None:
    """Settling the oldest first walks only the open items of the other side, in order and
    without sorting them; the receivables list reads the open amounts from an index alone;
    with or without ANALYZE's statistics."""
    njeri = customer(shop)
    for _ in range(3):
        sell_on_account(shop, njeri, 1)
    db = shop.context.db
    for analysed in (False, True):
        if analysed:
            db.execute("ANALYZE")
        for sign, index in (("open > 0", "debts"), ("open < 0", "credits")):
            oldest = db.execute(
                "EXPLAIN QUERY PLAN SELECT entry_id, open FROM customer_open WHERE "
                f"customer_id = ? AND {sign} AND entry_id != ? ORDER BY at, entry_id",
                (njeri, 0),
            ).fetchall()
            assert [r[3] for r in oldest] == [
                f"SEARCH customer_open USING INDEX customer_open_{index} (customer_id=?)"
            ]
        owed = db.execute(
            "EXPLAIN QUERY PLAN SELECT customer_id, sum(open), min(at) FROM customer_open "
            "WHERE open > 0 GROUP BY customer_id"
        ).fetchall()
        assert [r[3] for r in owed] == [
            "SCAN customer_open USING COVERING INDEX customer_open_customer"
        ]
