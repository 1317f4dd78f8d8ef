"""The `duka` command: the app by default, and sub-commands for maintenance and scripts.

Exit codes: 0 success; 1 `verify` found a problem; 2 bad input or a refusal, with a one-line
reason on stderr; 70 an unexpected error (logged; stderr names the log file).
Heavy modules are imported inside the commands so that starting the app stays fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from duka import __version__
from duka.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from duka.services.shop import Shop
    from duka.services.sync import SyncReport

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70

SCREENS = (
    "home",
    "sell",
    "products",
    "stock",
    "suppliers",
    "money",
    "expenses",
    "customers",
    "receivables",
    "invoices",
    "reports",
    "audit",
    "users",
    "settings",
    "lock",
)


# argparse's own words, which it looks up in gettext's default domain: Duka's catalog
# translates them (see _speak_argparse).
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def _speak_argparse() -> None:
    """Have argparse say its own words (usage, options, its refusals) through Duka's
    catalog in the language chosen now; it binds gettext's functions when imported."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


class _Retry(Exception):
    """The app's own options were not understood: the whole parser says why."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage on one line, with exit code 2."""

    quiet = False  # the app's quick parser leaves reporting to the whole one

    def error(self, message: str) -> NoReturn:
        if self.quiet:
            raise _Retry(message)
        self.exit(
            EXIT_BAD_INPUT,
            _("{prog}: {message} (see {prog} --help)").format(prog=self.prog, message=message)
            + "\n",
        )


def _common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # On the top parser and on each command, so `duka --db X verify` and `duka verify --db X`
    # both work; SUPPRESS keeps a command from erasing a value given before it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help=_("the shop database (default: $DUKA_DB, else duka.sqlite3 in the data folder)"),
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        default=default,
        help=_("language: a code such as en, fr, ar, hi, sw, pt_BR or zh_CN (or pt-BR, pt)"),
    )


def _session_number(text: str) -> int:
    """A cash session's number as its report shows it: 17, or 2-17 for till 2's."""
    from duka.core.tills import read_shown

    found = read_shown(text)
    if found is None:
        raise argparse.ArgumentTypeError(_("{text} is not a session's number").format(text=text))
    return found


