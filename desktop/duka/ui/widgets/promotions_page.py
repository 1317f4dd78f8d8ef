"""The Products screen's Promotions tab: every promotion with what it gives, on what, when,
for whom and whether it is running, upcoming or ended; New promotion… and End."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.errors import NotFound
from duka.core.promotions import Kind, Promotion, PromotionDraft, Scope, Status
from duka.i18n import N_, _, ngettext
from duka.services.promotions import Listed
from duka.ui.amounts import money_text
from duka.ui.models.text_rows import TextRowsModel
from duka.ui.models.windowed import isolate
from duka.ui.operations import perform
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import watch_dialog

_HEADERS = (
    N_("Promotion"),
    N_("Gives"),
    N_("Applies to"),
    N_("When"),
    N_("Who gets it"),
    N_("Status"),
)
_SHOWN = (  # the filter's choices: (catalog string, the statuses it shows)
    (N_("Running and upcoming"), (Status.RUNNING, Status.UPCOMING)),
    (N_("Running"), (Status.RUNNING,)),
    (N_("Upcoming"), (Status.UPCOMING,)),
    (N_("Ended"), (Status.ENDED,)),
    (N_("All"), (Status.RUNNING, Status.UPCOMING, Status.ENDED)),
)


def audience_text(price_list_id: int | None, names: dict[int, str]) -> str:
    """Whom a promotion is for: everyone, or the customers on a price list (`names`: the
    lists' names by id, a list set aside too)."""
    if price_list_id is None:
        return _("Everyone")
    name = names.get(price_list_id)
    if name is None:
        return _("Price list {number}").format(number=price_list_id)
    return _("Customers on {list}").format(list=isolate(name))


def gives_text(state: AppState, draft: PromotionDraft, product_name: str = "") -> str:
    """What a promotion gives, in a few words: "3 for the price of 2", "10% off"."""
    formats = state.formats
    count = formats.count
    if draft.kind is Kind.MULTI_BUY:
        if draft.price is not None:
            return _("{buy} for {price}").format(
                buy=count(draft.buy), price=money_text(state, draft.price)
            )
        return _("{buy} for the price of {pay}").format(buy=count(draft.buy), pay=count(draft.pay))
    if draft.kind is Kind.BUY_GET:
        free = draft.percent == Decimal(100)
        if draft.get_product_id is None:
            text = (
                _("Buy {buy}, get {get} free")
                if free
                else _("Buy {buy}, get {get} at {percent} off")
            )
            return text.format(
                buy=count(draft.buy), get=count(draft.get), percent=formats.percent(draft.percent)
            )
        text = (
            _("Buy {buy}, get {get} {product} free")
            if free
            else _("Buy {buy}, get {get} {product} at {percent} off")
        )
        return text.format(
            buy=count(draft.buy),
            get=count(draft.get),
            product=isolate(product_name),
            percent=formats.percent(draft.percent),
        )
    if draft.kind is Kind.PERCENT:
        return _("{percent} off").format(percent=formats.percent(draft.percent))
    assert draft.amount is not None
    if draft.scope is Scope.SALE:
        return _("{amount} off the sale").format(amount=money_text(state, draft.amount))
    return _("{amount} off each").format(amount=money_text(state, draft.amount))


def on_text(draft: PromotionDraft) -> str:
    if draft.scope is Scope.SALE:
        return _("The whole sale")
    if draft.scope is Scope.CATEGORIES:
        n = len(draft.categories)
        return ngettext("{count} category", "{count} categories", n).format(count=n)
    n = len(draft.products)
    return ngettext("{count} product", "{count} products", n).format(count=n)


def when_text(state: AppState, promotion: Promotion) -> str:
    draft = promotion.draft
    formats = state.formats
    assert draft.ends is not None
    parts = [
        _("{first} to {last}").format(
            first=formats.date(draft.starts, "short"), last=formats.date(draft.ends, "short")
        )
    ]
    if draft.weekdays:
        names = [_day_name(day) for day in sorted(draft.weekdays)]
        parts.append(formats.join(names))
    if draft.hours is not None:
        parts.append(
            _("{start}–{end}").format(
                start=formats.time(draft.hours.start), end=formats.time(draft.hours.end)
            )
        )
    if promotion.ended_at is not None:
        parts.append(_("ended {time}").format(time=formats.datetime(promotion.ended_at, "short")))
    return ", ".join(parts)


def _day_name(day: int) -> str:
    from PySide6.QtCore import QLocale

    return QLocale().dayName(day + 1, QLocale.FormatType.ShortFormat)


class PromotionsPage(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promotionsPage")
        self.state = state
        self.listed: list[Listed] = []
        self.shown: list[Listed] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.filter = QComboBox()
        self.filter.setObjectName("promotionFilter")
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter.activated.connect(lambda _i: self._show())
        self.new_button = QPushButton()
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_promotion)
        self.end_button = QPushButton()
        self.end_button.setObjectName("endPromotion")
        self.end_button.clicked.connect(self.end_selected)
        self.model = TextRowsModel(_HEADERS)
        self.table = QTableView()
        self.table.setObjectName("promotions")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        top = QHBoxLayout()
        top.addWidget(self.filter)
        top.addWidget(self.summary, 1)
        top.addWidget(self.end_button)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        chosen = max(self.filter.currentIndex(), 0)
        self.filter.clear()
        for label, _statuses in _SHOWN:
            self.filter.addItem(_(label))
        self.filter.setCurrentIndex(chosen)
        self.new_button.setText(_("New promotion…"))
        self.end_button.setText(_("End now"))
        self.model.retranslate()
        self._show()

    def refresh(self) -> None:
        self.listed = self.state.shop.promotions.listed()
        self._show()

    def _show(self) -> None:
        statuses = _SHOWN[max(self.filter.currentIndex(), 0)][1]
        order = {Status.RUNNING: 0, Status.UPCOMING: 1, Status.ENDED: 2}
        self.shown = sorted(
            (item for item in self.listed if item.status in statuses),
            key=lambda item: (order[item.status], item.promotion.draft.starts),
        )
        names = self._given_names()
        lists = self.state.shop.price_lists.names()
        self.model.set_rows(
            [
                (
                    isolate(item.promotion.name),
                    gives_text(self.state, item.promotion.draft, names.get(item.promotion.id, "")),
                    on_text(item.promotion.draft),
                    when_text(self.state, item.promotion),
                    audience_text(item.promotion.draft.price_list_id, lists),
                    _(item.status.label),
                )
                for item in self.shown
            ]
        )
        running = sum(1 for item in self.listed if item.status is Status.RUNNING)
        self.summary.setText(
            ngettext(
                "{count} promotion running now.", "{count} promotions running now.", running
            ).format(count=self.state.formats.count(running))
        )
        self._enable()

    def _given_names(self) -> dict[int, str]:
        """The names of the products "buy X get Y" promotions give, by promotion."""
        found = {}
        for item in self.shown:
            given = item.promotion.draft.get_product_id
            if given is not None:
                try:
                    found[item.promotion.id] = self.state.shop.products.get(given).draft.name
                except NotFound:
                    continue
        return found

    def selected(self) -> Listed | None:
        index = self.table.currentIndex()
        return (
            self.shown[index.row()] if index.isValid() and index.row() < len(self.shown) else None
        )

    def _enable(self) -> None:
        may = self.state.may(Permission.MANAGE_PRODUCTS)
        self.new_button.setEnabled(may)
        chosen = self.selected()
        self.end_button.setEnabled(may and chosen is not None and chosen.status is not Status.ENDED)

    def new_promotion(self) -> None:
        from duka.ui.dialogs.promotion_editor import PromotionEditor

        dialog = PromotionEditor(self.state, self)
        if dialog.exec():
            self.refresh()

    def end_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("End a promotion"),
            _("End “{name}” now? It no longer applies from this moment.").format(
                name=chosen.promotion.name
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        watch_dialog(box)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        promotions, promotion_id = self.state.shop.promotions, chosen.promotion.id
        if perform(self, self.state, lambda: promotions.end(promotion_id)) is not None:
            self.refresh()
