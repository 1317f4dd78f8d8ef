"""Shelf labels: layouts, pages, barcodes, and nothing outside a label."""

from __future__ import annotations

from pathlib import Path

import pytest

from duka.documents import labels as labels_module
from duka.documents.labels import (
    CODE128,
    EAN8,
    EAN13,
    LAYOUTS,
    MM,
    QR,
    UPCA,
    Label,
    LabelLayout,
    plan_label,
    symbology,
    write_labels,
)
from duka.documents.text import text_width
from tests.documents.pdf_reading import drawn_texts, page_texts, page_widths

LONG_NAMES = [
    "Basmati rice, premium quality, aged two years, extra long grain, family pack of 5 kg "
    "with a free measuring cup and a recipe booklet",
    "أرز بسمتي (Basmati) ممتاز معتق لمدة عامين عبوة عائلية كبيرة جداً مع كوب قياس مجاني",
    "बासमती चावल प्रीमियम गुणवत्ता दो साल पुराना अतिरिक्त लंबा दाना पारिवारिक पैक",
    "酱油生抽王特级酿造酱油五百毫升装家庭装超值优惠",
    "Supercalifragilisticexpialidociousandevenlongerwordwithoutanyspace",
]


def numbered(count: int) -> list[Label]:
    return [Label(f"Item {n:02}", f"KSh {n}.00", "5901234123457") for n in range(1, count + 1)]


def test_a4_layouts_are_centred_on_the_sheet() -> None:
    for layout in LAYOUTS.values():
        if not layout.id.startswith("a4-"):
            continue
        across = layout.columns * layout.label_width + (layout.columns - 1) * layout.column_gap
        down = layout.rows * layout.label_height + (layout.rows - 1) * layout.row_gap
        assert 2 * layout.left_margin + across == pytest.approx(layout.page_width, abs=0.5 * MM)
        assert 2 * layout.top_margin + down == pytest.approx(layout.page_height, abs=0.5 * MM)


def test_the_published_sizes() -> None:
    l7160 = LAYOUTS["a4-l7160"]
    assert (l7160.columns, l7160.rows, l7160.per_page) == (3, 7, 21)
    assert l7160.label_width == pytest.approx(63.5 * MM)
    assert l7160.label_height == pytest.approx(38.1 * MM)
    assert LAYOUTS["a4-l7159"].per_page == 24
    assert LAYOUTS["a4-l7651"].per_page == 65
    assert LAYOUTS["a4-l7163"].per_page == 14
    assert LAYOUTS["roll-58"].page_width == pytest.approx(164.41, abs=0.01)
    assert LAYOUTS["roll-80"].page_width == pytest.approx(80 * MM)
    assert all(layout.name for layout in LAYOUTS.values())


def test_22_labels_on_l7160_take_two_sheets(tmp_path: Path) -> None:
    path = tmp_path / "labels.pdf"
    assert write_labels(path, numbered(22), LAYOUTS["a4-l7160"]) == 2
    first, second = page_texts(path)
    assert "Item 01" in first and "Item 21" in first
    assert "Item 22" in second and "Item 21" not in second
    assert not path.with_name("labels.pdf.part").exists()


def test_start_at_skips_used_positions(tmp_path: Path) -> None:
    path = tmp_path / "labels.pdf"
    layout = LAYOUTS["a4-l7160"]
    assert write_labels(path, numbered(22), layout, start_at=5) == 2
    first, second = page_texts(path)
    assert "Item 16" in first and "Item 17" not in first
    assert "Item 17" in second
    # The first label sits at the sixth position: second row, third column.
    item = next(d for d in drawn_texts(path) if d.text.strip() == "Item 01")
    x, y = layout.origin(5)
    assert x < item.x < x + layout.label_width
    assert y < item.y < y + layout.label_height
    assert write_labels(path, numbered(1), layout, start_at=20) == 1
    with pytest.raises(ValueError):
        write_labels(path, numbered(1), layout, start_at=21)


