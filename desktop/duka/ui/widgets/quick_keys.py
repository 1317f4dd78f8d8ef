"""The grid of product tiles on the Sell screen: a tap sells one.

Pages are tabs; the owner's pages come first, then "Most sold this month", made from the
sales. The layout is the shop's (in its database) or this computer's own (in its settings),
as chosen when arranging it. Tiles are at least 9 mm, and the first nine of the page shown
answer to Alt+1 ... Alt+9, so a trader with only a keyboard has them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.products import Product
from duka.core.quick_keys import COLOURS, Layout
from duka.i18n import TranslatableError, _
from duka.ui.amounts import money_text, price_text
from duka.ui.machine import QUICK_KEYS_LAYOUT, QUICK_KEYS_SCOPE, machine_settings
from duka.ui.state import AppState
from duka.ui.widgets.flow import FlowLayout
from duka.ui.widgets.touch import touch_px, touch_scrolling

_MOST_SOLD_FOR_S = 600
_TILE_WIDTH = 116  # two short words of a name and a price on a line


def shop_wide() -> bool:
    return machine_settings().value(QUICK_KEYS_SCOPE, "shop") != "computer"


def load_layout(state: AppState) -> Layout:
    """The layout this computer shows: the shop's, or its own."""
    if shop_wide():
        return state.shop.quick_keys.layout()
    return Layout.from_json(str(machine_settings().value(QUICK_KEYS_LAYOUT, "") or ""))


def save_layout(state: AppState, layout: Layout, for_the_shop: bool) -> None:
    settings = machine_settings()
    if for_the_shop:
        state.shop.quick_keys.save(layout)  # refused (and nothing kept) if not allowed
        settings.setValue(QUICK_KEYS_SCOPE, "shop")
    else:
        settings.setValue(QUICK_KEYS_LAYOUT, layout.to_json())
        settings.setValue(QUICK_KEYS_SCOPE, "computer")
    settings.sync()


@dataclass(frozen=True)
class ShownTile:
    """A quick key with its product loaded, ready to draw."""

    product: Product
    colour: str


