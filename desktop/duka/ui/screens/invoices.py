"""Invoices, quotes and credit notes: the list with filters (type, status, customer, period),
what is overdue at a glance, and the way to write, issue, convert, credit, pay, preview, save
and print each document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from duka.core.access import Permission
from duka.core.changes import Area
from duka.core.invoices import DocKind, DocSummary, Status
from duka.core.money import Money
from duka.i18n import N_, N_plural, _
from duka.ui.amounts import currency, money_text
from duka.ui.models.windowed import Column, isolate
from duka.ui.screens.listing import ListAction, ListingScreen
from duka.ui.state import AppState
from duka.ui.widgets.flow import FlowLayout

_OVERDUE = "#b3261e"
_PAID = "#1b6e2f"
_DRAFT = "#6b6b6b"

PERIODS = (
    ("30d", N_("Last 30 days")),
    ("month", N_("This month")),
    ("last_month", N_("Last month")),
    ("year", N_("This year")),
    ("all", N_("All time")),
)


def period_days(key: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of a period named in PERIODS."""
    if key == "30d":
        return today - dt.timedelta(days=29), today
    if key == "month":
        return today.replace(day=1), today
    if key == "last_month":
        last = today.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), last
    if key == "year":
        return today.replace(month=1, day=1), today
    return None, None


def _made_on(row: DocSummary) -> dt.date:
    """The local day a draft was started (it has no date of issue yet)."""
    return dt.datetime.fromisoformat(row.created_at).astimezone().date()


