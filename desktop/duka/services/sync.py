"""Exchanging changes with the shop's other tills through a folder.

The folder is any place every till can reach now and then: a network share, a USB stick
carried between them, or a folder a file-sync tool keeps in step. Each till writes only in
its own subfolder `till-N`: its batches (`FIRST-LAST.batch`, its changes FIRST to LAST) and
`state.json` (its name, the tills it knows of, and how far it has applied each other till's
changes). Every till reads the others' subfolders. That is the whole protocol: "which
batches do you have". A till forgets its changes only once every till it knows of has them,
and it learns of a till made after it from the others' state (a new till is a copy of its
maker's file, and has the other tills' changes only as far as its maker had applied them).

A batch file is written whole under a temporary name and then renamed, and a till notes what
it published and applied only after the file or the change is safe, so a till killed at any
point sends nothing twice that counts twice and loses nothing: a change applied is noted in
its own transaction, and one seen again is skipped by its sequence.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from duka.core.changes import Area
from duka.core.errors import StoreUnavailable
from duka.i18n import N_
from duka.services.context import Context
from duka.store import sync, tills
from duka.store.changes_repo import TABLE_AREAS

BATCH = 100  # changes a batch file carries, at most
APPLY_AT_ONCE = 1000  # changes applied in one transaction, at most
STATE = "state.json"


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


def _folder_of(folder: Path, till: int) -> Path:
    return folder / f"till-{till}"


def _batch_range(path: Path) -> tuple[int, int] | None:
    first, _dash, last = path.stem.partition("-")
    if path.suffix != ".batch" or not (first.isdigit() and last.isdigit()):
        return None
    return int(first), int(last)


def _write_whole(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


class SyncService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

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
        report = SyncReport(own)
        mine = _folder_of(folder, own)
        mine.mkdir(exist_ok=True)
        self._publish(mine, own, report)
        for other in sorted(folder.glob("till-*")):
            number = other.name.removeprefix("till-")
            if number.isdigit() and int(number) != own and other.is_dir():
                self._receive(other, int(number), own, report)
        self._write_state(mine, own)
        self._prune(mine, own, report)
        return report

    # -- sending -------------------------------------------------------------------------

    def _publish(self, mine: Path, own: int, report: SyncReport) -> None:
        db = self._ctx.db
        published = sync.peers(db).get(own)
        done = published.published if published else 0
        while entries := sync.outbox_after(db, done, BATCH):
            first, last = entries[0].seq, entries[-1].seq
            _write_whole(mine / f"{first:012d}-{last:012d}.batch", sync.pack(entries))
            with self._ctx.writing(capture=False) as conn:
                sync.note_peer(conn, own, published=last)
            report.sent += len(entries)
            report.batches += 1
            done = last

    def _write_state(self, mine: Path, own: int) -> None:
        db = self._ctx.db
        names = {t.number: t.name for t in tills.known(db)}
        state = {
            "till": own,
            "name": names.get(own, ""),
            "tills": {
                str(t.number): {"name": t.name, "made_at": t.made_at, "made_from": t.made_from}
                for t in tills.known(db)
            },
            "applied": {str(p.till): p.applied for p in sync.peers(db).values() if p.till != own},
            "at": self._ctx.now(),
        }
        _write_whole(mine / STATE, json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))

    def _prune(self, mine: Path, own: int, report: SyncReport) -> None:
        """Forget the changes every other till this file knows has applied."""
        db = self._ctx.db
        others = [t.number for t in tills.known(db) if t.number != own]
        if not others:
            return
        heard = sync.peers(db)
        upto = min(heard[t].has_ours if t in heard else 0 for t in others)
        if upto <= 0:
            return
        with self._ctx.writing(capture=False) as conn:
            report.pruned = sync.prune(conn, upto)
        for path in mine.glob("*.batch"):
            found = _batch_range(path)
            if found is not None and found[1] <= upto:
                path.unlink(missing_ok=True)

    # -- receiving -----------------------------------------------------------------------

    def _receive(self, place: Path, till: int, own: int, report: SyncReport) -> None:
        db = self._ctx.db
        state = _read_state(place / STATE)
        name = str(state.get("name", "")) if state else ""
        their = state.get("applied") if state else None
        has_ours = int(their.get(str(own), 0)) if isinstance(their, dict) else 0
        self._learn_tills(state)
        known = sync.peers(db).get(till)
        applied = known.applied if known else 0
        batches = sorted(
            (found, path)
            for path in place.glob("*.batch")
            if (found := _batch_range(path)) is not None and found[1] > applied
        )
        waiting: list[sync.Entry] = []
        refused: str | None = None
        for (_first, _last), path in batches:
            for entry in sync.unpack(path.read_bytes()):
                if entry.seq <= applied + len(waiting):
                    continue
                if entry.seq != applied + len(waiting) + 1:
                    break  # a batch not here yet: the rest waits for it
                waiting.append(entry)
                if len(waiting) >= APPLY_AT_ONCE:
                    refused = self._apply(till, own, waiting, report)
                    if refused:
                        break
                    applied += len(waiting)
                    waiting = []
            if refused:
                break
        if waiting and not refused:
            refused = self._apply(till, own, waiting, report)
            if not refused:
                applied += len(waiting)
        with self._ctx.writing(capture=False) as conn:
            sync.note_peer(
                conn,
                till,
                name=name or None,
                has_ours=has_ours,
                heard_at=self._ctx.now() if state or batches else None,
            )
        if refused:
            report.refused[till] = refused
        report.heard.append(TillHeard(till, name, applied, refused))

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
            with self._ctx.writing(capture=False) as conn:
                sync.notice(conn, self._ctx.now(), till, "refused", "", refusal.reason)
            return refusal.reason
        report.applied[till] = report.applied.get(till, 0) + len(entries)
        report.notices.extend((till, kind, table, detail) for kind, table, detail in done.notices)
        return None


def _areas(tables: set[str]) -> set[Area]:
    return {area for t in tables if (area := TABLE_AREAS.get(t)) is not None}


def _read_state(path: Path) -> dict[str, object] | None:
    try:
        found = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None
