from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def visitor_language(request):
    """The language the visitor chose with the switcher (its cookie), else Swedish."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the visitor picked another language with the switcher.

    Django's own middleware would follow the browser's Accept-Language; our
    users expect Swedish pages even on an English-language browser.
    """

    def process_request(self, request):
        translation.activate(visitor_language(request))
        request.LANGUAGE_CODE = translation.get_language()


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database (PostgreSQL restarting, a failover)
    answers 503 with the page that says to try again in a moment, instead of a
    server error (config.pages.database_unavailable). Last in MIDDLEWARE, so
    that its ``process_exception`` is asked first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from config.pages import database_unavailable, is_database_unavailable

        if is_database_unavailable(exception):
            return database_unavailable(request, exception)
        return None
