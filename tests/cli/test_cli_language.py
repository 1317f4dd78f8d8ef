"""The command line in the user's language: its help (argparse's own words too), its
refusals, `duka verify`'s findings, and the command line named as a user on a receipt."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from pypdf import PdfReader

from duka.core.access import Actor
from duka.core.barcodes import Barcode
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.services.shop import Shop
from tests.cli.conftest import Run


def test_help_in_french_from_lang(duka: Run) -> None:
    result = duka("--help", env={"LANG": "fr_FR.UTF-8"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("usage : duka")
    assert "arguments positionnels" in out and "\noptions:" in out
    assert "afficher cette aide et quitter" in out
    assert "créer une boutique de démonstration" in out
    for english in ("usage:", "show this help", "create a demo shop", "the shop database"):
        assert english not in out


def test_help_in_arabic_from_the_option(duka: Run) -> None:
    result = duka("--lang", "ar", "--help")
    assert result.returncode == 0, result.stderr
    assert "الاستخدام: duka" in result.stdout
    assert "عرض رسالة المساعدة هذه والخروج" in result.stdout
    assert "usage:" not in result.stdout and "show this help" not in result.stdout
    # a command's own help, with the option after the command
    verify = duka("verify", "--help", "--lang=ar")
    assert "فحص" in duka("--lang", "ar", "--help").stdout
    assert "التحقق أيضًا من أن السجل" in verify.stdout


def test_refusals_in_french(duka: Run, tmp_path: Path) -> None:
    missing = duka("--lang", "fr", "sell")
    assert missing.returncode == 2
    assert missing.stderr.strip() == (
        "duka sell : les arguments suivants sont requis : ITEM (voir duka sell --help)"
    )
    size = duka("--size", "big", "--screenshot", "x.png", env={"LANG": "fr_FR.UTF-8"})
    assert "n’est pas une taille comme 1024x600" in size.stderr
    report = duka("report", "nope", "--db", str(tmp_path / "x.sqlite3"), "--lang", "fr")
    assert report.returncode == 2
    assert report.stderr.startswith("duka: il n’y a pas de rapport 'nope' ; choisissez parmi")


def test_verify_on_the_demo_speaks_only_french(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    assert duka("demo", "--db", str(db)).returncode == 0
    english = duka("verify", "--db", str(db)).stdout.splitlines()
    french = duka("verify", "--db", str(db), "--lang", "fr").stdout.splitlines()
    assert len(french) == len(english) > 10
    assert french[0] == english[0] == str(db)  # the file's name, as it is
    for theirs, ours in zip(english[1:], french[1:], strict=True):
        assert theirs != ours
    words = set(re.findall(r"[A-Za-z’']+", " ".join(french[1:])))
    assert not words & {"the", "no", "found", "kept", "anchor", "folder", "journal ends"}
    assert "  · le journal s’arrête à " in french[-3]
    assert french[-1] == "Aucun problème trouvé."
    # a setting changed behind Duka's back, said in French
    conn = sqlite3.connect(db)
    conn.execute("""UPDATE settings SET value = '"Mars"' WHERE key = 'country'""")
    conn.commit()
    conn.close()
    damaged = duka("verify", "--db", str(db), "--lang", "fr")
    assert damaged.returncode == 1
    assert "PROBLÈME : Journal et audit" in damaged.stdout
    assert "settings, ligne 2 (country) : modifiée hors de Duka" in damaged.stdout
    assert "  - country : « MARS » n’est pas un code de pays." in damaged.stdout
    assert "Problèmes trouvés : 2" in damaged.stdout


def test_a_receipt_printed_by_the_command_line_names_it_in_french(
    duka: Run, tmp_path: Path
) -> None:
    path = tmp_path / "shop.sqlite3"
    with Shop.open(path, backup_dir=tmp_path / "b", actor=Actor.command_line("t")) as shop:
        shop.settings.first_run(
            "Duka la Test", "KE", language="en", owner_name="Zawadi", owner_pin="4321"
        )
        shop.products.add(
            ProductDraft(
                "Sukari",
                Money.of("180", "KES"),
                Money.of("150", "KES"),
                barcodes=(Barcode("6161234567890"),),
            ),
            opening_stock=Quantity.of(5),
        )
    sold = duka("sell", "6161234567890", "--db", str(path))
    assert sold.returncode == 0, sold.stderr
    number = sold.stdout.split()[0]
    out = tmp_path / "receipt.pdf"
    printed = duka("print", "receipt", number, "--out", str(out), "--db", str(path), "--lang", "fr")
    assert printed.returncode == 0, printed.stderr
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert re.search(r"Caissier\s*:\s*ligne de commande \(", text), text
    assert "command line" not in text
    # what the sale stored is unchanged: the journal still verifies
    assert duka("verify", "--db", str(path)).returncode == 0