class InvoicesScreen(ListingScreen[DocSummary]):
    watches = frozenset({Area.INVOICES, Area.CUSTOMERS})
    title_id = N_("Invoices, quotes and credit notes")
    empty_id = N_("No documents here yet. Ctrl+N writes a new invoice.")
    count_label = N_plural("{count} document", "{count} documents")
    list_actions = (
        ListAction(
            "new_invoice",
            N_("New invoice (Ctrl+N)"),
            "new_document",
            args=(DocKind.INVOICE,),
            may=Permission.ISSUE_INVOICES,
            primary=True,
            shortcut="Ctrl+N",
        ),
        ListAction(
            "new_quote",
            N_("New quote"),
            "new_document",
            args=(DocKind.QUOTE,),
            may=Permission.ISSUE_INVOICES,
        ),
        ListAction("open_button", N_("Open"), "open_document", row=True, opens_row=True),
        ListAction("pdf_button", N_("PDF…"), "preview", row=True),
    )

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._rows: Sequence[DocSummary] = []
        self._overdue = ""
        super().__init__(state, parent)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self.customer.setFocus)

    def toolbar(self) -> QWidget:
        bar = QWidget()
        outer = FlowLayout(bar)  # on more lines on a netbook or in a longer language
        outer.setContentsMargins(0, 0, 0, 0)
        self.type_filter = QComboBox()
        self.type_filter.setObjectName("invoiceType")
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("invoiceStatus")
        self.period = QComboBox()
        self.period.setObjectName("invoicePeriod")
        self.customer = QLineEdit()
        self.customer.setObjectName("invoiceCustomer")
        self.customer.setClearButtonEnabled(True)
        self.customer.setMinimumWidth(220)  # room to read what is typed
        self.customer.textChanged.connect(lambda _t: self._reload())
        for combo in (self.type_filter, self.status_filter, self.period):
            combo.activated.connect(lambda _i: self._reload())
            outer.addWidget(combo)
        outer.addWidget(self.customer)
        outer.addStretch()
        for button in self.action_buttons():
            outer.addWidget(button)
        self.overdue = QLabel()
        self.overdue.setObjectName("overdueSummary")
        return bar

    def _money(self, minor: int) -> str:
        return money_text(self.state, Money(minor, currency(self.state)))

    def _date(self, day: dt.date | None) -> str:
        return self.state.formats.date(day, "short") if day else ""

    def columns(self) -> Sequence[Column[DocSummary]]:
        def status_colour(row: DocSummary) -> str | None:
            if row.status in (Status.OVERDUE, Status.EXPIRED):
                return _OVERDUE
            if row.status in (Status.PAID, Status.ACCEPTED):
                return _PAID
            return _DRAFT if row.status is Status.DRAFT else None

        def due_text(row: DocSummary) -> str:
            if row.kind is not DocKind.INVOICE or row.status is Status.DRAFT:
                return ""
            if not row.standing.due:
                return ""  # paid or credited: nothing to collect
            return self._money(row.standing.due)

        def total_text(row: DocSummary) -> str:
            sign = -1 if row.kind is DocKind.CREDIT_NOTE else 1
            return self._money(sign * row.gross)

        return (
            Column(N_("Customer"), lambda r: isolate(r.customer_name)),
            Column(N_("Number"), lambda r: isolate(r.number or _("Draft")), False, status_colour),
            Column(N_("Type"), lambda r: _(r.kind.label)),
            Column(N_("Date"), lambda r: self._date(r.issue_date or _made_on(r))),
            Column(N_("Total"), total_text, True),
            Column(N_("Due"), due_text, True, status_colour),
            Column(N_("Due date"), lambda r: self._date(r.due_date)),
            Column(N_("Status"), lambda r: _(r.status.label), False, status_colour),
        )

    def column_widths(self) -> Sequence[int]:
        return (240, 150, 100, 100, 130, 130, 100, 110)

    def count_rows(self) -> int:
        if not self.state.may(Permission.ISSUE_INVOICES):
            self._rows = []
            return 0
        shop = self.state.shop
        today = dt.date.today()
        kind = self.type_filter.currentData() if hasattr(self, "type_filter") else None
        status = self.status_filter.currentData() if hasattr(self, "status_filter") else None
        period = self.period.currentData() if hasattr(self, "period") else "all"
        since, until = period_days(period or "all", today)
        rows = shop.invoices.listing(
            kinds=[DocKind(kind)] if kind else (),
            statuses=[Status(status)] if status else (),
            since=since,
            until=until,
            today=today,
        )
        text = self.customer.text().strip().casefold() if hasattr(self, "customer") else ""
        if text:
            rows = [
                r for r in rows if text in r.customer_name.casefold() or text in (r.number or "")
            ]
        self._rows = rows
        overdue = [r for r in rows if r.status is Status.OVERDUE]
        if overdue:
            self._overdue = _("{count} overdue, {amount} to collect").format(
                count=self.state.formats.number(len(overdue)),
                amount=self._money(sum(r.standing.due for r in overdue)),
            )
        else:
            self._overdue = ""
        return len(rows)

    def fetch_rows(self, offset: int, limit: int) -> Sequence[DocSummary]:
        return self._rows[offset : offset + limit]

    # -- actions -------------------------------------------------------------------------

    def new_document(self, kind: DocKind) -> None:
        from duka.ui.dialogs.invoice_editor import InvoiceEditor

        editor = InvoiceEditor(self.state, self.state.shop.invoices.new_draft(kind), None, self)
        editor.exec()

    def open_document(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.status is Status.DRAFT:
            from duka.ui.dialogs.invoice_editor import InvoiceEditor

            doc = self.state.shop.invoices.get(row.id)
            InvoiceEditor(self.state, doc.draft, row.id, self).exec()
        else:
            from duka.ui.dialogs.invoice_view import InvoiceView

            InvoiceView(self.state, row.id, self).exec()

    def preview(self) -> None:
        from duka.ui.dialogs.invoice_view import InvoiceView

        if (row := self.selected()) is not None:
            InvoiceView(self.state, row.id, self).exec()

    # -- keeping up ----------------------------------------------------------------------

    def _reload(self) -> None:
        super()._reload()
        self._show_overdue()

    def _show_overdue(self) -> None:
        if not hasattr(self, "overdue"):
            return
        summary = self.summary.text()
        if self._overdue:
            self.summary.setText(
                f"{summary} — <span style='color:{_OVERDUE}'><b>{self._overdue}</b></span>"
            )

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "customer"):
            return
        self._fill(
            self.type_filter,
            [(None, _("All types"))] + [(k.value, _(k.label)) for k in DocKind],
        )
        self._fill(
            self.status_filter,
            [(None, _("Any status"))] + [(s.value, _(s.label)) for s in Status],
        )
        self._fill(self.period, [(key, _(label)) for key, label in PERIODS], default="all")
        self.customer.setPlaceholderText(_("Customer or number"))
        self._show_overdue()

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[object, str]], default: object = None) -> None:
        keep = combo.currentData() if combo.count() else default
        combo.clear()
        for data, text in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
