from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from backoffice import accounts
from config.language import switch_language
from config.pages import accessibility_statement

handler500 = "config.pages.server_error"

urlpatterns = [
    path(
        "admin/glomt-losenord/", accounts.PasswordResetView.as_view(), name="admin_password_reset"
    ),
    path(
        "admin/glomt-losenord/skickat/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/nytt-losenord/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/nytt-losenord/klart/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
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
