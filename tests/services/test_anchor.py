"""The journal's anchor outside the file: cutting off the newest records is seen.

Each tampering here passes every check inside the file (the chain is whole, the numbers run
on, stock and summaries agree); only the anchor, kept in the data folder, beside backups and
on the Z report, tells that the journal once went further.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from duka.core.access import Actor
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.services import anchor as anchors
from duka.services.maintenance import CheckResult
from duka.services.shop import Shop
from tests.tampering import cut_journal_tail, cut_sales, outside_duka, rebuild_summaries


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def open_shop(path: Path, home: Path) -> Shop:
    return Shop.open(
        path,
        backup_dir=home / "backups",
        actor=Actor.command_line("tester"),
        anchor_dir=home / "anchors",
    )


@pytest.fixture
def shop_path(tmp_path: Path, private_home: Path) -> Iterator[Path]:
    path = tmp_path / "anchored.sqlite3"
    with open_shop(path, private_home) as shop:
        shop.settings.first_run(
            "Duka la Test", "KE", language="en", owner_name="Zawadi", owner_pin="4321"
        )
        shop.products.add(
            ProductDraft("Chai", kes("100"), kes("60")), opening_stock=Quantity.of(500)
        )
    yield path


def sell(shop: Shop, times: int) -> list[str]:
    checkout = shop.checkout
    product = shop.products.get(1)
    numbers = []
    for _ in range(times):
        cart, _ = checkout.new_cart().add(checkout.line_for(product, Quantity.of(1)))
        numbers.append(
            checkout.complete(
                None, cart, [Tender(PaymentMethod.CASH, kes("100"))], opening_float=kes("0")
            ).number
        )
    return numbers


def failing(results: list[CheckResult]) -> dict[str, tuple[str, ...]]:
    return {r.name: r.problems for r in results if not r.ok}


def test_cutting_off_the_newest_five_sales_is_seen_only_by_the_anchor(
    shop_path: Path, private_home: Path
) -> None:
    with open_shop(shop_path, private_home) as shop:
        sell(shop, 12)
    with outside_duka(shop_path) as conn:
        cut_sales(conn, 5)
    rebuild_summaries(shop_path)
    with open_shop(shop_path, private_home) as shop:
        found = failing(shop.maintenance.verify())
    # Everything in the file agrees with itself ...
    assert list(found) == ["Journal anchor"], found
    # ... but the journal once reached further.
    (problem,) = found["Journal anchor"]
    assert "were removed" in problem
    # Verifying again still sees it: the anchor is evidence, not moved back by a close.
    with open_shop(shop_path, private_home) as shop:
        assert "Journal anchor" in failing(shop.maintenance.verify())


def test_removing_sales_through_a_closed_z_report_is_seen_by_its_printed_anchor(
    shop_path: Path, private_home: Path
) -> None:
    with open_shop(shop_path, private_home) as shop:
        sell(shop, 10)
        shop.cash.close(kes("1000"))
        session = 1
        printed = shop.cash.report_document(session).footer[-1]
    assert printed.startswith("Journal ") and printed.endswith("…")
    seq, _dot, digest = printed.removeprefix("Journal ").rstrip("…").partition(" · ")
    paper = f"{seq}:{digest[:8]}"
    # The drawer's session, its events and the sales in it, gone with their journal rows.
    with outside_duka(shop_path) as conn:
        cut_sales(conn, 10)
        first = conn.execute(
            "SELECT min(seq) FROM journal WHERE kind = 'cash_event' AND source_id IN "
            "(SELECT id FROM cash_events WHERE session_id = ?)",
            (session,),
        ).fetchone()[0]
        conn.execute("DELETE FROM journal WHERE seq >= ?", (first,))
        conn.execute("DELETE FROM cash_events WHERE session_id = ?", (session,))
        conn.execute("DELETE FROM cash_backlog WHERE session_id = ?", (session,))
        conn.execute("DELETE FROM cash_sessions WHERE id = ?", (session,))
    rebuild_summaries(shop_path)
    # With the data folder's anchor gone too (another computer, or wiped), the paper does it.
    for kept in (private_home / "anchors").iterdir():
        kept.unlink()
    with open_shop(shop_path, private_home) as shop:
        assert failing(shop.maintenance.verify()) == {}  # the file alone cannot tell
        found = failing(shop.maintenance.verify(anchors.parse(paper)))
    assert list(found) == ["Journal anchor"]
    assert f"the anchor {seq}:{digest[:8]}" in found["Journal anchor"][0]


def test_removing_the_last_three_audit_entries_is_seen(shop_path: Path, private_home: Path) -> None:
    with open_shop(shop_path, private_home) as shop:
        for n in range(5):
            shop.products.add(ProductDraft(f"Item {n}", kes("10"), kes("5")))
        shop.maintenance.backup()
        shop.maintenance.backup()
        shop.maintenance.backup()
    with outside_duka(shop_path) as conn:
        cut_journal_tail(conn, "audit", 3)
    with open_shop(shop_path, private_home) as shop:
        found = failing(shop.maintenance.verify())
    assert list(found) == ["Journal anchor"], found


def test_an_anchor_that_differs_at_its_sequence_is_named(
    shop_path: Path, private_home: Path
) -> None:
    with open_shop(shop_path, private_home) as shop:
        sell(shop, 2)
        head = shop.maintenance.verify()[-1].notes[0]
    seq = head.split()[-3]
    with open_shop(shop_path, private_home) as shop:
        found = failing(shop.maintenance.verify(anchors.parse(f"{seq}:00000000")))
    assert "is not the one" in found["Journal anchor"][0]


def test_an_anchor_is_written_beside_every_backup_and_a_cut_backup_is_not_restored(
    shop_path: Path, private_home: Path, tmp_path: Path
) -> None:
    from duka.core.errors import BackupFailed
    from duka.services.maintenance import restore

    with open_shop(shop_path, private_home) as shop:
        sell(shop, 4)
        info = shop.maintenance.backup(tmp_path / "copy.sqlite3")
    beside = anchors.read_beside(info.path)
    assert beside is not None and beside.seq > 0
    with outside_duka(info.path) as conn:
        cut_sales(conn, 2)
    with pytest.raises(BackupFailed):
        restore(info.path, shop_path, tmp_path / "kept")
    assert not (tmp_path / "kept").exists()


def test_the_anchor_follows_the_shop_and_never_moves_back(
    shop_path: Path, private_home: Path
) -> None:
    book = anchors.AnchorBook(private_home / "anchors")
    first = book.load(shop_path)
    assert first is not None and first.seq > 0  # written when the shop was closed
    with open_shop(shop_path, private_home) as shop:
        sell(shop, 3)
        shop.cash.close(kes("300"))  # a cash-up anchors at once
        after_close = book.load(shop_path)
        assert after_close is not None and after_close.seq > first.seq
    with outside_duka(shop_path) as conn:
        cut_sales(conn, 1)
    with open_shop(shop_path, private_home) as shop:
        pass  # closing a cut shop does not move its anchor back
    assert book.load(shop_path) == after_close


@pytest.mark.parametrize("text", ["12", "12:abc", "x:12345678", "12:zzzzzzzz", ""])
def test_an_anchor_typed_wrong_is_refused_clearly(text: str) -> None:
    with pytest.raises(InvalidInput):
        anchors.parse(text)


def test_an_anchor_is_read_as_the_z_report_prints_it() -> None:
    expected = anchors.Anchor(1234, "9f3a2c4b1d07", where="given")
    assert anchors.parse("1234 · 9F3A2C4B1D07…") == expected


def test_while_selling_the_anchor_follows_every_few_minutes_without_a_timer(
    shop_path: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [10_000.0]
    monkeypatch.setattr(anchors.time, "monotonic", lambda: now[0])
    book = anchors.AnchorBook(private_home / "anchors")
    with open_shop(shop_path, private_home) as shop:
        sell(shop, 1)  # the first write of a session anchors at once
        first = book.load(shop_path)
        sell(shop, 3)
        assert book.load(shop_path) == first  # a minute later: not yet
        now[0] += anchors.EVERY_S
        sell(shop, 1)
        later = book.load(shop_path)
        assert later is not None and first is not None and later.seq > first.seq


def test_two_killed_restores_leave_no_false_alarm(
    shop_path: Path, private_home: Path, tmp_path: Path
) -> None:
    """A restore killed after its swap, then another killed before its own: the shop is the
    first one's backup, which the anchor must still explain."""
    import shutil

    from duka.services.maintenance import expect_restore

    with open_shop(shop_path, private_home) as shop:
        sell(shop, 2)
        older = shop.maintenance.backup(tmp_path / "older.sqlite3").path
        sell(shop, 5)
        newer = shop.maintenance.backup(tmp_path / "newer.sqlite3").path
    anchor_dir = private_home / "anchors"
    # The first restore (the older backup) swaps the file and is killed before its anchor.
    expect_restore(anchor_dir, older, shop_path, "2026-12-07T08:00:00+00:00")
    shutil.copyfile(older, shop_path)
    # The second (the newer backup) is killed before it swaps anything.
    expect_restore(anchor_dir, newer, shop_path, "2026-12-07T08:01:00+00:00")
    with open_shop(shop_path, private_home) as shop:
        assert "Journal anchor" not in failing(shop.maintenance.verify())
