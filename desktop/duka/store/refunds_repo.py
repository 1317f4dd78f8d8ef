"""Rows of refunds (append-only) and what has come back of each sale line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from duka.core.tax import RateTotal
from duka.i18n import _
from duka.store.sales_repo import tax_rows
from duka.store.sql import Executor
from duka.store.tills import SPAN, new_id, new_ids


@dataclass(frozen=True, slots=True)
class ReturnableRow:
    line_id: int
    product_id: int
    name: str
    unit: str
    quantity: int
    amount: int
    tax_code: str | None
    unit_cost: int
    returned: int
    refunded: int


@dataclass(frozen=True, slots=True)
class RefundLineRow:
    sale_line_id: int
    product_id: int
    quantity: int
    amount: int
    restock: bool


def returnable(conn: Executor, sale_id: int) -> list[ReturnableRow]:
    rows = conn.execute(
        """
        SELECT l.id, l.product_id, l.name, l.unit, l.quantity, l.amount, l.tax_code,
               l.unit_cost, ifnull(sum(r.quantity), 0), ifnull(sum(r.amount), 0)
        FROM sale_lines l LEFT JOIN refund_lines r ON r.sale_line_id = l.id
        WHERE l.sale_id = ? GROUP BY l.id ORDER BY l.id
        """,
        (sale_id,),
    )
    return [ReturnableRow(*row) for row in rows]


def insert_refund(
    conn: Executor,
    *,
    number: str,
    sale_id: int,
    at: str,
    user_id: int | None,
    actor: str,
    currency: str,
    mode: str,
    totals: tuple[int, int, int],
    reason: str,
    approved_by: str | None,
    lines: Sequence[RefundLineRow],
    taxes: Sequence[RateTotal],
    payments: Sequence[tuple[str, int, str, str]],
    session_id: int | None = None,
) -> int:
    net, tax, gross = totals
    refund_id = new_id(conn, "refunds")
    conn.execute(
        """
        INSERT INTO refunds (id, number, sale_id, at, user_id, actor, currency, mode, net,
            tax, gross, reason, approved_by, session_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            refund_id,
            number,
            sale_id,
            at,
            user_id,
            actor,
            currency,
            mode,
            net,
            tax,
            gross,
            reason,
            approved_by,
            session_id,
        ),
    )
    first_line = new_ids(conn, "refund_lines", len(lines))
    conn.executemany(
        "INSERT INTO refund_lines (id, refund_id, sale_line_id, product_id, quantity, amount, "
        "restock) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                first_line + n,
                refund_id,
                line.sale_line_id,
                line.product_id,
                line.quantity,
                line.amount,
                int(line.restock),
            )
            for n, line in enumerate(lines)
        ],
    )
    conn.executemany(
        "INSERT INTO refund_taxes (refund_id, tax_code, name, percent, exempt, net, tax, gross) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        tax_rows(refund_id, taxes),
    )
    first_payment = new_ids(conn, "refund_payments", len(payments))
    conn.executemany(
        "INSERT INTO refund_payments (id, refund_id, method, amount, provider, reference) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(first_payment + n, refund_id, *payment) for n, payment in enumerate(payments)],
    )
    return refund_id


# The refunds of one sale line were all made at one till (refund_lines ids are in their
# till's range: duka.store.tills).
_ONE_TILL = f"count(DISTINCT (r.id - 1) / {SPAN}) = 1"


def refunded_on_two_tills(conn: Executor) -> list[str]:
    """Sale lines that tills apart refunded more of than was sold, each not knowing of the
    other's refund. The rule: every refund stands (its money was given back and its goods
    taken in); the owner is shown them, to see the goods came back."""
    return [
        _(
            "sale_lines {line_id} of {number}: {sold} sold, {returned} returned by refunds "
            "made at different tills ({refunds}); each refund stands"
        ).format(line_id=line_id, number=number, sold=sold, returned=returned, refunds=refunds)
        for number, line_id, sold, returned, refunds in conn.execute(
            f"""
            SELECT s.number, l.id, l.quantity, sum(r.quantity),
                   (SELECT group_concat(f.number, ', ') FROM refunds f WHERE f.id IN
                       (SELECT refund_id FROM refund_lines x WHERE x.sale_line_id = l.id))
            FROM refund_lines r
            JOIN sale_lines l ON l.id = r.sale_line_id JOIN sales s ON s.id = l.sale_id
            GROUP BY l.id HAVING (sum(r.quantity) > l.quantity OR sum(r.amount) > l.amount)
                AND NOT {_ONE_TILL}
            """
        )
    ]


def problems(conn: Executor) -> list[str]:
    """Refunds that disagree with themselves, their sale or the stock ledger."""
    found: list[str] = []
    for number, line_id, sold, returned in conn.execute(
        f"""
        SELECT s.number, l.id, l.quantity, sum(r.quantity) FROM refund_lines r
        JOIN sale_lines l ON l.id = r.sale_line_id JOIN sales s ON s.id = l.sale_id
        GROUP BY l.id HAVING (sum(r.quantity) > l.quantity OR sum(r.amount) > l.amount)
            AND {_ONE_TILL}
        """
    ):
        found.append(
            _("sale_lines {line_id} of {number}: {sold} sold but {returned} returned").format(
                line_id=line_id, number=number, sold=sold, returned=returned
            )
        )
    for number, gross, part in conn.execute(
        """
        SELECT f.number, f.gross, (SELECT ifnull(sum(t.gross), 0) FROM refund_taxes t
            WHERE t.refund_id = f.id) AS taxed
        FROM refunds f WHERE f.gross != taxed
           OR f.gross != (SELECT ifnull(sum(p.amount), 0) FROM refund_payments p
                          WHERE p.refund_id = f.id)
           OR CASE f.mode WHEN 'inclusive' THEN f.gross ELSE f.net END
              != (SELECT ifnull(sum(l.amount), 0) FROM refund_lines l WHERE l.refund_id = f.id)
        """
    ):
        found.append(
            _("refunds {number}: total {gross} but its parts add up to {part}").format(
                number=number, gross=gross, part=part
            )
        )
    for number, expected, moved in conn.execute(
        """
        SELECT f.number,
               (SELECT sum(l.quantity) FROM refund_lines l WHERE l.refund_id = f.id),
               (SELECT ifnull(sum(m.quantity), 0) FROM stock_movements m
                WHERE m.document = f.number AND m.kind = 'return') AS moved
        FROM refunds f
        WHERE moved != (SELECT sum(l.quantity) FROM refund_lines l WHERE l.refund_id = f.id)
        """
    ):
        found.append(
            _("refunds {number}: {expected} came back but the ledger took in {moved}").format(
                number=number, expected=expected, moved=moved
            )
        )
    for (number,) in conn.execute(
        "SELECT f.number FROM refunds f WHERE NOT EXISTS (SELECT 1 FROM journal j "
        "WHERE j.kind = 'refund' AND j.source_id = f.id)"
    ):
        found.append(_("refunds {number}: not in the journal").format(number=number))
    return found
