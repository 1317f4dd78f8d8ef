"""The Invoices screen, the editor and the document view, driven as a user would."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from duka.core.customers import NewCustomer
from duka.core.invoices import DocKind, DocLine, Status
from duka.core.ledger import PaymentMethod
from duka.core.quantity import Quantity
from duka.services.shop import Shop
from duka.ui.dialogs import invoice_editor
from duka.ui.dialogs.invoice_editor import InvoiceEditor
from duka.ui.dialogs.invoice_line import InvoiceLineDialog
from duka.ui.dialogs.invoice_payment import InvoicePaymentDialog
from duka.ui.dialogs.invoice_view import InvoiceView
from duka.ui.main_window import MainWindow
from duka.ui.screens.invoices import InvoicesScreen
from tests.services.test_invoice_facturx import eur
from tests.services.test_invoice_facturx import french_shop as french_shop
from tests.ui.helpers import cell


def screen_of(window: MainWindow) -> InvoicesScreen:
    screen = window.show_screen("invoices")
    assert isinstance(screen, InvoicesScreen)
    return screen


def test_the_list_shows_the_demo_documents_and_what_is_overdue(window: MainWindow) -> None:
    screen = screen_of(window)
    listed = window.state.shop.invoices.listing(since=None)
    assert screen.model.rowCount() == len(listed) > 0
    numbers = [cell(screen.model, r, 1) for r in range(screen.model.rowCount())]
    assert any(n.startswith("INV-") for n in numbers) and "Draft" in numbers
    assert "overdue" in screen.summary.text()
    screen.type_filter.setCurrentIndex(screen.type_filter.findData(DocKind.QUOTE.value))
    screen._reload()
    assert {cell(screen.model, r, 2) for r in range(screen.model.rowCount())} == {"Quote"}
    screen.type_filter.setCurrentIndex(0)
    screen.status_filter.setCurrentIndex(screen.status_filter.findData(Status.OVERDUE.value))
    screen._reload()
    assert screen.model.rowCount() >= 1
    assert {cell(screen.model, r, 7) for r in range(screen.model.rowCount())} == {"Overdue"}
    screen.status_filter.setCurrentIndex(0)
    screen.customer.setText("Kivu")
    assert all("Kivu" in cell(screen.model, r, 0) for r in range(screen.model.rowCount()))


def test_writing_and_issuing_an_invoice_in_the_editor(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(invoice_editor, "ask", lambda *_a: True)  # "Issue this document?" Yes
    state = window.state
    shop = state.shop
    customer = next(c for c in shop.customers.search("Kivu"))
    draft = shop.invoices.new_draft(DocKind.INVOICE, customer.id)
    editor = InvoiceEditor(state, draft)
    qtbot.addWidget(editor)
    # Nothing to issue yet: the refusal shows under the form and nothing is numbered.
    editor.issue_button.click()
    assert "at least one line" in editor.error.text()
    product = shop.products.get(shop.products.page(0, 1)[0].id)
    editor.picker.picked.emit(product, type(product.stock).of(3), True)
    editor.picker.picked.emit(product, type(product.stock).of(2), True)
    assert editor.model.rowCount() == 1 and cell(editor.model, 0, 1) == "5"
    line = InvoiceLineDialog(state, shop.invoices.tax_rates(), None, editor)
    line.description.setText("Delivery to Eastleigh")
    line.quantity.setText("1")
    line.price.setText("750")
    line.accept()
    assert line.line is not None
    editor._set_lines((*editor.draft.lines, line.line))
    editor.discount.setText("-5")
    editor._discount_typed()
    assert editor.error.text()  # a negative discount is refused, the draft unchanged
    editor.discount.setText("")
    editor._discount_typed()
    editor.reference.setText("BC-77")
    monkeypatch.setattr(invoice_editor, "ask", lambda *_a: True)  # "Issue this document?" Yes
    editor.issue()
    assert editor.issued_number is not None and editor.issued_number.startswith("INV-")
    issued = shop.invoices.find(editor.issued_number)
    assert issued.draft.reference == "BC-77" and len(issued.draft.lines) == 2


def test_the_view_shows_the_pages_and_takes_a_payment(qtbot: QtBot, window: MainWindow) -> None:
    state = window.state
    invoices = state.shop.invoices
    open_one = next(
        d for d in invoices.listing(kinds=[DocKind.INVOICE], since=None) if d.standing.due > 0
    )
    view = InvoiceView(state, open_one.id)
    qtbot.addWidget(view)
    assert view.pages and view.pages[0].exists()
    assert not view.buttons["pay"].isHidden()
    payment = InvoicePaymentDialog(state, open_one.id, view)
    payment.amount.setText(str(open_one.standing.due / 100 + 1))
    payment.accept()
    assert "more than" in payment.error.text() and payment.number is None
    payment.amount.setText("100")
    payment.method.setCurrentIndex(payment.method.findData(PaymentMethod.MOBILE))
    payment.accept()
    assert payment.number is not None
    assert invoices.standing(open_one.id).due == open_one.standing.due - 10000
    folder = view._folder
    view.reject()
    assert not folder.exists()  # the pictures go with the dialog


def test_a_quote_becomes_an_invoice_from_its_view(qtbot: QtBot, window: MainWindow) -> None:
    state = window.state
    invoices = state.shop.invoices
    quote = next(
        d for d in invoices.listing(kinds=[DocKind.QUOTE], since=None) if d.status is Status.ISSUED
    )
    view = InvoiceView(state, quote.id)
    qtbot.addWidget(view)
    assert not view.buttons["convert"].isHidden()
    made = invoices.convert_quote(quote.id)
    assert invoices.get(made).draft.source_id == quote.id


def test_a_credit_note_for_part_of_an_invoice(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(invoice_editor, "ask", lambda *_a: True)  # "Issue this document?" Yes
    state = window.state
    invoices = state.shop.invoices
    invoice = next(
        d
        for d in invoices.listing(kinds=[DocKind.INVOICE], since=None)
        if d.status is Status.ISSUED
    )
    note_id = invoices.credit_draft(invoice.id)
    editor = InvoiceEditor(state, invoices.get(note_id).draft, note_id)
    qtbot.addWidget(editor)
    assert not editor.customer_button.isEnabled() and not editor.discount.isEnabled()
    first = editor.draft.lines[0]
    line = InvoiceLineDialog(state, invoices.tax_rates(), first, editor, fixed=True)
    assert not line.price.isEnabled() and line.quantity.isEnabled()
    line.quantity.setText("1")
    line.accept()
    assert line.line is not None
    editor._set_lines((line.line,))
    shown = cell(editor.model, 0, 5)
    editor.restock.setChecked(True)
    editor.issue()
    assert editor.issued_number is not None and editor.issued_number.startswith("CN-")
    note = invoices.find(editor.issued_number)
    assert note.draft.restock and len(note.draft.lines) == 1
    assert shown == f"{note.gross / 100:,.2f}"
    assert invoices.standing(invoice.id).credited == invoice.standing.credited + note.gross


def test_the_editor_shows_the_reverse_charge_before_saving(
    qtbot: QtBot, french_shop: Shop, tmp_path: Path
) -> None:
    """A French shop's invoice: VAT while no customer is chosen; once a German business is,
    the lines lose their VAT as issuing will take them."""
    from duka.ui.state import AppState

    shop = french_shop
    adler = shop.customers.add(NewCustomer("Gasthaus Adler GmbH", eur("0"), tax_id="DE123456789"))
    editor = InvoiceEditor(AppState(shop), shop.invoices.new_draft(DocKind.INVOICE))
    qtbot.addWidget(editor)
    standard = shop.invoices.tax_rates()[0]
    editor._set_lines((DocLine("Panier garni", Quantity.of(2), eur("24.99"), standard),))
    assert "Tax: 10,00\xa0€" in editor.totals.text()
    editor.draft = replace(editor.draft, customer_id=adler)
    editor._set_lines(editor.draft.lines)
    assert "Tax" not in editor.totals.text() and "49,98\xa0€" in editor.totals.text()
    assert editor.draft.lines[0].rate is not None
    assert editor.draft.lines[0].rate.code == "VATEX-EU-AE"
    assert cell(editor.model, 0, 4) == "Reverse charge"
    editor.save()
    assert shop.invoices.listing()[0].gross == 4998


def test_a_cashier_is_not_offered_a_credit_note(qtbot: QtBot, window: MainWindow) -> None:
    state = window.state
    invoices = state.shop.invoices
    open_one = next(
        d for d in invoices.listing(kinds=[DocKind.INVOICE], since=None) if d.standing.due > 0
    )
    manager = InvoiceView(state, open_one.id)
    qtbot.addWidget(manager)
    assert not manager.buttons["credit"].isHidden()
    state.shop.access.sign_in("1357", "Wanjiru")  # a cashier
    cashier = InvoiceView(state, open_one.id)
    qtbot.addWidget(cashier)
    assert cashier.buttons["credit"].isHidden()
    assert not cashier.buttons["void"].isHidden()  # voiding can be approved by a manager
