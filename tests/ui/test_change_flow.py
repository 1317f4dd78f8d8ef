"""Changes reach the screens that show them: from this window's operations, and from another
process writing the same shop; a manager's approval is asked when the service names it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from duka.core.access import ApprovalNeeded, Approvals, Permission, Role
from duka.core.changes import Area, Changes
from duka.core.customers import NewCustomer
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.ui import approval
from duka.ui.main_window import MainWindow
from duka.ui.operations import perform
from duka.ui.screens.customers import CustomersScreen
from duka.ui.screens.suppliers import SuppliersScreen
from duka.ui.state import AppState
from tests.other_process import write_elsewhere


def test_a_customer_added_by_another_process_appears_on_the_open_screen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    screen = window.show_screen("customers")
    assert isinstance(screen, CustomersScreen)
    before = screen.model.rowCount()
    window.state.shop.take_changes()  # the day's set-up, told already
    seen: list[Changes] = []
    window.state.changed.connect(seen.append)
    window.state.watch()
    write_elsewhere(
        window.state.shop.path,
        tmp_path,
        "from duka.core.customers import NewCustomer",
        "from duka.core.money import Money",
        'shop.customers.add(NewCustomer("Bi. Mwajuma from the other till", Money.zero("KES")))',
    )
    # Nobody touches the window: the watch notices the other process's write by itself.
    qtbot.waitUntil(lambda: screen.model.rowCount() == before + 1, timeout=5000)
    assert seen == [Changes.of(Area.CUSTOMERS, Area.AUDIT)]
    window.state.watch(False)


def test_a_screen_refreshes_only_for_what_it_shows_and_only_in_sight(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    suppliers = window.show_screen("suppliers")
    customers = window.show_screen("customers")  # in front; suppliers out of sight
    assert isinstance(customers, CustomersScreen) and isinstance(suppliers, SuppliersScreen)
    reloaded: list[str] = []
    monkeypatch.setattr(customers, "_reload", lambda: reloaded.append("customers"))
    monkeypatch.setattr(suppliers, "_reload", lambda: reloaded.append("suppliers"))
    state = window.state
    state.shop.take_changes()  # the day's set-up, told already
    done = perform(
        None, state, lambda: state.shop.customers.add(NewCustomer("Neema", Money.zero("KES")))
    )
    assert done is not None and done.changes == Changes.of(Area.CUSTOMERS, Area.AUDIT)
    assert reloaded == ["customers"]
    state.broadcast(Changes.of(Area.USERS))  # nothing either list shows
    state.broadcast(Changes.of(Area.SUPPLIERS))  # a list out of sight
    assert reloaded == ["customers"]
    window.show_screen("suppliers")  # brought to the front, it reads afresh
    assert reloaded == ["customers", "suppliers"]


def test_a_refused_operation_shows_why_and_tells_only_its_audit_entry(
    window: MainWindow, refusals: list[str]
) -> None:
    state = window.state
    state.shop.access.sign_in("1357", "Wanjiru")  # a cashier
    state.shop.take_changes()
    seen: list[Changes] = []
    state.changed.connect(seen.append)
    done = perform(None, state, lambda: state.shop.access.add_user("X", Role.CASHIER, "97531"))
    assert done is None
    assert refusals == ["Wanjiru may not manage users. A manager can approve it."]
    assert seen == [Changes.of(Area.AUDIT)]  # the denied attempt, in the audit trail


def _discounted_sale(state: AppState) -> Approvals:
    """A cash sale at a discount beyond a cashier's limit, by Wanjiru the cashier; the
    approvals it was completed with."""
    checkout = state.shop.checkout
    line = checkout.line_for(state.shop.products.get(1), Quantity.of(1))
    cart, _ = checkout.new_cart().add(line)
    cart = cart.with_discount(Money.of("40", "KES"))
    tenders = [Tender(PaymentMethod.CASH, cart.totals().gross)]
    used: list[Approvals] = []

    def sell(given: Approvals) -> str:
        used.append(given)
        return checkout.complete(None, cart, tenders, given.get(Permission.DISCOUNT)).number

    done = approval.approved(None, state, sell, asks=(Permission.DISCOUNT,))
    assert done is not None and done.value.startswith("S-")
    return used[-1]


def test_a_refusal_naming_a_permission_asks_a_manager_and_tries_again(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = window.state
    state.shop.access.sign_in("1357", "Wanjiru")
    asked: list[Permission] = []

    def manager(_parent: object, st: AppState, permission: Permission) -> object:
        asked.append(permission)
        return st.shop.access.approve("2580", permission)  # Baraka, a manager

    monkeypatch.setattr(approval, "ask_approval", manager)
    db = state.shop.context.db
    count = "SELECT count(*) FROM audit WHERE action = ?"
    denied, approvals = (db.execute(count, (a,)).fetchone()[0] for a in ("denied", "approval"))
    used = _discounted_sale(state)
    assert asked == [Permission.DISCOUNT]
    assert Permission.DISCOUNT in used
    # Asking is not a denial: the trail has the approval, as when the PIN was asked first.
    assert db.execute(count, ("denied",)).fetchone()[0] == denied
    assert db.execute(count, ("approval",)).fetchone()[0] == approvals + 1


def test_a_permission_the_action_cannot_pass_on_is_refused_without_a_pin(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, refusals: list[str]
) -> None:
    state = window.state
    state.shop.access.sign_in("1357", "Wanjiru")
    monkeypatch.setattr(approval, "ask_approval", lambda *_args: pytest.fail("no PIN"))
    done = approval.approved(
        None,
        state,
        lambda _given: state.shop.access.add_user("X", Role.CASHIER, "97531"),
        asks=(Permission.DISCOUNT,),
    )
    assert done is None
    assert refusals == ["Wanjiru may not manage users. A manager can approve it."]


def test_no_manager_no_sale(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    state = window.state
    state.shop.access.sign_in("1357", "Wanjiru")
    monkeypatch.setattr(approval, "ask_approval", lambda *_args: None)
    before = state.shop.context.db.execute("SELECT count(*) FROM sales").fetchone()
    with pytest.raises(AssertionError):
        _discounted_sale(state)
    assert state.shop.context.db.execute("SELECT count(*) FROM sales").fetchone() == before


def test_the_refusal_names_the_permission_it_needs(window: MainWindow) -> None:
    state = window.state
    state.shop.access.sign_in("1357", "Wanjiru")
    with pytest.raises(ApprovalNeeded) as refused:
        state.shop.access.add_user("X", Role.CASHIER, "97531")
    assert refused.value.permission is Permission.MANAGE_USERS


def test_settings_changed_by_another_process_are_read_again(
    window: MainWindow, tmp_path: Path
) -> None:
    from duka.core import settings as spec

    assert spec.PHONE.key == "phone"
    state = window.state
    reread: list[bool] = []
    state.settings_changed.connect(lambda: reread.append(True))
    write_elsewhere(state.shop.path, tmp_path, 'shop.settings.save({"phone": "+254 700 111 222"})')
    assert state.settings[spec.PHONE] != "+254 700 111 222"
    changes = state.catch_up()
    assert changes.touches({Area.SETTINGS})
    assert state.settings[spec.PHONE] == "+254 700 111 222" and reread == [True]


def test_an_import_in_the_background_is_told_once_and_shown(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from duka.ui.dialogs.import_preview import ImportDialog
    from duka.ui.screens.products import ProductsScreen

    screen = window.show_screen("products")
    assert isinstance(screen, ProductsScreen)
    state = window.state
    before = screen.model.rowCount()
    state.shop.take_changes()
    seen: list[Changes] = []
    state.changed.connect(seen.append)
    source = tmp_path / "list.csv"
    source.write_text("name,price\nKahawa ya Kilimanjaro,450\n", "utf-8")
    dialog = ImportDialog(state, source, screen)
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._checking, timeout=10000)
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10000)
    assert seen == [Changes.of(Area.PRODUCTS, Area.STOCK, Area.AUDIT)]
    assert screen.model.rowCount() == before + 1
    assert state.catch_up() == Changes()  # its own connection's write, not another's
    assert len(seen) == 1
