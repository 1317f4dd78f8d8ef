"""invoice_pdf_ratio: a 20-line invoice's PDF through Duka over a bare reportlab document.

Duka's side is the whole service call, `shop.invoices.pdf(invoice_id, path)`, on an issued
invoice in a real shop database (made here through the services: a shop with a logo, tax
rates, products and customers): reading the document, translating and formatting its texts,
laying it out and writing the file.

The bare side is what a developer would write with reportlab's platypus for the same page:
a `SimpleDocTemplate` with the logo, the shop's and the customer's details, title, number
and dates as paragraphs, the same 20-row table (the columns and texts Duka's PDF shows, the
header repeated on each page) and a totals table, with the same bundled Noto fonts, page
size and compression. For Arabic it does the least that makes Arabic readable in reportlab:
every text with right-to-left letters through `arabic_reshaper.reshape` and
`bidi.get_display`, drawn with the Arabic font where it has Arabic letters and the Latin
font for the rest, the table's columns running from the right. Its texts are taken from the
document Duka draws (captured once, untimed), so both sides write the same words.

Duka's page carries a little more than the bare one (the tax by rate, the payment terms, the
page number): that only makes the ratio stricter. The two are timed alternately, after a
warm-up, in one process; the figures are their medians and the ratio of the medians.

Both sides write the same invoice round after round, so Duka's caches of laid-out texts
(`documents.text`, `documents.pdf_table`) are warm: the figure is the cost of an invoice
whose texts Duka has laid out before (a reprint, products that come back), not of the first
document after the app starts, which also shapes and measures every text.
"""

from __future__ import annotations

import gc
import statistics
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from duka.documents.invoice import InvoiceDocument
    from duka.services.shop import Shop

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
LINES = 20

ENGLISH_PRODUCTS = (
    "Sugar 2 kg",
    "Cooking oil 3 L",
    "Maize flour 2 kg",
    "Rice pishori 5 kg",
    "Tea leaves 500 g",
    "Milk 500 ml",
    "Bread 400 g",
    "Bar soap 800 g",
    "Washing powder 1 kg",
    "Salt 1 kg",
    "Wheat flour 2 kg",
    "Drinking water 10 L",
    "Margarine 500 g",
    "Matches, pack of 10",
    "Toilet paper, 10 rolls",
    "Candles, pack of 6",
    "Exercise books A4, 10",
    "Biro pens blue, box of 50",
    "Tomato paste 400 g",
    "Beans 1 kg",
)
ARABIC_PRODUCTS = (
    "سكر ناعم ٢ كغ",
    "زيت طبخ عباد الشمس ٣ لتر",
    "دقيق ذرة أبيض ٢ كغ",
    "أرز بسمتي ٥ كغ",
    "شاي أسود ٥٠٠ غ",
    "حليب طازج ٥٠٠ مل",
    "خبز أبيض ٤٠٠ غ",
    "صابون غسيل ٨٠٠ غ",
    "مسحوق غسيل ١ كغ",
    "ملح طعام ١ كغ",
    "دقيق قمح ٢ كغ",
    "مياه شرب ١٠ لتر",
    "زبدة نباتية ٥٠٠ غ",
    "علبة كبريت",
    "مناديل ورقية ١٠ لفات",
    "شموع بيضاء ٦ قطع",
    "دفاتر مدرسية ١٠ قطع",
    "أقلام زرقاء علبة ٥٠",
    "معجون طماطم ٤٠٠ غ",
    "فول أحمر ١ كغ",
)


