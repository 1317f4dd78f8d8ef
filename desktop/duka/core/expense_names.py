"""The starting list of expense categories, named in the shop's language: each category of
the list is stored by its key (migration 0028 seeds them); the owner's own categories carry
the name the owner typed instead, shown as it is."""

from __future__ import annotations

from duka.i18n import N_

# key -> catalog string, in the order the list is shown (translate with _() where shown).
EXPENSE_NAMES: dict[str, str] = {
    "rent": N_("Rent"),
    "electricity": N_("Electricity"),
    "water": N_("Water"),
    "transport": N_("Transport"),
    "wages": N_("Wages"),
    "phone_internet": N_("Phone and internet"),
    "repairs": N_("Repairs"),
    "licences_fees": N_("Licences and fees"),
    "taxes_paid": N_("Taxes paid"),
    "bank_charges": N_("Bank and mobile-money charges"),
    "stock_outside": N_("Stock bought outside a supplier"),
    "other": N_("Other"),
}


def category_title(key: str | None, name: str) -> str:
    """A category as a catalog string (its key's) or the owner's own name."""
    if key is not None and key in EXPENSE_NAMES:
        return EXPENSE_NAMES[key]
    return name or str(key or "")
