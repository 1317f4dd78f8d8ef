"""Drawing text of any script: runs, fonts, shaping, bidi order, fitting."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from duka.documents import text as text_module
from duka.documents.text import (
    ELLIPSIS,
    clean_text,
    draw_text,
    fit_text,
    is_right_to_left,
    text_extent,
    text_width,
    visual_order,
    wrap_text,
)
from tests.documents.pdf_reading import Drawn, drawn_texts

LONG_NAME = (
    "Basmati rice, premium quality, aged two years, extra long grain, family pack of 5 kg "
    "with a free measuring cup"
)


def draw_one(tmp_path: Path, text: str, size: float = 12, **options: object) -> list[Drawn]:
    path = tmp_path / "text.pdf"
    canvas = Canvas(str(path), pagesize=(400, 100))
    draw_text(canvas, 10, 50, text, size, **options)  # type: ignore[arg-type]
    canvas.save()
    return drawn_texts(path)


def test_arabic_is_drawn_in_visual_order_with_the_arabic_font(tmp_path: Path) -> None:
    drawn = draw_one(tmp_path, "سكر ناعم ١ كغ")
    words = {d.plain: d for d in drawn}
    assert {"سكر", "ناعم", "كغ"} <= set(words)
    # The first word read is the rightmost: the line runs from right to left.
    assert words["سكر"].x > words["ناعم"].x > words["كغ"].x
    assert all("NotoSansArabic" in d.font for d in drawn)
    # Letters are joined: drawn as contextual forms, not as the bare (isolated) letters.
    assert words["سكر"].text.strip() != "سكر"


def test_latin_inside_arabic_keeps_its_own_order_and_font(tmp_path: Path) -> None:
    drawn = draw_one(tmp_path, "زيت (Olive oil) ١ لتر")
    latin = next(d for d in drawn if "Olive" in d.text)
    arabic = next(d for d in drawn if d.plain == "زيت")
    assert "Olive oil" in latin.text
    assert "NotoSans-Regular" in latin.font
    assert arabic.x > latin.x


def test_brackets_are_mirrored_where_they_read_right_to_left() -> None:
    # Visual order, left to right: "(" then the reversed word then ")".
    assert visual_order("سكر (ناعم)") == "(معان) ركس"
    assert visual_order("Sugar (white)") == "Sugar (white)"
    assert visual_order("سعر «خاص»") == "«صاخ» رعس"


def test_devanagari_is_shaped_with_the_devanagari_font(tmp_path: Path) -> None:
    drawn = draw_one(tmp_path, "बासमती चावल 1 किलो")
    assert drawn and all("NotoSansDevanagari" in d.font for d in drawn)
    # A conjunct is one glyph, narrower than its letters side by side; an "i" sign moves
    # before its consonant, so the glyphs differ from the characters.
    parts = sum(text_width(ch, 12) for ch in "क्ष")
    assert text_width("क्ष", 12) < parts * 0.8
    assert "कि" not in "".join(d.text for d in drawn)


def test_shaped_runs_carry_their_text_for_copying(tmp_path: Path) -> None:
    path = tmp_path / "actual.pdf"
    canvas = Canvas(str(path), pagesize=(300, 100), pageCompression=0)
    draw_text(canvas, 10, 50, "किलो", 12)
    canvas.save()
    expected = "किलो".encode("utf-16-be").hex().upper()
    assert f"/ActualText <FEFF{expected}>".encode() in path.read_bytes()


def test_bengali_and_cjk_take_their_fonts(tmp_path: Path) -> None:
    bengali = draw_one(tmp_path, "বাসমতী চাল ১ কেজি")
    assert all("NotoSansBengali" in d.font for d in bengali)
    mixed = draw_one(tmp_path, "酱油 soy sauce")
    fonts = {d.plain: d.font for d in mixed}
    assert "NotoSansCJKsc" in fonts["酱油"]
    assert "NotoSans-Regular" in fonts["soy sauce"]


def test_bidi_controls_are_not_drawn() -> None:
    text = "\u2067KSh 180.00\u2069 \u200fسكر\u200e"
    assert clean_text(text) == "KSh 180.00 سكر"
    # The isolate's content does not decide the direction: the Arabic word does.
    assert is_right_to_left(text)
    assert visual_order(text) == "ركس KSh 180.00"
    assert not is_right_to_left("Sugar سكر")
    assert not is_right_to_left("")


@pytest.mark.parametrize(
    "name",
    [LONG_NAME, "سكر ناعم أبيض من أفضل الأنواع المستوردة " * 3, "बासमती चावल प्रीमियम " * 5],
)
def test_fitting_never_exceeds_the_width(name: str) -> None:
    for width in (30.0, 80.0, 150.0):
        fitted, size = fit_text(name, 10, width)
        assert text_width(fitted, size) <= width
        assert size >= 7.5  # shrinks at most to three quarters, then cuts
        assert fitted.endswith(ELLIPSIS) or fitted == ELLIPSIS


def test_draw_text_returns_the_fitted_width(tmp_path: Path) -> None:
    canvas = Canvas(str(tmp_path / "w.pdf"))
    assert draw_text(canvas, 0, 0, LONG_NAME, 10, max_width=120) <= 120
    short = draw_text(canvas, 0, 0, "Sugar", 10, max_width=120)
    assert short == pytest.approx(text_width("Sugar", 10))


def test_a_slightly_long_text_shrinks_instead_of_losing_letters() -> None:
    width = text_width("Sugar 1 kg", 10) * 0.9
    fitted, size = fit_text("Sugar 1 kg", 10, width)
    assert fitted == "Sugar 1 kg"
    assert size < 10
    assert text_width(fitted, size) <= width


def test_wrapping_keeps_to_the_width_and_the_number_of_lines() -> None:
    lines = wrap_text(LONG_NAME, 10, 120, max_lines=2)
    assert len(lines) == 2
    assert all(text_width(line, 10) <= 120 for line in lines)
    assert lines[0].startswith("Basmati rice")
    assert lines[-1].endswith(ELLIPSIS)
    assert wrap_text("Sugar 1 kg", 10, 120, max_lines=2) == ["Sugar 1 kg"]


def test_wrapping_breaks_text_without_spaces() -> None:
    lines = wrap_text("酱油生抽王特级酿造酱油五百毫升装", 10, 40)
    assert len(lines) > 1
    assert all(text_width(line, 10) <= 40 for line in lines)
    assert "".join(lines) == "酱油生抽王特级酿造酱油五百毫升装"


def test_wrapped_arabic_lines_keep_the_paragraph_direction() -> None:
    lines = wrap_text("زيت (Olive oil) عبوة عائلية", 10, 60, max_lines=3)
    assert len(lines) > 1
    # A line that starts with a Latin word still reads from the right.
    latin_first = next(line for line in lines if line[0].isascii())
    first_word = latin_first.split()[0].strip("()")
    assert visual_order(latin_first, rtl=True).endswith(first_word)
    assert not visual_order(latin_first).endswith(first_word)


def test_ink_extent_covers_marks_above_and_below() -> None:
    plain = text_extent("an", 10)
    high_and_low = text_extent("किलो सुंदर", 10)
    assert high_and_low[0] > plain[0]
    assert high_and_low[1] > plain[1]
    assert text_extent("", 10) == (0.0, 0.0)


@pytest.fixture
def without_harfbuzz(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(text_module, "_SHAPE_STR", None)
    text_module._layout.cache_clear()
    yield
    monkeypatch.undo()
    text_module._layout.cache_clear()


@pytest.mark.usefixtures("without_harfbuzz")
def test_arabic_still_joins_without_harfbuzz(tmp_path: Path) -> None:
    drawn = draw_one(tmp_path, "سكر ناعم")
    letters = "".join(d.text for d in drawn)
    assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in letters)  # presentation forms
    assert unicodedata.normalize("NFKC", letters).replace(" ", "") in ("سكرناعم", "ناعمسكر")


def test_a_word_cut_over_lines_is_not_split_by_a_space() -> None:
    word = "Supercalifragilisticexpialidocious"
    (line,) = wrap_text(word, 10, 60, max_lines=1)
    assert line.endswith(ELLIPSIS)
    assert word.startswith(line[:-1])
    lines = wrap_text(word, 10, 60)
    assert "".join(lines) == word
