"""A sale being built at the counter (the cart), and how it is paid.

The cart is immutable: every change makes a new cart, which the checkout service saves as it
is built, so a power cut loses nothing and the screen can always show exactly what is saved.
Totals come from `core.tax.document_totals`: each line rounded once, the cart discount
allocated over the lines, tax once per rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal
from enum import Enum
from typing import Any

from duka.core.errors import InvalidInput
from duka.core.money import Money, total
from duka.core.pricing import PriceSource, by_rule
from duka.core.products import Unit, check_quantity
from duka.core.quantity import Quantity
from duka.core.tax import DocumentTotals, TaxLine, TaxMode, TaxRate, document_totals
from duka.i18n import N_

MAX_LINES = 500
MAX_QUANTITY = Quantity.of(100_000)


class PaymentMethod(Enum):
    CASH = "cash"
    CARD = "card"
    MOBILE = "mobile"  # mobile money: M-Pesa, bKash, UPI, Pix...
    ACCOUNT = "account"  # on the customer's account: what they owe the shop
    EXCHANGE = "exchange"  # goods brought back, in an exchange: their value pays

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.CARD: N_("Card"),
    PaymentMethod.MOBILE: N_("Mobile money"),
    PaymentMethod.ACCOUNT: N_("On account"),
    PaymentMethod.EXCHANGE: N_("Goods brought back"),
}


@dataclass(frozen=True, slots=True)
class LinePromotion:
    """The promotion a line gets (core/promotions.py chooses it) and what it saves there;
    taken off the line before tax, as a line discount is."""

    id: int
    name: str
    saving: Money


@dataclass(frozen=True, slots=True)
class CartLine:
    """One line of the sale being built: the product, how many, at what price."""

    product_id: int
    name: str
    unit: Unit
    quantity: Quantity
    unit_price: Money  # what is charged per unit (the list price unless changed at the till)
    list_price: Money  # the product's price when it was added
    rate: TaxRate | None
    discount: Money | None = None  # off this line, in the prices' mode
    # Set when the price was asked at the sale (a product without a fixed price): the
    # product's suggested price then (zero for none). The price typed is the line's list
    # price too, so receipts and reports see an ordinary line.
    suggested: Money | None = None
    promotion: LinePromotion | None = None
    promotion_removed: bool = False  # a manager took the promotion off this line

    @property
    def saving(self) -> Money | None:
        return self.promotion.saving if self.promotion is not None else None

    # The batch the cashier picked (a product keeping batches); None: the first to expire.
    batch_id: int | None = None
    # Which list and quantity break gave the list price (core/pricing.py); None for a price
    # not from the lists (a scale's price label, a cart saved before price lists).
    source: PriceSource | None = None

    @property
    def overridden(self) -> bool:
        return self.unit_price != self.list_price

    @property
    def asked(self) -> bool:
        return self.suggested is not None

    @property
    def list_amount(self) -> Money:
        return self.list_price.times(self.quantity.value)

    @property
    def limit_base(self) -> Money:
        """What a cut below is measured from for a cashier's limit: the list price, or for
        a price asked at the sale the suggestion (nothing to measure from without one)."""
        if self.suggested is not None:
            return self.suggested.times(self.quantity.value)
        return self.list_amount

    def at_asked_price(self, price: Money) -> CartLine:
        """This line at `price`, typed at the sale for a product without a fixed price."""
        if price.minor <= 0:
            raise InvalidInput(N_("Type a price above zero."), field="price")
        if price.currency != self.list_price.currency:
            raise InvalidInput(N_("Amounts must be in the shop's currency."), field="price")
        suggested = self.suggested if self.suggested is not None else self.list_price
        return replace(self, unit_price=price, list_price=price, suggested=suggested).checked()

    def amount(self) -> Money:
        """Quantity x price - discount, rounded once."""
        return self.tax_line().amount()

    def tax_line(self) -> TaxLine:
        return TaxLine(self.quantity, self.unit_price, self.rate, self.taken_off())

    def taken_off(self) -> Money | None:
        """The cashier's discount and the promotion's saving together (None: neither)."""
        if self.promotion is None:
            return self.discount
        if self.discount is None:
            return self.promotion.saving
        return self.discount + self.promotion.saving

    def checked(self) -> CartLine:
        """This line, or InvalidInput saying what cannot be sold this way."""
        if self.quantity.milli <= 0:
            raise InvalidInput(N_("A quantity sold must be more than zero."), field="quantity")
        if self.quantity.milli > MAX_QUANTITY.milli:
            raise InvalidInput(
                N_("A quantity sold can be at most {limit}."), field="quantity", limit="100000"
            )
        check_quantity(self.quantity, self.unit, N_("A quantity sold"))
        if self.unit_price.minor < 0:
            raise InvalidInput(N_("A price cannot be negative."), field="price")
        off = self.taken_off()
        if off is not None:
            gross = self.unit_price.times(self.quantity.value)
            if off.minor < 0 or off > gross:
                raise InvalidInput(
                    N_("A discount cannot be negative or more than the line."), field="discount"
                )
        return self


def lowest_within(suggested: Money, limit_percent: Decimal | int) -> Money | None:
    """The lowest price a cashier may type alone for a price asked at the sale, when its
    suggestion is `suggested` and cuts up to `limit_percent` need no approval (the rule of
    `Cart.discount_percent`); None when there is no suggestion: any price above zero."""
    if suggested.minor <= 0:
        return None
    floor = Decimal(suggested.minor) * (100 - Decimal(limit_percent)) / 100
    lowest = int(floor.to_integral_value(rounding=ROUND_CEILING))  # up: never below the limit
    return Money(max(1, lowest), suggested.currency)


@dataclass(frozen=True, slots=True)
class TradeIn:
    """Goods from an earlier sale brought back in exchange: their value pays this sale."""

    sale_number: str
    lines: tuple[tuple[int, int, bool], ...]  # (sale line id, quantity in thousandths, restock)
    credit: Money  # what they are worth (worked out again when the sale completes)

    def wanted(self) -> dict[int, tuple[Quantity, bool]]:
        return {line: (Quantity(milli), restock) for line, milli, restock in self.lines}


@dataclass(frozen=True, slots=True)
class Cart:
    """The sale being built at the counter, before it is paid."""

    currency: str
    mode: TaxMode
    lines: tuple[CartLine, ...] = ()
    discount: Money | None = None  # off the whole cart, shared over the lines
    customer_id: int | None = None
    trade_in: TradeIn | None = None
    price_list_id: int | None = None  # the chosen customer's price list (None: retail)

    # -- changes (each returns a new cart) ------------------------------------------------

    def add(self, line: CartLine) -> tuple[Cart, int]:
        """The cart with `line` added, and the index of the line that holds it: scanning
        the same product again adds to its line when nothing about that line was changed."""
        line.checked()
        for index, old in enumerate(self.lines):
            same = (
                old.product_id == line.product_id
                and (old.unit_price == line.unit_price or _both_by_rule(old, line))
                and old.discount is None
                and line.discount is None
                and old.rate == line.rate
                and old.suggested == line.suggested
                and not old.promotion_removed
                and old.batch_id == line.batch_id
            )
            if same:
                merged = replace(old, quantity=old.quantity + line.quantity).checked()
                return self.replaced(index, merged), index
        if len(self.lines) >= MAX_LINES:
            raise InvalidInput(N_("A sale can have at most {limit} lines."), limit=MAX_LINES)
        return replace(self, lines=(*self.lines, line)), len(self.lines)

    def replaced(self, index: int, line: CartLine) -> Cart:
        lines = list(self.lines)
        if line.promotion is not None and line != lines[index]:
            # Changed at the till: its promotion is worked out again (core/promotions.py).
            line = replace(line, promotion=None)
        lines[index] = line.checked()
        return replace(self, lines=tuple(lines))._checked_discount()

    def without(self, index: int) -> Cart:
        lines = self.lines[:index] + self.lines[index + 1 :]
        cart = replace(self, lines=lines)
        return cart if lines else replace(cart, discount=None)

    def with_discount(self, discount: Money | None) -> Cart:
        return replace(self, discount=discount or None)._checked_discount()

    def with_customer(self, customer_id: int | None) -> Cart:
        return replace(self, customer_id=customer_id)

    def with_trade_in(self, trade_in: TradeIn | None) -> Cart:
        return replace(self, trade_in=trade_in)

    def to_pay(self, totals: DocumentTotals | None = None) -> Money:
        """What is left to pay once goods brought back are counted (negative: to give back);
        `totals` when the caller has worked them out already."""
        gross = (totals or self.totals()).gross
        return gross - self.trade_in.credit if self.trade_in is not None else gross

    def _checked_discount(self) -> Cart:
        if self.discount is not None:
            subtotal = total((line.amount() for line in self.lines), self.currency)
            if self.discount.minor < 0 or self.discount > subtotal:
                raise InvalidInput(
                    N_("A discount cannot be negative or more than the total."), field="discount"
                )
        return self

    # -- what it comes to -----------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        return not self.lines and self.trade_in is None

    def totals(self) -> DocumentTotals:
        return document_totals(
            [line.tax_line() for line in self.lines], self.mode, self.currency, self.discount
        )

    def item_count(self) -> Quantity:
        """How many items: pieces counted, each weighed line counted once."""
        milli = sum(line.quantity.milli if not line.unit.measured else 1000 for line in self.lines)
        return Quantity(milli)

    def discount_percent(self) -> Decimal:
        """The largest cut below list prices (a price asked at the sale: below its
        suggestion) on any line or the whole cart, in percent (what a cashier's discount
        limit is compared with)."""
        worst = Decimal(0)
        for line in self.lines:
            listed = line.limit_base
            if listed.minor > 0:
                # A promotion's saving is the shop's, not the cashier's: not counted.
                saving = line.saving.minor if line.saving is not None else 0
                cut = listed.minor - line.amount().minor - saving
                worst = max(worst, Decimal(cut) * 100 / listed.minor)
        if self.discount is not None:
            subtotal = total((line.amount() for line in self.lines), self.currency)
            if subtotal.minor > 0:
                worst = max(worst, Decimal(self.discount.minor) * 100 / subtotal.minor)
        return worst

    def price_changed(self) -> bool:
        return any(line.overridden for line in self.lines)

    # -- saving ---------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "mode": self.mode.value,
            "discount": self.discount.minor if self.discount is not None else None,
            "customer_id": self.customer_id,
            **({"price_list_id": self.price_list_id} if self.price_list_id is not None else {}),
            "trade_in": None
            if self.trade_in is None
            else {
                "sale": self.trade_in.sale_number,
                "lines": [list(line) for line in self.trade_in.lines],
                "credit": self.trade_in.credit.minor,
            },
            "lines": [
                {
                    "product_id": line.product_id,
                    "name": line.name,
                    "unit": line.unit.value,
                    "quantity": line.quantity.milli,
                    "unit_price": line.unit_price.minor,
                    "list_price": line.list_price.minor,
                    "rate": None
                    if line.rate is None
                    else [line.rate.code, line.rate.name, str(line.rate.percent), line.rate.exempt],
                    "discount": line.discount.minor if line.discount is not None else None,
                    **({"suggested": line.suggested.minor} if line.suggested is not None else {}),
                    **_promotion_json(line),
                    **({"batch_id": line.batch_id} if line.batch_id is not None else {}),
                    **_source_json(line.source),
                }
                for line in self.lines
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Cart:
        currency = str(data["currency"])

        def money(value: object) -> Money | None:
            return None if value is None else Money(int(str(value)), currency)

        lines = []
        for raw in data["lines"]:
            rate = raw["rate"]
            lines.append(
                CartLine(
                    product_id=int(raw["product_id"]),
                    name=str(raw["name"]),
                    unit=Unit(raw["unit"]),
                    quantity=Quantity(int(raw["quantity"])),
                    unit_price=Money(int(raw["unit_price"]), currency),
                    list_price=Money(int(raw["list_price"]), currency),
                    rate=None
                    if rate is None
                    else TaxRate(str(rate[0]), str(rate[1]), Decimal(rate[2]), bool(rate[3])),
                    discount=money(raw["discount"]),
                    suggested=money(raw.get("suggested")),
                    promotion=None
                    if raw.get("promotion") is None
                    else LinePromotion(
                        int(raw["promotion"][0]),
                        str(raw["promotion"][1]),
                        Money(int(raw["promotion"][2]), currency),
                    ),
                    promotion_removed=bool(raw.get("promotion_removed", False)),
                    batch_id=None if raw.get("batch_id") is None else int(raw["batch_id"]),
                    source=_source_from(raw.get("source")),
                )
            )
        traded = data.get("trade_in")
        return cls(
            currency=currency,
            mode=TaxMode(data["mode"]),
            lines=tuple(lines),
            discount=money(data["discount"]),
            customer_id=None if data["customer_id"] is None else int(data["customer_id"]),
            price_list_id=None if data.get("price_list_id") is None else int(data["price_list_id"]),
            trade_in=None
            if not traded
            else TradeIn(
                str(traded["sale"]),
                tuple((int(a), int(b), bool(c)) for a, b, c in traded["lines"]),
                Money(int(traded["credit"]), currency),
            ),
        )


def _promotion_json(line: CartLine) -> dict[str, Any]:
    """A line's promotion as kept with the cart (absent when it has none)."""
    out: dict[str, Any] = {}
    if line.promotion is not None:
        promo = line.promotion
        out["promotion"] = [promo.id, promo.name, promo.saving.minor]
    if line.promotion_removed:
        out["promotion_removed"] = True
    return out