class TileButton(QPushButton):
    """A tile: the name on as many lines as the tile has room for (the rest elided), and
    the price (with its key number) on the last line, whatever the name's length."""

    def __init__(self, tile: ShownTile, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile = tile
        self.number = number
        self.price = ""

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSizeHint(self) -> QSize:
        return self.minimumSize()

    def paintEvent(self, _event: QPaintEvent) -> None:
        # Qt's painting classes are made for Python at the first tile's paint, which comes
        # after the window's first paint, rather than as the Sell screen is read (~10 ms).
        from PySide6.QtGui import QPainter
        from PySide6.QtWidgets import QStyle, QStyleOptionButton

        painter = QPainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
        painter.setPen(self.palette().buttonText().color())
        area = self.rect().adjusted(6, 4, -6, -4)
        metrics = self.fontMetrics()
        line_height = metrics.lineSpacing()
        bold = QFont(self.font())
        bold.setBold(True)
        wide = QFontMetrics(bold).horizontalAdvance(self.price)
        if wide > area.width():  # a long price in a narrow tile: smaller, never cut
            bold.setPointSizeF(max(6.0, bold.pointSizeF() * area.width() / wide))
        painter.setFont(bold)
        price_box = QRect(area.left(), area.bottom() - line_height + 1, area.width(), line_height)
        painter.drawText(price_box, Qt.AlignmentFlag.AlignCenter, self.price)
        painter.setFont(self.font())
        rows = max(1, (area.height() - line_height) // line_height)
        name = self.tile.product.name
        # The name in its own direction (a Latin name in an Arabic window keeps its brackets).
        painter.setLayoutDirection(_direction(name))
        lines = _wrapped(name, self.font(), area.width(), rows)
        top = area.top() + (area.height() - line_height - len(lines) * line_height) // 2
        for number, text in enumerate(lines):
            box = QRect(area.left(), top + number * line_height, area.width(), line_height)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()


def _direction(text: str) -> Qt.LayoutDirection:
    """The direction of the first letter that has one (as a paragraph's is found)."""
    import unicodedata

    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
    return Qt.LayoutDirection.LeftToRight


def _wrapped(text: str, font: QFont, width: int, rows: int) -> list[str]:
    """`text` in at most `rows` lines of `width` pixels, the last elided if it does not fit
    (shaped by Qt, so Arabic and Devanagari break where their script allows)."""
    from PySide6.QtGui import QTextLayout, QTextOption  # made when a tile is first painted

    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setTextDirection(_direction(text))
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    if len(lines) > rows:
        rest = " ".join(lines[rows - 1 :])
        lines = [
            *lines[: rows - 1],
            QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width),
        ]
    return lines


class QuickKeys(QWidget):
    chosen = Signal(int)  # a product id
    arrange = Signal()
    tiles: list[TileButton]

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickKeys")
        self.state = state
        self.layout_: Layout = Layout()
        self.tiles = []
        self._pages: list[list[ShownTile]] = []
        self._best: tuple[float, list[int]] | None = None

        self.tabs = QTabBar()
        self.tabs.setObjectName("quickPages")
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.setExpanding(False)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.currentChanged.connect(lambda _index: self._show_page())
        self.arrange_button = QPushButton()
        self.arrange_button.setObjectName("arrangeKeys")
        self.arrange_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.arrange_button.clicked.connect(self.arrange.emit)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.tabs, 1)
        top.addWidget(self.arrange_button)

        self.grid_holder = QWidget()
        # Tiles flow onto as many lines as the width needs (right to left in Arabic).
        self.grid = FlowLayout(self.grid_holder, spacing=4)
        self.tile_area = QScrollArea()
        self.tile_area.setObjectName("quickTiles")
        self.tile_area.setWidgetResizable(True)
        self.tile_area.setWidget(self.grid_holder)
        self.tile_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there: tiles that flow anew when a scroll bar appears would need it again.
        self.tile_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.tile_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tile_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        touch_scrolling(self.tile_area)

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addLayout(top)
        box.addWidget(self.tile_area, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(_TILE_WIDTH + 24)

    # -- what is shown ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the layout and the products again (after arranging, or a price change)."""
        self.layout_ = load_layout(self.state)
        products = self.state.shop.products
        pages: list[list[ShownTile]] = []
        names: list[str] = []

        def shown(product_id: int, colour: str) -> ShownTile | None:
            try:
                product = products.get(product_id)
            except TranslatableError:  # deleted since it was placed
                return None
            return ShownTile(product, colour) if product.active else None

        for page in self.layout_.pages:
            tiles = [shown(t.product_id, t.colour) for t in page.tiles]
            pages.append([t for t in tiles if t is not None])
            names.append(page.name)
        best = self._most_sold()
        most = [shown(pid, COLOURS[n % len(COLOURS)]) for n, pid in enumerate(best)]
        pages.append([t for t in most if t is not None])
        names.append("")  # translated in retranslate
        self._pages = pages
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for name in names:
            self.tabs.addTab(name)
        self.tabs.setCurrentIndex(max(0, min(current, len(names) - 1)))
        self.tabs.blockSignals(False)
        self.retranslate()
        self._show_page()

    def _most_sold(self) -> list[int]:
        """This month's best sellers, read again at most every ten minutes: a big shop's
        month of sales is not counted each time the Sell screen comes to the front."""
        import time

        now = time.monotonic()
        if self._best is None or now - self._best[0] > _MOST_SOLD_FOR_S:
            self._best = (now, self.state.shop.quick_keys.most_sold())
        return self._best[1]

    def retranslate(self) -> None:
        if self.tabs.count():
            self.tabs.setTabText(self.tabs.count() - 1, _("Most sold this month"))
        self.arrange_button.setText(_("Arrange"))
        self.arrange_button.setVisible(self.state.may(Permission.MANAGE_PRODUCTS))
        for button in self.tiles:
            self._label(button)

    def page_tiles(self) -> list[ShownTile]:
        index = self.tabs.currentIndex()
        return self._pages[index] if 0 <= index < len(self._pages) else []

    def _show_page(self) -> None:
        for button in self.tiles:
            self.grid.removeWidget(button)
            button.hide()  # at once: the deletion waits for the event loop
            button.deleteLater()
        self.tiles = []
        size = touch_px(self)
        for number, tile in enumerate(self.page_tiles()):
            button = TileButton(tile, number + 1)
            button.setObjectName("quickTile")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keys
            lines = 3 * button.fontMetrics().lineSpacing() + 10  # two of name, one of price
            button.setFixedSize(max(size, self._tile_width()), max(size, lines))
            # The tile's colour, with dark text: readable in the sun in either theme.
            button.setStyleSheet(f"background: {tile.colour}; color: #111;")
            button.clicked.connect(lambda _on=False, pid=tile.product.id: self.chosen.emit(pid))
            self._label(button)
            self.tiles.append(button)
            self.grid.addWidget(button)
            # Shown now rather than by Qt's queued show, so the flow counts it at once.
            button.show()
        self._fill_rows()
        self.grid.invalidate()

    def _label(self, button: QPushButton) -> None:
        assert isinstance(button, TileButton)
        tile = button.tile
        draft = tile.product.draft
        price = money_text(self.state, draft.sell_price)
        if draft.price_asked:  # asked when tapped: no price, or "about" the suggestion
            price = f"≈ {price}" if draft.sell_price else "—"
        unit = draft.unit
        if unit.measured and price != "—":
            price = _("{price}/{unit}").format(price=price, unit=_(unit.label))
        # The key that sells it (Alt+number) before the price, for the first nine.
        button.price = f"{button.number} · {price}" if button.number <= 9 else price
        said = price_text(self.state, draft.sell_price, True) if draft.price_asked else price
        button.setAccessibleName(f"{tile.product.name} {said}")
        button.setToolTip(tile.product.name)  # the whole name; never needed to sell
        button.update()

    def _tile_width(self) -> int:
        """The narrowest tile, wider with a larger text (10 pt is the usual size)."""
        return round(_TILE_WIDTH * max(1.0, self.font().pointSizeF() / 10))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fill_rows()

    def _fill_rows(self) -> None:
        """Tiles share the row's width: as many as fit at their narrowest, each wider."""
        room = self.width() - self.tile_area.verticalScrollBar().sizeHint().width() - 4
        narrowest = self._tile_width()
        columns = max(1, (room + 4) // (narrowest + 4))
        width = max(narrowest, (room - 4 * (columns - 1)) // columns)
        for button in self.tiles:
            button.setFixedWidth(width)

    # -- keys -------------------------------------------------------------------------------

    def press(self, number: int) -> bool:
        """Alt+`number`: the page's tile of that number; False if there is none."""
        if not self.isVisible() or not 1 <= number <= len(self.tiles):
            return False
        self.tiles[number - 1].click()
        return True
