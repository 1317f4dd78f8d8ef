"""The columns of a product file that carry quantity breaks and price-list prices:

- `price@10`: retail's price per unit from 10 (a quantity break of the product's own price);
- `price:Wholesale`: the product's price on the list named Wholesale;
- `price:Wholesale@10`: its price on that list from 10.

A cell left empty means no such price; a list named in a column that the shop does not
have is made by the import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from duka.core.errors import InvalidInput
from duka.core.quantity import Quantity

_HEADER = re.compile(r"^\s*price\s*(?::\s*(?P<name>[^@]*?)\s*)?(?:@\s*(?P<quantity>[^@]+?))?\s*$",
                     re.IGNORECASE)  # fmt: skip


@dataclass(frozen=True, slots=True, order=True)
class ListColumn:
    """Which price a column holds: a list's (by name; None for retail) from a quantity."""

    list_name: str | None
    from_milli: int

    @property
    def header(self) -> str:
        quantity = f"@{Quantity(self.from_milli)}" if self.from_milli else ""
        name = f":{self.list_name}" if self.list_name is not None else ""
        return f"price{name}{quantity}"


def list_column(header: str) -> ListColumn | None:
    """The list price a header names, or None for any other column (the plain `price`
    column is the product's own price)."""
    found = _HEADER.match(header)
    if found is None or (found.group("name") is None and found.group("quantity") is None):
        return None
    name = found.group("name")
    if name is not None and not name.strip():
        return None
    quantity = found.group("quantity")
    milli = 0
    if quantity is not None:
        try:
            milli = Quantity.of(quantity.strip()).milli
        except (InvalidInput, ArithmeticError, ValueError):
            return None
        if milli <= 0:
            return None
    if name is None and milli == 0:
        return None
    return ListColumn(name, milli)


def sort_key(column: ListColumn) -> tuple[int, str, int]:
    """Retail's breaks first, then the lists by name, each by quantity."""
    if column.list_name is None:
        return (0, "", column.from_milli)
    return (1, column.list_name.casefold(), column.from_milli)
