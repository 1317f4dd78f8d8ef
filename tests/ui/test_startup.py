"""The app's start: refusals in a dialog, the first-run questions, no heavy imports."""

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from duka.ui import startup as startup_module
from duka.ui.startup import Startup
from tests.cli.conftest import ROOT


def test_a_refusal_at_start_is_a_dialog_and_exit_2(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(startup_module, "show_refusal", lambda _p, e: shown.append(e.message))
    missing = tmp_path / "gone" / "shop.sqlite3"
    code = Startup(qapp, db=str(missing), language=None, screen=None).run(
        screenshot=None, exit_after_show=False
    )
    assert code == 2
    assert shown and "does not exist" in shown[0]
    assert not missing.parent.exists()


def test_a_new_shop_asks_the_first_run_questions_and_leaving_stores_nothing(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duka.ui.dialogs import first_run

    asked: list[str] = []

    def decline(dialog: first_run.FirstRunDialog) -> int:
        asked.append(dialog.windowTitle())
        return int(first_run.FirstRunDialog.DialogCode.Rejected)

    monkeypatch.setattr(first_run.FirstRunDialog, "exec", decline)
    db = tmp_path / "new.sqlite3"
    code = Startup(qapp, db=str(db), language=None, screen=None).run(
        screenshot=None, exit_after_show=False
    )
    assert code == 0 and asked == ["Welcome to Duka"]
    from duka.services.shop import Shop

    with Shop.open(db, backup_dir=tmp_path / "b") as shop:
        assert not shop.settings.load().is_set_up


def test_starting_imports_neither_reportlab_nor_sqlite_utils(tmp_path: Path) -> None:
    code = (
        "import sys; from duka.cli import main; "
        f"rc = main(['--db', {str(tmp_path / 's.sqlite3')!r}, '--exit-after-show']); "
        "print(rc, 'reportlab' in sys.modules, 'sqlite_utils' in sys.modules)"
    )
    result = _start(code, tmp_path)
    # A new file is migrated (sqlite-utils runs the schema); open it again to see a plain start.
    again = _start(code, tmp_path)
    assert result.stdout.split() == ["0", "False", "True"], result.stderr
    assert again.stdout.split() == ["0", "False", "False"], again.stderr


# Read when the window is up (startup.preload) or when first used, never before the first
# paint: completing a sale and its receipt, the cash drawer, customers, documents, reports.
_NOT_AT_START = (
    "duka.services.checkout",
    "duka.services.receipts",
    "duka.services.cash",
    "duka.services.customers",
    "duka.store.sales_repo",
    "duka.demo",
    "duka.documents",
    "duka.ui.screens.products",
    "duka.ui.dialogs.payment",
    "duka.ui.auto_backup",
    "duka.services.auto_backup",
    "duka.logs",
    "duka.redaction",
    "reportlab",
    "sqlite_utils",
)


def test_a_start_reads_only_what_the_first_screen_needs(
    demo_template: Path, tmp_path: Path
) -> None:
    import shutil

    db = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, db)
    # What PySide made for Python: a class of Qt's that Duka never uses (QWizard, QProcess)
    # is there only if something handed PySide an object it had no class for, which makes
    # it load every class Qt has with all their enums (45 ms of a start).
    code = (
        "import json, sys; from duka.cli import main; "
        f"rc = main(['--db', {str(db)!r}, '--exit-after-show']); "
        "from PySide6 import QtCore, QtWidgets; "
        "print(json.dumps({'rc': rc, 'modules': sorted(sys.modules), "
        "'every_class': ['QWizard' in QtWidgets.__dict__, 'QProcess' in QtCore.__dict__]}))"
    )
    result = _start(code, tmp_path)
    import json

    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["rc"] == 0, result.stderr
    read = [m for m in found["modules"] if m.startswith(_NOT_AT_START)]
    assert read == [], f"read at start: {read}"
    assert found["every_class"] == [False, False]


def _start(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`code` run as a start of Duka in a process of its own, offscreen, in a home of its own."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "DUKA_HOME": str(tmp_path / "home"),
            "PYTHONPATH": str(ROOT / "desktop"),
            "PATH": "/usr/bin:/bin",
        },
    )
