"""Importing products or customers: the file's columns matched to Duka's, every row checked,
then the import itself in one transaction, with progress and a Cancel that leaves nothing
written.

Reading, checking and importing run in the thread pool on a connection of their own, so a
file of 100,000 rows never freezes the window; the window's connection does not write while
the dialog is open (it is modal).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duka.core import customer_import
from duka.core.changes import Outcome
from duka.core.list_price_columns import list_column
from duka.core.moving_in.products import Field
from duka.i18n import N_, TranslatableError, _
from duka.services.imports import ImportAction, ImportPreview, ImportResult, Table
from duka.services.shop_view import ShopView
from duka.ui.models.windowed import isolate
from duka.ui.operations import long_operation, show_refusal, show_unexpected
from duka.ui.state import AppState
from duka.ui.widgets.elided import ElidedLabel
from duka.ui.widgets.screen_fit import FittedDialog
from duka.ui.workers import ProgressWorker, Worker, start

SAMPLE_ROWS = 200  # rows shown; every row is checked
_MARKS = (".", ",")


@dataclass(frozen=True)
class ImportKind:
    """What is imported: the shop's exchange for it, its columns and its words."""

    exchange: str  # the Shop attribute that previews and applies
    columns: type[Enum]
    title: str  # catalog strings
    progress: str
    extra_header: str
    describe: Callable[[Any, AppState], tuple[str, str]]  # a planned row: (name, extra)


def _product_row(item: Any, state: AppState) -> tuple[str, str]:
    price = item.draft.sell_price
    return item.draft.name, state.formats.money(price.amount, price.currency)


def _customer_row(item: Any, state: AppState) -> tuple[str, str]:
    return item.draft.name, item.draft.phone


PRODUCTS = ImportKind(
    "exchange",
    Field,
    N_("Import products"),
    N_("Importing products…"),
    N_("Price or column"),
    _product_row,
)
CUSTOMERS = ImportKind(
    "customer_exchange",
    customer_import.Column,
    N_("Import customers"),
    N_("Importing customers…"),
    N_("Phone or column"),
    _customer_row,
)


