"""Promotions at the Sell screen: the best in force set on the cart at every change, the
saving shown beside the total, a notice when one applies, and taking one off a line with a
manager's approval. Apart from the Sell screen so that its own code stays about selling."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from duka.core.access import Permission
from duka.core.money import total
from duka.core.sale import Cart, LinePromotion
from duka.i18n import N_, _
from duka.ui.amounts import money_text
from duka.ui.state import AppState
from duka.ui.widgets.rows import select_row

SAVING_LABEL = N_("Promotions save")


def promoted(state: AppState, cart: Cart) -> Cart:
    """`cart` with the best promotion in force now on each line."""
    return state.shop.promotions.apply(cart)


def newly_applied(before: Cart, after: Cart) -> LinePromotion | None:
    """A promotion that applies to the sale since this change (to tell the cashier once a
    sale, not at every line it applies to), if any."""
    had = {line.promotion.id for line in before.lines if line.promotion}
    for line in after.lines:
        if line.promotion is not None and line.promotion.id not in had:
            return line.promotion
    return None


def applied_notice(state: AppState, promotion: LinePromotion) -> tuple[str, dict[str, str]]:
    """The Sell screen's notice for a promotion that just applied: (catalog id, fields)."""
    return (
        N_("{promotion}: the customer saves {amount}. F5 takes it off (a manager approves)."),
        {"promotion": promotion.name, "amount": money_text(state, promotion.saving)},
    )


def saving_text(state: AppState, cart: Cart) -> str:
    """What the cart's promotions save, for beside the total ("" for nothing)."""
    saved = total((line.saving for line in cart.lines if line.saving), cart.currency)
    return money_text(state, saved) if saved else ""


def offer_on_lines(table: QTableView, remove: object) -> None:
    """A line's menu (a right-click or a long press) offers to take its promotion off."""
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def menu(at: QPoint) -> None:
        index = table.indexAt(at)
        if not index.isValid():
            return
        select_row(table, index.row())
        popup = QMenu(table)
        popup.setObjectName("cartLineMenu")
        action = QAction(_("Take the promotion off this line (F5)"), popup)
        action.triggered.connect(remove)
        popup.addAction(action)
        popup.popup(table.viewport().mapToGlobal(at))

    table.customContextMenuRequested.connect(menu)


def removed(parent: QWidget, state: AppState, cart: Cart, row: int) -> Cart | None:
    """The cart without line `row`'s promotion, once a manager approved; None if not."""
    from duka.ui.approval import with_approval
    from duka.ui.operations import show_refusal

    if not 0 <= row < len(cart.lines):
        return None
    if cart.lines[row].promotion is None:
        from duka.core.errors import InvalidInput

        show_refusal(parent, InvalidInput(N_("This line has no promotion to remove.")))
        return None
    promotions = state.shop.promotions
    return with_approval(
        parent,
        state,
        Permission.DISCOUNT,
        lambda approval: promotions.remove_from_line(cart, row, approval),
    )
