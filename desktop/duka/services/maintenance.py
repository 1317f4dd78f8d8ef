"""Keeping the shop's file healthy: verify, back up, restore."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from duka.core.access import Permission

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
from duka.core.audit import AuditAction
from duka.core.errors import BackupFailed
from duka.core.tills import shown
from duka.i18n import N_, _, current_language
from duka.services import anchor as anchors
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import backup as backups
from duka.store import (
    batches_repo,
    cash_repo,
    invoices_repo,
    journal,
    ledger_repo,
    money_repo,
    products_repo,
    purchases_repo,
    refunds_repo,
    sales_repo,
    stock_repo,
    summaries,
    suppliers_repo,
    transfers_repo,
)
from duka.store.database import (
    check_folder,
    database_path,
    integrity_problems,
    reading,
    schema_version,
)
from duka.store.migrations import SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str  # catalog string naming what was checked
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()  # worth knowing, not wrong: `duka verify` still passes

    @property
    def ok(self) -> bool:
        return not self.problems


Check = Callable[[Context, SettingsService], list[str]]


def _integrity(ctx: Context, _settings: SettingsService) -> list[str]:
    return integrity_problems(ctx.db)


def _schema(ctx: Context, _settings: SettingsService) -> list[str]:
    found = schema_version(ctx.db)
    if found != SCHEMA_VERSION:
        return [
            _("data version {found}, expected {expected}").format(
                found=found, expected=SCHEMA_VERSION
            )
        ]
    return []


def _settings_check(_ctx: Context, settings: SettingsService) -> list[str]:
    return settings.problems()


# From this many journal rows on, the chain is checked in worker processes, one range each:
# a row's stored predecessor hash lets every range be checked on its own.
PARALLEL_FROM = 100_000


def _process_context() -> BaseContext:
    # Forking is fastest, but not safe once Qt has started threads: the command line
    # forks, the app spawns fresh interpreters.
    import multiprocessing

    if sys.platform == "linux" and "PySide6.QtCore" not in sys.modules:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _journal(ctx: Context, _settings: SettingsService) -> list[str]:
    return check_journal(ctx)


def check_journal(ctx: Context, *, records: bool = True) -> list[str]:
    """The journal's structure and hash chain and, with `records`, every journaled record
    against its source row."""
    problems = journal.structure_problems(ctx.db)
    if records:
        # Users, settings, prices, credit limits: each row against its newest entry.
        problems += journal.latest_problems(ctx.db)
    chains = journal.chains(ctx.db)
    entries = sum(last - first + 1 for first, last in chains)
    workers = min(4, os.cpu_count() or 1)
    # Workers read the file by its name; a private snapshot in memory has none.
    if entries < PARALLEL_FROM or workers < 2 or not database_path(ctx.db):
        problems += journal.chain_problems(ctx.db)
        return problems + journal.record_problems(ctx.db) if records else problems
    from concurrent.futures import ProcessPoolExecutor  # only for large journals

    with ProcessPoolExecutor(max_workers=workers, mp_context=_process_context()) as pool:
        parts = [
            pool.submit(
                journal.verify_range, str(ctx.path), first, end, records, current_language()
            )
            # More ranges than workers: a worker slowed by something else on the computer
            # does not hold the whole check back.
            for first, end in journal.ranges(chains, workers * 4)
        ]
        for part in parts:
            problems.extend(part.result())
    return problems


_APPEND_ONLY = (
    "stock_movements",
    "supplier_ledger",
    "goods_received",
    "goods_received_lines",
    "goods_received_taxes",
    "supplier_payments",
    "transfers",
    "transfer_lines",
    "transfer_receipts",
    "transfer_receipt_lines",
    "expenses",
    "expense_files",
    "drawings",
    "money_entries",
    "money_reconciliations",
    "purchase_orders",
    "purchase_order_lines",
    "purchase_order_receipts",
    "purchase_order_cancellations",
    "supplier_returns",
    "supplier_return_lines",
    "supplier_return_taxes",
    "batches",
)


def _removed_triggers(ctx: Context, tables: tuple[str, ...]) -> list[str]:
    present = journal.trigger_names(ctx.db)
    return [
        _removed(table, f"{table}_no_{event}")
        for table in tables
        for event in ("update", "delete")
        if f"{table}_no_{event}" not in present
    ]


def _removed(table: str, trigger: str) -> str:
    return _("{table}: the protection trigger {trigger} was removed").format(
        table=table, trigger=trigger
    )


# The kinds of document a cash-up check names, as cash_repo gives them.
_DOCUMENTS = {"sale": N_("Sale"), "refund": N_("Refund"), "payment": N_("Payment")}


def _document(kind: str) -> str:
    return _(_DOCUMENTS[kind]) if kind in _DOCUMENTS else kind


def _inventory(ctx: Context, _settings: SettingsService) -> list[str]:
    """Stock levels against the ledger, deliveries against their movements and accounts."""
    return (
        _removed_triggers(ctx, _APPEND_ONLY)
        + stock_repo.level_problems(ctx.db)
        + batches_repo.level_problems(ctx.db)
        + batches_repo.movement_problems(ctx.db)
        + transfers_repo.problems(ctx.db)
        + suppliers_repo.document_problems(ctx.db)
        + purchases_repo.document_problems(ctx.db)
        + products_repo.count_problems(ctx.db)
    )


_SALE_TABLES = (
    "sales",
    "sale_lines",
    "sale_taxes",
    "sale_payments",
    "refunds",
    "refund_lines",
    "refund_taxes",
    "refund_payments",
    "cash_events",
)


def _sales(ctx: Context, _settings: SettingsService) -> list[str]:
    """Each sale's and refund's lines, taxes, payments, stock movements and journal entry
    agree, nothing comes back more than was sold, and numbers run without gaps."""
    return (
        _removed_triggers(ctx, _SALE_TABLES)
        + sales_repo.problems(ctx.db)
        + sales_repo.numbering_problems(ctx.db)
        + refunds_repo.problems(ctx.db)
        + sales_repo.numbering_problems(ctx.db, "refunds", "refund", "R-")
    )


def _sales_notes(ctx: Context) -> list[str]:
    return refunds_repo.refunded_on_two_tills(ctx.db)


def _accounts(ctx: Context, _settings: SettingsService) -> list[str]:
    """Customers' cached balances and open debts equal their ledgers, every allocation
    settles a debt with a credit of the same customer, every sale and refund on account is
    on the account, and payment and adjustment numbers run without gaps."""
    return (
        _removed_triggers(ctx, ("customer_ledger", "customer_allocations"))
        + ledger_repo.problems(ctx.db)
        + sales_repo.numbering_problems(
            ctx.db, "customer_ledger", "customer_payment", "CP-", "document"
        )
        + sales_repo.numbering_problems(
            ctx.db, "customer_ledger", "customer_adjustment", "ADJ-", "document"
        )
    )


CASH_TRIGGERS = tuple(
    f"{table}_need_cash_session" for table in ("sales", "refunds", "customer_ledger")
)
NOTES_SHOWN = 20  # older rows named one by one; the rest are counted


def _cash_ups(ctx: Context, _settings: SettingsService) -> list[str]:
    """Every sale, refund and payment taken in cash since every sale had to be in a
    cash-up (data version 12) belongs to a cash session, and the triggers that refuse one
    without a session are there."""
    present = journal.trigger_names(ctx.db)
    removed = [_removed("cash_sessions", name) for name in CASH_TRIGGERS if name not in present]
    return (
        removed
        + _removed_triggers(ctx, ("cash_rule", "cash_backlog"))
        + [
            _("{kind} {number} ({at}) belongs to no cash session").format(
                kind=_document(kind), number=number, at=at
            )
            for kind, number, at in cash_repo.new_unsessioned(ctx.db)
        ]
    )


def _cash_up_notes(ctx: Context) -> list[str]:
    """The sales, refunds and cash payments written before that change without a session:
    kept as they were, and reported once by a Z report."""
    total, rows = cash_repo.old_unsessioned(ctx.db, NOTES_SHOWN)
    if not total:
        return []
    waiting = 0 if cash_repo.backlog_claimed(ctx.db) else total
    notes = [
        _(
            "{total} sales, refunds or cash payments were written before every sale was in "
            "a cash-up; {waiting} wait for the next Z report of a computer"
        ).format(total=total, waiting=waiting)
    ]
    for kind, number, at, session in rows:
        where = (
            _("reported by Z report {number}").format(number=shown(session))
            if session
            else _("not reported yet")
        )
        notes.append(
            _("{kind} {number} ({at}), in no cash session: {where}").format(
                kind=_document(kind), number=number, at=at, where=where
            )
        )
    if total > len(rows):
        notes.append(_("and {count} more").format(count=total - len(rows)))
    return notes


INVOICE_TRIGGERS = (
    "invoices_issued_update",
    "invoices_issued_delete",
    *(
        f"{table}_issued_{event}"
        for table in ("invoice_lines", "invoice_taxes")
        for event in ("insert", "update", "delete")
    ),
)


def _invoices(ctx: Context, _settings: SettingsService) -> list[str]:
    """Issued quotes, invoices and credit notes: protected, numbered without gaps, their
    taxes adding up, on the customer's account, and their stock moved."""
    present = journal.trigger_names(ctx.db)
    removed = [_removed("invoices", name) for name in INVOICE_TRIGGERS if name not in present]
    return removed + invoices_repo.problems(ctx.db) + invoices_repo.numbering_problems(ctx.db)


