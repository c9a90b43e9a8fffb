"""Fill the Swedish catalogue from locale/fragments/*.po after makemessages.

`make messages` runs this. Entries that makemessages marked fuzzy (a guess from a
similar string) are cleared rather than trusted; a translation from a fragment
replaces an empty or fuzzy one. Existing translations are kept.
"""

import sys
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "sv" / "LC_MESSAGES" / "django.po"
HEADER = {
    "Project-Id-Version": "anmalan",
    "Language": "sv",
    "Language-Team": "Swedish",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def load_fragments(folder):
    known = {}
    for path in sorted(folder.glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.translated() and not entry.obsolete:
                known.setdefault(_key(entry), entry)
    return known


def merge(catalogue=CATALOGUE, fragments=HERE / "fragments"):
    po = polib.pofile(str(catalogue), wrapwidth=0)
    po.header = "Swedish catalogue of Anmälan. Update with `make messages`."
    po.metadata = {key: po.metadata.get(key, value) for key, value in HEADER.items()} | HEADER
    known = load_fragments(fragments)
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        if entry.translated():
            continue
        source = known.get(_key(entry))
        if source is not None:
            entry.msgstr = source.msgstr
            entry.msgstr_plural = dict(source.msgstr_plural)
    po.save(str(catalogue))
    return [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]


if __name__ == "__main__":
    missing = merge()
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(missing)} untranslated entries in {CATALOGUE.relative_to(HERE.parent)}")
    sys.exit(0)
