"""Shelf labels: a product's name, its price and its barcode, on A4 sheets or thermal rolls.

Each label is planned before it is drawn (`plan_label`): every text is fitted to the width it
has and stacked from measured ink extents, so nothing reaches outside its label, whatever the
script or length of the name. When there is not enough room, the sizes shrink a little, the
name keeps one line instead of two, the shop's name goes, and finally a QR code or the bare
code replaces a linear barcode that would be too fine to scan.

Prices arrive formatted (money is never a float here); this module only draws strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from math import ceil
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from duka.core.barcodes import is_gtin
from duka.documents.output import atomic_path
from duka.documents.text import (
    LATIN,
    Align,
    draw_text,
    fit_text,
    font_name,
    is_right_to_left,
    one_line,
    text_extent,
    text_width,
    wrap_text,
)

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4  # points in a millimetre

A4_WIDTH, A4_HEIGHT = 210 * MM, 297 * MM

EAN13, EAN8, UPCA, CODE128, QR = "EAN13", "EAN8", "UPCA", "CODE128", "QR"
# Modules of each GTIN symbol with reportlab's quiet zones (9 modules a side), which also hold
# the digits printed outside the bars.
_GTIN_MODULES = {EAN13: 95 + 18, EAN8: 67 + 18, UPCA: 95 + 18}
_GTIN_SYMBOLS = {13: EAN13, 8: EAN8, 12: UPCA}  # a GTIN-14 goes in Code 128 (no ITF-14 here)
_CODE128_QUIET = 10  # modules a side
# 0.33 mm is a GTIN symbol at 100 %. Below about 0.19 mm common scanners, and thermal heads at
# 203 dpi (0.125 mm a dot), no longer resolve the bars.
_MAX_MODULE = 0.33 * MM
_MIN_MODULE = 0.19 * MM
_MIN_QR_MODULE = 0.3 * MM
_QR_BORDER = 2  # modules; the label's blank edge adds to it


@dataclass(frozen=True, slots=True)
class Label:
    """One product's label. `price` is already formatted ("KSh 180.00", "١٨٠٫٠٠ ج.م.")."""

    name: str
    price: str
    barcode: str | None = None
    sku: str | None = None
    unit: str = ""  # what the price is for ("kg", "each"), drawn small after it


@dataclass(frozen=True, slots=True)
class LabelLayout:
    """Where labels sit on a page; lengths in points, labels counted from the top left."""

    id: str
    name: str
    page_width: float
    page_height: float
    columns: int
    rows: int
    label_width: float
    label_height: float
    left_margin: float
    top_margin: float
    column_gap: float = 0.0
    row_gap: float = 0.0
    padding: float = 2.5 * MM  # blank edge inside each label

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, position: int) -> tuple[float, float]:
        """The bottom-left corner of the label at `position` (0 is top left, row by row)."""
        row, column = divmod(position, self.columns)
        x = self.left_margin + column * (self.label_width + self.column_gap)
        top = self.page_height - self.top_margin - row * (self.label_height + self.row_gap)
        return x, top - self.label_height


def _sheet(
    id_: str,
    name: str,
    grid: tuple[int, int],
    label: tuple[float, float],
    margins: tuple[float, float],
    column_gap: float,
    padding: float = 2.5,
) -> LabelLayout:
    """An A4 sheet of `grid` (columns, rows) labels, in millimetres as the maker publishes
    them: label (width, height), margins (left, top)."""
    return LabelLayout(
        id=id_,
        name=name,
        page_width=A4_WIDTH,
        page_height=A4_HEIGHT,
        columns=grid[0],
        rows=grid[1],
        label_width=label[0] * MM,
        label_height=label[1] * MM,
        left_margin=margins[0] * MM,
        top_margin=margins[1] * MM,
        column_gap=column_gap * MM,
        padding=padding * MM,
    )


def _roll(id_: str, name: str, width: float, height: float, padding: float) -> LabelLayout:
    """A thermal roll `width` mm wide: one label a page, as wide as the roll."""
    return LabelLayout(
        id=id_,
        name=name,
        page_width=width * MM,
        page_height=height * MM,
        columns=1,
        rows=1,
        label_width=width * MM,
        label_height=height * MM,
        left_margin=0.0,
        top_margin=0.0,
        padding=padding * MM,
    )