def _both_by_rule(old: CartLine, new: CartLine) -> bool:
    """Two lines of one product both priced by the lists merge whatever their prices: the
    merged quantity is priced again (it may reach a quantity break)."""
    return by_rule(old) and by_rule(new)


def _source_json(source: PriceSource | None) -> dict[str, Any]:
    return {} if source is None else {"source": [source.list_id, source.from_milli]}


def _source_from(raw: object) -> PriceSource | None:
    if not isinstance(raw, list) or len(raw) != 2:
        return None
    return PriceSource(int(raw[0]), int(raw[1]))


@dataclass(frozen=True, slots=True)
class Tender:
    """What the cashier entered for one way of paying; cash may be more than is due."""

    method: PaymentMethod
    amount: Money
    provider: str = ""  # for mobile money: M-Pesa, bKash, UPI, Pix...
    reference: str = ""  # a card slip's or a mobile payment's reference


@dataclass(frozen=True, slots=True)
class Payment:
    """One way part of a sale was paid (cash given, mobile money reference...)."""

    method: PaymentMethod
    amount: Money  # what this pays of the sale
    tendered: Money  # handed over (cash); equal to amount otherwise
    provider: str = ""
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Settlement:
    """How a sale was settled: what was due, the rounding, the payments, the change."""

    due: Money  # the sale's total
    rounding: Money  # added to what is paid when cash is rounded to the coins in use
    payments: tuple[Payment, ...]
    change: Money

    @property
    def paid(self) -> Money:
        return total((p.amount for p in self.payments), self.due.currency)


