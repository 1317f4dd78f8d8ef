"""Variants: one product in several sizes, colours, flavours... each sold, stocked and
counted as a product of its own.

A parent product holds the options (their names and values, in any script); its grid is
every combination of one value of each option. A variant is an ordinary product (its own
code, barcodes, price, cost and stock) that names its parent and its values. The parent is
never sold or stocked itself: the till offers its variants.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from duka.core.barcodes import Barcode
from duka.core.errors import Conflict, InvalidInput
from duka.core.money import Money, check_bounds
from duka.core.products import MAX_NAME, MAX_SKU, ProductDraft, clean_name
from duka.core.quantity import Quantity
from duka.i18n import N_, Lazy, N_plural

MAX_OPTIONS = 3  # size, colour and one more: a fourth multiplies a grid past reading
MAX_VALUES = 60  # values of one option
MAX_VARIANTS = 500  # of one product
MAX_VALUE = 40  # characters of an option's name or value
# Written between options, values and names in a file's `options` column
# ("Size=S|M|L; Colour=Red|Blue"), so they cannot be inside a name or value.
OPTION_SEPARATOR = "; "
VALUE_MARK = "="
VALUE_SEPARATOR = "|"
_RESERVED = frozenset(";=|")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_TOO_MANY = N_plural(
    "These options make {count} variant; a product can have at most {limit}.",
    "These options make {count} variants; a product can have at most {limit}.",
)


@dataclass(frozen=True, slots=True)
class VariantOption:
    """One option of a product ("Size") and its values in the order shown ("S", "M")."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VariantDraft:
    """One variant as the grid proposes it and the person edits it before saving.
    `price` None follows the parent's price (and keeps following it)."""

    values: tuple[str, ...]
    sku: str | None
    barcodes: tuple[Barcode, ...] = ()
    price: Money | None = None
    cost: Money | None = None  # None: the parent's
    stock: Quantity = Quantity(0)  # noqa: RUF009 - an immutable value; opening stock


def _clean_word(text: str, what: str) -> str:
    word = " ".join(text.split())
    if not word:
        raise InvalidInput(N_("{what} cannot be empty."), field="options", what=Lazy(what))
    if len(word) > MAX_VALUE:
        raise InvalidInput(
            N_("“{text}” is too long for an option (at most {limit} characters)."),
            field="options",
            text=word,
            limit=MAX_VALUE,
        )
    if _RESERVED & set(word):
        raise InvalidInput(
            N_("“{text}” has one of the characters ; = | which options cannot hold."),
            field="options",
            text=word,
        )
    return word


def clean_options(options: Sequence[VariantOption]) -> tuple[VariantOption, ...]:
    """The options tidied and checked: 1 to 3 options with different names, each with
    different values, and no more than MAX_VARIANTS combinations."""
    kept = [o for o in options if o.name.strip() or any(v.strip() for v in o.values)]
    if not kept:
        raise InvalidInput(
            N_("A product with variants needs at least one option."), field="options"
        )
    if len(kept) > MAX_OPTIONS:
        raise InvalidInput(
            N_("A product can have at most {limit} options."), field="options", limit=MAX_OPTIONS
        )
    names: set[str] = set()
    cleaned: list[VariantOption] = []
    for option in kept:
        name = _clean_word(option.name, N_("An option's name"))
        if name.casefold() in names:
            raise InvalidInput(
                N_("The option “{name}” is there twice."), field="options", name=name
            )
        names.add(name.casefold())
        values: list[str] = []
        seen: set[str] = set()
        for value in option.values:
            if not value.strip():
                continue
            word = _clean_word(value, N_("A value"))
            if word.casefold() in seen:
                raise InvalidInput(
                    N_("The option “{name}” has the value “{value}” twice."),
                    field="options",
                    name=name,
                    value=word,
                )
            seen.add(word.casefold())
            values.append(word)
        if not values:
            raise InvalidInput(
                N_("The option “{name}” needs at least one value."), field="options", name=name
            )
        if len(values) > MAX_VALUES:
            raise InvalidInput(
                N_("An option can have at most {limit} values."), field="options", limit=MAX_VALUES
            )
        cleaned.append(VariantOption(name, tuple(values)))
    count = 1
    for option in cleaned:
        count *= len(option.values)
    if count > MAX_VARIANTS:
        singular, plural = _TOO_MANY
        refusal = InvalidInput(singular, field="options", count=count, limit=MAX_VARIANTS)
        raise refusal.counted(plural)
    return tuple(cleaned)


