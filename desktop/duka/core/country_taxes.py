"""What a new shop's country proposes: its usual tax rates and mobile-money services.

The owner sees the proposal in the first-run dialog and confirms or edits it; nothing here is
applied without that. The currency comes from CLDR (core.currency); it is repeated in the
table so that a test holds the two together.

Source: the rates each country's tax authority publishes, as the OECD's "Consumption Tax
Trends" (VAT/GST rates table) and PwC's "Worldwide Tax Summaries" summarise them; mobile money
from the GSMA's "State of the Industry Report on Mobile Money". Compiled in December 2026 from
those summaries as known then, not re-read entry by entry, which is why every entry is only a
proposal the owner confirms. The 2026 changes were checked against their announcements: Ghana's
VAT reform (20% with NHIL and GETFund, the COVID-19 levy abolished, 2026 budget), Russia 22%
from 1 January 2026, Viet Nam's 8% extended to 31 December 2026, Fiji 12.5% since 1 August
2025. Standard rate first, then the usual reduced rates, then 0% where the law has a zero rate,
then "exempt" where it exempts supplies. Where the rate depends on the state or province (USA,
Canada, Brazil), a note says so and the rates are only a start.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from duka.core.currency import territory_currency
from duka.core.tax import TaxRate
from duka.core.territory import check_country
from duka.i18n import N_, _

# Notes shown under the proposed rates (catalog strings).
NO_SALES_TAX = N_(
    "There is no VAT or sales tax on most shop sales here: none is proposed. Add a rate if "
    "one applies to your shop."
)
US_STATES = N_(
    "Sales tax depends on the state, county and city: none is proposed. Add the rate your "
    "state's tax office gives for your address."
)
BY_PROVINCE = N_("The rate depends on the province: keep only the rates that apply to your shop.")
BY_STATE = N_(
    "The rate depends on the state and on the shop's tax regime: check it with your accountant."
)


@dataclass(frozen=True, slots=True)
class CountryTax:
    """One country's entry: `rates` are "PERCENT" or "NAME:PERCENT" (a rate with its own
    tax name, as Canada's HST), the standard first; `exempt` adds an exempt rate."""

    currency: str
    tax: str  # the tax's usual short name on receipts: VAT, GST, TVA, IVA...
    rates: tuple[str, ...]
    exempt: bool
    mobile_money: tuple[str, ...]
    note: str = ""


def _c(
    currency: str,
    tax: str,
    rates: str,
    mobile: tuple[str, ...] = (),
    *,
    exempt: bool = True,
    note: str = "",
) -> CountryTax:
    return CountryTax(currency, tax, tuple(rates.split()), exempt, mobile, note)


_WEST_AFRICA = ("Orange Money", "Moov Money", "Wave")

