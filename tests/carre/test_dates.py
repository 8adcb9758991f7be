"""Dates written one way per language (carre.dates), as the templates show them."""

import datetime

from django.template import Context, Template
from django.utils import timezone, translation

from carre.dates import iso_datetime, long_date, long_datetime

FIRST_OF_FEBRUARY = datetime.date(2020, 2, 1)


def test_long_date_writes_the_first_of_the_month_as_an_ordinal_in_french():
    with translation.override("fr"):
        assert long_date(FIRST_OF_FEBRUARY) == "1er février 2020"
        assert long_date(datetime.date(2020, 2, 16)) == "16 février 2020"


def test_long_date_uses_day_month_year_in_english():
    with translation.override("en"):
        assert long_date(FIRST_OF_FEBRUARY) == "1 February 2020"
        assert long_date(datetime.date(2026, 12, 2)) == "2 December 2026"


def test_long_date_follows_the_precision_of_the_fact():
    with translation.override("fr"):
        assert long_date(FIRST_OF_FEBRUARY, "month") == "février 2020"
        assert long_date(FIRST_OF_FEBRUARY, "year") == "2020"


def test_long_datetime_is_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Paris"
    moment = datetime.datetime(2023, 1, 31, 23, 30, tzinfo=datetime.UTC)
    with translation.override("fr"):
        assert long_datetime(moment) == "1er février 2023 à 00:30"
    with translation.override("en"):
        assert long_datetime(moment) == "1 February 2023 at 00:30"


def test_iso_datetime_drops_microseconds():
    moment = timezone.now().replace(microsecond=123456)
    assert "." not in iso_datetime(moment)


def test_long_date_filter_in_a_template():
    template = Template("{% load carre_dates %}{{ day|long_date }}")
    with translation.override("fr"):
        assert (
            template.render(Context({"day": FIRST_OF_FEBRUARY})) == "1er février 2020"
        )
