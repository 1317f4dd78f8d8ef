"""The one place where services check permissions, so every screen and the command line
obey the same rules."""

from __future__ import annotations

from duka.core.access import Approval, ApprovalNeeded, Permission
from duka.core.audit import AuditAction
from duka.core.errors import NotAllowed
from duka.i18n import N_, Lazy
from duka.services.context import Context
from duka.services.trail import record


def require(ctx: Context, permission: Permission, approval: Approval | None = None) -> None:
    """Refuse (and record the refusal) unless the acting user may do this, or brings an
    unused approval for it from someone who may; the refusal names the permission, so the
    interface can ask a manager for it (duka.ui.approval)."""
    actor = ctx.actor
    if actor is None:
        raise NotAllowed(N_("Sign in first."))
    if actor.may(permission):
        return
    if (
        approval is not None
        and approval.permission is permission
        and approval.token in ctx.open_approvals
    ):
        ctx.open_approvals.discard(approval.token)  # an approval covers one action
        ctx.spent_approvals.add(approval.token)
        return
    if permission not in ctx.asking:  # else the interface asks a manager's PIN first
        record(ctx, AuditAction.DENIED, permission.name, denied=True)
    raise ApprovalNeeded(
        N_("{name} may not {action}. A manager can approve it."),
        permission,
        name=actor.name,
        action=Lazy(permission.label),
    )


def allowed(ctx: Context, permission: Permission) -> bool:
    """Whether the acting user may do this (for showing or hiding a command)."""
    return ctx.actor is not None and ctx.actor.may(permission)


def expired_approved(ctx: Context, approval: Approval | None) -> bool:
    """Whether a manager's approval to sell an expired batch came with this action: asked
    every time, even of a manager at the till, so an expired batch never leaves by chance
    (the approval is spent)."""
    if (
        approval is not None
        and approval.permission is Permission.SELL_EXPIRED
        and approval.token in ctx.open_approvals
    ):
        ctx.open_approvals.discard(approval.token)
        ctx.spent_approvals.add(approval.token)
        return True
    return False
