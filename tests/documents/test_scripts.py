"""Every shipped language's script in a PDF (invoices, receipts, labels, reminders): its own
embedded font, text that reads back, and Thai lines broken between words."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from duka.core.words import thai_words
from duka.documents.invoice import write_invoice
from duka.documents.labels import LAYOUTS, Label, write_labels
from duka.documents.receipt import ReceiptData, ReceiptLine, write_receipt
from duka.documents.reminder import Reminder, write_reminder
from duka.documents.text import text_width, wrap_text
from tests.documents.test_invoice_pdf import english

# Product names as shops write them, by the font that must draw them.
NAMES = {
    "NotoSansTamil": "பால் பவுடர் 500 கிராம்",
    "NotoSansThai": "น้ำปลาแท้ตราปลาหมึก ขวดใหญ่",
    "NotoSansCJKsc": "酱油 生抽 500毫升",
    "NotoSansArabic": "چائے کی پتی بڑا پیکٹ",  # Urdu
    "NotoSansBengali": "বাসমতী চাল ১ কেজি",
    "NotoSansDevanagari": "बासमती चावल १ किलो",
}
ARABIC = "سكر ناعم ١ كغ"
PERSIAN = "روغن آفتابگردان ۱ لیتر"
THAI_RICE = "ข้าวหอมมะลิแท้ร้อยเปอร์เซ็นต์จากทุ่งกุลาร้องไห้บรรจุถุงสุญญากาศ"


@pytest.fixture(scope="module")
def invoice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    names = [*NAMES.values(), ARABIC, PERSIAN]
    lines = [[str(n), name, "1", "Ksh 10.00", "Ksh 10.00"] for n, name in enumerate(names, 1)]
    path = tmp_path_factory.mktemp("scripts") / "invoice.pdf"
    # Bold too: the customer's name heads its block.
    write_invoice(path, english(lines=lines, customer_lines=["ร้านป้าแดง 上海杂货店", "Bangkok"]))
    return path


def _fonts(path: Path) -> list[tuple[str, str]]:
    """(font name, embedded) for each font of the PDF, as poppler's pdffonts lists them."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]  # a header and a rule first
    found = []
    for row in rows:
        parts = row.split()
        # name, type words, encoding, then emb sub uni and the object id (two numbers)
        found.append((parts[0], parts[-5]))
    return found


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
def test_every_script_takes_its_own_font_and_every_font_is_embedded(invoice: Path) -> None:
    fonts = _fonts(invoice)
    assert fonts
    assert [name for name, embedded in fonts if embedded != "yes"] == []
    names = " ".join(name for name, _ in fonts)
    for family in NAMES:
        assert f"+{family}-Regular" in names
    assert "+NotoSansThai-Bold" in names and "+NotoSansCJKsc-Bold" in names


def test_names_read_back_in_their_own_characters(invoice: Path) -> None:
    # Chinese and Arabic-script glyphs map back to their characters; Arabic comes back as
    # presentation forms, which NFKC folds into letters.
    text = unicodedata.normalize("NFKC", PdfReader(invoice).pages[0].extract_text())
    for name in (NAMES["NotoSansCJKsc"], NAMES["NotoSansArabic"], ARABIC, PERSIAN):
        for word in name.split():
            assert word in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_shaped_names_copy_out_as_written(invoice: Path) -> None:
    # Shaped glyphs (vowel signs moved, conjuncts, Thai's sara am split) carry their text as
    # /ActualText, which poppler reads (pypdf does not).
    out = subprocess.run(
        ["pdftotext", str(invoice), "-"], capture_output=True, text=True, check=True
    ).stdout
    for family in ("NotoSansTamil", "NotoSansThai", "NotoSansBengali", "NotoSansDevanagari"):
        assert NAMES[family] in out


def test_a_long_thai_line_breaks_between_words_only() -> None:
    words = thai_words(THAI_RICE)
    assert len(words) > 4 and "".join(words) == THAI_RICE
    width = text_width(THAI_RICE, 10) / 3.2
    lines = wrap_text(THAI_RICE, 10, width)
    assert len(lines) >= 4
    assert "".join(lines) == THAI_RICE  # no space added where the words run together
    boundaries = {len("".join(words[:n])) for n in range(len(words) + 1)}
    at = 0
    for line in lines:
        assert text_width(line, 10) <= width
        at += len(line)
        assert at in boundaries  # each line ends where a word ends


def test_thai_words_keep_their_spaces_and_latin_words() -> None:
    text = "น้ำปลาแท้ตราปลาหมึก ขวดใหญ่ 700 มล. Fish sauce"
    lines = wrap_text(text, 10, text_width(text, 10) / 2.5)
    assert len(lines) > 2
    # Where a line ends: at a space (dropped) or between two Thai words of one spaced word.
    boundaries, at = set(), 0
    for part in text.split(" "):
        words = thai_words(part)
        boundaries |= {at + len("".join(words[:n])) for n in range(len(words) + 1)}
        at += len(part) + 1
    at = 0
    for line in lines:
        assert text.startswith(line, at) and line == line.strip()
        at += len(line)
        assert at in boundaries
        if text[at : at + 1] == " ":
            at += 1
    assert at == len(text)


def test_a_thai_word_wider_than_the_line_is_cut_between_letters_not_marks() -> None:
    word = "สุญญากาศ"
    lines = wrap_text(word, 10, text_width(word, 10) / 2.5)
    assert "".join(lines) == word and len(lines) > 1
    for line in lines[1:]:
        assert unicodedata.category(line[0])[0] != "M"  # no tone mark or vowel cut off


def _receipt(path: Path) -> None:
    lines = [ReceiptLine(name, "2 × 120.00", "240.00") for name in NAMES.values()]
    lines.append(ReceiptLine(THAI_RICE, "1 × 95.00", "95.00"))
    data = ReceiptData(
        shop_name="ร้านป้าแดง 上海杂货店",
        header=["+66 81 000 1111"],
        title="ใบเสร็จ S-000123",
        meta=["2026-12-07 10:15"],
        lines=lines,
        totals=[],
        total=("ยอดรวม", "1,295.00"),
        taxes=[],
        payments=[("เงินสด", "1,300.00")],
        footer=["ขอบคุณที่ใช้บริการ"],
        number="S-000123",
        width_mm=58,
    )
    write_receipt(path, data)


def _labels(path: Path) -> None:
    labels = [Label(name, "KSh 120.00", "5901234123457") for name in NAMES.values()]
    write_labels(path, labels, LAYOUTS["a4-l7160"])


def _reminder(path: Path) -> None:
    write_reminder(
        path,
        Reminder(
            shop_name="அண்ணாச்சி மளிகைக் கடை",
            title="ใบแจ้งหนี้",
            greeting="尊敬的顾客",
            message=THAI_RICE,
            amount_label="کل",
            amount="KSh 1,200.00",
            qr_payload="upi://pay?pa=amina@okbank&am=1200.00&cu=INR",
            qr_caption="สแกนเพื่อชำระเงิน",
        ),
    )


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("write", [_receipt, _labels, _reminder])
def test_receipts_labels_and_reminders_embed_every_font(tmp_path: Path, write: Any) -> None:
    path = tmp_path / "document.pdf"
    write(path)
    fonts = _fonts(path)
    assert fonts
    assert [name for name, embedded in fonts if embedded != "yes"] == []
