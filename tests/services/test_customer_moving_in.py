"""Moving in: customers from the files other shop software exports.

The fixtures under tests/fixtures/moving_in/customers are written from each system's
documented columns; each test asserts what a customer arrives with, not only counts.
"""

from pathlib import Path

import pytest

from duka.core.customers import CustomerRow
from duka.core.ledger import EntryKind
from duka.core.money import Money
from duka.services.customer_exchange import CustomerPreview
from duka.services.imports import ImportAction
from duka.services.shop import Shop

FIXTURES = Path(__file__).parent.parent / "fixtures" / "moving_in" / "customers"
TURNED = (
    "Read as {amount} owed to the shop: this system writes what a customer owes as a "
    "negative balance."
)
NOT_A_NUMBER = "“{text}” is not a number (this file writes decimals with “.”)."


@pytest.fixture
def india_shop(shop: Shop) -> Shop:
    shop.settings.first_run("Kirana Store", "IN", owner_name="Ravi", owner_pin="4321")
    return shop


def inr(amount: str) -> Money:
    return Money.of(amount, "INR")


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def preview(shop: Shop, name: str) -> CustomerPreview:
    return shop.customer_exchange.preview(FIXTURES / name)


def imported(shop: Shop, name: str) -> dict[str, CustomerRow]:
    """The file previewed and written, its rows with problems skipped; customers by name."""
    shop.customer_exchange.apply(preview(shop, name), skip_invalid=True)
    return {c.name: c for c in shop.customers.search("", 100)}


def problems(found: CustomerPreview) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in found.problems]


def notices(found: CustomerPreview) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in found.notices]


def entries(shop: Shop, customer: CustomerRow) -> list[tuple[EntryKind, Money]]:
    return [(e.kind, e.amount) for e in shop.accounts.entries(customer.id)]


@pytest.mark.parametrize(
    ("name", "system"),
    [
        ("opensourcepos_customers.csv", "opensourcepos"),
        ("odoo_contacts_de.csv", "Odoo"),
        ("odoo_contacts_fr.csv", "Odoo"),
        ("odoo_contacts_technical.csv", "Odoo"),
        ("frappe_books_parties.csv", "Frappe Books"),
        ("erpnext_customers.csv", "ERPNext"),
        ("loyverse_customers.csv", "Loyverse"),
        ("square_customers.csv", "Square"),
        ("shopify_customers.csv", "Shopify"),
        ("woocommerce_customers.csv", "WooCommerce"),
        ("vend_customers.csv", "Vend"),
        ("unicenta_customers.csv", "uniCenta"),
    ],
)
def test_each_system_is_named(kenya_shop: Shop, name: str, system: str) -> None:
    assert preview(kenya_shop, name).system == system


def test_opensourcepos_names_are_joined_and_every_problem_named(kenya_shop: Shop) -> None:
    shop = kenya_shop
    found = preview(shop, "opensourcepos_customers.csv")
    assert problems(found) == [
        (5, "Email", "“amina at example” is not an email address."),
        (6, "First Name", "A customer name cannot be empty."),
    ]
    assert notices(found) == [
        (4, "Company", "The company name is the customer's name: the row has no person's name.")
    ]
    assert found.unused == ["Gender", "Consent", "Discount", "Discount_Type", "Taxable"]
    rows = imported(shop, "opensourcepos_customers.csv")
    assert sorted(rows) == ["Baraka Traders Ltd", "Njoroge Mwangi", "Wanjiru Kamau"]
    wanjiru = rows["Wanjiru Kamau"]
    assert wanjiru.phone == "+254 712 345 678"
    assert wanjiru.email == "wanjiru.kamau@example.co.ke"
    assert wanjiru.address == "Moi Avenue 12\nFloor 2\n00100 Nairobi\nNairobi County\nKenya"
    assert wanjiru.notes == "Pays on Fridays\nAccount Number: C-0001"
    # A person with a company: the company is kept in the notes.
    assert rows["Njoroge Mwangi"].notes == "Company: Mwangi Hardware\nAccount Number: C-0002"
    assert rows["Baraka Traders Ltd"].email == "info@baraka.example"


