"""Texts Qt draws itself, for languages Qt ships no translation of (Hindi among them).

Keys are (Qt's translation context, Qt's source text); an empty context matches any. The
values are the same English texts, marked for our catalog, where translators give them.
"""

from __future__ import annotations

from duka.i18n import N_

_STANDARD_BUTTONS = (
    N_("OK"),
    N_("Save"),
    N_("Save All"),
    N_("Open"),
    N_("&Yes"),
    N_("Yes to &All"),
    N_("&No"),
    N_("N&o to All"),
    N_("Abort"),
    N_("Retry"),
    N_("Ignore"),
    N_("Close"),
    N_("Cancel"),
    N_("Discard"),
    N_("Help"),
    N_("Apply"),
    N_("Reset"),
    N_("Restore Defaults"),
)

_EDITING = (
    N_("&Undo"),
    N_("&Redo"),
    N_("Cu&t"),
    N_("&Copy"),
    N_("&Paste"),
    N_("Delete"),
    N_("Select All"),
    N_("Copy &Link Location"),
)

_MESSAGE_BOX = (N_("Show Details..."), N_("Hide Details..."))

_FILE_DIALOG = (
    N_("Look in:"),
    N_("File &name:"),
    N_("Files of type:"),
    N_("&Open"),
    N_("&Save"),
    N_("&Choose"),
    N_("Back"),
    N_("Forward"),
    N_("Parent Directory"),
    N_("Create New Folder"),
    N_("List View"),
    N_("Detail View"),
    N_("All Files (*)"),
    N_("Directory:"),
    N_("New Folder"),
    N_("&Rename"),
    N_("&Delete"),
    N_("Show &hidden files"),
    N_("&New Folder"),
    N_("Name"),
    N_("Size"),
    N_("Type"),
    N_("Date Modified"),
    N_("My Computer"),
    N_("Computer"),
)

_SHORTCUT_KEYS = (N_("Ctrl"), N_("Shift"), N_("Alt"), N_("Del"), N_("Esc"), N_("Enter"))

QT_TEXTS: dict[tuple[str, str], str] = {
    **{("QPlatformTheme", text): text for text in _STANDARD_BUTTONS},
    **{("QLineEdit", text): text for text in _EDITING},
    **{("QWidgetTextControl", text): text for text in _EDITING},
    **{("QMessageBox", text): text for text in _MESSAGE_BOX},
    **{("QFileDialog", text): text for text in _FILE_DIALOG},
    **{("QFileSystemModel", text): text for text in _FILE_DIALOG},
    **{("QShortcut", text): text for text in _SHORTCUT_KEYS},
}
