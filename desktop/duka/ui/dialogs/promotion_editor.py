"""Making a promotion: its name, what it gives (a multi-buy, buy some get some, a percent or
an amount off), on what (products, categories, the whole sale), when (dates, and if wanted
hours and days of the week) and for whom. The service refuses what cannot be (no end date,
an overlap, bad figures) and asks before one that sells below cost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import Product
from duka.core.promotions import Hours, Kind, PromotionDraft, Scope
from duka.core.purchases import NeedsConfirmation
from duka.i18n import N_, _
from duka.ui.amounts import parse_money
from duka.ui.dialogs.form import FormDialog
from duka.ui.models.windowed import isolate
from duka.ui.operations import ask
from duka.ui.state import AppState
from duka.ui.widgets.flow import FlowLayout
from duka.ui.widgets.product_picker import ProductPicker

_NO_DATE = QDate(2000, 1, 1)  # the end field's "not chosen" (shown as a dash)
_ROLE = int(Qt.ItemDataRole.UserRole.value)


def audience_choices(state: AppState) -> list[tuple[str, int | None]]:
    """Whom a promotion can be for: (what the list shows, the price list's id or None for
    everyone): everyone, or the customers on one of the shop's price lists in use."""
    lists = state.shop.price_lists.lists(active_only=True)
    return [(_("Everyone"), None)] + [
        (_("Customers on {list}").format(list=isolate(found.name)), found.id) for found in lists
    ]


