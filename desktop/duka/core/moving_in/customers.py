"""The customer files other shop software exports, as their documentation describes them.

Each layout maps the system's headers (its labels in the languages it ships, and its
technical field names where an export can use them) to what Duka reads from them. A header a
layout does not name is not read and is listed as unused; that is on purpose for what a
customer has SPENT (Shopify `Total Spent`, Loyverse `Total spent`, Square `Total Spend`,
Vend `year_to_date`): it is not what they owe, so it never opens a balance.
"""

from __future__ import annotations

from duka.core.customer_import import Column
from duka.core.moving_in.layout import Layout, header_key, keyed, signature

C = Column

OPENSOURCEPOS = Layout(
    "opensourcepos",
    (
        # The customer import template's header row (importCustomers.csv).
        signature("First Name", "Last Name", "Gender", "Consent", "Account Number"),
        signature("First Name", "Last Name", "Phone Number", "Address 1", "Account Number"),
    ),
    keyed(
        {
            "First Name": C.FIRST_NAME,
            "Last Name": C.LAST_NAME,
            "Email": C.EMAIL,
            "Phone Number": C.PHONE,
            "Address 1": C.STREET,
            "Address 2": C.STREET_2,
            "Address2": C.STREET_2,
            "City": C.CITY,
            "State": C.REGION,
            "Zip": C.POSTCODE,
            "Country": C.COUNTRY,
            "Comments": C.NOTES,
            "Company": C.COMPANY,
            "Account Number": C.CODE,
            "Tax ID": C.TAX_ID,
        }
    ),
)

ODOO = Layout(
    "Odoo",
    (
        signature("Name", "Street", "Street2", "Zip", "City", "Country"),
        signature("Nom", "Rue", "Code postal", "Ville", "Pays"),
        signature("Name", "Straße", "PLZ", "Land"),
        signature("name", "street", "zip", "country_id"),
    ),
    keyed(
        {
            # Contacts exported with English labels
            "Name": C.NAME,
            "Company Name": C.COMPANY,
            "Phone": C.PHONE,
            "Mobile": C.MOBILE,
            "Email": C.EMAIL,
            "Street": C.STREET,
            "Street2": C.STREET_2,
            "Zip": C.POSTCODE,
            "City": C.CITY,
            "State": C.REGION,
            "Country": C.COUNTRY,
            "Tax ID": C.TAX_ID,
            "VAT": C.TAX_ID,
            "TIN": C.TAX_ID,
            "Reference": C.CODE,
            "Notes": C.NOTES,
            "Internal Notes": C.NOTES,
            "Active": C.ACTIVE,
            "Total Receivable": C.BALANCE,
            # French
            "Nom": C.NAME,
            "Nom de la société": C.COMPANY,
            "Téléphone": C.PHONE,
            "Courriel": C.EMAIL,
            "E-mail": C.EMAIL,
            "Rue": C.STREET,
            "Rue 2": C.STREET_2,
            "Rue2": C.STREET_2,
            "Code postal": C.POSTCODE,
            "Ville": C.CITY,
            "État": C.REGION,
            "Région": C.REGION,
            "Pays": C.COUNTRY,
            "N° TVA": C.TAX_ID,
            "Numéro de TVA": C.TAX_ID,
            "Identifiant fiscal": C.TAX_ID,
            "NIF": C.TAX_ID,
            "Référence": C.CODE,
            "Actif": C.ACTIVE,
            "Total à recevoir": C.BALANCE,
            # German
            "Firmenname": C.COMPANY,
            "Telefon": C.PHONE,
            "Mobil": C.MOBILE,
            "Straße": C.STREET,
            "Straße2": C.STREET_2,
            "Straße 2": C.STREET_2,
            "PLZ": C.POSTCODE,
            "Stadt": C.CITY,
            "Ort": C.CITY,
            "Bundesland": C.REGION,
            "Land": C.COUNTRY,
            "USt-IdNr.": C.TAX_ID,
            "USt-ID": C.TAX_ID,
            "Steuernummer": C.TAX_ID,
            "Referenz": C.CODE,
            "Notizen": C.NOTES,
            "Aktiv": C.ACTIVE,
            "Forderungen gesamt": C.BALANCE,
            # Technical field names ("export all fields", import-compatible export)
            "company_name": C.COMPANY,
            "street2": C.STREET_2,
            "state_id": C.REGION,
            "country_id": C.COUNTRY,
            "vat": C.TAX_ID,
            "ref": C.CODE,
            "comment": C.NOTES,
            "credit": C.BALANCE,
        }
    ),
)

