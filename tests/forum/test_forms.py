"""A service's refusal shows on the form, with the status the view answers."""

from django.core.exceptions import PermissionDenied, ValidationError

from carre.ratelimit import RateLimited
from carre.revisions import Conflict, EditConflict
from forum.forms import FlagForm, PostForm


def bound_post_form() -> PostForm:
    form = PostForm({"body": "Mon texte"})
    assert form.is_valid()
    return form


def test_refuse_shows_the_message_under_the_body_and_answers_422():
    form = bound_post_form()
    assert form.refuse(ValidationError("Le message est vide.")) == 422
    assert form.errors["body"] == ["Le message est vide."]
    assert form["body"].value() == "Mon texte"


def test_refuse_a_rate_limit_answers_429():
    assert bound_post_form().refuse(RateLimited("Trop de messages.")) == 429


def test_refuse_an_edit_conflict_answers_409():
    conflict = Conflict(theirs={}, mine={}, merged={}, current_number=2)
    assert bound_post_form().refuse(EditConflict(conflict)) == 409


def test_refuse_a_permission_shows_above_the_form_and_answers_403():
    form = bound_post_form()
    assert form.refuse(PermissionDenied("Ce fil est verrouillé.")) == 403
    assert form.non_field_errors() == ["Ce fil est verrouillé."]


def test_refuse_uses_the_form_field_the_service_judged():
    form = FlagForm({"reason": "Hors sujet"})
    assert form.is_valid()
    form.refuse(ValidationError("Vous avez déjà signalé ce message."))
    assert form.errors["reason"] == ["Vous avez déjà signalé ce message."]
