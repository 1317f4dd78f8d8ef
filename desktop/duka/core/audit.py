"""The audit trail's vocabulary: which sensitive actions are recorded and how they read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from duka.i18n import N_


class AuditAction(Enum):
    """Stored by value; the label is what the Audit screen shows."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_LOCKED = "sign_in_locked"
    LOCKED = "locked"
    DENIED = "denied"
    APPROVAL = "approval"
    SETTING_CHANGED = "setting_changed"
    USER_ADDED = "user_added"
    USER_CHANGED = "user_changed"
    PIN_CHANGED = "pin_changed"
    PRODUCT_ADDED = "product_added"
    PRODUCT_CHANGED = "product_changed"
    SUPPLIER_CHANGED = "supplier_changed"
    GOODS_RECEIVED = "goods_received"
    SUPPLIER_PAID = "supplier_paid"
    STOCKTAKE = "stocktake"
    IMPORT = "import"
    PRICE_CHANGED = "price_changed"
    PRICE_LIST_CHANGED = "price_list_changed"
    COST_CHANGED = "cost_changed"
    STOCK_ADJUSTED = "stock_adjusted"
    CUSTOMER_ADDED = "customer_added"
    CUSTOMER_CHANGED = "customer_changed"
    ACCOUNT_PAYMENT = "account_payment"
    ACCOUNT_ADJUSTED = "account_adjusted"
    VOID = "void"
    SALE_CANCELLED = "sale_cancelled"
    REFUND = "refund"
    BACKUP = "backup"
    RESTORE = "restore"
    EXPORT = "export"
    DEMO = "demo"
    BRANCH_MADE = "branch_made"
    TRANSFER_SENT = "transfer_sent"
    TRANSFER_RECEIVED = "transfer_received"
    PURCHASE_ORDERED = "purchase_ordered"
    PURCHASE_ORDER_CANCELLED = "purchase_order_cancelled"
    SUPPLIER_RETURN = "supplier_return"
    MONEY_ACCOUNT_CHANGED = "money_account_changed"
    MONEY_MOVED = "money_moved"
    MONEY_RECONCILED = "money_reconciled"
    OWNER_MONEY = "owner_money"
    EXPENSE = "expense"
    EXPENSE_CATEGORY = "expense_category"
    RECURRING_EXPENSE = "recurring_expense"
    PROMOTION_CREATED = "promotion_created"
    PROMOTION_ENDED = "promotion_ended"
    PROMOTION_REMOVED = "promotion_removed"
    EXPIRED_SOLD = "expired_sold"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    AuditAction.PROMOTION_CREATED: N_("Promotion made"),
    AuditAction.PROMOTION_ENDED: N_("Promotion ended"),
    AuditAction.PROMOTION_REMOVED: N_("Promotion taken off a line"),
    AuditAction.SALE_CANCELLED: N_("Sale cancelled"),
    AuditAction.SIGN_IN: N_("Signed in"),
    AuditAction.SIGN_IN_FAILED: N_("Wrong PIN"),
    AuditAction.SIGN_IN_LOCKED: N_("Sign-in locked"),
    AuditAction.LOCKED: N_("Screen locked"),
    AuditAction.DENIED: N_("Refused"),
    AuditAction.APPROVAL: N_("Approved"),
    AuditAction.SETTING_CHANGED: N_("Setting changed"),
    AuditAction.USER_ADDED: N_("User added"),
    AuditAction.USER_CHANGED: N_("User changed"),
    AuditAction.PIN_CHANGED: N_("PIN changed"),
    AuditAction.PRODUCT_ADDED: N_("Product added"),
    AuditAction.PRODUCT_CHANGED: N_("Product changed"),
    AuditAction.SUPPLIER_CHANGED: N_("Supplier changed"),
    AuditAction.GOODS_RECEIVED: N_("Goods received"),
    AuditAction.SUPPLIER_PAID: N_("Supplier paid"),
    AuditAction.STOCKTAKE: N_("Stocktake"),
    AuditAction.IMPORT: N_("Import"),
    AuditAction.PRICE_CHANGED: N_("Price changed"),
    AuditAction.PRICE_LIST_CHANGED: N_("Price list changed"),
    AuditAction.COST_CHANGED: N_("Cost changed"),
    AuditAction.STOCK_ADJUSTED: N_("Stock adjusted"),
    AuditAction.CUSTOMER_ADDED: N_("Customer added"),
    AuditAction.CUSTOMER_CHANGED: N_("Customer changed"),
    AuditAction.ACCOUNT_PAYMENT: N_("Payment on account"),
    AuditAction.ACCOUNT_ADJUSTED: N_("Account adjusted"),
    AuditAction.VOID: N_("Voided"),
    AuditAction.REFUND: N_("Refund"),
    AuditAction.BACKUP: N_("Backup"),
    AuditAction.RESTORE: N_("Restore"),
    AuditAction.EXPORT: N_("Export"),
    AuditAction.DEMO: N_("Demo shop created"),
    AuditAction.BRANCH_MADE: N_("Branch made"),
    AuditAction.TRANSFER_SENT: N_("Stock sent to a branch"),
    AuditAction.TRANSFER_RECEIVED: N_("Stock received from a branch"),
    AuditAction.PURCHASE_ORDERED: N_("Purchase order"),
    AuditAction.PURCHASE_ORDER_CANCELLED: N_("Purchase order cancelled"),
    AuditAction.SUPPLIER_RETURN: N_("Goods returned to a supplier"),
    AuditAction.MONEY_ACCOUNT_CHANGED: N_("Money account changed"),
    AuditAction.MONEY_MOVED: N_("Money moved between accounts"),
    AuditAction.MONEY_RECONCILED: N_("Account reconciled"),
    AuditAction.OWNER_MONEY: N_("Owner's drawing or capital"),
    AuditAction.EXPENSE: N_("Expense recorded"),
    AuditAction.EXPENSE_CATEGORY: N_("Expense category added"),
    AuditAction.RECURRING_EXPENSE: N_("Monthly expense changed"),
    AuditAction.EXPIRED_SOLD: N_("Expired batch sold"),
}


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit trail: who did what to which subject, before and after."""

    id: int
    at: str  # ISO 8601, UTC
    user_id: int | None
    actor: str
    action: str  # an AuditAction value (kept as text: older files may hold others)
    subject: str
    before: str | None  # JSON
    after: str | None  # JSON
    approved_by: str | None  # the approver's name
    outcome: str  # "done" or "denied"

    @property
    def action_label(self) -> str:
        try:
            return AuditAction(self.action).label
        except ValueError:
            return self.action


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the audit trail screen is narrowed to (action, person, dates, words)."""

    action: str | None = None
    actor: str | None = None
    since: str | None = None  # ISO UTC, inclusive
    until: str | None = None  # ISO UTC, exclusive
    text: str | None = None  # found in the subject, before or after
