"""The Settings screen: every shop setting, grouped, with Save and Discard.

The form is made from the settings' declarations. Choosing a language applies and saves it at
once (the rest of the form keeps what was typed); other changes wait for Save, which writes
them all in one transaction or, if one is refused, none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.settings import LANGUAGE, SETTINGS, Group, Setting
from duka.i18n import TranslatableError, _
from duka.services.maintenance import BackupInfo
from duka.services.restoring import BackupContents
from duka.ui.operations import attempt, show_refusal
from duka.ui.screens.base import Screen
from duka.ui.state import AppState
from duka.ui.widgets.setting_editors import EDITORS, Editor, LanguageEditor, TaxRatesEditor
from duka.ui.workers import Worker, start, while_alive


class SettingsScreen(Screen):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.editors: dict[str, Editor] = {}
        self._labels: dict[str, QLabel] = {}
        self._groups: dict[Group, QGroupBox] = {}

        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        content = QWidget()
        columns = QHBoxLayout(content)
        self._columns = columns
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        placement = {
            Group.SHOP: left,
            Group.REGION: right,
            Group.TAX: right,
            Group.RECEIPTS: left,
            Group.SELLING: left,
            Group.PAYMENTS: right,
            Group.INVOICES: left,
            Group.SECURITY: right,
        }
        for group in Group:
            box = QGroupBox()
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            # A long label in some language goes above its field rather than widen the page.
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            self._groups[group] = box
            for setting in (s for s in SETTINGS if s.group is group):
                editor = EDITORS[setting.kind](setting, state)
                label = QLabel()
                label.setBuddy(editor.widget)
                form.addRow(label, editor.widget)
                self.editors[setting.key] = editor
                self._labels[setting.key] = label
                editor.changed.connect(self._update_dirty)
                if isinstance(editor, TaxRatesEditor):
                    editor.problem.connect(self._show_problem)
            placement[group].addWidget(box)
        left.addWidget(self._data_box())
        from duka.ui.widgets.backup_settings import BackupPlaceBox

        self.backup_place = BackupPlaceBox(state)
        left.addWidget(self.backup_place)
        from duka.ui.widgets.printer_settings import PrinterBox

        self.printer_box = PrinterBox(state)
        right.addWidget(self.printer_box)
        from duka.ui.widgets.look_settings import LookBox

        self.look_box = LookBox(lambda value: state.formats.percent(value))
        right.addWidget(self.look_box)
        from duka.ui.widgets.till_settings import TillsBox

        self.tills_box = TillsBox(state)
        right.addWidget(self.tills_box)
        right.addWidget(self._help_box())
        left.addStretch(1)
        right.addStretch(1)

        language = self.editors[LANGUAGE.key]
        assert isinstance(language, LanguageEditor)
        language.combo.activated.disconnect()
        language.combo.activated.connect(self._language_chosen)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(content)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.viewport().installEventFilter(self)

        self.status = QLabel()
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.setObjectName("primary")
        self.discard_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(bar)

        self._problem = ""
        self.load_values()
        state.settings_changed.connect(self._settings_saved)
        self.permissions_changed()
        self.retranslate()

    def permissions_changed(self) -> None:
        editable = self.state.may(Permission.CHANGE_SETTINGS)
        for editor in self.editors.values():
            editor.widget.setEnabled(editable)
        owner = self.state.may(Permission.BACKUP_RESTORE)
        self.backup_button.setVisible(owner)
        self.restore_button.setVisible(owner)
        self.backup_place.setEnabled(owner)
        self.tills_box.refresh()
        self._update_dirty()

    def _data_box(self) -> QGroupBox:
        self._data_group = QGroupBox()
        form = QFormLayout(self._data_group)
        self._file_label = QLabel()
        self._file_value = QLabel(str(self.state.shop.path))
        self._file_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._file_value.setWordWrap(True)
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(self.back_up)
        self._backup_result = QLabel()
        self._backup_result.setWordWrap(True)
        self._backup_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.choose_restore)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        form.addRow(self._file_label, self._file_value)
        form.addRow(buttons)
        form.addRow(self._backup_result)
        self._backup_result.hide()  # shown with a backup's outcome
        return self._data_group

    def _help_box(self) -> QGroupBox:
        self._help_group = QGroupBox()
        form = QFormLayout(self._help_group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.error_log_button = QPushButton()
        self.error_log_button.setObjectName("errorLogButton")
        self.error_log_button.clicked.connect(self.show_error_log)
        self._help_text = QLabel()
        self._help_text.setWordWrap(True)
        form.addRow(self.error_log_button, self._help_text)
        return self._help_group

    def show_error_log(self) -> None:
        from duka.ui.dialogs.error_log import ErrorLogDialog

        ErrorLogDialog(self).exec()

    # -- values -------------------------------------------------------------------------

    def load_values(self) -> None:
        for setting in SETTINGS:
            self.editors[setting.key].set_value(self._shown_value(setting))
        self._problem = ""
        self._update_dirty()

    def _shown_value(self, setting: Setting[Any]) -> Any:
        # The language list shows the language on screen, which `--lang` may have chosen.
        return self.state.language if setting is LANGUAGE else self.state.settings[setting]

    def changes(self) -> dict[str, Any]:
        """What differs from the saved settings (an invalid tax table raises its refusal)."""
        found: dict[str, Any] = {}
        for setting in SETTINGS:
            if setting is LANGUAGE:
                continue
            value = self.editors[setting.key].value()
            if value != self.state.settings[setting]:
                found[setting.key] = value
        return found

    def is_dirty(self) -> bool:
        try:
            return bool(self.changes())
        except TranslatableError:
            return True

    def save(self) -> bool:
        try:
            changes = self.changes()
        except TranslatableError as error:
            show_refusal(self, error)
            return False
        if not changes:
            return True
        saved = attempt(self, lambda: self.state.save_settings(changes))
        return saved is not None

    def discard(self) -> None:
        self.load_values()

    def _settings_saved(self) -> None:
        # Keep what is being typed; only refresh editors that show the saved value.
        dirty = set()
        try:
            dirty = set(self.changes())
        except TranslatableError:
            dirty = {s.key for s in SETTINGS}
        for setting in SETTINGS:
            if setting.key not in dirty:
                self.editors[setting.key].set_value(self._shown_value(setting))
        self._update_dirty()

    def _language_chosen(self, _index: int) -> None:
        editor = self.editors[LANGUAGE.key]
        code = editor.value()
        if code == self.state.language and code == self.state.settings[LANGUAGE]:
            return
        if attempt(self, lambda: self.state.save_settings({LANGUAGE.key: code})) is None:
            editor.set_value(self.state.language)

    def _show_problem(self, text: str) -> None:
        self._problem = text
        self._update_dirty()

    def _update_dirty(self) -> None:
        editable = self.state.may(Permission.CHANGE_SETTINGS)
        dirty = editable and self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.discard_button.setEnabled(dirty)
        self.save_button.setVisible(editable)
        self.discard_button.setVisible(editable)
        if not editable:
            self.status.setText(_("Only the owner can change the settings."))
        elif self._problem:
            self.status.setText(self._problem)
        else:
            self.status.setText(_("Unsaved changes") if dirty else _("All changes are saved."))

    # -- backup -------------------------------------------------------------------------

    def back_up(self) -> None:
        self.backup_button.setEnabled(False)
        self._say(_("Making a backup…"))
        worker = Worker(self.state.shop.maintenance.backup_copy)
        worker.signals.done.connect(self._backup_done)
        worker.signals.failed.connect(self._backup_failed)
        start(worker)

    def _backup_done(self, info: object) -> None:
        self.backup_button.setEnabled(True)
        if isinstance(info, BackupInfo):
            self.state.shop.maintenance.record_backup(info)
            self._copy_to_second_place(info.path)
        self._say(_("Backup written and verified: {path}").format(path=getattr(info, "path", "")))

    def _copy_to_second_place(self, backup: Path) -> None:
        """A backup made by hand goes to the second place too, with the anchor just
        written beside it, in the thread pool; the box below says how it went."""
        import datetime as dt

        from duka.services.auto_backup import PlaceOutcome, copy_to
        from duka.ui.auto_backup import record_place, second_place

        place = second_place()
        if place is None:
            return
        worker = Worker(lambda: copy_to(backup, place))

        def done(outcome: object) -> None:
            if isinstance(outcome, PlaceOutcome):
                record_place(outcome, dt.datetime.now())
            self.state.backups_changed.emit()

        worker.signals.done.connect(while_alive(self, done))
        start(worker)

    def _say(self, text: str) -> None:
        self._backup_result.setText(text)
        self._backup_result.setVisible(bool(text))

    # -- restore ------------------------------------------------------------------------

    def choose_restore(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the backup to restore"),
            str(self.state.shop.backup_dir),
            _("Duka backups (*.sqlite3)"),
        )
        if name:
            self.preview_restore(Path(name))

    def preview_restore(self, backup: Path) -> None:
        """Read what the backup holds in the thread pool (its checks read every page),
        then show it; nothing changes before the owner confirms."""
        from duka.services.restoring import preview

        self.restore_button.setEnabled(False)
        self._say(_("Checking the backup…"))
        worker = Worker(lambda: preview(backup))
        worker.signals.done.connect(while_alive(self, self._show_preview))
        worker.signals.failed.connect(while_alive(self, self._preview_failed))
        start(worker)

    def _show_preview(self, contents: object) -> None:
        from duka.ui.dialogs.restore_preview import RestorePreview

        self.restore_button.setEnabled(True)
        self._say("")
        if not isinstance(contents, BackupContents):
            return
        self.preview = RestorePreview(contents, self.state, self)
        if self.preview.exec() == RestorePreview.DialogCode.Accepted:
            window = self.window()
            if hasattr(window, "restore"):
                window.restore(contents.path)

    def _preview_failed(self, error: object) -> None:
        self._failed(self.restore_button, error)

    def _backup_failed(self, error: object) -> None:
        self._failed(self.backup_button, error)

    def _failed(self, button: QPushButton, error: object) -> None:
        """A backup or a backup's reading in the background failed: say why, try again."""
        button.setEnabled(True)
        self._say("")
        if isinstance(error, TranslatableError):
            show_refusal(self, error)
        elif isinstance(error, BaseException):
            raise error

    # -- texts --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self._arrange_columns()
        return False

    def _arrange_columns(self) -> None:
        """Two columns where they fit side by side, else one below the other (a netbook, a
        language with long labels), so nothing is cut and nothing scrolls sideways."""
        columns = self._columns
        halves = [item.layout() for item in map(columns.itemAt, range(2)) if item is not None]
        margins = columns.contentsMargins()
        need = margins.left() + margins.right() + columns.spacing()
        need += sum(half.sizeHint().width() for half in halves if half is not None)
        wide = self.scroll_area.viewport().width() >= need
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if columns.direction() != direction:
            columns.setDirection(direction)

    def retranslate(self) -> None:
        self.title.setText(_("Settings"))
        for group, box in self._groups.items():
            box.setTitle(_(group.value))
        for setting in SETTINGS:
            self._labels[setting.key].setText(_(setting.label))
            self.editors[setting.key].retranslate()
        self._data_group.setTitle(_("Data"))
        self.look_box.retranslate()
        self._file_label.setText(_("Shop file"))
        self.backup_button.setText(_("Back up now"))
        self.restore_button.setText(_("Restore from a backup…"))
        self.backup_place.retranslate()
        self.tills_box.retranslate()
        self._help_group.setTitle(_("When something goes wrong"))
        self.error_log_button.setText(_("Error log…"))
        self._help_text.setText(_("What went wrong lately, to send to whoever helps you."))
        self.save_button.setText(_("Save"))
        self.discard_button.setText(_("Discard changes"))
        self.save_button.setToolTip(
            QKeySequence(QKeySequence.StandardKey.Save).toString(
                QKeySequence.SequenceFormat.NativeText
            )
        )
        self._problem = ""
        self._update_dirty()
