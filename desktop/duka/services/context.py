"""What every service of one open shop shares: the database, who acts, and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from duka.services.clock import Clock, stamp, system_clock
from duka.store.database import Connection


@dataclass
class Context:
    db: Connection
    path: Path
    actor: str | None
    clock: Clock = field(default=system_clock)

    def now(self) -> str:
        return stamp(self.clock())
