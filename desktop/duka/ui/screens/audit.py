"""The Audit screen: who did what and when, newest first, with filters (owner and manager)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from duka.core.access import Permission, Role, shown_actor_name
from duka.core.audit import AuditAction, AuditEntry, AuditFilter
from duka.core.changes import Area
from duka.core.settings import BY_KEY
from duka.i18n import N_, N_plural, _, ngettext
from duka.i18n.formatting import Formats
from duka.services.context import NOBODY
from duka.ui.models.windowed import Column, isolate
from duka.ui.screens.listing import ListingScreen
from duka.ui.state import AppState

_PERIODS = (
    (N_("All time"), None),
    (N_("Today"), 0),
    (N_("Last 7 days"), 7),
    (N_("Last 30 days"), 30),
)
_REFUSED = "#b3261e"
_PRODUCTS = N_plural("{count} product", "{count} products")


def shown_actor(actor: str) -> str:
    return _("nobody") if actor == NOBODY else shown_actor_name(actor)


# The kinds of thing a stored subject names ("product 5: Sugar"): stored in English, as the
# journal hashed them, and shown in the reader's language.
_KINDS = {"product": N_("Product"), "customer": N_("Customer"), "supplier": N_("Supplier")}
_COUNTED = {"lines": N_plural("{count} line", "{count} lines"), "products": _PRODUCTS}
_DISABLED = " (disabled)"


def shown_subject(entry: AuditEntry) -> str:
    """The subject in the reader's language where it names something Duka knows."""
    subject = entry.subject
    if entry.action in (AuditAction.DENIED.value, AuditAction.APPROVAL.value):
        permission = Permission.__members__.get(subject)
        if permission is not None:
            return _(permission.label)
    kind, _sep, rest = subject.partition(": ")
    if kind == "setting" and rest in BY_KEY:
        return _(BY_KEY[rest].label)
    if kind == "user":
        if rest.endswith(_DISABLED):
            return f"{isolate(rest.removesuffix(_DISABLED))} ({_('disabled')})"
        return rest
    word, _space, number = kind.partition(" ")
    if _sep and word in _KINDS and number.isdigit():
        # Isolated, so a name in another script does not reorder the number beside it.
        return _("{kind} {number}: {name}").format(
            kind=_(_KINDS[word]), number=number, name=isolate(rest)
        )
    count, _space, what = subject.partition(" ")
    if count.isdigit() and what in _COUNTED:
        return ngettext(*_COUNTED[what], int(count)).format(count=count)
    if subject == "PIN":
        return _("PIN")
    return subject


# Field names of the stored before/after values, by the words the screens use for them.
_FIELDS = {
    "active": N_("Active"),
    "added": N_("Added"),
    "amount": N_("Amount"),
    "approved_by": N_("Approved by"),
    "bytes": N_("Size"),
    "changed": N_("Changed"),
    "cost_price": N_("Cost"),
    "counted": N_("Counted"),
    "credit_limit": N_("Credit limit"),
    "credits": N_("Invoice"),
    "customer": N_("Customer"),
    "customers": N_("Customers"),
    "customers_added": N_("Added"),
    "customers_updated": N_("Updated"),
    "file": N_("File"),
    "for": N_("For"),
    "image_bytes": N_("Image"),
    "invoices": N_("Invoices"),
    "kept_as": N_("Kept as"),
    "kind": N_("Type"),
    "lines": N_("Items"),
    "low_stock": N_("Low stock"),
    "method": N_("Paid by"),
    "methods": N_("Paid by"),
    "name": N_("Name"),
    "note": N_("Note"),
    "opening": N_("Opening balance"),
    "owed_before": N_("Owed"),
    "pages": N_("Pages"),
    "paid": N_("Paid"),
    "percent": N_("Percent"),
    "phone": N_("Phone"),
    "price_asked": N_("Price asked at the sale"),
    "products": N_("Products"),
    "reason": N_("Reason"),
    "report": N_("Report"),
    "role": N_("Role"),
    "round_to": N_("Round to"),
    "sale": N_("Sale"),
    "sell_price": N_("Price"),
    "skipped": N_("Skipped"),
    "stock": N_("Stock"),
    "supplier": N_("Supplier"),
    "total": N_("Total"),
    "unchanged": N_("Unchanged"),
    "until": N_("Until"),
    "updated": N_("Updated"),
}
_ACTORS = frozenset({"for"})  # fields holding who acted, as stored
_MONEY = re.compile(r"^(-?\d+(?:\.\d+)?) ([A-Z]{3})$")
_ROLES = {role.value: role for role in Role}


def shown_value(stored: str | None, formats: Formats) -> str:
    """A before/after value for reading: amounts in the shop's locale, several fields as
    "name: value", in the reader's language where Duka knows the words."""
    if stored is None:
        return ""
    try:
        value = json.loads(stored)
    except ValueError:
        return stored
    if isinstance(value, dict):
        return ", ".join(
            # "field: value", as each language writes it (French puts a space before the colon)
            _("{field}: {value}").format(
                field=_(_FIELDS[k]) if k in _FIELDS else k,
                value=(
                    shown_actor_name(v)
                    if k in _ACTORS and isinstance(v, str)
                    else _plain(v, formats)
                ),
            )
            for k, v in value.items()
        )
    return _plain(value, formats)


