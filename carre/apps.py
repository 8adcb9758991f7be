from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CarreConfig(AppConfig):
    default = True
    name = "carre"
    verbose_name = "Carré"


class CarreAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "carre.admin.CarreAdminSite"
