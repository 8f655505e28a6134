"""Cells of the CSV files staff download and open in a spreadsheet."""

# What a spreadsheet would take for the start of a formula, and run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value):
    """``value`` as text that a spreadsheet shows and never runs: text starting like a formula
    gets an apostrophe in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
