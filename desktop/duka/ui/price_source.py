"""Which price applied on a line ("Wholesale", "Wholesale from 10"), as the till and an
invoice's lines show it beside the price."""

from __future__ import annotations

from duka.core.pricing import RETAIL, PriceSource
from duka.i18n import _
from duka.ui.amounts import amount_text, quantity_text
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState


def list_name(names: dict[int, str], list_id: int) -> str:
    """A list's name; retail's is translated."""
    if list_id == RETAIL:
        return _("Retail")
    return names.get(list_id, "")


def source_text(
    state: AppState, source: PriceSource | None, names: dict[int, str], on_list: bool
) -> str:
    """The price a line got, named; empty for the product's own price when the customer
    is on no list (nothing to point out)."""
    if source is None or (source.list_id == RETAIL and not source.is_break and not on_list):
        return ""
    name = isolate(list_name(names, source.list_id))
    if not source.is_break:
        return name
    return _("{list} from {quantity}").format(
        list=name, quantity=quantity_text(state, source.from_quantity)
    )


def price_list_summary(state: AppState, product_id: int) -> str:
    """A product's breaks and list prices in a line ("Retail from 10: 175.00; Wholesale:
    170.00, from 10: 160.00")."""
    lists = state.shop.price_lists
    prices = lists.prices_of(product_id)
    if not prices:
        return _("No quantity breaks or list prices")
    names = lists.names()
    parts: dict[int, list[str]] = {}
    for price in prices:
        amount = amount_text(state, price.price)
        if price.from_quantity.milli:
            amount = _("from {quantity}: {price}").format(
                quantity=quantity_text(state, price.from_quantity), price=amount
            )
        parts.setdefault(price.list_id, []).append(amount)
    return "; ".join(
        f"{isolate(list_name(names, list_id))}: {', '.join(shown)}"
        for list_id, shown in parts.items()
    )
