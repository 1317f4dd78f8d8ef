"""Texts Qt draws itself: for languages Qt ships no translation of (Hindi among them), and
for the gaps of those it ships (its catalogs lag its own new texts).

Keys are (Qt's translation context, Qt's source text); an empty context matches any. The
values are the same English texts, marked for our catalog, where translators give them.
"""

from __future__ import annotations

import re
import unicodedata

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
    N_("&Look in:"),  # Qt 6.11 gives these two a mnemonic
    N_("File &name:"),
    N_("Files of type:"),
    N_("Files of &type:"),
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


_MNEMONIC = re.compile(r"&(?=[^&\s])")
_JOINERS = {"\u200c", "\u200d"}


def _part_of_cluster(char: str) -> bool:
    return unicodedata.category(char).startswith("M") or char in _JOINERS


def splits_a_letter(text: str) -> bool:
    """True when a mnemonic '&' stands before only part of what is drawn as one letter.

    Qt underlines the single character after '&' and shapes it apart from what follows, so
    in हाँ (ह + ा + ँ) the vowel signs lose their consonant and show on a dotted circle."""
    for found in _MNEMONIC.finditer(text):
        after = text[found.end() : found.end() + 2]
        if _part_of_cluster(after[0]) or (len(after) == 2 and _part_of_cluster(after[1])):
            return True
    return False


def whole_letters(text: str, source: str) -> str:
    """`text` (a translation of `source`) with a mnemonic that splits a letter moved out of
    the word, as the source's letter in brackets at the end: "हाँ (&Y)", as Windows and
    Qt write mnemonics for scripts whose letters are clusters."""
    if not splits_a_letter(text):
        return text
    plain = _MNEMONIC.sub("", text)
    letter = _MNEMONIC.search(source)
    if letter is None:
        return plain
    key = source[letter.end()].upper()
    ending = re.search(r"[:：.…]+$", plain)
    if ending:  # a label's colon stays last: "फ़ाइल का नाम (&N):"
        return f"{plain[: ending.start()]} (&{key}){ending.group()}"
    return f"{plain} (&{key})"