def test_copies_repeat_each_label(tmp_path: Path) -> None:
    path = tmp_path / "labels.pdf"
    assert write_labels(path, numbered(2), LAYOUTS["a4-l7160"], copies=11) == 2
    first, second = page_texts(path)
    assert first.count("Item 01") == 11
    assert first.count("Item 02") == 10 and second.count("Item 02") == 1


def test_a_roll_has_one_label_a_page_as_wide_as_the_roll(tmp_path: Path) -> None:
    path = tmp_path / "roll.pdf"
    assert write_labels(path, numbered(3), LAYOUTS["roll-58"]) == 3
    assert page_widths(path) == pytest.approx([58 * 72 / 25.4] * 3, abs=0.01)
    assert ["Item 01" in text for text in page_texts(path)] == [True, False, False]


def test_symbologies() -> None:
    assert symbology("5901234123457") == EAN13
    assert symbology("96385074") == EAN8
    assert symbology("036000291452") == UPCA
    assert symbology("5901234123458") == CODE128  # a wrong check digit is drawn as typed
    assert symbology("ABC-12345678") == CODE128
    assert symbology("سكر١") == ""


def test_barcodes_print_their_digits_as_each_symbology_groups_them(tmp_path: Path) -> None:
    path = tmp_path / "codes.pdf"
    labels = [
        Label("EAN-13", "1", "5901234123457"),
        Label("EAN-8", "2", "96385074"),
        Label("UPC-A", "3", "036000291452"),
        Label("Code 128", "4", "ABC-12345678"),
    ]
    write_labels(path, labels, LAYOUTS["a4-l7160"])
    texts = [d.text.strip() for d in drawn_texts(path)]
    assert {"5", "901234", "123457"} <= set(texts)  # EAN-13: first digit outside the bars
    assert "5901234123457" not in texts
    assert {"9638", "5074"} <= set(texts)
    assert {"0", "36000", "29145", "2"} <= set(texts)
    assert "ABC-12345678" in texts
    plans = [plan_label(label, LAYOUTS["a4-l7160"]) for label in labels]
    assert [plan.code.kind for plan in plans if plan.code] == [EAN13, EAN8, UPCA, CODE128]


def test_a_label_without_barcode_shows_its_sku(tmp_path: Path) -> None:
    label = Label("Loose beans", "KSh 120.00", None, sku="SKU-0042", unit="kg")
    plan = plan_label(label, LAYOUTS["a4-l7160"])
    assert plan.code is None
    assert "SKU-0042" in [part.text for part in plan.texts]
    qr = plan_label(label, LAYOUTS["a4-l7160"], show_qr=True)
    assert qr.code is not None and (qr.code.kind, qr.code.value) == (QR, "SKU-0042")


def test_a_code_too_long_for_a_small_label_becomes_a_qr_code() -> None:
    label = Label("Sugar", "KSh 180.00", "SHOP-CODE-0000123456")
    small = plan_label(label, LAYOUTS["a4-l7651"])
    assert small.code is not None and small.code.kind == QR
    large = plan_label(label, LAYOUTS["a4-l7163"])
    assert large.code is not None and large.code.kind == CODE128
    assert plan_label(label, LAYOUTS["a4-l7163"], show_qr=True).code.kind == QR  # type: ignore[union-attr]


def test_right_to_left_names_are_right_aligned() -> None:
    layout = LAYOUTS["a4-l7160"]
    plan = plan_label(Label("سكر ناعم ١ كغ", "١٨٠٫٠٠ ج.م.", "96385074"), layout)
    name = next(part for part in plan.texts if part.text == "سكر ناعم ١ كغ")
    assert name.align == "right"
    assert name.x == pytest.approx(layout.label_width - layout.padding)
    english = plan_label(Label("Sugar", "KSh 1.00"), layout)
    assert english.texts[0].align == "left"


