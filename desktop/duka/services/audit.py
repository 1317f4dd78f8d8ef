"""Reading the audit trail back (owners and managers)."""

from __future__ import annotations

from duka.core.access import Permission
from duka.core.audit import AuditEntry, AuditFilter
from duka.services.access_rules import require
from duka.services.context import Context
from duka.store import audit_repo


class AuditService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def count(self, found: AuditFilter) -> int:
        require(self._ctx, Permission.VIEW_AUDIT)
        return audit_repo.count(self._ctx.db, found)

    def page(self, found: AuditFilter, offset: int, limit: int) -> list[AuditEntry]:
        require(self._ctx, Permission.VIEW_AUDIT)
        return audit_repo.page(self._ctx.db, found, offset, limit)

    def actions(self) -> list[str]:
        require(self._ctx, Permission.VIEW_AUDIT)
        return audit_repo.actions_used(self._ctx.db)

    def actors(self) -> list[str]:
        """Everyone who appears in the trail (users, and the command line)."""
        require(self._ctx, Permission.VIEW_AUDIT)
        return audit_repo.actors(self._ctx.db)
