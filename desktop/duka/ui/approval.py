"""Doing a restricted action with a manager's PIN, when the signed-in user may not.

The services decide: an action the user may not do alone is refused with the permission it
needs (ApprovalNeeded). `approved` then asks a manager's or the owner's PIN for that
permission and runs the action again with it, as often as the action names another one (a
discount beyond the limit, then a sale on account beyond the credit limit).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import partial
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from duka.core.access import Approval, ApprovalNeeded, Approvals, Permission
from duka.core.changes import Outcome
from duka.i18n import N_, Lazy, TranslatableError
from duka.ui import operations
from duka.ui.dialogs.pin_entry import PinDialog
from duka.ui.state import AppState

T = TypeVar("T")


def approved(
    parent: QWidget | None,
    state: AppState,
    action: Callable[[Approvals], T],
    *,
    asks: Collection[Permission],
    show_refusals: bool = True,
) -> Outcome[T] | None:
    """Run `action` with the approvals given so far (none at first); while it is refused
    for one of the permissions in `asks` (those whose approval it passes on to the
    service), ask a manager's or the owner's PIN for it and run it again. Returns None when
    it did not happen (and says why; a form that shows a refusal beside the field it names
    passes `show_refusals=False` and gets the other refusals raised). Every screen is told
    what it changed. A refusal asked about is not a denial in the audit trail; the approval
    (or the wrong PIN) is."""
    approvals = Approvals()
    while True:
        try:
            return state.perform(partial(action, approvals), asking=asks)
        except ApprovalNeeded as needed:
            if (
                needed.permission not in asks
                or needed.permission in approvals
                or state.actor is None
            ):
                if not show_refusals:
                    raise
                operations.show_refusal(parent, needed)
                return None
            approval = ask_approval(parent, state, needed.permission)
            if approval is None:
                return None
            approvals = approvals.adding(approval)
        except TranslatableError as error:
            if not show_refusals:
                raise
            operations.show_refusal(parent, error)
            return None


def ask_approval(
    parent: QWidget | None, state: AppState, permission: Permission
) -> Approval | None:
    """A manager's or the owner's PIN for `permission`; None if nobody gave it."""
    actor = state.actor
    dialog = PinDialog(
        N_("Manager approval"),
        N_("{name} may not {action}. A manager or the owner can approve it with their PIN."),
        confirm_pin=False,
        pin_label=N_("Manager's PIN"),
        intro_params={"name": actor.name if actor else "", "action": Lazy(permission.label)},
        parent=parent,
    )
    dialog.accept_with = lambda d: state.shop.access.approve(d.pin, permission)
    if not dialog.exec():
        return None
    approval = dialog.result_value
    assert isinstance(approval, Approval)
    return approval


def with_approval(
    parent: QWidget | None,
    state: AppState,
    permission: Permission,
    action: Callable[[Approval | None], T],
) -> T | None:
    """`approved` for an action that takes the one approval it may need, for `permission`:
    its result, or None when it did not happen."""
    done = approved(parent, state, lambda given: action(given.get(permission)), asks=(permission,))
    return done.value if done is not None else None
