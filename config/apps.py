from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """The admin with our site (backoffice.site.AdminSite) as ``admin.site``."""

    default_site = "backoffice.site.AdminSite"
