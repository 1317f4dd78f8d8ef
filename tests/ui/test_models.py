from decimal import Decimal

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from duka.core.tax import TaxRate
from duka.i18n.formatting import Formats
from duka.ui.models import windowed
from duka.ui.models.tax_rates import TaxRatesModel
from duka.ui.models.windowed import Column, WindowedTableModel
from tests.ui.helpers import cell


def test_the_windowed_model_passes_qts_model_checks(qtmodeltester: ModelTester) -> None:
    rows = [(n, f"item {n}") for n in range(1000)]
    model = WindowedTableModel(
        [Column("Name", lambda r: r[1]), Column("Number", lambda r: str(r[0]), True)],
        lambda: len(rows),
        lambda offset, limit: rows[offset : offset + limit],
    )
    qtmodeltester.check(model)


def test_the_windowed_model_reads_only_the_pages_it_shows() -> None:
    fetched: list[int] = []
    total = windowed.PAGE_SIZE * (windowed.PAGES_KEPT + 5)

    def fetch(offset: int, limit: int) -> list[int]:
        fetched.append(offset)
        return list(range(offset, min(total, offset + limit)))

    model = WindowedTableModel([Column("n", str)], lambda: total, fetch)
    assert model.rowCount() == total and fetched == []
    assert cell(model, 0, 0) == "0"
    assert cell(model, 5, 0) == "5"
    assert fetched == [0]  # one page for both rows
    assert cell(model, total - 1, 0) == str(total - 1)
    assert len(fetched) == 2
    for page in range(windowed.PAGES_KEPT + 3):
        model.row(page * windowed.PAGE_SIZE)
    assert len(model._pages) == windowed.PAGES_KEPT  # old pages are let go


def test_the_windowed_model_counts_again_on_refresh() -> None:
    rows = [1, 2]
    model = WindowedTableModel([Column("n", str)], lambda: len(rows), lambda o, n: rows[o : o + n])
    rows.append(3)
    assert model.rowCount() == 2
    model.refresh()
    assert model.rowCount() == 3 and cell(model, 2, 0) == "3"


def test_the_tax_rates_model_passes_qts_model_checks(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    model = TaxRatesModel(Formats("en"))
    model.set_rates((TaxRate("S", "VAT", Decimal(16)), TaxRate("E", "Exempt", Decimal(0), True)))
    qtmodeltester.check(model)
    model.add_rate()
    qtmodeltester.check(model)


def test_each_cell_keeps_its_own_direction() -> None:
    model = WindowedTableModel([Column("phone", str)], lambda: 1, lambda o, n: ["+254 712 000 111"])
    assert model.data(model.index(0, 0)) == "\u2068+254 712 000 111\u2069"  # first-strong isolate