_ALL = (
    _sheet("a4-l7160", "A4, 21 labels of 63.5 × 38.1 mm (Avery L7160)",
           (3, 7), (63.5, 38.1), (7.25, 15.15), 2.5),
    _sheet("a4-l7159", "A4, 24 labels of 63.5 × 33.9 mm (Avery L7159)",
           (3, 8), (63.5, 33.9), (7.25, 12.9), 2.5),
    _sheet("a4-l7651", "A4, 65 labels of 38.1 × 21.2 mm (Avery L7651)",
           (5, 13), (38.1, 21.2), (4.75, 10.7), 2.5, padding=1.5),
    _sheet("a4-l7163", "A4, 14 labels of 99.1 × 38.1 mm (Avery L7163)",
           (2, 7), (99.1, 38.1), (4.65, 15.15), 2.5),
    # Receipt printers print on 48 mm of a 58 mm roll and 72 mm of an 80 mm one; the padding
    # keeps a label within that, so the same layout suits label printers too.
    _roll("roll-58", "Thermal roll 58 mm, labels of 58 × 40 mm", 58, 40, padding=5),
    _roll("roll-80", "Thermal roll 80 mm, labels of 80 × 50 mm", 80, 50, padding=4),
)  # fmt: skip
LAYOUTS: Mapping[str, LabelLayout] = MappingProxyType({layout.id: layout for layout in _ALL})


# -- planning one label --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlacedText:
    """A line of text already fitted to `max_width`; `x` is where `align` anchors it."""

    text: str
    x: float
    y: float  # baseline
    size: float
    bold: bool
    align: Align
    max_width: float
    rtl: bool | None = None  # the base direction, when not the text's own

    def box(self) -> tuple[float, float, float, float]:
        """The ink's left, bottom, right and top edges."""
        width = text_width(self.text, self.size, self.bold, rtl=self.rtl)
        ascent, descent = text_extent(self.text, self.size, self.bold, rtl=self.rtl)
        left = {"left": self.x, "right": self.x - width, "centre": self.x - width / 2}[self.align]
        return left, self.y - descent, left + width, self.y + ascent


@dataclass(frozen=True, slots=True)
class PlacedCode:
    """A barcode or QR code; (x, y) is its bottom-left corner, quiet zones included."""

    kind: str
    value: str
    x: float
    y: float
    width: float
    height: float
    module: float
    bar_height: float = 0.0  # the bars alone, above the digits (linear codes)
    font_size: float = 0.0  # of the digits under the bars (linear codes)

    def box(self) -> tuple[float, float, float, float]:
        return self.x, self.y, self.x + self.width, self.y + self.height


@dataclass(frozen=True, slots=True)
class LabelPlan:
    """Everything on one label, in points from the label's bottom-left corner."""

    width: float
    height: float
    texts: tuple[PlacedText, ...]
    code: PlacedCode | None


@dataclass(frozen=True, slots=True)
class _Area:
    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


def symbology(code: str) -> str:
    """How `code` is drawn: EAN13, EAN8, UPCA, CODE128, or "" when only a QR code can carry
    it. Only a valid GTIN is drawn as an EAN or UPC: the shop's own code (a GTIN's shape with
    a wrong check digit) is drawn as it is, in Code 128, so no till reads it as a GTIN."""
    if len(code) in _GTIN_SYMBOLS and is_gtin(code):
        return _GTIN_SYMBOLS[len(code)]
    if code.isascii() and code.isprintable() and code:
        return CODE128
    return ""


@lru_cache(maxsize=1024)
def _modules(kind: str, code: str) -> int:
    """The width of the symbol in modules, quiet zones included."""
    if kind in _GTIN_MODULES:
        return _GTIN_MODULES[kind]
    from reportlab.graphics.barcode.code128 import Code128

    return int(Code128(code, barWidth=1, quiet=False).width) + 2 * _CODE128_QUIET


