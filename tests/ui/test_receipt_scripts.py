"""Receipts in Tamil, Thai, Chinese, Urdu and Bengali go to the printer as pictures, drawn
with the bundled fonts, Thai lines broken between words; the screen draws every language
with the bundled fonts."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtGui import QFont, QTextLayout, QTextOption

from duka.core.words import ZERO_WIDTH_SPACE, thai_words, with_word_breaks
from duka.documents.escpos import fits_text_mode, receipt_bytes
from duka.documents.receipt import ReceiptData, ReceiptLine
from duka.i18n import _, speaking
from duka.i18n.languages import LANGUAGES
from duka.ui import receipt_raster
from duka.ui.startup import UI_FONT_FAMILIES, add_fonts

SHOPS = {  # a shop name and a product, in each script; whether the receipt reads from the right
    "ta": ("அண்ணாச்சி மளிகைக் கடை", "பால் பவுடர் 500 கிராம்", False),
    "th": ("ร้านขายของชำป้าแดง", "น้ำปลาแท้ตราปลาหมึกขวดใหญ่พิเศษสำหรับครอบครัว", False),
    "zh_CN": ("上海杂货店", "酱油 生抽 500毫升", False),
    "ur": ("کراچی جنرل اسٹور", "چائے کی پتی بڑا پیکٹ", True),
    "bn": ("ঢাকা মুদি দোকান", "বাসমতী চাল ১ কেজি", False),
}


def receipt(shop: str, product: str, rtl: bool) -> ReceiptData:
    return ReceiptData(
        shop_name=shop,
        header=["+254 712 000 111"],
        title="S-000123",
        meta=["2026-12-07 10:15"],
        lines=[ReceiptLine(product, "2 × 120.00", "240.00")],
        totals=[],
        total=("Σ", "240.00"),
        taxes=[],
        payments=[],
        footer=[shop],
        number="S-000123",
        rtl=rtl,
        width_mm=58,
    )


def glyph_runs(text: str, width: float | None = None) -> QTextLayout:
    layout = QTextLayout(text, receipt_raster._font(receipt_raster.NORMAL))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width if width is not None else 10_000)
    layout.endLayout()
    return layout


def assert_bundled_glyphs(layout: QTextLayout) -> None:
    """Every glyph of `layout` is a real glyph of a bundled font."""
    runs = layout.glyphRuns()
    assert runs
    for run in runs:
        raw = run.rawFont()
        # Qt draws a character no font has with a box of no font at all: no tables.
        assert raw.fontTable("cmap"), "drawn as boxes"
        assert raw.familyName() in UI_FONT_FAMILIES
        assert 0 not in run.glyphIndexes()  # glyph 0 is a font's own empty box


@pytest.mark.parametrize("language", SHOPS)
def test_the_receipt_is_sent_as_a_picture(qapp: object, language: str) -> None:
    data = receipt(*SHOPS[language])
    assert not fits_text_mode(data)
    png = receipt_raster.paint_receipt(data)
    picture = Image.open(io.BytesIO(png))
    assert picture.width == 384
    sent = receipt_bytes(data, raster_png=png)
    assert b"\x1dv0" in sent  # GS v 0: a raster image
    assert data.shop_name.encode() not in sent


@pytest.mark.parametrize("language", SHOPS)
def test_every_letter_is_drawn_with_a_bundled_font(qapp: object, language: str) -> None:
    add_fonts()
    shop, product, _rtl = SHOPS[language]
    for text in (shop, product):
        layout = glyph_runs(with_word_breaks(text))  # kept: its runs point into it
        assert_bundled_glyphs(layout)


def test_thai_lines_on_the_receipt_break_between_words(qapp: object) -> None:
    add_fonts()
    product = SHOPS["th"][1]
    whole = glyph_runs(product)  # kept: a QTextLine points into its layout
    width = whole.lineAt(0).naturalTextWidth() / 3
    broken = with_word_breaks(product)
    assert broken.replace(ZERO_WIDTH_SPACE, "") == product
    layout = glyph_runs(broken, width)
    assert layout.lineCount() >= 3
    words = thai_words(product)
    ends = {len(ZERO_WIDTH_SPACE.join(words[:n])) for n in range(1, len(words))}
    for index in range(1, layout.lineCount()):
        start = layout.lineAt(index).textStart()
        assert start in ends or start - 1 in ends  # after a word, or after its break


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_screen_draws_every_language_with_bundled_fonts(qapp: object, code: str) -> None:
    # This computer may have no font for a script: the app font's families carry them all.
    add_fonts()
    font = QFont()
    font.setFamilies(UI_FONT_FAMILIES)
    with speaking(code):
        texts = (LANGUAGES[code].native_name, _("Sell"), _("Products"))
    for text in texts:
        layout = QTextLayout(text, font)
        layout.beginLayout()
        layout.createLine().setLineWidth(10_000)
        layout.endLayout()
        assert_bundled_glyphs(layout)
