"""The shop-wide quick keys layout and the "most sold this month" page."""

from __future__ import annotations

from duka.core.access import Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.quick_keys import Layout
from duka.services.access_rules import require
from duka.services.clock import day_start
from duka.services.context import Context
from duka.services.trail import record
from duka.store import quick_keys_repo

MOST_SOLD = 24  # tiles on the ready page


class QuickKeyService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def layout(self) -> Layout:
        return Layout.from_json(quick_keys_repo.load_layout(self._ctx.db))

    def save(self, layout: Layout) -> None:
        """Keep `layout` for every computer of the shop (a manager's arrangement)."""
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        before = self.layout()
        with self._ctx.writing(Area.QUICK_KEYS) as db:
            quick_keys_repo.save_layout(db, layout.to_json(), self._ctx.now(), self._ctx.actor_name)
            record(
                self._ctx,
                AuditAction.SETTING_CHANGED,
                "quick keys",
                before={"pages": [p.name for p in before.pages]},
                after={"pages": [p.name for p in layout.pages]},
            )

    def most_sold(self, limit: int = MOST_SOLD) -> list[int]:
        """The products sold in most sales since the first of this month (local time)."""
        today = self._ctx.clock().astimezone().date()
        return quick_keys_repo.most_sold(self._ctx.db, day_start(today.replace(day=1)), limit)