def test_odoo_german_labels_bring_phones_address_and_vat(kenya_shop: Shop) -> None:
    shop = kenya_shop
    found = preview(shop, "odoo_contacts_de.csv")
    assert problems(found) == []
    assert notices(found) == [
        (2, "Mobil", "This second phone number is kept in the customer's notes."),
        (3, "Mobil", "The phone number is taken from this column: “Telefon” is empty."),
    ]
    assert found.unused == ["Website", "Schlagwörter"]
    rows = imported(shop, "odoo_contacts_de.csv")
    juergen = rows["Jürgen Müller"]
    assert juergen.phone == "+49 30 1234567"
    assert juergen.address == "Königstraße 5\nHinterhaus\n10115 Berlin\nDeutschland"
    assert juergen.tax_id == "DE123456789"
    assert juergen.notes == "Mobil: +49 170 7654321\nReferenz: K-100"
    zoe = rows["Zoë Schäfer"]
    assert zoe.phone == "+49 151 2223334"
    assert zoe.address == "Große Bleiche 1\n55116 Mainz\nRheinland-Pfalz\nDeutschland"
    assert zoe.tax_id == "DE987654321"


def test_odoo_french_labels_and_arabic_names(kenya_shop: Shop) -> None:
    rows = imported(kenya_shop, "odoo_contacts_fr.csv")
    helene = rows["Hélène Dubois"]
    assert helene.phone == "+33 1 42 00 00 00"
    assert helene.address == "12 rue de l'Église\nBâtiment B\n75004 Paris\nFrance"
    assert helene.tax_id == "FR12345678901"
    amin = rows["محمد الأمين"]
    assert amin.phone == "+222 22 00 11 22"
    assert amin.address == "Avenue Gamal Abdel Nasser\nNouakchott\nMauritanie"


def test_odoo_technical_names_and_receivable_opens_the_balance(kenya_shop: Shop) -> None:
    shop = kenya_shop
    found = preview(shop, "odoo_contacts_technical.csv")
    assert found.unused == ["id", "is_company"]
    rows = imported(shop, "odoo_contacts_technical.csv")
    fatuma = rows["Fatuma Ali"]
    assert fatuma.tax_id == "100-200-300"
    assert fatuma.address == "Uhuru Street 3\n11101 Dar es Salaam\nDar es Salaam\nTanzania"
    assert fatuma.balance == kes("1500")
    assert entries(shop, fatuma) == [(EntryKind.OPENING, kes("1500"))]
    assert rows["Mwanaisha Said"].phone == "+255 715 222 333"
    assert entries(shop, rows["Mwanaisha Said"]) == []


def test_frappe_books_parties_outstanding_amount_and_gstin(india_shop: Shop) -> None:
    shop = india_shop
    found = preview(shop, "frappe_books_parties.csv")
    # The second header row of field keys is neither data nor a problem; a supplier is not
    # a customer; a row's problems are all listed.
    assert problems(found) == [
        (6, "Outstanding Amount", NOT_A_NUMBER.format(text="two thousand")),
        (6, "Email", "“anil(at)example.in” is not an email address."),
    ]
    assert notices(found) == [(5, "Role", "A supplier, not a customer: not imported.")]
    assert [p.row for p in found.planned] == [3, 4]
    assert found.unused == ["Default Account"]
    rows = imported(shop, "frappe_books_parties.csv")
    assert sorted(rows) == ["राम कुमार", "सीता देवी"]
    ram = rows["राम कुमार"]
    assert ram.tax_id == "27AAPFU0939F1ZV"
    assert ram.address == "12 MG Road, Pune"
    assert ram.phone == "+91 98765 43210"
    assert ram.balance == inr("2500")
    assert entries(shop, ram) == [(EntryKind.OPENING, inr("2500"))]
    assert entries(shop, rows["सीता देवी"]) == []
    broken = [p for r in shop.maintenance.verify() for p in r.problems]
    assert broken == []


def test_a_balance_in_another_currency_is_refused_on_its_row(kenya_shop: Shop) -> None:
    found = preview(kenya_shop, "frappe_books_parties.csv")
    assert (3, "Currency") in [(p.row, p.column) for p in found.problems]  # 2,500 INR owed
    assert 4 in [p.row for p in found.planned]  # owes nothing: nothing to convert