class ImportDialog(FittedDialog):
    def __init__(
        self,
        state: AppState,
        path: Path,
        parent: QWidget | None = None,
        kind: ImportKind = PRODUCTS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.kind = kind
        self.state = state
        self.path = path
        self.table: Table | None = None
        self.preview: ImportPreview[Any, Any] | None = None
        self.outcome: ImportResult | None = None
        self._checking = False
        self._again = False
        self._worker: ProgressWorker | None = None

        self.file_line = ElidedLabel()
        self.file_line.setObjectName("formStatus")
        self.system_line = QLabel()
        self.system_line.setObjectName("importSystem")
        self.unused_line = ElidedLabel()
        self.unused_line.setObjectName("formStatus")
        self.mark_box = QComboBox()
        self.mark_box.activated.connect(lambda _i: self.check())
        self.columns_table = QTableWidget(0, 3)
        self.columns_table.verticalHeader().setVisible(False)
        self.columns_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.rows_table = QTableWidget(0, 4)
        self.rows_table.verticalHeader().setVisible(False)
        self.rows_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.skip_box = QCheckBox()
        self.skip_box.toggled.connect(lambda _on: self._enable())
        self.import_button = QPushButton()
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(self.start_import)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)

        top = QFormLayout()
        self._mark_label = QLabel()
        top.addRow(self._mark_label, self.mark_box)
        self._columns_title = QLabel()
        self._columns_title.setObjectName("sectionTitle")
        self._rows_title = QLabel()
        self._rows_title.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_line)
        layout.addWidget(self.system_line)
        layout.addLayout(top)
        layout.addWidget(self._columns_title)
        layout.addWidget(self.columns_table, 2)
        layout.addWidget(self.unused_line)
        layout.addWidget(self._rows_title)
        layout.addWidget(self.summary)
        layout.addWidget(self.rows_table, 3)
        layout.addWidget(self.skip_box)
        layout.addWidget(self.buttons)
        self.resize(940, 680)
        self.retranslate()
        self._enable()
        self._run(self._read_and_check, self._shown)

    # -- reading and checking (in the thread pool) ---------------------------------------

    def _read_and_check(self) -> tuple[Table, ImportPreview[Any, Any]]:
        with self.state.shop.detached() as own:
            exchange = getattr(own, self.kind.exchange)
            table = exchange.read(self.path)
            return table, exchange.preview(self.path, table)

    def _check_again(self, mapping: list[Any], mark: str) -> tuple[Table, ImportPreview[Any, Any]]:
        assert self.table is not None
        table = self.table
        with self.state.shop.detached() as own:
            exchange = getattr(own, self.kind.exchange)
            return table, exchange.preview(self.path, table, mapping, mark)

    def _run(self, job: Callable[[], object], then: Callable[[object], None]) -> None:
        self._checking = True
        self.summary.setText(_("Reading and checking every row…"))
        self._enable()
        worker = Worker(job)
        worker.signals.done.connect(then)
        worker.signals.failed.connect(self._failed)
        start(worker)

    def check(self) -> None:
        """Check every row again with the columns and decimal mark as chosen now."""
        if self.table is None:
            return
        if self._checking:
            self._again = True  # once the running check ends
            return
        mapping = [self._column_box(i).currentData() for i in range(len(self.table.headers))]
        mark = self.mark_box.currentData()
        self._run(lambda: self._check_again(mapping, mark), self._shown)

    def _failed(self, error: object) -> None:
        self._checking = False
        self._enable()
        if isinstance(error, TranslatableError):
            self.summary.setText(error.message)
            if self.table is None:  # the file itself cannot be imported
                show_refusal(self, error)
                self.reject()
        elif isinstance(error, BaseException):
            show_unexpected(error, self)
            self.reject()

    def _shown(self, found: object) -> None:
        self._checking = False
        assert isinstance(found, tuple)
        table, preview = found
        first = self.table is None
        self.table, self.preview = table, preview
        if first:
            self._fill_columns()
            self.retranslate()  # the file's format is known now
        self.mark_box.setCurrentIndex(_MARKS.index(preview.decimal_mark))
        self._fill_rows()
        self._enable()
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.check)

    # -- showing ---------------------------------------------------------------------------

    def _column_box(self, row: int) -> QComboBox:
        box = self.columns_table.cellWidget(row, 2)
        assert isinstance(box, QComboBox)
        return box

    def _fill_columns(self) -> None:
        assert self.table is not None and self.preview is not None
        headers = self.table.headers
        self.columns_table.setRowCount(len(headers))
        for number, header in enumerate(headers):
            example = next(
                (cells[number] for _n, cells in self.table.rows[:50]
                 if number < len(cells) and cells[number].strip()),
                "",
            )  # fmt: skip
            self.columns_table.setItem(number, 0, QTableWidgetItem(isolate(header)))
            self.columns_table.setItem(number, 1, QTableWidgetItem(isolate(example)))
            box = QComboBox()
            box.addItem("", None)
            current = self.preview.mapping[number]
            for column in self.kind.columns:
                # A field only a system's layout reads (a sale price, a parent) is offered
                # where it was recognised, not to every column.
                if getattr(column, "offered", True) or column == current:
                    box.addItem("", column)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.activated.connect(lambda _i: self.check())
            self.columns_table.setCellWidget(number, 2, box)
        self._label_boxes()
        self.columns_table.resizeColumnToContents(0)
        self.columns_table.setColumnWidth(2, 220)

    def _label_boxes(self) -> None:
        for row in range(self.columns_table.rowCount()):
            box = self._column_box(row)
            header = self.table.headers[row] if self.table is not None else ""
            # A price list's column (price:Wholesale@10) is read beside the fields.
            box.setItemText(0, _("Price list") if list_column(header) else _("Not imported"))
            for index in range(1, box.count()):
                box.setItemText(index, _(box.itemData(index).label))

    def _fill_rows(self) -> None:
        preview = self.preview
        assert preview is not None
        self.summary.setText(
            _(
                "{rows} rows: {new} new, {update} to update, {same} unchanged, {bad} with problems"
            ).format(
                rows=self.state.formats.number(preview.row_count),
                new=self.state.formats.number(preview.count(ImportAction.NEW)),
                update=self.state.formats.number(preview.count(ImportAction.UPDATE)),
                same=self.state.formats.number(preview.count(ImportAction.UNCHANGED)),
                bad=self.state.formats.number(preview.invalid_rows),
            )
        )
        # Problems first, then what was noticed, then the rows that will be written.
        lines: list[tuple[str, str, str, str, Qt.GlobalColor | None]] = [
            (str(p.row), _("Problem"), p.message, p.column, Qt.GlobalColor.darkRed)
            for p in preview.problems[:SAMPLE_ROWS]
        ]
        lines += [
            (str(p.row), _("Note"), p.message, p.column, Qt.GlobalColor.darkBlue)
            for p in preview.notices[: max(0, SAMPLE_ROWS - len(lines))]
        ]
        labels = {
            ImportAction.NEW: _("New"),
            ImportAction.UPDATE: _("Update"),
            ImportAction.UNCHANGED: _("Unchanged"),
        }
        for item in preview.planned[: max(0, SAMPLE_ROWS - len(lines))]:
            name, extra = self.kind.describe(item, self.state)
            lines.append((str(item.row), labels[item.action], name, extra, None))
        self.rows_table.setRowCount(len(lines))
        for row, (number, action, text, extra, colour) in enumerate(lines):
            # A problem is a sentence in the reader's language: it keeps the screen's
            # direction. Names and a file's headers are isolated, whatever their script.
            for column, value in enumerate((number, action, text, extra)):
                cell = QTableWidgetItem(value if colour and column == 2 else isolate(value))
                if colour:
                    cell.setForeground(colour)
                self.rows_table.setItem(row, column, cell)
        self.rows_table.resizeColumnToContents(0)
        self.rows_table.resizeColumnToContents(1)

    def _enable(self) -> None:
        preview = self.preview
        ready = preview is not None and not self._checking
        writable = ready and preview is not None and bool(preview.planned)
        acceptable = preview is not None and (not preview.problems or self.skip_box.isChecked())
        self.import_button.setEnabled(bool(writable and acceptable))
        self.skip_box.setEnabled(preview is not None and bool(preview.problems))
        self.mark_box.setEnabled(ready)
        self.columns_table.setEnabled(ready)

    def retranslate(self) -> None:
        self.setWindowTitle(_(self.kind.title))
        table = self.table
        if table is None or table.kind != "CSV":
            kind = _("Excel workbook") if table is not None else ""
        else:
            names = {",": _("commas"), ";": _("semicolons"), "\t": _("tabs"), "|": _("bars")}
            separator = names.get(table.delimiter, table.delimiter)
            kind = _("CSV, {encoding}, separated by {separator}").format(
                encoding=table.encoding, separator=separator
            )
        # A mark of the screen's direction first: the line starts with a file name and "CSV",
        # which would otherwise make an Arabic line run left to right.
        mark = "\u200f" if self.isRightToLeft() else "\u200e"
        self.file_line.set_whole_text(f"{mark}{isolate(self.path.name)}  {kind}".strip())
        system = self.preview.system if self.preview is not None else None
        if system == "Duka":
            said = _("Duka's own columns.")
        elif system:
            said = _("Recognised as an export of {system}.").format(system=isolate(system))
        else:
            said = ""
        self.system_line.setText(said)
        self.system_line.setVisible(bool(said))
        unused = self.preview.unused if self.preview is not None else []
        self.unused_line.setVisible(bool(unused))
        self.unused_line.set_whole_text(
            _("Not imported: {columns}").format(
                columns=self.state.formats.join([isolate(h) for h in unused if h.strip()])
            )
        )
        self._mark_label.setText(_("Decimals are written"))
        current = self.mark_box.currentIndex()
        self.mark_box.clear()
        self.mark_box.addItem(_("with a point: 58.99"), ".")
        self.mark_box.addItem(_("with a comma: 58,99"), ",")
        self.mark_box.setCurrentIndex(max(0, current))
        self._columns_title.setText(_("Which column is which"))
        self.columns_table.setHorizontalHeaderLabels(
            [_("Column in the file"), _("Example"), _("Duka's column")]
        )
        self._rows_title.setText(_("Rows"))
        self.rows_table.setHorizontalHeaderLabels(
            [_("Row"), _("Action"), _("Name or problem"), _(self.kind.extra_header)]
        )
        self.skip_box.setText(_("Import the other rows and skip those with problems"))
        self.import_button.setText(_("Import"))
        if self.table is not None:
            self._label_boxes()

    # -- importing -----------------------------------------------------------------------

    def start_import(self) -> None:
        preview = self.preview
        if preview is None:
            return
        skip = self.skip_box.isChecked()
        total = sum(1 for p in preview.planned if p.action is not ImportAction.UNCHANGED)
        progress = QProgressDialog(_(self.kind.progress), _("Cancel"), 0, max(total, 1), self)
        progress.setObjectName("importProgress")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def job(own: ShopView, report: Callable[[int, int], bool]) -> ImportResult:
            result: ImportResult = getattr(own, self.kind.exchange).apply(preview, skip, report)
            return result

        worker = long_operation(self.state, job)
        self._worker = worker
        worker.signals.progress.connect(lambda done, _total: progress.setValue(done))
        worker.signals.done.connect(lambda result: self._imported(result, progress))
        worker.signals.failed.connect(lambda error: self._import_failed(error, progress))
        progress.canceled.connect(worker.cancel)
        self.import_button.setEnabled(False)
        start(worker)

    def _imported(self, done: object, progress: QProgressDialog) -> None:
        progress.reset()
        assert isinstance(done, Outcome) and isinstance(done.value, ImportResult)
        self.outcome = done.value
        self.accept()

    def _import_failed(self, error: object, progress: QProgressDialog) -> None:
        progress.reset()
        self._enable()
        if isinstance(error, TranslatableError):
            self.summary.setText(error.message)
            show_refusal(self, error)
        elif isinstance(error, BaseException):
            show_unexpected(error, self)
