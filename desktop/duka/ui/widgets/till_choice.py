"""The choice of one till or all, for the screens that show sales figures (Today, Reports):
shown only in a shop of several tills."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from duka.i18n import _
from duka.services.reports import till_text
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState


def fill_tills(choice: QComboBox, state: AppState) -> None:
    """ "All tills", then each till the shop file knows ("Till 2: Back counter"), keeping
    the one chosen; hidden while the shop has one till."""
    known = state.shop.tills.known()
    keep = choice.currentData()
    choice.blockSignals(True)
    choice.clear()
    choice.addItem(_("All tills"), None)
    for till in known:
        choice.addItem(till_text(till.number, isolate(till.name)), till.number)
    found = choice.findData(keep) if keep is not None else 0
    choice.setCurrentIndex(max(0, found))
    choice.blockSignals(False)
    choice.setVisible(len(known) > 1)
