"""Reading gettext .po catalogs straight from locales/ at run time.

Duka reads the .po text itself instead of compiling .mo files: there is no build step to
forget, and this small reader costs a fraction of importing babel.messages at every start
(measured by bench/run.py's startup figure). tests/i18n checks it against babel's reader.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

from duka.bundled import locales_dir

DOMAIN = "duka"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}

CatalogKey = str | tuple[str, str]  # msgid, or (msgctxt, msgid) for contextual strings


class PoSyntaxError(ValueError):
    pass


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise PoSyntaxError(f"{where}: expected a quoted string, got {text!r}")
    body = text[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


class PoEntry:
    __slots__ = ("context", "fuzzy", "msgid", "obsolete", "plural", "strings")

    def __init__(self) -> None:
        self.context: str | None = None
        self.msgid: str | None = None
        self.plural: str | None = None
        self.strings: dict[int, str] = {}
        self.fuzzy = False
        self.obsolete = False


def parse_po(text: str, where: str = "<po>") -> list[PoEntry]:
    """Every entry of a .po file, header included (msgid ""), in file order."""
    entries: list[PoEntry] = []
    entry = PoEntry()
    field: str | None = None  # which field a continuation line belongs to
    index = 0

    def finish() -> None:
        nonlocal entry, field
        if entry.msgid is not None:
            entries.append(entry)
        elif entry.context is not None or entry.strings:
            raise PoSyntaxError(f"{where}: an entry has no msgid")
        entry = PoEntry()
        field = None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        at = f"{where}:{number}"
        if not line:
            continue
        if line.startswith("#~"):
            if field is not None and field != "comment":
                finish()
            entry.obsolete = True
            field = "comment"
            continue
        if line.startswith("#"):
            if field is not None and field != "comment":
                finish()
            if line.startswith("#,") and "fuzzy" in [f.strip() for f in line[2:].split(",")]:
                entry.fuzzy = True
            field = "comment"
            continue
        if line.startswith('"'):
            value = _unquote(line, at)
            if field == "msgctxt":
                entry.context = (entry.context or "") + value
            elif field == "msgid":
                entry.msgid = (entry.msgid or "") + value
            elif field == "msgid_plural":
                entry.plural = (entry.plural or "") + value
            elif field == "msgstr":
                entry.strings[index] = entry.strings.get(index, "") + value
            else:
                raise PoSyntaxError(f"{at}: a string continues nothing")
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgctxt":
            if field not in (None, "comment"):
                finish()
            entry.context = _unquote(rest, at)
            field = "msgctxt"
        elif keyword == "msgid":
            if field not in (None, "comment", "msgctxt"):
                finish()
            entry.msgid = _unquote(rest, at)
            field = "msgid"
        elif keyword == "msgid_plural":
            entry.plural = _unquote(rest, at)
            field = "msgid_plural"
        elif keyword == "msgstr":
            index = 0
            entry.strings[0] = _unquote(rest, at)
            field = "msgstr"
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            entry.strings[index] = _unquote(rest, at)
            field = "msgstr"
        else:
            raise PoSyntaxError(f"{at}: unknown keyword {keyword!r}")
    finish()
    return [e for e in entries if not e.obsolete]


def _header_fields(header: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in header.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    return fields


def _plural_function(header: str) -> Callable[[int], int]:
    forms = _header_fields(header).get("plural-forms", "")
    for part in forms.split(";"):
        name, sep, expression = part.strip().partition("=")
        if sep and name.strip() == "plural":
            return gettext.c2py(expression.strip())
    return lambda n: int(n != 1)


class PoTranslations(gettext.NullTranslations):
    """A gettext translations object filled from a parsed .po file.

    Untranslated and fuzzy entries fall back to the source text, as gettext does.
    """

    def __init__(self, entries: list[PoEntry]) -> None:
        super().__init__()
        self._messages: dict[CatalogKey, list[str]] = {}
        self._plural: Callable[[int], int] = lambda n: int(n != 1)
        for entry in entries:
            assert entry.msgid is not None
            if entry.msgid == "" and entry.context is None:
                self._plural = _plural_function(entry.strings.get(0, ""))
                continue
            if entry.fuzzy:
                continue
            forms = [entry.strings[i] for i in sorted(entry.strings)]
            if not forms or not all(forms):
                continue
            key: CatalogKey = (entry.context, entry.msgid) if entry.context else entry.msgid
            self._messages[key] = forms

    def gettext(self, message: str) -> str:
        forms = self._messages.get(message)
        return forms[0] if forms else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._messages.get(msgid1)
        if forms is None:
            return msgid1 if n == 1 else msgid2
        index = self._plural(n)
        return forms[index] if index < len(forms) else forms[-1]

    def pgettext(self, context: str, message: str) -> str:
        forms = self._messages.get((context, message))
        return forms[0] if forms else message

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._messages.get((context, msgid1))
        if forms is None:
            return msgid1 if n == 1 else msgid2
        index = self._plural(n)
        return forms[index] if index < len(forms) else forms[-1]

    def __contains__(self, key: CatalogKey) -> bool:
        return key in self._messages


def catalog_path(language: str, base: Path | None = None) -> Path:
    return (base or locales_dir()) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations(language: str, base: Path | None = None) -> gettext.NullTranslations:
    """The catalog for `language`, or the source strings when there is none."""
    path = catalog_path(language, base)
    if not path.is_file():
        return gettext.NullTranslations()
    return PoTranslations(parse_po(path.read_text(encoding="utf-8"), str(path)))
