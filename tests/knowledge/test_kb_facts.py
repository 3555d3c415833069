from __future__ import annotations

import pytest

from callpilot.knowledge import (
    FactValue,
    format_value,
    is_money_attribute,
    parse_value,
    values_agree,
)

YEAR = 365.0
MONTH = 365.0 / 12


@pytest.mark.parametrize(
    ("text", "kind", "dimension", "numbers", "unit"),
    [
        ("3 years", "quantity", "duration", (3 * YEAR,), "day"),
        ("two-year", "quantity", "duration", (2 * YEAR,), "day"),
        ("twenty four months", "quantity", "duration", (24 * MONTH,), "day"),
        ("730 days", "quantity", "duration", (730.0,), "day"),
        ("2 weeks", "quantity", "duration", (14.0,), "day"),
        ("half an hour", "quantity", "duration", (0.5 / 24,), "day"),
        ("a year and a half", "quantity", "duration", (1.5 * YEAR,), "day"),
        ("two and a half years", "quantity", "duration", (2.5 * YEAR,), "day"),
        ("90 minutes", "quantity", "duration", (90 / 1440,), "day"),
        ("15 percent", "quantity", "percent", (15.0,), "percent"),
        ("15%", "quantity", "percent", (15.0,), "percent"),
        ("fifteen per cent", "quantity", "percent", (15.0,), "percent"),
        ("35 miles", "quantity", "distance", (35 * 1.609344,), "km"),
        ("6.4 kW", "quantity", "power", (6.4,), "kw"),
        ("13.5 kWh", "quantity", "energy", (13.5,), "kwh"),
        ("2", "number", "count", (2.0,), None),
        ("a hundred and fifty", "number", "count", (150.0,), None),
        ("one point five", "number", "count", (1.5,), None),
        ("12 or 24 months", "list", "duration", (YEAR, 2 * YEAR), "day"),
        ("12, 24 or 36 months", "list", "duration", (YEAR, 2 * YEAR, 3 * YEAR), "day"),
        ("twelve or twenty-four months", "list", "duration", (YEAR, 2 * YEAR), "day"),
        ("up to 60 months", "quantity", "duration", (60 * MONTH,), "day"),
    ],
)
def test_parse_value_reads_quantities_in_digits_and_words(
    text: str, kind: str, dimension: str, numbers: tuple[float, ...], unit: str | None
) -> None:
    value = parse_value(text)

    assert (value.kind, value.dimension, value.unit) == (kind, dimension, unit)
    assert value.numbers == pytest.approx(numbers)
    assert value.text == text


@pytest.mark.parametrize(
    ("text", "amount", "currency", "per"),
    [
        ("1499 USD", 1499.0, "USD", None),
        ("1,499 USD", 1499.0, "USD", None),
        ("$1,499", 1499.0, "USD", None),
        ("$1.5k", 1500.0, "USD", None),
        ("fifteen hundred dollars", 1500.0, "USD", None),
        ("two grand", 2000.0, "USD", None),
        ("49.99 USD per month", 49.99, "USD", "month"),
        ("$19 a month", 19.0, "USD", "month"),
        ("19 dollars monthly", 19.0, "USD", "month"),
        ("$120/year", 120.0, "USD", "year"),
        ("45 USD per foot", 45.0, "USD", "foot"),
        ("$3 per mile", 3.0, "USD", "mile"),
        ("EUR 20", 20.0, "EUR", None),
        ("\u20ac20", 20.0, "EUR", None),
        ("20 euros", 20.0, "EUR", None),
        ("\u00a35", 5.0, "GBP", None),
        ("5 pounds", 5.0, "GBP", None),
        ("12 GBP", 12.0, "GBP", None),
        ("99 cents", 0.99, "USD", None),
    ],
)
def test_parse_value_reads_prices_with_currency_and_period(
    text: str, amount: float, currency: str, per: str | None
) -> None:
    value = parse_value(text)

    assert value.kind == "price"
    assert value.dimension == "money"
    assert value.numbers == pytest.approx((amount,))
    assert (value.currency, value.per) == (currency, per)


def test_a_bare_number_is_a_price_only_in_money_context() -> None:
    assert parse_value("1.5k").kind == "number"
    assert parse_value("1.5k", money_context=True).numbers == (1500.0,)
    price = parse_value(1499, default_currency="EUR", money_context=True)
    assert (price.kind, price.currency) == ("price", "EUR")
    assert parse_value("fourteen ninety-nine", money_context=True).numbers == (1499.0,)
    assert parse_value(2).kind == "number"
    assert parse_value(2.5).numbers == (2.5,)


@pytest.mark.parametrize(
    "text",
    [
        "waived",
        "Monday to Saturday 7am to 7pm",
        "24/7",
        "month to month",
        "free",
        "",
        "3 years, 2 visits",
    ],
)
def test_anything_else_is_a_text_value(text: str) -> None:
    value = parse_value(text)

    assert value.kind == "text"
    assert value.numbers == ()
    assert value.dimension is None


def test_text_values_are_normalised_for_comparison() -> None:
    assert parse_value("Month-to-Month").normalized_text == "month to month"
    assert parse_value("24/7").normalized_text == "24 7"
    assert parse_value(True).text == "yes"


