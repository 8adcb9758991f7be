import datetime
from decimal import Decimal

from django.utils import translation

from facts.formatting import fact_date, fact_period, figure_value
from facts.forms import parse_citation_lines

D = datetime.date


def test_fact_date_follows_the_precision():
    with translation.override("fr"):
        assert fact_date(D(2020, 2, 16), "day") == "16 février 2020"
        assert fact_date(D(2021, 11, 1), "month") == "novembre 2021"
        assert fact_date(D(2020, 1, 1), "year") == "2020"
        assert fact_date(None) == ""


def test_fact_period():
    with translation.override("fr"):
        assert fact_period(D(2020, 1, 1), "year", D(2021, 1, 1), "year") == (
            "2020 \u2013 2021"
        )
        assert fact_period(D(2020, 1, 1), "year", D(2020, 6, 1), "year") == "2020"
        assert fact_period(D(2023, 1, 30), "day") == "30 janvier 2023"


def test_figure_value_groups_digits_and_drops_zeros():
    with translation.override("fr"):
        assert figure_value(Decimal("210000.0000")).replace("\xa0", " ") == "210 000"
        assert figure_value(Decimal("2.5000")) == "2,5"
        assert figure_value(None) == ""


def test_parse_citation_lines_accepts_pandoc_and_plain_forms():
    text = "[@rapport-an, p. 66-67]\n@conseil, 22:50\n\nstreetpress\n"
    assert parse_citation_lines(text) == [
        ("rapport-an", "p. 66-67"),
        ("conseil", "22:50"),
        ("streetpress", ""),
    ]
