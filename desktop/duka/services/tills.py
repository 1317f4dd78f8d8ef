"""The shop's tills: which one this file is, and making a new one from a copy of this file.

Each till keeps a whole copy of the shop and sells with no network (docs/architecture.md,
"Several tills"). A new till starts as a copy of the hub's file (or of a backup of it): it
gets the next till number this file knows, noted here so a second till made from this file
never gets the same one, and the copy forgets what belonged to the other till's counter (its
number series, its parked carts).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput
from duka.i18n import N_
from duka.services.context import Context
from duka.store import tills
from duka.store.backup import backup_database

MAX_NAME = 40


@dataclass(frozen=True, slots=True)
class MadeTill:
    number: int
    name: str
    path: Path


class TillService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def this_till(self) -> int:
        return tills.this_till(self._ctx.db)

    def known(self) -> list[tills.KnownTill]:
        return tills.known(self._ctx.db)

    def heard_from(self) -> list[tuple[int, str | None]]:
        """The other tills, with when each was last heard from (an ISO stamp, or None):
        what a figure of the whole shop holds of theirs."""
        return tills.heard_from(self._ctx.db)

    def make(self, target: Path, name: str, number: int | None = None) -> MadeTill:
        """Make till `number` (else the next free one) of this shop at `target`, a new file:
        noted in this file first, then this file copied (a verified backup) and the copy made
        that till."""
        name = " ".join(name.split())
        if not name or len(name) > MAX_NAME:
            raise InvalidInput(
                N_("Give the till a name of 1 to {limit} characters."), field="name", limit=40
            )
        if number is not None and number < 2:
            raise InvalidInput(
                N_("A new till's number is 2 or more: till 1 is the shop's first."),
                field="number",
            )
        if Path(target).exists():
            raise Conflict(N_("{path} already exists; choose a new name."), path=str(target))
        ctx = self._ctx
        with ctx.writing(Area.SETTINGS) as db:
            chosen = tills.next_free(db) if number is None else number
            if not tills.register(db, chosen, name, ctx.now(), ctx.actor_name, tills.this_till(db)):
                raise Conflict(
                    N_("This shop already has a till {number}; choose another number."),
                    number=chosen,
                )
        backup_database(ctx.db, Path(target))
        tills.turn_into(Path(target), chosen)
        return MadeTill(chosen, name, Path(target))