@pytest.mark.parametrize(
    ("kb", "said"),
    [
        ("2 years", "24 months"),
        ("2 years", "730 days"),
        ("2 years", "twenty four months"),
        ("3 years", "thirty-six months"),
        ("6 months", "26 weeks"),
        ("1 day", "24 hours"),
        ("4 hours", "four hours"),
        ("1499 USD", "$1,499"),
        ("1499 USD", "fourteen ninety-nine dollars"),
        ("1499 USD", "fifteen hundred bucks"),  # a rep rounding a price is not a misquote
        ("19 USD per month", "$19 a month"),
        ("19 USD per month", "228 dollars a year"),
        ("15 percent", "fifteen per cent"),
        ("12 or 24 months", "two years"),
        ("12 or 24 months", "twenty-four or twelve months"),
        ("35 miles", "about 56 km"),
        ("2", "two"),
        ("waived", "The fee is waived"),
    ],
)
def test_values_said_in_other_words_or_units_agree(kb: str, said: str) -> None:
    assert values_agree(parse_value(kb), parse_value(said)) is True


@pytest.mark.parametrize(
    ("kb", "said"),
    [
        ("3 years", "2 years"),
        ("3 years", "twenty four months"),
        ("1499 USD", "$1,999"),
        ("19 USD per month", "$29 a month"),
        ("19 USD per month", "$19 a year"),
        ("15 percent", "10%"),
        ("12 or 24 months", "18 months"),
        ("18 months", "twenty-four months"),
        ("2", "3"),
        ("4 hours", "three to five days"),
    ],
)
def test_different_numbers_in_the_same_dimension_contradict(kb: str, said: str) -> None:
    assert values_agree(parse_value(kb), parse_value(said)) is False


@pytest.mark.parametrize(
    ("kb", "said"),
    [
        ("3 years", "15 percent"),
        ("3 years", "1499 USD"),
        ("1499 USD", "20 euros"),
        ("1499 USD", "$19 a month"),  # a monthly figure against a total: another figure
        ("waived", "3 years"),
        ("3 years", "waived"),
        ("Monday to Saturday", "open weekends"),
        ("4 hours", "three to four hours"),  # hedged
        ("2 years", "3"),  # no unit: could be anything
    ],
)
def test_values_that_cannot_be_compared_give_none(kb: str, said: str) -> None:
    assert values_agree(parse_value(kb), parse_value(said)) is None


@pytest.mark.parametrize(
    ("attribute", "money"),
    [
        ("price", True),
        ("starting price", True),
        ("after-hours fee", True),
        ("monthly payment", True),
        ("price per tooth", True),
        ("cost of a visit", True),
        ("countries for contractor payments", False),
        ("visits per year", False),
        ("repair discount", False),
    ],
)
def test_money_attributes_are_named_by_their_head_word(attribute: str, money: bool) -> None:
    assert is_money_attribute(attribute) is money


def test_a_spoken_pair_agrees_with_either_reading() -> None:
    said = parse_value("fourteen ninety-nine", money_context=True)

    assert said.numbers == (1499.0,) and said.alt_numbers == (14.99,)
    assert values_agree(parse_value("14.99 USD"), said) is True
    assert values_agree(parse_value("1499 USD"), said) is True
    assert values_agree(parse_value("1299 USD"), said) is False


def test_a_counted_noun_must_match_the_other_noun() -> None:
    visits = parse_value("2 visits")

    assert values_agree(visits, parse_value("two visits")) is True
    assert values_agree(visits, parse_value("3 visits")) is False
    assert values_agree(visits, parse_value("3 cleanings")) is None


def test_a_bare_spoken_number_can_be_checked_against_a_price() -> None:
    kb = parse_value("3400 USD")

    assert values_agree(kb, parse_value("thirty-four hundred")) is True
    assert values_agree(kb, parse_value("forty-four hundred")) is False
    assert values_agree(parse_value("2"), parse_value("$2")) is None


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("3 years", "3 years"),
        ("1 day", "1 day"),
        ("two-year", "2 years"),
        ("1499 USD", "$1,499"),
        ("$1,499", "$1,499"),
        ("49.99 USD per month", "$49.99 per month"),
        ("20 euros", "\u20ac20"),
        ("300 CHF", "300 CHF"),
        ("15 percent", "15%"),
        ("12 or 24 months", "12 or 24 months"),
        ("12, 24 or 36 months", "12, 24 or 36 months"),
        ("3 to 4 hours", "3 to 4 hours"),
        ("a year and a half", "1.5 years"),
        ("6.4 kW", "6.4 kW"),
        ("35 miles", "35 miles"),
        ("2", "2"),
        ("2 visits", "2 visits"),
        ("waived", "waived"),
    ],
)
def test_format_value_prints_what_a_rep_would_say(text: str, shown: str) -> None:
    assert format_value(parse_value(text)) == shown


def test_format_value_prints_times_of_day() -> None:
    value = FactValue(
        kind="list",
        numbers=(420.0, 1170.0),
        dimension="time_of_day",
        unit="minute",
        currency=None,
        per=None,
        text="7am to 7:30pm",
        normalized_text="7am to 7:30pm",
        is_range=True,
    )

    assert format_value(value) == "7am to 7:30pm"
