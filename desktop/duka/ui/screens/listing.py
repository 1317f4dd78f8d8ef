"""A screen that lists records in a windowed table, or says plainly that there are none."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QLabel, QStackedWidget, QTableView, QVBoxLayout, QWidget

from duka.core.changes import Changes
from duka.i18n import _, ngettext
from duka.ui.models.windowed import Column, WindowedTableModel
from duka.ui.screens.base import Screen
from duka.ui.state import AppState

NAME_LEAST = 220  # pixels: the narrowest a list's name column gets


class ListingScreen(Screen):
    title_id = ""
    empty_id = ""  # catalog string shown when there is nothing to list
    count_label: tuple[str, str] = ("", "")  # N_plural pair with a {count} field

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.model: WindowedTableModel[Any] = WindowedTableModel(
            self.columns(), self.count_rows, self.fetch_rows
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name takes the room
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.summary = QLabel()
        self.empty = QLabel()
        self.empty.setObjectName("emptyText")
        self.empty.setWordWrap(True)
        self.body = QStackedWidget()
        self.body.addWidget(self.table)
        self.body.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        bar = self.toolbar()
        if bar is not None:
            layout.addWidget(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.body, 1)
        self.table.viewport().installEventFilter(self)
        state.settings_changed.connect(self.model.retranslate)
        self._size_columns()
        self.retranslate()

    def toolbar(self) -> QWidget | None:
        """Filters or buttons shown above the list, if the screen has any."""
        return None

    def columns(self) -> Sequence[Column[Any]]:
        raise NotImplementedError

    def count_rows(self) -> int:
        raise NotImplementedError

    def fetch_rows(self, offset: int, limit: int) -> Sequence[Any]:
        raise NotImplementedError

    def column_widths(self) -> Sequence[int]:
        return ()

    def _size_columns(self) -> None:
        for number, width in enumerate(self.column_widths()):
            self.table.setColumnWidth(number, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._keep_names_readable()
        return super().eventFilter(watched, event)

    def _keep_names_readable(self) -> None:
        """The name column takes the room left by the others, but never so little that the
        names cannot be read (a netbook): then it keeps a readable width and the table
        scrolls sideways."""
        header = self.table.horizontalHeader()
        widths = self.column_widths()
        least = min(widths[0], NAME_LEAST) if widths else NAME_LEAST
        others = sum(
            header.sectionSize(c) for c in range(1, header.count()) if not header.isSectionHidden(c)
        )
        roomy = self.table.viewport().width() - others >= least
        mode = QHeaderView.ResizeMode.Stretch if roomy else QHeaderView.ResizeMode.Interactive
        if header.sectionResizeMode(0) != mode:
            header.setSectionResizeMode(0, mode)
            if not roomy:
                header.resizeSection(0, least)

    def data_changed(self, changes: Changes) -> None:
        self.model.refresh()
        self.retranslate()

    def retranslate(self) -> None:
        count = self.model.rowCount()
        self.title.setText(_(self.title_id))
        self.summary.setText(
            ngettext(*self.count_label, count).format(count=self.state.formats.number(count))
        )
        self.empty.setText(_(self.empty_id))
        self.body.setCurrentWidget(self.table if count else self.empty)
        self.model.retranslate()


def text_of(getter: Callable[[Any], object]) -> Callable[[Any], str]:
    def show(row: Any) -> str:
        value = getter(row)
        return "" if value is None else str(value)

    return show
