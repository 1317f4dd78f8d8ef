"""The shipped catalogs: complete, placeholders intact, template in step with the code."""

import gettext
import os
import re
import shutil
import string
import subprocess
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.extract import extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from duka.bundled import locales_dir
from duka.i18n import LANGUAGES, N_, TranslatableError, _, ngettext, set_language
from duka.i18n.catalog import PoTranslations, catalog_path, parse_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2)}
_QT_MNEMONIC = re.compile(r"&(?=[^&\s])")


def source_messages() -> set[str | tuple[str, str]]:
    """Every string the code marks for translation, found the way pybabel finds them."""
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "desktop" / "duka"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def catalog_messages(path: Path) -> dict[object, object]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {(m.id if isinstance(m.id, str) else tuple(m.id)): m for m in catalog if m.id}


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_the_template_lists_exactly_the_strings_in_the_code() -> None:
    template = set(catalog_messages(locales_dir() / "duka.pot"))
    in_code = source_messages()
    assert in_code - template == set(), "run the pybabel extract line in babel.cfg"
    assert template - in_code == set(), "the template has strings the code no longer uses"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_shipped_language_translates_every_string(language: str) -> None:
    """Complete languages translate everything; a partial one (marked so in the language
    lists) may leave messages empty, never fuzzy or out of the template."""
    template = catalog_messages(locales_dir() / "duka.pot")
    translated = catalog_messages(catalog_path(language))
    missing = [key for key in template if key not in translated]
    assert missing == []
    for key, message in translated.items():
        assert key in template, f"{language}: {key!r} is not in the template"
        assert not message.fuzzy, f"{language}: {key!r} is fuzzy"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if LANGUAGES[language].complete:
            assert all(strings), f"{language}: {key!r} is untranslated"


def test_the_twenty_languages_the_issue_names_are_complete() -> None:
    named = [
        "en", "fr", "es", "pt_BR", "de", "it", "tr", "ar", "ur", "fa", "hi", "bn", "ta", "sw",
        "id", "vi", "th", "zh_CN", "ru", "pl",
    ]  # fmt: skip
    assert all(LANGUAGES[code].complete for code in named)


def test_a_partial_language_is_marked_where_languages_are_listed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from duka.i18n import language_label

    assert language_label("sw") == "Kiswahili"
    partial = replace(LANGUAGES["sw"], complete=False)
    monkeypatch.setitem(LANGUAGES, "sw", partial)
    set_language("fr")
    try:
        assert language_label("sw") == "Kiswahili (traduction partielle)"
    finally:
        set_language("en")


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_placeholders_match_the_source(language: str) -> None:
    for key, message in catalog_messages(catalog_path(language)).items():
        if isinstance(key, tuple):
            wanted = fields(key[1])
            forms = message.string
            for form in forms:
                assert fields(form) <= wanted, f"{language}: {key!r} has unknown fields"
            assert fields(forms[-1]) == wanted, f"{language}: {key!r} drops a field"
        else:
            assert fields(message.string) == fields(key), f"{language}: {key!r}"
            if "&" in key:  # Qt texts keep exactly one keyboard mnemonic
                assert len(_QT_MNEMONIC.findall(message.string)) == 1, f"{language}: {key!r}"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_no_mnemonic_splits_a_letter(language: str) -> None:
    """Qt underlines the one character after '&' and shapes it alone: before a consonant
    with vowel signs (हाँ) the signs fall on a dotted circle. Such scripts write "(&Y)"."""
    from duka.ui.qt_texts import splits_a_letter

    split = [
        (key, form)
        for key, message in catalog_messages(catalog_path(language)).items()
        for form in (message.string if isinstance(message.string, tuple) else (message.string,))
        if splits_a_letter(form)
    ]
    assert split == []


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_plural_forms_are_the_languages_own(language: str) -> None:
    with catalog_path(language).open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.num_plurals == get_plural(language).num_plurals


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_plural_rule_is_cldrs_with_its_forms_in_cldrs_order(language: str) -> None:
    """Same forms for every count as CLDR's rule: a catalog whose forms are in another
    order puts "11 rows" in the form written for "100 rows"."""
    with catalog_path(language).open("rb") as handle:
        catalog = read_po(handle)
    ours = gettext.c2py(catalog.plural_expr)
    cldr = gettext.c2py(get_plural(language).plural_expr)
    assert [ours(n) for n in range(1200)] == [cldr(n) for n in range(1200)]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_msgfmt_accepts_the_catalog(language: str) -> None:
    """Every translator's tool checks catalogs this way; a "%" that reads as a format in
    the source ("100% or more") fails it."""
    checked = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(catalog_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def test_our_po_reader_agrees_with_babels() -> None:
    for language in LANGUAGES:
        path = catalog_path(language)
        ours = {e.msgid: e for e in parse_po(path.read_text(encoding="utf-8"), str(path))}
        theirs = catalog_messages(path)
        for key, message in theirs.items():
            msgid = key if isinstance(key, str) else key[0]
            entry = ours[msgid]
            expected = message.string if isinstance(message.string, tuple) else (message.string,)
            assert tuple(entry.strings[i] for i in sorted(entry.strings)) == expected


def test_the_reader_handles_escapes_context_fuzzy_and_continuations() -> None:
    text = """
msgid ""
msgstr ""
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#, fuzzy
msgid "Old"
msgstr "Vieux"

msgctxt "button"
msgid "Open"
msgstr "Ouvrir"

msgid "Two\\nlines \\"quoted\\""
msgstr ""
"Deux\\n"
"lignes « citées »"

msgid "{count} item"
msgid_plural "{count} items"
msgstr[0] "{count} article"
msgstr[1] "{count} articles"

#~ msgid "Gone"
#~ msgstr "Parti"
"""
    translations = PoTranslations(parse_po(text))
    assert translations.gettext("Old") == "Old"  # fuzzy entries are not used
    assert translations.pgettext("button", "Open") == "Ouvrir"
    assert translations.gettext("Open") == "Open"
    assert translations.gettext('Two\nlines "quoted"') == "Deux\nlignes « citées »"
    assert translations.ngettext("{count} item", "{count} items", 1) == "{count} article"
    assert translations.ngettext("{count} item", "{count} items", 0) == "{count} article"
    assert translations.ngettext("{count} item", "{count} items", 2) == "{count} articles"
    assert translations.gettext("Gone") == "Gone"


def test_switching_language_changes_what_underscore_returns() -> None:
    set_language("fr")
    assert _("Settings") == "Réglages"
    set_language("ar")
    assert _("Settings") == "الإعدادات"
    assert ngettext("{count} product", "{count} products", 11) == "{count} منتجًا"
    assert ngettext("{count} product", "{count} products", 100) == "{count} منتج"
    set_language("hi")
    assert _("Settings") == "सेटिंग्स"
    set_language("en")
    assert _("Settings") == "Settings"


def test_refusals_are_translated_when_shown_not_when_raised() -> None:
    error = TranslatableError(N_("Please choose a country."))
    set_language("fr")
    assert error.message == "Veuillez choisir un pays."
    set_language("hi")
    assert error.message == "कृपया एक देश चुनें।"


def test_right_to_left_comes_from_cldr() -> None:
    for code, language in LANGUAGES.items():
        assert language.rtl == (Locale.parse(code).character_order == "right-to-left")
