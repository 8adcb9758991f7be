"""`{{ value|long_date }}`, `{{ value|long_datetime }}`, `{{ value|iso_datetime }}`:
dates written one way per language (carre.dates)."""

from django import template

from carre import dates

register = template.Library()
register.filter("long_date", dates.long_date)
register.filter("long_datetime", dates.long_datetime)
register.filter("iso_datetime", dates.iso_datetime)