# fmt: off
COUNTRY_TAXES: dict[str, CountryTax] = {
    # East Africa
    "KE": _c("KES", "VAT", "16 0", ("M-Pesa", "Airtel Money")),
    "TZ": _c("TZS", "VAT", "18 0", ("M-Pesa", "Airtel Money", "Mixx by Yas", "HaloPesa")),
    "UG": _c("UGX", "VAT", "18 0", ("MTN MoMo", "Airtel Money")),
    "RW": _c("RWF", "VAT", "18 0", ("MTN MoMo", "Airtel Money")),
    "BI": _c("BIF", "TVA", "18 10 0", ("Lumicash", "EcoCash")),
    "CD": _c("CDF", "TVA", "16 8 0", ("M-Pesa", "Airtel Money", "Orange Money")),
    "ZM": _c("ZMW", "VAT", "16 0", ("MTN MoMo", "Airtel Money")),
    "MW": _c("MWK", "VAT", "16.5 0", ("Airtel Money", "TNM Mpamba")),
    "ZW": _c("USD", "VAT", "15.5 0", ("EcoCash", "OneMoney")),
    "MG": _c("MGA", "TVA", "20 0", ("MVola", "Orange Money", "Airtel Money")),
    "MU": _c("MUR", "VAT", "15 0", ("my.t money", "Juice")),
    "SC": _c("SCR", "VAT", "15 0"),
    "SO": _c("SOS", "Sales tax", "5", ("EVC Plus", "Zaad", "Sahal")),
    "DJ": _c("DJF", "TVA", "10 0", ("D-Money", "Waafi")),
    "ER": _c("ERN", "VAT", "", exempt=False, note=NO_SALES_TAX),
    "KM": _c("KMF", "TC", "10 0", ("Huri Money",)),
    # West and Central Africa
    "NG": _c("NGN", "VAT", "7.5 0", ("OPay", "PalmPay", "Moniepoint")),
    "GH": _c("GHS", "VAT", "20 0", ("MTN MoMo", "Telecel Cash", "AT Money")),  # VAT 15 +
    # NHIL 2.5 + GETFund 2.5 on the same base since the 2026 VAT reform (COVID levy gone)
    "SN": _c("XOF", "TVA", "18 10 0", ("Wave", "Orange Money", "Free Money")),
    "CI": _c("XOF", "TVA", "18 9 0", ("Orange Money", "MTN MoMo", "Wave", "Moov Money")),
    "ML": _c("XOF", "TVA", "18 5 0", _WEST_AFRICA),
    "BF": _c("XOF", "TVA", "18 0", _WEST_AFRICA),
    "NE": _c("XOF", "TVA", "19 5 0", ("Airtel Money", "Moov Money")),
    "BJ": _c("XOF", "TVA", "18 0", ("MTN MoMo", "Moov Money", "Celtiis Cash")),
    "TG": _c("XOF", "TVA", "18 10 0", ("Flooz", "Mixx by Yas")),
    "GN": _c("GNF", "TVA", "18 0", ("Orange Money", "MTN MoMo")),
    "CM": _c("XAF", "TVA", "19.25 0", ("MTN MoMo", "Orange Money")),  # 17.5 + 10% surcharge
    "GA": _c("XAF", "TVA", "18 10 5 0", ("Airtel Money", "Moov Money")),
    "CG": _c("XAF", "TVA", "18.9 5 0", ("MTN MoMo", "Airtel Money")),  # 18 + 5% surcharge
    "CF": _c("XAF", "TVA", "19 5 0", ("Orange Money",)),
    "TD": _c("XAF", "TVA", "18 9 0", ("Airtel Money", "Moov Money")),
    "GQ": _c("XAF", "IVA", "15 6 0"),
    "MR": _c("MRU", "TVA", "16 0", ("Bankily", "Masrivi")),
    "SL": _c("SLE", "GST", "15 0", ("Orange Money", "Africell Money")),
    "GM": _c("GMD", "VAT", "15 0", ("Wave", "QMoney")),
    # Southern Africa
    "ZA": _c("ZAR", "VAT", "15 0", ("SnapScan", "Zapper")),
    "BW": _c("BWP", "VAT", "14 0", ("Orange Money", "MyZaka")),
    # North Africa and the Middle East
    "EG": _c("EGP", "VAT", "14 5 0", ("Vodafone Cash", "InstaPay", "Orange Cash")),
    "MA": _c("MAD", "TVA", "20 10 0", ("Orange Money", "inwi money")),  # 7 and 14% rates
    # merged into 10 and 20% by the 2024 finance law, in steps ending in 2026
    "DZ": _c("DZD", "TVA", "19 9 0", ("BaridiMob",)),
    "TN": _c("TND", "TVA", "19 13 7 0", ("D17",)),
    "LY": _c("LYD", "VAT", "", exempt=False, note=NO_SALES_TAX),
    "SD": _c("SDG", "VAT", "17 0", ("Bankak",)),
    "SA": _c("SAR", "VAT", "15 0", ("STC Pay", "urpay")),
    "AE": _c("AED", "VAT", "5 0", ("Aani",)),
    "BH": _c("BHD", "VAT", "10 0", ("BenefitPay",)),
    "OM": _c("OMR", "VAT", "5 0"),
    "QA": _c("QAR", "VAT", "", exempt=False, note=NO_SALES_TAX),
    "KW": _c("KWD", "VAT", "", exempt=False, note=NO_SALES_TAX),
    "IQ": _c("IQD", "Sales tax", "", exempt=False, note=NO_SALES_TAX),
    "JO": _c("JOD", "GST", "16 10 4 0", ("CliQ",)),
    "LB": _c("LBP", "VAT", "11 0", ("Whish Money",)),
    "SY": _c("SYP", "VAT", "", exempt=False, note=NO_SALES_TAX),
    "YE": _c("YER", "GST", "5 0"),
    "PS": _c("ILS", "VAT", "16 0", ("PalPay", "Jawwal Pay")),
    "IL": _c("ILS", "VAT", "18 0", ("Bit", "PayBox")),
    "TR": _c("TRY", "KDV", "20 10 1 0"),
    "IR": _c("IRR", "VAT", "10 0"),
    # South Asia
    "IN": _c("INR", "GST", "18 5 40 0", ("UPI",)),  # GST 2.0 slabs, 22 September 2025
    "BD": _c("BDT", "VAT", "15 10 7.5 5", ("bKash", "Nagad", "Rocket")),
    "PK": _c("PKR", "GST", "18 0", ("JazzCash", "Easypaisa")),
    "NP": _c("NPR", "VAT", "13 0", ("eSewa", "Khalti", "Fonepay")),
    "LK": _c("LKR", "VAT", "18 0", ("LANKAQR", "eZ Cash")),
    # East and South-East Asia
    "ID": _c("IDR", "PPN", "11 12 0", ("QRIS", "GoPay", "OVO", "DANA")),  # 12% on 11/12
    # of the price (11% in effect) for all but luxury goods, since 2025
    "PH": _c("PHP", "VAT", "12 0", ("GCash", "Maya")),
    "VN": _c("VND", "VAT", "10 8 5 0", ("MoMo", "ZaloPay", "VNPay")),  # 8% until end 2026
    "TH": _c("THB", "VAT", "7 0", ("PromptPay", "TrueMoney")),
    "CN": _c("CNY", "VAT", "13 9 6 1 0", ("Alipay", "WeChat Pay")),  # 1%: small-scale
    "MY": _c("MYR", "SST", "10 5 Service-tax:8", ("DuitNow", "Touch 'n Go")),
    "SG": _c("SGD", "GST", "9 0", ("PayNow",)),
    # The Americas
    "US": _c("USD", "Sales tax", "", ("Venmo", "Cash App", "Zelle"), exempt=False,
             note=US_STATES),
    "CA": _c("CAD", "GST", "5 HST:13 HST:14 HST:15 GST+QST:14.975 0", ("Interac e-Transfer",),
             note=BY_PROVINCE),
    "MX": _c("MXN", "IVA", "16 8 0", ("CoDi", "Mercado Pago")),  # 8%: northern border
    "CO": _c("COP", "IVA", "19 5 0", ("Nequi", "Daviplata")),
    "PE": _c("PEN", "IGV", "18 0", ("Yape", "Plin")),  # IGV 16 + IPM 2
    "BR": _c("BRL", "ICMS", "18 12 7", ("Pix",), note=BY_STATE),
    "HT": _c("HTG", "TCA", "10 0", ("MonCash",)),
    "JM": _c("JMD", "GCT", "15 0", ("Lynk",)),
    "TT": _c("TTD", "VAT", "12.5 0"),
    # Europe
    "FR": _c("EUR", "TVA", "20 10 5.5 2.1 0", ("Wero",)),
    "MC": _c("EUR", "TVA", "20 10 5.5 2.1 0"),
    "BE": _c("EUR", "TVA", "21 12 6 0", ("Payconiq", "Wero")),
    "LU": _c("EUR", "TVA", "17 14 8 3 0"),
    "CH": _c("CHF", "TVA", "8.1 3.8 2.6 0", ("TWINT",)),
    "DE": _c("EUR", "MwSt", "19 7 0", ("Wero",)),
    "AT": _c("EUR", "USt", "20 13 10 0"),
    "NL": _c("EUR", "btw", "21 9 0", ("iDEAL | Wero",)),
    "IT": _c("EUR", "IVA", "22 10 5 4 0", ("Satispay",)),
    "ES": _c("EUR", "IVA", "21 10 4 0", ("Bizum",)),
    "PT": _c("EUR", "IVA", "23 13 6 0", ("MB WAY",)),
    "PL": _c("PLN", "VAT", "23 8 5 0", ("BLIK",)),
    "IE": _c("EUR", "VAT", "23 13.5 9 4.8 0"),
    "GB": _c("GBP", "VAT", "20 5 0"),
    "MT": _c("EUR", "VAT", "18 7 5 0"),
    "RU": _c("RUB", "НДС", "22 10 0", ("SBP",)),  # 22% since 1 January 2026
    # Oceania
    "AU": _c("AUD", "GST", "10 0", ("PayID",)),
    "NZ": _c("NZD", "GST", "15 0"),
    "FJ": _c("FJD", "VAT", "12.5 0", ("M-PAiSA", "MyCash")),
    "VU": _c("VUV", "VAT", "15 0"),
}
# fmt: on


