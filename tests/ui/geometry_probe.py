"""Render every screen and the main dialogs on one screen size and list what does not fit.

Run in a process of its own, because the offscreen screen's size and the scale factor are
fixed when Qt starts:

    python -m tests.ui.geometry_probe SHOP.sqlite3 --size 1024x600 [--scale 2] [--shots DIR]

It prints one JSON object: {"<language> <screen or dialog>": ["what does not fit", ...]}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

SCREENS = (
    "home", "sell", "products", "products-promotions", "stock", "stock-orders", "stock-expiring",
    "suppliers", "money", "customers",
    "receivables", "invoices", "reports", "audit", "users", "settings", "lock",
)  # fmt: skip
DIALOGS = (
    "payment", "cash-drawer", "cash-drawer-open", "return", "product-editor",
    "customer-editor", "invoice-editor", "invoice-view", "receive-goods", "first-run",
    "choose-customer", "import-preview", "customer-page", "reminder", "stock-adjust",
    "stock-history", "supplier-statement", "labels", "account-payment", "add-user",
    "weigh", "arrange-keys", "asked-price", "restore-preview", "error-log",
    "purchase-order", "order-low-stock", "receive-order", "cancel-order", "supplier-return",
    "money-transfer", "money-account", "money-reconcile", "owner-money", "promotion-editor",
    "variant-grid", "variant-picker",
)  # fmt: skip


def offscreen_screen(width: int, height: int, scale: float, folder: Path) -> dict[str, str]:
    """The environment that gives Qt's offscreen platform one screen of this logical size."""
    config = folder / f"screen-{width}x{height}@{scale}.json"
    pixels = {"width": round(width * scale), "height": round(height * scale)}
    screen = {"name": "probe", "x": 0, "y": 0, "logicalDpi": 96, "logicalBaseDpi": 96}
    config.write_text(json.dumps({"screens": [{**screen, **pixels, "dpr": 1.0}]}), "utf-8")
    return {"QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": str(scale)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--languages", default="en,ar,hi")
    parser.add_argument("--only", default="", help="comma-separated screens and dialogs")
    parser.add_argument("--shots", default="", help="a folder for a PNG of each case")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    if "configfile" not in os.environ.get("QT_QPA_PLATFORM", ""):
        os.environ.update(offscreen_screen(width, height, args.scale, Path(args.db).parent))
    os.environ.setdefault("QT_LOGGING_RULES", "qt.text.font.db=false;qt.qpa.*=false")
    home = Path(args.db).parent / "home"  # the probe's files stay beside its copy of the shop
    home.mkdir(exist_ok=True)
    os.environ["DUKA_HOME"] = str(home)
    only = [name for name in args.only.split(",") if name]
    found = probe(Path(args.db), args.languages.split(","), only, args.shots)
    print(json.dumps(found, ensure_ascii=False))
    return 0


def probe(db: Path, languages: list[str], only: list[str], shots: str) -> dict[str, list[str]]:
    from PySide6.QtWidgets import QApplication

    import duka.services.shop  # noqa: F401 - before Qt, as the app does
    from duka.demo.shop import OWNER
    from duka.services.shop import Shop
    from duka.ui.language import apply_language
    from duka.ui.main_window import MainWindow
    from duka.ui.startup import load_fonts, load_style
    from duka.ui.state import AppState
    from tests.ui.fit_check import misfits

    app = QApplication.instance() or QApplication(["probe"])
    assert isinstance(app, QApplication)
    load_fonts(app)
    load_style(app)
    found: dict[str, list[str]] = {}
    with Shop.open(db, backup_dir=db.parent / "backups") as shop:
        shop.access.sign_in(OWNER[1], OWNER[0])
        arrange_quick_keys(shop)  # the Sell screen is checked with its grid of tiles
        state = AppState(shop)
        window = MainWindow(state)
        window.fit_to_screen()
        window.show()
        for language in languages:
            apply_language(language)
            settle(app)
            for key in only or [*SCREENS, *DIALOGS]:
                name = f"{language} {key}"
                if key in SCREENS:
                    show_screen(window, key)
                    settle(app)
                    found[name] = window_problems(window, misfits)
                    if shots:
                        window.grab().save(str(Path(shots) / f"{key}-{language}.png"))
                    continue
                with dialog(key, state, window) as opened:
                    settle(app)
                    found[name] = window_problems(opened, misfits)
                    if shots:
                        opened.grab().save(str(Path(shots) / f"{key}-{language}.png"))
            if window.pages.currentWidget() is not window.app_page:
                window.pages.setCurrentWidget(window.app_page)
        window.close()
    return {name: problems for name, problems in found.items() if problems}


def settle(app: object) -> None:
    from PySide6.QtWidgets import QApplication

    for _round in range(3):
        QApplication.processEvents()


def show_screen(window: object, key: str) -> None:
    from duka.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    if key == "lock":
        window.lock_screen.refresh()
        window.pages.setCurrentWidget(window.lock_screen)
        return
    window.pages.setCurrentWidget(window.app_page)
    if key == "stock-expiring":  # the Stock screen's Expiring tab (batches)
        from duka.ui.screens.stock import StockScreen

        stock = window.show_screen("stock")
        assert isinstance(stock, StockScreen)
        stock.tabs.setCurrentWidget(stock.expiring)
        return
    if key == "stock-orders":  # the Stock screen's purchase orders tab
        from duka.ui.screens.stock import StockScreen

        stock = window.show_screen("stock")
        assert isinstance(stock, StockScreen)
        stock.tabs.setCurrentWidget(stock.orders)
        return
    if key == "products-promotions":  # the Products screen's promotions tab
        from duka.ui.screens.products import ProductsScreen

        products = window.show_screen("products")
        assert isinstance(products, ProductsScreen)
        products.tabs.setCurrentWidget(products.promotions)
        return
    window.show_screen(key)


def window_problems(top: object, misfits: Callable[[object], list[str]]) -> list[str]:
    from PySide6.QtWidgets import QWidget

    from duka.ui.widgets.screen_fit import available

    assert isinstance(top, QWidget)
    problems = list(misfits(top))
    area = available(top)
    frame = top.frameGeometry()
    if not area.contains(frame):
        problems.insert(
            0, f"the window {frame.getRect()} is not inside the screen {area.getRect()}"
        )
    return problems


@contextmanager
def dialog(key: str, state: object, window: object) -> Iterator[object]:
    made = make_dialog(key, state, window)
    made.show()
    after = getattr(made, "_probe_after_show", None)
    if after is not None:
        after()
    try:
        yield made
    finally:
        made.close()
        made.deleteLater()
        cleanup = getattr(made, "_probe_cleanup", None)
        if cleanup is not None:
            cleanup()


def make_dialog(key: str, state: object, window: object) -> object:
    from duka.core.money import Money
    from duka.ui.state import AppState

    assert isinstance(state, AppState)
    shop = state.shop
    if key == "payment":
        from duka.ui.dialogs.payment import PaymentDialog
        from duka.ui.screens.sell import SellScreen

        sell = window.screen_for("sell")  # type: ignore[attr-defined]
        assert isinstance(sell, SellScreen)
        if not sell.cart.lines:
            for row in shop.products.page(0, 3):
                sell._add_product(row.id)
        return PaymentDialog(state, sell.cart, 1, lambda _t: None, window)  # type: ignore[arg-type]
    if key.startswith("cash-drawer"):
        from duka.ui.dialogs.cash_drawer import CashDrawerDialog

        made = CashDrawerDialog(state, window)  # type: ignore[arg-type]
        if key == "cash-drawer-open":

            def open_it() -> None:
                made.open_drawer()  # grows the dialog while it is shown

            def close_it() -> None:
                from duka.ui.amounts import currency

                if shop.cash.current() is not None:
                    shop.cash.close(Money.zero(currency(state)))

            made._probe_after_show = open_it  # type: ignore[attr-defined]
            made._probe_cleanup = close_it  # type: ignore[attr-defined]
        return made
    if key == "return":
        from duka.ui.dialogs.return_goods import ReturnDialog

        made = ReturnDialog(state, window, exchange=True)  # type: ignore[arg-type]
        made.number.setText("S-000001")
        made.look_up()
        return made
    if key == "product-editor":
        from duka.ui.dialogs.product_editor import ProductEditor

        product = shop.products.get(shop.products.page(0, 1)[0].id)
        return ProductEditor(state, product, window)  # type: ignore[arg-type]
    if key == "variant-grid":  # a new product's grid, with its preview filled
        from duka.core.products import ProductDraft
        from duka.ui.dialogs.variant_grid import VariantGridDialog

        currency = shop.settings.currency()
        sandals = ProductDraft(
            "Sandals", Money.of("1200", currency), Money.of("700", currency), sku="SND"
        )
        made = VariantGridDialog(state, sandals, None, window)  # type: ignore[arg-type]
        for number, (name, values) in enumerate(
            (("Size", "38, 39, 40, 41, 42"), ("Colour", "Brown, Black, Red"))
        ):
            made.names[number].setText(name)
            made.values[number].setText(values)
        made.refresh()
        return made
    if key == "variant-picker":  # the demo's T-shirt, as the till offers it
        from duka.ui.dialogs.variant_picker import VariantPicker

        (tee,) = [r for r in shop.products.search("T-shirt", 20) if r.is_parent]
        return VariantPicker(state, shop.variants.family(tee.id), window)  # type: ignore[arg-type]
    if key == "customer-editor":
        from duka.ui.dialogs.customer_editor import CustomerEditor

        return CustomerEditor(state, None, window)  # type: ignore[arg-type]
    if key in ("invoice-editor", "invoice-view"):
        from duka.core.invoices import DocKind

        first = next(iter(shop.invoices.listing(kinds=[DocKind.INVOICE], since=None)))
        if key == "invoice-view":
            from duka.ui.dialogs.invoice_view import InvoiceView

            return InvoiceView(state, first.id, window)  # type: ignore[arg-type]
        from duka.ui.dialogs.invoice_editor import InvoiceEditor

        return InvoiceEditor(state, shop.invoices.get(first.id).draft, first.id, window)  # type: ignore[arg-type]
    if key == "receive-goods":
        from duka.ui.dialogs.receive_goods import ReceiveGoodsDialog

        supplier = shop.suppliers.suppliers()[0]
        return ReceiveGoodsDialog(state, supplier.id, window)  # type: ignore[arg-type]
    if key == "first-run":
        from duka.ui.dialogs.first_run import FirstRunDialog

        return FirstRunDialog(state, window)  # type: ignore[arg-type]
    if key == "choose-customer":
        from duka.ui.dialogs.choose_customer import CustomerDialog

        return CustomerDialog(state, window)  # type: ignore[arg-type]
    if key == "import-preview":
        from PySide6.QtWidgets import QApplication

        from duka.ui.dialogs.import_preview import ImportDialog

        # DUKA_PROBE_IMPORT names another file to preview (another system's export)
        chosen = os.environ.get("DUKA_PROBE_IMPORT")
        source = Path(chosen) if chosen else Path(os.environ["DUKA_HOME"]) / "list.csv"
        if not chosen:
            source.write_text(
                "Désignation;Prix;Qté;Couleur\nمعجون طماطم;120,50;6;rouge\nचाय पत्ती;95;x;\n",
                "utf-8",
            )
        made = ImportDialog(state, source, window)  # type: ignore[arg-type]

        def wait() -> None:
            for _round in range(400):
                if made.preview is not None and not made._checking:
                    return
                QApplication.processEvents()
                import time

                time.sleep(0.01)

        made._probe_after_show = wait  # type: ignore[attr-defined]
        return made
    return _more_dialogs(key, state, window)


def _more_dialogs(key: str, state: object, window: object) -> object:
    from duka.ui.state import AppState

    assert isinstance(state, AppState)
    shop = state.shop
    owes = max(shop.accounts.receivables().rows, key=lambda r: r.total).customer_id
    product = shop.products.get(shop.products.page(0, 1)[0].id)
    if key == "customer-page":
        from duka.ui.dialogs.customer_page import CustomerPage

        return CustomerPage(state, owes, window)  # type: ignore[arg-type]
    if key == "reminder":
        from duka.ui.dialogs.reminder import ReminderDialog

        return ReminderDialog(state, shop.customers.get(owes), window)  # type: ignore[arg-type]
    if key == "account-payment":
        from duka.ui.dialogs.account_payment import AccountPaymentDialog

        return AccountPaymentDialog(state, owes, window)  # type: ignore[arg-type]
    if key == "stock-adjust":
        from duka.ui.dialogs.stock_adjust import StockAdjustDialog

        return StockAdjustDialog(state, product, window)  # type: ignore[arg-type]
    if key == "stock-history":
        from duka.ui.dialogs.stock_history import StockHistoryDialog

        return StockHistoryDialog(state, product, window)  # type: ignore[arg-type]
    if key in ("purchase-order", "supplier-return"):
        from duka.core.quantity import Quantity
        from duka.ui.dialogs.purchase_order import PurchaseOrderDialog
        from duka.ui.dialogs.supplier_return import SupplierReturnDialog

        kind = PurchaseOrderDialog if key == "purchase-order" else SupplierReturnDialog
        made = kind(state, None, window)  # type: ignore[arg-type]
        made.add(shop.products.get(shop.products.page(0, 1)[0].id), Quantity.of(3), False)
        return made
    if key in ("receive-order", "cancel-order"):
        from duka.core.purchases import OrderState
        from duka.ui.dialogs.cancel_order import CancelOrderDialog
        from duka.ui.dialogs.receive_order import ReceiveOrderDialog

        order = next(o for o in shop.purchases.orders() if o.state is OrderState.PARTLY_RECEIVED)
        kind = ReceiveOrderDialog if key == "receive-order" else CancelOrderDialog
        return kind(state, order, window)  # type: ignore[arg-type]
    if key == "order-low-stock":
        from duka.ui.dialogs.order_low_stock import OrderLowStockDialog

        return OrderLowStockDialog(state, window)  # type: ignore[arg-type]
    if key == "promotion-editor":
        from duka.ui.dialogs.promotion_editor import PromotionEditor

        return PromotionEditor(state, window)  # type: ignore[arg-type]
    if key == "money-transfer":
        from duka.ui.dialogs.money_transfer import MoneyTransferDialog

        return MoneyTransferDialog(state, None, window)  # type: ignore[arg-type]
    if key == "money-account":
        from duka.ui.dialogs.money_account import MoneyAccountDialog

        return MoneyAccountDialog(state, window)  # type: ignore[arg-type]
    if key == "money-reconcile":
        from duka.ui.dialogs.money_reconcile import ReconcileDialog

        return ReconcileDialog(state, shop.money.accounts()[0].id, window)  # type: ignore[arg-type]
    if key == "owner-money":
        from duka.ui.dialogs.owner_money import OwnerMoneyDialog

        return OwnerMoneyDialog(state, window)  # type: ignore[arg-type]
    if key == "supplier-statement":
        from duka.ui.dialogs.supplier_statement import SupplierStatementDialog

        supplier = shop.suppliers.suppliers()[0]
        return SupplierStatementDialog(state, supplier, window)  # type: ignore[arg-type]
    if key == "labels":
        from duka.ui.dialogs.labels import LabelsDialog

        return LabelsDialog(state, [row.id for row in shop.products.page(0, 5)], window)  # type: ignore[arg-type]
    if key == "add-user":
        from duka.i18n import N_
        from duka.ui.dialogs.pin_entry import PinDialog

        return PinDialog(N_("Add a user"), N_("Enter the PIN"), ask_name=True, ask_role=True)
    if key == "weigh":
        from duka.core.quantity import Quantity
        from duka.ui.dialogs.sale_line import QuantityDialog

        loose = shop.products.get(LOOSE[0])
        line = shop.checkout.line_for(loose, Quantity.of(1))
        return QuantityDialog(state, line, window)  # type: ignore[arg-type]
    if key == "arrange-keys":
        from duka.ui.dialogs.quick_keys import ArrangeDialog

        return ArrangeDialog(state, window)  # type: ignore[arg-type]
    if key == "asked-price":
        from duka.core.quantity import Quantity
        from duka.ui.dialogs.sale_line import AskedPriceDialog

        packet = shop.products.get(PACKETS[0])  # its price offered as the suggestion
        line = shop.checkout.line_for(packet, Quantity.of(1))
        return AskedPriceDialog(state, line, window)  # type: ignore[arg-type]
    if key == "restore-preview":
        from duka.services.restoring import preview
        from duka.ui.dialogs.restore_preview import RestorePreview

        backup = shop.maintenance.backup()  # the probe's own backup folder, beside its shop
        return RestorePreview(preview(backup.path), state, window)  # type: ignore[arg-type]
    if key == "error-log":
        from duka.logs import entries
        from duka.ui.dialogs.error_log import ErrorLogDialog

        if not entries(1):
            log_some_failures()
        return ErrorLogDialog(window)  # type: ignore[arg-type]
    raise ValueError(key)


def log_some_failures() -> None:
    """A few entries for the error log to show, each with a traceback of its own."""
    from duka.logs import log_unexpected

    def fail(error: Exception) -> Exception:
        try:
            raise error
        except Exception as raised:  # noqa: BLE001 - handed to the log
            return raised

    log_unexpected(fail(OSError(28, "No space left on device")), "screen sell, dialog Payment")
    log_unexpected(fail(KeyError("Amina Odhiambo")), "screen customers")
    log_unexpected(fail(ValueError("PIN 739154 refused for 0712 345 678")), "screen users")


# The Sell screen's quick keys in the demo shop: loose goods by the kg, and packets.
LOOSE = (1, 2, 3, 4, 5, 6, 7, 8)
PACKETS = (20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31)


def arrange_quick_keys(shop: object) -> None:
    from duka.core.quick_keys import Layout
    from duka.services.shop import Shop

    assert isinstance(shop, Shop)
    layout = Layout().add_page("Sokoni").add_page("Duka")
    for pid in LOOSE:
        layout = layout.add_tile(0, pid)
    for pid in PACKETS:
        layout = layout.add_tile(1, pid)
    shop.quick_keys.save(layout)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
