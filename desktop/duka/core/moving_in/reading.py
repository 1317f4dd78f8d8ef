"""Reading one product of a file: every field of its record checked, every problem said.

A problem names the file's own header and stops the row; a notice says what was done with a
value all the same (a code kept as the shop's own, a sale price taken where the row has no
regular price). Every problem of a row is reported at once, so a person fixing the file meets
one list, not one list after another.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from duka.core.barcodes import (
    Barcode,
    is_own_code,
    looks_scientific,
    normalise_barcode,
    restore_upc,
)
from duka.core.currency import currency_digits
from duka.core.errors import InvalidInput, UserError
from duka.core.money import MAX_MINOR, Money
from duka.core.moving_in.assemble import Record
from duka.core.moving_in.products import TAX_HEADER, Field
from duka.core.product_import import (
    PACK_MARK,
    ImportedRow,
    RowProblem,
    parse_category,
    parse_flag,
    parse_number,
    parse_unit_cell,
    resolve_tax,
)
from duka.core.products import Unit, parse_unit
from duka.core.quantity import Quantity
from duka.core.tax import TaxRate
from duka.core.variants import parse_options_text
from duka.i18n import N_

_PLAIN_AMOUNT = re.compile(r"(\d{1,13})(?:\.(\d*))?\Z", re.ASCII)
_TAX_FIELDS = frozenset(
    {Field.TAX, Field.TAX_BY_PERCENT, Field.TAX_PERCENT, Field.TAXABLE, Field.TAX_STATUS}
)
_ACTIVE_FIELDS = frozenset({Field.ACTIVE, Field.INACTIVE, Field.STATUS, Field.PUBLISHED})
# Loyverse and Square write the price asked at the sale as the word in the price column.
_PRICE_ASKED_WORDS = frozenset({"variable"})
_SHOPIFY_STATUS = {"active": True, "draft": False, "archived": False, "unlisted": True}
_WOO_PUBLISHED = {"1": True, "0": False, "-1": False}


_NOTHING = ImportedRow(0)  # replaced by the row as read before a ReadRow is returned


@dataclass(slots=True)
class ReadRow:
    row: ImportedRow  # with what could be read, also when a cell has a problem
    problems: list[RowProblem] = field(default_factory=list)
    notices: list[RowProblem] = field(default_factory=list)


class RecordReader:
    """Reads the records of one file with its decimal mark, currency and tax rates."""

    def __init__(
        self,
        mark: str,
        currency: str,
        rates: Sequence[TaxRate],
        known_codes: frozenset[str] = frozenset(),
        asked_by_word: bool = False,
    ) -> None:
        """`known_codes`: the shop's codes of 11 digits, which are kept as they are where a
        spreadsheet's lost leading zero would otherwise be restored; `asked_by_word`: the
        file's price column says "variable" for a price asked at the sale, so a number
        there makes the price fixed."""
        self._known = known_codes
        self._asked_by_word = asked_by_word  # the price column says "variable" for asked
        self._mark = mark
        self._currency = currency
        self._rates = rates
        taxed = [r for r in rates if not r.exempt and r.percent > 0]
        # "Taxable" with no rate named: the shop's standard rate, its highest
        self._standard = max(taxed, key=lambda r: r.percent) if taxed else None
        self._reduced = min(taxed, key=lambda r: r.percent) if taxed else None
        zero = [r for r in rates if not r.exempt and r.percent == 0]
        self._zero = zero[0] if zero else None
        self._digits = currency_digits(currency)
        self._single: tuple[tuple[str, Field, Callable[[str], object]], ...] = (
            ("name", Field.NAME, _tidy),
            ("sku", Field.SKU, self._sku),
            ("notes", Field.NOTES, str),
            ("cost", Field.COST, self._money),
            ("reorder_level", Field.REORDER_LEVEL, self._reorder),
            ("stock", Field.STOCK, self._quantity),
            ("parent", Field.VARIANT_OF, _tidy),
            ("options", Field.OPTIONS, parse_options_text),
        )

    def read(self, record: Record) -> ReadRow:
        values: dict[str, object] = {}
        out = ReadRow(_NOTHING)
        number = record.row
        for row, header, message, params in record.notices:
            out.notices.append(RowProblem(row, header, UserError(message, **params)))
        cells = record.values
        for name, which, parse in self._single:
            found = cells.get(which)
            if found:
                try:
                    values[name] = parse(found[0][1])
                except UserError as error:
                    out.problems.append(RowProblem(number, found[0][0], error))
        self._price(record, values, out)
        if Field.BARCODE in cells:
            self._codes(record, values, out)
        if Field.CATEGORY in cells or Field.CATEGORY_ALT in cells:
            self._category(record, values, out)
        if Field.UNIT in cells or Field.SOLD_BY_WEIGHT in cells:
            self._unit(record, values, out)
        if not _TAX_FIELDS.isdisjoint(cells):
            self._tax(record, values, out)
        if not _ACTIVE_FIELDS.isdisjoint(cells):
            self._active(record, values, out)
        out.row = ImportedRow(number, **values)  # type: ignore[arg-type]
        return out

    # -- single cells ------------------------------------------------------------------

    def _sku(self, text: str) -> str:
        if looks_scientific(text):
            raise InvalidInput(_SCIENTIFIC, code=text)
        return _tidy(text)

    def _money(self, text: str) -> Money:
        plain = _PLAIN_AMOUNT.match(text) if self._mark == "." else None
        if plain is not None:
            # most cells of a big file: "1234.50", read without Decimal
            whole, fraction = plain.group(1), plain.group(2) or ""
            if len(fraction) <= self._digits:
                scale = 10**self._digits
                minor = int(whole) * scale + int(fraction.ljust(self._digits, "0") or 0)
                if minor <= MAX_MINOR:
                    return Money(minor, self._currency)
        amount = Money.of(parse_number(text, self._mark), self._currency)
        if amount.minor < 0:
            raise InvalidInput(N_("A price cannot be negative."))
        return amount

    def _reorder(self, text: str) -> Quantity:
        level = Quantity.of(parse_number(text, self._mark))
        if level.milli < 0:
            raise InvalidInput(N_("A reorder level cannot be negative."))
        return level

    def _quantity(self, text: str) -> Quantity:
        if text.isdigit() and text.isascii() and len(text) < 7:
            return Quantity(int(text) * 1000)  # a count of whole units, most of the time
        return Quantity.of(parse_number(text, self._mark))

    # -- fields read from several columns ---------------------------------------------

    def _price(self, record: Record, values: dict[str, object], out: ReadRow) -> None:
        asked = record.first(Field.PRICE_ASKED)
        if asked is not None:
            try:
                values["price_asked"] = parse_flag(asked[1])
            except UserError as error:
                out.problems.append(RowProblem(record.row, asked[0], error))
        cell = record.first(Field.PRICE)
        if cell is not None and cell[1].casefold() in _PRICE_ASKED_WORDS:
            values["price_asked"] = True
            values["price"] = Money.zero(self._currency)
            return
        if cell is not None and asked is None and self._asked_by_word:
            values["price_asked"] = False  # a number where "variable" could be: a fixed price
        if cell is None:
            for which, said in (
                (Field.STORE_PRICE, _STORE_PRICE_USED),
                (Field.SALE_PRICE, _SALE_PRICE_USED),
                (Field.COMPUTED_PRICE, _COMPUTED_PRICE_USED),
            ):
                fallback = record.first(which)
                if fallback is None:
                    continue
                try:
                    amount = self._money(fallback[1])
                except UserError:
                    continue
                if which is Field.COMPUTED_PRICE and not amount.minor:
                    continue  # Odoo exports its computed price as 0.0: not a price at all
                cell = fallback
                out.notices.append(RowProblem(record.row, fallback[0], UserError(said)))
                break
        if cell is None:
            if values.get("price_asked"):
                values["price"] = Money.zero(self._currency)
            return
        try:
            values["price"] = self._money(cell[1])
        except UserError as error:
            out.problems.append(RowProblem(record.row, cell[0], error))

    def _codes(self, record: Record, values: dict[str, object], out: ReadRow) -> None:
        cells = record.values.get(Field.BARCODE)
        if not cells:
            return
        codes: list[Barcode] = []
        for header, text in cells:
            # a spreadsheet keeps leading zeros when the cell is typed with an apostrophe
            text = text.removeprefix("'")
            if text.isdigit() and text.isascii():  # one plain code: most files
                codes.append(self._code(text, Quantity(1000), header, record, out))
                continue
            if looks_scientific(text):
                out.problems.append(
                    RowProblem(record.row, header, InvalidInput(_SCIENTIFIC, code=text))
                )
                continue
            for part in re.split(r"[|,;]", text):
                if not part.strip():
                    continue
                code, _, pack = part.partition(PACK_MARK)
                try:
                    quantity = (
                        Quantity.of(parse_number(pack, ".")) if pack.strip() else Quantity(1000)
                    )
                except UserError as error:
                    out.problems.append(RowProblem(record.row, header, error))
                    continue
                codes.append(self._code(normalise_barcode(code), quantity, header, record, out))
        values["barcodes"] = tuple(codes)

    def _code(
        self, code: str, quantity: Quantity, header: str, record: Record, out: ReadRow
    ) -> Barcode:
        if not code.isdigit() or not code.isascii():
            return Barcode(code, quantity)
        restored = restore_upc(code) if code not in self._known else None
        if restored is not None:
            out.notices.append(
                RowProblem(
                    record.row, header, UserError(_UPC_RESTORED, code=code, restored=restored)
                )
            )
            return Barcode(restored, quantity)
        if is_own_code(code):
            out.notices.append(RowProblem(record.row, header, UserError(_OWN_CODE, code=code)))
            return Barcode(code, quantity, own=True)
        return Barcode(code, quantity)

    def _category(self, record: Record, values: dict[str, object], out: ReadRow) -> None:
        cell = record.first(Field.CATEGORY) or record.first(Field.CATEGORY_ALT)
        if cell is None:
            return
        text = cell[1]
        if ("," in text and ">" in text) or record.first(Field.ROW_TYPE) is not None:
            # WooCommerce lists several categories, "Clothing > Hoodies, Clothing": the
            # first is the product's (a comma inside a name is written "\,").
            text = re.split(r"(?<!\\),", text)[0].replace("\\,", ",")
        values["category"] = parse_category(text)

    def _unit(self, record: Record, values: dict[str, object], out: ReadRow) -> None:
        cell = record.first(Field.UNIT)
        if cell is not None:
            try:
                values["unit"] = _unit(cell[1])
            except UserError as error:
                out.problems.append(RowProblem(record.row, cell[0], error))
            return
        weighed = record.first(Field.SOLD_BY_WEIGHT)
        if weighed is not None:
            try:
                values["unit"] = parse_unit_cell(weighed[1])
            except UserError as error:
                out.problems.append(RowProblem(record.row, weighed[0], error))

    def _tax(self, record: Record, values: dict[str, object], out: ReadRow) -> None:
        found: list[tuple[str, str]] = []  # (header, code); "" is "no tax"
        said = False
        for header, text in record.values.get(Field.TAX, []):
            said = True
            # Odoo joins a product's taxes in one cell: "VAT 16%,Excise 20%" (a comma
            # before a digit is a decimal comma: "16,5%")
            for name in re.split(r",(?!\d)", text):
                if not name.strip():
                    continue
                try:
                    found.append((header, self._rate_named(name)))
                except UserError as error:
                    out.problems.append(RowProblem(record.row, header, error))
        for header, text in record.values.get(Field.TAX_BY_PERCENT, []):
            said = True
            try:
                if not parse_flag(text):
                    continue
                match = TAX_HEADER.match(header)
                assert match is not None
                found.append((header, self._rate_of_percent(match.group(1))))
            except UserError as error:
                out.problems.append(RowProblem(record.row, header, error))
        zero: list[tuple[str, str]] = []  # a 0% cell counts where no other rate is named
        for header, text in record.values.get(Field.TAX_PERCENT, []):
            said = True
            try:
                percent = text.replace("%", "")
                (found if parse_number(percent, self._mark) else zero).append(
                    (header, self._rate_of_percent(percent))
                )
            except UserError as error:
                out.problems.append(RowProblem(record.row, header, error))
        for header, text in record.values.get(Field.TAXABLE, []):
            said = True
            try:
                found.append((header, self._standard_code(header) if parse_flag(text) else ""))
            except UserError as error:
                out.problems.append(RowProblem(record.row, header, error))
        status = record.first(Field.TAX_STATUS)
        if status is not None:
            said = True
            tax_class = record.first(Field.TAX_CLASS)
            try:
                taxable = self._woo_taxable(status[1])
            except UserError as error:
                out.problems.append(RowProblem(record.row, status[0], error))
            else:
                try:
                    code = self._woo_class(tax_class[1] if tax_class else "") if taxable else ""
                    found.append((tax_class[0] if tax_class else status[0], code))
                except UserError as error:
                    header = tax_class[0] if tax_class else status[0]
                    out.problems.append(RowProblem(record.row, header, error))
        codes = list(dict.fromkeys(code for _h, code in found if code))
        if not codes:
            codes = list(dict.fromkeys(code for _h, code in zero if code))[:1]
        if len(codes) > 1:
            header = next(h for h, c in found if c == codes[1])
            out.problems.append(
                RowProblem(record.row, header, InvalidInput(_TWO_TAXES, taxes=", ".join(codes)))
            )
        elif codes:
            values["tax_code"] = codes[0]
        elif said and not out.problems:
            values["tax_code"] = ""  # the file says: no tax

    def _rate_named(self, text: str) -> str:
        try:
            return resolve_tax(text, self._rates)
        except UserError:
            percent = re.search(r"(\d+(?:[.,]\d+)?)\s*[%\u066a]", text)
            if percent is None:
                raise
            return self._rate_of_percent(percent.group(1))

    def _rate_of_percent(self, text: str) -> str:
        percent = parse_number(text.strip(), "," if "," in text and "." not in text else ".")
        if not percent:
            # 0%: the shop's zero rate if it has one, else no tax at all
            return self._zero.code if self._zero is not None else ""
        for rate in self._rates:
            if not rate.exempt and rate.percent == percent:
                return rate.code
        raise InvalidInput(_NO_RATE_OF, percent=format(percent.normalize(), "f") + "%")

    def _standard_code(self, header: str) -> str:
        if self._standard is None:
            raise InvalidInput(_NO_STANDARD)
        return self._standard.code

    def _woo_taxable(self, status: str) -> bool:
        key = status.strip().casefold()
        if key in ("none", "shipping"):
            return False
        if key != "taxable":
            raise InvalidInput(N_("“{text}” is not a tax status (taxable, shipping or none)."),
                               text=status)  # fmt: skip
        return True

    def _woo_class(self, tax_class: str) -> str:
        """WooCommerce's tax class: its standard rate, a reduced one, zero, or a class the
        shop names itself."""
        which = tax_class.strip().casefold()
        if which in ("", "standard", "parent"):
            return self._standard_code("")
        if which == "reduced-rate":
            if self._reduced is None or self._reduced is self._standard:
                raise InvalidInput(_NO_REDUCED)
            return self._reduced.code
        if which == "zero-rate":
            return self._zero.code if self._zero is not None else ""
        for rate in self._rates:
            if which in (rate.code.casefold(), rate.name.casefold()):
                return rate.code
        raise InvalidInput(N_("The shop has no tax rate “{tax}”."), field="tax", tax=tax_class)

    def _active(self, record: Record, values: dict[str, object], out: ReadRow) -> None:
        for which, read in (
            (Field.ACTIVE, parse_flag),
            (Field.INACTIVE, lambda text: not parse_flag(text)),
            (Field.STATUS, _status),
            (Field.PUBLISHED, _published),
        ):
            cell = record.first(which)
            if cell is None:
                continue
            try:
                values["active"] = read(cell[1])
            except UserError as error:
                out.problems.append(RowProblem(record.row, cell[0], error))
            return


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _unit(text: str) -> Unit:
    """A unit as other systems write it: "Units", "Unit(s)", "kg (0.001)", "Kilogram (kg)"."""
    key = re.sub(r"\s*\(.*?\)\s*$", "", text.strip())
    return parse_unit(key or text)


def _status(text: str) -> bool:
    key = text.strip().casefold()
    if key in _SHOPIFY_STATUS:
        return _SHOPIFY_STATUS[key]
    return parse_flag(text)


def _published(text: str) -> bool:
    key = text.strip()
    if key in _WOO_PUBLISHED:
        return _WOO_PUBLISHED[key]
    return parse_flag(text)


_SCIENTIFIC = N_(
    "A spreadsheet turned this barcode into a number and lost digits: “{code}”. Export it "
    "again with the column as text, or type the code."
)
_UPC_RESTORED = N_("{code} lost its leading zero in a spreadsheet: imported as {restored}.")
_OWN_CODE = N_(
    "{code} is not an EAN or UPC (its check digit does not match): kept as the shop's own code."
)
_SALE_PRICE_USED = N_("The row has no regular price: its sale price is taken as the price.")
_COMPUTED_PRICE_USED = N_("The row has no sales price: its computed price is taken as the price.")
_STORE_PRICE_USED = N_("The row has no default price: the store's price is taken as the price.")
_TWO_TAXES = N_("Duka charges one tax rate on a product; this row names several: {taxes}.")
_NO_RATE_OF = N_("The shop has no tax rate of {percent}. Add it in Settings, or change the file.")
_NO_REDUCED = N_(
    "The file asks for a reduced tax rate, and the shop has none below its standard rate. "
    "Add it in Settings, or change the file."
)
_NO_STANDARD = N_("The product is taxable, but the shop has no tax rate. Add one in Settings.")