FRAPPE_BOOKS = Layout(
    "Frappe Books",
    (
        signature("Name", "Role", "Outstanding Amount"),
        signature("Name", "Role", "Default Account"),
    ),
    keyed(
        {
            "Name": C.NAME,
            "Email": C.EMAIL,
            "Phone": C.PHONE,
            "Address": C.ADDRESS,
            "Tax ID": C.TAX_ID,
            "GSTIN No.": C.TAX_ID,
            "Outstanding Amount": C.BALANCE,
            "Currency": C.CURRENCY,
        }
    ),
    key_row_prefixes=("Party.",),
)

ERPNEXT = Layout(
    "ERPNext",
    (
        signature("Customer Name", "Customer Type", "Customer Group"),
        signature("customer_name", "customer_type", "customer_group"),
    ),
    keyed(
        {
            "Customer Name": C.NAME,
            "Mobile No": C.PHONE,
            "Email Id": C.EMAIL,
            "Tax ID": C.TAX_ID,
            "Primary Address": C.ADDRESS,
            "Customer Details": C.NOTES,
            "Disabled": C.ACTIVE,  # read inverted
            "Credit Limit": C.CREDIT_LIMIT,
            # technical names
            "mobile_no": C.PHONE,
            "email_id": C.EMAIL,
            "tax_id": C.TAX_ID,
            "primary_address": C.ADDRESS,
            "customer_details": C.NOTES,
            "credit_limit": C.CREDIT_LIMIT,
        }
    ),
)

LOYVERSE = Layout(
    "Loyverse",
    (
        signature("Customer name", "Customer code", "Total visits"),
        signature("Customer name", "Customer code", "Points balance"),
    ),
    keyed(
        {
            "Customer name": C.NAME,
            "Email": C.EMAIL,
            "Phone": C.PHONE,
            "Address": C.ADDRESS,
            "City": C.CITY,
            "Region": C.REGION,
            "Postal code": C.POSTCODE,
            "Country": C.COUNTRY,
            "Customer code": C.CODE,
            "Note": C.NOTES,
        }
    ),
)

SQUARE = Layout(
    "Square",
    (
        signature("First Name", "Last Name", "Email Address", "Street Address 1"),
        signature("Square Customer ID", "Email Address"),
    ),
    keyed(
        {
            "First Name": C.FIRST_NAME,
            "Last Name": C.LAST_NAME,
            "Email Address": C.EMAIL,
            "Phone Number": C.PHONE,
            "Company Name": C.COMPANY,
            "Street Address 1": C.STREET,
            "Street Address 2": C.STREET_2,
            "City": C.CITY,
            "State": C.REGION,
            "Postal Code": C.POSTCODE,
            "Country": C.COUNTRY,
            "Reference ID": C.CODE,
            "Memo": C.NOTES,
        }
    ),
)

