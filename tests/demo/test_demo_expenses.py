"""The demo's expenses: months of them, this month's rent proposed, some from the drawer."""

from duka.core.expenses import ExpenseMethod
from duka.services.shop import Shop


def test_the_demo_has_months_of_expenses_and_this_months_rent_due(demo_shop: Shop) -> None:
    expenses = demo_shop.expenses.expenses()
    keys = {e.category.key for e in expenses}
    assert {"rent", "electricity", "wages", "transport", "water"} <= keys
    months = {e.day.strftime("%Y-%m") for e in expenses if e.category.key == "rent"}
    assert len(months) >= 3
    assert any(e.tax.minor and e.tax_code == "S" for e in expenses)
    drawer = [e for e in expenses if e.method is ExpenseMethod.DRAWER]
    assert drawer
    events = demo_shop.context.db.execute(
        "SELECT count(*) FROM expenses e JOIN cash_events c ON c.id = e.cash_event_id "
        "WHERE c.kind = 'pay_out' AND c.amount = e.gross"
    ).fetchone()[0]
    assert events == len(drawer)
    assert [r.category.key for r in demo_shop.expenses.due()] == ["rent"]
