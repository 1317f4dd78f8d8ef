"""A completed sale read back, and its receipt in the language on screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from duka.core.access import Permission, shown_actor_name
from duka.core.currency import currency_digits
from duka.core.errors import InvalidInput, NotFound, PrinterUnavailable
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod
from duka.core.settings import (
    ADDRESS,
    MPESA_ACCOUNT,
    PHONE,
    RECEIPT_WIDTH,
    TAX_ID,
)
from duka.core.tax import TaxMode, TaxRate, rate_tax
from duka.i18n import N_, _
from duka.services.access_rules import require
from duka.services.clock import days_between
from duka.services.context import Context
from duka.services.printing import (
    document_formats,
    mobile_money_lines,
    right_to_left,
    shop_name,
)
from duka.services.settings import SettingsService
from duka.store import promotions_repo, sales_repo

if TYPE_CHECKING:
    from duka.documents.receipt import ReceiptData


@dataclass(frozen=True, slots=True)
class SaleRecord:
    id: int
    header: sales_repo.SaleHeader
    lines: list[sales_repo.SaleLineRow]
    taxes: list[sales_repo.TaxRow]
    payments: list[sales_repo.PaymentRow]


class ReceiptService:
    def __init__(self, context: Context, settings: SettingsService) -> None:
        self._ctx = context
        self._settings = settings

    def sale(self, number: str) -> SaleRecord:
        db = self._ctx.db
        sale_id = sales_repo.sale_id(db, number.strip().upper())
        header = sales_repo.header(db, sale_id) if sale_id is not None else None
        if sale_id is None or header is None:
            raise NotFound(N_("There is no sale number {number}."), number=number)
        return SaleRecord(
            sale_id,
            header,
            sales_repo.lines(db, sale_id),
            sales_repo.taxes(db, sale_id),
            sales_repo.payments(db, sale_id),
        )

    def last_number(self) -> str | None:
        found = sales_repo.last_sale(self._ctx.db)
        return found[1] if found else None

    def receipt(self, number: str) -> ReceiptData:
        """The receipt of sale `number`, worded and formatted for the language on screen."""
        from duka.documents.receipt import ReceiptData, ReceiptLine

        record = self.sale(number)
        sale = record.header
        settings = self._settings.load()
        formats = document_formats(settings)
        currency = sale.currency

        def money(minor: int) -> str:
            return formats.money(Money(minor, currency).amount, currency)

        def plain(minor: int) -> str:
            return formats.number(Money(minor, currency).amount, currency_digits(currency))

        def line_amount(line: sales_repo.SaleLineRow) -> int:
            price = Money(line.unit_price, currency)
            return price.times(Quantity(line.quantity).value).minor - line.discount

        promotions = promotions_repo.names(
            self._ctx.db, [line.promotion_id for line in record.lines if line.promotion_id]
        )
        lines = []
        for line in record.lines:
            quantity = formats.quantity(Quantity(line.quantity).value)
            unit = "" if line.unit == "piece" else f" {_(line.unit)}"
            notes = []
            if line.unit_price != line.list_price:
                notes.append(_("price changed from {price}").format(price=plain(line.list_price)))
            if line.discount - line.promotion_saving:  # the cashier's own
                notes.append(
                    _("discount {amount}").format(
                        amount=plain(-(line.discount - line.promotion_saving))
                    )
                )
            if line.promotion_id is not None and line.promotion_saving:
                notes.append(
                    _("{promotion}: you save {amount}").format(
                        promotion=promotions.get(line.promotion_id, ""),
                        amount=plain(line.promotion_saving),
                    )
                )
            lines.append(
                ReceiptLine(
                    line.name,
                    f"{quantity}{unit} × {plain(line.unit_price)}",
                    plain(line_amount(line)),
                    ", ".join(notes),
                )
            )
        subtotal = sum(line_amount(line) for line in record.lines)
        totals = [(_("Subtotal"), money(subtotal))]
        if sale.discount:
            totals.append((_("Discount"), money(-sale.discount)))
        saved = sum(line.promotion_saving for line in record.lines)
        if saved:
            totals.append((_("You saved"), money(saved)))
        if sale.mode == "exclusive":
            totals.append((_("Tax"), money(sale.tax)))
        taxes = []
        for rate in record.taxes:
            if rate.exempt or not rate.tax:
                continue
            taxes.append(
                (
                    _("{name} on {net}").format(name=rate.name, net=plain(rate.net)),
                    money(rate.tax),
                )
            )
        if sale.mode == "inclusive" and sale.tax:
            taxes.append((_("Tax included"), money(sale.tax)))
        payments = []
        for payment in record.payments:
            label = _(PaymentMethod(payment.method).label)
            if payment.provider:
                label = f"{label} ({payment.provider})"
            if payment.reference:
                label = f"{label} {payment.reference}"
            shown = payment.tendered if payment.method == "cash" else payment.amount
            payments.append((label, money(shown)))
        if sale.rounding:
            payments.append((_("Cash rounding"), money(sale.rounding)))
        if sale.change:
            payments.append((_("Change given"), money(sale.change)))
        moment = dt.datetime.fromisoformat(sale.at).astimezone()
        header = [line for line in str(settings[ADDRESS]).splitlines() if line.strip()]
        if settings[PHONE]:
            header.append(str(settings[PHONE]))
        if settings[TAX_ID]:
            header.append(_("Tax number: {number}").format(number=settings[TAX_ID]))
        return ReceiptData(
            shop_name=shop_name(settings),
            header=header,
            title=_("Receipt {number}").format(number=sale.number),
            meta=[
                formats.datetime(moment, "short"),
                _("Cashier: {name}").format(name=shown_actor_name(sale.actor)),
            ],
            lines=lines,
            totals=totals,
            total=(_("Total"), money(sale.gross)),
            taxes=taxes,
            payments=payments,
            footer=[
                *mobile_money_lines(settings, str(settings[MPESA_ACCOUNT]) or sale.number),
                _("Thank you!"),
            ],
            number=sale.number,
            rtl=right_to_left(),
            width_mm=int(settings[RECEIPT_WIDTH]),
        )

    def receipt_escpos(
        self,
        number: str,
        painter: Callable[[ReceiptData], bytes] | None = None,
        open_drawer: bool = False,
    ) -> bytes:
        """The receipt as ESC/POS printer bytes: text when the printer can print every
        text itself, else the picture `painter` makes of it (PNG bytes; the interface paints
        it with Qt, which shapes every script)."""
        return self.printer_bytes(self.receipt(number), painter, open_drawer)

    def test_page(self) -> ReceiptData:
        """A short receipt for trying a printer: the shop's name and a line in the script
        of the language on screen."""
        from duka.documents.receipt import ReceiptData, ReceiptLine

        settings = self._settings.load()
        return ReceiptData(
            shop_name=shop_name(settings),
            header=[],
            title=_("Printer test"),
            meta=[],
            lines=[ReceiptLine(_("This line is printed in your language."), "1 × 1.00", "1.00")],
            totals=[],
            total=(_("Total"), "1.00"),
            taxes=[],
            payments=[],
            footer=[_("Thank you!")],
            number="TEST",
            rtl=right_to_left(),
            width_mm=int(settings[RECEIPT_WIDTH]),
        )

    def printer_bytes(
        self,
        data: ReceiptData,
        painter: Callable[[ReceiptData], bytes] | None,
        open_drawer: bool = False,
    ) -> bytes:
        from duka.documents.escpos import fits_text_mode, receipt_bytes

        if fits_text_mode(data) or painter is None:
            if not fits_text_mode(data):
                raise InvalidInput(
                    N_("This receipt's script needs a picture, and nothing can paint one here.")
                )
            return receipt_bytes(data, open_drawer=open_drawer)
        return receipt_bytes(data, raster_png=painter(data), open_drawer=open_drawer)

    def send(self, payload: bytes, kind: str, target: str) -> None:
        """Hand printer bytes to this computer's receipt printer. Touches no database, so
        the window can run it in the background; PrinterUnavailable says why it failed."""
        from duka.documents.escpos import PRINTER_KINDS, send_to_printer

        if kind not in PRINTER_KINDS or not (target.strip() or kind == "windows"):
            raise PrinterUnavailable(N_("No receipt printer is chosen for this computer."))
        try:
            send_to_printer(kind, target, payload)
        except Exception as error:
            raise PrinterUnavailable(
                N_("The receipt printer did not print: {reason}"),
                reason=str(error) or type(error).__name__,
            ) from error

    def receipt_pdf(self, number: str, path: Path) -> None:
        from duka.documents.receipt import write_receipt

        write_receipt(Path(path), self.receipt(number))

    def export_sales(self, path: Path, first: dt.date | None, last: dt.date | None) -> int:
        """Every sale line of the days `first` to `last` (local dates, both included) as
        CSV for other programs: ISO dates, "." decimals, no byte-order mark. Returns how
        many lines were written."""
        from duka.documents.tables import write_csv

        require(self._ctx, Permission.EXPORT_DATA)
        since, until = days_between(first, last)
        written = 0
        currency = self._settings.currency()

        def rows() -> Iterator[list[str]]:
            nonlocal written
            for row in sales_repo.export_lines(self._ctx.db, since, until):
                number, at, actor, customer, mode, product, name, unit = row[:8]
                quantity, unit_price, discount, amount, tax_code, percent = row[8:]
                gross = amount
                if mode == "exclusive" and percent:
                    rate = TaxRate(str(tax_code), str(tax_code), Decimal(percent))
                    gross += rate_tax(Money(amount, currency), rate, TaxMode.EXCLUSIVE).minor
                moment = dt.datetime.fromisoformat(at).astimezone()
                written += 1
                yield [
                    number,
                    moment.date().isoformat(),
                    moment.time().isoformat(timespec="seconds"),
                    actor,
                    "" if customer is None else str(customer),
                    str(product),
                    name,
                    f"{Quantity(quantity).value:f}",
                    unit,
                    str(Money(unit_price, currency).amount),
                    str(Money(discount, currency).amount),
                    str(Money(gross, currency).amount),
                    tax_code or "",
                ]

        write_csv(Path(path), SALES_COLUMNS, rows(), bom=False)
        return written


SALES_COLUMNS = (
    "number",
    "date",
    "time",
    "cashier",
    "customer_id",
    "product_id",
    "product",
    "quantity",
    "unit",
    "unit_price",
    "discount",
    "gross",
    "tax_code",
)
