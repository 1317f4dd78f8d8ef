"""The receipt on screen (F10 with no receipt printer): printed on any printer, in Arabic too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from duka.core import settings as spec
from duka.ui.dialogs.receipt_view import ReceiptView
from duka.ui.language import apply_language
from duka.ui.state import AppState


def test_printing_through_the_system_puts_the_receipt_on_paper(
    qtbot: QtBot, state: AppState, tmp_path: Path
) -> None:
    number = state.shop.receipts.last_number()
    assert number is not None
    view = ReceiptView(state, number)
    qtbot.addWidget(view)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    view.print_to(printer)
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    assert "printer" in view.status.text()


def test_the_receipt_shows_the_shops_m_pesa_till_in_arabic(qtbot: QtBot, state: AppState) -> None:
    number = state.shop.receipts.last_number()
    assert number is not None
    assert state.settings[spec.MPESA_TILL] == "123456"  # the demo shop takes M-Pesa
    apply_language("ar")
    data = state.shop.receipts.receipt(number)
    assert any("123456" in line for line in data.footer)
    view = ReceiptView(state, number)
    qtbot.addWidget(view)
    view.show()
    assert view.paper.pixmap().height() > 400
    assert view.height() <= (view.screen().availableGeometry().height())