def _money(ctx: Context, _settings: SettingsService) -> list[str]:
    """The money accounts' books: both legs of every transfer, the entry of every expense
    and drawing paid from an account, the cash movement of every one through the drawer."""
    return money_repo.problems(ctx.db)


def _search_index(ctx: Context, _settings: SettingsService) -> list[str]:
    return products_repo.search_index_problems(ctx.db) + products_repo.name_gram_problems(ctx.db)


def _report_summaries(ctx: Context, _settings: SettingsService) -> list[str]:
    """The reports' daily summaries equal what the sales, refunds, invoices and credit
    notes say, day by day and product by product."""
    return summaries.problems(ctx.db)


# Checks that write while they check (FTS5's integrity check is an INSERT; the summaries
# first take in the documents waiting for them): run before the others, each in its own
# transaction, since a read snapshot cannot take the write lock once another program wrote.
WRITING_CHECKS: list[tuple[str, Check]] = [
    (N_("Search index"), _search_index),
]

# Later features append their consistency checks here (ledgers, numbering). They only read,
# all in one read transaction: another program's commit in the middle of the checks is
# either wholly seen or not at all, so it is never taken for damage.
CHECKS: list[tuple[str, Check]] = [
    (N_("Database integrity and links"), _integrity),
    (N_("Data version"), _schema),
    (N_("Settings"), _settings_check),
    (N_("Journal and audit trail"), _journal),
    (N_("Stock and suppliers"), _inventory),
    (N_("Sales"), _sales),
    (N_("Cash-ups"), _cash_ups),
    (N_("Customer accounts"), _accounts),
    (N_("Invoices, quotes and credit notes"), _invoices),
    (N_("Report summaries"), _report_summaries),
    (N_("Money accounts"), _money),
]


