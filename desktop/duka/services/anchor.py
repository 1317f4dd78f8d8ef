"""The journal's anchor: its head (sequence and hash) kept outside the shop file.

A hash chain proves that nothing inside it was changed, but not that its newest entries
were not cut off: whoever deletes the last sales with their journal rows leaves a shorter
chain that is still whole. The anchor is the head as Duka last saw it, written to the data
folder (one small file per shop file), beside every backup, and printed on every Z report.
`duka verify` then names a journal that ends before the anchor or differs from it at the
anchor's sequence.

An anchor only moves forward along the same chain: when the file no longer reaches the
known anchor, the anchor is kept as it is (it is the evidence) until a restore, which
legitimately takes the shop back, sets it anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from duka.core.errors import InvalidInput
from duka.i18n import N_, _
from duka.store import journal
from duka.store.database import Connection

SHORT_HASH = 12  # hex digits printed on a Z report
MIN_HASH = 8  # the fewest hex digits `--anchor` accepts
# While the shop is in use the anchor follows it at most this often (on writes, never on
# a timer); closing the shop, a cash-up and a backup always update it.
EVERY_S = 180.0


@dataclass(frozen=True, slots=True)
class Anchor:
    """The journal's newest entry as last seen, kept outside the shop file."""

    seq: int
    hash: str  # hex; a full SHA-256, or a prefix read off paper
    at: str = ""
    where: str = ""  # what recorded it, for the message

    def short(self) -> str:
        return f"{self.seq}:{self.hash[:SHORT_HASH]}"


def printed(entry: journal.Entry | None) -> str:
    """The anchor as a Z report prints it: "1234 · 9f3a2c4b1d07…"."""
    if entry is None:
        return "0"
    return f"{entry.seq} · {entry.hash.hex()[:SHORT_HASH]}…"


def parse(text: str) -> Anchor:
    """An anchor typed as SEQ:HASH (HASH: at least 8 hex digits, as a Z report prints)."""
    seq_text, colon, hash_text = text.strip().replace("·", ":").partition(":")
    hash_text = hash_text.strip().rstrip("…").rstrip(".").lower()
    seq_text = seq_text.strip()
    if (
        not colon
        or not seq_text.isdigit()
        or len(hash_text) < MIN_HASH
        or len(hash_text) > 64
        or any(c not in "0123456789abcdef" for c in hash_text)
    ):
        raise InvalidInput(
            N_(
                "“{text}” is not a journal anchor: write the sequence number and at least "
                "the first 8 characters of the hash, as the Z report prints them, e.g. "
                "1234:9f3a2c4b."
            ),
            text=text,
        )
    return Anchor(int(seq_text), hash_text, where="given")


def problems(conn: Connection, anchor: Anchor) -> list[str]:
    """What the shop's journal says against `anchor` (empty: it reaches it unchanged)."""
    found = journal.entry_at(conn, anchor.seq) if anchor.seq else None
    origin = (
        _("the anchor {anchor} recorded {at}").format(anchor=anchor.short(), at=anchor.at)
        if anchor.at
        else _("the anchor {anchor}").format(anchor=anchor.short())
    )
    if anchor.seq and found is None:
        last = journal.last_seq(conn)
        return [
            _(
                "journal: it ends at sequence {last}, but {origin} shows it reached sequence "
                "{seq}: the newest {count} entries, or more, were removed"
            ).format(last=last, origin=origin, seq=anchor.seq, count=anchor.seq - last)
        ]
    if found is not None and not found.hash.hex().startswith(anchor.hash):
        return [
            _(
                "journal: sequence {seq} is not the one {origin} shows: the journal "
                "was rewritten from there or before"
            ).format(seq=anchor.seq, origin=origin)
        ]
    return []


