"""A customer's statement for a period, in the language their documents are written in (or
another chosen here): the balance at the start, every entry, the balance at the end; saved
as a PDF to print, email or send."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QFileDialog, QLabel, QWidget

from duka.core.customers import CustomerRow
from duka.core.settings import LANGUAGE
from duka.i18n import LANGUAGES, N_, _, language_label
from duka.paths import safe_file_name
from duka.services.clock import days_between
from duka.ui.amounts import money_text
from duka.ui.dialogs.form import FormDialog
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.widgets.tills_heard import BALANCE_HEARD, TillsHeardLine


def day_bounds(since: QDate, until: QDate) -> tuple[str, str]:
    """The stamps [start of `since`, start of the day after `until`), local days."""
    first, last = since.toPython(), until.toPython()
    assert isinstance(first, dt.date) and isinstance(last, dt.date)
    start, end = days_between(first, last)
    assert start is not None and end is not None
    return start, end


class CustomerStatementDialog(FormDialog):
    title_id = N_("Customer statement")

    def __init__(
        self, state: AppState, customer: CustomerRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerStatement")
        self.state = state
        self.customer = customer
        self.path: Path | None = None
        today = QDate.currentDate()
        self.since = QDateEdit(today.addMonths(-3))
        self.until = QDateEdit(today)
        for field in (self.since, self.until):
            field.setCalendarPopup(True)
            field.dateChanged.connect(lambda _d: self._summarise())
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(language_label(code), code)
        chosen = customer.language or str(state.settings[LANGUAGE])
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tills_heard = TillsHeardLine(state, BALANCE_HEARD)
        self.row(N_("Customer"), QLabel(isolate(customer.name)))
        self.row(N_("From"), self.since)
        self.row(N_("To"), self.until)
        self.row(N_("Written in"), self.language)
        self.finish_layout(self.summary, self.tills_heard)
        self.setMinimumWidth(460)

    def retranslate(self) -> None:
        super().retranslate()
        ok = self.buttons.button(self.buttons.StandardButton.Ok)
        if ok is not None:
            ok.setText(_("Save as PDF…"))
        self._summarise()
        self.tills_heard.refresh()

    def _summarise(self) -> None:
        since, until = day_bounds(self.since.date(), self.until.date())
        found = self.state.shop.accounts.statement(self.customer.id, since, until)
        self.summary.setText(
            _(
                "Balance at the start: {opening}. {count} entries. Balance at the end: {closing}."
            ).format(
                opening=money_text(self.state, found.opening),
                count=self.state.formats.number(len(found.entries)),
                closing=money_text(self.state, found.closing),
            )
        )

    def submit(self) -> bool:
        from duka.ui.printing import open_document

        name = safe_file_name(f"statement-{self.customer.name}.pdf")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the statement"), name, _("PDF (*.pdf)")
        )
        if not chosen:
            return False
        path = Path(chosen)
        since, until = day_bounds(self.since.date(), self.until.date())
        self.state.shop.accounts.statement_pdf(
            self.customer.id, since, until, path, self.language.currentData()
        )
        self.path = path
        open_document(path)
        return True