def _plain(value: object, formats: Formats) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "; ".join(_plain(v, formats) for v in value)
    if isinstance(value, dict):
        return " ".join(_plain(v, formats) for v in value.values())
    if isinstance(value, str):
        money = _MONEY.match(value)
        if money:
            return formats.money(Decimal(money.group(1)), money.group(2))
        if value in _ROLES:
            return _(_ROLES[value].label)
        if "T" in value and value[:4].isdigit():
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
            return formats.datetime(moment.astimezone(), "short")
    return "" if value is None else str(value)


class AuditScreen(ListingScreen[AuditEntry]):
    watches = frozenset({Area.AUDIT})
    title_id = N_("Audit trail")
    empty_id = N_("Nothing matches these filters.")
    count_label = N_plural("{count} entry", "{count} entries")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self.filter = AuditFilter()
        super().__init__(state, parent)
        self.table.setWordWrap(False)

    # -- the filter bar -----------------------------------------------------------------

    def toolbar(self) -> QWidget:
        bar = QWidget()
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(0, 0, 0, 0)
        self.action_box = QComboBox()
        self.actor_box = QComboBox()
        self.period_box = QComboBox()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        for box in (self.action_box, self.actor_box, self.period_box):
            box.activated.connect(lambda _index: self.apply_filter())
        self.search.textChanged.connect(lambda _text: self.apply_filter())
        layout.addWidget(self.action_box)
        layout.addWidget(self.actor_box)
        layout.addWidget(self.period_box)
        layout.addWidget(self.search, 1)
        return bar

    def _fill_filters(self) -> None:
        audit = self.state.shop.audit
        keep = (
            self.action_box.currentData(),
            self.actor_box.currentData(),
            self.period_box.currentIndex(),
        )
        self.action_box.clear()
        self.action_box.addItem(_("All actions"), None)
        for value in audit.actions():
            try:
                label = AuditAction(value).label
            except ValueError:
                label = value
            self.action_box.addItem(_(label), value)
        self.actor_box.clear()
        self.actor_box.addItem(_("Everyone"), None)
        for actor in audit.actors():
            self.actor_box.addItem(shown_actor(actor), actor)
        self.period_box.clear()
        for label, _days in _PERIODS:
            self.period_box.addItem(_(label))
        self.action_box.setCurrentIndex(max(0, self.action_box.findData(keep[0])))
        self.actor_box.setCurrentIndex(max(0, self.actor_box.findData(keep[1])))
        self.period_box.setCurrentIndex(max(0, keep[2]))
        self.search.setPlaceholderText(_("Search what was changed"))

    def apply_filter(self) -> None:
        days = _PERIODS[max(0, self.period_box.currentIndex())][1]
        since = None
        if days is not None:
            start = dt.datetime.combine(
                dt.date.today() - dt.timedelta(days=days),
                dt.time(),
                dt.datetime.now().astimezone().tzinfo,
            )
            since = start.astimezone(dt.UTC).isoformat(timespec="seconds")
        self.filter = AuditFilter(
            action=self.action_box.currentData(),
            actor=self.actor_box.currentData(),
            since=since,
            text=self.search.text().strip() or None,
        )
        self.model.refresh()
        self._show_count()

    # -- the list -----------------------------------------------------------------------

    def columns(self) -> Sequence[Column[AuditEntry]]:
        def refused(entry: AuditEntry) -> str | None:
            return _REFUSED if entry.outcome == "denied" else None

        return (
            Column(N_("When"), self._when, color=refused),
            Column(N_("Who"), lambda e: shown_actor(e.actor), color=refused),
            Column(N_("What"), self._what, color=refused),
            Column(N_("About"), shown_subject),
            Column(N_("Before"), lambda e: shown_value(e.before, self.state.formats)),
            Column(N_("After"), lambda e: shown_value(e.after, self.state.formats)),
            Column(N_("Approved by"), lambda e: e.approved_by or ""),
        )

    def column_widths(self) -> Sequence[int]:
        return (150, 150, 150, 200, 150, 150, 110)

    def _when(self, entry: AuditEntry) -> str:
        moment = dt.datetime.fromisoformat(entry.at).astimezone()
        return self.state.formats.datetime(moment, "short")

    def _what(self, entry: AuditEntry) -> str:
        label = _(entry.action_label)
        return label if entry.outcome == "done" else f"{label} ✗"

    def count_rows(self) -> int:
        return self.state.shop.audit.count(self.filter) if self._allowed() else 0

    def fetch_rows(self, offset: int, limit: int) -> Sequence[AuditEntry]:
        return self.state.shop.audit.page(self.filter, offset, limit) if self._allowed() else []

    def _allowed(self) -> bool:
        return self.state.may(Permission.VIEW_AUDIT)

    # -- keeping up ---------------------------------------------------------------------

    def shown(self) -> None:
        # New entries arrive with every sign-in and change: read afresh when looked at.
        if self._allowed():
            self._fill_filters()
        self.model.refresh()
        self._show_count()

    def permissions_changed(self) -> None:
        self.shown()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "action_box") and self._allowed():
            self._fill_filters()

    def _show_count(self) -> None:
        ListingScreen.retranslate(self)
