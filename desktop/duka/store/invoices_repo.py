"""Rows of quotes, invoices and credit notes: drafts written and rewritten, issuing, reading
and the documents list with where each one stands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from duka.core.invoices import (
    DocKind,
    DocLine,
    Draft,
    Party,
    Standing,
    StoredDoc,
    TaxSum,
)
from duka.core.money import Money
from duka.core.pricing import PriceSource
from duka.core.products import Unit
from duka.core.quantity import Quantity
from duka.core.tax import DocumentTotals, RateTotal, TaxMode, TaxRate
from duka.i18n import _
from duka.store.sql import Executor, changes
from duka.store.tills import new_id, new_ids, this_till


@dataclass(frozen=True, slots=True)
class Stamp:
    at: str
    user_id: int | None
    actor: str


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def _rate(code: object, name: object, percent: object, exempt: object) -> TaxRate | None:
    if code is None:
        return None
    return TaxRate(str(code), str(name), Decimal(str(percent)), bool(exempt))


# -- drafts -----------------------------------------------------------------------------------


def _header_values(draft: Draft, totals: DocumentTotals) -> dict[str, object]:
    return {
        "kind": draft.kind.value,
        "customer_id": draft.customer_id,
        "language": draft.language or "",
        "currency": draft.currency,
        "mode": draft.mode.value,
        "terms_days": draft.terms_days,
        "reference": draft.reference,
        "notes": draft.notes,
        "discount": totals.discount.minor,
        "net": totals.net.minor,
        "tax": totals.tax.minor,
        "gross": totals.gross.minor,
        "source_id": draft.source_id,
        "restock": int(draft.restock),
    }


def insert_draft(conn: Executor, draft: Draft, stamp: Stamp) -> int:
    totals = draft.totals()
    values = _header_values(draft, totals)
    values.update(created_at=stamp.at, created_by=stamp.actor)
    values.update(updated_at=stamp.at, updated_by=stamp.actor)
    invoice_id = new_id(conn, "invoices")
    values.update(id=invoice_id)
    columns = ", ".join(values)
    marks = ", ".join(f":{key}" for key in values)
    conn.execute(f"INSERT INTO invoices ({columns}) VALUES ({marks})", values)
    _write_lines(conn, invoice_id, draft, totals)
    return invoice_id


def update_draft(conn: Executor, invoice_id: int, draft: Draft, stamp: Stamp) -> None:
    """Rewrite a draft whole: its header, and its lines replaced."""
    totals = draft.totals()
    values = _header_values(draft, totals)
    values.update(updated_at=stamp.at, updated_by=stamp.actor, id=invoice_id)
    assignments = ", ".join(f"{key} = :{key}" for key in values if key != "id")
    conn.execute(f"UPDATE invoices SET {assignments} WHERE id = :id AND state = 'draft'", values)
    conn.execute("DELETE FROM invoice_lines WHERE invoice_id = ?", (invoice_id,))
    _write_lines(conn, invoice_id, draft, totals)


def _write_lines(conn: Executor, invoice_id: int, draft: Draft, totals: DocumentTotals) -> None:
    first = new_ids(conn, "invoice_lines", len(draft.lines))
    conn.executemany(
        """
        INSERT INTO invoice_lines (id, invoice_id, position, product_id, description, unit,
            quantity, unit_price, discount, amount, tax_code, tax_name, tax_percent, exempt,
            source_line_id, price_list_id, price_from)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            (
                first + position - 1,
                invoice_id,
                position,
                line.product_id,
                line.description,
                line.unit.value,
                line.quantity.milli,
                line.unit_price.minor,
                line.discount.minor if line.discount is not None else 0,
                amount.minor,
                line.rate.code if line.rate else None,
                line.rate.name if line.rate else None,
                str(line.rate.percent) if line.rate else None,
                int(line.rate.exempt) if line.rate else 0,
                line.source_line_id,
                None if line.source is None else line.source.list_id,
                0 if line.source is None else line.source.from_milli,
            )
            for position, (line, amount) in enumerate(
                zip(draft.lines, totals.line_amounts, strict=True), start=1
            )
        ],
    )


def delete_draft(conn: Executor, invoice_id: int) -> bool:
    conn.execute(
        "DELETE FROM invoice_lines WHERE invoice_id = (SELECT id FROM invoices "
        "WHERE id = ? AND state = 'draft')",
        (invoice_id,),
    )
    conn.execute("DELETE FROM invoices WHERE id = ? AND state = 'draft'", (invoice_id,))
    return changes(conn) == 1


