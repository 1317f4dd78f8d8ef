"""Laying out new text quickly draws exactly what the slow, obvious way drew.

`documents.text` skips HarfBuzz for words it would leave alone, shapes long runs word by
word, wraps by adding up word widths and writes kerned glyphs itself. Each shortcut is
checked here against the way it replaces: reportlab's shapeStr on the whole run, wrapping
by laying out every growing prefix, and reportlab's own drawString."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr
from reportlab.pdfgen.canvas import Canvas

from duka.documents import text as text_module
from duka.documents.text import (
    ARABIC,
    LATIN,
    font_name,
    is_right_to_left,
    one_line,
    text_width,
    truncate,
    wrap_text,
)

BRANDS = ["Amani", "Baraka", "Tumaini", "Yaya", "Wema", "Taifa", "Fahari", "Kilimo", "AVA"]
WORDS = [
    "sugar",
    "premium",
    "Tea",
    "office",
    "fluffy",
    "waffles",
    "yoghurt",
    "Vodka",
    "T-shirt",
    "P.O. Box",
    "We'll",
    "“quoted”",
    "café",
    "naïve",
    "Jalapeño",
    "rice",
    "maize flour",
    "(loose)",
    "x12",
    "L'Oréal",
    "Ksh 1,250.00",
    "30,163.00",
    "29/11/2026",
    "+254 712 345 678",
    "VAT 16%",
    "Ltd.",
    "Fly-Tox",
    "Wrigley’s",
    "Ÿ",
    "Ω-3",
    "Жир",
]
ARABIC_WORDS = ["سكر", "ناعم", "زيت", "طبخ", "٣", "لتر", "(سائب)", "«خاص»", "شاي", "٥٠٠"]


def corpus(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        words = [rng.choice(BRANDS), *rng.sample(WORDS, rng.randint(1, 5))]
        if rng.random() < 0.3:
            words += rng.sample(ARABIC_WORDS, rng.randint(1, 3))
            rng.shuffle(words)
        lines.append(" ".join(words))
    return lines


LINES = corpus(400)


@pytest.fixture
def cold() -> Iterator[None]:
    """Every cache of laid-out text emptied, before and after."""

    def clear() -> None:
        for cached in (text_module._layout, text_module._make_run, text_module._word):
            cached.cache_clear()

    clear()
    yield
    clear()


def pen(glyphs: str, font: str) -> list[tuple[int, float, float]]:
    """Each glyph as reportlab draws it: glyph id, where it stands along the line and how
    far it is raised (thousandths of an em)."""
    face: Any = pdfmetrics.getFont(font).face
    positions: Sequence[Any] = [None] * len(glyphs)
    if isinstance(glyphs, ShapedStr):
        positions = glyphs.__shapeData__
    drawn = []
    x = 0.0
    for ch, position in zip(glyphs, positions, strict=True):
        natural = face.charWidths.get(ord(ch), 0)
        if position is None:
            drawn.append((face.charToGlyph.get(ord(ch), 0), x, 0.0))
            x += natural
            continue
        drawn.append((face.charToGlyph.get(ord(ch), 0), x + position.x_offset, position.y_offset))
        # reportlab moves the pen by the glyph's width, less (width - x_advance); a glyph
        # with neither (a plain one in a ShapedStr) moves it by its own width.
        x += natural - position.width + position.x_advance
    return drawn


def shaped_runs() -> Iterator[tuple[str, str, Any]]:
    """(the run's text, its font, its run) for every shaped run of the corpus."""
    for line in LINES:
        for bold in (False, True):
            rtl = is_right_to_left(line)
            laid = text_module._layout(line, bold, rtl)
            visual = text_module._visual(line, False, rtl)
            if visual.isascii():
                pieces = [(visual, LATIN, font_name(LATIN, bold), "shape")]
            else:
                pieces = text_module._pieces(visual, bold, True)
            assert len(pieces) == len(laid.runs)
            for piece, run in zip(pieces, laid.runs, strict=True):
                if piece[3] != "plain":
                    yield piece[0] if piece[3] == "shape" else piece[0][::-1], piece[2], run


@pytest.mark.usefixtures("cold")
def test_runs_laid_out_word_by_word_draw_what_harfbuzz_draws_for_the_whole_run() -> None:
    checked = skipped_harfbuzz = 0
    for text, font, run in shaped_runs():
        whole = shapeStr(text, font, 10)
        expected, actual = pen(whole, font), pen(run.glyphs, font)
        assert [g for g, _, _ in actual] == [g for g, _, _ in expected], text
        for (_, x, rise), (_, want_x, want_rise) in zip(actual, expected, strict=True):
            assert x == pytest.approx(want_x, abs=1e-6), text
            assert rise == pytest.approx(want_rise, abs=1e-6), text
        width = (
            sum(d.x_advance for d in whole.__shapeData__)
            if isinstance(whole, ShapedStr)
            else (pdfmetrics.stringWidth(whole, font, 1000))
        )
        assert run.advance == pytest.approx(width, abs=1e-6), text
        checked += 1
        skipped_harfbuzz += not isinstance(run.glyphs, ShapedStr)
    # Both ways were taken: words HarfBuzz leaves alone, and kerned or joined ones.
    assert checked > 500 and 0 < skipped_harfbuzz < checked


def test_a_word_harfbuzz_would_change_is_shaped() -> None:
    latin = font_name(LATIN)
    assert text_module._unshaped("100,250.00", latin)
    assert text_module._unshaped("sugar", latin)
    assert not text_module._unshaped("Tea", latin)  # kerned: T and e move closer
    assert not text_module._unshaped("office", latin)  # the "ffi" ligature
    assert not text_module._unshaped("e\u0301", latin)  # a combining mark
    assert not text_module._unshaped("سكر", font_name(ARABIC))


@pytest.mark.usefixtures("cold")
def test_kerned_glyphs_are_written_as_reportlab_writes_them() -> None:
    kerned = 0
    for text, _font, run in shaped_runs():
        ours, theirs = Canvas("ours.pdf"), Canvas("theirs.pdf")
        text_module._draw_run(ours, 12.5, 700, run, 9)
        theirs.setFont(run.font, 9)
        theirs.drawString(12.5, 700, run.glyphs)
        written = [c for c in ours._code if not c.endswith(("BDC", "EMC"))]
        assert written == theirs._code, text
        kerned += bool(run.kerns)
    assert kerned > 50


def reference_wrap(
    text: str, size: float, width: float, bold: bool, max_lines: int | None, rtl: bool
) -> list[str]:
    """Wrapping as it was done before: every growing prefix of a line laid out."""
    pieces = [(word, False) for word in one_line(text).split()]
    lines: list[str] = []
    current = ""
    while pieces:
        piece, glued = pieces.pop(0)
        candidate = (current + ("" if glued else " ") + piece) if current else piece
        if text_width(candidate, size, bold, rtl=rtl) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
            pieces.insert(0, (piece, False))
        else:
            points = text_module._cut_points(piece)
            head = points[0]
            for point in points:
                if text_width(piece[:point], size, bold, rtl=rtl) > width:
                    break
                head = point
            lines.append(piece[:head])
            if piece[head:]:
                pieces.insert(0, (piece[head:], True))
        if max_lines is not None and len(lines) >= max_lines:
            break
    if current:
        lines.append(current)
    if max_lines is not None and pieces:
        rest = lines[-1] + "".join(("" if glued else " ") + piece for piece, glued in pieces)
        lines[-1] = truncate(rest + text_module.ELLIPSIS, size, width, bold=bold, rtl=rtl)
    return lines


@pytest.mark.parametrize("width", [25.0, 60.0, 95.0, 140.0, 300.0])
def test_wrapping_by_word_widths_gives_the_lines_of_growing_prefixes(width: float) -> None:
    rng = random.Random(int(width))
    texts = [" ".join(rng.sample(LINES, 3)) for _ in range(60)]
    texts += ["Supercalifragilisticexpialidocious sugar", "酱油生抽王特级酿造酱油五百毫升装"]
    for text in texts:
        for bold, max_lines in ((False, None), (True, 2), (False, 3)):
            rtl = is_right_to_left(text)
            lines = wrap_text(text, 9, width, bold=bold, max_lines=max_lines, rtl=rtl)
            assert lines == reference_wrap(text, 9, width, bold, max_lines, rtl), text
            assert all(text_width(line, 9, bold, rtl=rtl) <= width for line in lines)
