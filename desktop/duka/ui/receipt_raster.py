"""A receipt painted by Qt into a black-and-white picture for a thermal printer.

Printers cannot shape Arabic or Indic text nor order right-to-left lines, and have no Tamil,
Thai or Chinese characters; Qt does all of it, with the bundled Noto fonts, so the receipt is
painted here and sent as a raster image. The picture is as wide as the printer's head (384
dots on 58 mm paper, 576 on 80 mm). Thai lines break between words, found by the same
segmenter as in PDFs (Qt finds Thai words only where libthai is installed).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter, QPen

from duka.core.words import has_thai, with_word_breaks

DOTS = {58: 384, 80: 576}
PAD = 6
NORMAL = 22  # pixels: legible at 203 dpi
SMALL = 19
BIG = 34
_ABSOLUTE = int(Qt.AlignmentFlag.AlignAbsolute)


def _font(pixels: int, bold: bool = False) -> QFont:
    from duka.ui.startup import UI_FONT_FAMILIES

    font = QFont()
    font.setFamilies(UI_FONT_FAMILIES)  # each script in its bundled font
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


class _Painter:
    """Lays rows out once to measure the height, then paints them."""

    def __init__(self, width: int, rtl: bool) -> None:
        self.width = width
        self.rtl = rtl
        self.rows: list[tuple[str, Any]] = []

    def centred(self, text: str, pixels: int = NORMAL, bold: bool = False) -> None:
        text = self._breakable(text, pixels, bold, self.width - 2 * PAD)
        self.rows.append(("text", (text, pixels, bold, Qt.AlignmentFlag.AlignHCenter)))

    def start(self, text: str, pixels: int = NORMAL) -> None:
        align = Qt.AlignmentFlag.AlignRight if self.rtl else Qt.AlignmentFlag.AlignLeft
        text = self._breakable(text, pixels, False, self.width - 2 * PAD)
        self.rows.append(("text", (text, pixels, False, align)))

    def pair(self, start: str, end: str, pixels: int = NORMAL, bold: bool = False) -> None:
        end_width = QFontMetrics(_font(pixels, bold)).horizontalAdvance(end) + 2
        start = self._breakable(start, pixels, bold, self.width - 2 * PAD - end_width - 10)
        self.rows.append(("pair", (start, end, pixels, bold)))

    @staticmethod
    def _breakable(text: str, pixels: int, bold: bool, room: int) -> str:
        """`text` with its Thai words marked where it has to wrap (finding them costs the
        segmenter's dictionary, most of a second, the first time)."""
        if not has_thai(text) or QFontMetrics(_font(pixels, bold)).horizontalAdvance(text) <= room:
            return text
        return with_word_breaks(text)

    def rule(self) -> None:
        self.rows.append(("rule", None))

    def _height(self, kind: str, item: Any) -> int:
        inner = self.width - 2 * PAD
        if kind == "rule":
            return 14
        if kind == "text":
            text, pixels, bold, _align = item
            metrics = QFontMetrics(_font(pixels, bold))
            box = metrics.boundingRect(QRect(0, 0, inner, 10000), Qt.TextFlag.TextWordWrap, text)
            return box.height() + 2
        start, end, pixels, bold = item
        metrics = QFontMetrics(_font(pixels, bold))
        room = inner - metrics.horizontalAdvance(end) - 10
        box = metrics.boundingRect(QRect(0, 0, room, 10000), Qt.TextFlag.TextWordWrap, start)
        return max(box.height(), metrics.height()) + 2

    def paint(self) -> QImage:
        heights = [self._height(kind, item) for kind, item in self.rows]
        image = QImage(self.width, sum(heights) + 2 * PAD, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setPen(QPen(QColor("black")))
        # No layout direction for the painter: each line takes its own from its first
        # letter (a phone number stays "+254 712 000 111" on an Arabic receipt), and the
        # alignments below are absolute, the receipt's columns mirrored by hand.
        inner = self.width - 2 * PAD
        y = PAD
        for (kind, item), height in zip(self.rows, heights, strict=True):
            if kind == "rule":
                painter.setPen(QPen(QColor("black"), 1, Qt.PenStyle.DashLine))
                painter.drawLine(PAD, y + height // 2, self.width - PAD, y + height // 2)
                painter.setPen(QPen(QColor("black")))
            elif kind == "text":
                text, pixels, bold, align = item
                painter.setFont(_font(pixels, bold))
                flags = int(align) | int(Qt.TextFlag.TextWordWrap) | _ABSOLUTE
                painter.drawText(QRect(PAD, y, inner, height), flags, text)
            else:
                start, end, pixels, bold = item
                painter.setFont(_font(pixels, bold))
                end_width = painter.fontMetrics().horizontalAdvance(end) + 2
                room = inner - end_width - 10
                wrap = int(Qt.TextFlag.TextWordWrap)
                left = int(Qt.AlignmentFlag.AlignLeft) | _ABSOLUTE
                right = int(Qt.AlignmentFlag.AlignRight) | _ABSOLUTE
                if self.rtl:
                    painter.drawText(
                        QRect(PAD + inner - room, y, room, height), right | wrap, start
                    )
                    painter.drawText(QRect(PAD, y, end_width, height), left, end)
                else:
                    painter.drawText(QRect(PAD, y, room, height), left | wrap, start)
                    painter.drawText(
                        QRect(PAD + inner - end_width, y, end_width, height), right, end
                    )
            y += height
        painter.end()
        return image


def paint_receipt(data: Any) -> bytes:
    """The receipt (a documents.receipt.ReceiptData) as PNG bytes, black on white."""
    if QGuiApplication.instance() is None:  # the command line: Qt without a screen
        import os

        # Latin fonts lack Arabic tables and Qt says so on every run: expected, not news.
        os.environ.setdefault("QT_LOGGING_RULES", "qt.text.font.db=false")
        QGuiApplication.setAttribute(Qt.ApplicationAttribute.AA_Use96Dpi)
        _app = QGuiApplication(["duka", "-platform", "offscreen"])
        globals()["_APP"] = _app  # kept alive for the process
        from duka.ui.startup import add_fonts

        add_fonts()
    page = _Painter(DOTS.get(data.width_mm, 576), bool(data.rtl))
    page.centred(data.shop_name, BIG, bold=True)
    for text in data.header:
        page.centred(text, SMALL)
    page.centred(data.title, NORMAL, bold=True)
    for text in data.meta:
        page.centred(text, SMALL)
    page.rule()
    for line in data.lines:
        page.start(line.name)
        page.pair("   " + line.detail, line.amount)
        if line.note:
            page.start("   " + line.note, SMALL)
    page.rule()
    for label, value in data.totals:
        page.pair(label, value)
    page.pair(data.total[0], data.total[1], BIG, bold=True)
    for label, value in data.taxes:
        page.pair(label, value, SMALL)
    page.rule()
    for label, value in data.payments:
        page.pair(label, value)
    for text in data.footer:
        page.centred(text)
    image = page.paint()
    buffer = QByteArray()
    device = QBuffer(buffer)
    device.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(device, "PNG")  # type: ignore[call-overload]  # a str is what PySide takes
    return bytes(buffer.data())
