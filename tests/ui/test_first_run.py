from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from duka.core import settings as spec
from duka.i18n import current_language
from duka.services.shop import Shop
from duka.ui.dialogs.first_run import FirstRunDialog
from duka.ui.language import apply_language
from duka.ui.state import AppState


def choose(combo: object, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]
    combo.activated.emit(combo.currentIndex())  # type: ignore[attr-defined]


def test_the_country_proposes_currency_and_language(qtbot: QtBot, shop: Shop) -> None:
    dialog = FirstRunDialog(AppState(shop))
    qtbot.addWidget(dialog)
    choose(dialog.country, "IN")
    assert dialog.currency.currentData() == "INR"
    assert dialog.language.currentData() == "hi"
    choose(dialog.country, "EG")
    assert (dialog.currency.currentData(), dialog.language.currentData()) == ("EGP", "ar")


def test_starting_saves_the_answers(qtbot: QtBot, shop: Shop) -> None:
    state = AppState(shop)
    dialog = FirstRunDialog(state)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Kirana Store")
    choose(dialog.country, "IN")
    choose(dialog.currency, "USD")  # the proposal can be changed
    dialog.owner_edit.setText("Rajesh")
    dialog.pin_edit.setText("2468")
    dialog.again_edit.setText("2468")
    dialog.accept()
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted
    values = shop.settings.load()
    assert (values[spec.SHOP_NAME], values[spec.COUNTRY], values[spec.CURRENCY]) == (
        "Kirana Store",
        "IN",
        "USD",
    )
    assert state.settings.is_set_up
    assert current_language() == "hi"  # the chosen language is now the interface's
    assert state.actor is not None and state.actor.name == "Rajesh"  # the owner is signed in


def test_a_missing_name_keeps_the_dialog_open(
    qtbot: QtBot, shop: Shop, refusals: list[str]
) -> None:
    dialog = FirstRunDialog(AppState(shop))
    qtbot.addWidget(dialog)
    choose(dialog.country, "KE")
    dialog.owner_edit.setText("Amina")
    dialog.pin_edit.setText("1357")
    dialog.again_edit.setText("1357")
    dialog.accept()
    assert refusals == ["Shop name cannot be empty."]
    assert dialog.pin_edit.text() == ""  # a refused PIN is not kept on screen
    assert dialog.result() != FirstRunDialog.DialogCode.Accepted
    assert not shop.settings.load().is_set_up


def test_choosing_a_language_translates_the_dialog_at_once(qtbot: QtBot, shop: Shop) -> None:
    dialog = FirstRunDialog(AppState(shop))
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("typed before the switch")
    choose(dialog.language, "fr")
    assert dialog.windowTitle() == "Bienvenue dans Duka"
    assert dialog.name_edit.text() == "typed before the switch"
    assert dialog.country.findText("Kenya") >= 0
    choose(dialog.language, "ar")
    assert dialog.windowTitle() == "مرحبًا بك في دُكّا"
    assert dialog.country.findText("كينيا") >= 0


def test_the_two_pins_must_agree(qtbot: QtBot, shop: Shop, refusals: list[str]) -> None:
    dialog = FirstRunDialog(AppState(shop))
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Duka")
    choose(dialog.country, "KE")
    dialog.owner_edit.setText("Amina")
    dialog.pin_edit.setText("1357")
    dialog.again_edit.setText("1375")
    dialog.accept()
    assert refusals == ["The two PINs differ."]
    assert not shop.access.has_users()


def test_kenya_proposes_vat_and_m_pesa_which_the_owner_confirms(qtbot: QtBot, shop: Shop) -> None:
    dialog = FirstRunDialog(AppState(shop))
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.name_edit, "Duka la Mama")
    choose(dialog.country, "KE")
    assert dialog.currency.currentData() == "KES"
    shown = [(r.code, r.name, str(r.percent), r.exempt) for r in dialog.rates.value()]
    assert shown == [("S", "VAT 16%", "16", False), ("Z", "VAT 0%", "0", False),
                     ("E", "Exempt", "0", True)]  # fmt: skip
    assert dialog.mobile.edit.text() == "M-Pesa, Airtel Money"
    assert dialog.till.widget.isVisible() and dialog.paybill.widget.isVisible()
    QTest.keyClicks(dialog.till.edit, "123456")
    dialog.rates.model.remove_rate(1)  # the owner drops the zero rate
    QTest.keyClicks(dialog.owner_edit, "Amina")
    QTest.keyClicks(dialog.pin_edit, "1357")
    QTest.keyClicks(dialog.again_edit, "1357")
    dialog.accept()
    values = shop.settings.load()
    assert [r.code for r in values[spec.TAX_RATES]] == ["S", "E"]
    assert values[spec.MOBILE_MONEY] == ("M-Pesa", "Airtel Money")
    assert values[spec.MPESA_TILL] == "123456"


def test_a_country_without_m_pesa_hides_the_till_and_the_usa_says_why_no_rate(
    qtbot: QtBot, shop: Shop
) -> None:
    dialog = FirstRunDialog(AppState(shop))
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog.country, "IN")
    assert [str(r.percent) for r in dialog.rates.value()][:3] == ["18", "5", "40"]
    assert dialog.mobile.value() == ("UPI",)
    assert not dialog.till.widget.isVisible()
    choose(dialog.country, "US")
    assert dialog.rates.value() == ()
    assert dialog.tax_note.isVisible() and "state" in dialog.tax_note.text()


def test_the_proposed_rates_follow_the_language(qtbot: QtBot, shop: Shop) -> None:
    dialog = FirstRunDialog(AppState(shop))
    qtbot.addWidget(dialog)
    choose(dialog.country, "EG")  # proposes Arabic
    apply_language("ar")
    assert dialog.rates.value()[-1].name == "معفى"
    assert dialog.rates.value()[0].name == "VAT 14%"
