"""`{{ chunks|diff_html }}`: a word diff (carre.diff) shown with <ins> and <del>."""

from django import template

from carre.diff import diff_html

register = template.Library()
register.filter("diff_html", diff_html, is_safe=True)
