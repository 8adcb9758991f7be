"""A form is written once, however many times it is sent.

A form carries a token made when it is rendered (`SubmissionField`: a UUID in
a hidden input; a form given back with errors keeps its token). The service
that writes claims the token first thing in its transaction, as a row unique
per account and token (`FormSubmission`). A second request with the same
token waits on that row until the first transaction ends, then finds the
token taken (its INSERT … ON CONFLICT DO NOTHING writes nothing) and is
answered with what the first one made: `AlreadySubmitted`, which the view
turns into the first answer's redirect. If the first request failed, its
claim was rolled back with it and the second one goes ahead. A form sent
without a token is written as before. Tokens are pruned after a few days by
a periodic job (carre.periodic).
"""

import datetime
import uuid

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carre.models import FormSubmission

# A double click or a resent request comes within seconds; a form kept open
# for longer than this may be written again.
KEEP = datetime.timedelta(days=7)


class AlreadySubmitted(Exception):
    """This form was written before; `result` is what that submission made."""

    def __init__(self, result):
        super().__init__(result)
        self.result = result


class SubmissionField(forms.UUIDField):
    """The hidden token of a form, a new one each time the form is rendered."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None  # a mangled token: the form is written without the guard

    def bound_data(self, data, initial):
        # A form given back without a valid token (an old page) gets one now.
        return data if self.to_python(data) is not None else initial


def claim_submission(token: uuid.UUID | None, *, user) -> FormSubmission | None:
    """Claim a form's token for this write, inside its transaction.

    Raises AlreadySubmitted with what the first submission made. Returns the
    claim (for record_submission), or None when the form had no token.
    """
    if token is None:
        return None
    claim = _insert_claim(user, token)
    if claim is not None:
        return claim
    _answer_with_earlier(token, user=user)


def claim_made(token: uuid.UUID | None, *, user, result) -> None:
    """Claim a form's token together with what the write made, in one
    statement, at the end of the write (instead of claim_submission first and
    record_submission last).

    Only for a write that a repeated request cannot overtake: one that first
    takes a lock the repeat takes too (a reply locks its thread), so the
    repeat finds the first claim committed. A repeat raises AlreadySubmitted
    here, which rolls back what it wrote; if it failed earlier (over the rate
    limit: the first one took the last place), `raise_if_claimed` answers it
    the same way.
    """
    if token is None:
        return
    if _insert_claim(user, token, result=result) is None:
        _answer_with_earlier(token, user=user)


def raise_if_claimed(token: uuid.UUID | None, *, user) -> None:
    """AlreadySubmitted if this token was claimed (see claim_made)."""
    if token is not None:
        _answer_with_earlier(token, user=user, missing_ok=True)


def _answer_with_earlier(token: uuid.UUID, *, user, missing_ok: bool = False):
    """Raise AlreadySubmitted with what the claimed submission made (one
    read of the claim; `missing_ok`: return if there is none)."""
    earlier = (
        FormSubmission.objects.select_related("content_type")
        .filter(user=user, token=token)
        .first()
    )
    if earlier is None and missing_ok:
        return
    result = None
    if earlier is not None and earlier.content_type is not None:
        model = earlier.content_type.model_class()
        result = model._default_manager.filter(pk=earlier.object_id).first()
    if result is None:
        # What it made is gone (or never said): better a word than a copy.
        raise ValidationError(_("This form was already sent."), code="already_sent")
    raise AlreadySubmitted(result)


def _insert_claim(user, token: uuid.UUID, result=None) -> FormSubmission | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: the new claim (noting
    `result` if given), or None when the token was claimed before. One
    statement, no savepoint (the ORM's bulk_create(ignore_conflicts=True)
    does not say which rows it wrote)."""
    meta = FormSubmission._meta
    now = timezone.now()
    quote = connection.ops.quote_name
    user_column = quote(meta.get_field("user").column)
    token_column = quote(meta.get_field("token").column)
    columns = [user_column, token_column, quote(meta.get_field("created_at").column)]
    values = [user.pk, token, now]
    if result is not None:
        columns += [
            quote(meta.get_field("content_type").column),
            quote(meta.get_field("object_id").column),
        ]
        values += [ContentType.objects.get_for_model(result).pk, result.pk]
    # Identifiers from the model, quoted; the values go as parameters.
    table = quote(meta.db_table)
    placeholders = ", ".join(["%s"] * len(values))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({placeholders}) "
        f"ON CONFLICT ({user_column}, {token_column}) DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return None
    return FormSubmission(pk=row[0], user=user, token=token, created_at=now)


def record_submission(claim: FormSubmission | None, result) -> None:
    """Note what the claimed submission made, for the requests that repeat it."""
    if claim is None:
        return
    FormSubmission.objects.filter(pk=claim.pk).update(
        content_type=ContentType.objects.get_for_model(result), object_id=result.pk
    )


def prune_submissions() -> int:
    """Forget the tokens of forms sent more than KEEP ago; how many."""
    deleted, _by_model = FormSubmission.objects.filter(
        created_at__lt=timezone.now() - KEEP
    ).delete()
    return deleted