@lru_cache(maxsize=1024)
def _qr_modules(value: str) -> int:
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(value, barLevel="M")
    widget.qr.make()
    return int(widget.qr.getModuleCount()) + 2 * _QR_BORDER


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@dataclass(frozen=True, slots=True)
class _Sizes:
    shop: float
    name: float
    price: float
    small: float  # a code under the price

    def scaled(self, factor: float) -> _Sizes:
        return _Sizes(
            max(5.0, self.shop * factor),
            max(5.0, self.name * factor),
            max(7.0, self.price * factor),
            max(5.0, self.small * factor),
        )


# Ways to make a label's texts smaller, tried in turn until they fit: (keep the shop's name,
# lines of the product's name, scale of the sizes).
_STEPS = tuple(
    (shop, lines, scale)
    for shop in (True, False)
    for lines in (2, 1)
    for scale in ((1.0, 0.9, 0.8, 0.7) if lines == 2 else (1.0, 0.9, 0.8, 0.7, 0.6))
)


def plan_label(
    label: Label, layout: LabelLayout, *, show_qr: bool = False, shop_name: str = ""
) -> LabelPlan:
    """Where each part of `label` goes on a label of `layout`."""
    pad = layout.padding
    inner = _Area(pad, pad, layout.label_width - pad, layout.label_height - pad)
    height = inner.height
    sizes = _Sizes(
        shop=_clamp(height * 0.075, 5, 8),
        name=_clamp(height * 0.12, 6, 12),
        price=_clamp(height * 0.2, 8, 26),
        small=_clamp(height * 0.075, 5, 8),
    )
    barcode = (label.barcode or "").strip()
    sku = (label.sku or "").strip()
    kind = symbology(barcode) if barcode else ""
    plan: LabelPlan | None = None
    if kind and not show_qr:
        plan = _plan_linear(label, layout, inner, sizes, shop_name, kind, barcode)
    # A QR code stands in for a barcode too long or too fine for the label, or is asked for;
    # without a barcode, the SKU is printed as text unless a QR code is asked for.
    if plan is None and (barcode or (sku and show_qr)):
        plan = _plan_qr(label, layout, inner, sizes, shop_name, barcode or sku)
    if plan is None:
        plan = _plan_text(label, layout, inner, sizes, shop_name, barcode or sku)
    return plan


def _plan_linear(
    label: Label,
    layout: LabelLayout,
    inner: _Area,
    sizes: _Sizes,
    shop_name: str,
    kind: str,
    code: str,
) -> LabelPlan | None:
    modules = _modules(kind, code)
    module = min(_MAX_MODULE, inner.width / modules)
    if module < _MIN_MODULE:
        return None
    width = module * modules
    digits = _clamp(module * 9, 5, 8)
    gap = 1.2 * MM
    preferred = _clamp(inner.height * 0.3, 5 * MM, 14 * MM)
    for bars in (preferred, 5 * MM, 4 * MM):
        code_height = bars + digits * 1.25
        top = _Area(inner.left, inner.bottom + code_height + gap, inner.right, inner.top)
        texts = _stack_texts(label, top, sizes, shop_name, "")
        if texts is not None:
            x = inner.left + (inner.width - width) / 2
            placed = PlacedCode(
                kind, code, x, inner.bottom, width, code_height, module, bars, digits
            )
            return LabelPlan(layout.label_width, layout.label_height, texts, placed)
    return None


def _plan_qr(
    label: Label, layout: LabelLayout, inner: _Area, sizes: _Sizes, shop_name: str, value: str
) -> LabelPlan | None:
    modules = _qr_modules(value)
    side = min(inner.height, inner.width * 0.42)
    if side / modules < _MIN_QR_MODULE:
        return None
    gap = 1.5 * MM
    rtl = is_right_to_left(label.name)
    if rtl:  # the code goes at the end of the line, where the name does not start
        code_x, area = (
            inner.left,
            _Area(inner.left + side + gap, inner.bottom, inner.right, inner.top),
        )
    else:
        code_x, area = (
            inner.right - side,
            _Area(inner.left, inner.bottom, inner.right - side - gap, inner.top),
        )
    texts = _stack_texts(label, area, sizes, shop_name, value)
    if texts is None:
        return None
    placed = PlacedCode(QR, value, code_x, inner.bottom, side, side, side / modules)
    return LabelPlan(layout.label_width, layout.label_height, texts, placed)


