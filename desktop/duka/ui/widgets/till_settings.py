"""The shop's tills in Settings: which till this computer is, the folder the tills exchange
their changes through, the other tills this file has heard from, what waits to be sent, the
conflicts settled lately, and Sync now.

The folder is this computer's choice for this shop file (duka.ui.machine.sync_folder), not a
shop setting: the shop's settings travel to every till, and a USB stick has another path on
each computer. A shop with a single till says so, and how to make a second one, and no more.

Instead of a folder, a till on the hub's network may sync through the hub's address
(http://host:port), and the hub's computer serves the tills on this network
(duka.services.hub_http; the window's AutoSync runs the server). Both are this computer's
choices too; a folder and a hub's address exclude each other.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.branches import branch_of
from duka.i18n import TranslatableError, _
from duka.services.sync import OtherTill, SyncNotice, SyncStatus
from duka.ui.dialogs.send_stock import branch_title
from duka.ui.machine import (
    served_port,
    set_served_port,
    set_sync_folder,
    set_sync_hub,
    sync_folder,
    sync_hub,
)
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState

NOTICES_SHOWN = 3
DEFAULT_PORT = 8765  # as duka.services.hub_http's, without reading it at start


def _selectable(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def till_title(number: int, name: str) -> str:
    if name:
        return _("Till {number} · {name}").format(number=number, name=isolate(name))
    return _("Till {number}").format(number=number)


class TillsBox(QGroupBox):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.setObjectName("tillsBox")
        self.status: SyncStatus | None = None
        self._branches: dict[int, str] = {}

        self._this_label = QLabel()
        self.this_till = _selectable(QLabel())
        self.this_till.setObjectName("thisTill")
        self.single = _selectable(QLabel())
        self.single.setObjectName("singleTill")

        self._folder_label = QLabel()
        self.folder = _selectable(QLabel())
        self.folder.setObjectName("syncFolder")
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self._choose)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(lambda: self.set_folder(None))
        self._folder_row = QWidget()
        row = QHBoxLayout(self._folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)

        self._hub_label = QLabel()
        self.hub = QLineEdit()
        self.hub.setObjectName("syncHub")
        self.hub.setPlaceholderText("http://192.168.1.10:8765")
        # An address reads left to right in every language.
        self.hub.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.hub.returnPressed.connect(self.use_hub)
        self.use_hub_button = QPushButton()
        self.use_hub_button.clicked.connect(self.use_hub)
        self.clear_hub_button = QPushButton()
        self.clear_hub_button.clicked.connect(lambda: self.set_hub(None))
        self._hub_row = QWidget()
        row = QHBoxLayout(self._hub_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.hub, 1)
        row.addWidget(self.use_hub_button)
        row.addWidget(self.clear_hub_button)

        self._serve_label = QLabel()
        self.serve = QCheckBox()
        self.serve.setObjectName("serveTills")
        self.serve.toggled.connect(self._serve_toggled)
        self.port = QSpinBox()
        self.port.setObjectName("servePort")
        self.port.setRange(1024, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setGroupSeparatorShown(False)
        self.port.editingFinished.connect(self._port_changed)
        self._port_label = QLabel()
        self._serve_row = QWidget()
        row = QHBoxLayout(self._serve_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.serve, 1)
        row.addWidget(self._port_label)
        row.addWidget(self.port)
        self.serving = _selectable(QLabel())
        self.serving.setObjectName("servingAt")

        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNow")
        self.sync_button.clicked.connect(self.sync_now)
        self.news = _selectable(QLabel())
        self.news.setObjectName("syncNews")
        self._sync_row = QWidget()
        row = QHBoxLayout(self._sync_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sync_button)
        row.addWidget(self.news, 1)

        self._others_title = QLabel()
        self.others = QWidget()
        self._others_layout = QVBoxLayout(self.others)
        self._others_layout.setContentsMargins(0, 0, 0, 0)
        self._others_layout.setSpacing(6)
        self.unsent = _selectable(QLabel())
        self.unsent.setObjectName("syncUnsent")
        self.notices = _selectable(QLabel())
        self.notices.setObjectName("syncNotices")

        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._this_label, self.this_till)
        form.addRow(self.single)
        form.addRow(self._folder_label, self._folder_row)
        form.addRow(self._hub_label, self._hub_row)
        form.addRow(self._serve_label, self._serve_row)
        form.addRow(self.serving)
        form.addRow(self._sync_row)
        form.addRow(self._others_title)
        form.addRow(self.others)
        form.addRow(self.unsent)
        form.addRow(self.notices)
        self._form = form

        state.sync_changed.connect(self.refresh)
        state.changed.connect(lambda _changes: self.refresh())
        self.retranslate()

    # -- the folder ---------------------------------------------------------------------

    def _choose(self) -> None:
        current = sync_folder(self.state.shop.path)
        name = QFileDialog.getExistingDirectory(
            self,
            _("Choose the folder the tills exchange their changes through"),
            str(current or Path.home()),
        )
        if name:
            self.set_folder(Path(name))

    def set_folder(self, folder: Path | None) -> None:
        path = self.state.shop.path
        set_sync_folder(path, folder)
        if folder is not None:
            set_sync_hub(path, None)  # a folder instead of the hub
        self._changed(asked=folder is not None)

    def _changed(self, asked: bool) -> None:
        self.state.sync_news, self.state.sync_trouble = "", False  # news of the old way
        self.state.sync_changed.emit()
        if asked:
            self.state.sync_requested.emit()  # a first round at once, not in five seconds

    # -- the hub --------------------------------------------------------------------------

    def use_hub(self) -> None:
        from duka.services.hub_http import hub_address

        try:
            address = hub_address(self.hub.text())
        except TranslatableError as error:  # said beside Sync now, quietly
            self.news.setText(error.message)
            self._mark_trouble(True)
            return
        self.set_hub(address)

    def set_hub(self, address: str | None) -> None:
        path = self.state.shop.path
        set_sync_hub(path, address)
        if address is not None:
            set_sync_folder(path, None)  # the hub instead of a folder
        self._changed(asked=address is not None)

    def _serve_toggled(self, on: bool) -> None:
        if on == (served_port(self.state.shop.path) is not None):
            return  # shown as it is, not changed by hand
        set_served_port(self.state.shop.path, self.port.value() if on else None)
        self._changed(asked=True)  # the round starts (or stops) the server

    def _port_changed(self) -> None:
        if served_port(self.state.shop.path) not in (None, self.port.value()):
            set_served_port(self.state.shop.path, self.port.value())
            self._changed(asked=True)

    def sync_now(self) -> None:
        self.state.sync_requested.emit()

    # -- what it shows ------------------------------------------------------------------

    def _when(self, stamp: str | None) -> str:
        if not stamp:
            return _("not yet")
        try:
            moment = dt.datetime.fromisoformat(stamp)
        except ValueError:
            return stamp
        # Its own direction: a date in an Arabic line keeps its parts in order.
        return isolate(self.state.formats.datetime(moment.astimezone(), "short"))

    def _branch_of(self, till: int) -> str:
        """The branch a till is in, as people read it; "" while the shop has one branch."""
        if len(self._branches) < 2:
            return ""
        number = branch_of(till)
        if number == till:  # a branch's hub: numbered as its branch, and named alike
            return _("hub of branch {number}").format(number=number)
        return branch_title(number, self._branches.get(number, ""))

    def _other_line(self, till: OtherTill) -> str:
        heard = _("Last heard from: {time}").format(time=self._when(till.heard_at))
        counts = _("Its changes applied here: {applied} · ours it has: {ours}").format(
            applied=self.state.formats.count(till.applied),
            ours=self.state.formats.count(till.has_ours),
        )
        title = escape(till_title(till.number, till.name))
        if branch := self._branch_of(till.number):
            title = f"{title} · {escape(branch)}"
        return "<br>".join((f"<b>{title}</b>", escape(heard), escape(counts)))

    def _notice_line(self, notice: SyncNotice) -> str:
        return f"{self._when(notice.at)}: {notice.text(isolate)}"

    def _mark_trouble(self, trouble: bool) -> None:
        self.news.setObjectName("syncProblem" if trouble else "syncNews")
        self.news.style().unpolish(self.news)
        self.news.style().polish(self.news)

    def refresh(self) -> None:
        from duka.services.hub_http import lan_address

        status = self.status = self.state.shop.sync.status()
        self._branches = {b.number: b.name for b in self.state.shop.tills.branches()}
        path = self.state.shop.path
        folder = sync_folder(path)
        hub = sync_hub(path)
        port = served_port(path)
        this = till_title(status.till, status.name)
        if branch := self._branch_of(status.till):
            this = f"{this} · {branch}"
        self.this_till.setText(this)
        single = status.single and folder is None and hub is None and port is None
        self.single.setVisible(single)
        if single:
            # The command reads whole, left to right, inside a right-to-left sentence.
            command = f"duka till new --from {self.state.shop.path} --db NEW-FILE --name NAME"
            self.single.setText(
                _(
                    "This shop has a single till. To add one, run {command} on this computer "
                    "and open the new file on the other one."
                ).format(command=isolate(f"“{command}”"))
            )
        for widget in (
            self._folder_label,
            self._folder_row,
            self._hub_label,
            self._hub_row,
            self._serve_label,
            self._serve_row,
            self._sync_row,
        ):
            widget.setVisible(not single)
        self.folder.setText(isolate(str(folder)) if folder else _("None chosen"))
        if not self.hub.hasFocus():
            self.hub.setText(hub or "")
        owner = self.state.may(Permission.CHANGE_SETTINGS)
        self.choose_button.setEnabled(owner)
        self.clear_button.setEnabled(owner and folder is not None)
        self.hub.setReadOnly(not owner)
        self.use_hub_button.setEnabled(owner)
        self.clear_hub_button.setEnabled(owner and hub is not None)
        self.serve.setEnabled(owner and not self.state.shop.snapshot)
        self.port.setEnabled(owner)
        self.serve.blockSignals(True)
        self.serve.setChecked(port is not None)
        self.serve.blockSignals(False)
        if port is not None and not self.port.hasFocus():
            self.port.setValue(port)
        self.serving.setVisible(port is not None and not single)
        if port is not None:
            # What the other tills type as the hub's address, read whole left to right.
            self.serving.setText(
                _("The other tills sync with this one at {address}").format(
                    address=isolate(f"http://{lan_address()}:{port}")
                )
            )
        way = folder is not None or hub is not None or port is not None
        self.sync_button.setEnabled(way and not self.state.shop.snapshot)
        news = self.state.sync_news if way else ""
        if not way and not single:
            news = _(
                "Choose a folder every till can reach (a shared folder or a USB stick), "
                "or type the hub's address on this network."
            )
        self.news.setText(news)
        self._mark_trouble(self.state.sync_trouble)

        while (item := self._others_layout.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        for till in status.others:
            label = _selectable(QLabel(self._other_line(till)))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setObjectName(f"otherTill{till.number}")
            self._others_layout.addWidget(label)
        self._others_title.setVisible(bool(status.others))
        self.others.setVisible(bool(status.others))
        self.unsent.setVisible(not status.single)
        self.unsent.setText(
            _("Changes waiting to be sent: {count}").format(
                count=self.state.formats.count(status.unsent)
            )
        )
        lines = [self._notice_line(n) for n in status.notices[:NOTICES_SHOWN]]
        self.notices.setText("\n".join([_("Recent sync notices:"), *lines]) if lines else "")
        self.notices.setVisible(bool(lines))

    def retranslate(self) -> None:
        self.setTitle(_("Tills"))
        self._this_label.setText(_("This computer"))
        self._folder_label.setText(_("Sync folder"))
        self._hub_label.setText(_("Hub address"))
        self.use_hub_button.setText(_("Use"))
        self.clear_hub_button.setText(_("Remove"))
        self._serve_label.setText(_("Hub"))
        self.serve.setText(_("Serve the tills on this network"))
        self._port_label.setText(_("Port"))
        self._others_title.setText(_("Other tills"))
        self.choose_button.setText(_("Choose…"))
        self.clear_button.setText(_("Remove"))
        self.sync_button.setText(_("Sync now"))
        self.refresh()
