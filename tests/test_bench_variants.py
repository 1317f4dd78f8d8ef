"""The benchmarks' synthetic variants are kept as Duka keeps them: `duka verify` finds the
shop whole, each parent reads as a family, and a variant's barcode finds the variant."""

from __future__ import annotations

import sys
from pathlib import Path

from duka.core.access import Actor
from duka.services.shop import Shop

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synth


def test_synthetic_variants_are_whole(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    synth.build_shop(db, 200, 10, backup_dir=tmp_path / "backups")
    synth.add_variants(db, 44)  # five whole families and one of four
    with Shop.open(db, backup_dir=tmp_path / "backups", actor=Actor.command_line("t")) as shop:
        shop.access.sign_in("1234")
        assert not [p for r in shop.maintenance.verify() for p in r.problems]
        assert shop.products.count() == 206
        found = shop.products.by_barcode(synth._barcode(200))
        assert found is not None and found[0].parent_id is not None
        family = shop.variants.family(found[0].parent_id)
        assert [o.name for o in family.options] == ["Size", "Colour"]
        assert len(family.variants) == 4 and family.variants[-1].id == 200
        assert shop.products.get(found[0].parent_id).is_parent