def _logo_png() -> bytes:
    """A shop's logo: a coloured badge with lettering, 480 x 240 pixels, opaque (a logo
    with transparency costs the bare document a soft mask in every file, which Duka lays
    on white paper once: an opaque one keeps the two sides alike)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (480, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 232, 232), radius=40, fill=(26, 115, 90))
    big = ImageFont.truetype(str(FONTS / "NotoSans-Bold.ttf"), 96)
    small = ImageFont.truetype(str(FONTS / "NotoSans-Bold.ttf"), 64)
    draw.text((120, 120), "DA", font=big, fill="white", anchor="mm")
    draw.text((250, 90), "Duka", font=small, fill=(26, 115, 90), anchor="lm")
    draw.text((250, 160), "la Amina", font=small, fill=(200, 120, 20), anchor="lm")
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# -- the shop --------------------------------------------------------------------------------


def make_shop(folder: Path) -> tuple[Shop, dict[str, int]]:
    """A shop set up through the services, with an issued 20-line invoice for an English
    and for an Arabic customer; returns the open shop and the invoices' ids by language."""
    from duka.core import settings as spec
    from duka.core.access import Actor
    from duka.core.customers import NewCustomer
    from duka.core.invoices import DocKind
    from duka.core.money import Money
    from duka.core.products import ProductDraft
    from duka.core.quantity import Quantity
    from duka.core.tax import TaxRate
    from duka.services.shop import Shop

    shop = Shop.open(
        folder / "shop.sqlite3", backup_dir=folder / "backups", actor=Actor.command_line("bench")
    )
    shop.settings.first_run(
        "Duka la Amina", "KE", "KES", "en", owner_name="Amina", owner_pin="1234"
    )
    shop.settings.save(
        {
            spec.ADDRESS.key: "Moi Avenue 42\nNairobi",
            spec.PHONE.key: "+254 712 345 678",
            spec.TAX_ID.key: "P051234567X",
            spec.LOGO.key: _logo_png(),
            spec.TAX_RATES.key: (
                TaxRate("S", "VAT 16%", Decimal(16)),
                TaxRate("E", "Exempt", Decimal(0), exempt=True),
            ),
        }
    )
    customers = {
        "en": NewCustomer(
            "Mama Njeri Groceries Ltd",
            Money.of("500000", "KES"),
            "+254 722 000 111",
            address="Kenyatta Road 7\nThika",
            tax_id="A009876543B",
            language="en",
        ),
        "ar": NewCustomer(
            "شركة النور للتجارة",
            Money.of("500000", "KES"),
            "+254 733 900 800",
            address="شارع بيوتي ٧\nمومباسا",
            tax_id="P053579135N",
            language="ar",
        ),
    }
    invoices = {}
    for language, names in (("en", ENGLISH_PRODUCTS), ("ar", ARABIC_PRODUCTS)):
        customer = shop.customers.add(customers[language])
        lines = []
        for number, name in enumerate(names[:LINES]):
            price = Money(1500 + 3700 * number, "KES")
            cost = Money(price.minor * 7 // 10, "KES")
            tax = "E" if number % 5 == 4 else "S"  # every fifth product is exempt
            product_id = shop.products.add(
                ProductDraft(name, price, cost, tax_code=tax), opening_stock=Quantity.of(500)
            )
            product = shop.products.get(product_id)
            lines.append(shop.invoices.product_line(product, Quantity.of(1 + number % 7)))
        blank = shop.invoices.new_draft(DocKind.INVOICE, customer)
        draft_id = shop.invoices.save_draft(replace(blank, lines=tuple(lines)))
        invoices[language] = shop.invoices.issue(draft_id).id
    return shop, invoices


def captured_document(shop: Shop, invoice_id: int, target: Path) -> InvoiceDocument:
    """The texts Duka draws for `invoice_id`: the document its PDF is written from."""
    from duka.documents import invoice

    found: list[InvoiceDocument] = []
    original = invoice.write_invoice

    def keep(path: Path, document: InvoiceDocument) -> int:
        found.append(document)
        return original(path, document)

    invoice.write_invoice = keep
    try:
        shop.invoices.pdf(invoice_id, target)
    finally:
        invoice.write_invoice = original
    if not found:
        raise SystemExit("shop.invoices.pdf no longer calls documents.invoice.write_invoice")
    return found[0]


# -- the bare document -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fonts:
    latin: str
    latin_bold: str
    arabic: str
    arabic_bold: str


def _register_fonts() -> _Fonts:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = _Fonts("Bare-Latin", "Bare-Latin-Bold", "Bare-Arabic", "Bare-Arabic-Bold")
    files = {
        names.latin: "NotoSans-Regular.ttf",
        names.latin_bold: "NotoSans-Bold.ttf",
        names.arabic: "NotoSansArabic-Regular.ttf",
        names.arabic_bold: "NotoSansArabic-Bold.ttf",
    }
    for name, file in files.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    return names


def _is_arabic(ch: str) -> bool:
    cp = ord(ch)
    return 0x0600 <= cp <= 0x06FF or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF


_BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


class BareInvoice:
    """The bare platypus document for one invoice's texts; `write(path)` is what is timed."""

    def __init__(self, document: InvoiceDocument, page_size: tuple[float, float]) -> None:
        self.document = document
        self.page_size = page_size
        self.fonts = _register_fonts()
        self.rtl = document.right_to_left

    def _visual(self, text: str) -> str:
        """A text with right-to-left letters: Arabic letters joined, the whole in visual
        order (its own base direction: a phone number stays as it is), the bidi marks that
        no font draws taken out."""
        if not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
            return text
        import arabic_reshaper
        from bidi import get_display

        return str(get_display(arabic_reshaper.reshape(text))).translate(_BIDI_CONTROLS)

    def _font(self, bold: bool, arabic: bool) -> str:
        if arabic:
            return self.fonts.arabic_bold if bold else self.fonts.arabic
        return self.fonts.latin_bold if bold else self.fonts.latin

    def _markup(self, text: str, bold: bool) -> str:
        """Paragraph markup for `text`: its Arabic runs in the Arabic font (the paragraph's
        own font is the Latin one, which has no Arabic letters)."""
        visual = self._visual(text)
        if not any(_is_arabic(ch) for ch in visual):
            return escape(visual)
        parts: list[str] = []
        run, in_arabic = "", False
        for ch in visual:
            here = in_arabic if ch == " " else _is_arabic(ch)
            if here != in_arabic and run:
                parts.append(self._run(run, bold, in_arabic))
                run = ""
            run += ch
            in_arabic = here
        parts.append(self._run(run, bold, in_arabic))
        return "".join(parts)

    def _run(self, text: str, bold: bool, arabic: bool) -> str:
        if not arabic:
            return escape(text)
        return f'<font face="{self._font(bold, True)}">{escape(text)}</font>'

    def _paragraph(self, text: str, style: Any, bold: bool = False) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(self._markup(text, bold), style)

    def _cell(self, text: str) -> tuple[str, bool]:
        """A table cell's text, and whether it takes the Arabic font."""
        visual = self._visual(text)
        return visual, any(_is_arabic(ch) for ch in visual)

    def _table(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        ends: Sequence[bool],
        *,
        header: bool,
        size: float,
        bold_rows: Sequence[int] = (),
    ) -> Any:
        """A table of plain texts; its columns run from the right in a right-to-left
        document, and texts that line up at the end still do."""
        from reportlab.platypus import Table, TableStyle

        order = list(range(len(widths)))
        if self.rtl:
            order.reverse()
        fonts = self.fonts
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), fonts.latin, size),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, (0.85, 0.85, 0.85)),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), (0.92, 0.92, 0.92)))
        bold = {0} if header else set()
        bold.update(bold_rows)
        style += [("FONTNAME", (0, y), (-1, y), fonts.latin_bold) for y in sorted(bold)]
        style += [
            ("ALIGN", (x, 0), (x, -1), "RIGHT")
            for x, index in enumerate(order)
            if ends[index] != self.rtl
        ]
        data: list[list[str]] = []
        for y, row in enumerate(rows):
            cells = []
            for x, index in enumerate(order):
                text, arabic = self._cell(row[index])
                cells.append(text)
                if arabic:
                    style.append(("FONTNAME", (x, y), (x, y), self._font(y in bold, True)))
            data.append(cells)
        table = Table(
            data,
            colWidths=[widths[i] for i in order],
            repeatRows=1 if header else 0,
            hAlign="LEFT" if self.rtl else "RIGHT",
        )
        table.setStyle(TableStyle(style))
        return table

    def write(self, path: Path) -> int:
        """Write the document at `path`; returns its page count."""
        from reportlab.lib.enums import TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm
        from reportlab.platypus import Image, SimpleDocTemplate, Spacer, Table, TableStyle

        doc = self.document
        start, end = (TA_RIGHT, TA_LEFT) if self.rtl else (TA_LEFT, TA_RIGHT)
        latin, bold = self.fonts.latin, self.fonts.latin_bold

        def style(name: str, font: str, size: float, alignment: int) -> ParagraphStyle:
            return ParagraphStyle(
                name, fontName=font, fontSize=size, leading=size * 1.35, alignment=alignment
            )

        title = style("title", bold, 20, end)
        number = style("number", bold, 11, end)
        name = style("name", bold, 12, start)
        detail = style("detail", latin, 8.5, start)
        caption = style("caption", bold, 7.5, start)
        inner = self.page_size[0] - 32 * mm

        # The heading: logo, the shop's lines; title, number and dates at the other side.
        logo = Image(BytesIO(doc.logo or b""), width=35 * mm, height=20 * mm, kind="proportional")
        shop = [
            self._paragraph(line, name if index == 0 else detail, index == 0)
            for index, line in enumerate(doc.shop_lines)
        ]
        facts = self._table(
            [[label, value] for label, value in doc.facts],
            [inner * 0.16, inner * 0.2],
            [False, True],
            header=False,
            size=8.5,
        )
        document = [
            self._paragraph(doc.title, title, True),
            self._paragraph(doc.number, number, True),
            facts,
        ]
        cells = [logo, shop, document]
        widths = [inner * 0.22, inner * 0.4, inner * 0.38]
        if self.rtl:
            cells.reverse()
            widths.reverse()
        heading = Table([cells], colWidths=widths)
        heading.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))

        customer = [
            self._paragraph(doc.customer_title, caption, True),
            *(
                self._paragraph(line, name if index == 0 else detail, index == 0)
                for index, line in enumerate(doc.customer_lines)
            ),
        ]

        total = sum(column.width for column in doc.columns)
        lines = self._table(
            [[column.title for column in doc.columns], *doc.lines],
            [inner * column.width / total for column in doc.columns],
            [column.align_end for column in doc.columns],
            header=True,
            size=9,
        )
        totals = self._table(
            [[label, value] for label, value, _bold in doc.totals],
            [inner * 0.24, inner * 0.18],
            [False, True],
            header=False,
            size=9,
            bold_rows=[index for index, row in enumerate(doc.totals) if row[2]],
        )
        story = [heading, Spacer(1, 5 * mm), *customer, Spacer(1, 5 * mm), lines]
        story += [Spacer(1, 6 * mm), totals]
        template = SimpleDocTemplate(
            str(path),
            pagesize=self.page_size,
            pageCompression=1,
            leftMargin=16 * mm,
            rightMargin=16 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title=f"{doc.title} {doc.number}",
            author=doc.author,
            lang=doc.language,
        )
        template.build(story)
        return int(template.page)


