"""Doing a restricted action with a manager's PIN, when the signed-in user may not."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from duka.core.access import Approval, Permission
from duka.core.errors import NotAllowed
from duka.i18n import N_, Lazy
from duka.ui.dialogs.pin_entry import PinDialog
from duka.ui.operations import attempt, show_refusal
from duka.ui.state import AppState

T = TypeVar("T")


def with_approval(
    parent: QWidget | None,
    state: AppState,
    permission: Permission,
    action: Callable[[Approval | None], T],
) -> T | None:
    """Run `action`; if the user may not, ask for a manager's or the owner's PIN and run it
    once more with that approval. Returns None when it did not happen (and says why)."""
    actor = state.actor
    if actor is None or actor.may(permission):
        return attempt(parent, lambda: action(None))
    dialog = PinDialog(
        N_("Manager approval"),
        N_("{name} may not {action}. A manager or the owner can approve it with their PIN."),
        confirm_pin=False,
        pin_label=N_("Manager's PIN"),
        intro_params={"name": actor.name, "action": Lazy(permission.label)},
        parent=parent,
    )
    dialog.accept_with = lambda d: state.shop.access.approve(d.pin, permission)
    if not dialog.exec():
        return None
    approval = dialog.result_value
    assert isinstance(approval, Approval)
    try:
        return action(approval)
    except NotAllowed as refused:
        show_refusal(parent, refused)
        return None
