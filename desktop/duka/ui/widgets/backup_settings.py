"""Backups off this computer: the second place (a USB stick, another disk, a synced folder)
and after how many days without a copy there the Today screen warns.

These are this computer's settings, kept in its own settings file, not the shop's: a stick
is /media/amina/STICK on one computer and E:\\ on another, and a shop file restored elsewhere
must not point at a folder that is not there. Applied at once, like the screen's look.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from duka.i18n import _
from duka.services.auto_backup import PlaceProblem
from duka.ui.auto_backup import choose_place, place_reason, read_status, set_warn_days
from duka.ui.state import AppState


class BackupPlaceBox(QGroupBox):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.setObjectName("backupPlaceBox")
        self.folder = QLabel()
        self.folder.setObjectName("backupPlace")
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self._choose)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(lambda: self.set_place(None))
        place = QWidget()
        row = QHBoxLayout(place)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        self.days = QSpinBox()
        self.days.setObjectName("backupWarnDays")
        self.days.setRange(1, 90)
        self.days.setMinimumWidth(80)
        self.days.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.days.valueChanged.connect(self._days_chosen)
        self.status = QLabel()
        self.status.setObjectName("backupPlaceStatus")
        self.status.setWordWrap(True)
        self._place_label, self._days_label = QLabel(), QLabel()
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self._place_label, place)
        form.addRow(self._days_label, self.days)
        form.addRow(self.status)
        state.backups_changed.connect(self.show_status)
        self.retranslate()

    def _choose(self) -> None:
        current = read_status().place
        name = QFileDialog.getExistingDirectory(
            self, _("Choose where to keep the backups too"), str(current or Path.home())
        )
        if name:
            self.set_place(Path(name))

    def set_place(self, folder: Path | None) -> None:
        choose_place(folder)
        self.state.backups_changed.emit()

    def _days_chosen(self, days: int) -> None:
        if days != read_status().warn_days:
            set_warn_days(days)
            self.state.backups_changed.emit()

    def _when(self, moment: dt.datetime) -> str:
        return self.state.formats.datetime(moment.astimezone(), "short")

    def show_status(self) -> None:
        status = read_status()
        self.folder.setText(str(status.place) if status.place else _("Only on this computer"))
        self.clear_button.setEnabled(status.place is not None)
        self.days.blockSignals(True)
        self.days.setValue(status.warn_days)
        self.days.blockSignals(False)
        lines = []
        if status.place is not None and status.last_copy_at is not None:
            lines.append(
                _("Last verified copy there: {time}").format(time=self._when(status.last_copy_at))
            )
        elif status.place is not None:
            lines.append(_("No copy there yet: the next backup makes one."))
        if status.place is not None and status.problem is not PlaceProblem.NONE:
            when = self._when(status.problem_at) if status.problem_at else ""
            lines.append(
                _("Last attempt ({time}): {reason}").format(time=when, reason=place_reason(status))
            )
        text = "\n".join(lines)
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def retranslate(self) -> None:
        self.setTitle(_("Backups off this computer"))
        self._place_label.setText(_("Also keep backups in"))
        self._days_label.setText(_("Warn when the last backup there is older than (days)"))
        self.choose_button.setText(_("Choose…"))
        self.clear_button.setText(_("Remove"))
        self.show_status()
