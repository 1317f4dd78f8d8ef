"""What a write changed, as data: the areas of the shop a screen may be showing.

Every service operation that writes declares the areas it changes; running it through
`Shop.perform` gives its result together with the change set its transactions committed, and
a change made by another process (a second window, `duka import`, later a sync) is read back
as the same kind of set. Screens name the areas they show and refresh only for those.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Area(StrEnum):
    """A part of the shop whose records a screen shows. The value names it in the store."""

    PRODUCTS = "products"  # the catalogue: products, barcodes, categories, prices
    STOCK = "stock"  # stock movements and levels, goods received, counts
    SALES = "sales"  # sales and refunds
    PARKED = "parked"  # sales put aside at the till
    CASH = "cash"  # cash sessions and drawer events
    CUSTOMERS = "customers"  # customers and their accounts
    SUPPLIERS = "suppliers"  # suppliers, their deliveries' debts and payments
    INVOICES = "invoices"  # invoices, quotes and credit notes
    USERS = "users"  # who may sign in, and with which role
    SETTINGS = "settings"  # the shop's settings
    QUICK_KEYS = "quick_keys"  # the Sell screen's keys
    AUDIT = "audit"  # the audit trail
    MONEY = "money"  # expenses, the bank and mobile-money accounts, the owner's drawings
    PURCHASES = "purchases"  # orders to suppliers and goods sent back to them


@dataclass(frozen=True, slots=True)
class Changes:
    """The areas one or more operations changed; empty when nothing was written."""

    areas: frozenset[Area] = frozenset()

    @classmethod
    def of(cls, *areas: Area) -> Changes:
        return cls(frozenset(areas))

    def touches(self, areas: Iterable[Area]) -> bool:
        """Whether any of `areas` changed."""
        return not self.areas.isdisjoint(areas)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.areas | other.areas)

    def __bool__(self) -> bool:
        return bool(self.areas)

    def __str__(self) -> str:
        return ", ".join(sorted(self.areas)) or "nothing"


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """An operation's result and what it changed."""

    value: T
    changes: Changes