# -- measuring -------------------------------------------------------------------------------


def _timed(write: Callable[[], object]) -> float:
    gc.collect()  # neither side pays for the garbage the other left
    started = time.perf_counter()
    write()
    return time.perf_counter() - started


def _alternate(
    ours: Callable[[], object], bare: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """The medians of `rounds` timings of each, taken in turn after a warm-up."""
    for _ in range(3):  # code, fonts, the logo, the shop's pages in the cache
        ours()
        bare()
    mine, theirs = [], []
    for _ in range(rounds):
        mine.append(_timed(ours))
        theirs.append(_timed(bare))
    return statistics.median(mine), statistics.median(theirs)


def measure(work: Path, rounds: int) -> dict[str, float]:
    """invoice_pdf_ratio (English) and invoice_pdf_ratio_ar (Arabic) with their medians."""
    from reportlab.lib.pagesizes import A4, LETTER

    figures: dict[str, float] = {}
    shop, invoices = make_shop(work)
    with shop:
        for language, prefix, ratio in (
            ("en", "invoice_pdf", "invoice_pdf_ratio"),
            ("ar", "invoice_pdf_ar", "invoice_pdf_ratio_ar"),
        ):
            invoice_id = invoices[language]
            ours_path, bare_path = work / f"{language}.pdf", work / f"{language}_bare.pdf"
            document = captured_document(shop, invoice_id, ours_path)
            bare = BareInvoice(document, LETTER if document.page_size == "Letter" else A4)
            pages = shop.invoices.pdf(invoice_id, ours_path), bare.write(bare_path)
            if pages != (1, 1):  # the same page, or the comparison means nothing
                raise SystemExit(f"{language}: Duka wrote {pages[0]} pages, bare {pages[1]}")

            def ours(invoice_id: int = invoice_id, path: Path = ours_path) -> int:
                return shop.invoices.pdf(invoice_id, path)

            mine, theirs = _alternate(ours, partial(bare.write, bare_path), rounds)
            figures[ratio] = round(mine / theirs, 3)
            figures[f"{prefix}_ms"] = round(mine * 1000, 2)
            figures[f"{prefix}_bare_ms"] = round(theirs * 1000, 2)
    return figures
