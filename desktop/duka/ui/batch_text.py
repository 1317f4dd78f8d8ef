"""How batches and expiry dates are written and typed on screen."""

from __future__ import annotations

import datetime as dt
import re

from duka.core.errors import InvalidInput
from duka.i18n import N_, _, ascii_digits
from duka.ui.state import AppState

_DAY_FIRST = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})$")


def expiry_text(state: AppState, expiry: dt.date) -> str:
    return state.formats.date(expiry, "medium")


def parse_expiry(text: str) -> dt.date | None:
    """A typed expiry date: YYYY-MM-DD, or day/month/year as most of the world writes it
    (31/03/2027, 31.03.2027), in any script's digits; None when nothing was typed."""
    text = ascii_digits(text.strip())
    if not text:
        return None
    try:
        found = _DAY_FIRST.match(text)
        if found:
            day, month, year = (int(part) for part in found.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            N_("Type the expiry date as YYYY-MM-DD or day/month/year, not “{text}”."),
            field="expiry",
            text=text,
        ) from None


def batch_note(state: AppState, number: str, expiry: dt.date, expired: bool) -> str:
    """A batch as a sale line or a list names it: its number and when it expires."""
    if expired:
        return _("Batch {batch}, expired {date}").format(
            batch=number, date=expiry_text(state, expiry)
        )
    return _("Batch {batch}, expires {date}").format(batch=number, date=expiry_text(state, expiry))
