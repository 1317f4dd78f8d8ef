"""Writing a quote, an invoice or a credit note: its customer, its lines (scan or type a
product, or write a line of text), a discount on the whole, terms, reference, language and
notes, with the totals as they will print. Save keeps a draft; Issue numbers it for good.

Nothing typed is lost on a refusal: the message shows under the form and the draft stays as
it was typed.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Approvals, Permission
from duka.core.invoices import DocKind, DocLine, Draft, check_issuable
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.i18n import LANGUAGES, N_, TranslatableError, _, language_label
from duka.ui.amounts import amount_text, money_text, parse_money
from duka.ui.models.doc_lines import DocLinesModel
from duka.ui.models.windowed import isolate
from duka.ui.operations import ask
from duka.ui.state import AppState
from duka.ui.widgets.product_picker import ProductPicker
from duka.ui.widgets.screen_fit import FittedDialog

TITLES = {
    DocKind.INVOICE: N_("Invoice"),
    DocKind.QUOTE: N_("Quote"),
    DocKind.CREDIT_NOTE: N_("Credit note"),
}


class InvoiceEditor(FittedDialog):
    def __init__(
        self,
        state: AppState,
        draft: Draft,
        invoice_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceEditor")
        self.state = state
        self.draft = draft
        self.invoice_id = invoice_id
        self.issued_number: str | None = None
        kind = draft.kind

        self.heading = QLabel()
        self.heading.setObjectName("dialogTitle")
        self.customer_label = QLabel()
        self.customer_label.setObjectName("invoiceCustomerName")
        self.customer_button = QPushButton()
        self.customer_button.clicked.connect(self.choose_customer)
        self.customer_button.setEnabled(kind is not DocKind.CREDIT_NOTE)
        QShortcut(QKeySequence("F9"), self).activated.connect(self.choose_customer)

        self.picker = ProductPicker(state)
        self.picker.picked.connect(self._product_picked)
        self.picker.setEnabled(kind is not DocKind.CREDIT_NOTE)
        self.text_line_button = QPushButton()
        self.text_line_button.clicked.connect(lambda: self.edit_line(None))
        self.text_line_button.setEnabled(kind is not DocKind.CREDIT_NOTE)
        self.change_button = QPushButton()
        self.change_button.clicked.connect(lambda: self.edit_line(self._current_row()))
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_line)

        self.model = DocLinesModel(state)
        self.lines = QTableView()
        self.lines.setObjectName("invoiceLines")
        self.lines.setModel(self.model)
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines.verticalHeader().setVisible(False)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((0, 90, 110, 100, 110, 120)):
            if width:
                self.lines.setColumnWidth(column, width)
        self.lines.doubleClicked.connect(lambda index: self.edit_line(index.row()))
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.lines).activated.connect(self.remove_line)

        self.discount = QLineEdit()
        self.discount.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.discount.editingFinished.connect(self._discount_typed)
        self.terms = QSpinBox()
        self.terms.setRange(0, 365)
        self.terms.setValue(draft.terms_days)
        self.reference = QLineEdit(draft.reference)
        self.language = QComboBox()
        self.language.addItem("", None)
        for code in LANGUAGES:
            self.language.addItem(language_label(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(draft.language)))
        self.notes = QPlainTextEdit(draft.notes)
        self.notes.setMaximumHeight(64)
        self.restock = QCheckBox()
        self.restock.setChecked(draft.restock)
        self.restock.setVisible(kind is DocKind.CREDIT_NOTE)
        self.totals = QLabel()
        self.totals.setObjectName("invoiceTotals")
        self.totals.setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignTop)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.issue_button = QPushButton()
        self.issue_button.setObjectName("primary")
        self.issue_button.clicked.connect(self.issue)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)

        for button in (
            self.customer_button, self.text_line_button, self.change_button, self.remove_button
        ):  # fmt: skip
            # Enter in a field never opens a line or the customer list: only a click does.
            button.setAutoDefault(False)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.customer_label)
        top.addWidget(self.customer_button)
        adding = QHBoxLayout()
        adding.addWidget(self.picker, 1)
        for button in (self.text_line_button, self.change_button, self.remove_button):
            adding.addWidget(button)
        self.form = QFormLayout()
        self._labels: list[tuple[QLabel, str]] = []
        self._row(N_("Discount on the whole"), self.discount)
        self._terms_label = self._row(N_("Payment terms (days)"), self.terms)
        self._row(N_("Customer's reference"), self.reference)
        self._row(N_("Written in"), self.language)
        self._row(N_("Notes"), self.notes)
        if kind is DocKind.CREDIT_NOTE:
            self._row(N_("Goods come back to the shelf"), self.restock)
            # What a credit note takes back follows from its invoice's lines and discounts.
            self.discount.setEnabled(False)
            self.terms.setEnabled(False)
        below = QHBoxLayout()
        below.addLayout(self.form, 3)
        below.addWidget(self.totals, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        for button in (self.cancel_button, self.save_button, self.issue_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(adding)
        layout.addWidget(self.lines, 1)
        layout.addLayout(below)
        layout.addLayout(buttons)
        self.resize(980, 640)
        self.retranslate()
        self._show()
        self.picker.setFocus()

    def _row(self, label_id: str, field: QWidget) -> QLabel:
        label = QLabel()
        label.setBuddy(field)
        self._labels.append((label, label_id))
        self.form.addRow(label, field)
        return label

    # -- what the draft says ------------------------------------------------------------

    def _show(self) -> None:
        draft = self.draft
        on_list = self.state.shop.price_lists.list_for_customer(draft.customer_id) is not None
        self.model.set_lines(draft.lines, on_list)
        self.discount.setText(amount_text(self.state, draft.discount) if draft.discount else "")
        customer = (
            self.state.shop.customers.get(draft.customer_id)
            if draft.customer_id is not None
            else None
        )
        self.customer_label.setText(isolate(customer.name) if customer else _("No customer chosen"))
        try:
            totals = draft.totals()
        except TranslatableError as error:
            self.error.setText(error.message)
            return
        parts = []
        if totals.discount:
            parts.append((_("Discount"), money_text(self.state, -totals.discount)))
        if totals.tax:
            parts.append((_("Total before tax"), money_text(self.state, totals.net)))
            parts.append((_("Tax"), money_text(self.state, totals.tax)))
        parts.append((_("Total"), money_text(self.state, totals.gross)))
        self.totals.setText(
            "<br>".join(
                f"{label}: <b>{value}</b>" if label == _("Total") else f"{label}: {value}"
                for label, value in parts
            )
        )
        has = bool(draft.lines)
        self.change_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _from_fields(self) -> Draft:
        """The draft with what the form's fields say (refused with a message if unreadable)."""
        text = self.discount.text().strip()
        discount: Money | None = parse_money(self.state, text) if text else None
        return replace(
            self.draft,
            discount=discount,
            terms_days=self.terms.value(),
            reference=self.reference.text(),
            language=self.language.currentData(),
            notes=self.notes.toPlainText(),
            restock=self.restock.isChecked(),
        )

    def _discount_typed(self) -> None:
        self.error.clear()
        try:
            self.draft = self._from_fields()
        except TranslatableError as error:
            self.error.setText(error.message)
        self._show()

    # -- lines --------------------------------------------------------------------------

    def _product_picked(self, product: object, units: Quantity, _scanned: bool) -> None:
        from duka.core.products import Product

        assert isinstance(product, Product)
        self.error.clear()
        try:
            line = self.state.shop.invoices.product_line(product, units)
        except TranslatableError as error:
            self.error.setText(error.message)
            return
        for index, old in enumerate(self.draft.lines):
            if old.product_id == product.id and old.discount is None:
                merged = replace(old, quantity=old.quantity + line.quantity)
                self._set_lines((*self.draft.lines[:index], merged, *self.draft.lines[index + 1 :]))
                self._select(index)
                return
        self._set_lines((*self.draft.lines, line))
        self._select(len(self.draft.lines) - 1)

    def edit_line(self, row: int | None) -> None:
        from duka.ui.dialogs.invoice_line import InvoiceLineDialog

        lines = self.draft.lines
        existing = lines[row] if row is not None and 0 <= row < len(lines) else None
        if row is not None and existing is None:
            return
        dialog = InvoiceLineDialog(
            self.state,
            self.state.shop.invoices.tax_rates(),
            existing,
            self,
            fixed=self.draft.kind is DocKind.CREDIT_NOTE,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.line is None:
            return
        if existing is None:
            self._set_lines((*lines, dialog.line))
        else:
            assert row is not None
            self._set_lines((*lines[:row], dialog.line, *lines[row + 1 :]))

    def _current_row(self) -> int:
        return self.lines.currentIndex().row()

    def _select(self, row: int) -> None:
        self.lines.setCurrentIndex(self.model.index(row, 0))

    def remove_line(self) -> None:
        row = self._current_row()
        if 0 <= row < len(self.draft.lines):
            lines = self.draft.lines
            self._set_lines(lines[:row] + lines[row + 1 :])

    def _set_lines(self, lines: tuple[DocLine, ...]) -> None:
        self.draft = replace(self.draft, lines=lines)
        if not lines:
            self.draft = replace(self.draft, discount=None)
        if self.draft.kind is DocKind.CREDIT_NOTE:
            # A credited line takes back its share of what the invoice line came to.
            self.draft = self.state.shop.invoices.priced_credit(self.draft)
        else:  # the customer's price list, and the quantity breaks the lines reach
            self.draft = self.state.shop.price_lists.priced_document(self.draft)
        self._taxed()
        self._show()

    def _taxed(self) -> None:
        """The lines taxed as the customer calls for (reverse charged for a business in
        another EU member state), shown before saving as issuing will take them."""
        self.error.clear()
        try:
            self.draft = self.state.shop.invoices.tax_treatment(self.draft)
        except TranslatableError as error:
            self.error.setText(error.message)

    def choose_customer(self) -> None:
        from duka.ui.dialogs.choose_customer import CustomerDialog

        if self.draft.kind is DocKind.CREDIT_NOTE:
            return
        dialog = CustomerDialog(self.state, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.draft = replace(self.draft, customer_id=None if dialog.cleared else dialog.chosen)
        self.draft = self.state.shop.price_lists.priced_document(self.draft)
        self._taxed()
        self._show()

    # -- saving and issuing -------------------------------------------------------------

    def save(self) -> bool:
        self.error.clear()
        try:
            self.draft = self._from_fields()
            draft, invoice_id = self.draft, self.invoice_id
            saved = self.state.perform(
                lambda: self.state.shop.invoices.save_draft(draft, invoice_id)
            )
        except TranslatableError as error:
            self.error.setText(error.message)
            return False
        self.invoice_id = saved.value
        self.accept()
        return True

    def issue(self) -> None:
        from duka.ui.approval import approved

        self.error.clear()
        invoices = self.state.shop.invoices
        try:
            self.draft = self._from_fields()
            draft, draft_id = self.draft, self.invoice_id
            self.invoice_id = self.state.perform(lambda: invoices.save_draft(draft, draft_id)).value
            check_issuable(self.draft)  # say what is missing before asking to confirm
        except TranslatableError as error:
            self.error.setText(error.message)
            return
        if not ask(
            self,
            _("Issue"),
            _("Issue this document? It gets its number and cannot be changed afterwards."),
        ):
            return
        invoice_id = self.invoice_id

        def issue(given: Approvals) -> str:
            return invoices.issue(invoice_id, given.get(Permission.VOID_DOCUMENTS)).number

        try:
            done = approved(
                self, self.state, issue, asks=(Permission.VOID_DOCUMENTS,), show_refusals=False
            )
        except TranslatableError as error:
            self.error.setText(error.message)
            return
        if done is None:
            return
        self.issued_number = done.value
        self.accept()

    def retranslate(self) -> None:
        kind = self.draft.kind
        title = _(TITLES[kind])
        self.setWindowTitle(title)
        self.heading.setText(
            _("{document} (draft)").format(document=title) if self.invoice_id else title
        )
        self.customer_button.setText(_("Customer… (F9)"))
        self.text_line_button.setText(_("Line of text…"))
        self.change_button.setText(_("Change…"))
        self.remove_button.setText(_("Remove"))
        self.model.retranslate()
        for label, label_id in self._labels:
            label.setText(_(label_id))
        if kind is DocKind.QUOTE:
            self._terms_label.setText(_("Holds for (days)"))
        self.language.setItemText(0, _("The customer's language"))
        self.discount.setPlaceholderText(self.state.formats.count(0))
        self.save_button.setText(_("Save draft"))
        self.issue_button.setText(_("Issue"))
        self.cancel_button.setText(_("Cancel"))
