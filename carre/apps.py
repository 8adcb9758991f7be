from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CarreConfig(AppConfig):
    default = True
    name = "carre"
    verbose_name = "Carré"

    def ready(self):
        from carre import checks  # noqa: F401 - registers the deploy checks


class CarreAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "carre.admin.CarreAdminSite"
