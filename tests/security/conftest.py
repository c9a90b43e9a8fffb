from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings

FRAGMENT = Path(django_settings.BASE_DIR) / "locale" / "fragments" / "h7-security.po"


@pytest.fixture(scope="session")
def _security_catalogue(tmp_path_factory):
    locale = tmp_path_factory.mktemp("h7-locale")
    (locale / "sv" / "LC_MESSAGES").mkdir(parents=True)
    polib.pofile(str(FRAGMENT)).save_as_mofile(str(locale / "sv" / "LC_MESSAGES" / "django.mo"))
    return locale


@pytest.fixture(autouse=True)
def _security_translations(settings, _security_catalogue):
    """The Swedish of these pages from this part's fragment of the catalogue,
    until the lead merges it into locale/sv (the main catalogue wins)."""
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, _security_catalogue]


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    user = UserFactory(username="organisator", is_superuser=True)
    user.save()  # the factory sets the password without saving it
    return user