def round_cash(amount: Money, step: int) -> Money:
    """`amount` to the nearest multiple of `step` minor units, halves up."""
    if step <= 1:
        return amount
    down = amount.minor - amount.minor % step
    up_by = amount.minor - down
    return Money(down + step if up_by * 2 >= step else down, amount.currency)


def settle(due: Money, tenders: Sequence[Tender], cash_step: int = 1) -> Settlement:
    """How `tenders` pay `due`: card, mobile and account amounts exactly as entered, cash
    for the rest (rounded to `cash_step` when cash pays part of it), with change from cash
    only. InvalidInput when they do not add up."""
    currency = due.currency
    zero = Money.zero(currency)
    for tender in tenders:
        if tender.amount.currency != currency:
            raise InvalidInput(N_("Amounts must be in the shop's currency."))
        if tender.amount.minor < 0:
            raise InvalidInput(N_("A payment cannot be negative."), field="amount")
    exact = [t for t in tenders if t.method is not PaymentMethod.CASH and t.amount]
    cash_given = total((t.amount for t in tenders if t.method is PaymentMethod.CASH), currency)
    non_cash = total((t.amount for t in exact), currency)
    if non_cash > due:
        raise InvalidInput(
            N_(
                "Card, mobile and account payments come to more than is due; only cash gives "
                "change."
            ),
            field="amount",
        )
    payments = [Payment(t.method, t.amount, t.amount, t.provider, t.reference) for t in exact]
    left = due - non_cash
    rounding = zero
    change = zero
    uses_cash = any(t.method is PaymentMethod.CASH for t in tenders)
    if left and not uses_cash:
        raise InvalidInput(
            N_("The payments come to {paid}; {left} is still due."),
            field="amount",
            paid=str(non_cash),
            left=str(left),
        )
    if uses_cash and left:
        cash_due = round_cash(left, cash_step)
        rounding = cash_due - left
        if cash_given < cash_due:
            raise InvalidInput(
                N_("The cash given is less than the {due} due."), field="amount", due=str(cash_due)
            )
        change = cash_given - cash_due
        if cash_due or cash_given:  # what was left may round to nothing in cash
            payments.insert(0, Payment(PaymentMethod.CASH, cash_due, cash_given))
    elif cash_given:
        raise InvalidInput(
            N_("Nothing is left to pay in cash."), field="amount"
        )  # the other payments already cover it
    if not payments and due + rounding:  # a cash sale may round down to nothing
        raise InvalidInput(N_("Choose how the customer pays."), field="amount")
    return Settlement(due, rounding, tuple(payments), change)


@dataclass(frozen=True, slots=True)
class CompletedSale:
    """A sale as completed: its number and how it was paid."""

    id: int
    number: str
    at: str
    settlement: Settlement
    refund: str | None = None  # the refund of goods brought back in exchange
    given_back: Money | None = None  # cash back when they were worth more than the sale

    @property
    def change(self) -> Money:
        """What goes back to the customer: the change, and the worth of exchanged goods
        beyond the sale's."""
        if self.given_back:
            return self.settlement.change + self.given_back
        return self.settlement.change

    @property
    def paid_cash(self) -> bool:
        """Whether cash was taken (the drawer opens)."""
        return any(p.method is PaymentMethod.CASH for p in self.settlement.payments)
