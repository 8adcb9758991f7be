"""Values read from a request's query string or form: parsed here, refused alike.

Every number a view reads from GET or POST goes through `int_param`, so that
"²", "٣", "1e3" or a 30-digit id answer 400 with a message instead of a
ValueError or a PostgreSQL "out of range" error (500). Characters that can
never be stored (NUL, invalid UTF-8) are refused earlier, by
`carre.middleware.InvalidCharactersMiddleware`, with the same error type.
The API's pages are bounded by `ApiPagination`.
"""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# PostgreSQL's integer and bigint: a value outside them fails in the database.
INT_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
API_PAGE_SIZE = 100
API_MAX_PAGE_SIZE = 100


class BadInput(BadRequest):
    """A request parameter that cannot be used: answers 400 with `message`.

    Django turns it into the 400 page (`carre.views.bad_request`), which shows
    the message in the site's layout.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def int_param(
    params,
    name: str,
    *,
    default: int | None = None,
    min_value: int = 0,
    max_value: int = BIGINT_MAX,
    label: str = "",
) -> int | None:
    """The whole number `params[name]` (a QueryDict: request.GET or request.POST).

    Missing or blank gives `default`; messages name the value `label` (what
    the form calls it) or else `name`. Only ASCII digits (and a leading "-"
    when `min_value` is negative) are accepted: `str.isdigit()` is true for
    "²" or "٣", which `int()` then refuses or reads as another number.
    """
    raw = params.get(name)
    if raw is None or not raw.strip():
        return default
    text = raw.strip()
    digits = text.removeprefix("-") if min_value < 0 else text
    if not (digits.isascii() and digits.isdigit()):
        raise BadInput(
            _("“%(name)s” must be a whole number.") % {"name": label or name}
        )
    # Longer is out of range anyway (and int() refuses 4,300 digits and more).
    if len(digits) > 20 or not min_value <= int(text) <= max_value:
        raise BadInput(
            _("“%(name)s” must be between %(min)s and %(max)s.")
            % {"name": label or name, "min": min_value, "max": max_value}
        )
    return int(text)


def choice_param(params, name: str, choices, *, label: str = "") -> str:
    """`params[name]` if it is one of `choices` (compared as typed, after
    trimming spaces); "" when missing or blank; BadInput otherwise, naming
    the value `label` or else `name`."""
    raw = params.get(name)
    if raw is None or not raw.strip():
        return ""
    value = raw.strip()
    if value not in choices:
        raise BadInput(
            _("“%(name)s” is not one of the values offered.") % {"name": label or name}
        )
    return value


class ApiPagination(LimitOffsetPagination):
    """The API's limit/offset pagination, bounded: a huge `limit` or `offset`
    answers 422 with the allowed range instead of a bigint error (500)."""

    class Input(Schema):
        limit: int = Field(API_PAGE_SIZE, ge=1, le=API_MAX_PAGE_SIZE)
        offset: int = Field(0, ge=0, le=INT_MAX)

    def __init__(self, **kwargs):
        super().__init__(max_limit=API_MAX_PAGE_SIZE, **kwargs)
