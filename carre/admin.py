from functools import wraps

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import TO_FIELD_VAR
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_moderator


class CarreAdminSite(admin.AdminSite):
    """The admin, opened to moderators as well as staff.

    Moderators are not staff: they see only the models their group has
    permissions on (see accounts.roles), and nothing of site configuration.
    """

    site_header = _("Carré administration")
    site_title = _("Carré administration")
    index_title = _("Moderation and administration")

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_staff or is_moderator(user))

    def admin_view(self, view, cacheable=False):
        """Every admin view, refusing an empty `_to_field` with a 400: Django
        checks only a non-empty one, then looks up a field named "" (500)."""
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def checked(request, *args, **kwargs):
            for params in (request.GET, request.POST):
                if TO_FIELD_VAR in params and not params[TO_FIELD_VAR]:
                    raise DisallowedModelAdminToField("Empty _to_field.")
            return inner(request, *args, **kwargs)

        return checked


class ReadOnlyAdmin(admin.ModelAdmin):
    """A model whose rows only services write (logs, revisions, held edits):
    the admin lists and shows them, and changes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
