"""What every service of one open shop shares: the database, who acts, and the clock."""

from __future__ import annotations

import platform
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from duka.core.access import Actor, Permission
from duka.core.changes import Area, Changes
from duka.services.anchor import Keeper
from duka.services.clock import Clock, stamp, system_clock
from duka.store import changes_repo, sync
from duka.store.database import Connection, transaction

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
    # Approvals used by the operation under way (Shop.perform): given back if it fails.
    spent_approvals: set[int] = field(default_factory=set, init=False)
    # Permissions the interface will ask a manager for if refused (Shop.perform `asking`):
    # such a refusal is a question, not a denial for the audit trail.
    asking: frozenset[Permission] = field(default=frozenset(), init=False)
    # Keeps the journal's anchor outside the file (None: no data folder to keep it in).
    anchor: Keeper | None = None
    # The areas written since `take_changes` was last asked, and the change counters as
    # this process last knew them (shared with the shop's detached connections, so their
    # writes are not taken for another process's).
    committed: set[Area] = field(default_factory=set, init=False)
    seen: dict[Area, int] = field(default_factory=dict)
    # SQLite's data version when other connections' writes were last read (None: never).
    _data_version: int | None = field(default=None, init=False)
    _writing: list[set[Area]] = field(default_factory=list, init=False)

    @contextmanager
    def writing(self, *areas: Area, capture: bool = True) -> Iterator[Connection]:
        """One business operation that changes `areas`: all of it is written, or none of it
        (duka.store.database.transaction). Written inside another such operation, its areas
        join the outer one's, whose commit moves their change counters on."""
        if self._writing:
            self._writing[-1].update(areas)
            with transaction(self.db) as db:
                yield db
            return
        written = set(areas)
        self._writing.append(written)
        try:
            with transaction(self.db) as db:
                # With other tills, the operation's changes go to them: captured as it
                # writes, kept for sending in its own transaction (duka.store.sync).
                # (Not what comes from the other tills: they have it.)
                recorder = sync.Capture(db) if capture and sync.capturing(db) else None
                try:
                    yield db
                    if written:
                        moved = changes_repo.bump(db, written)
                    if recorder is not None:
                        recorder.keep(db, self.now())
                finally:
                    if recorder is not None:
                        recorder.close()
        finally:
            self._writing.pop()
        if written:
            self.seen.update(moved)
            self.committed |= written

    def touch(self, areas: set[Area]) -> None:
        """Add `areas` to what the operation under way changes (known only as it writes)."""
        self._writing[-1].update(areas)

    def take_changes(self) -> Changes:
        """What this connection wrote since the last call."""
        changes = Changes(frozenset(self.committed))
        self.committed.clear()
        return changes

    def outside_changes(self) -> Changes:
        """The areas whose counters other connections moved since the last call (SQLite's
        `data_version` says whether any committed); the first call notes where things
        stand."""
        version = changes_repo.data_version(self.db)
        if version == self._data_version:
            return Changes()
        first, self._data_version = self._data_version is None, version
        now = changes_repo.versions(self.db)
        moved = frozenset(a for a, v in now.items() if self.seen.get(a, 0) != v)
        self.seen.update(now)
        return Changes() if first else Changes(moved)

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