class MaintenanceService:
    def __init__(self, context: Context, settings: SettingsService, backup_dir: Path) -> None:
        self._ctx = context
        self._settings = settings
        self.backup_dir = backup_dir

    def verify(self, anchor: anchors.Anchor | None = None) -> list[CheckResult]:
        """Every check; `anchor` is one read off a paper Z report (`--anchor SEQ:HASH`)."""
        require(self._ctx, Permission.VERIFY)
        notes = {N_("Cash-ups"): _cash_up_notes, N_("Sales"): _sales_notes}

        def result(name: str, check: Check) -> CheckResult:
            found = tuple(check(self._ctx, self._settings))
            return CheckResult(name, found, tuple(notes[name](self._ctx)) if name in notes else ())

        summaries.fold_now(self._ctx.db)
        first = [result(name, check) for name, check in WRITING_CHECKS]
        with reading(self._ctx.db):
            rest = [result(name, check) for name, check in CHECKS]
        return rest[:1] + first + rest[1:] + [self._anchor_check(anchor)]

    def _anchor_check(self, given: anchors.Anchor | None) -> CheckResult:
        """The journal against the anchors kept outside the file, and one given."""
        db = self._ctx.db
        head = journal.head(db)
        notes = [_("the journal ends at {anchor}").format(anchor=anchors.printed(head))]
        kept, found = self._ctx.anchor.problems() if self._ctx.anchor else (None, [])
        if kept is not None:
            notes.append(
                _("last anchor kept in the data folder: {anchor}… ({at})").format(
                    anchor=kept.short(), at=kept.at
                )
            )
        elif self._ctx.anchor is not None:
            notes.append(_("no anchor kept in the data folder for this file yet"))
        if given is not None:
            found += anchors.problems(db, given)
            if not found:
                notes.append(
                    _("the journal reaches the anchor {anchor} unchanged").format(
                        anchor=given.short()
                    )
                )
        return CheckResult(N_("Journal anchor"), tuple(found), tuple(notes))

    def backup(self, destination: Path | None = None) -> backups.BackupInfo:
        """An online backup to `destination` (a file or a folder), verified."""
        require(self._ctx, Permission.BACKUP_RESTORE)
        info = backups.backup_database(self._ctx.db, self._target(destination))
        self.record_backup(info)
        return info

    def _anchor_beside(self, info: backups.BackupInfo) -> None:
        """The backup's own journal head in a small file beside it: a backup whose newest
        records were later cut off is then seen before it is restored."""
        head = backups.journal_head(info.path)
        if head is None:
            return
        try:
            anchors.write_json(
                anchors.beside(info.path),
                {"seq": head[0], "hash": head[1].hex(), "at": self._ctx.now()},
            )
        except OSError:
            pass  # the backup itself is good; the anchor beside it is an extra

    def backup_copy(self, destination: Path | None = None) -> backups.BackupInfo:
        """The same as `backup`, on a connection of its own, so it may run in a worker thread
        while the window stays responsive. Record it with `record_backup` afterwards, on the
        window's thread."""
        require(self._ctx, Permission.BACKUP_RESTORE)
        return backups.backup_file(self._ctx.path, self._target(destination))

    def record_backup(self, info: backups.BackupInfo) -> None:
        self._anchor_beside(info)
        record(self._ctx, AuditAction.BACKUP, str(info.path), after={"bytes": info.size})
        self._ctx.checkpoint()

    def record_restore(self, backup: Path, kept: Path | None) -> None:
        """Note in the restored shop's own audit trail where it came from."""
        record(
            self._ctx,
            AuditAction.RESTORE,
            str(backup),
            before={"kept_as": str(kept)} if kept else None,
        )
        # The shop went back in time on purpose: its anchor starts again from here.
        if self._ctx.anchor is not None:
            self._ctx.anchor.reset(self._ctx.now())

    def _target(self, destination: Path | None) -> Path:
        if destination is None:
            target = backups.backup_name(self._ctx.path, self.backup_dir)
        elif destination.is_dir():
            target = backups.backup_name(self._ctx.path, destination)
        else:
            target = destination
        if target.resolve() == self._ctx.path.resolve():
            raise BackupFailed(N_("A backup cannot replace the shop file itself."))
        return target


