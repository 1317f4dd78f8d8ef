"""Printing shelf labels: for the products chosen, those running low or those received today,
on the label sheets or roll the shop uses (remembered on this computer)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QSpinBox, QWidget

from duka.i18n import N_, _
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState

_SELECTED, _LOW, _TODAY = "selected", "low", "today"


class LabelsDialog(FormDialog):
    title_id = N_("Print shelf labels")

    def __init__(
        self,
        state: AppState,
        selected: Sequence[int],
        parent: QWidget | None = None,
        *,
        low_stock: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("labelsDialog")
        self.state = state
        self.selected = list(selected)
        self.path: Path | None = None
        self.pages = 0
        service = state.shop.labels
        self._choices = {
            _SELECTED: self.selected,
            _LOW: service.low_stock_ids(),
            _TODAY: service.received_today_ids(),
        }
        self.which = QComboBox()
        self.stock = QComboBox()
        for stock in service.stocks():
            self.stock.addItem("", stock.id)
        self.copies = QSpinBox()
        self.copies.setRange(1, 100)
        self.first = QSpinBox()
        self.qr = QCheckBox()
        self.stock.currentIndexChanged.connect(lambda _i: self._limit_first())
        self.row(N_("Labels for"), self.which)
        self.row(N_("Label stock"), self.stock)
        self.row(N_("Copies of each"), self.copies)
        self.row(N_("Start at label"), self.first)
        self.row(N_("Barcode"), self.qr)
        from duka.ui.machine import machine_settings

        remembered = machine_settings().value("labels/stock", "a4-l7160")
        self.stock.setCurrentIndex(max(0, self.stock.findData(remembered)))
        self.finish_layout()
        start = _LOW if low_stock else _SELECTED if self.selected else _LOW
        self.which.setCurrentIndex(max(0, self.which.findData(start)))
        self._limit_first()
        self.setMinimumWidth(480)

    def _limit_first(self) -> None:
        stocks = {s.id: s.per_page for s in self.state.shop.labels.stocks()}
        per_page = stocks.get(self.stock.currentData(), 1)
        self.first.setRange(1, per_page)
        self.first.setEnabled(per_page > 1)  # a partly used sheet; a roll has none

    def retranslate(self) -> None:
        super().retranslate()
        keep = self.which.currentData()
        self.which.clear()
        for key, label in (
            (_SELECTED, _("the products selected ({count})")),
            (_LOW, _("all products running low ({count})")),
            (_TODAY, _("all products received today ({count})")),
        ):
            count = self.state.formats.number(len(self._choices[key]))
            self.which.addItem(label.format(count=count), key)
        self.which.setCurrentIndex(max(0, self.which.findData(keep)))
        names = {s.id: s.name for s in self.state.shop.labels.stocks()}
        for index in range(self.stock.count()):
            self.stock.setItemText(index, _(names[self.stock.itemData(index)]))
        self.qr.setText(_("a QR code instead of a barcode"))

    def chosen_ids(self) -> list[int]:
        return self._choices[self.which.currentData()]

    def write_to(self, path: Path) -> int:
        self.pages = self.state.shop.labels.write(
            path,
            self.chosen_ids(),
            self.stock.currentData(),
            copies=self.copies.value(),
            start_at=self.first.value() - 1,
            show_qr=self.qr.isChecked(),
        )
        self.path = path
        from duka.ui.machine import machine_settings

        machine_settings().setValue("labels/stock", self.stock.currentData())
        return self.pages

    def submit(self) -> bool:
        from duka.ui.printing import open_document

        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the labels"), "labels.pdf", _("PDF (*.pdf)")
        )
        if not chosen:
            return False
        self.write_to(Path(chosen))
        open_document(Path(chosen))
        return True
