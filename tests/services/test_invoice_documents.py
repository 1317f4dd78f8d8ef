"""Invoices as documents: their PDFs read back in English, French, Arabic and Hindi, the CSV
export, gapless numbers with two processes issuing at once, and gaps found by verify."""

from __future__ import annotations

import csv
import multiprocessing
import subprocess
import sys
import unicodedata
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from duka.core.access import Actor
from duka.core.customers import NewCustomer
from duka.core.invoices import DocKind, DocLine, StoredDoc
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.tax import TaxRate
from duka.documents.text import visual_order
from duka.i18n.formatting import Formats, locale_id
from duka.services.shop import Shop
from tests.documents.pdf_reading import drawn_texts


def document_of(shop: Shop, customer_name: str, kind: DocKind = DocKind.INVOICE) -> StoredDoc:
    """The customer's first issued document of `kind`."""
    found = [
        d
        for d in shop.invoices.listing(kinds=[kind])
        if d.customer_name == customer_name and d.number is not None
    ]
    return shop.invoices.get(found[-1].id)


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def money(language: str, minor: int) -> str:
    return Formats(locale_id(language, "KE")).money(Money(minor, "KES").amount, "KES")


def test_an_english_invoice_reads_back_with_its_numbers(demo_shop: Shop, tmp_path: Path) -> None:
    doc = document_of(demo_shop, "Hotel Bahari Ltd")
    path = tmp_path / "invoice.pdf"
    assert demo_shop.invoices.pdf(doc.id, path) == 1
    text = text_of(path)
    due = demo_shop.invoices.standing(doc.id).due
    for expected in (
        doc.number,
        "Tax invoice",
        "Bill to",
        "Hotel Bahari Ltd",
        "P051234567X",  # the customer's tax number
        "P051111111A",  # the shop's
        money("en", doc.gross),
        money("en", due),
        "Amount due",
        "page 1 of 1",
    ):
        # a PDF's text gives the no-break space between "Ksh" and the amount as a space
        assert expected and expected.replace("\u00a0", " ") in text, expected
    for line in doc.draft.lines:
        assert line.description in text
    info = PdfReader(path).metadata
    assert info is not None and doc.number in str(info.title)


def test_a_french_invoice_is_written_in_french_with_french_numbers(
    demo_shop: Shop, tmp_path: Path
) -> None:
    doc = document_of(demo_shop, "Société Kivu Import SARL")
    path = tmp_path / "facture.pdf"
    demo_shop.invoices.pdf(doc.id, path)
    text = unicodedata.normalize("NFKC", text_of(path))
    assert "Facture" in text and "Total" in text
    assert unicodedata.normalize("NFKC", money("fr", doc.gross)) in text
    assert "," in money("fr", doc.gross)  # a decimal comma, as French readers expect


def test_an_arabic_invoice_runs_right_to_left(demo_shop: Shop, tmp_path: Path) -> None:
    name = "شركة النور للتجارة"
    doc = document_of(demo_shop, name)
    path = tmp_path / "fatura.pdf"
    demo_shop.invoices.pdf(doc.id, path)
    words = _bbox_words(path)
    # The customer's name: each word found (glyphs come back in visual order), and the words
    # of the line run from the right: the first word read is the rightmost.
    found = {}
    for text, x, y in words:
        # Reversed glyph by glyph: a ligature glyph folds into its letters in logical order.
        logical = "".join(unicodedata.normalize("NFKC", glyph) for glyph in reversed(text))
        if logical in name.split():
            found.setdefault(logical, (x, y))
    first, second, third = (found[w] for w in name.split())
    assert first[1] == second[1] == third[1]  # one line
    assert first[0] > second[0] > third[0]
    # The amounts column is at the left edge and the descriptions at the right.
    drawn = drawn_texts(path)
    # The amount as CLDR's marks lay it out on a right-to-left line: "KES 13,600.00", read
    # amount first from the right.
    total = _plain(visual_order(money("ar", doc.gross)))
    amounts = [d for d in drawn if _plain(d.text) == total]
    assert amounts and all(d.x < 300 for d in amounts)
    assert any("arabic" in d.font.lower() for d in drawn)


def test_a_hindi_quote_is_shaped_with_the_devanagari_font(demo_shop: Shop, tmp_path: Path) -> None:
    doc = document_of(demo_shop, "शर्मा ट्रेडर्स", DocKind.QUOTE)
    path = tmp_path / "quote.pdf"
    demo_shop.invoices.pdf(doc.id, path)
    fonts = {d.font.lower() for d in drawn_texts(path)}
    assert any("devanagari" in f for f in fonts), fonts
    assert doc.number is not None and doc.number in text_of(path)


