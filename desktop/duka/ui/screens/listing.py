"""A screen that lists records in a windowed table, or says plainly that there are none,
with the buttons that act on them declared as a table of ListActions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.changes import Changes
from duka.i18n import _, ngettext
from duka.ui.models.windowed import Column, Row, WindowedTableModel
from duka.ui.screens.base import Screen
from duka.ui.state import AppState
from duka.ui.widgets.flow import FlowLayout

NAME_LEAST = 220  # pixels: the narrowest a list's name column gets


@dataclass(frozen=True)
class ListAction(Generic[Row]):
    """A button above a list, declared once. The screen makes it, keeps its text in the
    language, enables it only for whoever may use it (and only while a row is chosen, when it
    needs one), and runs it from the button, its shortcut, or a double-click or Enter on a
    row, reading the list again afterwards if asked to."""

    button: str  # the screen's attribute that holds the button
    text: str | Callable[[Row | None], str]  # a catalog id, or one chosen by the row (toggles)
    run: str  # the screen's method it calls
    args: tuple[object, ...] = ()  # ... with these
    row: bool = False  # only while a row is chosen
    when: Callable[[Row], bool] | None = None  # only while a row like this is chosen
    listed: bool = False  # only while the list shows something
    may: Permission | None = None  # only for whoever has this permission
    primary: bool = False  # drawn as the screen's main action
    opens_row: bool = False  # what a double-click or Enter on a row does
    shortcut: str = ""  # a key for it from anywhere on the screen, e.g. "Ctrl+N"
    reload: bool = False  # read the list again afterwards

    def allowed(self, screen: ListingScreen[Row], row: Row | None) -> bool:
        if row is None and (self.row or self.when is not None):
            return False
        if row is not None and self.when is not None and not self.when(row):
            return False
        if self.listed and not screen.model.rowCount():
            return False
        return self.may is None or screen.state.may(self.may)


class ListingScreen(Screen, Generic[Row]):
    title_id = ""
    empty_id = ""  # catalog string shown when there is nothing to list
    count_label: tuple[str, str] = ("", "")  # N_plural pair with a {count} field
    list_actions: ClassVar[Sequence[ListAction[Any]]] = ()  # the buttons, in their order

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.model: WindowedTableModel[Row] = WindowedTableModel(
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
        # activated is Enter, and a double-click (or the platform's single click): one open.
        self.table.activated.connect(lambda _index: self._open_row())
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        for action in self.list_actions:
            if action.shortcut:
                shortcut = QShortcut(QKeySequence(action.shortcut), self)
                shortcut.activated.connect(lambda chosen=action: self.trigger(chosen))
        state.settings_changed.connect(self.model.retranslate)
        self._size_columns()
        self.retranslate()

    def toolbar(self) -> QWidget | None:
        """Filters or buttons shown above the list, if the screen has any: by default the
        declared buttons, on more lines on a netbook or in a longer language."""
        if not self.list_actions:
            return None
        bar = QWidget()
        layout = FlowLayout(bar)
        for button in self.action_buttons():
            layout.addWidget(button)
        return bar

    def action_buttons(self) -> list[QPushButton]:
        """The declared buttons in their order, each kept as the attribute it names, for a
        toolbar to lay out."""
        made = []
        for action in self.list_actions:
            button = QPushButton()
            if action.primary:
                button.setObjectName("primary")
            button.clicked.connect(lambda _checked=False, chosen=action: self.trigger(chosen))
            setattr(self, action.button, button)
            made.append(button)
        return made

    def trigger(self, action: ListAction[Row]) -> None:
        """Run `action` as its button would, if it may run now."""
        if not action.allowed(self, self.selected()):
            return
        getattr(self, action.run)(*action.args)
        if action.reload:
            self._reload()

    def _open_row(self) -> None:
        opens = next((action for action in self.list_actions if action.opens_row), None)
        if opens is not None:
            self.trigger(opens)

    def selected(self) -> Row | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _enable(self) -> None:
        row = self.selected()
        for action in self.list_actions:
            button = getattr(self, action.button, None)
            if not isinstance(button, QPushButton):
                return  # the toolbar is not made yet
            button.setEnabled(action.allowed(self, row))
            if callable(action.text):
                button.setText(_(action.text(row)))

    def _reload(self) -> None:
        self.model.refresh()
        ListingScreen.retranslate(self)

    def shown(self) -> None:
        self._reload()

    def permissions_changed(self) -> None:
        self._reload()

    def columns(self) -> Sequence[Column[Row]]:
        raise NotImplementedError

    def count_rows(self) -> int:
        raise NotImplementedError

    def fetch_rows(self, offset: int, limit: int) -> Sequence[Row]:
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
        self._reload()

    def retranslate(self) -> None:
        count = self.model.rowCount()
        self.title.setText(_(self.title_id))
        self.summary.setText(
            ngettext(*self.count_label, count).format(count=self.state.formats.number(count))
        )
        self.empty.setText(_(self.empty_id))
        self.body.setCurrentWidget(self.table if count else self.empty)
        for action in self.list_actions:
            button = getattr(self, action.button, None)
            if isinstance(button, QPushButton) and not callable(action.text):
                button.setText(_(action.text))
        self._enable()
        self.model.retranslate()


def text_of(getter: Callable[[Any], object]) -> Callable[[Any], str]:
    def show(row: Any) -> str:
        value = getter(row)
        return "" if value is None else str(value)

    return show
