"""Labels, the low stock list and supplier statements, written by the services as PDFs."""

from pathlib import Path

import pytest
from pypdf import PdfReader

from duka.core.errors import InvalidInput
from duka.i18n import set_language
from duka.services.shop import Shop
from tests.documents.pdf_reading import page_texts


def test_labels_for_chosen_low_and_received_products(demo_shop: Shop, tmp_path: Path) -> None:
    labels = demo_shop.labels
    sugar = demo_shop.products.search("Sugar 1 kg")[0]
    made = labels.labels([sugar.id])
    assert made[0].name == "Sugar 1 kg" and made[0].price == "Ksh\u00a0180.00"
    assert made[0].barcode == sugar.barcode
    path = tmp_path / "labels.pdf"
    low = labels.low_stock_ids()
    assert low == [line.product.id for line in demo_shop.stock.low_stock()]
    pages = labels.write(path, low, "a4-l7160", copies=1, start_at=20)
    assert pages == len(PdfReader(path).pages) == 1 + -(-(len(low) - 1) // 21)
    assert "Ksh" in page_texts(path)[0]
    roll = tmp_path / "roll.pdf"
    assert labels.write(roll, [sugar.id], "roll-58", copies=3) == 3
    for bad in (
        lambda: labels.write(path, [], "a4-l7160"),
        lambda: labels.write(path, [sugar.id], "no-such-sheet"),
        lambda: labels.write(path, [sugar.id], "a4-l7160", copies=0),
        lambda: labels.write(path, [sugar.id], "a4-l7160", start_at=21),
    ):
        with pytest.raises(InvalidInput):
            bad()
    assert labels.received_today_ids() == []  # the demo's deliveries were in the past


def test_received_today_follows_a_delivery(demo_shop: Shop) -> None:
    from duka.core.money import Money
    from duka.core.quantity import Quantity
    from duka.core.suppliers import GoodsReceivedDraft, ReceivedLine

    supplier = demo_shop.suppliers.suppliers()[0]
    sugar = demo_shop.products.search("Sugar 1 kg")[0]
    line = ReceivedLine(sugar.id, Quantity.of(5), Money.of("150", "KES"))
    demo_shop.suppliers.receive(GoodsReceivedDraft(supplier.id, (line,)))
    assert demo_shop.labels.received_today_ids() == [sugar.id]


def test_low_stock_list_and_statement_in_english_and_arabic(
    demo_shop: Shop, tmp_path: Path
) -> None:
    english = tmp_path / "low-en.pdf"
    demo_shop.stock.low_stock_pdf(english)
    text = "".join(page_texts(english))
    assert "Low stock" in text and "Onions (loose)" in text and "Suggested" in text
    supplier = next(s for s in demo_shop.suppliers.suppliers() if s.owed.minor)
    statement = tmp_path / "statement.pdf"
    demo_shop.suppliers.statement_pdf(supplier.id, None, None, statement)
    text = "".join(page_texts(statement))
    assert supplier.name in text and "Owed at the end" in text and "GRN-" in text
    set_language("ar")
    arabic = tmp_path / "low-ar.pdf"
    demo_shop.stock.low_stock_pdf(arabic)
    assert len(PdfReader(arabic).pages) >= 1