def test_a_draft_prints_with_its_watermark_and_no_number(demo_shop: Shop, tmp_path: Path) -> None:
    draft = next(d for d in demo_shop.invoices.listing() if d.number is None)
    path = tmp_path / "draft.pdf"
    demo_shop.invoices.pdf(draft.id, path, language="en")
    text = text_of(path)
    assert "DRAFT" in text and "Draft" in text


def _plain(text: str) -> str:
    """`text` without direction marks, its spaces plain: as a PDF reader gives it back."""
    marks = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))
    return " ".join(unicodedata.normalize("NFKC", text).translate(marks).split())


def _bbox_words(path: Path) -> list[tuple[str, float, float]]:
    import re

    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        (word, float(x), round(float(y), 1))
        for x, y, word in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
    ]


def test_the_export_lists_every_issued_document(demo_shop: Shop, tmp_path: Path) -> None:
    path = tmp_path / "invoices.csv"
    count = demo_shop.invoices.export(path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == count == len([d for d in demo_shop.invoices.listing() if d.number])
    assert list(rows[0]) == [
        "number",
        "type",
        "date",
        "due_date",
        "customer_id",
        "customer",
        "customer_tax_id",
        "currency",
        "net",
        "tax",
        "gross",
        "paid",
        "due",
        "status",
        "source",
        "sale",
        "reference",
    ]
    for row in rows:
        assert Decimal(row["net"]) + Decimal(row["tax"]) == Decimal(row["gross"])
        assert len(row["date"]) == 10 and row["date"][4] == "-"
    statuses = {row["status"] for row in rows}
    assert {"paid", "overdue", "accepted"} <= statuses


# -- two processes issuing at once ------------------------------------------------------------

PER_PROCESS = 15


def _issue_drafts(path: str, ids: list[int], home: str) -> None:
    import os

    os.environ["DUKA_HOME"] = home
    with Shop.open(Path(path), backup_dir=Path(home), actor=Actor.command_line("p")) as shop:
        for invoice_id in ids:
            shop.invoices.issue(invoice_id)


def test_two_processes_issuing_at_once_never_share_or_skip_a_number(
    kenya_shop: Shop, tmp_path: Path
) -> None:
    shop = kenya_shop
    customer = shop.customers.add(NewCustomer("Juma", Money.of("0", "KES")))
    line = DocLine(
        "Service", Quantity.of(1), Money.of("100", "KES"), TaxRate("S", "VAT", Decimal(16))
    )
    blank = shop.invoices.new_draft(DocKind.INVOICE, customer)
    ids = [shop.invoices.save_draft(replace(blank, lines=(line,))) for _ in range(2 * PER_PROCESS)]
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(
            target=_issue_drafts, args=(str(shop.path), ids[i::2], str(tmp_path / "home"))
        )
        for i in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    numbers = sorted(str(shop.invoices.get(i).number) for i in ids)
    assert len(set(numbers)) == 2 * PER_PROCESS
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == list(range(1, 2 * PER_PROCESS + 1))
    assert [p for r in shop.maintenance.verify() for p in r.problems] == []


def test_verify_finds_a_number_missing_from_a_series(demo_shop: Shop) -> None:
    db = demo_shop.context.db
    victim = document_of(demo_shop, "Société Kivu Import SARL")
    db.execute("DROP TRIGGER invoices_issued_delete")
    db.execute("DROP TRIGGER invoice_lines_issued_delete")
    db.execute("DROP TRIGGER invoice_taxes_issued_delete")
    db.execute("PRAGMA foreign_keys = OFF")
    for table in ("invoice_lines", "invoice_taxes"):
        db.execute(f"DELETE FROM {table} WHERE invoice_id = ?", (victim.id,))
    db.execute("DELETE FROM invoices WHERE id = ?", (victim.id,))
    problems = [p for r in demo_shop.maintenance.verify() for p in r.problems]
    seq = int(str(victim.number).rsplit("-", 1)[1])
    assert any(f"missing {seq}" in p for p in problems), problems
    assert any(f"invoices row {victim.id}" in p and "deleted" in p for p in problems), problems


@pytest.mark.parametrize("language", ["en", "fr", "ar", "hi"])
def test_the_command_line_prints_an_invoice(demo_shop: Shop, tmp_path: Path, language: str) -> None:
    doc = document_of(demo_shop, "Hotel Bahari Ltd")
    out = tmp_path / f"{language}.pdf"
    path = str(demo_shop.path)
    demo_shop.close()
    command = [sys.executable, "-m", "duka", "print", "invoice", str(doc.number)]
    done = subprocess.run(
        [*command, "--db", path, "--lang", language, "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert str(doc.number) in text_of(out)
