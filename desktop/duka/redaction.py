"""What the error log may say about an error: never a PIN or anything about a person.

The log travels: a shopkeeper copies it to whoever helps the shop. So it keeps what finds a
fault (the kind of error, where in the code, which versions) and removes from the text of
a message what a person may have typed or the shop keeps about people:

- anything quoted (Python quotes the values it puts in its messages: a key, a file, a text
  that did not parse), including bytes (b'...') and typographic quotes;
- a number of four digits or more, written with or without spaces, dots, dashes or
  brackets: a PIN has 4 to 8 digits, a phone number more;
- an e-mail address;
- a capitalised word inside a sentence ("saving Amina Odhiambo failed"): Latin-script names
  are written so, while the code's words are lower case, CamelCase or CAPITALS (a type
  such as Decimal is lost with them, a price worth paying);
- a word in any script but the code's own ASCII (a name or a product in Arabic, Hindi...,
  "Zoë" as much as "زوي");
- every value an error carries in its fields (an exception's attributes, its extra
  arguments, a refusal's parameters), wherever it appears in the message;
- the user's home folder, which holds their login name, becomes "~".

What is left of a message is the code's own wording: "UNIQUE constraint failed:
customers.phone", "[Errno 28] No space left on device", "division by zero".
Locals of the failing code are never written, and a traceback becomes file:line in
function, the file named from its package ("duka/services/sell.py"), not from the folder
Duka runs from.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from types import TracebackType

QUOTED = "<text>"
NUMBER = "<number>"
EMAIL = "<email>"
WORD = "…"
VALUE = "<value>"

_LONGEST_MESSAGE = 400
_DEEPEST_CHAIN = 5
_MOST_FRAMES = 40

# A home folder named in a path: /home/amina, /Users/amina, C:\Users\amina, /root.
_HOME = re.compile(
    r"(?:\b[A-Za-z]:)?[\\/](?:home|Users|Documents and Settings)[\\/][^\\/\s'\"]+|/root\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A quoted text: the opening quote starts a word (so "shop's" opens nothing), a quote inside
# is kept when a letter follows it ('Amina's shop'), and Python's escapes are skipped.
_QUOTED = re.compile(
    r"""(?<!\w)(?:[bBrRuU]{1,2})?(?:'(?:[^'\\\n]|\\.|'(?=\w))*'(?!\w)"""
    r"""|"(?:[^"\\\n]|\\.|"(?=\w))*"(?!\w))"""
    r"|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»|„[^“”\n]*[“”]|`[^`\n]*`"
)
# Digits joined by at most two separators: 0712 345 678, +254-712-345678, (020) 4444.
_NUMBER = re.compile(r"\+?\d(?:[ \t.()/-]{0,2}\d)*")
_DIGITS_IN_A_NUMBER = 4
# A capitalised word (names are written so; the code's words are lower case, CamelCase or
# CAPITALS), unless it begins a sentence: the text, a line, or what follows . ! ? : or ].
_NAME = re.compile(r"\b[A-Z][a-z]+\b")
_SENTENCE_BREAKS = ".!?:]\n"
_NOT_NAMES = frozenset(("None", "True", "False", "Errno"))
# A run of letters and digits of any script; ASCII punctuation, spaces, quotes and the
# marks the redaction itself writes end it.
_WORDISH = re.compile(r"[^\s!-/:-@\[-`{-~…“”‘’«»„]+")


def redact(text: str, values: Iterable[str] = ()) -> str:
    """`text` without personal data (see the module's doc); `values` are texts known to be
    data (an error's fields), removed wherever they stand as words."""
    found = sorted({v for v in values if len(v.strip()) >= 3}, key=len, reverse=True)
    for value in found:
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", VALUE, text)
    text = _HOME.sub("~", text)
    text = _EMAIL.sub(EMAIL, text)
    text = _NUMBER.sub(_number, text)
    text = _NAME.sub(_name, text)
    text = _WORDISH.sub(_word, text)
    # Quotes last and until none pairs any more: whether a quote opens or closes depends on
    # its neighbours, which the rules above and a first pairing may have replaced; so a
    # second pass (the log is read back) changes nothing.
    while True:
        paired = _QUOTED.sub(QUOTED, text)
        if paired == text:
            return text
        text = paired


def hide_home(path: str) -> str:
    """`path` with the home folder (which holds the user's login name) written "~"."""
    home = os.path.expanduser("~")
    if len(home) > 1 and (path == home or path.startswith(home + os.sep)):
        path = "~" + path[len(home) :]
    return _HOME.sub("~", path)


def _name(match: re.Match[str]) -> str:
    word = match.group()
    if word in _NOT_NAMES:
        return word
    start = match.start()
    window = match.string[max(0, start - 40) : start]  # a look back, not a scan of the text
    before = window.rstrip(" \t")
    # Only spaces back to the start of the text, or a sentence's end before it.
    begins = before[-1] in _SENTENCE_BREAKS if before else start == len(window)
    return word if begins else WORD


def _number(match: re.Match[str]) -> str:
    text = match.group()
    return NUMBER if sum(c.isdigit() for c in text) >= _DIGITS_IN_A_NUMBER else text


def _word(match: re.Match[str]) -> str:
    text = match.group()
    return text if text.isascii() else WORD


def short_path(filename: str) -> str:
    """A code file named from its package, without the folders Duka was installed in."""
    path = filename.replace("\\", "/")
    if path.startswith("<"):  # <frozen importlib._bootstrap>, <string>
        return path
    for marker in ("/site-packages/", "/dist-packages/"):
        if marker in path:
            return path.rsplit(marker, 1)[1]
    if "/duka/" in path:
        return "duka/" + path.rsplit("/duka/", 1)[1]
    standard = re.search(r"/lib/python\d+(?:\.\d+)?/(.*)$", path, re.IGNORECASE)
    if standard:
        return standard.group(1)
    return redact(hide_home(path))


def frames(tb: TracebackType | None) -> list[str]:
    """Where the error went through, oldest call first: "duka/x.py:12 in function"."""
    found: list[str] = []
    while tb is not None:
        code = tb.tb_frame.f_code
        name = getattr(code, "co_qualname", code.co_name)
        found.append(f"{short_path(code.co_filename)}:{tb.tb_lineno} in {name}")
        tb = tb.tb_next
    if len(found) > _MOST_FRAMES:
        skipped = len(found) - _MOST_FRAMES
        found = [*found[:2], f"({skipped} more calls)", *found[-(_MOST_FRAMES - 2) :]]
    return found


def carried_values(error: BaseException) -> list[str]:
    """Texts an error carries besides its message: attributes, extra arguments, a refusal's
    parameters; each is data, to be kept out of the log."""
    found: list[str] = []

    def add(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                add(item)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                add(item)

    # An OSError's arguments are its number and the system's wording; its file names are
    # quoted in its message.
    if len(error.args) > 1 and not isinstance(error, OSError):
        add(error.args)
    for name, value in vars(error).items():
        if name not in ("message_id", "plural", "__notes__"):
            add(value)
    return found


def message(error: BaseException) -> str:
    """The error's message with its data taken out."""
    template = getattr(error, "message_id", None)
    if isinstance(template, str):
        # A refusal (TranslatableError) keeps its English wording with its {fields} unfilled.
        text = template
    else:
        try:
            text = str(error)
        except Exception:  # noqa: BLE001 - a broken __str__ must not stop the log
            text = "(the message could not be read)"
    if len(text) > _LONGEST_MESSAGE:
        text = text[:_LONGEST_MESSAGE] + "…"
    return redact(text, carried_values(error))


def _chain(error: BaseException) -> Iterator[tuple[str, BaseException]]:
    seen: set[int] = set()
    current: BaseException | None = error
    relation = ""
    while current is not None and id(current) not in seen and len(seen) < _DEEPEST_CHAIN:
        seen.add(id(current))
        yield relation, current
        if current.__cause__ is not None:
            relation, current = "caused by", current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            relation, current = "while handling", current.__context__
        else:
            current = None


def describe(error: BaseException) -> list[str]:
    """What the log keeps about `error` and the errors it came from: for each, its type, its
    redacted message, and where it went through (the innermost call last)."""
    lines: list[str] = []
    for relation, each in _chain(error):
        kind = type(each)
        name = kind.__qualname__
        if kind.__module__ not in ("builtins", "__main__"):
            name = f"{kind.__module__}.{name}"
        text = message(each)
        heading = f"{name}: {text}" if text else name
        lines.append(f"{relation} {heading}" if relation else heading)
        lines.extend(f"  note: {redact(str(note))}" for note in getattr(each, "__notes__", ()))
        lines.extend(f"  at {place}" for place in frames(each.__traceback__))
    return lines
