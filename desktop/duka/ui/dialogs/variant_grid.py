"""The variant grid: a product's options (size, colour, flavour... named in any script) and
their values make every combination; the preview table shows each variant's code, barcode,
price, cost and opening stock, editable before saving. Saving makes the product and all its
variants at once, or, for a product that has variants, the ones its new values add. A grid
that would repeat a code or a barcode is refused with the reason, and nothing is written."""

from __future__ import annotations

import re

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Approvals, Permission
from duka.core.barcodes import Barcode, normalise_barcode
from duka.core.errors import InvalidInput
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.variants import (
    MAX_OPTIONS,
    VariantDraft,
    VariantFamily,
    VariantOption,
    clean_options,
    missing_variants,
    plan_grid,
)
from duka.i18n import N_, TranslatableError, _, ngettext
from duka.ui.amounts import amount_text, parse_money, parse_quantity
from duka.ui.approval import approved
from duka.ui.models.variant_grid import (
    BARCODE,
    COST,
    PRICE,
    SKU,
    STOCK,
    VARIANT,
    GridRow,
    VariantGridModel,
)
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog

# Values are typed one after another, separated by commas (Latin, Arabic or CJK) or "|".
_VALUES = re.compile(r"[,،、|]")


class VariantGridDialog(FittedDialog):
    """`family` None: a new product (`parent`) and its grid; else that product's grid, to
    which values may be added."""

    def __init__(
        self,
        state: AppState,
        parent_draft: ProductDraft,
        family: VariantFamily | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("variantGrid")
        self.state = state
        self.parent_draft = parent_draft
        self.family = family
        self.saved_id: int | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        options = QGridLayout()
        self.option_title = QLabel()
        self.values_title = QLabel()
        options.addWidget(self.option_title, 0, 0)
        options.addWidget(self.values_title, 0, 1)
        self.names: list[QLineEdit] = []
        self.values: list[QLineEdit] = []
        known = family.options if family is not None else ()
        for number in range(MAX_OPTIONS):
            name, values = QLineEdit(), QLineEdit()
            name.setObjectName(f"optionName{number + 1}")
            values.setObjectName(f"optionValues{number + 1}")
            name.setMaxLength(40)
            if number < len(known):
                name.setText(known[number].name)
                values.setText(", ".join(known[number].values))
            if family is not None:
                name.setReadOnly(True)  # values may be added; names stay
                if number >= len(known):
                    name.setEnabled(False)
                    values.setEnabled(False)
            name.textChanged.connect(self._later)
            values.textChanged.connect(self._later)
            options.addWidget(name, number + 1, 0)
            options.addWidget(values, number + 1, 1)
            self.names.append(name)
            self.values.append(values)
        options.setColumnStretch(1, 2)
        options.setColumnStretch(0, 1)
        self.count = QLabel()
        self.model = VariantGridModel(shows_costs=state.may(Permission.SEE_COSTS))
        self.model.parent_price = amount_text(state, parent_draft.sell_price)
        self.model.parent_cost = amount_text(state, parent_draft.cost_price)
        self.table = QTableView()
        self.table.setObjectName("variantTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(VARIANT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(COST, not state.may(Permission.SEE_COSTS))
        self.table.setColumnHidden(STOCK, not state.may(Permission.ADJUST_STOCK))
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(options)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.retranslate()
        self.refresh()
        self.resize(760, 520)
        (self.values[0] if family is not None else self.names[0]).setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Variants of {product}").format(product=self.parent_draft.name))
        self.intro.setText(
            _(
                "Name each option (size, colour, flavour...) and type its values separated by "
                "commas. Every combination becomes a variant with its own code, barcode, "
                "price and stock; an empty price or cost is the product's."
            )
            if self.family is None
            else _(
                "Add values after the ones an option has: the variants they make are listed "
                "below, and the others stay as they are."
            )
        )
        self.option_title.setText(_("Option"))
        self.values_title.setText(_("Values"))
        for number, (name, values) in enumerate(zip(self.names, self.values, strict=True)):
            name.setPlaceholderText((_("e.g. Size"), _("e.g. Colour"), _("e.g. Material"))[number])
            values.setPlaceholderText(
                (_("e.g. S, M, L, XL"), _("e.g. Red, Blue, Black"), "")[number]
            )
        self.model.retranslate()
        self._show_count()

    def _later(self) -> None:
        self._timer.start()

    def options(self) -> list[VariantOption]:
        return [
            VariantOption(name.text(), tuple(_VALUES.split(values.text())))
            for name, values in zip(self.names, self.values, strict=True)
            if name.text().strip() or values.text().strip()
        ]

    def refresh(self) -> None:
        """The preview for the options as typed (what was typed in a row is kept)."""
        self._timer.stop()
        self.error.clear()
        try:
            cleaned = clean_options(self.options())
        except TranslatableError as refused:
            if any(n.text().strip() for n in self.names):
                self.error.setText(refused.message)
            self.model.set_plan([])
            self._show_count()
            return
        if self.family is None:
            planned = plan_grid(self.parent_draft, cleaned)
        else:
            have = [v.values for v in self.family.variants]
            planned = missing_variants(self.parent_draft.sku, cleaned, have)
        self.model.set_plan(planned)
        self.table.resizeColumnsToContents()
        # Room to type a code and a barcode where the preview has none yet.
        for column, least in ((SKU, 120), (BARCODE, 140), (PRICE, 90), (COST, 90), (STOCK, 70)):
            self.table.setColumnWidth(column, max(least, self.table.columnWidth(column)))
        self._show_count()

    def _show_count(self) -> None:
        count = len(self.model.rows)
        text = (
            ngettext("{count} variant to make", "{count} variants to make", count)
            if self.family is None
            else ngettext("{count} new variant", "{count} new variants", count)
        )
        self.count.setText(text.format(count=self.state.formats.count(count)))

    def drafts(self) -> list[VariantDraft]:
        """The rows read in the shop's locale; a cell that cannot be read is named."""
        return [self._draft(row) for row in self.model.rows]

    def _draft(self, row: GridRow) -> VariantDraft:
        try:
            return VariantDraft(
                values=row.values,
                sku=row.sku or None,
                barcodes=(Barcode(normalise_barcode(row.barcode)),) if row.barcode else (),
                price=parse_money(self.state, row.price) if row.price else None,
                cost=parse_money(self.state, row.cost) if row.cost else None,
                stock=parse_quantity(self.state, row.stock) if row.stock else Quantity(0),
            )
        except TranslatableError as refused:
            raise InvalidInput(
                N_("{variant}: {reason}"),
                variant=" / ".join(isolate(v) for v in row.values),
                reason=refused.message,
            ) from refused

    def accept(self) -> None:
        self.refresh()
        if self.error.text():
            return
        variants = self.variants_service_args()
        if variants is None:
            return
        options, drafts = variants
        service = self.state.shop.variants
        family = self.family

        def save(given: Approvals) -> int:
            approval = given.get(Permission.MANAGE_PRODUCTS)
            if family is None:
                return service.create(self.parent_draft, options, drafts, approval)
            service.add_variants(family.parent_id, options, drafts, approval)
            return family.parent_id

        try:
            done = approved(
                self,
                self.state,
                save,
                asks=(Permission.MANAGE_PRODUCTS,),
                show_refusals=False,
            )
        except TranslatableError as refused:
            self.error.setText(refused.message)
            return
        if done is not None:
            self.saved_id = done.value
            super().accept()

    def variants_service_args(self) -> tuple[list[VariantOption], list[VariantDraft]] | None:
        try:
            return self.options(), self.drafts()
        except TranslatableError as refused:
            self.error.setText(refused.message)
            return None
