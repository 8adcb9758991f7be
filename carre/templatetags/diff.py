"""`{{ chunks|diff_html }}`: a word diff (carre.diff) shown with <ins> and <del>;
`{{ chunks|diff_side:"old" }}`: one side of it, its own words marked."""

from django import template

from carre.diff import diff_html, side_html

register = template.Library()
register.filter("diff_html", diff_html, is_safe=True)
register.filter("diff_side", side_html, is_safe=True)
