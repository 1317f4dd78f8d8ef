"""When the last batch from each other till arrived, for a line beside a figure of the whole
shop (today's sales, the stock, a customer's balance): in a shop of several tills such a
figure holds the other tills' work only as far as their batches came."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QWidget

from duka.i18n import N_, _
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState

# A customer's balance and statement: what the other tills sold on account and took.
BALANCE_HEARD = N_(
    "The balance counts the other tills' sales and payments as far as they came: {tills}"
)


def tills_heard(state: AppState, this_branch: bool = False) -> str:
    """ "till 2 as of 7/12/26 14:05 · till 3: not heard from yet" ("" with no other till);
    with `this_branch`, only this branch's tills."""
    parts = []
    for number, stamp in state.shop.tills.heard_from(this_branch):
        if stamp is None:
            parts.append(_("till {number}: not heard from yet").format(number=number))
            continue
        moment = dt.datetime.fromisoformat(stamp).astimezone()
        when = isolate(state.formats.datetime(moment, "short"))
        parts.append(_("till {number} as of {time}").format(number=number, time=when))
    return " · ".join(parts)


class TillsHeardLine(QLabel):
    """A quiet line (hidden with one till) saying, in `text`'s words, how far the other tills'
    batches came; `text` has a {tills} field. `this_branch`: only this branch's tills (the
    stock is the branch's own)."""

    def __init__(
        self,
        state: AppState,
        text: str,
        parent: QWidget | None = None,
        this_branch: bool = False,
    ) -> None:
        super().__init__(parent)
        self.this_branch = this_branch
        self.setObjectName("hint")
        self.setWordWrap(True)
        self.state = state
        self.text_id = text
        self.hide()

    def refresh(self) -> None:
        heard = tills_heard(self.state, self.this_branch)
        self.setVisible(bool(heard))
        if heard:
            self.setText(_(self.text_id).format(tills=heard))