def test_erpnext_customers_disabled_and_address_lines(kenya_shop: Shop) -> None:
    shop = kenya_shop
    found = preview(shop, "erpnext_customers.csv")
    assert found.unused == ["ID", "Customer Type", "Customer Group", "Territory"]
    shop.customer_exchange.apply(found)
    otieno = shop.customers.get(_id(shop, "Otieno Ochieng"))
    assert otieno.phone == "+254 733 444 555"
    assert otieno.tax_id == "A012345678Z"
    assert otieno.address == "Oginga Odinga Street 4\nKisumu\nKenya"
    assert otieno.active
    al_noor = shop.customers.get(_id(shop, "Al Noor Trading"))
    assert al_noor.tax_id == "P051234567X" and not al_noor.active


def _id(shop: Shop, name: str) -> int:
    row = shop.context.db.execute("SELECT id FROM customers WHERE name = ?", (name,)).fetchone()
    return int(row[0])


def test_loyverse_total_spent_is_not_a_balance(kenya_shop: Shop) -> None:
    shop = kenya_shop
    found = preview(shop, "loyverse_customers.csv")
    assert problems(found) == []
    assert "Total spent" in found.unused and "Points balance" in found.unused
    assert all(p.opening is None for p in found.planned)
    rows = imported(shop, "loyverse_customers.csv")
    wang = rows["王小明"]
    assert wang.address == "人民路 88号\n200000 上海\nChina"
    assert wang.phone == "+86 138 0013 8000"
    assert wang.notes == "常客\nCustomer code: LV-1"
    assert wang.balance == kes("0") and entries(shop, wang) == []
    assert rows["Wambui Njeri"].address == "01000 Thika\nKiambu\nKenya"


def test_square_customers(kenya_shop: Shop) -> None:
    shop = kenya_shop
    found = preview(shop, "square_customers.csv")
    assert "Total Spend" in found.unused
    rows = imported(shop, "square_customers.csv")
    aarav = rows["Aarav Sharma"]
    assert aarav.email == "aarav.sharma@example.in"
    assert aarav.address == "221B Linking Road\nBandra West\n400050 Mumbai\nMaharashtra"
    assert aarav.notes == "Prefers WhatsApp\nReference ID: SQ-1"
    assert rows["أحمد المنصوري"].phone == "+971 50 123 4567"
    assert all(entries(shop, c) == [] for c in rows.values())


def test_shopify_customers_total_spent_is_unused(kenya_shop: Shop) -> None:
    shop = kenya_shop
    found = preview(shop, "shopify_customers.csv")
    assert found.unused == [
        "Customer ID",
        "Accepts Email Marketing",
        "Accepts SMS Marketing",
        "Total Spent",
        "Total Orders",
        "Tax Exempt",
        "Tags",
    ]
    assert all(p.opening is None for p in found.planned)
    rows = imported(shop, "shopify_customers.csv")
    layla = rows["Layla Haddad"]
    assert layla.phone == "+961 3 123 456"  # Shopify's apostrophe in front is not kept
    assert layla.address == "Hamra Street 10\n1103 Beirut\nLB"
    assert layla.notes == "Gift wrap every order\nDefault Address Phone: +961 1 234 567"
    kamau = rows["Kamau Otieno"]
    assert kamau.address == "Kimathi Street 7\nSuite 3\n00100 Nairobi\nKE"
    assert kamau.notes == "Default Address Company: Otieno & Sons"
    assert kamau.balance == kes("0")


def test_shopify_export_before_2023_is_recognised(kenya_shop: Shop, tmp_path: Path) -> None:
    source = tmp_path / "customers_export.csv"
    source.write_text(
        "First Name,Last Name,Email,Company,Address1,Address2,City,Province,Province Code,"
        "Country,Country Code,Zip,Phone,Accepts Marketing,Total Spent,Total Orders,Tags,Note,"
        "Tax Exempt\n"
        "Mei,Lin,mei@example.com,,88 Nathan Road,,Hong Kong,Kowloon,KL,Hong Kong,HK,,"
        "+852 5555 0101,no,99.00,1,,,no\n",
        encoding="utf-8",
    )
    found = kenya_shop.customer_exchange.preview(source)
    assert found.system == "Shopify"
    [row] = found.planned
    assert row.draft.name == "Mei Lin"
    assert row.draft.address == "88 Nathan Road\nHong Kong\nKowloon"
    assert row.opening is None and "Total Spent" in found.unused


