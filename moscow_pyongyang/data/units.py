"""Unit words of the datasets that mean money, and the multiplier each stands for (the one place for them).

A figure whose ``unit`` is one of these words is money and needs a ``currency`` (checked by the loader); the
charts scale it by the multiplier (``"million"`` -> 1e6). Every other unit (percent, tonnes, persons …) is not money
and has no currency. The allowed units themselves are the ``unit`` enum in ``data/datapackage.json``.
"""

from __future__ import annotations

MONEY_SCALES: dict[str, float] = {"one": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def is_money(unit: str) -> bool:
    """True when ``unit`` is a money scale word (``"million"``), so the figure needs a currency."""
    return unit in MONEY_SCALES