# -- issuing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Issue:
    number: str
    seq: int
    period: str
    issue_date: dt.date
    due_date: dt.date | None
    bill: Party
    seller: Party
    ledger_entry_id: int | None
    sale_id: int | None = None


def issue(
    conn: Executor,
    invoice_id: int,
    draft: Draft,
    unit_costs: Sequence[int],
    facts: Issue,
    stamp: Stamp,
) -> None:
    """Fix the draft: its lines and totals as `draft` says (written again, so what is issued
    is exactly what was checked), its taxes, costs, number and parties; then it is issued."""
    totals = draft.totals()
    update_draft(conn, invoice_id, draft, stamp)
    conn.executemany(
        "UPDATE invoice_lines SET unit_cost = ? WHERE invoice_id = ? AND position = ?",
        [(cost, invoice_id, position) for position, cost in enumerate(unit_costs, start=1)],
    )
    conn.executemany(
        "INSERT INTO invoice_taxes (invoice_id, tax_code, name, percent, exempt, net, tax, "
        "gross) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [_tax_row(invoice_id, rate) for rate in totals.by_rate],
    )
    conn.execute(
        """
        UPDATE invoices SET state = 'issued', number = :number, seq = :seq, period = :period,
            issue_date = :issue_date, due_date = :due_date, ledger_entry_id = :entry,
            sale_id = :sale_id, bill_name = :bill_name, bill_address = :bill_address,
            bill_phone = :bill_phone, bill_email = :bill_email, bill_tax_id = :bill_tax_id,
            seller_name = :seller_name, seller_address = :seller_address,
            seller_phone = :seller_phone, seller_tax_id = :seller_tax_id, issued_at = :at,
            user_id = :user_id, actor = :actor, updated_at = :at, updated_by = :actor,
            till = (SELECT number FROM this_till)
        WHERE id = :id AND state = 'draft'
        """,
        {
            "number": facts.number,
            "seq": facts.seq,
            "period": facts.period,
            "issue_date": facts.issue_date.isoformat(),
            "due_date": facts.due_date.isoformat() if facts.due_date else None,
            "entry": facts.ledger_entry_id,
            "sale_id": facts.sale_id,
            "bill_name": facts.bill.name,
            "bill_address": facts.bill.address,
            "bill_phone": facts.bill.phone,
            "bill_email": facts.bill.email,
            "bill_tax_id": facts.bill.tax_id,
            "seller_name": facts.seller.name,
            "seller_address": facts.seller.address,
            "seller_phone": facts.seller.phone,
            "seller_tax_id": facts.seller.tax_id,
            "at": stamp.at,
            "user_id": stamp.user_id,
            "actor": stamp.actor,
            "id": invoice_id,
        },
    )


def _tax_row(invoice_id: int, rate: RateTotal) -> tuple[object, ...]:
    r = rate.rate
    return (
        invoice_id,
        r.code if r else "",
        r.name if r else "",
        str(r.percent) if r else "0",
        int(r.exempt) if r else 1,
        rate.net.minor,
        rate.tax.minor,
        rate.gross.minor,
    )


def number_taken(conn: Executor, number: str) -> bool:
    return conn.execute("SELECT 1 FROM invoices WHERE number = ?", (number,)).fetchone() is not None


# -- reading ----------------------------------------------------------------------------------

_HEADER = (
    "id, kind, state, number, customer_id, language, currency, mode, issue_date, due_date, "
    "terms_days, reference, notes, discount, net, tax, gross, source_id, sale_id, restock, "
    "ledger_entry_id, bill_name, bill_address, bill_phone, bill_email, bill_tax_id, "
    "seller_name, seller_address, seller_phone, seller_tax_id, created_at, issued_at, "
    "created_by, actor"
)


