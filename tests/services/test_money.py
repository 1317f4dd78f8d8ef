import datetime as dt

import pytest

from duka.core.access import Actor, ApprovalNeeded, Role
from duka.core.errors import Conflict, InvalidInput
from duka.core.money import Money
from duka.core.money_accounts import AccountDraft, AccountKind
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.services.shop import Shop
from duka.store import journal, report_reads

DAY = dt.date(2026, 11, 2)


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def verify_problems(shop: Shop) -> dict[str, tuple[str, ...]]:
    return {r.name: r.problems for r in shop.maintenance.verify() if r.problems}


def count(shop: Shop, table: str) -> int:
    return int(shop.context.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def bank_and_mpesa(shop: Shop) -> tuple[int, int]:
    money = shop.money
    bank = money.add_account(AccountDraft("KCB", AccountKind.BANK), kes("10000"), DAY)
    mpesa = money.add_account(AccountDraft("M-Pesa", AccountKind.MOBILE_MONEY), kes("2000"), DAY)
    return bank, mpesa


def expected(shop: Shop) -> int:
    session = shop.cash.current()
    assert session is not None
    return report_reads.cash_expected(shop.context.db, session.id)


def test_accounts_open_with_their_balance_and_transfers_move_both_legs(kenya_shop: Shop) -> None:
    shop = kenya_shop
    bank, mpesa = bank_and_mpesa(shop)
    balances = {a.name: a.balance for a in shop.money.accounts()}
    assert balances == {"KCB": kes("10000"), "M-Pesa": kes("2000")}
    shop.money.transfer(mpesa, bank, kes("1500"), "", DAY + dt.timedelta(days=3))
    assert shop.money.get(bank).balance == kes("11500")
    assert shop.money.get(mpesa).balance == kes("500")
    legs = shop.context.db.execute(
        "SELECT id, account_id, amount, transfer FROM money_entries WHERE kind = 'transfer' "
        "ORDER BY id"
    ).fetchall()
    assert [(a, m) for _i, a, m, _t in legs] == [(mpesa, -150000), (bank, 150000)]
    assert legs[0][3] == legs[1][3] == legs[0][0]  # both name the first leg

    book = shop.money.book(bank, DAY + dt.timedelta(days=1))
    assert book.opening == kes("10000")  # brought forward from before the period
    assert [(ln.kind, ln.amount, ln.balance) for ln in book.lines] == [
        ("transfer", kes("1500"), kes("11500"))
    ]
    assert book.lines[0].note == "From M-Pesa"  # read in the language on screen
    stored = shop.context.db.execute("SELECT DISTINCT note FROM money_entries").fetchall()
    assert stored == [("",)]  # nothing typed: nothing stored in one language
    full = shop.money.book(mpesa)
    assert [ln.balance for ln in full.lines] == [kes("2000"), kes("500")]
    assert verify_problems(shop) == {}


def test_a_transfer_that_would_overdraw_changes_nothing_unless_allowed(kenya_shop: Shop) -> None:
    shop = kenya_shop
    bank, mpesa = bank_and_mpesa(shop)
    before = (count(shop, "money_entries"), count(shop, "journal"))
    with pytest.raises(Conflict) as refused:
        shop.money.transfer(mpesa, bank, kes("2000.01"))
    assert "M-Pesa holds only" in refused.value.message
    assert (count(shop, "money_entries"), count(shop, "journal")) == before
    shop.money.update_account(mpesa, AccountDraft("M-Pesa", AccountKind.MOBILE_MONEY, True))
    shop.money.transfer(mpesa, bank, kes("2500"))
    assert shop.money.get(mpesa).balance == kes("-500")
    with pytest.raises(InvalidInput):
        shop.money.transfer(bank, bank, kes("1"))
    with pytest.raises(InvalidInput):
        shop.money.transfer(bank, mpesa, kes("0"))


def test_banking_the_drawer_reduces_what_the_session_expects(kenya_shop: Shop) -> None:
    shop = kenya_shop
    bank, mpesa = bank_and_mpesa(shop)
    tea = shop.products.add(
        ProductDraft("Chai", kes("100"), kes("60")), opening_stock=Quantity.of(50)
    )
    cart, _ = shop.checkout.new_cart().add(
        shop.checkout.line_for(shop.products.get(tea), Quantity.of(3))
    )
    shop.checkout.complete(
        None, cart, [Tender(PaymentMethod.CASH, kes("300"))], opening_float=kes("500")
    )
    assert expected(shop) == 80000
    with pytest.raises(Conflict):  # the drawer holds 800, not 900
        shop.money.transfer(None, bank, kes("900"))
    assert expected(shop) == 80000
    shop.money.transfer(None, bank, kes("600"), "weekly banking")
    assert expected(shop) == 20000
    assert shop.cash.report().pay_outs == kes("600")
    assert shop.money.get(bank).balance == kes("10600")
    shop.money.transfer(mpesa, None, kes("200"))  # withdrawing M-Pesa into the drawer
    assert expected(shop) == 40000
    assert shop.money.get(mpesa).balance == kes("1800")

    book = shop.money.drawer_book()
    assert [(ln.kind, ln.amount.minor) for ln in book.lines] == [
        ("open", 50000),
        ("sale", 30000),
        ("pay_out", -60000),
        ("pay_in", 20000),
    ]
    assert book.closing.minor == expected(shop)
    assert verify_problems(shop) == {}


def test_banking_needs_an_open_drawer(kenya_shop: Shop) -> None:
    bank, _mpesa = bank_and_mpesa(kenya_shop)
    with pytest.raises(Conflict):
        kenya_shop.money.transfer(None, bank, kes("1"))


def test_reconciling_with_and_without_a_difference(kenya_shop: Shop) -> None:
    shop = kenya_shop
    bank, _mpesa = bank_and_mpesa(shop)
    matched = shop.money.reconcile(bank, DAY, kes("10000"))
    assert matched.difference == kes("0") and not matched.adjusted
    kept = shop.money.reconcile(bank, DAY, kes("9950"))  # noted, not accepted
    assert kept.difference == kes("-50") and not kept.adjusted
    assert shop.money.get(bank).balance == kes("10000")
    accepted = shop.money.reconcile(bank, DAY, kes("9950"), accept=True)
    assert accepted.adjusted and accepted.book == kes("10000")
    assert shop.money.get(bank).balance == kes("9950")
    assert [ln.kind for ln in shop.money.book(bank).lines] == ["opening", "adjustment"]
    assert count(shop, "money_reconciliations") == 3
    assert shop.money.last_reconciliation(bank) == (DAY, kes("9950"), kes("10000"))
    with pytest.raises(InvalidInput):
        shop.money.reconcile(bank, dt.date.today() + dt.timedelta(days=2), kes("1"))


def test_drawings_of_money_and_goods_and_capital(kenya_shop: Shop) -> None:
    shop = kenya_shop
    bank, _mpesa = bank_and_mpesa(shop)
    shop.cash.open(kes("1000"))
    first = shop.money.draw_money(kes("300"), None, "school fees")
    assert first == "DR-000001"
    assert expected(shop) == 70000
    assert shop.cash.report().pay_outs == kes("300")
    shop.money.draw_money(kes("2500"), bank)
    assert shop.money.get(bank).balance == kes("7500")
    with pytest.raises(Conflict):
        shop.money.draw_money(kes("800"), None)  # the drawer holds 700
    capital = shop.money.put_capital(kes("5000"), bank, "savings")
    shop.money.put_capital(kes("100"), None)
    assert shop.money.get(bank).balance == kes("12500")
    assert expected(shop) == 80000

    sugar = shop.products.add(
        ProductDraft("Sukari", kes("150"), kes("123.45")), opening_stock=Quantity.of(10)
    )
    rice = shop.products.add(
        ProductDraft("Mchele", kes("200"), kes("90")), opening_stock=Quantity.of(10)
    )
    goods = shop.money.draw_goods([(sugar, Quantity.of(2)), (rice, Quantity.of(1))], "home")
    assert shop.stock.level(sugar) == Quantity.of(8)
    assert shop.stock.level(rice) == Quantity.of(9)
    drawings = {d.number: d for d in shop.money.drawings()}
    assert drawings[goods].amount == 24690 + 9000 and drawings[goods].what == "goods"
    assert drawings[capital].kind == "capital"
    moves = shop.context.db.execute(
        "SELECT kind, quantity, reason FROM stock_movements WHERE document = ?", (goods,)
    ).fetchall()
    assert {(k, q) for k, q, _r in moves} == {("adjust", -2000), ("adjust", -1000)}
    assert all("drawing" in r for _k, _q, r in moves)
    kinds = {k for (k,) in shop.context.db.execute("SELECT kind FROM journal")}
    assert {"drawing", "money_entry", "money_account"} <= kinds
    actions = [a for (a,) in shop.context.db.execute("SELECT action FROM audit")]
    assert actions.count("owner_money") == 5
    assert verify_problems(shop) == {}


def test_roles(kenya_shop: Shop) -> None:
    shop = kenya_shop
    bank, mpesa = bank_and_mpesa(shop)
    shop.context.actor = Actor(None, "Baraka", Role.MANAGER)
    shop.money.transfer(bank, mpesa, kes("100"))  # a manager moves money
    shop.money.add_account(AccountDraft("Equity", AccountKind.BANK))
    with pytest.raises(ApprovalNeeded):  # but only the owner takes it home
        shop.money.draw_money(kes("100"), bank)
    with pytest.raises(ApprovalNeeded):  # or allows an overdraft
        shop.money.update_account(bank, AccountDraft("KCB", AccountKind.BANK, True))
    shop.context.actor = Actor(None, "Wanjiru", Role.CASHIER)
    with pytest.raises(ApprovalNeeded):
        shop.money.transfer(bank, mpesa, kes("100"))


def test_verify_sees_a_transfer_leg_removed(kenya_shop: Shop) -> None:
    shop = kenya_shop
    bank, mpesa = bank_and_mpesa(shop)
    shop.money.transfer(bank, mpesa, kes("100"))
    db = shop.context.db
    db.execute("DROP TRIGGER money_entries_no_delete")
    db.execute("DELETE FROM money_entries WHERE id = (SELECT max(id) FROM money_entries)")
    found = verify_problems(shop)
    assert any("does not have two legs" in p for p in found["Money accounts"])
    assert journal.MONEY_ENTRY.kind == "money_entry"


def test_names_and_deactivating(kenya_shop: Shop) -> None:
    shop = kenya_shop
    bank, mpesa = bank_and_mpesa(shop)
    with pytest.raises(InvalidInput):
        shop.money.add_account(AccountDraft(" kcb ", AccountKind.BANK))
    with pytest.raises(InvalidInput):
        shop.money.add_account(AccountDraft("  ", AccountKind.BANK))
    shop.money.update_account(bank, AccountDraft("KCB  Town", AccountKind.BANK), active=False)
    assert shop.money.get(bank).name == "KCB Town" and not shop.money.get(bank).active
    assert [a.id for a in shop.money.accounts(active_only=True)] == [mpesa]
    with pytest.raises(InvalidInput):
        shop.money.transfer(mpesa, bank, kes("1"))


def test_a_past_sessions_drawer_book(kenya_shop: Shop) -> None:
    shop = kenya_shop
    bank, _mpesa = bank_and_mpesa(shop)
    shop.cash.open(kes("1000"))
    shop.money.transfer(None, bank, kes("400"))
    session = shop.cash.current()
    assert session is not None
    shop.cash.close(kes("600"))
    with pytest.raises(Conflict):
        shop.money.drawer_book()  # none open
    book = shop.money.drawer_book(session.id)
    assert [ln.balance.minor for ln in book.lines] == [100000, 60000]
    assert shop.money.drawer_sessions()[0][0] == session.id


def test_the_demo_has_its_money(demo_shop: Shop) -> None:
    money = demo_shop.money
    accounts = {a.kind: a for a in money.accounts()}
    assert set(accounts) == {AccountKind.BANK, AccountKind.MOBILE_MONEY}
    bank_book = money.book(accounts[AccountKind.BANK].id)
    kinds = [ln.kind for ln in bank_book.lines]
    assert kinds[0] == "opening" and "capital" in kinds and "adjustment" in kinds
    assert kinds.count("transfer") >= 3  # M-Pesa's and the weekly banking
    assert bank_book.closing == accounts[AccountKind.BANK].balance
    drawn = money.drawings()
    assert {(d.kind, d.what) for d in drawn} == {
        ("capital", "money"),
        ("drawing", "money"),
        ("drawing", "goods"),
    }
    assert {d.method for d in drawn if d.what == "money"} == {"drawer", "account"}
    assert verify_problems(demo_shop) == {}
