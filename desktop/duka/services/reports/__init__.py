"""Reports and the day at a glance: every report as a table (with a totals row and the chart
that suits it), the dashboard's figures, and the report as CSV, Excel or PDF.

Sales figures come from the daily summary rows (store.summaries): each sale, refund,
invoice and credit note is noted for them in its own transaction, and the documents that
wait are added in before a report or the dashboard reads (a short write), so a report over
three years reads a few thousand rows and always includes the last sale. "Sales" are counter
sales and invoices not made from a counter sale (an invoice for a sale is that sale, counted
once); "refunds" are refunds and credit notes. Reports show costs and profit, so they need the
right to see costs.

A report reads as of one moment (a sale completed meanwhile is in all its figures or none).
Long reports may run in a worker thread on `Shop.detached()`.

Where things are: `service` runs a report by name, makes the dashboard and writes the files;
each report family builds its tables in its own module (`sales`: by day, week and month,
profit, by cashier, by payment method, tax; `products`: by product and by category;
`refunds`: refunds, discounts and cancelled sales; `stock`: stock value and slow movers;
`accounts`: who owes the shop and whom the shop owes); `parts` holds what they share and
`cells` how a cell reads on screen, in a spreadsheet and on paper. A report's columns are
declared once, in core.reports.
"""

from duka.services.reports.cells import cell_text
from duka.services.reports.service import (
    SHOP_WIDE,
    Dashboard,
    ReportService,
    scope_text,
    till_text,
)

__all__ = ["SHOP_WIDE", "Dashboard", "ReportService", "cell_text", "scope_text", "till_text"]
