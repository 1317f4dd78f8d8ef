"""Exchanging changes with the shop's other tills through a folder.

The folder is any place every till can reach now and then: a network share, a USB stick
carried between them, or a folder a file-sync tool keeps in step. Each till writes only in
its own subfolder `till-N`: its batches (`FIRST-LAST.batch`, its changes FIRST to LAST) and
`state.json` (its name, and how far it has applied each other till's changes). Every till
reads the others' subfolders. That is the whole protocol: "which batches do you have".

A batch file is written whole under a temporary name and then renamed, and a till notes what
it published and applied only after the file or the change is safe, so a till killed at any
point sends nothing twice that counts twice and loses nothing: a change applied is noted in
its own transaction, and one seen again is skipped by its sequence.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duka.core.changes import Area
from duka.core.errors import Conflict, StoreUnavailable
from duka.i18n import N_, _
from duka.services.context import Context
from duka.services.sync_folder import STATE, batch_range, read_state, write_whole, written
from duka.store import sync, tills
from duka.store.database import Connection

if TYPE_CHECKING:
    from duka.services.hub_http import MirrorReport as HubMoved
from duka.store.changes_repo import TABLE_AREAS

BATCH = 100  # changes a batch file carries, at most
APPLY_AT_ONCE = 1000  # changes applied in one transaction, at most


@dataclass(frozen=True, slots=True)
class TillHeard:
    till: int
    name: str
    applied: int  # its changes applied here, by its sequence
    refused: str | None = None


@dataclass
class SyncReport:
    """One exchange: what this till sent, what it applied from each till, the conflicts a
    rule resolved, and what waits because no rule may resolve it."""

    till: int
    sent: int = 0
    batches: int = 0
    applied: dict[int, int] = field(default_factory=dict)  # till -> changes applied now
    heard: list[TillHeard] = field(default_factory=list)
    notices: list[tuple[int, str, str, str]] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)
    pruned: int = 0


@dataclass(frozen=True, slots=True)
class OtherTill:
    """Another till of the shop, as this file knows it."""

    number: int
    name: str
    heard_at: str | None  # when an exchange last found its folder (UTC stamp), None: never
    applied: int  # its changes applied here
    has_ours: int  # our changes it says it applied


@dataclass(frozen=True, slots=True)
class SyncNotice:
    """A conflict a written rule settled, what only the merge showed, or a batch refused
    that waits: kind is one of NOTICES; subject the table, detail the row's key, a sale's
    number, a product's number and name, or the reason."""

    at: str
    till: int
    kind: str
    subject: str
    detail: str

    def text(self, isolate: Callable[[str], str] = str) -> str:
        """What it says, in the user's language (`isolate` keeps a value whole inside a
        sentence of the other direction)."""
        what = self.detail if self.kind in _DETAIL_ONLY else f"{self.subject} {self.detail}"
        message = NOTICES.get(self.kind, NOTICES["edited on both"])
        return _(message).format(number=self.till, reason=isolate(what.strip()))


# What each kind of notice says (store.sync writes the kinds).
NOTICES = {
    "refused": N_("Till {number}'s changes wait, refused: {reason}"),
    "gone": N_("Till {number} changed a row deleted here; the change was skipped: {reason}"),
    "refunded at two tills": N_(
        "Sale {reason} was refunded at till {number} and here, more than was sold: "
        "each refund stands; check the goods came back"
    ),
    "stock below zero": N_("Till {number} and this till sold more than was in stock: {reason}"),
    "paid at two tills": N_(
        "Till {number} and this till both took a payment for the same debt: {reason}. Both "
        "payments stand; the extra is the customer's credit."
    ),
    "deleted after an edit": N_("Till {number} deleted a row edited here; it is deleted: {reason}"),
    "edited on both": N_(
        "Edited on till {number} and here: where both changed the same field, the "
        "lower-numbered till's value stands: {reason}"
    ),
}
_DETAIL_ONLY = frozenset(
    {"refunded at two tills", "stock below zero", "paid at two tills", "refused"}
)


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """Where this file stands with the shop's other tills."""

    till: int
    name: str
    others: tuple[OtherTill, ...]
    unsent: int  # this till's changes not yet written to the folder
    kept: int  # changes kept until every other till has them
    notices: tuple[SyncNotice, ...]

    @property
    def single(self) -> bool:
        """The shop has only this till (as far as this file knows)."""
        return not self.others


