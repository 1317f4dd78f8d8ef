"""The Expenses screen and the Record expense dialog as a user drives them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from duka.core.access import Role
from duka.core.money import Money
from duka.ui.dialogs.expense_categories import ExpenseCategoriesDialog
from duka.ui.dialogs.expense_editor import ExpenseEditor
from duka.ui.dialogs.pin_entry import PinDialog
from duka.ui.main_window import MainWindow
from duka.ui.screens.expenses import ExpensesScreen
from duka.ui.state import AppState
from tests.ui.helpers import cell


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def test_recording_an_expense_through_the_dialog(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    screen = window.show_screen("expenses")
    assert isinstance(screen, ExpensesScreen)
    shop = window.state.shop
    before = screen.model.rowCount()
    # This month's rent is due in the demo: the strip proposes it.
    assert not screen.due_strip.isHidden()
    dialog = ExpenseEditor(window.state, screen)
    qtbot.addWidget(dialog)
    dialog.category.setCurrentIndex(dialog.category.findText("Repairs"))
    dialog.amount.setText("1,160")
    dialog.rate.setCurrentIndex(dialog.rate.findData("S"))
    dialog._show_tax()
    shown = dialog.tax_shown.text().replace("\u2068", "").replace("\u2069", "")
    assert shown == "Ksh\u00a0160.00 (without tax: Ksh\u00a01,000.00)"
    dialog.payee.setText("Fundi Otieno")
    receipt = tmp_path / "fundi.jpg"
    receipt.write_bytes(b"\xff\xd8\xff a photo")
    dialog.attach(receipt)
    assert dialog.file_name.text() == "fundi.jpg"
    dialog.accept()
    assert dialog.error.text() == ""
    assert dialog.number is not None and dialog.number.startswith("EX-")
    done = shop.expenses.get(dialog.number)
    assert (done.category.key, done.gross, done.tax, done.payee, done.files) == (
        "repairs",
        kes("1160"),
        kes("160"),
        "Fundi Otieno",
        1,
    )
    screen._reload()
    assert screen.model.rowCount() == before + 1
    last = screen.model.rowCount() - 1
    assert cell(screen.model, last, 0) == "Repairs"
    assert "total" in screen.summary.text()


def test_an_expense_made_monthly_is_proposed_from_next_month(qtbot: QtBot, state: AppState) -> None:
    """Ticking "every month" records the expense and proposes it again on that day of each
    month to come (the 28th at the latest)."""
    import datetime as dt

    shop = state.shop
    before = {r.id for r in shop.expenses.recurring()}
    dialog = ExpenseEditor(state)
    qtbot.addWidget(dialog)
    assert not dialog.monthly.isHidden()  # the owner may
    dialog.day.setDate(dialog.day.date().addDays(-(dialog.day.date().day() - 1)))  # the 1st
    dialog.category.setCurrentIndex(dialog.category.findText("Water"))
    dialog.amount.setText("800")
    dialog.payee.setText("Water company")
    dialog.monthly.setChecked(True)
    dialog.accept()
    assert dialog.error.text() == "" and dialog.number is not None
    made = [r for r in shop.expenses.recurring() if r.id not in before]
    assert len(made) == 1
    day = shop.expenses.get(dialog.number).day
    following = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    assert (made[0].gross, made[0].payee, made[0].next_due) == (
        kes("800"),
        "Water company",
        following,
    )
    assert made[0] not in shop.expenses.due(day)  # not proposed again this month
    shop.access.add_user("Till Cashier", Role.CASHIER, "97531")
    shop.access.sign_in("97531")
    cashier = ExpenseEditor(state)
    qtbot.addWidget(cashier)
    assert cashier.monthly.isHidden()  # a cashier records what was paid, not what will be


def test_a_refused_expense_stays_in_the_form_and_writes_nothing(
    qtbot: QtBot, state: AppState
) -> None:
    count = state.shop.context.db.execute("SELECT count(*) FROM expenses").fetchone()
    dialog = ExpenseEditor(state)
    qtbot.addWidget(dialog)
    dialog.amount.setText("0")
    dialog.payee.setText("Nobody")
    dialog.accept()
    assert dialog.error.text() == "An amount must be more than zero."
    assert dialog.payee.text() == "Nobody" and dialog.number is None
    assert state.shop.context.db.execute("SELECT count(*) FROM expenses").fetchone() == count


def test_a_cashier_above_the_limit_asks_a_managers_pin(
    qtbot: QtBot, state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    state.sign_in("1357")  # Wanjiru, a cashier; the limit is 1,000 at first
    asked: list[str] = []

    def manager_types_pin(dialog: PinDialog) -> int:
        asked.append(dialog.intro.text())
        dialog.pin_edit.setText("2580")  # Baraka
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(PinDialog, "exec", manager_types_pin)
    dialog = ExpenseEditor(state)
    qtbot.addWidget(dialog)
    assert "a manager approves" in dialog.limit_note.text()
    dialog.amount.setText("1500")
    dialog.accept()
    assert len(asked) == 1 and dialog.number is not None
    row = state.shop.context.db.execute(
        "SELECT approved_by, actor FROM expenses WHERE number = ?", (dialog.number,)
    ).fetchone()
    assert row == ("Baraka", "Wanjiru")


def test_the_owner_adds_a_category(qtbot: QtBot, state: AppState) -> None:
    dialog = ExpenseCategoriesDialog(state)
    qtbot.addWidget(dialog)
    count = dialog.listing.count()
    dialog.name.setText("Security guard")
    dialog.add()
    assert dialog.listing.count() == count + 1 and dialog.error.text() == ""
    dialog.name.setText("rent")
    dialog.add()
    assert dialog.error.text() == "There is already a category named rent."