def _plan_text(
    label: Label, layout: LabelLayout, inner: _Area, sizes: _Sizes, shop_name: str, code: str
) -> LabelPlan:
    texts = _stack_texts(label, inner, sizes, shop_name, code)
    if texts is None:  # a label too small for anything else: the price alone, fitted
        rtl = is_right_to_left(label.name)
        texts = _stack_texts(Label("", label.price), inner, sizes.scaled(0.6), "", "", rtl)
    return LabelPlan(layout.label_width, layout.label_height, texts or (), None)


@dataclass(frozen=True, slots=True)
class _Row:
    parts: tuple[PlacedText, ...]  # on a baseline at y = 0
    ascent: float
    descent: float
    space_above: float


def _text_row(
    text: str,
    size: float,
    bold: bool,
    area: _Area,
    rtl: bool,
    above: float,
    base: bool | None = None,
) -> _Row:
    """One line aligned to the label's start (`rtl`); `base` is its own direction if set."""
    fitted, fitted_size = fit_text(text, size, area.width, bold=bold, rtl=base)
    ascent, descent = text_extent(fitted, fitted_size, bold, rtl=base)
    align: Align = "right" if rtl else "left"
    x = area.right if rtl else area.left
    part = PlacedText(fitted, x, 0.0, fitted_size, bold, align, area.width, base)
    return _Row((part,), ascent, descent, above)


def _price_row(label: Label, size: float, area: _Area, rtl: bool, above: float) -> _Row:
    """The price, bold, and its unit smaller after it (to its left in a right-to-left label).

    A price is never cut short: it shrinks as far as it must, after giving up its unit."""
    align: Align = "right" if rtl else "left"
    sign = -1 if rtl else 1
    start = area.right if rtl else area.left
    gap = size * 0.2
    unit, unit_size = fit_text(label.unit.strip(), max(5.0, size * 0.45), area.width * 0.35)
    room = area.width - (text_width(unit, unit_size) + gap if unit else 0.0)
    price_size = _fitting_size(label.price, size, room)
    if unit and price_size < size * 0.7:
        unit, room = "", area.width
        price_size = _fitting_size(label.price, size, room)
    parts = [PlacedText(one_line(label.price), start, 0.0, price_size, True, align, room)]
    if unit:
        x = start + sign * (text_width(parts[0].text, price_size, True) + gap)
        parts.append(PlacedText(unit, x, 0.0, unit_size, False, align, area.width * 0.35))
    extents = [text_extent(part.text, part.size, part.bold) for part in parts]
    ascent = max(extent[0] for extent in extents)
    descent = max(extent[1] for extent in extents)
    return _Row(tuple(parts), ascent, descent, above)


def _fitting_size(price: str, size: float, room: float) -> float:
    width = text_width(price, size, True)
    return size if width <= room else size * room / width * 0.9999


def _stack_texts(
    label: Label,
    area: _Area,
    sizes: _Sizes,
    shop_name: str,
    code: str,
    rtl: bool | None = None,
) -> tuple[PlacedText, ...] | None:
    """The shop's name, the product's name, the price and `code` stacked down from the top
    of `area`, at the first step of _STEPS that fits; None if none does."""
    if rtl is None:
        rtl = is_right_to_left(label.name)
    for with_shop, lines, scale in _STEPS:
        if not with_shop and not shop_name:
            break  # without a shop's name these steps repeat the ones tried already
        sized = sizes.scaled(scale)
        rows: list[_Row] = []
        if with_shop and shop_name:
            rows.append(_text_row(shop_name, sized.shop, True, area, rtl, 0.0))
        if label.name.strip():
            name = wrap_text(label.name, sized.name, area.width, max_lines=lines, rtl=rtl)
            rows += [
                _text_row(line, sized.name, False, area, rtl, sized.name * 0.2, rtl)
                for line in name
            ]
        if label.price.strip():
            rows.append(_price_row(label, sized.price, area, rtl, sized.price * 0.15))
        if code:
            rows.append(_text_row(code, sized.small, False, area, rtl, sized.small * 0.4))
        placed: list[PlacedText] = []
        y = area.top
        for number, row in enumerate(rows):
            y -= (row.space_above if number else 0.0) + row.ascent
            placed += [replace(part, y=y) for part in row.parts]
            y -= row.descent
        if y >= area.bottom - 0.01:
            return tuple(placed)
    return None