def get(conn: Executor, invoice_id: int) -> StoredDoc | None:
    h = conn.execute(f"SELECT {_HEADER} FROM invoices WHERE id = ?", (invoice_id,)).fetchone()
    if h is None:
        return None
    currency = str(h[6])
    line_rows = conn.execute(
        "SELECT id, product_id, description, unit, quantity, unit_price, discount, amount, "
        "tax_code, tax_name, tax_percent, exempt, unit_cost, source_line_id, price_list_id, "
        "price_from FROM invoice_lines WHERE invoice_id = ? ORDER BY position, id",
        (invoice_id,),
    ).fetchall()
    lines = tuple(
        DocLine(
            description=str(r[2]),
            quantity=Quantity(int(r[4])),
            unit_price=Money(int(r[5]), currency),
            rate=_rate(r[8], r[9], r[10], r[11]),
            unit=Unit(r[3]),
            discount=Money(int(r[6]), currency) if r[6] else None,
            product_id=r[1],
            source_line_id=r[13],
            source=None if r[14] is None else PriceSource(int(r[14]), int(r[15])),
        )
        for r in line_rows
    )
    discount = int(h[13])
    draft = Draft(
        kind=DocKind(h[1]),
        currency=currency,
        mode=TaxMode(h[7]),
        customer_id=h[4],
        lines=lines,
        discount=Money(discount, currency) if discount else None,
        terms_days=int(h[10]),
        reference=str(h[11]),
        notes=str(h[12]),
        language=str(h[5]) or None,
        source_id=h[17],
        restock=bool(h[19]),
    )
    taxes = tuple(
        TaxSum(
            str(r[0]), str(r[1]), Decimal(str(r[2])), bool(r[3]), int(r[4]), int(r[5]), int(r[6])
        )
        for r in conn.execute(
            "SELECT tax_code, name, percent, exempt, net, tax, gross FROM invoice_taxes "
            "WHERE invoice_id = ? ORDER BY tax_code",
            (invoice_id,),
        )
    )
    issued = h[2] == "issued"
    return StoredDoc(
        id=int(h[0]),
        draft=draft,
        line_ids=tuple(int(r[0]) for r in line_rows),
        line_amounts=tuple(int(r[7]) for r in line_rows),
        unit_costs=tuple(int(r[12]) for r in line_rows),
        issued=issued,
        number=h[3],
        issue_date=_date(h[8]),
        due_date=_date(h[9]),
        net=int(h[14]),
        tax=int(h[15]),
        gross=int(h[16]),
        taxes=taxes,
        bill=Party(str(h[21]), str(h[22]), str(h[23]), str(h[24]), str(h[25])),
        seller=Party(str(h[26]), str(h[27]), str(h[28]), "", str(h[29])),
        sale_id=h[18],
        ledger_entry_id=h[20],
        created_at=str(h[30]),
        issued_at=h[31],
        actor=str(h[33] or h[32]),
    )


def id_of(conn: Executor, number: str) -> int | None:
    row = conn.execute("SELECT id FROM invoices WHERE number = ?", (number,)).fetchone()
    return int(row[0]) if row else None


def invoice_of_sale(conn: Executor, sale_id: int) -> int | None:
    row = conn.execute(
        "SELECT id FROM invoices WHERE sale_id = ? AND kind = 'invoice'", (sale_id,)
    ).fetchone()
    return int(row[0]) if row else None


def standing(conn: Executor, invoice_id: int) -> Standing:
    row = conn.execute(
        f"SELECT i.gross, {_CREDITED}, ifnull(o.open, 0) FROM invoices i "
        "LEFT JOIN customer_open o ON o.entry_id = i.ledger_entry_id WHERE i.id = ?",
        (invoice_id,),
    ).fetchone()
    return Standing(int(row[0]), int(row[1]), max(0, int(row[2]))) if row else Standing(0, 0, 0)


def credited_lines(conn: Executor, invoice_id: int) -> dict[int, tuple[int, int]]:
    """What issued credit notes took back of each line of an invoice: line id -> (quantity
    in thousandths, amount)."""
    return {
        int(r[0]): (int(r[1]), int(r[2]))
        for r in conn.execute(
            """
            SELECT l.source_line_id, sum(l.quantity), sum(l.amount) FROM invoice_lines l
            JOIN invoices n ON n.id = l.invoice_id
            WHERE n.source_id = ? AND n.kind = 'credit_note' AND n.state = 'issued'
                AND l.source_line_id IS NOT NULL
            GROUP BY l.source_line_id
            """,
            (invoice_id,),
        )
    }


def converted(conn: Executor, quote_id: int) -> int | None:
    """The invoice a quote became (issued or still a draft), if any."""
    row = conn.execute(
        "SELECT id FROM invoices WHERE source_id = ? AND kind = 'invoice' ORDER BY id LIMIT 1",
        (quote_id,),
    ).fetchone()
    return int(row[0]) if row else None


_CREDITED = (
    "(SELECT ifnull(sum(n.gross), 0) FROM invoices n WHERE n.source_id = i.id "
    "AND n.kind = 'credit_note' AND n.state = 'issued')"
)
_CONVERTED = (
    "EXISTS (SELECT 1 FROM invoices v WHERE v.source_id = i.id AND v.kind = 'invoice' "
    "AND v.state = 'issued')"
)


@dataclass(frozen=True, slots=True)
class ListRow:
    id: int
    kind: DocKind
    issued: bool
    number: str | None
    customer_id: int | None
    customer_name: str
    issue_date: dt.date | None
    due_date: dt.date | None
    gross: int
    credited: int
    due: int
    converted: bool
    created_at: str


