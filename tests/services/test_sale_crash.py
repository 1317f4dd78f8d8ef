"""Killing Duka in the middle of selling leaves no half sale: each sale is all there (with its
payments, stock movements and journal entry) or not there at all."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

from duka.core import settings as spec
from duka.core.access import Actor
from duka.core.barcodes import check_digit
from duka.core.money import Money
from duka.core.products import Barcode, ProductDraft
from duka.core.quantity import Quantity
from duka.core.tax import TaxRate
from duka.services.shop import Shop

SELLER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from duka.core.access import Actor
    from duka.core.money import Money
    from duka.core.sale import PaymentMethod, Tender
    from duka.services.shop import Shop

    path, codes = Path(sys.argv[1]), sys.argv[2:]
    with Shop.open(path, backup_dir=path.parent, actor=Actor.command_line("crash")) as shop:
        checkout = shop.checkout
        print("ready", flush=True)
        while True:
            cart, cart_id = checkout.new_cart(), None
            for code in codes:
                cart, _ = cart.add(checkout.scanned_line(checkout.scan(code)))
                cart_id = checkout.save(cart_id, cart)
            given = cart.totals().gross + Money(5000, cart.currency)
            checkout.complete(cart_id, cart, [Tender(PaymentMethod.CASH, given)])
    """
)


def test_killed_mid_sale_many_times_leaves_whole_sales_only(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    codes = []
    with Shop.open(path, backup_dir=tmp_path, actor=Actor.command_line("setup")) as shop:
        shop.settings.first_run("Crash shop", "KE", owner_name="Amina", owner_pin="1234")
        shop.settings.save({spec.TAX_RATES.key: (TaxRate("S", "VAT 16%", Decimal(16)),)})
        for number in range(5):
            code = f"61640000{number:04d}"
            code += check_digit(code)
            codes.append(code)
            shop.products.add(
                ProductDraft(
                    f"Item {number}",
                    Money(1000 + number * 250, "KES"),
                    Money(500, "KES"),
                    tax_code="S",
                    barcodes=(Barcode(code),),
                ),
                opening_stock=Quantity.of(100000),
            )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    rng = random.Random(3)
    for _ in range(10):
        child = subprocess.Popen(
            [sys.executable, "-c", SELLER, str(path), *codes],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready", (
            child.stderr
        )
        time.sleep(rng.uniform(0.05, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
    with Shop.open(path, backup_dir=tmp_path, actor=Actor.command_line("check")) as shop:
        sold = shop.context.db.execute("SELECT count(*) FROM sales").fetchone()[0]
        assert sold > 10  # the sellers did get through sales between the kills
        results = {r.name: r.problems for r in shop.maintenance.verify()}
        assert all(not problems for problems in results.values()), results
        # at most the one sale being built when the last seller died is left open
        open_id, cart = shop.checkout.open_cart()
        assert open_id is None or len(cart.lines) <= len(codes)