class PromotionEditor(FormDialog):
    title_id = N_("New promotion")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promotionEditor")
        self.state = state
        self.promotion_id: int | None = None
        self.given_product: Product | None = None
        self.name = QLineEdit()
        self.name.setObjectName("promotionName")
        self.kind = QComboBox()
        self.kind.setObjectName("promotionKind")
        for kind in Kind:
            self.kind.addItem("", kind)
        self.buy = self._spin(3)  # "3 for 2", the commonest
        self.pay = self._spin(2)
        self.group_price = self._amount()
        self.get = self._spin(1)
        self.given = ProductPicker(state)
        self.given.setObjectName("givenProduct")
        self.given.picked.connect(self._given_picked)
        self.percent = self._amount()
        self.amount = self._amount()
        self.scope = QComboBox()
        self.scope.setObjectName("promotionScope")
        for scope in Scope:
            self.scope.addItem("", scope)
        self.picker = ProductPicker(state)
        self.picker.picked.connect(lambda product, _units, _scanned: self._add_product(product))
        self.products = QListWidget()
        self.products.setObjectName("promotionProducts")
        self.products.setMaximumHeight(90)
        self.products.itemDoubleClicked.connect(
            lambda item: self.products.takeItem(self.products.row(item))
        )
        self.categories = QListWidget()
        self.categories.setObjectName("promotionCategories")
        self.categories.setMaximumHeight(110)
        for category in state.shop.products.categories():
            item = QListWidgetItem(category.label)
            item.setData(_ROLE, category.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.categories.addItem(item)
        today = state.shop.promotions.local_now().date()
        self.starts = self._date(QDate(today.year, today.month, today.day))
        self.ends = self._date(_NO_DATE)
        self.ends.setObjectName("promotionEnds")
        self.ends.setSpecialValueText("—")
        self.hours_on = QCheckBox()
        self.hours_from = QTimeEdit(QTime(8, 0))
        self.hours_until = QTimeEdit(QTime(12, 0))
        hours = QWidget()
        hours_row = QHBoxLayout(hours)  # the row's label says what the box means
        hours_row.setContentsMargins(0, 0, 0, 0)
        hours_row.addWidget(self.hours_on)
        hours_row.addWidget(self.hours_from)
        hours_row.addWidget(self.hours_until)
        hours_row.addStretch(1)
        days = QWidget()
        days_row = FlowLayout(days)
        self.days: list[QCheckBox] = []
        for _day in range(7):
            box = QCheckBox()
            self.days.append(box)
            days_row.addWidget(box)
        self.audience = QComboBox()
        self.audience.setObjectName("promotionAudience")
        for combo in (self.kind, self.scope, self.audience):  # as wide as the language's words
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for label, list_id in audience_choices(state):
            self.audience.addItem(label, list_id)
        self.products_box = products_box = QWidget()
        products_column = QVBoxLayout(products_box)
        products_column.setContentsMargins(0, 0, 0, 0)
        products_column.addWidget(self.picker)
        products_column.addWidget(self.products)

        self.row(N_("Name"), self.name)
        self.row(N_("Kind"), self.kind)
        self.row(N_("Units bought"), self.buy)
        self.row(N_("Units paid for"), self.pay)
        self.row(N_("Or a price for them together"), self.group_price)
        self.row(N_("Units given"), self.get)
        self.row(N_("Product given (empty: the same)"), self.given)
        self.row(N_("Percent off"), self.percent)
        self.row(N_("Amount off"), self.amount)
        self.row(N_("Applies to"), self.scope)
        self.row(N_("Products"), products_box)
        self.row(N_("Categories"), self.categories)
        self.row(N_("Starts"), self.starts)
        self.row(N_("Ends"), self.ends)
        self.row(N_("Only from … until"), hours)
        self.row(N_("Days (none: every day)"), days)
        self.row(N_("Who gets it"), self.audience)
        self._figures = {
            Kind.MULTI_BUY: (self.buy, self.pay, self.group_price),
            Kind.BUY_GET: (self.buy, self.get, self.given, self.percent),
            Kind.PERCENT: (self.percent,),
            Kind.AMOUNT: (self.amount,),
        }
        self.kind.currentIndexChanged.connect(lambda _i: self._show_fields())
        self.scope.currentIndexChanged.connect(lambda _i: self._show_fields())
        self.finish_layout()
        self._show_fields()
        self.setMinimumWidth(480)

    def _spin(self, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 1000)
        spin.setValue(value)
        return spin

    def _amount(self) -> QLineEdit:
        field = QLineEdit()
        field.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        return field

    def _date(self, day: QDate) -> QDateEdit:
        field = QDateEdit(day)
        field.setCalendarPopup(True)
        field.setMinimumDate(_NO_DATE)
        return field

    def retranslate(self) -> None:
        super().retranslate()
        for index, kind in enumerate(Kind):
            self.kind.setItemText(index, _(kind.label))
        for index, scope in enumerate(Scope):
            self.scope.setItemText(index, _(scope.label))
        self.hours_on.setAccessibleName(_("Only from … until"))
        for number, box in enumerate(self.days):
            box.setText(QLocale().dayName(number + 1, QLocale.FormatType.ShortFormat))
        self.name.setPlaceholderText(_("e.g. Soap 3 for 2"))
        self.group_price.setPlaceholderText(_("e.g. {example}").format(example="100"))
        self.percent.setPlaceholderText(
            _("e.g. {example}").format(example=self.state.formats.count(10))
        )

    def _show_fields(self) -> None:
        kind = self.kind.currentData()
        shown = self._figures.get(kind, ())
        for field in (self.buy, self.pay, self.group_price, self.get, self.given):
            self.form.setRowVisible(field, field in shown)
        self.form.setRowVisible(self.percent, self.percent in shown)
        self.form.setRowVisible(self.amount, self.amount in shown)
        if kind is Kind.BUY_GET and not self.percent.text():
            self.percent.setText(self.state.formats.count(100))
        scope = self.scope.currentData()
        self.form.setRowVisible(self.products_box, scope is Scope.PRODUCTS)
        self.form.setRowVisible(self.categories, scope is Scope.CATEGORIES)

    def _add_product(self, product: Product) -> None:
        for row in range(self.products.count()):
            if self.products.item(row).data(_ROLE) == product.id:
                return
        item = QListWidgetItem(isolate(product.draft.name))
        item.setData(_ROLE, product.id)
        self.products.addItem(item)

    def _given_picked(self, product: Product, _units: object, _scanned: bool) -> None:
        self.given_product = product
        self.given.setText(product.draft.name)

    # -- saving -------------------------------------------------------------------------

    def draft(self) -> PromotionDraft:
        kind: Kind = self.kind.currentData()
        scope: Scope = self.scope.currentData()
        ends = None if self.ends.date() == _NO_DATE else self.ends.date().toPython()
        starts = self.starts.date().toPython()
        assert isinstance(starts, dt.date)
        hours = None
        if self.hours_on.isChecked():
            start, end = self.hours_from.time(), self.hours_until.time()
            hours = Hours(dt.time(start.hour(), start.minute()), dt.time(end.hour(), end.minute()))
        products = frozenset(
            int(self.products.item(row).data(_ROLE)) for row in range(self.products.count())
        )
        categories = frozenset(
            int(item.data(_ROLE))
            for item in (self.categories.item(row) for row in range(self.categories.count()))
            if item.checkState() == Qt.CheckState.Checked
        )
        group_price: Money | None = None
        if kind is Kind.MULTI_BUY and self.group_price.text().strip():
            group_price = parse_money(self.state, self.group_price.text())
        percent = Decimal(0)
        if kind in (Kind.PERCENT, Kind.BUY_GET):
            if not self.percent.text().strip():
                raise InvalidInput(N_("Type the percent off."), field="percent")
            percent = self.state.formats.parse_percent(self.percent.text())
        amount = None
        if kind is Kind.AMOUNT:
            if not self.amount.text().strip():
                raise InvalidInput(N_("Type the amount off, above zero."), field="amount")
            amount = parse_money(self.state, self.amount.text())
        given = self.given_product.id if self.given_product and self.given.text() else None
        return PromotionDraft(
            name=self.name.text(),
            kind=kind,
            scope=scope,
            starts=starts,
            ends=ends if isinstance(ends, dt.date) else None,
            products=products if scope is Scope.PRODUCTS else frozenset(),
            categories=categories if scope is Scope.CATEGORIES else frozenset(),
            buy=self.buy.value() if kind in (Kind.MULTI_BUY, Kind.BUY_GET) else 0,
            pay=self.pay.value() if kind is Kind.MULTI_BUY and group_price is None else 0,
            price=group_price,
            get=self.get.value() if kind is Kind.BUY_GET else 0,
            get_product_id=given if kind is Kind.BUY_GET else None,
            percent=percent,
            amount=amount,
            hours=hours,
            weekdays=frozenset(n for n, box in enumerate(self.days) if box.isChecked()),
            price_list_id=self.audience.currentData(),
        )

    def submit(self) -> bool:
        draft = self.draft()
        promotions = self.state.shop.promotions
        try:
            self.promotion_id = self.state.perform(lambda: promotions.create(draft)).value
        except NeedsConfirmation as question:
            if not ask(self, _("New promotion"), question.message):
                return False
            self.promotion_id = self.state.perform(
                lambda: promotions.create(draft, confirmed=True)
            ).value
        return True