def expect_restore(anchor_dir: Path, backup: Path, target: Path, at: str) -> None:
    """Tell the anchor of `target` that it may become `backup` (before the swap)."""
    head = backups.journal_head(backup)
    if head is not None:
        try:
            book = anchors.AnchorBook(anchor_dir)
            earlier = book.restoring(target)
            in_place = earlier is not None and backups.journal_hash_at(
                target, earlier.seq
            ) == bytes.fromhex(earlier.hash)
            book.expect_restore(target, head[0], head[1], at, earlier_in_place=in_place)
        except (OSError, ValueError):
            pass  # no anchor can be kept: restoring needs none


def cancel_restore(anchor_dir: Path, target: Path) -> None:
    try:
        anchors.AnchorBook(anchor_dir).cancel_restore(target)
    except OSError:
        pass


def check_restore_target(target: Path) -> None:
    """Refuse a place a shop cannot be restored to (a damaged file there is fine)."""
    check_folder(target)


def restore(backup: Path, target: Path, keep_folder: Path) -> Path | None:
    """Replace the shop at `target` with a verified `backup`; return where the old file went.

    The caller must hold the shop's single-instance lock so no Duka has it open, and the
    shop lock (store.shop_lock) exclusively so no command writes it meanwhile.
    """
    check_folder(target)
    if backup.resolve() == target.resolve():
        raise BackupFailed(N_("A backup cannot be restored onto itself."))
    kept_anchor = anchors.read_beside(backup)
    if kept_anchor is not None:
        head = backups.journal_head(backup)
        cut = head is None or head[0] < kept_anchor.seq
        if cut or (
            head is not None and head[0] == kept_anchor.seq and head[1].hex() != kept_anchor.hash
        ):
            raise BackupFailed(
                N_(
                    "{path} does not match the journal anchor written beside it when it was "
                    "made: records were removed from it or changed. Nothing was restored."
                ),
                path=str(backup),
            )
    return backups.restore_database(backup, target, keep_folder)


def verify_backup(backup: Path) -> backups.BackupInfo:
    return backups.verify_backup(backup)


BackupInfo = backups.BackupInfo

__all__ = ["CHECKS", "BackupInfo", "CheckResult", "MaintenanceService", "restore", "verify_backup"]
