from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """The admin with our site (config.admin.AdminSite) as ``admin.site``."""

    default_site = "config.admin.AdminSite"
