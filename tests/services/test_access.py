import datetime as dt
from pathlib import Path

import pytest

from duka.core.access import Permission, Role, hash_pin, pin_matches
from duka.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from duka.services.access import SignInRefused
from duka.services.shop import Shop
from tests.conftest import OWNER_PIN


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def staffed(tmp_path: Path, clock: Clock) -> Shop:
    shop = Shop.open(tmp_path / "s.sqlite3", backup_dir=tmp_path / "b", clock=clock)
    shop.settings.first_run("Duka", "KE", language="en", owner_name="Zawadi", owner_pin=OWNER_PIN)
    shop.access.add_user("Baraka", Role.MANAGER, "2580")
    shop.access.add_user("Wanjiru", Role.CASHIER, "1357")
    shop.access.lock()
    return shop


def audit_actions(shop: Shop) -> list[tuple[str, str, str]]:
    return shop.context.db.execute(
        "SELECT actor, action, outcome FROM audit ORDER BY id"
    ).fetchall()


def dump(shop: Shop) -> str:
    """Every row of every table (and the schema), each value an SQL literal as a dump writes
    it: apsw has no iterdump."""
    db = shop.context.db
    lines = [r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")]
    tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    for (table,) in tables:
        columns = [r[1] for r in db.execute(f'PRAGMA table_xinfo("{table}")')]
        if not columns:
            continue
        literals = ", ".join(f'quote("{c}")' for c in columns)
        for row in db.execute(f'SELECT {literals} FROM "{table}"'):
            lines.append(f'INSERT INTO "{table}" VALUES({",".join(row)});')
    return "\n".join(lines)


def test_a_pin_is_never_stored(staffed: Shop) -> None:
    dump_text = dump(staffed)
    assert "scrypt$" in dump_text  # the users' rows are in it
    for pin in (OWNER_PIN, "2580", "1357"):
        assert f"'{pin}'" not in dump_text
    stored = staffed.context.db.execute("SELECT pin_hash FROM users WHERE name = 'Wanjiru'")
    assert stored.fetchone()[0].startswith("scrypt$")


def test_pin_hashes_are_salted_and_checked() -> None:
    first, second = hash_pin("1357"), hash_pin("1357")
    assert first != second
    assert pin_matches("1357", first) and not pin_matches("1358", first)
    assert not pin_matches("1357", "garbage")


def test_the_pin_alone_signs_the_right_person_in(staffed: Shop) -> None:
    actor = staffed.access.sign_in("1357")
    assert (actor.name, actor.role) == ("Wanjiru", Role.CASHIER)
    assert staffed.access.sign_in("2580").name == "Baraka"
    assert staffed.access.sign_in("१३५७").name == "Wanjiru"  # Devanagari digits work too
    assert audit_actions(staffed)[-1] == ("Wanjiru", "sign_in", "done")


def test_a_wrong_pin_is_refused_and_recorded(staffed: Shop) -> None:
    with pytest.raises(SignInRefused) as caught:
        staffed.access.sign_in("9999")
    assert caught.value.message == "Wrong PIN."
    assert staffed.access.actor is None
    assert audit_actions(staffed)[-1] == ("nobody", "sign_in_failed", "denied")


def test_five_wrong_pins_lock_sign_in_for_a_growing_time(staffed: Shop, clock: Clock) -> None:
    for _ in range(4):
        with pytest.raises(SignInRefused):
            staffed.access.sign_in("9999")
    with pytest.raises(SignInRefused) as fifth:
        staffed.access.sign_in("9999")
    assert fifth.value.wait_seconds == 30
    assert fifth.value.message == "Too many wrong PINs. Try again in 30 seconds."
    with pytest.raises(SignInRefused) as locked:
        staffed.access.sign_in("1357")  # even the right PIN waits
    assert locked.value.wait_seconds == 30
    clock.wait(31)
    for _ in range(4):
        with pytest.raises(SignInRefused):
            staffed.access.sign_in("0000")
    with pytest.raises(SignInRefused) as again:
        staffed.access.sign_in("0000")
    assert again.value.wait_seconds == 60  # twice as long the second time
    clock.wait(61)
    assert staffed.access.sign_in("1357").name == "Wanjiru"  # and a good PIN resets it
    assert "sign_in_locked" in [a for _n, a, _o in audit_actions(staffed)]


def test_choosing_a_name_locks_only_that_user(staffed: Shop) -> None:
    for _ in range(5):
        with pytest.raises(SignInRefused):
            staffed.access.sign_in("0000", "Wanjiru")
    with pytest.raises(SignInRefused):
        staffed.access.sign_in("1357", "Wanjiru")
    assert staffed.access.sign_in("2580").name == "Baraka"  # others are not locked out


def test_a_disabled_user_is_told_so(staffed: Shop) -> None:
    staffed.access.sign_in(OWNER_PIN)
    staffed.access.set_active("Wanjiru", False)
    with pytest.raises(SignInRefused) as caught:
        staffed.access.sign_in("1357")
    assert caught.value.message == "Wanjiru is disabled. Ask the owner."
    with pytest.raises(SignInRefused):
        staffed.access.sign_in("1357", "Wanjiru")


@pytest.mark.parametrize(
    ("pin", "says"),
    [
        ("123", "4 to 8 digits"),
        ("123456789", "4 to 8 digits"),
        ("0000", "one digit repeated"),
        ("12a4", "digits only"),
    ],
)
def test_bad_pins_are_refused_when_a_user_is_added(staffed: Shop, pin: str, says: str) -> None:
    staffed.access.sign_in(OWNER_PIN)
    with pytest.raises(InvalidInput) as caught:
        staffed.access.add_user("Hassan", Role.CASHIER, pin)
    assert says in caught.value.message
    assert "Hassan" not in [u.name for u in staffed.access.users()]


def test_pins_and_names_are_unique(staffed: Shop) -> None:
    staffed.access.sign_in(OWNER_PIN)
    with pytest.raises(Conflict):
        staffed.access.add_user("Hassan", Role.CASHIER, "1357")  # Wanjiru's
    with pytest.raises(Conflict):
        staffed.access.add_user("wanjiru", Role.CASHIER, "8642")  # names ignore case


def test_the_last_owner_stays(staffed: Shop) -> None:
    staffed.access.sign_in(OWNER_PIN)
    with pytest.raises(Conflict):
        staffed.access.set_active("Zawadi", False)
    with pytest.raises(Conflict):
        staffed.access.set_role("Zawadi", Role.CASHIER)
    staffed.access.set_role("Baraka", Role.OWNER)
    staffed.access.set_role("Zawadi", Role.MANAGER)  # another owner exists now
    with pytest.raises(NotFound):
        staffed.access.set_active("Nobody", False)


def test_a_user_may_change_their_own_pin_only(staffed: Shop) -> None:
    staffed.access.sign_in("1357")
    staffed.access.set_pin("Wanjiru", "8642")
    with pytest.raises(NotAllowed):
        staffed.access.set_pin("Baraka", "9753")
    staffed.access.lock()
    assert staffed.access.sign_in("8642").name == "Wanjiru"


def test_a_manager_approves_one_restricted_action(staffed: Shop) -> None:
    from duka.core import settings as spec
    from duka.core.money import Money
    from duka.core.products import ProductDraft

    staffed.access.sign_in("1357")  # a cashier
    sugar = ProductDraft("Sugar", Money.of("180", "KES"), Money.of("150", "KES"))
    with pytest.raises(NotAllowed) as refused:
        staffed.products.add(sugar)
    assert "Wanjiru may not add or change products and prices" in refused.value.message
    with pytest.raises(SignInRefused):
        staffed.access.approve("0000", Permission.MANAGE_PRODUCTS)
    with pytest.raises(NotAllowed):
        staffed.access.approve("1357", Permission.MANAGE_PRODUCTS)  # a cashier cannot approve
    approval = staffed.access.approve("2580", Permission.MANAGE_PRODUCTS)
    product_id = staffed.products.add(sugar, approval)
    assert product_id and staffed.access.actor.name == "Wanjiru"  # type: ignore[union-attr]
    with pytest.raises(NotAllowed):
        staffed.products.add(sugar, approval)  # once only
    with pytest.raises(NotAllowed):  # a manager cannot approve what only the owner may do
        staffed.settings.save(
            {spec.PHONE.key: "1"},
            staffed.access.approve("2580", Permission.CHANGE_SETTINGS),
        )
    row = staffed.context.db.execute(
        "SELECT a.actor, u.name FROM audit a JOIN users u ON u.id = a.approved_by "
        "WHERE a.action = 'product_added'"
    ).fetchone()
    assert row == ("Wanjiru", "Baraka")


def test_locking_signs_out_and_nothing_restricted_works(staffed: Shop) -> None:
    staffed.access.sign_in(OWNER_PIN)
    staffed.access.lock()
    with pytest.raises(NotAllowed) as caught:
        staffed.maintenance.verify()
    assert caught.value.message == "Sign in first."
