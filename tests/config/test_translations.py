"""The Swedish catalogue is complete and its compiled form matches it."""

from pathlib import Path

import polib
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_translations_swedish_catalogue_has_no_missing_or_fuzzy_entries():
    po = polib.pofile(str(CATALOGUE))
    missing = [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]
    assert missing == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


def test_translations_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE))
    mo = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo
    }
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in po
        if e.translated() and not e.obsolete
    }
    assert compiled == source
