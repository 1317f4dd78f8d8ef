"""Direction marks and isolates reach the bidi algorithm, also when a text is fitted, cut or
wrapped: CLDR puts marks in Arabic money and dates so that they read amount first and day
first from the right, and Duka isolates the parts of an invoice's footer."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from bidi import get_display
from reportlab.pdfgen.canvas import Canvas

from duka.documents.pdf_table import Column, Table, TableStyle, measure
from duka.documents.text import (
    clean_text,
    draw_text,
    fit_text,
    one_line,
    text_width,
    truncate,
    visual_order,
    wrap_text,
)
from duka.i18n.formatting import Formats, locale_id
from tests.documents.pdf_reading import drawn_texts

ARABIC = Formats(locale_id("ar", "KE"))
MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))


def seen(path: Path) -> str:
    """What a page shows from left to right, line by line (top first), its spaces plain."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for drawn in drawn_texts(path):
        rows.setdefault(round(drawn.y), []).append((drawn.x, drawn.text))
    lines = [" ".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items())[::-1]]
    return "\n".join(" ".join(unicodedata.normalize("NFKC", line).split()) for line in lines)


def drawn(tmp_path: Path, text: str, **options: object) -> str:
    path = tmp_path / "line.pdf"
    canvas = Canvas(str(path), pagesize=(400, 100))
    draw_text(canvas, 390, 50, text, 10, align="right", **options)  # type: ignore[arg-type]
    canvas.save()
    return seen(path)


def cldr_order(text: str) -> str:
    """`text` as the Unicode bidi algorithm lays it out with every mark in place."""
    return " ".join(str(get_display(text)).translate(MARKS).split())


@pytest.mark.parametrize(
    ("text", "intended"),
    [
        (ARABIC.money(Decimal("30163.00"), "KES"), "KES 30,163.00"),
        (ARABIC.money(Decimal("-900.00"), "KES"), "KES 900.00-"),
        (ARABIC.date(dt.date(2026, 11, 29), "short"), "2026/11/29"),
    ],
)
def test_arabic_money_and_dates_keep_their_order_when_fitted(
    tmp_path: Path, text: str, intended: str
) -> None:
    assert set(text) & {"\u200e", "\u200f"}, "CLDR no longer marks it: the test means nothing"
    # Read from the right: the amount, then the currency; the day, then the month.
    assert cldr_order(text) == intended
    free = drawn(tmp_path, text)
    assert free == intended
    assert drawn(tmp_path, text, max_width=300) == free
    # Shrunk to fit, the marks still hold.
    narrow = text_width(text, 10) * 0.9
    assert drawn(tmp_path, text, max_width=narrow) == free
    fitted, size = fit_text(text, 10, narrow)
    assert size < 10 and fitted == text
    assert visual_order(fitted) == visual_order(text)


def test_money_and_dates_in_a_table_read_as_cldr_intends(tmp_path: Path) -> None:
    money = ARABIC.money(Decimal("30163.00"), "KES")
    day = ARABIC.date(dt.date(2026, 11, 29), "short")
    columns = [Column(2.0), Column(1.0, align_end=True, shrink=True)]
    path = tmp_path / "table.pdf"
    canvas = Canvas(str(path), pagesize=(400, 200))
    table = Table(
        columns, 20, 380, rtl=True, metrics=measure(9, [], [money, day]), style=TableStyle()
    )
    y = 180.0
    for cells in ([day, money], ["التاريخ", day]):
        y = table.draw_row(canvas, table.lay_row(cells), y)
    canvas.save()
    first, second = seen(path).splitlines()
    assert first.startswith("KES 30,163.00") and first.endswith("2026/11/29")
    assert second.startswith("2026/11/29")


def test_a_cut_text_keeps_its_marks() -> None:
    day = ARABIC.date(dt.date(2026, 11, 29), "short")
    line = f"موعد الاستحقاق {day} بلا تأخير"
    cut = truncate(line, 10, text_width(line, 10) * 0.8)
    assert cut.endswith("…") and "\u200f" in cut
    assert one_line(line) == line
    assert clean_text(line) == line.translate(MARKS)  # for output that never reorders


ACCOUNT = "0123 4567 8901"
ARABIC_LINE = f"حوّلوا إلى الحساب \u2068{ACCOUNT}\u2069 لدى بنك إكويتي"


def test_an_isolated_account_number_keeps_its_digit_groups_in_order(tmp_path: Path) -> None:
    shown = drawn(tmp_path, ARABIC_LINE, max_width=380)
    assert ACCOUNT in shown
    # Without its isolate, the groups of an account number among Arabic words run from the
    # right: what the isolate is there to prevent.
    assert "8901 4567 0123" in cldr_order(ARABIC_LINE.translate(MARKS))
    assert drawn(tmp_path, ARABIC_LINE, max_width=380, rtl=True) == shown


def test_an_isolate_cut_over_two_lines_holds_on_both() -> None:
    width = text_width("حوّلوا إلى الحساب 0123 4567", 10)
    lines = wrap_text(ARABIC_LINE, 10, width, rtl=True)
    assert len(lines) > 1
    groups: list[str] = []
    for line in lines:  # read from the top, each line from the right
        seen_line = visual_order(line, rtl=True)
        digits = re.findall(r"\d{4}", seen_line)
        if len(digits) > 1:
            # A line that holds part of the number shows its groups in reading order.
            assert seen_line.index(digits[0]) < seen_line.index(digits[-1])
        groups += digits
    assert " ".join(groups) == ACCOUNT
    opened = [line for line in lines[1:] if line.startswith("\u2066")]
    assert opened, "the line that goes on inside the isolate opens it again (left to right)"


# Brackets, guillemets and numbers at the start, in the middle and at the end of mixed lines,
# as one reads them from the left (a bracket read right to left is drawn mirrored).
@pytest.mark.parametrize(
    ("written", "seen"),
    [
        ("Sukari – سكر (كغ)", "Sukari – (غك) ركس"),  # at the end of a left-to-right line
        ("Sukari – سكر (كغ) ", "Sukari – (غك) ركس "),  # before a trailing space
        ("(كغ) Sukari", "Sukari (غك)"),  # at the start (its first letter: a right-to-left line)
        ("Tea: (كغ) سكر", "Tea: (غك) ركس"),  # brackets after Latin take its direction
        ("Tea (سكر) x", "Tea (ركس) x"),  # in the middle
        ("سكر (كغ)", "(غك) ركس"),  # a right-to-left line, at its end
        ("سكر (kg)", "(kg) ركس"),  # Latin in brackets in a right-to-left line
        ("Sukari «سكر»", "Sukari «ركس»"),  # guillemets at the end
        ("سكر [12]", "[12] ركس"),  # a number in brackets, right to left
        ("Tea (1 kg) سكر", "Tea (1 kg) ركس"),  # a number in brackets, left to right
        ("سكر 12 (كغ)", "(غك) 12 ركس"),  # a number in the middle
    ],
)
def test_brackets_quotes_and_numbers_read_right_anywhere_in_a_mixed_line(
    written: str, seen: str
) -> None:
    assert visual_order(written) == seen
