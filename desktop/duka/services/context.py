"""What every service of one open shop shares: the database, who acts, and the clock."""

from __future__ import annotations

import platform
from dataclasses import dataclass, field
from pathlib import Path

from duka.core.access import Actor
from duka.services.anchor import Keeper
from duka.services.clock import Clock, stamp, system_clock
from duka.store.database import Connection

NOBODY = "nobody"  # who the audit trail names while the screen is locked


def this_computer() -> str:
    """This computer's name (its host name): each computer has its own cash drawer."""
    return platform.node().strip() or "this computer"


@dataclass
class Context:
    """What every service works with: the open file, who acts, the clock, the computer."""

    db: Connection
    path: Path
    actor: Actor | None  # None while the screen is locked and nobody is signed in
    clock: Clock = field(default=system_clock)
    # The computer the services run on: whose cash drawer a sale's money goes into.
    computer: str = field(default_factory=this_computer)
    # Approvals given and not yet used, by token: each approves one action once.
    open_approvals: set[int] = field(default_factory=set)
    # Keeps the journal's anchor outside the file (None: no data folder to keep it in).
    anchor: Keeper | None = None

    def now(self) -> str:
        return stamp(self.clock())

    def checkpoint(self) -> None:
        """Anchor the journal as it is now: after a cash-up, a backup, on closing."""
        if self.anchor is not None:
            self.anchor.update(self.now())

    def activity(self) -> None:
        """Something was written: anchor the journal if the last anchor is some minutes old."""
        if self.anchor is not None:
            self.anchor.touch(self.now())

    @property
    def actor_name(self) -> str:
        return self.actor.name if self.actor is not None else NOBODY

    @property
    def user_id(self) -> int | None:
        return self.actor.user_id if self.actor is not None else None