@dataclass(frozen=True, slots=True)
class TaxProposal:
    """What the first-run dialog proposes for a country; empty where the table has none."""

    country: str
    currency: str | None
    rates: tuple[TaxRate, ...]
    mobile_money: tuple[str, ...]
    note: str  # a catalog string, or ""


def tax_rates(entry: CountryTax) -> tuple[TaxRate, ...]:
    """The entry's rates named in the language on screen: "VAT 16%", "VAT 0%", "Exempt".
    Codes are short and unique: S for the standard rate, R1, R2... reduced, Z zero, E exempt."""
    rates: list[TaxRate] = []
    reduced = 0
    for index, item in enumerate(entry.rates):
        name, _sep, percent_text = item.rpartition(":")
        percent = Decimal(percent_text)
        tax = name.replace("-", " ") or entry.tax
        if percent == 0:
            code = "Z"
        elif index == 0:
            code = "S"
        else:
            reduced += 1
            code = f"R{reduced}"
        rates.append(TaxRate(code, f"{tax} {percent_text}%", percent))
    if entry.exempt:
        rates.append(TaxRate("E", _("Exempt"), Decimal(0), exempt=True))
    return tuple(rates)


def propose(country: str) -> TaxProposal:
    """The rates, currency and mobile-money services proposed for `country`."""
    code = check_country(country)
    entry = COUNTRY_TAXES.get(code)
    if entry is None:
        return TaxProposal(code, territory_currency(code), (), (), "")
    return TaxProposal(code, entry.currency, tax_rates(entry), entry.mobile_money, entry.note)
