"""Batches on screen: the receive dialog's batch and expiry, the till's line with its batch,
picking another batch, an expired batch asking a manager, the Expiring tab and the product
editor's flag."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from duka.core.access import Permission
from duka.core.quantity import Quantity
from duka.ui.main_window import MainWindow
from duka.ui.state import AppState


def product_id(state: AppState, sku: str) -> int:
    found = [row.id for row in state.shop.products.search(sku, 5) if row.sku == sku]
    assert found, sku
    return found[0]


def test_receiving_a_batch_product_asks_its_batch_and_expiry(qtbot: QtBot, state: AppState) -> None:
    from duka.ui.dialogs.receive_goods import ReceiveGoodsDialog

    para = state.shop.products.get(product_id(state, "MED-PARA"))
    dialog = ReceiveGoodsDialog(state)
    qtbot.addWidget(dialog)
    batch, expires = dialog._batch_column, dialog._expiry_column  # after the tax, if any
    dialog.reference.setText("INV-77")  # a delivery with tax names the supplier's invoice
    assert dialog.table.isColumnHidden(batch)  # no batch column before a batch product comes
    dialog.add(para, Quantity.of(10))
    assert not dialog.table.isColumnHidden(batch) and not dialog.table.isColumnHidden(expires)
    before = state.shop.batches.all_batches(para.id)
    dialog.accept()  # no batch typed: refused, nothing written
    assert "type the batch number" in dialog.error.text()
    dialog.table.item(0, batch).setText("PA-NEW")  # type: ignore[union-attr]
    expiry = dt.date.today() + dt.timedelta(days=400)
    dialog.table.item(0, expires).setText(expiry.strftime("%d/%m/%Y"))  # type: ignore[union-attr]
    dialog.accept()
    assert dialog.number is not None, dialog.error.text()
    after = {b.number: b for b in state.shop.batches.all_batches(para.id)}
    assert len(after) == len(before) + 1
    assert after["PA-NEW"].expiry == expiry


def test_the_till_shows_the_batch_and_lets_the_cashier_pick_another(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duka.ui.dialogs import choose_batch
    from duka.ui.screens.sell import SellScreen

    sell = window.show_screen("sell")
    assert isinstance(sell, SellScreen)
    sell._add_product(product_id(window.state, "MED-PARA"))
    short, full, expired = sell.model.batch_notes[0]
    assert "Batch PA2611, expires" in full and not expired  # the first to expire
    assert short.startswith("PA2611 · ")  # under the name, as short as a netbook needs
    tooltip = sell.model.data(sell.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tooltip == full
    assert "Ctrl+B" in sell.notice.text()
    later = [b for b in window.state.shop.batches.batches_of(sell.cart.lines[0].product_id)][-1]

    def pick(dialog: choose_batch.ChooseBatchDialog) -> int:
        dialog.list.setCurrentRow(dialog.list.count() - 1)
        dialog.accept()
        return 1

    monkeypatch.setattr(choose_batch.ChooseBatchDialog, "exec", pick)
    sell.table.selectRow(0)
    sell.choose_batch()
    assert sell.cart.lines[0].batch_id == later.batch_id
    assert f"Batch {later.number}" in sell.model.batch_notes[0][1]


def test_an_expired_only_product_warns_and_asks_a_managers_pin_at_pay(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duka.ui import approval
    from duka.ui.dialogs import payment
    from duka.ui.screens.sell import SellScreen

    sell = window.show_screen("sell")
    assert isinstance(sell, SellScreen)
    ors = product_id(window.state, "MED-ORS")
    sell._add_product(ors)
    assert sell.model.batch_notes[0][2]  # expired: drawn in red
    assert "expired" in sell.model.batch_notes[0][0]
    assert "cannot be sold unless a manager approves" in sell.notice.text()
    asked: list[Permission] = []

    def no_pin(_parent: object, _state: object, permission: Permission) -> None:
        asked.append(permission)
        return None  # the manager is not there

    monkeypatch.setattr(approval, "ask_approval", no_pin)
    sales = window.state.shop.context.db.execute("SELECT count(*) FROM sales").fetchone()

    def pay_cash(dialog: payment.PaymentDialog) -> int:
        dialog.accept()
        return 0

    monkeypatch.setattr(payment.PaymentDialog, "exec", pay_cash)
    sell.pay()
    assert asked == [Permission.SELL_EXPIRED]
    assert window.state.shop.context.db.execute("SELECT count(*) FROM sales").fetchone() == sales
    assert window.state.shop.stock.level(ors).milli > 0


def test_the_expiring_tab_lists_and_writes_off_an_expired_batch(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duka.ui.screens.stock import StockScreen
    from duka.ui.widgets import expiring_page

    stock = window.show_screen("stock")
    assert isinstance(stock, StockScreen)
    stock.tabs.setCurrentWidget(stock.expiring)
    page = stock.expiring
    page.days.setValue(7)
    names = [page.table.item(r, 2).text() for r in range(page.table.rowCount())]  # type: ignore[union-attr]
    assert any("OR2409" in n for n in names) and any("BK-1203" in n for n in names)
    assert not any("PA2611" in n for n in names)  # months away
    assert "expired" in page.summary.text()
    row = next(r for r, n in enumerate(names) if "OR2409" in n)
    monkeypatch.setattr(expiring_page, "ask", lambda *_a: True)
    page.table.selectRow(row)
    page.write_off_selected()
    QApplication.processEvents()
    after = [page.table.item(r, 2).text() for r in range(page.table.rowCount())]  # type: ignore[union-attr]
    assert not any("OR2409" in n for n in after)
    assert window.state.shop.stock.level(product_id(window.state, "MED-ORS")).milli == 0


def test_the_product_editor_sets_keeping_batches(qtbot: QtBot, state: AppState) -> None:
    from duka.ui.dialogs.product_editor import ProductEditor

    sugar = state.shop.products.get(1)
    editor = ProductEditor(state, sugar)
    qtbot.addWidget(editor)
    assert not editor.keeps_batches.isChecked()
    editor.keeps_batches.setChecked(True)
    editor.accept()
    assert state.shop.batches.tracks(sugar.id)
    again = ProductEditor(state, state.shop.products.get(1))
    qtbot.addWidget(again)
    assert again.keeps_batches.isChecked()


def test_receiving_against_an_order_asks_the_batch_of_a_batch_product(
    qtbot: QtBot, state: AppState
) -> None:
    from duka.core.purchases import OrderLineDraft, PurchaseOrderDraft
    from duka.ui.dialogs.receive_order import ReceiveOrderDialog

    amox = state.shop.products.get(product_id(state, "MED-AMOX"))
    supplier = state.shop.suppliers.suppliers(active_only=True)[0].id
    number = state.shop.purchases.create(
        PurchaseOrderDraft(
            supplier, (OrderLineDraft(amox.id, Quantity.of(6), amox.draft.cost_price),)
        )
    )
    dialog = ReceiveOrderDialog(state, state.shop.purchases.find(number))
    qtbot.addWidget(dialog)
    batch, expires = dialog._batch_column, dialog._expiry_column  # after the tax, if any
    dialog.reference.setText("INV-78")  # a delivery with tax names the supplier's invoice
    assert not dialog.table.isColumnHidden(batch)
    dialog.accept()
    assert "give the expiry date" in dialog.error.text() or "batch number" in dialog.error.text()
    dialog.table.item(0, batch).setText("AX-PO")  # type: ignore[union-attr]
    later = (dt.date.today() + dt.timedelta(days=300)).isoformat()
    dialog.table.item(0, expires).setText(later)  # type: ignore[union-attr]
    dialog.accept()
    assert dialog.number is not None, dialog.error.text()
    assert "AX-PO" in {b.number for b in state.shop.batches.batches_of(amox.id)}