def test_woocommerce_customers_report(kenya_shop: Shop) -> None:
    found = preview(kenya_shop, "woocommerce_customers.csv")
    assert found.unused == [
        "Username",
        "Last active",
        "Date registered",
        "Orders",
        "Total spend",
        "AOV",
    ]
    drafts = {p.draft.name: p.draft for p in found.planned}
    assert drafts["Priya Patel"].address == "LE1 5WW Leicester\nLeicestershire\nUnited Kingdom"
    assert drafts["Mercy Achieng"].email == "mercy.achieng@example.ke"
    assert all(p.opening is None for p in found.planned)


def test_vend_balance_owed_opens_the_account(kenya_shop: Shop) -> None:
    shop = kenya_shop
    found = preview(shop, "vend_customers.csv")
    assert "year_to_date" in found.unused and "loyalty_balance" in found.unused
    assert (2, "balance", TURNED.format(amount="120.50")) in notices(found)
    rows = imported(shop, "vend_customers.csv")
    aroha = rows["Aroha Ngata"]
    assert aroha.phone == "+64 9 300 1234"
    assert aroha.address == "12 Queen Street\nGrey Lynn\n1021 Auckland\nNZ"
    assert aroha.balance == kes("120.50")  # Vend writes what is owed as negative
    assert entries(shop, aroha) == [(EntryKind.OPENING, kes("120.50"))]
    cafe = rows["Kiwi Café Ltd"]
    assert cafe.phone == "+64 22 555 0202"
    assert cafe.notes == "Invoice monthly\ncustomer_code: VC-002"
    assert entries(shop, cafe) == []


def test_unicenta_debt_limit_and_hidden_customers(kenya_shop: Shop) -> None:
    shop = kenya_shop
    found = preview(shop, "unicenta_customers.csv")
    assert found.unused == ["id", "taxcategory", "card", "fax", "curdate"]
    shop.customer_exchange.apply(found)
    kibet = shop.customers.get(_id(shop, "Kiprono Kibet"))
    assert kibet.tax_id == "P051111111A"
    assert kibet.credit_limit == kes("2000")
    assert kibet.address == "Uganda Road 8\n30100 Eldoret\nUasin Gishu\nKenya"
    assert kibet.phone == "0720 123 456"
    assert kibet.notes == "Pays at month end\nphone2: 0733 654 321\nsearchkey: KIB-01"
    assert entries(shop, kibet) == [(EntryKind.OPENING, kes("850"))]
    chebet = shop.customers.get(_id(shop, "Chebet Stores"))
    assert not chebet.active and entries(shop, chebet) == []


def test_every_problem_of_a_row_names_its_column(kenya_shop: Shop, tmp_path: Path) -> None:
    source = tmp_path / "khata.csv"
    source.write_text(
        "name,email,credit_limit,language,balance\nGood,,10,,\n,x,-5,xx,abc\n",
        encoding="utf-8",
    )
    found = kenya_shop.customer_exchange.preview(source)
    assert found.system is None
    assert problems(found) == [
        (3, "email", "“x” is not an email address."),
        (3, "credit_limit", "A credit limit cannot be negative."),
        (3, "language", "Duka does not speak the language “xx”."),
        (3, "balance", NOT_A_NUMBER.format(text="abc")),
        (3, "name", "A customer name cannot be empty."),
    ]
    assert [p.row for p in found.planned] == [2]


def test_an_invalid_email_is_named_on_the_email_column(kenya_shop: Shop, tmp_path: Path) -> None:
    source = tmp_path / "c.csv"
    source.write_text("Name,E-Mail\nMail,not-an-email\n", encoding="utf-8")
    found = kenya_shop.customer_exchange.preview(source)
    assert problems(found) == [(2, "E-Mail", "“not-an-email” is not an email address.")]


@pytest.mark.parametrize(
    "header",
    ["Tax ID", "VAT", "GSTIN No.", "KRA PIN", "PIN ya KRA", "NIF", "N° TVA", "USt-IdNr.",
     "CNPJ", "RFC", "Número de contribuinte", "الرقم الضريبي", "जीएसटीआईएन", "कर संख्या"],
)  # fmt: skip
def test_tax_numbers_are_read_from_the_main_languages_labels(
    kenya_shop: Shop, tmp_path: Path, header: str
) -> None:
    source = tmp_path / "c.csv"
    source.write_text(f"Name,{header}\nMama Njeri,P051234567Q\n", encoding="utf-8")
    [row] = kenya_shop.customer_exchange.preview(source).planned
    assert row.draft.tax_id == "P051234567Q"


