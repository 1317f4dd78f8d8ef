"""The sync benchmark (bench/sync_bench.py) keeps working: at a tiny size it makes its
figures, and its tills converge (the bench itself fails if they do not). No timing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import run
import sync_bench


@pytest.fixture
def work(tmp_path: Path, private_home: Path) -> Path:
    return tmp_path


def test_applying_another_tills_sales_is_measured(work: Path) -> None:
    figures = sync_bench.apply_figures(work, sales=12, products=30, rounds=1)
    assert figures["sync_apply_sales"] == 12
    assert figures["sync_apply_10k_sales_s"] > 0 and figures["sync_apply_bare_s"] > 0
    assert figures["sync_apply_ratio"] > 0
    assert figures["sync_batches"] == 1  # 12 sales in batches of 100
    assert 0 < figures["sync_bytes_per_sale"] < figures["sync_outbox_bytes_per_sale"]


def test_capturing_is_measured_against_one_till_and_the_bare_sale(work: Path) -> None:
    figures = sync_bench.capture_figures(work, rounds=3, products=30)
    for name in ("sync_capture_ratio", "sync_sale_commit_ratio"):
        assert figures[name] > 0
    for name in ("sync_sale_captured_ms", "sync_sale_alone_ms", "sync_sale_bare_ms"):
        assert figures[name] > 0


def test_the_tills_converge(work: Path) -> None:
    figures = sync_bench.converge(work, tills=3, sales=6, products=30, rounds=3)
    assert figures["sync_converge_sales"] == 18
    assert figures["sync_converge_passes"] >= 1


def test_tills_that_differ_fail_the_bench(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A till that never hears of another's sales is caught, not reported as converged."""
    from duka.services.sync import SyncService

    real = SyncService._receive_all

    def deaf(self: SyncService, folder: Path, own: int, report: object) -> None:
        if own != 3:
            real(self, folder, own, report)  # type: ignore[arg-type]

    monkeypatch.setattr(SyncService, "_receive_all", deaf)
    with pytest.raises(sync_bench.Diverged):
        sync_bench.converge(work, tills=3, sales=2, products=30, rounds=1)


def test_the_benchmark_is_registered() -> None:
    assert "sync" in dict(run.BENCHMARKS)
    assert "sync_apply_10k_sales_s" in (run.__doc__ or "")
