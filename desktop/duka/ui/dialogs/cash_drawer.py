"""The cash drawer: open it with a float, pay in or out with a reason, see the X report, and
close it by counting the notes and coins (the Z report)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from duka import paths
from duka.core.access import shown_actor_name
from duka.core.currency import currency_digits, usual_notes
from duka.core.money import Money
from duka.core.tills import shown
from duka.i18n import TranslatableError, _
from duka.ui.amounts import amount_text, currency, money_text, parse_money
from duka.ui.printing import open_document
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog

_COINS = (1, 2, 5, 10, 20)


class CashDrawerDialog(FittedDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cashDrawer")
        self.state = state
        self.cash = state.shop.cash
        self.status = QLabel()
        self.status.setObjectName("sectionTitle")
        self.status.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("dialogError")
        self.message.setWordWrap(True)

        # What this computer's last close counted is what is in the drawer now.
        self.float_field = QLineEdit(amount_text(state, self.cash.usual_float()))
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_drawer)
        self.opening = QGroupBox()
        opening = QFormLayout(self.opening)
        self._float_label = QLabel()
        opening.addRow(self._float_label, self.float_field)
        opening.addRow("", self.open_button)

        self.amount = QLineEdit()
        self.reason = QLineEdit()
        self.pay_in = QPushButton()
        self.pay_in.clicked.connect(lambda: self.move_cash(True))
        self.pay_out = QPushButton()
        self.pay_out.clicked.connect(lambda: self.move_cash(False))
        self.x_button = QPushButton()
        self.x_button.clicked.connect(self.x_report)
        self.moving = QGroupBox()
        moving = QFormLayout(self.moving)
        self._amount_label, self._reason_label = QLabel(), QLabel()
        moving.addRow(self._amount_label, self.amount)
        moving.addRow(self._reason_label, self.reason)
        buttons = QHBoxLayout()
        for button in (self.pay_in, self.pay_out, self.x_button):
            buttons.addWidget(button)
        moving.addRow("", _holder(buttons))

        self.closing = QGroupBox()
        closing = QFormLayout(self.closing)
        code = currency(state)
        unit = 10 ** currency_digits(code)
        notes = usual_notes(code)
        coins = [c for c in _COINS if c < notes[0]]
        self.counts: list[tuple[int, QSpinBox]] = []
        for value in sorted({*notes, *coins}, reverse=True):
            box = QSpinBox()
            box.setRange(0, 100000)
            box.valueChanged.connect(self._count)
            self.counts.append((value * unit, box))
            closing.addRow(amount_text(state, Money(value * unit, code)), box)
        self.loose = QLineEdit()
        self.loose.textChanged.connect(self._count)
        self._loose_label = QLabel()
        closing.addRow(self._loose_label, self.loose)
        self.counted = QLabel()
        self.counted.setObjectName("importSummary")
        closing.addRow(self.counted)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close_drawer)
        closing.addRow("", self.close_button)

        layout = QVBoxLayout(self)
        self.setMinimumWidth(460)  # a long message wraps instead of squeezing the form
        layout.addWidget(self.status)
        layout.addWidget(self.opening)
        layout.addWidget(self.moving)
        layout.addWidget(self.closing)
        layout.addWidget(self.message)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Cash drawer"))
        self.opening.setTitle(_("Open the drawer"))
        self._float_label.setText(_("Float"))
        self.open_button.setText(_("Open the drawer"))
        self.moving.setTitle(_("Money in or out"))
        self._amount_label.setText(_("Amount"))
        self._reason_label.setText(_("Reason"))
        self.pay_in.setText(_("Pay in"))
        self.pay_out.setText(_("Pay out"))
        self.x_button.setText(_("X report"))
        self.closing.setTitle(_("Count the drawer and close it"))
        self._loose_label.setText(_("Other coins (amount)"))
        self.close_button.setText(_("Close the drawer (Z report)"))

    def refresh(self) -> None:
        session = self.cash.current()
        self.opening.setVisible(session is None)
        self.moving.setVisible(session is not None)
        self.closing.setVisible(session is not None)
        if session is None:
            self.status.setText(_("No cash session is open."))
            if not self.float_field.isModified():  # what the count just closed left in it
                self.float_field.setText(amount_text(self.state, self.cash.usual_float()))
        else:
            report = self.cash.report()
            opened = dt.datetime.fromisoformat(session.opened_at).astimezone()
            self.status.setText(
                _("Session {number}, opened {time} by {name}. Cash expected: {amount}").format(
                    number=shown(session.id),
                    time=self.state.formats.datetime(opened, "short"),
                    name=shown_actor_name(session.opened_by),
                    amount=money_text(self.state, report.expected),
                )
            )
        self._count()
        self.adjustSize()

    def _total(self) -> Money:
        code = currency(self.state)
        loose = self.loose.text().strip()
        extra = parse_money(self.state, loose).minor if loose else 0
        return Money(sum(value * box.value() for value, box in self.counts) + extra, code)

    def _count(self) -> None:
        try:
            self.counted.setText(
                _("Counted: {amount}").format(amount=money_text(self.state, self._total()))
            )
        except TranslatableError as refused:
            self.counted.setText(refused.message)

    def _attempt(self, action: Callable[[], object]) -> bool:
        """Do `action` (every screen told what it changed); a refusal is said here."""
        self._tell("")
        try:
            self.state.perform(action)
        except TranslatableError as refused:
            self._tell(refused.message)
            return False
        self.refresh()
        return True

    def _tell(self, text: str, done: bool = False) -> None:
        """A refusal in the error colour, a saved report in the success colour."""
        self.message.setText(text)
        self.message.setObjectName("dialogSuccess" if done else "dialogError")
        self.message.style().unpolish(self.message)  # the style sheet reads the new name
        self.message.style().polish(self.message)

    def open_drawer(self) -> None:
        self._attempt(lambda: self.cash.open(parse_money(self.state, self.float_field.text())))

    def move_cash(self, paid_in: bool) -> None:
        def act() -> None:
            self.cash.move(parse_money(self.state, self.amount.text()), self.reason.text(), paid_in)

        if self._attempt(act):
            self.amount.clear()
            self.reason.clear()

    def _show_report(self, session: int | None) -> str:
        """On this computer's receipt printer when there is one (in the background), else
        as a PDF opened in the viewer; says where it went."""
        from duka.ui.receipt_raster import paint_receipt
        from duka.ui.widgets.printer_settings import printer_choice
        from duka.ui.workers import Worker, start

        choice = printer_choice()
        if choice.chosen:
            receipts = self.state.shop.receipts
            payload = receipts.printer_bytes(self.cash.report_document(session), paint_receipt)
            worker = Worker(lambda: receipts.send(payload, choice.kind, choice.target))
            worker.signals.failed.connect(
                lambda error: self._tell(getattr(error, "message", str(error)))
            )
            start(worker)
            return _("It is being printed.")
        folder = paths.data_dir() / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        number = session if session is not None else self.cash.current().id  # type: ignore[union-attr]
        path = folder / f"cash-session-{shown(number)}.pdf"
        self.cash.report_pdf(path, session)
        open_document(path)
        return _("The report is saved in {path}.").format(path=path)

    def x_report(self) -> None:
        self._attempt(lambda: self._show_report(None))

    def close_drawer(self) -> None:
        """Show the Z report as it will print, and close the drawer once it is confirmed."""
        session = self.cash.current()
        if session is None:
            return
        self._tell("")
        counts = {value: box.value() for value, box in self.counts if box.value()}
        chosen = None if self.loose.text().strip() else counts
        try:
            counted = self._total()
            preview = self.cash.closing_preview(counted, chosen)
        except TranslatableError as refused:
            self._tell(refused.message)
            return
        if ZReportPreview(preview, self).exec() != QDialog.DialogCode.Accepted:
            return
        where = ""

        def act() -> None:
            nonlocal where
            self.cash.close(counted, chosen)
            where = self._show_report(session.id)

        if self._attempt(act):
            closed = _("The drawer is closed: Z report {number} is saved.")
            self._tell(f"{closed.format(number=shown(session.id))} {where}", done=True)
            self.state.cash_closed.emit()


class ZReportPreview(FittedDialog):
    """The Z report exactly as it will print (the receipt printer's picture), to check
    before the drawer is closed for good."""

    def __init__(self, document: object, parent: QWidget | None = None) -> None:
        from duka.ui.receipt_raster import paint_receipt

        super().__init__(parent)
        self.setObjectName("zReportPreview")
        self.setWindowTitle(_("Check the Z report"))
        question = QLabel(_("Close the drawer with this Z report? It cannot be changed after."))
        question.setWordWrap(True)
        picture = QPixmap()
        picture.loadFromData(paint_receipt(document))
        self.picture = QLabel()
        self.picture.setPixmap(picture)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(picture.width() + 40)
        self.confirm = QPushButton(_("Close the drawer"))
        self.confirm.setDefault(True)
        self.confirm.clicked.connect(self.accept)
        back = QPushButton(_("Back to counting"))
        back.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(back)
        buttons.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        # As tall as the report, within the screen: a long one scrolls.
        screen = self.screen().availableGeometry() if self.screen() else None
        tallest = screen.height() - 80 if screen is not None else 700
        self.resize(picture.width() + 60, min(picture.height() + 140, tallest))


def _holder(layout: QHBoxLayout) -> QWidget:
    holder = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    holder.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
    return holder