class AnchorBook:
    """The anchors kept in the data folder, one file per shop file (by its full path)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def file_for(self, shop: Path) -> Path:
        key = hashlib.sha256(str(Path(shop).resolve()).encode("utf-8")).hexdigest()[:20]
        return self.folder / f"{key}.json"

    def _data(self, shop: Path) -> dict[str, object] | None:
        try:
            data = json.loads(self.file_for(shop).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def load(self, shop: Path) -> Anchor | None:
        data = self._data(shop)
        if data is None:
            return None
        try:
            return Anchor(int(str(data["seq"])), str(data["hash"]), str(data.get("at", "")), "kept")
        except (ValueError, KeyError):
            return None

    def restoring(self, shop: Path) -> Anchor | None:
        """The head of a backup being restored into `shop`, until the restore is done."""
        data = self._data(shop)
        pending = data.get("restoring") if data else None
        if not isinstance(pending, dict):
            return None
        try:
            return Anchor(int(pending["seq"]), str(pending["hash"]), str(pending.get("at", "")))
        except (ValueError, KeyError, TypeError):
            return None

    def expect_restore(
        self, shop: Path, seq: int, digest: bytes, at: str, earlier_in_place: bool = False
    ) -> None:
        """Before a restore swaps the file: the shop may from now on be the backup, so a
        restore killed before it sets the new anchor leaves no false alarm behind.
        `earlier_in_place`: the shop is now the backup of an earlier restore that was killed
        after its swap; that backup's head becomes the anchor before this one is expected
        (else a second killed restore, stopped before its swap, would leave the first one's
        backup unexplained)."""
        data = self._data(shop) or {"shop": str(Path(shop).resolve()), "seq": 0, "hash": ""}
        earlier = data.get("restoring")
        if earlier_in_place and isinstance(earlier, dict):
            data.update({k: earlier[k] for k in ("seq", "hash", "at") if k in earlier})
        data["restoring"] = {"seq": seq, "hash": digest.hex(), "at": at}
        write_json(self.file_for(shop), data)

    def cancel_restore(self, shop: Path) -> None:
        """A restore was refused before it changed anything: the shop stays what it was."""
        data = self._data(shop)
        if data is not None and data.pop("restoring", None) is not None:
            write_json(self.file_for(shop), data)

    def problems(self, conn: Connection, shop: Path) -> tuple[Anchor | None, list[str]]:
        """The kept anchor and what the journal says against it (a restore that was under
        way when it was stopped may have put its backup in place: that is no finding)."""
        known = self.load(shop)
        if known is None:
            return None, []
        found = problems(conn, known)
        pending = self.restoring(shop)
        if found and pending is not None and not problems(conn, pending):
            return pending, []
        return known, found

    def write(self, shop: Path, entry: journal.Entry | None, at: str) -> None:
        target = self.file_for(shop)
        data = {
            "shop": str(Path(shop).resolve()),
            "seq": entry.seq if entry else 0,
            "hash": entry.hash.hex() if entry else "",
            "at": at,
        }
        write_json(target, data)

    def update(self, conn: Connection, shop: Path, at: str) -> bool:
        """Move the anchor to the journal's head, if the journal still reaches the known
        anchor; True if it was written. Never fails the work that called it."""
        try:
            known, found = self.problems(conn, shop)
            if found:
                return False  # keep the evidence
            entry = journal.head(conn)
            pending = self.restoring(shop) is not None
            if known is not None and entry is not None and known.seq == entry.seq and not pending:
                return True
            self.write(shop, entry, at)
            return True
        except OSError:
            return False  # a data folder Duka may not write: the shop still works


def write_json(target: Path, data: dict[str, object]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(partial, target)


def beside(backup: Path) -> Path:
    """The anchor file written next to a backup."""
    return backup.with_name(backup.name + ".anchor")


def read_beside(backup: Path) -> Anchor | None:
    try:
        data = json.loads(beside(backup).read_text(encoding="utf-8"))
        return Anchor(int(data["seq"]), str(data["hash"]), str(data.get("at", "")), "backup")
    except (OSError, ValueError, KeyError, TypeError):
        return None


class Keeper:
    """Keeps one open shop's anchor up to date: at once when asked (closing, a cash-up, a
    backup), else at most every EVERY_S seconds of activity."""

    def __init__(self, book: AnchorBook, conn: Connection, shop: Path) -> None:
        self.book = book
        self._conn = conn
        self._shop = shop
        self._last = 0.0

    def known(self) -> Anchor | None:
        return self.book.load(self._shop)

    def problems(self) -> tuple[Anchor | None, list[str]]:
        return self.book.problems(self._conn, self._shop)

    def update(self, at: str) -> None:
        if self._conn.in_transaction:
            return  # only what is committed is anchored
        self.book.update(self._conn, self._shop, at)
        self._last = time.monotonic()

    def touch(self, at: str) -> None:
        if time.monotonic() - self._last >= EVERY_S:
            self.update(at)

    def reset(self, at: str) -> None:
        """Anchor the shop as it is now (after a restore took it back in time)."""
        try:
            self.book.write(self._shop, journal.head(self._conn), at)
        except OSError:
            return  # a data folder Duka may not write: the restore itself is done
        self._last = time.monotonic()
