"""Tills exchanging through a folder: a till keeps its changes for every till of the shop,
also one made from the hub after it was; the documents that arrive count in the hub's
report summaries as its own do; a batch reads back as it was packed."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from duka.core.customers import NewCustomer
from duka.core.invoices import DocKind, DocLine
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.core.tax import TaxRate
from duka.services.shop import Shop
from duka.store import sync
from tests.conftest import OWNER_PIN


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def sell(shop: Shop, product: int) -> str:
    checkout = shop.checkout
    cart, _ = checkout.new_cart().add(checkout.line_for(shop.products.get(product), Quantity.of(1)))
    tender = Tender(PaymentMethod.CASH, kes("100"))
    return checkout.complete(None, cart, [tender], opening_float=kes("0")).number


def sale_numbers(shop: Shop) -> set[str]:
    return {str(r[0]) for r in shop.context.db.execute("SELECT number FROM sales")}


def test_a_till_made_later_gets_what_the_hub_had_not_when_it_was_made(
    kenya_shop: Shop, tmp_path: Path, private_home: Path
) -> None:
    hub = kenya_shop
    hub.context.actor = hub.access.sign_in(OWNER_PIN, "Zawadi")
    folder = tmp_path / "folder"
    folder.mkdir()
    tea = hub.products.add(ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"),
                           opening_stock=Quantity.of(10))  # fmt: skip
    two_path = hub.tills.make(tmp_path / "till2.sqlite3", "Two").path
    with Shop.open(two_path, backup_dir=private_home / "backups-2") as two:
        two.context.actor = two.access.sign_in(OWNER_PIN, "Zawadi")
        first = sell(two, tea)
        two.sync.exchange(folder)
        hub.sync.exchange(folder)
        # Till 3 is a copy of the hub as it is now: it has till 2's first sale, not the next.
        three_path = hub.tills.make(tmp_path / "till3.sqlite3", "Three").path
        second = sell(two, tea)
        two.sync.exchange(folder)
        hub.sync.exchange(folder)  # the hub has both, and says so, and names till 3
        two.sync.exchange(folder)  # till 2 hears the hub has both: till 3 has not
        assert {t.number for t in two.tills.known()} == {1, 2, 3}
        assert list((folder / "till-2").glob("*.batch"))
    with Shop.open(three_path, backup_dir=private_home / "backups-3") as three:
        assert first in sale_numbers(three) and second not in sale_numbers(three)
        report = three.sync.exchange(folder)
        assert report.applied.get(2) == 1 and not report.refused
        assert {first, second} <= sale_numbers(three)


def two_tills(hub: Shop, tmp_path: Path) -> tuple[int, Path, Path]:
    """The hub with a product, signed in; till 2 made from it; the folder they share."""
    hub.context.actor = hub.access.sign_in(OWNER_PIN, "Zawadi")
    folder = tmp_path / "folder"
    folder.mkdir()
    tea = hub.products.add(ProductDraft("Chai", kes("100"), kes("60"), sku="CHAI"),
                           opening_stock=Quantity.of(10))  # fmt: skip
    return tea, hub.tills.make(tmp_path / "till2.sqlite3", "Two").path, folder


def documents(shop: Shop) -> set[str]:
    return {
        str(r[0])
        for r in shop.context.db.execute(
            "SELECT number FROM sales UNION ALL SELECT number FROM refunds "
            "UNION ALL SELECT number FROM invoices"
        )
    }


def verified(shop: Shop) -> dict[str, tuple[str, ...]]:
    return {r.name: r.problems for r in shop.maintenance.verify() if not r.ok}


def test_what_another_till_sold_and_refunded_counts_at_the_hub(
    kenya_shop: Shop, tmp_path: Path, private_home: Path
) -> None:
    hub = kenya_shop
    tea, two_path, folder = two_tills(hub, tmp_path)
    with Shop.open(two_path, backup_dir=private_home / "backups-2") as two:
        two.context.actor = two.access.sign_in(OWNER_PIN, "Zawadi")
        sold = sell(two, tea)
        other = sell(two, tea)
        line = two.returns.find(sold).lines[0]
        taken = {line.line_id: (Quantity.of(1), True)}
        refund = two.returns.refund(sold, taken, PaymentMethod.CASH).number
        two.sync.exchange(folder)
    report = hub.sync.exchange(folder)
    assert list(report.applied) == [2] and not report.refused, report
    assert {sold, other, refund} <= documents(hub)
    # Noted for the summaries, as the hub's own would be; verify compares them.
    pending = dict(
        hub.context.db.execute("SELECT kind, count(*) FROM report_pending GROUP BY kind")
    )
    assert pending == {"sale": 2, "refund": 1}
    assert verified(hub) == {}


def test_an_invoice_drafted_and_issued_on_another_till_arrives(
    kenya_shop: Shop, tmp_path: Path, private_home: Path
) -> None:
    hub = kenya_shop
    _tea, two_path, folder = two_tills(hub, tmp_path)
    with Shop.open(two_path, backup_dir=private_home / "backups-2") as two:
        two.context.actor = two.access.sign_in(OWNER_PIN, "Zawadi")
        juma = two.customers.add(NewCustomer("Juma Hardware", kes("100000")))
        vat = TaxRate("S", "VAT 16%", Decimal(16))
        blank = two.invoices.new_draft(DocKind.INVOICE, juma)
        draft = replace(blank, lines=(DocLine("Delivery", Quantity.of(1), kes("500"), vat),))
        invoice = two.invoices.issue(two.invoices.save_draft(draft)).number
        two.sync.exchange(folder)
    report = hub.sync.exchange(folder)
    assert not report.refused, report.refused
    assert invoice in documents(hub)
    assert verified(hub) == {}


def test_each_till_invoices_from_one_in_the_same_year(
    kenya_shop: Shop, tmp_path: Path, private_home: Path
) -> None:
    """The hub's and till 2's first invoices of one year: both issued, both arrive at the
    other, each till's series gapless."""
    hub = kenya_shop
    _tea, two_path, folder = two_tills(hub, tmp_path)
    vat = TaxRate("S", "VAT 16%", Decimal(16))

    def invoice(shop: Shop) -> str:
        juma = shop.customers.add(NewCustomer("Juma Hardware", kes("100000")))
        blank = shop.invoices.new_draft(DocKind.INVOICE, juma)
        draft = replace(blank, lines=(DocLine("Delivery", Quantity.of(1), kes("500"), vat),))
        return shop.invoices.issue(shop.invoices.save_draft(draft)).number

    ours = invoice(hub)
    hub.sync.exchange(folder)
    with Shop.open(two_path, backup_dir=private_home / "backups-2") as two:
        two.context.actor = two.access.sign_in(OWNER_PIN, "Zawadi")
        two.sync.exchange(folder)
        theirs = invoice(two)
        assert ours.endswith("00001") and theirs.endswith("2-00001"), (ours, theirs)
        two.sync.exchange(folder)
        report = hub.sync.exchange(folder)
        assert not report.refused, report.refused
        assert not two.sync.exchange(folder).refused
        for shop in (hub, two):
            assert {ours, theirs} <= documents(shop)
            assert verified(shop) == {}


def test_a_batch_reads_back_as_packed() -> None:
    entries = [sync.Entry(n, f"change {n} ".encode() * (n % 7 + 1)) for n in range(1, 120)]
    packed = sync.pack(entries)
    assert sync.unpack(packed) == entries
    raw = b"".join(sync._ENTRY.pack(e.seq, len(e.changeset)) + e.changeset for e in entries)
    assert len(packed) < len(raw) / 4
