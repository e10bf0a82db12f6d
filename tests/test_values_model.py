"""The typed values: one parser, one printer, and the string form kept as the serialized form."""

from decimal import Decimal

import pytest

from rag.values import (
    Date,
    Quantity,
    Range,
    date_bounds,
    display_value,
    has_month,
    is_month_only,
    is_range,
    parse,
    range_end,
    values_agree,
)

CANONICAL = ["1992", "1992-04", "1992-04-07", "--03", "30000", "1.5", "1600000000", "69%", "0.5%",
             "1990/1999", "2021-11/2022-03", "60%/69%", "30000/40000"]


@pytest.mark.parametrize("text", CANONICAL)
def test_print_is_the_inverse_of_parse(text):
    assert str(parse(text)) == text


def test_parse_reads_each_form_as_its_type():
    assert parse("2023-03") == Date(2023, 3)
    assert parse("--03") == Date(None, 3)
    assert parse("69%") == Quantity(Decimal(69), percent=True)
    assert parse("1990/1999") == Range(Date(1990), Date(1999))
    assert parse("60%/69%") == Range(Quantity(Decimal(60), True), Quantity(Decimal(69), True))
    assert parse("Baku") is None and parse("") is None and parse("--03/2023") is None


def test_kind_settles_a_four_digit_number():
    assert parse("1600") == Date(1600)
    assert parse("1600", "number") == Quantity(Decimal(1600))
    assert display_value("1600", "number", "en") == "1,600"
    assert display_value("1600", "date", "en") == "1600"


def test_questions_about_a_value_are_answered_by_its_type():
    assert is_range("2016/2020") and not is_range("2016")
    assert is_month_only("--03") and not is_month_only("2023-03")
    assert has_month("2023-03") and has_month("1992-04-07") and not has_month("2023") and not has_month("--03")
    assert not has_month("1600000000")
    assert range_end("2016/2020") == "2020" and range_end("2023-03") == "2023-03"


def test_date_bounds_cover_the_stated_precision():
    assert date_bounds("2022-11") == ((2022, 11, 1), (2022, 11, 31))
    assert date_bounds("1990/1999") == ((1990, 1, 1), (1999, 12, 31))
    assert date_bounds("--03") is None and date_bounds("30000/40000") is None


@pytest.mark.parametrize("a,b,same", [
    ("1992", "1992-04-07", True), ("2016/2020", "2018", True), ("2023-03", "--03", True),
    ("1600000000", "1.6e9", True), ("1992", "1992.0", True), ("60%/69%", "65%", True),
    ("2022-11", "2023-03", False), ("2011/2016", "2016/2020", False), ("69%", "69", False),
    ("--03", "2023", False), ("--03", "1990/1999", False), ("Baku", "باکو", False), (" Baku", "Baku ", True),
])
def test_agreement_is_containment_at_any_precision(a, b, same):
    assert values_agree(a, b) is same and values_agree(b, a) is same
