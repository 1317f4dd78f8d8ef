"""Adding or changing a supplier: name, phone, tax number, notes and the language their
purchase orders are written in."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from duka.core.suppliers import Supplier, SupplierDraft
from duka.i18n import LANGUAGES, N_, language_label
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState


class SupplierEditor(FormDialog):
    def __init__(
        self, state: AppState, supplier: Supplier | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supplierEditor")
        self.state = state
        self.supplier = supplier
        self.title_id = N_("New supplier") if supplier is None else N_("Change a supplier")
        self.name = QLineEdit(supplier.name if supplier else "")
        self.phone = QLineEdit(supplier.phone if supplier else "")
        self.tax_id = QLineEdit(supplier.tax_id if supplier else "")
        self.notes = QPlainTextEdit(supplier.notes if supplier else "")
        self.notes.setMaximumHeight(70)
        self.language = QComboBox()  # blank: the shop's language
        self.language.setObjectName("supplierLanguage")
        self.language.addItem("", None)
        for code in LANGUAGES:
            self.language.addItem(language_label(code), code)
        self.language.setCurrentIndex(
            max(0, self.language.findData(supplier.language if supplier else None))
        )
        self.row(N_("Name"), self.name)
        self.row(N_("Phone"), self.phone)
        self.row(N_("Tax number"), self.tax_id)
        self.row(N_("Notes"), self.notes)
        self.row(N_("Documents in"), self.language)
        self.finish_layout()
        self.setMinimumWidth(440)

    def submit(self) -> bool:
        draft = SupplierDraft(
            self.name.text(),
            self.phone.text(),
            self.tax_id.text(),
            self.notes.toPlainText(),
            self.language.currentData(),
        )
        suppliers = self.state.shop.suppliers
        supplier = self.supplier
        if supplier is None:
            self.state.perform(lambda: suppliers.add(draft))
        else:
            self.state.perform(lambda: suppliers.update(supplier.id, draft, supplier.active))
        return True
