"""What the Sell screen says of lines of products that keep batches: the batch each line
will be taken from and its expiry date under the product's name, an expired one in red."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from duka.core.sale import Cart
from duka.i18n import _
from duka.ui.batch_text import batch_note
from duka.ui.models.cart import BATCH_ROLE
from duka.ui.state import AppState


def line_notes(state: AppState, cart: Cart) -> dict[int, tuple[str, str, bool]]:
    """For each line of a product keeping batches (by row): the batches it would be taken
    from now, in short (number and date) and in full, and whether one has expired."""
    batches = state.shop.batches
    tracked = batches.tracked([line.product_id for line in cart.lines])
    if not tracked:
        return {}
    # Each line is shown as if alone (two lines of one product are rare: a scan adds to
    # its line); the checkout takes them in turn.
    notes: dict[int, tuple[str, str, bool]] = {}
    for row, line in enumerate(cart.lines):
        if line.product_id not in tracked:
            continue
        parts = batches.preview(line.product_id, line.quantity, line.batch_id)
        if not parts:
            nothing = _("No batch in stock")
            notes[row] = (nothing, nothing, False)
            continue
        expired = any(taken.expired for taken, _number, _expiry in parts)
        full = "; ".join(
            batch_note(state, number, expiry, taken.expired) for taken, number, expiry in parts
        )
        short = ", ".join(
            _("{batch} expired").format(batch=number)
            if taken.expired
            else f"{number} · {state.formats.date(expiry, 'short')}"
            for taken, number, expiry in parts
        )
        notes[row] = (short, full, expired)
    return notes


class BatchLineDelegate(QStyledItemDelegate):
    """The cart's first column: a line of a product keeping batches shows its name (and its
    promotion's, if any) and, on a line of its own, its batches (each line elided on its
    own, so the narrow cart of a netbook still shows them all); other lines are drawn as
    usual."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        note = index.data(BATCH_ROLE)
        if note is None:
            super().paint(painter, option, index)
            return
        view = QStyleOptionViewItem(option)
        self.initStyleOption(view, index)
        name, view.text = view.text, ""
        widget = view.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view, painter, widget)
        area = view.rect.adjusted(4, 1, -4, -1)
        text, expired = note
        # The view shows a line break as U+2028 (QStyledItemDelegate.displayText).
        lines = [*name.replace("\u2028", "\n").split("\n"), text]
        step = area.height() // len(lines)
        align = QStyle.visualAlignment(
            view.direction, Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        )
        metrics = view.fontMetrics
        selected = bool(view.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(view.font)
        painter.setPen(view.palette.color(text_role))
        for number, line in enumerate(lines):
            last = number == len(lines) - 1
            place = QRect(
                area.x(),
                area.y() + number * step,
                area.width(),
                area.height() - number * step if last else step,
            )
            if last and expired and not selected:
                painter.setPen(QColor("#c62828"))
            painter.drawText(
                place, align, metrics.elidedText(line, Qt.TextElideMode.ElideRight, place.width())
            )
        painter.restore()
