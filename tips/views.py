"""The tip form (anyone) and the moderators' inbox of tips."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from carre.media import file_response
from tips import limits, questions, services
from tips.forms import TipDismissForm, TipForm, TipSourceForm, TipThreadForm
from tips.models import Tip, TipFile
from tips.permissions import check_can_handle_tips

TIPS_PER_PAGE = 30


@never_cache
@require_http_methods(["GET", "POST"])
def tip_new(request):
    """ "Transmettre une information": text, links and files, no account."""
    if request.method != "POST":
        form = TipForm()
        form.ask(questions.pick_question())
        return TemplateResponse(request, "tips/tip_form.html", {"form": form})
    form = TipForm(request.POST, request.FILES)
    status, refusal = 400, None
    if form.is_valid():
        refusal = limits.take_a_tip(request)
        if refusal is not None:
            form.add_error(None, refusal.message)
            status = refusal.status
        else:
            try:
                services.submit_tip(
                    text=form.cleaned_data["text"],
                    links=form.cleaned_data["links"],
                    files=form.cleaned_data["files"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("tip-sent")
    # A new question each time: a wrong answer is not tried again and again.
    form.ask(questions.pick_question())
    response = TemplateResponse(
        request, "tips/tip_form.html", {"form": form}, status=status
    )
    if status in (429, 503):
        response["Retry-After"] = str(refusal.retry_after)
    return response


@require_safe
def tip_sent(request):
    return TemplateResponse(request, "tips/tip_sent.html")


@login_required
@require_safe
def tip_inbox(request):
    check_can_handle_tips(request.user)
    show_all = request.GET.get("status") == "all"
    tips = Tip.objects.select_related("decided_by", "thread", "source")
    if not show_all:
        tips = tips.filter(status=Tip.Status.NEW)
    page = Paginator(tips, TIPS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "tips/tip_inbox.html", {"page": page, "show_all": show_all}
    )


def _detail(request, tip, *, status=200, **forms):
    first_line = Truncator(tip.text.strip().splitlines()[0]).chars(120)
    links = "\n".join(f"- <{link}>" for link in tip.link_list)
    body = tip.text + (f"\n\n{links}" if links else "")
    context = {
        "tip": tip,
        "files": list(tip.files.all()),
        "provenance": services.provenance(tip),
        "thread_form": forms.get("thread_form")
        or TipThreadForm(initial={"title": first_line, "body": body}),
        "source_form": forms.get("source_form")
        or TipSourceForm(
            tip=tip,
            initial={
                "title": first_line,
                "url": (tip.link_list or [""])[0],
                "description": tip.text,
            },
        ),
        "dismiss_form": forms.get("dismiss_form") or TipDismissForm(),
    }
    return TemplateResponse(request, "tips/tip_detail.html", context, status=status)


def _tip_for(request, pk) -> Tip:
    check_can_handle_tips(request.user)
    return get_object_or_404(Tip, pk=pk)


@login_required
@require_safe
def tip_detail(request, pk):
    return _detail(request, _tip_for(request, pk))


@login_required
@require_POST
def tip_thread(request, pk):
    tip = _tip_for(request, pk)
    form = TipThreadForm(request.POST)
    if form.is_valid():
        try:
            thread = services.tip_to_thread(tip, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The tip is now a forum thread."))
            return redirect(thread)
    return _detail(request, tip, status=400, thread_form=form)


@login_required
@require_POST
def tip_source(request, pk):
    tip = _tip_for(request, pk)
    form = TipSourceForm(request.POST, tip=tip)
    if form.is_valid():
        try:
            source = services.tip_to_source(tip, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The tip is now a source."))
            return redirect(source)
    return _detail(request, tip, status=400, source_form=form)


@login_required
@require_POST
def tip_dismiss(request, pk):
    tip = _tip_for(request, pk)
    form = TipDismissForm(request.POST)
    if form.is_valid():
        try:
            services.dismiss_tip(tip, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The tip was dismissed."))
            return redirect("tip-inbox")
    return _detail(request, tip, status=400, dismiss_form=form)


@login_required
@require_safe
def tip_file(request, name):
    """A file sent with a tip, for moderators only."""
    check_can_handle_tips(request.user)
    stored = get_object_or_404(
        TipFile.objects.only("file", "content_type"),
        file=TipFile.file.field.upload_to + name,
    )
    return file_response(stored.file.name, content_type=stored.content_type)
