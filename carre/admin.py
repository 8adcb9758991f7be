from django.contrib import admin
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
