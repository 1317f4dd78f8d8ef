"""The benchmarks' synthetic shop keeps its cash-ups as Duka would: every sale, refund and
cash payment in a till's (or the office's) session, each closed one's Z report agreeing with
what its close wrote, and `duka verify` finding nothing wrong with them."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from duka.core.access import Actor
from duka.services.shop import Shop

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synth


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    db = folder / "shop.sqlite3"
    synth.build_shop(db, 200, 100, backup_dir=folder / "backups")
    synth.add_sales_history(db, 8_000, years=1)
    synth.add_accounts(db, 30)
    return db


def test_verify_finds_the_cash_ups_whole(history: Path) -> None:
    with Shop.open(
        history, backup_dir=history.parent / "backups", actor=Actor.command_line("test")
    ) as shop:
        results = {r.name: r for r in shop.maintenance.verify()}
    assert results["Cash-ups"].problems == ()
    assert results["Cash-ups"].notes == ()
    assert results["Customer accounts"].problems == ()
    # The history's sales and refunds are not journaled (by design); the cash events are.
    journal = results["Journal and audit trail"].problems
    assert journal
    assert all(p.startswith(("sales row", "refunds row")) for p in journal)


def test_each_z_report_agrees_with_its_close(history: Path) -> None:
    conn = sqlite3.connect(history)
    closes = conn.execute(
        "SELECT s.id, s.closed_at, e.details FROM cash_sessions s JOIN cash_events e "
        "ON e.session_id = s.id AND e.kind = 'close' WHERE s.state = 'closed' ORDER BY s.id"
    ).fetchall()
    open_ones = conn.execute(
        "SELECT computer FROM cash_sessions WHERE state = 'open' ORDER BY computer"
    ).fetchall()
    # No document lies outside its session's opening hours.
    outside = sum(
        conn.execute(
            f"SELECT count(*) FROM {table} t JOIN cash_sessions s ON s.id = t.session_id "
            "WHERE t.at < s.opened_at OR t.at > ifnull(s.closed_at, '9')"
        ).fetchone()[0]
        for table in ("sales", "refunds", "customer_ledger")
    )
    grand_totals = [
        conn.execute(
            "SELECT (SELECT ifnull(sum(gross), 0) FROM sales WHERE at <= ?1) - "
            "(SELECT ifnull(sum(gross), 0) FROM refunds WHERE at <= ?1)",
            (closed_at,),
        ).fetchone()[0]
        for _id, closed_at, _details in closes
    ]
    conn.close()
    assert len(closes) > 700  # two tills a day for a year, and the office
    assert outside == 0
    # Today's sessions stay open from 7:50 until each till closes (20:05, 20:10, local time);
    # the history was made a little before now, so around the closes either may be seen.
    now = dt.datetime.now().astimezone()
    today = now.date()

    def local(hour: int, minute: int) -> dt.datetime:
        return dt.datetime.combine(today, dt.time(hour, minute)).astimezone()

    still_open = [
        (till,)
        for number, till in enumerate(synth.TILLS, start=1)
        if local(7, 50) <= now < local(20, 5 * number)
    ]
    assert open_ones == still_open or abs(now - local(20, 5)) < dt.timedelta(minutes=11)
    with Shop.open(
        history, backup_dir=history.parent / "backups", actor=Actor.command_line("test")
    ) as shop:
        for (session, _closed_at, details), grand_total in zip(closes, grand_totals, strict=True):
            written = json.loads(details)
            report = shop.cash.report(session)
            assert report.expected.minor == written["expected"]
            assert report.difference is not None
            assert report.difference.minor == written["difference"]
            assert written["grand_total"] == grand_total
