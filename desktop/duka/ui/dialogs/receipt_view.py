"""A sale's receipt on screen, as the receipt printer would print it: for a shop without a
receipt printer (F10), with Print (the system's print dialog, any printer) and Save as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from duka.i18n import _
from duka.ui.operations import attempt
from duka.ui.receipt_raster import paint_receipt
from duka.ui.state import AppState
from duka.ui.widgets.dialog_parts import close_with, done_line
from duka.ui.widgets.screen_fit import FittedDialog, watch_dialog


class ReceiptView(FittedDialog):
    def __init__(self, state: AppState, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptView")
        self.state = state
        self.number = number
        # Raises NotFound for a sale that is not there: the caller shows it.
        self.image = QImage.fromData(paint_receipt(state.shop.receipts.receipt(number)))

        self.paper = QLabel()
        self.paper.setObjectName("receiptPaper")
        self.paper.setPixmap(QPixmap.fromImage(self.image))
        self.paper.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.paper.setStyleSheet("background: white;")
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.paper)
        self.scroller.setWidgetResizable(True)
        self.scroller.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = done_line()

        self.print_button = QPushButton()
        self.save_button = QPushButton()
        self.buttons = close_with(
            self, (self.print_button, self.print_receipt), (self.save_button, self.save_pdf)
        )
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self).activated.connect(
            self.print_receipt
        )
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(
            self.save_pdf
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._fit()
        self.print_button.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Receipt {number}").format(number=self.number))
        self.print_button.setText(_("Print…"))
        self.save_button.setText(_("Save as PDF…"))

    def _fit(self) -> None:
        """As wide as the paper, as tall as the receipt but never taller than the screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 80 if screen is not None else 700
        bar = self.scroller.verticalScrollBar().sizeHint().width()
        self.scroller.setMinimumWidth(self.image.width() + bar + 4)
        self.resize(self.image.width() + bar + 40, min(self.image.height() + 120, max(room, 300)))

    # -- out of the screen ---------------------------------------------------------------

    def print_receipt(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(_("Receipt {number}").format(number=self.number))
        dialog = QPrintDialog(printer, self)
        watch_dialog(dialog)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """The receipt's picture across the page's width, on as many pages as it needs."""
        painter = QPainter()
        if not painter.begin(printer):
            self._say(_("The printer could not be opened."), ok=False)
            return
        page = printer.pageLayout().paintRectPixels(printer.resolution())
        # A till roll is about 7 cm wide: print it that size, not stretched over A4.
        width = min(page.width(), int(printer.resolution() * 72 / 25.4))
        scale = width / self.image.width()
        slice_height = int(page.height() / scale)
        top = 0
        while top < self.image.height():
            if top:
                printer.newPage()
            part = self.image.copy(QRect(0, top, self.image.width(), slice_height))
            painter.drawImage(QRect(0, 0, width, int(part.height() * scale)), part)
            top += slice_height
        painter.end()
        self._say(_("The receipt was sent to the printer."))

    def save_pdf(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the receipt"), str(Path(folder) / f"{self.number}.pdf"), _("PDF (*.pdf)")
        )
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")

        def write() -> Path:
            self.state.shop.receipts.receipt_pdf(self.number, path)
            return path

        if attempt(self, write) is None:
            return
        self._say(_("The receipt is saved in {path}.").format(path=str(path)))

    def _say(self, text: str, ok: bool = True) -> None:
        self.status.setObjectName("dialogSuccess" if ok else "dialogError")
        self.status.setText(text)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.show()
