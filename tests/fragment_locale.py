"""Tests of strings whose Swedish is still in a translation fragment.

The lead merges locale/fragments/*.po into locale/sv; until then a test module
can add one fragment's catalogue after the main one (which wins wherever both
have a string):

    _swedish = use_fragment("h10-checkin.po")
"""

import functools
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings


@functools.cache
def _compiled(filename, folder):
    locale = Path(folder) / Path(filename).stem
    (locale / "sv" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    fragment = Path(django_settings.BASE_DIR) / "locale" / "fragments" / filename
    polib.pofile(str(fragment)).save_as_mofile(str(locale / "sv" / "LC_MESSAGES" / "django.mo"))
    return locale


def use_fragment(filename):
    @pytest.fixture(autouse=True)
    def _fragment_translations(settings, tmp_path_factory):
        folder = tmp_path_factory.getbasetemp() / "fragments"
        settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, _compiled(filename, str(folder))]

    return _fragment_translations
