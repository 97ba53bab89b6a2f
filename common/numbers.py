"""Figures the Vietnamese way, whatever the page's language: 18.400 and 6,1%; "—" for none."""

from decimal import Decimal, InvalidOperation

EMPTY = "—"


def number(value, decimals=None):
    """18400 → "18.400"; 6.125 with decimals=1 → "6,1"; None or "" → "—". Without
    ``decimals``: none for a whole number, else one."""
    if value is None or value == "":
        return EMPTY
    try:
        value = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 1
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(value, decimals=1):
    """6.1 → "6,1%"; None → "—"."""
    text = number(value, decimals)
    return text if text == EMPTY else f"{text}%"