def listing(
    conn: Executor,
    kinds: Sequence[DocKind],
    customer_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 5000,
) -> list[ListRow]:
    """Documents of `kinds`, newest first; a draft counts on the day it was made."""
    day = "coalesce(i.issue_date, substr(i.created_at, 1, 10))"
    where = [f"i.kind IN ({', '.join('?' * len(kinds))})"]
    params: list[object] = [k.value for k in kinds]
    if customer_id is not None:
        where.append("i.customer_id = ?")
        params.append(customer_id)
    if since is not None:
        where.append(f"{day} >= ?")
        params.append(since.isoformat())
    if until is not None:
        where.append(f"{day} <= ?")
        params.append(until.isoformat())
    params.append(limit)
    rows = conn.execute(
        f"""
        SELECT i.id, i.kind, i.state, i.number, i.customer_id,
               coalesce(nullif(i.bill_name, ''), c.name, ''), i.issue_date, i.due_date,
               i.gross, {_CREDITED}, ifnull(o.open, 0), {_CONVERTED}, i.created_at
        FROM invoices i
        LEFT JOIN customers c ON c.id = i.customer_id
        LEFT JOIN customer_open o ON o.entry_id = i.ledger_entry_id
        WHERE {" AND ".join(where)}
        ORDER BY {day} DESC, i.id DESC LIMIT ?
        """,
        params,
    ).fetchall()
    return [
        ListRow(
            id=int(r[0]),
            kind=DocKind(r[1]),
            issued=r[2] == "issued",
            number=r[3],
            customer_id=r[4],
            customer_name=str(r[5]),
            issue_date=_date(r[6]),
            due_date=_date(r[7]),
            gross=int(r[8]),
            credited=int(r[9]),
            due=max(0, int(r[10])),
            converted=bool(r[11]),
            created_at=str(r[12]),
        )
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class ExportRow:
    kind: DocKind
    number: str
    issue_date: str
    due_date: str
    customer_id: int | None
    customer: str
    customer_tax_id: str
    currency: str
    net: int
    tax: int
    gross: int
    standing: Standing
    converted: bool
    reference: str
    source: str
    sale: str


def export_rows(conn: Executor) -> list[ExportRow]:
    """Every issued document with its customer's details and standing, by kind and number."""
    return [
        ExportRow(
            kind=DocKind(r[0]),
            number=str(r[1]),
            issue_date=str(r[2]),
            due_date=str(r[3] or ""),
            customer_id=r[4],
            customer=str(r[5]),
            customer_tax_id=str(r[6]),
            currency=str(r[7]),
            net=int(r[8]),
            tax=int(r[9]),
            gross=int(r[10]),
            standing=Standing(int(r[10]), int(r[11]), max(0, int(r[12]))),
            converted=bool(r[13]),
            reference=str(r[14]),
            source=str(r[15] or ""),
            sale=str(r[16] or ""),
        )
        for r in conn.execute(
            f"""
            SELECT i.kind, i.number, i.issue_date, i.due_date, i.customer_id, i.bill_name,
                   i.bill_tax_id, i.currency, i.net, i.tax, i.gross, {_CREDITED},
                   ifnull(o.open, 0), {_CONVERTED}, i.reference,
                   (SELECT s.number FROM invoices s WHERE s.id = i.source_id),
                   (SELECT s.number FROM sales s WHERE s.id = i.sale_id)
            FROM invoices i LEFT JOIN customer_open o ON o.entry_id = i.ledger_entry_id
            WHERE i.state = 'issued'
            ORDER BY i.kind, i.issue_date, i.period, i.seq
            """
        )
    ]


# -- checks -----------------------------------------------------------------------------------


def problems(conn: Executor) -> list[str]:
    """Issued documents whose lines, taxes, credits or account entries disagree."""
    found = []
    for number, gross, taxes in conn.execute(
        """
        SELECT i.number, i.gross,
            (SELECT ifnull(sum(gross), 0) FROM invoice_taxes t WHERE t.invoice_id = i.id)
        FROM invoices i WHERE i.state = 'issued' AND (i.gross != (SELECT ifnull(sum(gross), 0)
            FROM invoice_taxes t WHERE t.invoice_id = i.id)
            OR i.net + i.tax != i.gross)
        LIMIT 20
        """
    ):
        found.append(
            _("invoices {number}: total {gross} but its taxes add up to {taxes}").format(
                number=number, gross=gross, taxes=taxes
            )
        )
    for number, credited, gross in conn.execute(
        f"""
        SELECT i.number, {_CREDITED} AS credited, i.gross FROM invoices i
        WHERE i.kind = 'invoice' AND i.state = 'issued' AND {_CREDITED} > i.gross LIMIT 20
        """
    ):
        found.append(
            _("invoices {number}: credit notes of {credited} exceed its total {gross}").format(
                number=number, credited=credited, gross=gross
            )
        )
    for number, amount in conn.execute(
        """
        SELECT i.number, i.gross FROM invoices i
        WHERE i.state = 'issued' AND i.kind IN ('invoice', 'credit_note') AND i.sale_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM customer_ledger l WHERE l.id = i.ledger_entry_id
                AND l.document = i.number AND l.customer_id IS i.customer_id
                AND l.amount = CASE i.kind WHEN 'invoice' THEN i.gross ELSE -i.gross END)
        LIMIT 20
        """
    ):
        found.append(
            _("invoices {number}: {amount} is missing from the customer's account").format(
                number=number, amount=amount
            )
        )
    for (number,) in conn.execute(
        """
        SELECT i.number FROM invoices i
        WHERE i.state = 'issued' AND (i.kind = 'credit_note') != (i.source_id IS NOT NULL
            AND (SELECT kind FROM invoices s WHERE s.id = i.source_id) = 'invoice')
            AND i.kind != 'invoice'
        LIMIT 20
        """
    ):
        found.append(
            _("invoices {number}: a credit note that corrects no invoice").format(number=number)
        )
    for number, wanted, moved in conn.execute(
        """
        WITH wanted AS (
            SELECT i.number, l.product_id, sum(CASE i.kind WHEN 'invoice' THEN -l.quantity
                ELSE l.quantity END) AS quantity
            FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
            WHERE i.state = 'issued' AND l.product_id IS NOT NULL AND i.sale_id IS NULL
                AND (i.kind = 'invoice' OR (i.kind = 'credit_note' AND i.restock = 1))
            GROUP BY i.id, l.product_id
        ), moved AS (
            SELECT m.document, m.product_id, sum(m.quantity) AS quantity
            FROM stock_movements m JOIN invoices i ON i.number = m.document
            GROUP BY m.document, m.product_id
        )
        SELECT wanted.number, wanted.quantity, ifnull(moved.quantity, 0) FROM wanted
        LEFT JOIN moved ON moved.document = wanted.number AND moved.product_id = wanted.product_id
        WHERE ifnull(moved.quantity, 0) != wanted.quantity
        UNION ALL
        SELECT moved.document, 0, moved.quantity FROM moved
        LEFT JOIN wanted ON wanted.number = moved.document AND wanted.product_id = moved.product_id
        WHERE wanted.number IS NULL
        """
    ):
        found.append(
            _("invoices {number}: lines move {wanted} but the stock ledger moved {moved}").format(
                number=number, wanted=wanted, moved=moved
            )
        )
    return found


def numbering_problems(conn: Executor) -> list[str]:
    """Gaps and repeats in each till's series, and this till's counters behind the numbers
    it issued (each file counts only its own till's numbers)."""
    found = []
    own = this_till(conn)
    for till, kind, period, count, low, high in conn.execute(
        """
        SELECT till, kind, period, count(*), min(seq), max(seq) FROM invoices
        WHERE state = 'issued' GROUP BY till, kind, period
        """
    ):
        if low != 1 or high != count:
            missing = [
                str(seq)
                for (seq,) in conn.execute(
                    """
                    WITH RECURSIVE n(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM n
                        WHERE seq < ?)
                    SELECT seq FROM n WHERE seq NOT IN (SELECT seq FROM invoices
                        WHERE till = ? AND kind = ? AND period = ? AND state = 'issued') LIMIT 10
                    """,
                    (high, till, kind, period),
                )
            ]
            found.append(
                _("{kind} numbers {period}: {count} issued up to {high}; missing {missing}").format(
                    kind=kind,
                    period=period or "",
                    count=count,
                    high=high,
                    missing=", ".join(missing),
                )
            )
        if till != own:
            continue
        counter = conn.execute(
            "SELECT next FROM counters WHERE series = ?", (series(DocKind(kind), period),)
        ).fetchone()
        if counter is None or int(counter[0]) != high + 1:
            found.append(
                _("{kind} counter {period} is at {counter} but {high} were issued").format(
                    kind=kind,
                    period=period or "",
                    counter=counter[0] if counter else None,
                    high=high,
                )
            )
    return found


def series(kind: DocKind, period: str) -> str:
    """The counter of one series and period: each year of a yearly series counts on its own,
    so switching the yearly restart on or off never hands out a number twice."""
    return f"{kind.value}:{period}"
