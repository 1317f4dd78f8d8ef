"""A document as it prints: its pages on screen in the language chosen, where it stands, and
what can be done with it next: save or print the PDF, take a payment, make a quote into an
invoice, write a credit note or void an invoice; a draft can be changed or issued."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Approvals, Permission
from duka.core.invoices import DocKind, Status
from duka.core.money import Money
from duka.i18n import LANGUAGES, _, language_label
from duka.paths import safe_file_name
from duka.ui.amounts import money_text
from duka.ui.operations import attempt, perform
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog, watch_dialog

PAGE_WIDTH = 620


class InvoiceView(FittedDialog):
    def __init__(self, state: AppState, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceView")
        self.state = state
        self.invoice_id = invoice_id
        self._folder = Path(tempfile.mkdtemp(prefix="duka-document-"))
        self.pages: list[Path] = []
        invoices = state.shop.invoices
        doc = invoices.get(invoice_id)
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(language_label(code), code)
        chosen = invoices.language_of(doc)
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.language.activated.connect(lambda _i: self.draw())
        self.standing = QLabel()
        self.standing.setObjectName("invoiceStanding")
        self.pictures = QWidget()
        self.pictures_layout = QVBoxLayout(self.pictures)
        self.pictures_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setObjectName("invoicePages")
        scroll.setWidget(self.pictures)
        scroll.setWidgetResizable(True)

        self.buttons: dict[str, QPushButton] = {}
        actions = (
            ("edit", _("Change the draft…"), self.edit),
            ("pay", _("Take a payment…"), self.take_payment),
            ("convert", _("Make an invoice"), self.convert),
            ("credit", _("Credit note…"), self.credit),
            ("void", _("Void…"), self.void),
            ("save", _("Save as PDF…"), self.save_pdf),
            ("print", _("Print…"), self.print_pages),
            ("close", _("Close"), self.reject),
        )
        row = QHBoxLayout()
        for key, text, slot in actions:
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        self.buttons["save"].setObjectName("primary")
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Written in")))
        top.addWidget(self.language)
        top.addWidget(self.standing, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        self.resize(PAGE_WIDTH + 120, 760)
        self.draw()

    # -- what it shows ------------------------------------------------------------------

    def draw(self) -> None:
        invoices = self.state.shop.invoices
        doc = invoices.get(self.invoice_id)
        self.setWindowTitle(doc.number or _("Draft"))
        language = self.language.currentData()
        found = attempt(self, lambda: invoices.pictures(self.invoice_id, self._folder, language))
        if found is None:
            return
        self.pages = found
        while self.pictures_layout.count():
            item = self.pictures_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for page in self.pages:
            picture = QLabel()
            picture.setObjectName("invoicePage")
            picture.setPixmap(
                QPixmap.fromImage(QImage(str(page))).scaledToWidth(
                    PAGE_WIDTH, Qt.TransformationMode.SmoothTransformation
                )
            )
            self.pictures_layout.addWidget(picture)
        status = invoices.status(doc)
        standing = invoices.standing(self.invoice_id)
        text = _(status.label)
        if doc.kind is DocKind.INVOICE and doc.issued:
            due = Money(standing.due, doc.draft.currency)
            text = _("{status} — due {amount}").format(
                status=text, amount=money_text(self.state, due)
            )
        self.standing.setText(text)
        issued, kind = doc.issued, doc.kind
        self.buttons["edit"].setVisible(not issued)
        self.buttons["pay"].setVisible(kind is DocKind.INVOICE and issued and standing.due > 0)
        self.buttons["convert"].setVisible(
            kind is DocKind.QUOTE and issued and status not in (Status.ACCEPTED,)
        )
        open_invoice = kind is DocKind.INVOICE and issued and status is not Status.CREDITED
        # Voiding can be approved there and then; a credit note is the manager's to write.
        self.buttons["credit"].setVisible(
            open_invoice and self.state.may(Permission.VOID_DOCUMENTS)
        )
        self.buttons["void"].setVisible(open_invoice)

    # -- what can be done ---------------------------------------------------------------

    def edit(self) -> None:
        from duka.ui.dialogs.invoice_editor import InvoiceEditor

        doc = self.state.shop.invoices.get(self.invoice_id)
        InvoiceEditor(self.state, doc.draft, self.invoice_id, self).exec()
        self.draw()

    def take_payment(self) -> None:
        from duka.ui.dialogs.invoice_payment import InvoicePaymentDialog

        if InvoicePaymentDialog(self.state, self.invoice_id, self).exec():
            self.draw()

    def convert(self) -> None:
        from duka.ui.dialogs.invoice_editor import InvoiceEditor

        invoices = self.state.shop.invoices
        done = perform(self, self.state, lambda: invoices.convert_quote(self.invoice_id))
        if done is None:
            return
        made = done.value
        InvoiceEditor(self.state, invoices.get(made).draft, made, self).exec()
        self.draw()

    def credit(self) -> None:
        from duka.ui.dialogs.invoice_editor import InvoiceEditor

        invoices = self.state.shop.invoices
        done = perform(self, self.state, lambda: invoices.credit_draft(self.invoice_id))
        if done is None:
            return
        made = done.value
        InvoiceEditor(self.state, invoices.get(made).draft, made, self).exec()
        self.draw()

    def void(self) -> None:
        from duka.ui.approval import approved

        reason, given = QInputDialog.getText(
            self, _("Void"), _("Why is this invoice voided? A credit note cancels what is left.")
        )
        if not given:
            return

        def void(given: Approvals) -> str:
            approval = given.get(Permission.VOID_DOCUMENTS)
            return self.state.shop.invoices.void(self.invoice_id, reason, approval).number

        if approved(self, self.state, void, asks=(Permission.VOID_DOCUMENTS,)) is not None:
            self.draw()

    def save_pdf(self) -> None:
        doc = self.state.shop.invoices.get(self.invoice_id)
        name = safe_file_name(f"{doc.number or _('Draft')}.pdf")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), name, _("PDF (*.pdf)")
        )
        if chosen:
            language = self.language.currentData()
            attempt(
                self,
                lambda: self.state.shop.invoices.pdf(self.invoice_id, Path(chosen), language),
            )

    def print_pages(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        watch_dialog(dialog)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        # Pages drawn at the printer's resolution from the same PDF that is saved, so paper
        # and file say the same.
        pages = self.state.shop.invoices.pictures(
            self.invoice_id, self._folder / "print", self.language.currentData(), dpi=200
        )
        painter = QPainter(printer)
        try:
            for number, page in enumerate(pages):
                if number:
                    printer.newPage()
                image = QImage(str(page))
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(area.x(), area.y(), size.width(), size.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(area)
        finally:
            painter.end()

    def done(self, result: int) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)
        super().done(result)
