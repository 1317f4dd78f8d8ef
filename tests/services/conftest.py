"""Shops the service tests share."""

from decimal import Decimal

import pytest

from duka.core import settings as spec
from duka.core.tax import TaxRate
from duka.services.shop import Shop


@pytest.fixture
def shop_with_kenyan_rates(kenya_shop: Shop) -> Shop:
    """The Kenyan test shop with VAT 16%, a zero rate and an exempt one."""
    kenya_shop.settings.save(
        {
            spec.TAX_RATES.key: (
                TaxRate("S", "VAT 16%", Decimal(16)),
                TaxRate("Z", "VAT 0%", Decimal(0)),
                TaxRate("E", "Exempt", Decimal(0), True),
            )
        }
    )
    return kenya_shop