SHOPIFY = Layout(
    "Shopify",
    (
        signature("First Name", "Last Name", "Email", "Address1", "Province", "Total Spent"),
        signature("First Name", "Last Name", "Email", "Default Address Address1", "Total Spent"),
    ),
    keyed(
        {
            "First Name": C.FIRST_NAME,
            "Last Name": C.LAST_NAME,
            "Email": C.EMAIL,
            "Company": C.COMPANY,
            "Address1": C.STREET,
            "Address2": C.STREET_2,
            "City": C.CITY,
            "Province": C.REGION,
            "Province Code": C.REGION,  # when only the code is given
            "Country": C.COUNTRY,
            "Country Code": C.COUNTRY,
            "Zip": C.POSTCODE,
            "Phone": C.PHONE,
            "Note": C.NOTES,
            # The export since 2023 names the default address's fields
            "Default Address Company": C.COMPANY,
            "Default Address Address1": C.STREET,
            "Default Address Address2": C.STREET_2,
            "Default Address City": C.CITY,
            "Default Address Province Code": C.REGION,
            "Default Address Country Code": C.COUNTRY,
            "Default Address Zip": C.POSTCODE,
            "Default Address Phone": C.MOBILE,
        }
    ),
)

# The Customers report of WooCommerce Analytics, downloaded as CSV.
WOOCOMMERCE = Layout(
    "WooCommerce",
    (signature("Name", "Username", "Email", "Total spend", "AOV"),),
    keyed(
        {
            "Name": C.NAME,
            "Email": C.EMAIL,
            "Country / Region": C.COUNTRY,
            "Country": C.COUNTRY,
            "City": C.CITY,
            "Region": C.REGION,
            "Postal code": C.POSTCODE,
        }
    ),
)

VEND = Layout(
    "Vend",
    (
        signature("customer_code", "first_name", "last_name", "company_name"),
        signature("customer_code", "physical_address1"),
        signature("customer_code", "physical_address_1"),
    ),
    keyed(
        {
            "customer_code": C.CODE,
            "first_name": C.FIRST_NAME,
            "last_name": C.LAST_NAME,
            "company_name": C.COMPANY,
            "email": C.EMAIL,
            "phone": C.PHONE,
            "mobile": C.MOBILE,
            "physical_address1": C.STREET,
            "physical_address_1": C.STREET,
            "physical_address2": C.STREET_2,
            "physical_address_2": C.STREET_2,
            "physical_suburb": C.STREET_2,
            "physical_city": C.CITY,
            "physical_postcode": C.POSTCODE,
            "physical_state": C.REGION,
            "physical_country_id": C.COUNTRY,
            "note": C.NOTES,
            "balance": C.BALANCE,  # negative while the customer owes: read turned round
        }
    ),
)

UNICENTA = Layout(
    "uniCenta",
    (
        signature("searchkey", "taxid", "curdebt"),
        signature("searchkey", "maxdebt", "firstname"),
    ),
    keyed(
        {
            "searchkey": C.CODE,
            "taxid": C.TAX_ID,
            "name": C.NAME,
            "address": C.ADDRESS,
            "address2": C.STREET_2,
            "postal": C.POSTCODE,
            "city": C.CITY,
            "region": C.REGION,
            "country": C.COUNTRY,
            "firstname": C.FIRST_NAME,
            "lastname": C.LAST_NAME,
            "email": C.EMAIL,
            "phone": C.PHONE,
            "phone2": C.MOBILE,
            "notes": C.NOTES,
            "visible": C.ACTIVE,
            "maxdebt": C.CREDIT_LIMIT,
            "curdebt": C.BALANCE,
        }
    ),
)

# Duka's own export, so a file moved between two shops is named as such.
DUKA = Layout(
    "Duka",
    (signature(*(c.value for c in list(Column)[:11])),),
    {header_key(c.value): c for c in list(Column)[:11]},
)

LAYOUTS: tuple[Layout[Column], ...] = (
    OPENSOURCEPOS,
    ODOO,
    FRAPPE_BOOKS,
    ERPNEXT,
    LOYVERSE,
    SQUARE,
    SHOPIFY,
    WOOCOMMERCE,
    VEND,
    UNICENTA,
    DUKA,
)

# Systems whose balance is negative while the customer owes the shop.
OWED_NEGATIVE = frozenset({VEND.system})

# Frappe Books keeps customers and suppliers as parties: a party whose role is only
# "Supplier" is not a customer (and what it is owed is the shop's debt, not theirs).
ROLE = {FRAPPE_BOOKS.system: (header_key("Role"), frozenset({"supplier"}))}
