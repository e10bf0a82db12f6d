"""Values stated in text: dates, numbers, percentages and ranges of them.

- ``model``: the typed values (``Date``, ``Quantity``, ``Range``), their one parser ``parse`` and one
  printer (``str``); the printed string is the stored and serialized form.
- ``extract``: every value in a sentence (regex passes over folded text, dateparser for month names).
- ``dates``: calendar arithmetic (Solar Hijri years, 'two months after').
- ``compare``: ``values_agree``, the one test that two values state the same fact.
- ``display``: the reader's form in English, Arabic or Persian.
"""

from rag.values.compare import agree, values_agree
from rag.values.dates import count_unit, shift_date
from rag.values.display import display_value
from rag.values.extract import extract_values
from rag.values.model import (
    Date,
    Parsed,
    Quantity,
    Range,
    calendar_date,
    date_bounds,
    has_month,
    is_month_only,
    is_range,
    parse,
    range_end,
)

__all__ = [
    "Date", "Parsed", "Quantity", "Range", "agree", "calendar_date", "count_unit", "date_bounds", "display_value", "extract_values",
    "has_month", "is_month_only", "is_range", "parse", "range_end", "shift_date", "values_agree",
]
