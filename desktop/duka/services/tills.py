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

from duka.core.access import Permission
from duka.core.audit import AuditAction
from duka.core.branches import FIRST_BRANCH, branch_of, last_till, next_branch
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput
from duka.i18n import N_
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.trail import record
from duka.store import branches, tills
from duka.store.backup import backup_database
from duka.store.branches import Branch

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

    def heard_from(self, this_branch: bool = False) -> list[tuple[int, str | None]]:
        """The other tills, with when each was last heard from (an ISO stamp, or None):
        what a figure of the whole shop holds of theirs; with `this_branch`, only this
        branch's (what its stock holds of theirs)."""
        heard = tills.heard_from(self._ctx.db)
        if not this_branch:
            return heard
        own = tills.this_branch(self._ctx.db)
        return [(number, stamp) for number, stamp in heard if branch_of(number) == own]

    def this_branch(self) -> int:
        return tills.this_branch(self._ctx.db)

    def branches(self) -> list[Branch]:
        return branches.known(self._ctx.db)

    def make(self, target: Path, name: str, number: int | None = None) -> MadeTill:
        """Make till `number` (else the next free one) of this file's branch at `target`, a
        new file: noted in this file first, then this file copied (a verified backup) and
        the copy made that till."""
        name = _checked_name(name, N_("Give the till a name of 1 to {limit} characters."))
        branch = tills.this_branch(self._ctx.db)
        if number is not None and number < 2:
            raise InvalidInput(
                N_("A new till's number is 2 or more: till 1 is the shop's first."),
                field="number",
            )
        if number is not None and branch_of(number) != branch:
            raise InvalidInput(
                N_("This branch's tills are numbered {first} to {last}."),
                field="number",
                first=branch,
                last=last_till(branch),
            )
        _refuse_existing(target)
        ctx = self._ctx
        with ctx.writing(Area.SETTINGS) as db:
            chosen = tills.next_free(db) if number is None else number
            if chosen is None:
                raise Conflict(
                    N_("This branch has no till number left ({first} to {last} are taken)."),
                    first=branch,
                    last=last_till(branch),
                )
            if not tills.register(db, chosen, name, ctx.now(), ctx.actor_name, tills.this_till(db)):
                raise Conflict(
                    N_("This shop already has a till {number}; choose another number."),
                    number=chosen,
                )
        return self._copy_to(target, chosen, name)

    def make_branch(self, target: Path, name: str) -> MadeTill:
        """Make a new branch of the shop and its first till, its hub, at `target`: noted
        here (the branch travels to every till), then this file copied and the copy made
        that till, with none of this branch's stock. Made from the shop's first till, which
        numbers the branches, so two branches never get one number."""
        require(self._ctx, Permission.CHANGE_SETTINGS)
        name = _checked_name(name, N_("Give the branch a name of 1 to {limit} characters."))
        ctx = self._ctx
        if tills.this_till(ctx.db) != FIRST_BRANCH:
            raise Conflict(
                N_("Make a branch from the shop's first till (till 1): it numbers the branches.")
            )
        _refuse_existing(target)
        with ctx.writing(Area.SETTINGS) as db:
            number = next_branch(b.number for b in branches.known(db))
            branches.register(db, number, name, ctx.now(), ctx.actor_name)
            if not tills.register(db, number, name, ctx.now(), ctx.actor_name, tills.this_till(db)):
                raise Conflict(
                    N_("This shop already has a till {number}; choose another number."),
                    number=number,
                )
            record(ctx, AuditAction.BRANCH_MADE, f"branch {number}: {name}")
        return self._copy_to(target, number, name)

    def _copy_to(self, target: Path, number: int, name: str) -> MadeTill:
        backup_database(self._ctx.db, Path(target))
        tills.turn_into(Path(target), number)
        return MadeTill(number, name, Path(target))


def _checked_name(name: str, message: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise InvalidInput(message, field="name", limit=MAX_NAME)
    return name


def _refuse_existing(target: Path) -> None:
    if Path(target).exists():
        raise Conflict(N_("{path} already exists; choose a new name."), path=str(target))
