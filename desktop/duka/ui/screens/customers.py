"""The Customers screen: the people and businesses the shop knows."""

from __future__ import annotations

from collections.abc import Sequence

from duka.core.customers import CustomerRow
from duka.i18n import LANGUAGES, N_, N_plural
from duka.ui.models.windowed import Column
from duka.ui.screens.listing import ListingScreen, text_of


class CustomersScreen(ListingScreen):
    kind = "customers"
    title_id = N_("Customers")
    empty_id = N_(
        "No customers yet. Adding customers and their credit accounts arrive in an update of Duka."
    )
    count_label = N_plural("{count} customer", "{count} customers")

    def columns(self) -> Sequence[Column[CustomerRow]]:
        return (
            Column(N_("Name"), text_of(lambda r: r.name)),
            Column(N_("Phone"), text_of(lambda r: r.phone)),
            Column(N_("Email"), text_of(lambda r: r.email)),
            Column(
                N_("Language"),
                lambda r: LANGUAGES[r.language].native_name if r.language in LANGUAGES else "",
            ),
            Column(
                N_("Credit limit"),
                lambda r: self.state.formats.money(r.credit_limit.amount, r.credit_limit.currency),
                align_end=True,
            ),
        )

    def column_widths(self) -> Sequence[int]:
        return (280, 180, 240, 110, 130)

    def count_rows(self) -> int:
        return self.state.shop.customers.count()

    def fetch_rows(self, offset: int, limit: int) -> Sequence[CustomerRow]:
        return self.state.shop.customers.page(offset, limit)