def _folder_of(folder: Path, till: int) -> Path:
    return folder / f"till-{till}"


class SyncService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def status(self, notices: int = 5) -> SyncStatus:
        """This till, the others this file knows (made from it, or heard from through the
        folder), what waits to be sent, and the newest `notices`."""
        db = self._ctx.db
        own = tills.this_till(db)
        names = {t.number: t.name for t in tills.known(db)}
        heard = sync.peers(db)
        others = tuple(
            OtherTill(
                number,
                names.get(number) or (heard[number].name if number in heard else ""),
                heard[number].heard_at if number in heard else None,
                heard[number].applied if number in heard else 0,
                heard[number].has_ours if number in heard else 0,
            )
            for number in sorted((set(names) | set(heard)) - {own})
        )
        published = heard[own].published if own in heard else 0
        kept, _bytes = sync.outbox_waiting(db)
        return SyncStatus(
            till=own,
            name=names.get(own, ""),
            others=others,
            unsent=max(sync.outbox_last(db) - published, 0),
            kept=kept,
            notices=tuple(SyncNotice(*found) for found in sync.notices(db, notices)),
        )

    def exchange(self, folder: Path) -> SyncReport:
        """Send this till's new changes to `folder`, apply every other till's found there,
        and forget what every till has."""
        folder = Path(folder)
        if not folder.is_dir():
            raise StoreUnavailable(
                N_("The folder {folder} does not exist. Create it first or choose another place."),
                folder=str(folder),
            )
        own = tills.this_till(self._ctx.db)
        self._refuse_if_rewound(folder, own)
        report = SyncReport(own)
        mine = _folder_of(folder, own)
        mine.mkdir(exist_ok=True)
        self._publish(mine, own, report)
        self._receive_all(folder, own, report)
        if report.applied:
            self._settle_transfers()
            self._publish(mine, own, report)
        # Pruned before the state says from where this till keeps its batches: a copy of
        # the folder elsewhere (a hub's) deletes what the state says is gone.
        self._prune(mine, own, report)
        self._write_state(mine, own)
        return report

    def _settle_transfers(self) -> None:
        """A transfer two tills of this branch received while apart: the first receipt
        stands, and this till takes back the stock of its own (duka.services.transfers)."""
        from duka.services.transfers import settle_twice_received

        settle_twice_received(self._ctx)

    def hub_key(self) -> str:
        """The key the shop's hub asks of its tills (duka.services.hub_http)."""
        from duka.services.hub_http import shop_key

        return shop_key(self._ctx.db)

    def exchange_through_hub(self, url: str, folder: Path) -> tuple[HubMoved, SyncReport]:
        """Exchange through the hub at `url`: bring `folder` (this till's copy of the hub's
        folder) level with the hub's, exchange there as through any folder, and send the
        hub what that wrote. A hub that cannot be reached refuses (HubUnreachable) before
        anything is exchanged, or after, with this till's changes kept for the next round."""
        from duka.services.hub_http import HubClient, mirror

        client = HubClient(url, self.hub_key())
        moved = mirror(Path(folder), client)
        report = self.exchange(folder)
        mirror(Path(folder), client, moved)
        return moved, report

    def _refuse_if_rewound(self, folder: Path, own: int) -> None:
        """Refuse a file older than what the other tills have of it (restored from a
        backup): its next changes would take numbers and sequences the others already
        hold from the changes it made after that backup, and be skipped or refused there."""
        high = sync.sent_high(self._ctx.db)
        for place in folder.glob("till-*"):
            state = read_state(place / STATE)
            their = state.get("applied") if state else None
            has = their.get(str(own), 0) if isinstance(their, dict) else 0
            if isinstance(has, int) and has > high:
                raise Conflict(
                    N_(
                        "This till's file is older than what the other tills already have "
                        "of it (restored from a backup?): syncing it would lose sales. Keep "
                        "this file aside and make this computer a new till from the hub "
                        "(duka till new)."
                    )
                )

    # -- sending -------------------------------------------------------------------------

    def _publish(self, mine: Path, own: int, report: SyncReport) -> None:
        """Write this till's changes that the folder lacks and some till still needs: after
        the last batch in the folder, or after what every other till has if that is further
        (a folder chosen afresh, a USB stick swapped: what they still need is written again)."""
        db = self._ctx.db
        present = max(
            (span[1] for path in mine.glob("*.batch") if (span := batch_range(path))),
            default=0,
        )
        done = max(present, self._everyone_has(own))
        while entries := sync.outbox_after(db, done, BATCH):
            first, last = entries[0].seq, entries[-1].seq
            write_whole(mine / f"{first:012d}-{last:012d}.batch", sync.pack(entries))
            with self._ctx.writing(capture=False) as conn:
                sync.note_peer(conn, own, published=last)
            report.sent += len(entries)
            report.batches += 1
            done = last

    def _everyone_has(self, own: int) -> int:
        """How far every other till has applied this one's changes (0 with no other till).
        Every till this file knows, or heard of from the others: a till made from the hub
        after this one is named in the hub's state before it can have missed anything."""
        db = self._ctx.db
        heard = sync.peers(db)
        others = sorted(({t.number for t in tills.known(db)} | set(heard)) - {own})
        if not others:
            return 0
        return min(heard[t].has_ours if t in heard else 0 for t in others)

    def _write_state(self, mine: Path, own: int) -> None:
        db = self._ctx.db
        names = {t.number: t.name for t in tills.known(db)}
        state = {
            "till": own,
            # The tills this one knows: another till keeps its changes until they have them.
            "tills": {
                str(t.number): {"name": t.name, "made_at": t.made_at, "made_from": t.made_from}
                for t in tills.known(db)
            },
            "name": names.get(own, ""),
            "applied": {str(p.till): p.applied for p in sync.peers(db).values() if p.till != own},
            "at": self._ctx.now(),
            # Its batches ending before this are gone for good (every till had them): a
            # copy of the folder elsewhere deletes them too and never brings them back.
            "kept_from": kept_from(db),
            # Counts this till's writes of the file, so that of two copies (here and at a
            # hub) the later one wins whatever the clocks say. Older files have neither.
            "written": written(read_state(mine / STATE)) + 1,
        }
        write_whole(mine / STATE, json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))

    def _prune(self, mine: Path, own: int, report: SyncReport) -> None:
        """Forget the changes every other till this file knows has applied."""
        upto = self._everyone_has(own)
        if upto <= 0:
            return
        oldest = sync.outbox_first(self._ctx.db)
        if oldest is not None and oldest <= upto:  # else nothing to forget: nothing written
            with self._ctx.writing(capture=False) as conn:
                report.pruned = sync.prune(conn, upto)
        for path in mine.glob("*.batch"):
            found = batch_range(path)
            if found is not None and found[1] <= upto:
                path.unlink(missing_ok=True)

    # -- receiving -----------------------------------------------------------------------

    def _receive_all(self, folder: Path, own: int, report: SyncReport) -> None:
        """Apply every other till's changes found in `folder`, each till's in its order.
        A change may need another till's (a refund of a sale made at a third till): what
        does not fit yet waits while the others are applied, and is tried again as long as
        anything moves."""
        db = self._ctx.db
        waiting: dict[int, list[sync.Entry]] = {}
        names: dict[int, str] = {}
        for place in sorted(folder.glob("till-*")):
            number = place.name.removeprefix("till-")
            if not (number.isdigit() and int(number) != own and place.is_dir()):
                continue
            till = int(number)
            state = read_state(place / STATE)
            names[till] = str(state.get("name", "")) if state else ""
            their = state.get("applied") if state else None
            has_ours = int(their.get(str(own), 0)) if isinstance(their, dict) else 0
            # Heard from when it last exchanged, by its own stamp: a till that has not been
            # back since writes nothing here (the window asks every few seconds).
            at = state.get("at") if state else None
            heard_at = at if isinstance(at, str) else None
            self._learn_tills(state)
            peer = sync.peers(db).get(till)
            if peer is None or (
                (names[till] or peer.name, has_ours, heard_at or peer.heard_at)
                != (peer.name, peer.has_ours, peer.heard_at)
            ):
                with self._ctx.writing(capture=False) as conn:
                    sync.note_peer(
                        conn, till, name=names[till] or None, has_ours=has_ours, heard_at=heard_at
                    )
                peer = sync.peers(db).get(till)
            waiting[till] = _entries_after(place, peer.applied if peer else 0)
        refused: dict[int, str] = {}
        moved = True
        while moved:
            moved = False
            for till, entries in waiting.items():
                while entries:
                    done, reason = self._apply_some(till, own, entries, report)
                    del entries[:done]
                    moved = moved or done > 0
                    if reason is not None:
                        refused[till] = reason
                        break
                    refused.pop(till, None)
        for till, reason in refused.items():
            if waiting[till]:
                self._note_refusal(till, reason)
                report.refused[till] = reason
        peers = sync.peers(db)
        for till in sorted(waiting):
            applied = peers[till].applied if till in peers else 0
            report.heard.append(TillHeard(till, names[till], applied, report.refused.get(till)))

    def _apply_some(
        self, till: int, own: int, entries: list[sync.Entry], report: SyncReport
    ) -> tuple[int, str | None]:
        """Apply as many of `entries` from the first as fit: up to APPLY_AT_ONCE in one
        transaction, else one by one up to the one that does not. How many, and why not."""
        chunk = entries[:APPLY_AT_ONCE]
        reason = self._apply(till, own, chunk, report)
        if reason is None:
            return len(chunk), None
        if len(chunk) == 1:
            return 0, reason
        for done, entry in enumerate(chunk):
            reason = self._apply(till, own, [entry], report)
            if reason is not None:
                return done, reason
        return len(chunk), None

    def _note_refusal(self, till: int, reason: str) -> None:
        """Note a refusal for the owner once, not at every exchange while it waits."""
        db = self._ctx.db
        last = next((n for n in sync.notices(db, 20) if n[1] == till), None)
        if last is not None and last[2] == "refused" and last[4] == reason:
            return
        with self._ctx.writing(capture=False) as conn:
            sync.notice(conn, self._ctx.now(), till, "refused", "", reason)

    def _learn_tills(self, state: dict[str, object] | None) -> None:
        """Note the tills another till knows of and this file does not (one made from the
        hub after this till was): this till keeps its changes until they have them too, as
        a till made from a copy has only what its maker had applied then."""
        listed = state.get("tills") if state else None
        if not isinstance(listed, dict):
            return
        db = self._ctx.db
        here = {t.number for t in tills.known(db)}
        new = {
            int(number): made
            for number, made in listed.items()
            if str(number).isdigit() and int(number) not in here and isinstance(made, dict)
        }
        if not new:
            return
        with self._ctx.writing(capture=False) as conn:
            for number, made in sorted(new.items()):
                made_from = made.get("made_from")
                tills.register(
                    conn,
                    number,
                    str(made.get("name", "")),
                    str(made.get("made_at", "")) or self._ctx.now(),
                    "",
                    made_from if isinstance(made_from, int) else tills.FIRST_TILL,
                )

    def _apply(
        self, till: int, own: int, entries: list[sync.Entry], report: SyncReport
    ) -> str | None:
        """Apply `entries` of `till` in one transaction; why not, if they were refused."""
        try:
            with self._ctx.writing(capture=False) as conn:
                done = sync.apply(conn, (e.changeset for e in entries), till, own)
                sync.note_peer(conn, till, applied=entries[-1].seq)
                at = self._ctx.now()
                for kind, table, detail in done.notices:
                    sync.notice(conn, at, till, kind, table, detail)
                self._ctx.touch(_areas(done.tables))
        except sync.Refused as refusal:
            return refusal.reason
        report.applied[till] = report.applied.get(till, 0) + len(entries)
        report.notices.extend((till, kind, table, detail) for kind, table, detail in done.notices)
        return None


def _areas(tables: set[str]) -> set[Area]:
    return {area for t in tables if (area := TABLE_AREAS.get(t)) is not None}


def _entries_after(place: Path, applied: int) -> list[sync.Entry]:
    """A till's changes after `applied` found in its folder, in order, up to the first one
    missing (a batch not here yet)."""
    found: list[sync.Entry] = []
    batches = sorted(
        (span, path)
        for path in place.glob("*.batch")
        if (span := batch_range(path)) is not None and span[1] > applied
    )
    for _span, path in batches:
        try:
            body = path.read_bytes()
        except OSError:
            break  # a file going away under us (pruned by its till): the rest waits
        for entry in sync.unpack(body):
            expected = applied + len(found) + 1
            if entry.seq < expected:
                continue
            if entry.seq > expected:
                return found
            found.append(entry)
    return found


def kept_from(db: Connection) -> int:
    """The first of this till's changes it still keeps: those before were pruned, from its
    outbox and its batch files, once every till had them."""
    first = sync.outbox_first(db)
    return first if first is not None else sync.sent_high(db) + 1
