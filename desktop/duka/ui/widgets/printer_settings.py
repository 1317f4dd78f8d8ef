"""This computer's receipt printer: how it is connected, whether each sale prints, whether
cash opens the drawer, and a test print. Kept with the computer (QSettings), not the shop."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from duka.i18n import N_, TranslatableError, _
from duka.ui.machine import machine_settings
from duka.ui.receipt_raster import paint_receipt
from duka.ui.state import AppState
from duka.ui.workers import Worker, start, while_alive

KINDS = (
    ("", N_("No receipt printer")),
    ("usb", N_("USB (vendor:product, e.g. 04b8:0202)")),
    ("network", N_("Network (address, e.g. 192.168.1.50:9100)")),
    ("serial", N_("Serial port (e.g. COM3 or /dev/ttyS0)")),
    ("file", N_("Device or file (e.g. /dev/usb/lp0)")),
    ("windows", N_("Windows printer (its name; empty for the default)")),
)


@dataclass(frozen=True)
class PrinterChoice:
    kind: str
    target: str
    every_sale: bool
    drawer: bool

    @property
    def chosen(self) -> bool:
        return bool(self.kind)


def printer_choice() -> PrinterChoice:
    stored = machine_settings()
    return PrinterChoice(
        str(stored.value("printer/kind", "") or ""),
        str(stored.value("printer/target", "") or ""),
        str(stored.value("printer/every_sale", "true")) == "true",
        str(stored.value("printer/drawer", "true")) == "true",
    )


def save_printer_choice(choice: PrinterChoice) -> None:
    stored = machine_settings()
    stored.setValue("printer/kind", choice.kind)
    stored.setValue("printer/target", choice.target)
    stored.setValue("printer/every_sale", "true" if choice.every_sale else "false")
    stored.setValue("printer/drawer", "true" if choice.drawer else "false")
    stored.sync()


class PrinterBox(QGroupBox):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerBox")
        self.state = state
        choice = printer_choice()
        self.kind = QComboBox()
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(12)
        for key, _label in KINDS:
            self.kind.addItem("", key)
        keys = [key for key, _label in KINDS]
        self.kind.setCurrentIndex(keys.index(choice.kind) if choice.kind in keys else 0)
        self.target = QLineEdit(choice.target)
        self.every_sale = QCheckBox()
        self.every_sale.setChecked(choice.every_sale)
        self.drawer = QCheckBox()
        self.drawer.setChecked(choice.drawer)
        self.test_button = QPushButton()
        self.test_button.clicked.connect(self.test_print)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        for signal in (self.kind.currentIndexChanged, self.target.editingFinished,
                       self.every_sale.toggled, self.drawer.toggled):  # fmt: skip
            signal.connect(self._save)
        form = QFormLayout(self)
        self._labels = [QLabel(), QLabel()]
        form.addRow(self._labels[0], self.kind)
        form.addRow(self._labels[1], self.target)
        form.addRow("", self.every_sale)
        form.addRow("", self.drawer)
        form.addRow(self.test_button, self.outcome)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("This computer's receipt printer"))
        self._labels[0].setText(_("Connection"))
        self._labels[1].setText(_("Where"))
        for index, (_key, label) in enumerate(KINDS):
            self.kind.setItemText(index, _(label))
        self.every_sale.setText(_("Print a receipt for every sale"))
        self.drawer.setText(_("Open the cash drawer on cash payments"))
        self.test_button.setText(_("Test print"))

    def choice(self) -> PrinterChoice:
        return PrinterChoice(
            str(self.kind.currentData() or ""),
            self.target.text().strip(),
            self.every_sale.isChecked(),
            self.drawer.isChecked(),
        )

    def _save(self) -> None:
        save_printer_choice(self.choice())

    def test_print(self) -> None:
        self._save()
        choice = self.choice()
        receipts = self.state.shop.receipts
        try:
            payload = receipts.printer_bytes(receipts.test_page(), paint_receipt)
        except TranslatableError as refused:
            self.outcome.setText(refused.message)
            return
        self.outcome.setText(_("Printing…"))
        worker = Worker(lambda: receipts.send(payload, choice.kind, choice.target))
        worker.signals.done.connect(
            while_alive(self, lambda _result: self.outcome.setText(_("Printed.")))
        )
        worker.signals.failed.connect(while_alive(self, self._failed))
        start(worker)

    def _failed(self, error: object) -> None:
        message = error.message if isinstance(error, TranslatableError) else str(error)
        self.outcome.setText(message)