def _inside(box: tuple[float, float, float, float], layout: LabelLayout) -> bool:
    left, bottom, right, top = box
    edge = layout.padding - 0.01
    return (
        left >= edge
        and bottom >= edge
        and right <= layout.label_width - edge
        and top <= layout.label_height - edge
    )


@pytest.mark.parametrize("layout_id", list(LAYOUTS))
@pytest.mark.parametrize("show_qr", [False, True])
def test_nothing_leaves_its_label(layout_id: str, show_qr: bool) -> None:
    layout = LAYOUTS[layout_id]
    cases = [
        Label(name, "KSh 1,234,567.00", code, sku="SKU-LONG-000000001", unit="per kilogram")
        for name in LONG_NAMES
        for code in ("5901234123457", "SHOP-CODE-0000123456-EXTRA", None)
    ]
    for label in cases:
        plan = plan_label(label, layout, show_qr=show_qr, shop_name="Duka la Mama Njeri na Watoto")
        for part in plan.texts:
            assert text_width(part.text, part.size, part.bold, rtl=part.rtl) <= part.max_width
            assert _inside(part.box(), layout), (label.name, part)
        if plan.code is not None:
            assert _inside(plan.code.box(), layout)
            texts = [part.box() for part in plan.texts]
            left, bottom, right, top = plan.code.box()
            for t_left, t_bottom, t_right, t_top in texts:  # no text over the code
                assert t_right <= left or t_left >= right or t_top <= bottom or t_bottom >= top
        assert "KSh 1,234,567.00" in [part.text for part in plan.texts]  # never cut short


def test_a_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "labels.pdf"
    path.write_bytes(b"the previous labels")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(labels_module, "draw_plan", broken)
    with pytest.raises(OSError):
        write_labels(path, numbered(3), LAYOUTS["a4-l7160"])
    assert path.read_bytes() == b"the previous labels"
    assert list(tmp_path.iterdir()) == [path]


OWN_CODES = ["25250001", "33333333", "036000291453", "5901234123458", "10614141000416"]


def test_only_a_valid_gtin_is_an_ean_or_upc() -> None:
    for own in OWN_CODES:  # a GTIN's shape with a wrong check digit: the shop's own code
        assert symbology(own) == CODE128, own
    assert symbology("10614141000415") == CODE128  # a valid GTIN-14: no EAN or UPC carries it


def test_a_shops_own_code_is_drawn_in_code_128_never_as_an_ean_or_upc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spies on the reportlab symbols the labels are drawn with."""
    from reportlab.graphics.barcode import code128, eanbc

    drawn: list[tuple[str, str]] = []

    def spy(module: object, name: str) -> None:
        original = getattr(module, name)

        class Spy(original):  # type: ignore[misc, valid-type]
            def __init__(self, value: str, **options: object) -> None:
                if "barHeight" in options:  # drawn, not only measured
                    drawn.append((name, value))
                super().__init__(value, **options)

        monkeypatch.setattr(module, name, Spy)

    spy(code128, "Code128")
    for widget in ("Ean13BarcodeWidget", "Ean8BarcodeWidget", "UPCA"):
        spy(eanbc, widget)
    labels = [Label("Pork by the kg", "KSh 600.00", code) for code in OWN_CODES]
    labels += [
        Label("Sugar", "KSh 180.00", "5901234123457"),
        Label("Tea", "KSh 90.00", "96385074"),
        Label("Soda", "KSh 50.00", "036000291452"),
    ]
    path = tmp_path / "own.pdf"
    write_labels(path, labels, LAYOUTS["a4-l7160"])
    assert drawn == [
        *[("Code128", code) for code in OWN_CODES],
        ("Ean13BarcodeWidget", "590123412345"),  # the widget adds the check digit itself
        ("Ean8BarcodeWidget", "9638507"),
        ("UPCA", "03600029145"),
    ]
    texts = [d.text.strip() for d in drawn_texts(path)]
    assert all(code in texts for code in OWN_CODES)  # each printed whole, under its bars
