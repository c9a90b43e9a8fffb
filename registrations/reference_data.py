"""Sweden's municipalities and regions: suggestions for the organisation field and
the code stored with a registration (statistics by municipality and region).

The data files in ``registrations/data/`` are public facts (SCB codes): 290
municipalities with a four-digit code and 21 regions with the two-digit code of
their county.
"""

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Municipalities whose official name says "stad" rather than "kommun".
_CITIES = {
    "Borås",
    "Göteborg",
    "Haparanda",
    "Helsingborg",
    "Landskrona",
    "Lidingö",
    "Malmö",
    "Mölndal",
    "Solna",
    "Stockholm",
    "Sundbyberg",
    "Trollhättan",
    "Vaxholm",
    "Västerås",
}
# Genitive forms that do not follow the rule in _genitive().
_IRREGULAR_GENITIVE = {"Falun": "Falu"}
# Municipalities that are also a region and go by the region's name.
_SAME_AS_REGION = {"Gotland"}


@dataclass(frozen=True)
class Organisation:
    code: str  # four digits for a municipality, two for a region (its county code)
    name: str  # the name as people write it, e.g. "Kinda kommun", "Region Östergötland"
    kind: str  # "municipality" or "region"


def _genitive(name):
    """'Linköping' -> 'Linköpings', 'Kinda' -> 'Kinda', 'Borås' -> 'Borås'."""
    if name in _IRREGULAR_GENITIVE:
        return _IRREGULAR_GENITIVE[name]
    if name[-1].lower() in "aeiouyåäösxz":
        return name
    return f"{name}s"


def _key(text):
    """Compare names case-, space- and dash-insensitively, in NFC."""
    text = unicodedata.normalize("NFC", text).casefold().replace("-", " ")
    return " ".join(text.split())


def _read(filename):
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def municipalities():
    """The 290 municipalities as Organisation, in code order."""
    result = []
    for row in _read("municipalities.csv"):
        name = row["name"]
        suffix = "stad" if name in _CITIES else "kommun"
        result.append(Organisation(row["code"], f"{_genitive(name)} {suffix}", "municipality"))
    return tuple(result)


@functools.cache
def regions():
    """The 21 regions as Organisation, in county-code order."""
    return tuple(
        Organisation(row["county_code"], row["region"], "region") for row in _read("regions.csv")
    )


@functools.cache
def suggestions():
    """Names for the organisation field's <datalist>, alphabetical (Swedish order)."""
    names = [m.name for m in municipalities() if not _is_same_as_region(m)]
    names += [r.name for r in regions()]
    return tuple(sorted(names, key=_swedish_sort_key))


def _is_same_as_region(municipality):
    return any(municipality.name.startswith(name) for name in _SAME_AS_REGION)


_SWEDISH_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"


def _swedish_sort_key(text):
    return [
        _SWEDISH_ALPHABET.index(char) if char in _SWEDISH_ALPHABET else ord(char)
        for char in text.casefold()
    ]


@functools.cache
def _lookup():
    """Every accepted spelling (as a _key) -> Organisation."""
    table = {}
    for row, organisation in zip(_read("municipalities.csv"), municipalities(), strict=True):
        name = row["name"]
        genitive = _genitive(name)
        for spelling in (
            name,
            f"{name} kommun",
            f"{genitive} kommun",
            f"{name} stad",
            f"{genitive} stad",
            organisation.name,
        ):
            table[_key(spelling)] = organisation
    for region in regions():
        table[_key(region.name)] = region
        # "Region Jönköpings län" is also written "Region Jönköping".
        table[_key(region.name.removesuffix(" län").removesuffix("s"))] = region
    return table


@functools.cache
def _phrase_pattern():
    """Matches a municipality or region name inside a longer text such as
    'Socialförvaltningen, Linköpings kommun'. Only the forms with 'kommun',
    'stad' or 'Region', so a bare word like 'Mark' or 'Berg' does not match."""
    phrases = [
        spelling
        for spelling, organisation in _lookup().items()
        if organisation.kind == "region" or spelling.endswith((" kommun", " stad"))
    ]
    phrases.sort(key=len, reverse=True)  # prefer 'upplands väsby kommun' over shorter ones
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


def find_organisation(text):
    """The municipality or region an organisation name refers to, or None.

    'Kinda kommun', 'Kinda' and 'kinda' give Kinda (0513); 'Region Östergötland'
    gives the region (05); 'Socialtjänsten, Linköpings kommun' gives Linköping.
    """
    key = _key(text or "")
    if not key:
        return None
    if key in _lookup():
        return _lookup()[key]
    match = _phrase_pattern().search(key)
    return _lookup()[match.group(1)] if match else None


def municipality_code(text):
    """The code to store with a registration for this organisation, or ''."""
    organisation = find_organisation(text)
    return organisation.code if organisation else ""
