"""What every printed document shares: the language and locale it is written in."""

from __future__ import annotations

from collections.abc import Callable

from duka.core.settings import COUNTRY, MPESA_PAYBILL, MPESA_TILL, SHOP_NAME, ShopSettings
from duka.i18n import _, current_language
from duka.i18n.formatting import Formats, locale_id
from duka.i18n.languages import is_rtl


def document_formats(settings: ShopSettings) -> Formats:
    """Numbers and money as the reader reads them: the language on screen (which a --lang
    may have chosen), with the shop's country."""
    return Formats(locale_id(current_language(), str(settings[COUNTRY])))


def right_to_left() -> bool:
    return is_rtl(current_language())


def shop_name(settings: ShopSettings) -> str:
    return str(settings[SHOP_NAME])


def page_labels(formats: Formats) -> Callable[[int, int], str]:
    """ "page 2 of 3" in the digits the document writes its money in ("page ٢ of ٣" in
    Egypt)."""

    def label(page: int, pages: int) -> str:
        return _("page {page} of {pages}").format(
            page=formats.count(page), pages=formats.count(pages)
        )

    return label


def period_text(first: str, last: str) -> str:
    """ "1/8/2026 – 25/11/2026", read from the right in a right-to-left document (a mark of
    that direction first: dates alone have none), so the first day comes first there too."""
    mark = "\u200f" if right_to_left() else ""
    return f"{mark}{first} – {last}"


def mobile_money_lines(settings: ShopSettings, account: str) -> list[str]:
    """How to pay the shop by M-Pesa, as receipts and reminders print it: "M-Pesa Till
    123456", "M-Pesa Paybill 400200, account C12" (`account`: what the payer types as the
    account number, a customer's reference or a sale's number)."""
    lines = []
    if settings[MPESA_TILL]:
        lines.append(_("M-Pesa Till {number}").format(number=settings[MPESA_TILL]))
    if settings[MPESA_PAYBILL]:
        lines.append(
            _("M-Pesa Paybill {number}, account {account}").format(
                number=settings[MPESA_PAYBILL], account=account
            )
        )
    return lines
