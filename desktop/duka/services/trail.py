"""Writing the audit trail: one entry per sensitive action, journaled as it is written."""

from __future__ import annotations

import json

from duka.core.access import Approval
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.services.context import Context
from duka.store import audit_repo


def as_json(value: object) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(
    ctx: Context,
    action: AuditAction,
    subject: str = "",
    *,
    before: object = None,
    after: object = None,
    approval: Approval | None = None,
    denied: bool = False,
) -> int:
    """Append one entry (and its journal entry) in the caller's transaction, or in its own."""
    with ctx.writing(Area.AUDIT) as conn:
        return audit_repo.insert(
            conn,
            at=ctx.now(),
            user_id=ctx.user_id,
            actor=ctx.actor_name,
            action=action.value,
            subject=subject,
            before=as_json(before),
            after=as_json(after),
            approved_by=approval.approver_id if approval is not None else None,
            outcome="denied" if denied else "done",
        )
