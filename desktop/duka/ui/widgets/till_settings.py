"""The shop's tills in Settings: which till this computer is, the folder the tills exchange
their changes through, the other tills this file has heard from, what waits to be sent, the
conflicts settled lately, and Sync now.

The folder is this computer's choice for this shop file (duka.ui.machine.sync_folder), not a
shop setting: the shop's settings travel to every till, and a USB stick has another path on
each computer. A shop with a single till says so, and how to make a second one, and no more.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.branches import branch_of
from duka.i18n import _
from duka.services.sync import OtherTill, SyncNotice, SyncStatus
from duka.ui.dialogs.send_stock import branch_title
from duka.ui.machine import set_sync_folder, sync_folder
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState

NOTICES_SHOWN = 3


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
        set_sync_folder(self.state.shop.path, folder)
        self.state.sync_news, self.state.sync_trouble = "", False  # news of the old folder
        self.state.sync_changed.emit()
        if folder is not None:
            self.state.sync_requested.emit()  # a first round at once, not in five seconds

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

    def refresh(self) -> None:
        status = self.status = self.state.shop.sync.status()
        self._branches = {b.number: b.name for b in self.state.shop.tills.branches()}
        folder = sync_folder(self.state.shop.path)
        this = till_title(status.till, status.name)
        if branch := self._branch_of(status.till):
            this = f"{this} · {branch}"
        self.this_till.setText(this)
        single = status.single and folder is None
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
        for widget in (self._folder_label, self._folder_row, self._sync_row):
            widget.setVisible(not single)
        self.folder.setText(isolate(str(folder)) if folder else _("None chosen"))
        owner = self.state.may(Permission.CHANGE_SETTINGS)
        self.choose_button.setEnabled(owner)
        self.clear_button.setEnabled(owner and folder is not None)
        self.sync_button.setEnabled(folder is not None and not self.state.shop.snapshot)
        news = self.state.sync_news if folder is not None else ""
        if folder is None and not single:
            news = _("Choose a folder every till can reach: a shared folder or a USB stick.")
        self.news.setText(news)
        self.news.setObjectName("syncProblem" if self.state.sync_trouble else "syncNews")
        self.news.style().unpolish(self.news)
        self.news.style().polish(self.news)

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
        self._others_title.setText(_("Other tills"))
        self.choose_button.setText(_("Choose…"))
        self.clear_button.setText(_("Remove"))
        self.sync_button.setText(_("Sync now"))
        self.refresh()
