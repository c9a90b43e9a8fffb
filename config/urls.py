from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from config.language import switch_language
from config.pages import accessibility_statement

handler500 = "config.pages.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sprak/<str:code>/", switch_language, name="switch_language"),
    path("tillganglighet/", accessibility_statement, name="accessibility"),
    path("", include("backoffice.urls")),
    path("", include("followup.urls")),
    path("", include("registrations.urls")),
    path("", include("events.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