def _window_size(text: str) -> tuple[int, int]:
    width, _x, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()):
        raise argparse.ArgumentTypeError(
            _("{text} is not a size like 1024x600").format(text=repr(text))
        )
    size = (int(width), int(height))
    if not all(320 <= side <= 8192 for side in size):
        raise argparse.ArgumentTypeError(
            _("{text}: each side must be 320 to 8192 pixels").format(text=repr(text))
        )
    return size


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a number like 2 or 1.5").format(text=repr(text))
        ) from None
    if not 0.5 <= value <= 4:
        raise argparse.ArgumentTypeError(
            _("{text}: the scale must be 0.5 to 4").format(text=repr(text))
        )
    return value


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without `commands`, only the options of the app itself."""
    parser = _Parser(
        prog="duka",
        description=_(
            "Duka, the offline business manager for micro-shops. "
            "Without a command it starts the app."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"duka {__version__}",
        help=_("show program's version number and exit"),
    )
    _common_options(parser, top=True)
    parser.add_argument("--screen", choices=SCREENS, help=_("the screen to show first"))
    parser.add_argument(
        "--screenshot",
        metavar="OUT.png",
        help=_("render the main window offscreen to a PNG (at --size and --scale) and exit"),
    )
    parser.add_argument(
        "--size",
        metavar="WxH",
        type=_window_size,
        default=(1366, 768),
        help=_("with --screenshot: the screen's size in logical pixels (default: 1366x768)"),
    )
    parser.add_argument(
        "--scale",
        metavar="N",
        type=_scale,
        default=1.0,
        help=_(
            "with --screenshot: the screen's scale factor, as a high-DPI setting of 200%% "
            "is 2 (the PNG has WxH times N pixels; default: 1)"
        ),
    )
    parser.add_argument("--exit-after-show", action="store_true", help=argparse.SUPPRESS)
    if not commands:
        return parser
    commands_ = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands_.add_parser("demo", help=_("create a demo shop in a new database"))
    _common_options(demo, top=False)

    verify = commands_.add_parser(
        "verify", help=_("check the database; exit 1 if anything is wrong")
    )
    verify.add_argument(
        "--anchor",
        metavar="SEQ:HASH",
        help=_(
            "also check the journal reaches this anchor unchanged, as a Z report prints it "
            "(e.g. 1234:9f3a2c4b; at least 8 characters of the hash)"
        ),
    )
    _common_options(verify, top=False)

    backup = commands_.add_parser("backup", help=_("make a verified online backup"))
    _common_options(backup, top=False)
    backup.add_argument(
        "dest",
        nargs="?",
        metavar="DEST",
        help=_("backup file or folder (default: the backups folder in the data folder)"),
    )

    users = commands_.add_parser("users", help=_("add, list, disable or enable users"))
    _common_options(users, top=False)
    user_commands = users.add_subparsers(
        dest="users_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    add = user_commands.add_parser("add", help=_("add a user; the PIN is read from stdin"))
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=("owner", "manager", "cashier"))
    _common_options(add, top=False)
    listing = user_commands.add_parser("list", help=_("list the users"))
    _common_options(listing, top=False)
    for action, text in (
        ("disable", N_("stop a user signing in (their history stays)")),
        ("enable", N_("let a disabled user sign in again")),
        ("pin", N_("set a user's PIN, read from stdin")),
    ):
        one = user_commands.add_parser(action, help=_(text))
        one.add_argument("name", metavar="NAME")
        _common_options(one, top=False)

    till = commands_.add_parser("till", help=_("make a new till of the shop, list the tills"))
    _common_options(till, top=False)
    till_commands = till.add_subparsers(
        dest="till_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    new_till = till_commands.add_parser(
        "new", help=_("make a new till's shop file (--db) from the hub's file or its backup")
    )
    new_till.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="HUB_FILE",
        help=_("the hub's shop file, or a backup of it"),
    )
    new_till.add_argument("--name", required=True, metavar="NAME", help=_("the new till's name"))
    new_till.add_argument(
        "--number", type=int, metavar="N", help=_("its till number (default: the next free one)")
    )
    _common_options(new_till, top=False)
    till_list = till_commands.add_parser("list", help=_("list the tills this shop file knows"))
    _common_options(till_list, top=False)

    branch = commands_.add_parser(
        "branch", help=_("make a branch of the shop (another shop of its owner), list them")
    )
    _common_options(branch, top=False)
    branch_commands = branch.add_subparsers(
        dest="branch_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    new_branch = branch_commands.add_parser(
        "new", help=_("make a new branch and its first till's shop file (--db) from the hub's")
    )
    new_branch.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="HUB_FILE",
        help=_("the shop's first till's file, or a backup of it"),
    )
    new_branch.add_argument("--name", required=True, metavar="NAME", help=_("the branch's name"))
    _common_options(new_branch, top=False)
    branch_list = branch_commands.add_parser(
        "list", help=_("list the branches this shop file knows")
    )
    _common_options(branch_list, top=False)

    transfer = commands_.add_parser(
        "transfer", help=_("list the transfers of stock between branches")
    )
    _common_options(transfer, top=False)
    transfer_commands = transfer.add_subparsers(
        dest="transfer_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    transfer_list = transfer_commands.add_parser(
        "list", help=_("list every transfer this shop file holds, and whether it arrived")
    )
    _common_options(transfer_list, top=False)

    money = commands_.add_parser(
        "money", help=_("the bank and mobile-money accounts and their books")
    )
    _common_options(money, top=False)
    money_commands = money.add_subparsers(
        dest="money_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    money_accounts = money_commands.add_parser(
        "accounts", help=_("list the accounts with their balances (tab-separated)")
    )
    _common_options(money_accounts, top=False)
    money_book = money_commands.add_parser(
        "book", help=_("an account's book with its running balance (CSV to stdout)")
    )
    money_book.add_argument("account", metavar="ACCOUNT_ID", type=int, help=_("the account's id"))
    money_book.add_argument(
        "--from", dest="first", metavar="DATE", help=_("first day (YYYY-MM-DD)")
    )
    money_book.add_argument("--to", dest="last", metavar="DATE", help=_("last day (YYYY-MM-DD)"))
    _common_options(money_book, top=False)

    syncing = commands_.add_parser(
        "sync",
        help=_("exchange changes with the shop's other tills through a folder or the hub"),
    )
    through = syncing.add_mutually_exclusive_group(required=True)
    through.add_argument(
        "--folder",
        metavar="DIR",
        help=_("a folder every till reaches: a network share, a USB stick, a synced folder"),
    )
    through.add_argument(
        "--hub",
        metavar="URL",
        help=_(
            "the hub's address on this network, such as http://192.168.1.10:8765 (the "
            "hub runs duka hub serve, or serves from its Settings)"
        ),
    )
    _common_options(syncing, top=False)

    hub = commands_.add_parser(
        "hub", help=_("serve the shop's tills on this network from the hub's computer")
    )
    _common_options(hub, top=False)
    hub_commands = hub.add_subparsers(
        dest="hub_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    serve = hub_commands.add_parser(
        "serve",
        help=_(
            "answer the tills' duka sync --hub and exchange the folder served every few "
            "seconds, until Ctrl-C"
        ),
    )
    serve.add_argument(
        "--folder",
        metavar="DIR",
        help=_("the folder served (default: the shop file's name with .sync, beside it)"),
    )
    serve.add_argument(
        "--address",
        default="",
        metavar="ADDR",
        help=_("the network address to listen on (default: every address of this computer)"),
    )
    serve.add_argument(
        "--port", type=int, default=8765, metavar="N", help=_("the port (default: 8765)")
    )
    serve.add_argument(
        "--upstream",
        metavar="URL",
        help=_("a branch's hub: also keep the folder served in step with the main hub's"),
    )
    serve.add_argument("--rounds", type=int, default=0, help=argparse.SUPPRESS)
    _common_options(serve, top=False)

    importing = commands_.add_parser(
        "import", help=_("import products, customers or batches from a CSV or Excel file")
    )
    _common_options(importing, top=False)
    what = importing.add_subparsers(
        dest="import_what", metavar="WHAT", required=True, parser_class=_Parser
    )
    products = what.add_parser(
        "products",
        help=_(
            "check every row, print a report, and import in one transaction; exit 2 "
            "(writing nothing) if a row has a problem, unless --skip-invalid"
        ),
    )
    products.add_argument("file", metavar="FILE", help=_("a .csv (any separator) or .xlsx file"))
    products.add_argument(
        "--dry-run", action="store_true", help=_("check and report only; write nothing")
    )
    products.add_argument(
        "--skip-invalid",
        action="store_true",
        help=_("import the valid rows even if some rows have problems"),
    )
    _common_options(products, top=False)
    customers = what.add_parser(
        "customers",
        help=_(
            "check every row, print a report, and import in one transaction; a balance "
            "column opens new customers' accounts; exit 2 (writing nothing) if a row has a "
            "problem, unless --skip-invalid"
        ),
    )
    customers.add_argument("file", metavar="FILE", help=_("a .csv (any separator) or .xlsx file"))
    customers.add_argument(
        "--dry-run", action="store_true", help=_("check and report only; write nothing")
    )
    customers.add_argument(
        "--skip-invalid",
        action="store_true",
        help=_("import the valid rows even if some rows have problems"),
    )
    _common_options(customers, top=False)
    batches = what.add_parser(
        "batches",
        help=_(
            "opening stock per batch (product_id or sku, batch, expiry, quantity: the columns "
            "of `export batches`), all rows or none; exit 2 (writing nothing) if a row has a "
            "problem"
        ),
    )
    batches.add_argument("file", metavar="FILE", help=_("a .csv (any separator) or .xlsx file"))
    _common_options(batches, top=False)

    exporting = commands_.add_parser(
        "export",
        help=_("export products, sales, customers, invoices, expenses or batches to a file"),
    )
    _common_options(exporting, top=False)
    what = exporting.add_subparsers(
        dest="export_what", metavar="WHAT", required=True, parser_class=_Parser
    )
    products = what.add_parser(
        "products", help=_("every product, active and archived; .xlsx for a workbook, else CSV")
    )
    products.add_argument("file", metavar="FILE")
    _common_options(products, top=False)
    sales = what.add_parser(
        "sales", help=_("one CSV row per sale line (ISO dates, '.' decimals) for other programs")
    )
    sales.add_argument("file", metavar="FILE")
    sales.add_argument("--from", dest="first", metavar="DATE", help=_("first day (YYYY-MM-DD)"))
    sales.add_argument("--to", dest="last", metavar="DATE", help=_("last day (YYYY-MM-DD)"))
    _common_options(sales, top=False)
    customers = what.add_parser(
        "customers",
        help=_(
            "every customer with the balance owed now ('.' decimals); .xlsx for a "
            "workbook, else CSV"
        ),
    )
    customers.add_argument("file", metavar="FILE")
    _common_options(customers, top=False)
    invoices = what.add_parser(
        "invoices",
        help=_(
            "every issued quote, invoice and credit note, one CSV row each (ISO dates, "
            "'.' decimals)"
        ),
    )
    invoices.add_argument("file", metavar="FILE")
    _common_options(invoices, top=False)
    purchase_orders = what.add_parser(
        "purchase-orders",
        help=_(
            "every purchase order with its state and what is still to come, one CSV row "
            "each (ISO dates, '.' decimals)"
        ),
    )
    purchase_orders.add_argument("file", metavar="FILE")
    _common_options(purchase_orders, top=False)
    batches = what.add_parser(
        "batches",
        help=_(
            "every batch in stock: product_id, sku, batch, expiry (ISO date), quantity "
            "('.' decimals)"
        ),
    )
    batches.add_argument("file", metavar="FILE")
    _common_options(batches, top=False)
    expenses = what.add_parser(
        "expenses",
        help=_("one CSV row per expense (ISO dates, '.' decimals) for other programs"),
    )
    expenses.add_argument("file", metavar="FILE")
    expenses.add_argument("--from", dest="first", metavar="DATE", help=_("first day (YYYY-MM-DD)"))
    expenses.add_argument("--to", dest="last", metavar="DATE", help=_("last day (YYYY-MM-DD)"))
    _common_options(expenses, top=False)

    printing = commands_.add_parser("print", help=_("print a document to a PDF file"))
    _common_options(printing, top=False)
    what = printing.add_subparsers(
        dest="print_what", metavar="WHAT", required=True, parser_class=_Parser
    )
    receipt = what.add_parser("receipt", help=_("a sale's receipt on the shop's roll width"))
    receipt.add_argument("number", metavar="NUMBER", help=_("the sale's number, e.g. S-000123"))
    where = receipt.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="FILE.pdf", help=_("the receipt as a PDF"))
    where.add_argument(
        "--escpos-out", metavar="FILE.bin", help=_("the raw bytes for an ESC/POS receipt printer")
    )
    _common_options(receipt, top=False)
    z_report = what.add_parser("z-report", help=_("a cash session's report (X while it is open)"))
    z_report.add_argument(
        "session", metavar="SESSION", type=_session_number, help=_("the session's number")
    )
    z_report.add_argument("--out", required=True, metavar="FILE.pdf")
    _common_options(z_report, top=False)
    statement = what.add_parser(
        "statement", help=_("a customer's statement for a period, in the customer's language")
    )
    statement.add_argument(
        "customer",
        metavar="CUSTOMER",
        help=_("the customer's number, phone, or a name only one has"),
    )
    statement.add_argument("--from", dest="first", metavar="DATE", help=_("first day (YYYY-MM-DD)"))
    statement.add_argument("--to", dest="last", metavar="DATE", help=_("last day (YYYY-MM-DD)"))
    statement.add_argument("--out", required=True, metavar="FILE.pdf")
    _common_options(statement, top=False)
    invoice = what.add_parser(
        "invoice",
        help=_("an issued invoice, quote or credit note, in its customer's language or --lang"),
    )
    invoice.add_argument("number", metavar="NUMBER", help=_("the document's number"))
    invoice.add_argument("--out", required=True, metavar="FILE.pdf")
    _common_options(invoice, top=False)
    purchase_order = what.add_parser(
        "purchase-order",
        help=_("a purchase order to send a supplier, in the shop's language or --lang"),
    )
    purchase_order.add_argument("number", metavar="NUMBER", help=_("the order's number"))
    purchase_order.add_argument("--out", required=True, metavar="FILE.pdf")
    _common_options(purchase_order, top=False)

    report = commands_.add_parser(
        "report",
        help=_(
            "a report for a period: CSV to stdout (ISO dates, '.' decimals), or a CSV, "
            "Excel or PDF file with --out"
        ),
    )
    report.add_argument(
        "name",
        metavar="NAME",
        help=_(
            "sales-by-day, sales-by-week, sales-by-month, sales-by-product, sales-by-category, "
            "sales-by-cashier, sales-by-payment, profit, tax, profit-and-loss, tax-summary, "
            "refunds, stock-valuation, slow-movers, expiring, receivables or payables"
        ),
    )
    report.add_argument(
        "--from", dest="first", metavar="DATE", help=_("first day (YYYY-MM-DD; default: the 1st)")
    )
    report.add_argument(
        "--to", dest="last", metavar="DATE", help=_("last day (YYYY-MM-DD; default: today)")
    )
    report.add_argument(
        "--format",
        choices=("csv", "xlsx", "pdf"),
        help=_("csv (the default), xlsx or pdf; by default what --out's name ends with"),
    )
    report.add_argument("--out", metavar="FILE", help=_("write to FILE (needed for xlsx and pdf)"))
    report.add_argument(
        "--days",
        type=int,
        metavar="N",
        help=_(
            "slow-movers: no sale in the N days up to --to; expiring: batches expiring within "
            "N days of today (default 30)"
        ),
    )
    report.add_argument(
        "--till",
        type=int,
        metavar="N",
        help=_(
            "only till N's sales, refunds and invoices (stock and accounts stay the whole "
            "shop's); `duka till list` names the tills"
        ),
    )
    _common_options(report, top=False)

    sell = commands_.add_parser(
        "sell",
        help=_(
            "complete one sale and print its number; exit 2 (writing nothing) for an "
            "unknown code, a short payment, a credit limit or a refusal"
        ),
    )
    sell.add_argument(
        "items",
        nargs="+",
        metavar="ITEM",
        help=_(
            "a barcode, SKU or N*CODE (N pieces, or a weight such as 0.5*RICE), with @PRICE "
            "after it for a product whose price is asked at the sale (CODE@2.50)"
        ),
    )
    sell.add_argument(
        "--user",
        metavar="NAME",
        help=_("sell as this user, with their rights (default: the owner)"),
    )
    sell.add_argument(
        "--customer", metavar="ID", help=_("the customer's number, phone, or a name only one has")
    )
    sell.add_argument(
        "--pay",
        action="append",
        default=[],
        metavar="METHOD[:AMOUNT]",
        help=_(
            "cash, card, mobile or account, with an amount ('.' decimals) or, without one, "
            "what is left to pay; repeat to split (default: the exact amount in cash)"
        ),
    )
    sell.add_argument(
        "--over-limit",
        action="store_true",
        help=_("let a sale on account go beyond the customer's credit limit (needs the right)"),
    )
    _common_options(sell, top=False)

    restore = commands_.add_parser(
        "restore", help=_("replace the database with a verified backup, keeping the old file")
    )
    restore.add_argument("backup", metavar="BACKUP", help=_("the backup file to restore"))
    _common_options(restore, top=False)
    return parser


def _choose_language(code: str | None) -> None:
    from duka.i18n import LANGUAGES, set_language
    from duka.i18n.languages import best_language

    if code is not None:
        chosen = best_language(code)
        if chosen is None:
            raise _BadInput(
                _("unknown language {code}; choose one of {codes}").format(
                    code=repr(code), codes=", ".join(LANGUAGES)
                )
            )
        set_language(chosen)
        return
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            found = best_language(value)
            if found is not None:
                set_language(found)
            return


class _BadInput(Exception):
    pass


def _lang_option(given: Sequence[str]) -> str | None:
    """The last --lang on the command line, before it is parsed."""
    found = None
    for index, word in enumerate(given):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(given):
            found = given[index + 1]
        elif word.startswith("--lang="):
            found = word.partition("=")[2]
    return found


def _open_shop(db_option: str | None, *, create: bool = False, reading: bool = False) -> Shop:
    """The shop named on the command line. Only `demo` (and `restore`) `create` one;
    `reading` commands also work on a shop Duka may not write to now (read-only, full disk,
    another program writing), through a private snapshot of it."""
    from duka import paths
    from duka.core.access import Actor
    from duka.services.shop import Shop, os_user

    path, _named = paths.resolve_db_path(db_option)
    # The command line acts with the owner's rights and is named as itself in the audit trail.
    actor = Actor.command_line(os_user())
    if reading:
        shop = Shop.open_for_reading(
            path, backup_dir=paths.backup_dir(), actor=actor, anchor_dir=paths.anchor_dir()
        )
    else:
        shop = Shop.open(
            path,
            backup_dir=paths.backup_dir(),
            actor=actor,
            create=create,
            anchor_dir=paths.anchor_dir(),
        )
    _say_upgrade(shop)
    return shop


def _say_upgrade(shop: Shop) -> None:
    """An older shop brought up to date as it was opened: said once, beside the output."""
    if shop.upgrade is not None:
        from duka.services.shop import upgrade_line

        print(upgrade_line(shop.upgrade), file=sys.stderr)


def _cmd_demo(args: argparse.Namespace) -> int:
    from duka.demo.shop import create_demo

    with _open_shop(args.db, create=True) as shop:
        made = create_demo(shop)
        print(
            _(
                "Demo shop created in {path}: {products} products, {customers} customers, "
                "{suppliers} suppliers, {deliveries} deliveries, {sales} sales."
            ).format(
                sales=made.sales,
                path=shop.path,
                products=made.products,
                customers=made.customers,
                suppliers=made.suppliers,
                deliveries=made.deliveries,
            )
        )
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from duka.services.anchor import parse

    given = parse(args.anchor) if args.anchor else None
    with _open_shop(args.db, reading=True) as shop:
        results = shop.maintenance.verify(given)
        print(f"{shop.path}")
    for result in results:
        status = _("ok") if result.ok else _("PROBLEM")
        print(_("{field}: {value}").format(field=status, value=_(result.name)))
        for problem in result.problems:
            print(f"  - {problem}")
        for note in result.notes:
            print(f"  · {note}")
    bad = sum(len(r.problems) for r in results)
    print(_("No problems found.") if not bad else _("Problems found: {count}").format(count=bad))
    return EXIT_OK if not bad else EXIT_PROBLEMS


def _cmd_backup(args: argparse.Namespace) -> int:

    with _open_shop(args.db, reading=True) as shop:
        info = shop.maintenance.backup(Path(args.dest).expanduser() if args.dest else None)
    print(_("Backup written and verified: {path}").format(path=info.path))
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from duka import paths
    from duka.core.access import Actor
    from duka.core.errors import StoreUnavailable
    from duka.services.maintenance import check_restore_target
    from duka.services.restoring import restore_shop
    from duka.services.shop import os_user
    from duka.ui.instance import InstanceLock

    target, _named = paths.resolve_db_path(args.db)
    backup = Path(args.backup).expanduser()
    check_restore_target(target)
    lock = InstanceLock(target)
    if not lock.try_lock():
        raise StoreUnavailable(
            N_("Duka has {path} open. Close it before restoring."), path=str(target)
        )
    try:
        # Alone on the shop from here on: a command that writes it now stops before writing.
        kept, upgrade = restore_shop(
            target,
            backup,
            backup_dir=paths.backup_dir(),
            anchor_dir=paths.anchor_dir(),
            actor=Actor.command_line(os_user()),
        )
        if upgrade is not None:  # an older backup, brought up to date as it was opened
            from duka.services.shop import upgrade_line

            print(upgrade_line(upgrade), file=sys.stderr)
    finally:
        lock.unlock()
    print(_("Restored {backup} into {path}.").format(backup=backup, path=target))
    if kept is not None:
        print(_("The replaced file was kept as {kept}").format(kept=kept))
    return EXIT_OK


def _read_pin() -> str:
    """The PIN from stdin: typed twice (hidden) at a terminal, else the first line."""
    from duka.core.errors import InvalidInput

    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(_("PIN: "))
        if getpass.getpass(_("The same PIN again: ")) != first:
            raise InvalidInput(N_("The two PINs differ."))
        return first
    return sys.stdin.readline().strip()


def _cmd_users(args: argparse.Namespace) -> int:
    from duka.core.access import parse_role

    with _open_shop(args.db) as shop:
        access = shop.access
        action = args.users_command
        if action == "add":
            user = access.add_user(args.name, parse_role(args.role), _read_pin())
            print(_("Added {name} ({role}).").format(name=user.name, role=_(user.role.label)))
        elif action == "list":
            # Tab-separated and untranslated, for scripts: name, role, state, last sign-in.
            print("name\trole\tstate\tlast_sign_in")
            for user in access.users():
                state = "active" if user.active else "disabled"
                print(f"{user.name}\t{user.role.value}\t{state}\t{user.last_sign_in or ''}")
        elif action in ("disable", "enable"):
            user = access.set_active(args.name, action == "enable")
            state = _("active") if user.active else _("disabled")
            print(_("{name} is now {state}.").format(name=user.name, state=state))
        else:
            access.set_pin(args.name, _read_pin())
            print(_("The PIN of {name} was changed.").format(name=args.name))
    return EXIT_OK


def _cmd_till(args: argparse.Namespace) -> int:
    if args.till_command == "list":
        with _open_shop(args.db, reading=True) as shop:
            own = shop.tills.this_till()
            # Tab-separated and untranslated, for scripts: number, name, this (yes/no), made.
            print("number\tname\tthis\tmade_at")
            for known in shop.tills.known():
                this = "yes" if known.number == own else "no"
                print(f"{known.number}\t{known.name}\t{this}\t{known.made_at}")
        return EXIT_OK
    if not getattr(args, "db", None):
        raise _BadInput(_("name the new till's file with --db"))
    target = Path(args.db).expanduser()
    with _open_shop(args.source) as hub:
        made = hub.tills.make(target, args.name, args.number)
    print(
        _("Till {number} ({name}) is ready in {path}.").format(
            number=made.number, name=made.name, path=made.path
        )
    )
    return EXIT_OK


def _cmd_branch(args: argparse.Namespace) -> int:
    if args.branch_command == "list":
        with _open_shop(args.db, reading=True) as shop:
            own = shop.tills.this_branch()
            # Tab-separated and untranslated, for scripts: number, name, hub till, this.
            print("number\tname\thub_till\tthis")
            for known in shop.tills.branches():
                this = "yes" if known.number == own else "no"
                print(f"{known.number}\t{known.name}\t{known.hub_till}\t{this}")
        return EXIT_OK
    if not getattr(args, "db", None):
        raise _BadInput(_("name the new branch's file with --db"))
    target = Path(args.db).expanduser()
    with _open_shop(args.source) as hub:
        made = hub.tills.make_branch(target, args.name)
    print(
        _("Branch {number} ({name}) is ready in {path}: its first till is till {number}.").format(
            number=made.number, name=made.name, path=made.path
        )
    )
    return EXIT_OK


def _cmd_transfer(args: argparse.Namespace) -> int:
    with _open_shop(args.db, reading=True) as shop:
        # Tab-separated and untranslated, for scripts: number, from, to, state, at.
        print("number\tfrom\tto\tstate\tat")
        for row in shop.transfers.listing(everywhere=True):
            state = "in_transit" if row.receipt_id is None else "received"
            print(f"{row.number}\t{row.from_branch}\t{row.to_branch}\t{state}\t{row.at}")
    return EXIT_OK


def _cmd_money(args: argparse.Namespace) -> int:
    import csv

    first, last = None, None
    if args.money_command == "book":
        first, last = _date(args.first, "--from"), _date(args.last, "--to")
    with _open_shop(args.db, reading=True) as shop:
        if args.money_command == "accounts":
            # Tab-separated and untranslated, for scripts: id, name, kind, balance.
            for account in shop.money.accounts():
                print(
                    f"{account.id}\t{account.name}\t{account.kind.value}\t{account.balance.amount}"
                )
            return EXIT_OK
        book = shop.money.book(args.account, first, last)
    # Untranslated, ISO dates and '.' decimals, the balance brought forward first.
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(("date", "kind", "note", "amount", "balance"))
    if first is not None:
        out.writerow((first.isoformat(), "brought_forward", "", "", str(book.opening.amount)))
    for line in book.lines:
        out.writerow(
            (line.day.isoformat(), line.kind, line.note, str(line.amount.amount),
             str(line.balance.amount))
        )  # fmt: skip
    return EXIT_OK


def _cmd_sync(args: argparse.Namespace) -> int:
    from duka.services.hub_http import default_folder, hub_address

    url = hub_address(args.hub) if args.hub else None
    with _open_shop(args.db) as shop:
        if url is None:
            report = shop.sync.exchange(Path(args.folder).expanduser())
        else:
            moved, report = shop.sync.exchange_through_hub(url, default_folder(shop.path))
            print(
                _("Hub {address}: fetched {fetched} files, sent {sent} files.").format(
                    address=url, fetched=moved.fetched, sent=moved.sent
                )
            )
    return _say_sync(report)


def _say_sync(report: SyncReport) -> int:
    print(
        _("Till {till}: sent {changes} changes in {batches} batches.").format(
            till=report.till, changes=report.sent, batches=report.batches
        )
    )
    for heard in report.heard:
        said = (
            _("Till {till} {name}: applied {now} changes now, {total} in all.")
            if heard.name
            else _("Till {till}: applied {now} changes now, {total} in all.")
        )
        print(
            said.format(
                till=heard.till,
                name=heard.name,
                now=report.applied.get(heard.till, 0),
                total=heard.applied,
            )
        )
    from duka.services.sync import SyncNotice

    for till, kind, table, detail in report.notices:
        print(SyncNotice("", till, kind, table, detail).text())
    for till, reason in sorted(report.refused.items()):
        print(
            _("Till {till}: its changes wait, none could be applied: {reason}").format(
                till=till, reason=reason
            ),
            file=sys.stderr,
        )
    return EXIT_PROBLEMS if report.refused else EXIT_OK


def _cmd_hub(args: argparse.Namespace) -> int:
    import time

    from duka.i18n import TranslatableError
    from duka.services.hub_http import HubServer, default_folder, hub_address, lan_address

    upstream = hub_address(args.upstream) if args.upstream else None
    if not 0 <= args.port <= 65535:
        raise _BadInput(_("{port} is not a port number (0 to 65535)").format(port=args.port))
    with _open_shop(args.db) as shop:
        key = shop.sync.hub_key()
        folder = Path(args.folder).expanduser() if args.folder else default_folder(shop.path)
    server = HubServer(folder, key, args.address, args.port).start()
    try:
        shown = args.address or lan_address()
        print(
            _("Serving the tills on http://{address}:{port} from {folder}; Ctrl-C stops.").format(
                address=shown, port=server.port, folder=folder
            ),
            flush=True,
        )
        done = 0
        while True:
            # The shop is opened for each round, not held: a restore may come between.
            try:
                with _open_shop(args.db) as shop:
                    if upstream is not None:
                        moved, report = shop.sync.exchange_through_hub(upstream, folder)
                        if moved.fetched or moved.sent:
                            print(
                                _(
                                    "Hub {address}: fetched {fetched} files, sent {sent} files."
                                ).format(address=upstream, fetched=moved.fetched, sent=moved.sent)
                            )
                    else:
                        report = shop.sync.exchange(folder)
                if report.sent or report.applied or report.refused or report.notices:
                    _say_sync(report)
            except TranslatableError as error:  # a hub upstream away: said, tried again
                print(f"duka: {error.message}", file=sys.stderr, flush=True)
            sys.stdout.flush()
            done += 1
            if args.rounds and done >= args.rounds:
                return EXIT_OK
            time.sleep(HUB_ROUND_S)
    except KeyboardInterrupt:
        print(_("Stopped."), flush=True)
        return EXIT_OK
    finally:
        server.stop()


HUB_ROUND_S = 5.0  # between the hub's own exchanges of the folder it serves


def _cmd_import(args: argparse.Namespace) -> int:
    from duka.services.imports import ImportAction

    path = Path(args.file).expanduser()
    if args.import_what == "batches":
        with _open_shop(args.db) as shop:
            count = shop.batches.import_opening(path)
        print(_("Imported {count} batches.").format(count=count))
        return EXIT_OK
    with _open_shop(args.db) as shop:
        exchange = shop.customer_exchange if args.import_what == "customers" else shop.exchange
        preview = exchange.preview(path)
        table = preview.table
        print(
            _("{file}: {kind} {encoding}, separator “{separator}”, decimal mark “{mark}”").format(
                file=path.name,
                kind=table.kind,
                encoding=table.encoding,
                separator=_("tab") if table.delimiter == "\t" else table.delimiter,
                mark=preview.decimal_mark,
            )
            if table.kind == "CSV"
            else _("{file}: Excel workbook").format(file=path.name)
        )
        print(
            _(
                "{rows} rows: {new} new, {update} to update, {same} unchanged, {bad} with problems"
            ).format(
                rows=preview.row_count,
                new=preview.count(ImportAction.NEW),
                update=preview.count(ImportAction.UPDATE),
                same=preview.count(ImportAction.UNCHANGED),
                bad=preview.invalid_rows,
            )
        )
        if preview.system == "Duka":
            print(_("Duka's own columns."))
        elif preview.system:
            print(_("Recognised as an export of {system}.").format(system=preview.system))
        if preview.unused:
            print(_("Not imported: {columns}").format(columns=", ".join(preview.unused)))
        for problem in preview.problems:
            print(_row_line(problem.row, problem.column, problem.message))
        for notice in preview.notices:
            print(
                _("Note: {line}").format(line=_row_line(notice.row, notice.column, notice.message))
            )
        if args.dry_run:
            print(_("Dry run: nothing was written."))
            preview.check(args.skip_invalid)  # exit 2 all the same if a row is bad
            return EXIT_OK
        result = exchange.apply(preview, skip_invalid=args.skip_invalid)  # type: ignore[arg-type]
    print(
        _("Imported as {number}: {added} added, {updated} updated, {skipped} rows skipped.").format(
            number=result.number,
            added=result.added,
            updated=result.updated,
            skipped=result.skipped,
        )
    )
    return EXIT_OK


def _row_line(row: int, column: str, reason: str) -> str:

    if not column:
        return _("Row {row}: {reason}").format(row=row, reason=reason)
    return _("Row {row}, {column}: {reason}").format(row=row, column=column, reason=reason)


def _cmd_export(args: argparse.Namespace) -> int:

    path = Path(args.file).expanduser()
    if args.export_what == "sales":
        first, last = _date(args.first, "--from"), _date(args.last, "--to")
        with _open_shop(args.db, reading=True) as shop:
            count = shop.receipts.export_sales(path, first, last)
        print(_("Exported {count} sale lines to {path}.").format(count=count, path=path))
        return EXIT_OK
    if args.export_what == "batches":
        with _open_shop(args.db, reading=True) as shop:
            count = shop.batches.export(path)
        print(_("Exported {count} batches to {path}.").format(count=count, path=path))
        return EXIT_OK
    if args.export_what == "customers":
        with _open_shop(args.db, reading=True) as shop:
            count = shop.customer_exchange.export(path)
        print(_("Exported {count} customers to {path}.").format(count=count, path=path))
        return EXIT_OK
    if args.export_what == "purchase-orders":
        with _open_shop(args.db, reading=True) as shop:
            count = shop.purchases.export(path)
        print(_("Exported {count} purchase orders to {path}.").format(count=count, path=path))
        return EXIT_OK
    if args.export_what == "expenses":
        first, last = _date(args.first, "--from"), _date(args.last, "--to")
        with _open_shop(args.db, reading=True) as shop:
            count = shop.expenses.export(path, first, last)
        print(_("Exported {count} expenses to {path}.").format(count=count, path=path))
        return EXIT_OK
    if args.export_what == "invoices":
        with _open_shop(args.db, reading=True) as shop:
            count = shop.invoices.export(path)
        print(_("Exported {count} documents to {path}.").format(count=count, path=path))
        return EXIT_OK
    with _open_shop(args.db, reading=True) as shop:
        count = shop.exchange.export(path)
    print(_("Exported {count} products to {path}.").format(count=count, path=path))
    return EXIT_OK


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _BadInput(
            _("{option} takes a date as YYYY-MM-DD, not {text}").format(
                option=option, text=repr(text)
            )
        ) from None


def _cmd_print(args: argparse.Namespace) -> int:

    path = Path(args.out or args.escpos_out).expanduser()
    with _open_shop(args.db, reading=True) as shop:
        if args.print_what == "statement":
            from duka.services.clock import days_between

            since, until = days_between(_date(args.first, "--from"), _date(args.last, "--to"))
            customer = shop.customers.find_one(args.customer)
            shop.accounts.statement_pdf(customer.id, since, until, path, language=args.lang)
        elif args.print_what == "z-report":
            shop.cash.report_pdf(path, args.session)
        elif args.print_what == "purchase-order":
            order = shop.purchases.find(args.number)
            shop.purchases.pdf(order.id, path, language=args.lang)
        elif args.print_what == "invoice":
            found = shop.invoices.find(args.number)
            shop.invoices.pdf(found.id, path, language=args.lang)
        elif args.out:
            shop.receipts.receipt_pdf(args.number, path)
        else:
            from duka.ui.receipt_raster import paint_receipt

            printer_bytes = shop.receipts.receipt_escpos(args.number, paint_receipt)
            part = path.with_name(path.name + ".part")
            part.write_bytes(printer_bytes)
            part.replace(path)
    print(_("Wrote {path}.").format(path=path))
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from duka.core.reports import REPORT_NAMES

    name = args.name
    if name not in REPORT_NAMES:
        raise _BadInput(
            _("there is no report {name}; choose one of {names}").format(
                name=repr(name), names=", ".join(REPORT_NAMES)
            )
        )
    first, last = _date(args.first, "--from"), _date(args.last, "--to")
    out = Path(args.out).expanduser() if args.out else None
    kind = args.format or (out.suffix.lower().lstrip(".") if out is not None else "csv")
    if kind not in ("csv", "xlsx", "pdf"):
        kind = "csv"
    if kind != "csv" and out is None:
        raise _BadInput(_("--format {kind} writes a file: give --out FILE").format(kind=kind))
    options = {}
    if args.days is not None:
        if name not in ("slow-movers", "expiring"):
            raise _BadInput(_("--days is for the slow-movers and expiring reports"))
        options["days"] = args.days
    with _open_shop(args.db, reading=True) as shop:
        table = shop.reports.run(name, first, last, till=args.till, **options)
        if out is None:
            _print_csv(shop.reports.csv_rows(table))
            return EXIT_OK
        if kind == "pdf":
            shop.reports.write_pdf(table, out)
        elif kind == "xlsx":
            shop.reports.write_xlsx(table, out)
        else:
            shop.reports.write_csv(table, out)
    print(_("Wrote {path}.").format(path=out))
    return EXIT_OK


def _print_csv(rows: list[list[str]]) -> None:
    """CSV rows on stdout in UTF-8, whatever the terminal's encoding."""
    import csv
    import io

    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        csv.writer(sys.stdout, lineterminator="\n").writerows(rows)
        return
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    try:
        csv.writer(out, lineterminator="\n").writerows(rows)
        out.flush()
    except BrokenPipeError:  # `duka report ... | head`: the reader has read enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        out.detach()  # the wrapper must not close stdout when it goes