# -- drawing -------------------------------------------------------------------------------


def write_labels(
    path: Path,
    labels: Sequence[Label],
    layout: LabelLayout,
    *,
    copies: int = 1,
    start_at: int = 0,
    show_qr: bool = False,
    shop_name: str = "",
) -> int:
    """Write `copies` of each label to the PDF at `path`; returns the number of pages.

    `start_at` skips that many positions of the first sheet, which a partly used sheet has
    already lost (counted from the top left, row by row)."""
    if copies < 1:
        raise ValueError(f"copies must be at least 1, not {copies}")
    if not 0 <= start_at < layout.per_page:
        raise ValueError(f"start_at must be from 0 to {layout.per_page - 1}, not {start_at}")
    if not labels:
        raise ValueError("there are no labels to write")
    from reportlab.pdfgen.canvas import Canvas

    count = len(labels) * copies
    pages = ceil((start_at + count) / layout.per_page)
    with atomic_path(path) as part:
        canvas = Canvas(
            str(part),
            pagesize=(layout.page_width, layout.page_height),
            initialFontName=font_name(),  # no PDF names a font it does not embed
        )
        canvas.setTitle(shop_name or "Labels")
        canvas.setCreator("Duka")
        plan: LabelPlan | None = None
        for number in range(count):
            slot = start_at + number
            if slot and slot % layout.per_page == 0:
                canvas.showPage()
            if plan is None or number % copies == 0:  # copies of a label share its plan
                label = labels[number // copies]
                plan = plan_label(label, layout, show_qr=show_qr, shop_name=shop_name)
            x, y = layout.origin(slot % layout.per_page)
            draw_plan(canvas, plan, x, y)
        canvas.showPage()
        canvas.save()
    return pages


def draw_plan(canvas: Canvas, plan: LabelPlan, x: float, y: float) -> None:
    """Draw a planned label with its bottom-left corner at (x, y)."""
    for part in plan.texts:
        draw_text(
            canvas,
            x + part.x,
            y + part.y,
            part.text,
            part.size,
            bold=part.bold,
            align=part.align,
            max_width=part.max_width,
            rtl=part.rtl,
        )
    if plan.code is not None:
        _draw_code(canvas, plan.code, x, y)


def _draw_code(canvas: Canvas, code: PlacedCode, x: float, y: float) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Drawing

    x, y = x + code.x, y + code.y
    if code.kind == CODE128:
        from reportlab.graphics.barcode.code128 import Code128

        quiet = code.module * _CODE128_QUIET
        bars = Code128(
            code.value,
            barWidth=code.module,
            barHeight=code.bar_height,
            humanReadable=False,
            lquiet=quiet,
            rquiet=quiet,
        )
        bars.drawOn(canvas, x, y + code.height - code.bar_height)
        # Its text is drawn here rather than by reportlab, in the label's font and fitted.
        baseline = y + code.font_size * 0.25
        centre = x + code.width / 2
        draw_text(
            canvas,
            centre,
            baseline,
            code.value,
            code.font_size,
            align="centre",
            max_width=code.width,
        )
        return
    drawing = Drawing(code.width, code.height)
    # The drawing's text starts in this font, not reportlab's default Helvetica, which no
    # PDF embeds.
    drawing.initialFontName = font_name(LATIN)
    if code.kind == QR:
        from reportlab.graphics.barcode.qr import QrCodeWidget

        drawing.add(
            QrCodeWidget(
                code.value,
                barWidth=code.width,
                barHeight=code.height,
                barBorder=_QR_BORDER,
                barLevel="M",
            )
        )
    else:
        from reportlab.graphics.barcode import eanbc

        widget = {EAN13: eanbc.Ean13BarcodeWidget, EAN8: eanbc.Ean8BarcodeWidget, UPCA: eanbc.UPCA}
        drawing.add(
            widget[code.kind](
                code.value[:-1],  # the widget works the check digit out itself
                barWidth=code.module,
                barHeight=code.height,
                fontSize=code.font_size,
                fontName=font_name(LATIN),
            )
        )
    renderPDF.draw(drawing, canvas, x, y)