def combinations(options: Sequence[VariantOption]) -> list[tuple[str, ...]]:
    """Every combination of one value of each option, the first option changing slowest."""
    return list(itertools.product(*(o.values for o in options)))


def variant_name(parent_name: str, values: Sequence[str]) -> str:
    """ "T-shirt (M / Red)": the parenthesis sorts a product's variants right after it."""
    return f"{parent_name} ({' / '.join(values)})"


def variant_sku(parent_sku: str | None, values: Sequence[str]) -> str | None:
    """PARENT-M-RED: the parent's code and each value in capitals, without spaces and
    punctuation (letters of every script kept); None when the parent has no code. Values
    are shortened when the code would be too long (a clash is then refused by `check_grid`)."""
    if not parent_sku:
        return None
    parts = [_NOT_WORD.sub("", value).upper() or "X" for value in values]
    code = "-".join([parent_sku, *parts])
    if len(code) > MAX_SKU:
        room = max(1, (MAX_SKU - len(parent_sku) - len(parts)) // max(1, len(parts)))
        code = "-".join([parent_sku, *(part[:room] for part in parts)])
    return code[:MAX_SKU]


def plan_grid(parent: ProductDraft, options: Sequence[VariantOption]) -> list[VariantDraft]:
    """The variants a grid makes, before the person edits them: each combination with a
    code made from the parent's, following the parent's price and cost."""
    return [
        VariantDraft(values=values, sku=variant_sku(parent.sku, values))
        for values in combinations(options)
    ]


def missing_variants(
    parent_sku: str | None, options: Sequence[VariantOption], have: Collection[tuple[str, ...]]
) -> list[VariantDraft]:
    """The combinations no variant has yet (an option got a new value)."""
    folded = {tuple(v.casefold() for v in values) for values in have}
    return [
        VariantDraft(values=values, sku=variant_sku(parent_sku, values))
        for values in combinations(options)
        if tuple(v.casefold() for v in values) not in folded
    ]


def variant_product(parent: ProductDraft, variant: VariantDraft) -> ProductDraft:
    """The product a variant is: the parent's name with its values, its unit, tax and
    category, and its own code, barcodes, price and cost."""
    name = variant_name(parent.name, variant.values)
    if len(name) > MAX_NAME:
        clean_name(name, N_("A variant's name"))  # says it is too long
    return ProductDraft(
        name=name,
        sell_price=variant.price if variant.price is not None else parent.sell_price,
        cost_price=variant.cost if variant.cost is not None else parent.cost_price,
        unit=parent.unit,
        tax_code=parent.tax_code,
        sku=variant.sku,
        barcodes=variant.barcodes,
        category=parent.category,
        reorder_level=parent.reorder_level,
        price_asked=parent.price_asked,
    )


def check_grid(
    parent: ProductDraft,
    options: Sequence[VariantOption],
    variants: Sequence[VariantDraft],
    taken_skus: Collection[str] = (),
    taken_codes: Collection[str] = (),
) -> list[VariantDraft]:
    """The variants checked against their options, each other and the shop's codes
    (`taken_skus`, `taken_codes`): a clash is refused before anything is written."""
    if not variants:
        raise InvalidInput(N_("Choose at least one variant to make."), field="options")
    allowed = [{v.casefold(): v for v in o.values} for o in options]
    combos: set[tuple[str, ...]] = set()
    skus: dict[str, tuple[str, ...]] = {}
    if parent.sku:
        skus[parent.sku.casefold()] = ()
    codes: dict[str, tuple[str, ...]] = {}
    checked: list[VariantDraft] = []
    for variant in variants:
        if len(variant.values) != len(options) or any(
            value.casefold() not in choices
            for value, choices in zip(variant.values, allowed, strict=False)
        ):
            raise InvalidInput(
                N_("“{values}” is not a combination of this product's options."),
                field="options",
                values=" / ".join(variant.values),
            )
        values = tuple(
            choices[value.casefold()]
            for value, choices in zip(variant.values, allowed, strict=True)
        )
        label = " / ".join(values)
        key = tuple(v.casefold() for v in values)
        if key in combos:
            raise Conflict(N_("The variant {variant} is there twice."), variant=label)
        combos.add(key)
        sku = " ".join((variant.sku or "").split()) or None
        if sku is not None:
            if len(sku) > MAX_SKU:
                raise InvalidInput(
                    N_("A product code has at most {limit} characters."),
                    field="sku",
                    limit=MAX_SKU,
                )
            other = skus.get(sku.casefold())
            if other is not None:
                raise Conflict(
                    N_("The variants {first} and {second} would both have the code “{sku}”.")
                    if other
                    else N_("The variant {second} would have the product's own code “{sku}”."),
                    first=" / ".join(other),
                    second=label,
                    sku=sku,
                )
            if sku in taken_skus:
                raise Conflict(
                    N_("The variant {variant} would have the code “{sku}”, which another "
                       "product has."),
                    variant=label,
                    sku=sku,
                )  # fmt: skip
            skus[sku.casefold()] = values
        barcodes = tuple(barcode.checked() for barcode in variant.barcodes)
        for barcode in barcodes:
            other = codes.get(barcode.code)
            if other is not None:
                raise Conflict(
                    N_("The variants {first} and {second} would both have the barcode {code}."),
                    first=" / ".join(other),
                    second=label,
                    code=barcode.code,
                )
            if barcode.code in taken_codes:
                raise Conflict(
                    N_("The variant {variant} would have the barcode {code}, which another "
                       "product has."),
                    variant=label,
                    code=barcode.code,
                )  # fmt: skip
            codes[barcode.code] = values
        for money in (variant.price, variant.cost):
            if money is not None:
                if money.minor < 0:
                    raise InvalidInput(N_("A price cannot be negative."), field="price")
                if money.currency != parent.sell_price.currency:
                    raise InvalidInput(N_("Prices must be in the shop's currency."), field="price")
                check_bounds(money, "price")
        if variant.stock.milli < 0:
            raise InvalidInput(N_("The opening stock cannot be negative."), field="opening_stock")
        checked.append(replace(variant, values=values, sku=sku, barcodes=barcodes))
    return checked


# -- how options are kept and written --------------------------------------------------------


def options_json(options: Sequence[VariantOption]) -> str:
    """A parent's options as kept in its row."""
    return json.dumps([[o.name, list(o.values)] for o in options], ensure_ascii=False)


def options_from_json(text: str) -> tuple[VariantOption, ...]:
    if not text:
        return ()
    return tuple(
        VariantOption(str(name), tuple(map(str, values))) for name, values in json.loads(text)
    )


def values_json(values: Sequence[str]) -> str:
    """A variant's values as kept in its row: with its parent, unique in the schema, so the
    values are kept folded the same way every time (as written, in option order)."""
    return json.dumps(list(values), ensure_ascii=False)


def values_from_json(text: str) -> tuple[str, ...]:
    return tuple(map(str, json.loads(text))) if text else ()


def options_text(options: Sequence[VariantOption]) -> str:
    """ "Size=S|M|L; Colour=Red|Blue": a parent's options in a file."""
    return OPTION_SEPARATOR.join(
        f"{o.name}{VALUE_MARK}{VALUE_SEPARATOR.join(o.values)}" for o in options
    )


def values_text(options: Sequence[VariantOption], values: Sequence[str]) -> str:
    """ "Size=M; Colour=Red": a variant's values in a file."""
    return OPTION_SEPARATOR.join(
        f"{o.name}{VALUE_MARK}{value}" for o, value in zip(options, values, strict=False)
    )


def parse_options_text(text: str) -> tuple[VariantOption, ...]:
    """Read `options_text` (or `values_text`: one value an option) back."""
    found: list[VariantOption] = []
    for part in text.split(OPTION_SEPARATOR.strip()):
        if not part.strip():
            continue
        name, mark, values = part.partition(VALUE_MARK)
        if not mark:
            raise InvalidInput(
                N_("Options are written as Size=S|M|L; Colour=Red|Blue, not “{text}”."),
                field="options",
                text=part.strip(),
            )
        found.append(VariantOption(name, tuple(values.split(VALUE_SEPARATOR))))
    return clean_options(found) if found else ()


@dataclass(frozen=True, slots=True)
class VariantLine:
    """One variant of a product as its family lists it."""

    id: int
    values: tuple[str, ...]
    name: str
    sku: str | None
    barcode: str | None
    price: Money
    follows: bool  # its price is the parent's
    stock: Quantity
    active: bool


@dataclass(frozen=True, slots=True)
class VariantFamily:
    """A parent product, its options and its variants."""

    parent_id: int
    name: str
    options: tuple[VariantOption, ...]
    variants: tuple[VariantLine, ...]

    def active(self) -> tuple[VariantLine, ...]:
        return tuple(v for v in self.variants if v.active)