_METHODS = ("cash", "card", "mobile", "account")


def _cmd_sell(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from decimal import Decimal, InvalidOperation

    from duka.core.errors import InvalidInput, NotFound
    from duka.core.money import Money
    from duka.core.quantity import Quantity
    from duka.core.sale import PaymentMethod, Tender

    payments: list[tuple[str, str | None]] = []
    for given in args.pay:
        method, _colon, amount = given.partition(":")
        if method.strip().lower() not in _METHODS:
            raise _BadInput(
                _("--pay takes cash, card, mobile or account, not {method}").format(
                    method=repr(method)
                )
            )
        payments.append((method.strip().lower(), amount.strip() if _colon else None))
    with _open_shop(args.db) as shop:
        if args.user:
            shop.access.act_as(args.user)
        checkout = shop.checkout
        settings = shop.settings.load()
        cart = checkout.new_cart(settings)
        for item in args.items:
            body, at_sign, typed_price = item.rpartition("@")
            if not at_sign:
                body = item
            count, star, code = body.partition("*")
            if not star:
                count, code = "", body
            scanned = checkout.find_code(code, settings)
            if scanned is None and at_sign:
                # a code may hold an "@" itself ("BOX@12"): the whole of it, with no price
                scanned = checkout.find_code(f"{code}@{typed_price}", settings)
                at_sign = "" if scanned is not None else at_sign
            if scanned is None:
                raise NotFound(N_("No product has the code “{code}”."), code=code.strip())
            if count.strip():
                try:
                    times = Decimal(count.strip())
                except InvalidOperation:
                    raise _BadInput(
                        _("{item}: {count} is not a quantity").format(
                            item=repr(item), count=repr(count)
                        )
                    ) from None
                if not times.is_finite() or times <= 0:
                    raise _BadInput(
                        _("{item}: the quantity must be more than zero").format(item=repr(item))
                    )
                # N*CODE: N times what the code stands for (a pack's code is several units).
                quantity = Quantity.of(times * scanned.quantity.value)
                scanned = replace(scanned, quantity=quantity)
            line = checkout.scanned_line(scanned, settings)
            if at_sign:
                try:
                    price = Money.of(Decimal(typed_price.strip()), line.list_price.currency)
                except (InvalidOperation, InvalidInput):
                    raise _BadInput(
                        _("{item}: {price} is not a price").format(
                            item=repr(item), price=repr(typed_price)
                        )
                    ) from None
                if scanned.product.draft.price_asked:
                    line = line.at_asked_price(price)
                else:  # a change of price at the counter: the checkout asks for the right
                    line = replace(line, unit_price=price).checked()
            cart, _index = cart.add(line)
        if args.customer:  # at the customer's price list, quantity breaks too
            customer_id = shop.customers.find_one(args.customer).id
            cart = shop.price_lists.with_customer(cart, customer_id)
        else:
            cart = shop.price_lists.priced(cart)
        cart = shop.promotions.apply(cart)  # those in force now: what is due is after them
        due = cart.totals().gross
        tenders: list[Tender] = []
        given_total = Money.zero(due.currency)
        for method, amount in payments or [("cash", None)]:
            if amount is None:  # what is left, in cash rounded up to the coins in use
                left = max((due - given_total).minor, 0)
                step = checkout.cash_step(settings) if method == "cash" else 1
                money = Money(-(-left // step) * step, due.currency)
                if not money and tenders:
                    continue
            else:
                try:
                    money = Money.of(Decimal(amount), due.currency)
                except (InvalidOperation, InvalidInput):
                    raise _BadInput(
                        _("--pay {method}:{amount}: not an amount").format(
                            method=method, amount=amount
                        )
                    ) from None
            given_total = given_total + money
            tenders.append(Tender(PaymentMethod(method), money))
        on_account = sum(
            (t.amount for t in tenders if t.method is PaymentMethod.ACCOUNT),
            Money.zero(due.currency),
        )
        if (
            on_account
            and cart.customer_id is not None
            and not args.over_limit
            and checkout.beyond_credit_limit(cart.customer_id, min(on_account, due))
        ):
            raise InvalidInput(
                N_("This sale goes beyond the customer's credit limit."), field="customer"
            )
        done = checkout.complete(None, cart, tenders)
        print(done.number)
        saved = sum((line.saving.minor for line in cart.lines if line.saving), 0)
        if saved:  # what promotions took off the sale
            print(f"saved\t{Money(saved, due.currency).amount}")
        if done.settlement.change:
            print(f"change\t{done.settlement.change.amount}")
    return EXIT_OK


def _circumstance(error: Exception, args: argparse.Namespace) -> Exception | None:
    """The refusal, in the user's language, for what the disk or another program did (a full
    disk, a read-only file or folder, a busy shop); None for a bug."""
    import errno

    from duka import paths
    from duka.store.database import translate_os_error, user_error

    if isinstance(error, OSError) and error.errno in (
        errno.ENOSPC,
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
        errno.EDQUOT,
    ):
        # Writing a file the command was asked for: a failed flush does not say which.
        named = error.filename or next(
            (
                value
                for key in ("out", "escpos_out", "file", "dest")
                if (value := getattr(args, key, None))
            ),
            "",
        )
        return translate_os_error(error, Path(str(named)))
    return user_error(error, paths.resolve_db_path(getattr(args, "db", None))[0])


def _cmd_app(args: argparse.Namespace) -> int:
    from duka.ui.app import run_app

    return run_app(
        db=args.db,
        language=args.lang,
        screen=args.screen,
        screenshot=Path(args.screenshot) if args.screenshot else None,
        exit_after_show=args.exit_after_show,
        size=args.size,
        scale=args.scale,
    )


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": _cmd_demo,
    "verify": _cmd_verify,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "users": _cmd_users,
    "till": _cmd_till,
    "branch": _cmd_branch,
    "transfer": _cmd_transfer,
    "money": _cmd_money,
    "sync": _cmd_sync,
    "hub": _cmd_hub,
    "import": _cmd_import,
    "export": _cmd_export,
    "print": _cmd_print,
    "report": _cmd_report,
    "sell": _cmd_sell,
}


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    # Starting the app (no command named) reads only the app's options: building every
    # command's parser cost a shop's start some 30 ms.
    args: argparse.Namespace | None = None
    if not any(word in COMMANDS or word in ("-h", "--help", "--version") for word in given):
        quick = build_parser(commands=False)
        quick.quiet = True  # type: ignore[attr-defined]
        try:
            args, rest = quick.parse_known_args(given)
        except _Retry:
            args, rest = None, []
        if args is not None:
            args.command = None
        if rest:
            args = None  # the whole parser names what is wrong, as it always has
    if args is None:
        # The help and argparse's refusals in the language asked for (or the system's),
        # chosen before the parser is built; an unknown one is refused below.
        try:
            _choose_language(_lang_option(given))
        except _BadInput:
            pass
        _speak_argparse()
        args = build_parser().parse_args(given)
    if args.lang:
        from duka.i18n.languages import best_language

        # "pt-BR", "pt" or "PT_br" name the shipped pt_BR; an unknown one is said below
        args.lang = best_language(args.lang) or args.lang
    if args.command is None:
        # The app reports its own refusals in dialogs, in the shop's language.
        return _cmd_app(args)
    from duka.i18n import TranslatableError

    try:
        _choose_language(args.lang)
        return COMMANDS[args.command](args)
    except _BadInput as error:
        print(f"duka: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except TranslatableError as error:
        print(f"duka: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence: log, never a traceback
        from duka.logs import log_unexpected

        refusal = _circumstance(error, args)  # a full disk, a read-only file: not a bug
        if refusal is not None:
            print(f"duka: {refusal}", file=sys.stderr)
            return EXIT_BAD_INPUT

        log = log_unexpected(error)
        print(
            "duka: "
            + _(
                "Sorry, something went wrong. Nothing you saved was lost. The details are in {log}"
            ).format(log=log),
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
