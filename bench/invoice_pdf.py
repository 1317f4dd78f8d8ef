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
document Duka draws (captured untimed, without laying anything out), so both sides write the
same words.

Every round writes a DIFFERENT invoice on both sides, as a shop does: its own customer and
20 products that no other invoice of the run has (names drawn from a pool of brands, words
and sizes in the generator's scripts, thousands of combinations per language), with their
own quantities (weighed goods with decimals among them) and prices. So Duka's caches of
laid-out texts (`documents.text`, `documents.pdf_table`) hold only what real use would give
them: the shop's own lines, column titles, labels and the words and figures that recur from
invoice to invoice, never the invoice's cells as a whole. One invoice of its own is written
first on each side (code, fonts, the logo, the shop's pages in the cache).

Duka's page carries a little more than the bare one (the tax by rate, the payment terms, the
page number): that only makes the ratio stricter. The two are timed alternately in one
process; the figures are their medians and the ratio of the medians.
"""

from __future__ import annotations

import gc
import random
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
    from duka.core.customers import NewCustomer
    from duka.documents.invoice import InvoiceDocument
    from duka.services.shop import Shop

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
LINES = 20

# Product names are a brand, a product, sometimes a quality and a size, as the generator
# (bench/synth.py) makes them, from larger lists: tens of thousands of names per language.
ENGLISH_BRANDS = (
    "Amani",
    "Baraka",
    "Jua",
    "Neema",
    "Tumaini",
    "Zawadi",
    "Kilimo",
    "Pwani",
    "Mwangaza",
    "Upendo",
    "Fahari",
    "Tausi",
)
ENGLISH_WORDS = (
    "sugar",
    "rice",
    "maize flour",
    "wheat flour",
    "bar soap",
    "cooking oil",
    "tea leaves",
    "milk",
    "salt",
    "beans",
    "coffee",
    "mango juice",
    "biscuits",
    "candles",
    "matches",
    "bread",
    "eggs",
    "strawberry jam",
    "margarine",
    "toothpaste",
    "washing powder",
    "tomato paste",
    "spaghetti",
    "drinking water",
    "peanut butter",
    "honey",
    "green grams",
    "lentils",
    "cocoa",
    "baking powder",
    "sukari",
    "mchele",
    "unga wa ngano",
    "sabuni",
    "mafuta",
    "chai",
    "maziwa",
    "chumvi",
    "maharagwe",
    "mahindi",
)
ENGLISH_QUALITIES = ("", "", "", "white", "brown", "premium", "extra", "classic", "fresh")
ENGLISH_SIZES = (
    "100 g",
    "250 g",
    "500 g",
    "1 kg",
    "2 kg",
    "5 kg",
    "10 kg",
    "500 ml",
    "1 l",
    "3 l",
    "5 l",
    "x6",
    "x12",
    "x24",
    "family pack",
)
ARABIC_WORDS = (
    "سكر",
    "أرز",
    "دقيق",
    "صابون",
    "زيت طبخ",
    "شاي",
    "حليب",
    "ملح",
    "فول",
    "قهوة",
    "عدس",
    "معكرونة",
    "عسل",
    "تمر",
    "زبدة",
    "جبن",
    "بيض",
    "خبز",
    "عصير مانجو",
    "مربى",
    "بسكويت",
    "شموع",
    "كبريت",
    "معجون طماطم",
    "مسحوق غسيل",
    "معجون أسنان",
    "مياه شرب",
    "حمص",
    "برغل",
    "طحينة",
)
ARABIC_QUALITIES = (
    "",
    "",
    "ناعم",
    "أبيض",
    "أسمر",
    "ممتاز",
    "طازج",
    "بلدي",
    "فاخر",
    "عائلي",
    "اقتصادي",
)
ARABIC_SIZES = (
    "١٠٠ غ",
    "٢٥٠ غ",
    "٥٠٠ غ",
    "١ كغ",
    "٢ كغ",
    "٥ كغ",
    "٥٠٠ مل",
    "١ لتر",
    "٣ لتر",
    "٦ قطع",
    "١٢ قطعة",
    "علبة كبيرة",
)
ENGLISH_FIRST = ("Amina", "Otieno", "Wanjiru", "Fatuma", "Rajesh", "Grace", "Peter", "Mercy")
ENGLISH_LAST = ("Ochieng", "Hassan", "Patel", "Mugisha", "Achieng", "Kamau", "Njeri", "Mwangi")
ENGLISH_TRADES = ("Groceries Ltd", "Stores", "Wholesalers", "Mini Market", "& Sons", "Traders")
ENGLISH_TOWNS = ("Thika", "Nakuru", "Kisumu", "Eldoret", "Machakos", "Nyeri", "Meru")
ARABIC_FIRST = ("محمد", "فاطمة", "أحمد", "علي", "خديجة", "يوسف", "مريم", "حسن", "زينب", "عمر")
ARABIC_LAST = ("النور", "البركة", "الأمل", "السلام", "عبد الله", "الحسيني", "الكندي", "الشامي")
ARABIC_TRADES = ("شركة", "مؤسسة", "محلات", "بقالة", "مخازن")
ARABIC_TOWNS = ("مومباسا", "لامو", "ماليندي", "كيليفي", "نيروبي", "غاريسا")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


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


@dataclass(frozen=True, slots=True)
class _Item:
    """A product of the pool: its name, whether it is sold by weight, and its price."""

    name: str
    weighed: bool
    price_minor: int
    exempt: bool


def _items(language: str, count: int, rng: random.Random) -> list[_Item]:
    """`count` products with names no other product has, in `language`."""
    names: set[str] = set()
    items: list[_Item] = []
    while len(items) < count:
        weighed = rng.random() < 0.2
        if language == "en":
            parts = [rng.choice(ENGLISH_BRANDS), rng.choice(ENGLISH_QUALITIES)]
            parts.append(rng.choice(ENGLISH_WORDS))
            parts.append("(loose)" if weighed else rng.choice(ENGLISH_SIZES))
        else:
            parts = [rng.choice(ARABIC_WORDS), rng.choice(ARABIC_QUALITIES)]
            if rng.random() < 0.25:  # a brand written in Latin letters, as on the packet
                parts.append(rng.choice(ENGLISH_BRANDS))
            parts.append("(سائب)" if weighed else rng.choice(ARABIC_SIZES))
        name = " ".join(part for part in parts if part)
        name = name[0].upper() + name[1:]
        if name in names:
            continue
        names.add(name)
        shillings = rng.choice((rng.randint(20, 400), rng.randint(400, 15_000)))
        cents = rng.choice((0, 0, 0, 50, rng.randint(1, 99)))
        items.append(_Item(name, weighed, shillings * 100 + cents, rng.random() < 0.2))
    return items


def _customer(language: str, rng: random.Random) -> NewCustomer:
    from duka.core.customers import NewCustomer
    from duka.core.money import Money

    phone = f"+254 7{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
    tax_id = f"P{rng.randint(0, 999_999_999):09d}{rng.choice('ABCKNX')}"
    if language == "en":
        name = f"{rng.choice(ENGLISH_FIRST)} {rng.choice(ENGLISH_LAST)} "
        name += rng.choice(ENGLISH_TRADES)
        address = f"{rng.choice(ENGLISH_LAST)} Road {rng.randint(1, 240)}\n"
        address += rng.choice(ENGLISH_TOWNS)
    else:
        name = f"{rng.choice(ARABIC_TRADES)} {rng.choice(ARABIC_FIRST)} {rng.choice(ARABIC_LAST)}"
        street = str(rng.randint(1, 240)).translate(ARABIC_DIGITS)
        address = f"شارع {rng.choice(ARABIC_LAST)} {street}\n{rng.choice(ARABIC_TOWNS)}"
    return NewCustomer(
        name,
        Money.of("5000000", "KES"),
        phone,
        address=address,
        tax_id=tax_id,
        language=language,
    )


def make_shop(folder: Path, count: int, seed: int = 20) -> tuple[Shop, dict[str, list[int]]]:
    """A shop set up through the services, with `count` issued 20-line invoices for English
    and as many for Arabic customers, each to a customer of its own and with products no
    other invoice has; returns the open shop and the invoices' ids by language."""
    from duka.core import settings as spec
    from duka.core.access import Actor
    from duka.core.invoices import DocKind
    from duka.core.money import Money
    from duka.core.products import ProductDraft, Unit
    from duka.core.quantity import Quantity
    from duka.core.tax import TaxRate
    from duka.services.shop import Shop

    rng = random.Random(seed)
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
    invoices: dict[str, list[int]] = {}
    for language in ("en", "ar"):
        items = _items(language, count * LINES, rng)
        invoices[language] = []
        for first in range(0, len(items), LINES):
            customer = shop.customers.add(_customer(language, rng))
            lines = []
            for item in items[first : first + LINES]:
                price = Money(item.price_minor, "KES")
                draft = ProductDraft(
                    item.name,
                    price,
                    Money(price.minor * 7 // 10, "KES"),
                    unit=Unit.KILOGRAM if item.weighed else Unit.PIECE,
                    tax_code="E" if item.exempt else "S",
                )
                product_id = shop.products.add(draft, opening_stock=Quantity.of(5000))
                if item.weighed:
                    quantity = Quantity(
                        rng.choice((rng.randint(1, 40) * 250, rng.randint(100, 9999)))
                    )
                else:
                    quantity = Quantity.of(rng.choice((rng.randint(1, 6), rng.randint(1, 60))))
                product = shop.products.get(product_id)
                lines.append(shop.invoices.product_line(product, quantity))
            blank = shop.invoices.new_draft(DocKind.INVOICE, customer)
            draft_id = shop.invoices.save_draft(replace(blank, lines=tuple(lines)))
            invoices[language].append(shop.invoices.issue(draft_id).id)
    return shop, invoices


def captured_document(shop: Shop, invoice_id: int, target: Path) -> InvoiceDocument:
    """The texts Duka draws for `invoice_id`: the document its PDF is written from. Nothing
    is laid out or written, so Duka's caches of laid-out texts stay as they were."""
    from duka.documents import invoice

    found: list[InvoiceDocument] = []
    original = invoice.write_invoice

    def keep(path: Path, document: InvoiceDocument) -> int:
        found.append(document)
        return 1

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


def _timed(write: Callable[[], int]) -> tuple[float, int]:
    gc.collect()  # neither side pays for the garbage the other left
    started = time.perf_counter()
    pages = write()
    return time.perf_counter() - started, pages


def _alternate(pairs: Sequence[tuple[Callable[[], int], Callable[[], int]]]) -> tuple[float, float]:
    """The medians of the timings of each side, every pair a different invoice, taken in
    turn after the first pair (the warm-up: code, fonts, the logo, the shop's pages)."""
    mine, theirs = [], []
    for index, (ours, bare) in enumerate(pairs):
        ours_time, ours_pages = _timed(ours)
        bare_time, bare_pages = _timed(bare)
        if (ours_pages, bare_pages) != (1, 1):  # the same page, or the comparison means nothing
            raise SystemExit(f"invoice {index}: Duka wrote {ours_pages} pages, bare {bare_pages}")
        if index:
            mine.append(ours_time)
            theirs.append(bare_time)
    return statistics.median(mine), statistics.median(theirs)


def measure(work: Path, rounds: int) -> dict[str, float]:
    """invoice_pdf_ratio (English) and invoice_pdf_ratio_ar (Arabic) with their medians."""
    from reportlab.lib.pagesizes import A4, LETTER

    figures: dict[str, float] = {}
    shop, invoices = make_shop(work, rounds + 1)
    with shop:
        for language, prefix, ratio in (
            ("en", "invoice_pdf", "invoice_pdf_ratio"),
            ("ar", "invoice_pdf_ar", "invoice_pdf_ratio_ar"),
        ):
            ours_path, bare_path = work / f"{language}.pdf", work / f"{language}_bare.pdf"
            pairs = []
            for invoice_id in invoices[language]:
                document = captured_document(shop, invoice_id, ours_path)
                bare = BareInvoice(document, LETTER if document.page_size == "Letter" else A4)
                ours = partial(shop.invoices.pdf, invoice_id, ours_path)
                pairs.append((ours, partial(bare.write, bare_path)))
            mine, theirs = _alternate(pairs)
            figures[ratio] = round(mine / theirs, 3)
            figures[f"{prefix}_ms"] = round(mine * 1000, 2)
            figures[f"{prefix}_bare_ms"] = round(theirs * 1000, 2)
    return figures