def test_a_hand_made_sheet_in_german_is_joined(kenya_shop: Shop, tmp_path: Path) -> None:
    source = tmp_path / "kunden.csv"
    source.write_text(
        "Vorname;Nachname;Telefon;Mobil;Straße;PLZ;Ort;Land;USt-IdNr.;Saldo\n"
        "Jörg;Weiß;;+49 160 1112223;Hauptstraße 3;80331;München;Deutschland;DE111222333;"
        "12,50\n",
        encoding="utf-8",
    )
    found = kenya_shop.customer_exchange.preview(source)
    assert found.system is None
    assert found.unused == []
    [row] = found.planned
    assert row.draft.name == "Jörg Weiß"
    assert row.draft.phone == "+49 160 1112223"
    assert row.draft.address == "Hauptstraße 3\n80331 München\nDeutschland"
    assert row.draft.tax_id == "DE111222333"
    assert row.opening == kes("12.50")
    assert notices(found) == [
        (2, "Mobil", "The phone number is taken from this column: “Telefon” is empty.")
    ]


def test_dukas_own_export_is_named(kenya_shop: Shop, tmp_path: Path) -> None:
    shop = kenya_shop
    from duka.core.customers import NewCustomer

    shop.customers.add(NewCustomer("Wanjiku", kes("100"), phone="0712 000 000"))
    path = tmp_path / "customers.csv"
    shop.customer_exchange.export(path)
    found = shop.customer_exchange.preview(path)
    assert found.system == "Duka"
    assert found.unused == [] and found.problems == []
    assert found.count(ImportAction.UNCHANGED) == 1


def test_what_was_spent_is_never_a_balance_in_a_hand_made_sheet(
    kenya_shop: Shop, tmp_path: Path
) -> None:
    source = tmp_path / "c.csv"
    source.write_text("Name,Total spent,Balance\nAchieng,5000,120\n", encoding="utf-8")
    found = kenya_shop.customer_exchange.preview(source)
    assert found.unused == ["Total spent"]
    assert [p.opening for p in found.planned] == [kes("120")]


@pytest.mark.parametrize(
    "name", ["loyverse_customers.csv", "woocommerce_customers.csv", "odoo_contacts_de.csv"]
)
def test_the_same_export_imported_again_changes_nothing(kenya_shop: Shop, name: str) -> None:
    shop = kenya_shop
    shop.customer_exchange.apply(preview(shop, name))
    again = preview(shop, name)  # matched by phone, or by email where there is none
    assert [p.action for p in again.planned] == [ImportAction.UNCHANGED] * 2
    assert again.problems == []


def test_a_known_customer_keeps_their_notes_and_balance_and_is_told_so(
    kenya_shop: Shop, tmp_path: Path
) -> None:
    from duka.core.customers import NewCustomer

    shop = kenya_shop
    wanjiru = shop.customers.add(
        NewCustomer(
            "Wanjiru Kamau", kes("1000"), phone="+254 712 000 111", notes="Owes for gas cylinder"
        )
    )
    source = tmp_path / "ospos.csv"
    source.write_text(
        "First Name,Last Name,Gender,Consent,Email,Phone Number,Address 1,Address 2,City,State,"
        "Zip,Country,Comments,Account Number,Taxable,Company\n"
        "Wanjiru,Kamau,F,1,,+254 712 000 111,,,,,,,,A1,1,\n",
        "utf-8",
    )
    found = shop.customer_exchange.preview(source)
    assert [p.action for p in found.planned] == [ImportAction.UPDATE]
    shop.customer_exchange.apply(found)
    notes = shop.customers.get(wanjiru).notes.splitlines()
    assert notes[0] == "Owes for gas cylinder" and len(notes) == 2 and "A1" in notes[1]
    again = shop.customer_exchange.preview(source)  # the code is in the notes once
    assert [p.action for p in again.planned] == [ImportAction.UNCHANGED]

    frappe = tmp_path / "parties.csv"
    frappe.write_text(
        "Name,Role,Outstanding Amount,Currency,Phone\n"
        "Wanjiru Kamau,Customer,700,KES,+254 712 000 111\n",
        "utf-8",
    )
    found = shop.customer_exchange.preview(frappe)
    assert [(n.row, n.column) for n in found.notices] == [(2, "Outstanding Amount")]
    assert "not written" in found.notices[0].message
